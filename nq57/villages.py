"""One village at a time: the list of villages under the map, a village's facts with their sources, its history."""

import datetime as dt

import pandas as pd

from nq57 import codes, coverage, fmt
from nq57.periods import parse_period
from nq57.workbook_format import MOBILE_LABELS


def commune_choices(villages: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """'' (the whole province), then the communes with villages on record, then the others, each by name.

    names: commune code -> name (units/communes)."""
    with_villages = sorted(villages["commune_code"].dropna().unique(), key=lambda c: names.get(c, c))
    return ["", *with_villages, *sorted((c for c in names if c not in with_villages), key=names.get)]


def in_commune(villages: pd.DataFrame, links: pd.DataFrame, commune: str) -> pd.DataFrame:
    """The villages of a commune ('' for every village) with the task that closes each (coverage.link_tasks)."""
    shown = villages if not commune else villages[villages["commune_code"] == commune]
    return shown.merge(links, on="code", how="left")


def village_table(shown: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The list under the map: one row per village, its coverage, deadline, task, operator, last report, source.

    shown: in_commune."""
    return pd.DataFrame(
        {
            "Thôn, bản": [coverage.name_shown(n, c) for n, c in zip(shown["name"], shown["name_certain"], strict=True)],
            "Xã": shown["commune_name"].fillna("chưa rõ"),
            "Sóng di động": [MOBILE_LABELS.get(m, m) for m in shown["mobile"]],
            "Cáp quang": [coverage.yes_no(x, "Có", "Chưa có") for x in shown["fibre"]],
            "Điện lưới": [coverage.yes_no(x, "Có", "Chưa có") for x in shown["grid_power"]],
            "Hạn xóa lõm": shown["close_by_text"].fillna(""),
            "Đã quá hạn": [
                "Có" if coverage.overdue(m, x, today) else "Chưa"
                for m, x in zip(shown["mobile"], shown["close_by"], strict=True)
            ],
            "Nhiệm vụ": [
                f"{c}: {s}" if isinstance(c, str) else "chưa gắn"
                for c, s in zip(shown["task_code"], shown["task_state"], strict=True)
            ],
            "Doanh nghiệp": shown["operator"].fillna("chưa rõ"),
            "Báo cáo gần nhất": [coverage.last_report(r) for r in shown.itertuples(index=False)],
            "Vị trí": [coverage.EXACT if coverage.is_true(e) else coverage.APPROXIMATE for e in shown["coords_exact"]],
            "Nguồn": [
                fmt.source(d, None, r).removeprefix("Nguồn: ")
                for d, r in zip(shown["source_doc"], shown["source_ref"], strict=True)
            ],
        }
    )


def village_labels(shown: pd.DataFrame) -> dict[str, str]:
    """'Nậm Po (Xã Nậm Hàng)' by village code, for choosing one village; 'chưa rõ xã' where the commune is unknown."""
    communes = shown["commune_name"].fillna("chưa rõ xã")
    return {c: f"{n} ({m})" for c, n, m in zip(shown["code"], shown["name"], communes, strict=True)}


def facts(village, link: dict | None = None) -> pd.DataFrame:
    """One village's facts, each with where it came from (document, file, sheet and row). village: a register row."""
    register = (
        f"{coverage.document(village.source_doc, village.source_issued_on, village.source_ref)}; "
        f"{coverage.where(village.register_file, village.register_sheet, village.register_row, village.register_kind)}"
    )
    reported = village.reported_period is not None and not pd.isna(village.reported_period)
    state_source = (
        f"Báo cáo {parse_period(village.reported_period).label.lower()}: "
        f"{coverage.where(village.report_file, village.report_sheet, village.report_row, village.report_kind)}"
        if reported
        else register
    )
    rows = [
        ("Tên", village.name + (" (chưa chắc chắn)" if coverage.is_false(village.name_certain) else ""), register),
        ("Xã, phường", village.commune_name if isinstance(village.commune_name, str) else "chưa rõ", register),
        ("Sóng di động", MOBILE_LABELS.get(village.mobile, village.mobile), state_source),
        ("Cáp quang", coverage.yes_no(village.fibre, "Có", "Chưa có"), state_source),
        ("Điện lưới", coverage.yes_no(village.grid_power, "Có", "Chưa có"), state_source),
        ("Hạn xóa lõm sóng", f"{village.close_by_text} ({fmt.date(village.close_by)})", register),
        (
            "Vị trí trên bản đồ",
            coverage.EXACT if coverage.is_true(village.coords_exact) else coverage.APPROXIMATE,
            "Tọa độ của bản"
            if coverage.is_true(village.coords_exact)
            else "Chưa có nguồn công khai cho tọa độ thôn, bản (data/geo)",
        ),
    ]
    if link and isinstance(link.get("task_code"), str):
        rows.append(
            (
                "Nhiệm vụ liên quan",
                f"{link['task_code']}: {link['task_name']}",
                f"{link['link']}; danh mục nhiệm vụ Thông báo 01-TB/CQTTBCD",
            )
        )
        rows.append(("Doanh nghiệp", link.get("operator") or "chưa rõ", f"Cơ quan phối hợp của {link['task_code']}"))
    if isinstance(village.note, str) and village.note:
        rows.append(("Ghi chú", village.note, register))
    return pd.DataFrame(rows, columns=["Thông tin", "Giá trị", "Nguồn"])


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """A village's register row and every return about it, oldest first. history: villages/history."""
    return pd.DataFrame(
        {
            "Lần ghi": [
                "Sổ gốc" if e == "register" else parse_period(p).label
                for e, p in zip(history["entry"], history["period"], strict=True)
            ],
            "Sóng di động": [MOBILE_LABELS.get(m, m) for m in history["mobile"]],
            "Cáp quang": [coverage.yes_no(x, "Có", "Chưa có") for x in history["fibre"]],
            "Điện lưới": [coverage.yes_no(x, "Có", "Chưa có") for x in history["grid_power"]],
            "Ghi chú": history["note"].fillna(""),
            "Tệp": [
                fmt.SAMPLE_MARK if k == codes.SAMPLE else f
                for f, k in zip(history["file_name"], history["upload_kind"], strict=True)
            ],  # fmt: skip
            "Trang": history["sheet"].fillna(""),
            "Dòng": history["row_number"],
            "Trạng thái": ["Đang dùng" if s == "active" else "Đã hủy (rollback)" for s in history["upload_status"]],
        }
    )
