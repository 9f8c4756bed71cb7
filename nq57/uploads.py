"""The history of loaded files as the returns page lists it, and the loads a user may still roll back."""

import json

import pandas as pd

from nq57 import access, codes, fmt
from nq57.periods import parse_period
from nq57.workbook_format import SHEETS

_PEOPLE = {codes.BASELINE_USER: "Hệ thống (dữ liệu gốc)"}


def history_frame(uploads: pd.DataFrame) -> pd.DataFrame:
    """One row per loaded file (uploads/history): kind, unit, period, who loaded it and when, rows per sheet, whether
    it still counts, and the start of its checksum."""
    sheet_titles = {s.key: s.title for s in SHEETS}
    return pd.DataFrame(
        {
            "Lần nhập": uploads["id"],
            "Tệp": uploads["file_name"],
            "Loại": [codes.KIND_LABELS.get(k, k) for k in uploads["kind"]],
            "Đơn vị": uploads["unit_name"].fillna(""),
            "Kỳ": [parse_period(p).label if isinstance(p, str) else "" for p in uploads["period"]],
            "Người nhập": [_PEOPLE.get(u, u) for u in uploads["uploaded_by"]],
            "Thời gian": [fmt.datetime(t) for t in uploads["uploaded_at"]],
            "Số dòng": [
                "; ".join(f"{sheet_titles.get(k, k)}: {fmt.number(v)}" for k, v in json.loads(c).items())
                for c in uploads["row_counts"]
            ],
            "Trạng thái": [
                "Đang dùng" if s == "active" else f"Đã hoàn tác ({fmt.datetime(t)}, {b})"
                for s, t, b in zip(uploads["status"], uploads["rolled_back_at"], uploads["rolled_back_by"], strict=True)
            ],
            "Mã kiểm tra (SHA-256)": [s[:16] + "…" for s in uploads["sha256"]],
        }
    )


def undoable(uploads: pd.DataFrame, user: access.User) -> dict[int, str]:
    """The loads the user may roll back (still active, not the baseline), newest first, each with its label
    'Lần 12: tệp.xlsx (09:30 1/12/2026)'."""
    mine = pd.Series(
        [
            access.can_rollback(user, u if isinstance(u, str) else None, k)
            for u, k in zip(uploads["unit_code"], uploads["kind"], strict=True)
        ],
        index=uploads.index,
        dtype=bool,
    )
    rows = uploads[(uploads["status"] == "active") & (uploads["kind"] != codes.BASELINE) & mine]
    return {int(r.id): f"Lần {r.id}: {r.file_name} ({fmt.datetime(r.uploaded_at)})" for r in rows.itertuples()}
