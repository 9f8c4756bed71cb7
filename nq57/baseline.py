"""Build the baseline workbook (data/nq57_baseline.xlsx) from the transcriptions in data/baseline/*.csv."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from nq57 import codes, paths, workbook_format, xlsx_style, xlsx_text

INSTRUCTIONS = [
    "Dữ liệu gốc của Bảng theo dõi thực hiện Nghị quyết số 57-NQ/TW tỉnh Lai Châu.",
    "Nguồn: Kế hoạch 351-KH/TU ngày 03/6/2025; Phụ lục 02 Kế hoạch 32-KH/TU ngày 09/01/2026; "
    "Thông báo 01-TB/CQTTBCD ngày 16/4/2026.",
    "Mỗi dòng ghi văn bản nguồn và trích dẫn. Tên thôn, bản khôi phục từ bản OCR có ghi chú mức độ chắc chắn.",
    "Trang “Chỉ tiêu quốc gia” gắn chỉ tiêu của tỉnh với Chương trình hành động của Chính phủ (Nghị quyết 03/NQ-CP), "
    "Chỉ số chuyển đổi số (DTI) và Chỉ số đổi mới sáng tạo (PII) theo tài liệu công khai; mỗi dòng ghi căn cứ và "
    "mức độ chắc chắn. Trang này thay toàn bộ bảng gắn chỉ tiêu quốc gia đang dùng.",
    "Tệp cùng định dạng với báo cáo tháng: mỗi trang một bảng, dòng đầu là tên cột.",
    "Tệp này được tạo bằng lệnh: python -m nq57 baseline (từ các tệp data/baseline/*.csv).",
]


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _typed(sheet: workbook_format.Sheet, raw: dict) -> dict:
    out = {}
    for col in sheet.columns:
        value = raw.get(col.key)
        out[col.key] = None if workbook_format.is_blank(value) else workbook_format.parse_cell(col, value)
    return out


def baseline_rows(src: Path = paths.BASELINE_DIR, geo: Path = paths.GEO_DIR) -> dict[str, list[dict]]:
    """The baseline's rows per sheet key, typed as the importer reads them."""
    tasks_raw = _csv(src / "tasks_32khtu.csv") + _csv(src / "tasks_01tb.csv")
    group_names = {r["group_code"]: r["group_name"] for r in tasks_raw if r["plan"] == "32-KH/TU"}
    units_raw = _csv(src / "units.csv")
    for r in _csv(geo / "lai_chau_communes_2025_centroids.csv"):
        units_raw.append(
            {
                "code": r["code"],
                "name": r["full_name"],
                "kind": r["kind"],
                "parent_code": codes.PROVINCE,
                "lat": r["label_lat"],
                "lon": r["label_lon"],
                "area_km2": r["area_km2"],
                "member_of": "G_DUXA;G_UBNDXA;G_CAPUY",
                "note": "Điểm nhãn bên trong ranh giới xã (thanglequoc/vietnamese-provinces-database, MIT).",
            }
        )
    indicators_raw = _csv(src / "indicators.csv")
    for r in indicators_raw:
        r["group_name"] = group_names.get(r["group_code"], "")
    raw = {
        "info": [
            {"field": workbook_format.INFO_FIELDS["kind"], "value": codes.BASELINE},
            {"field": workbook_format.INFO_FIELDS["unit_code"], "value": codes.PROVINCE},
            {"field": workbook_format.INFO_FIELDS["prepared_by"], "value": "Nhóm phát triển (chép từ văn bản)"},
            {
                "field": workbook_format.INFO_FIELDS["description"],
                "value": "Dữ liệu gốc từ 351-KH/TU, 32-KH/TU, 01-TB/CQTTBCD",
            },
        ],
        "documents": _csv(src / "documents.csv"),
        "units": units_raw,
        "indicators": indicators_raw,
        "targets": _csv(src / "targets.csv"),
        "tasks": tasks_raw,
        "national_map": _csv(src / "national_map.csv"),
        "observations": _csv(src / "observations.csv"),
        "villages": _csv(src / "villages.csv"),
    }
    return {key: [_typed(workbook_format.SHEETS_BY_KEY[key], r) for r in rows] for key, rows in raw.items()}


# Columns of short values (codes, numbers, dates, yes/no): narrow; text columns: wide.
_NARROW_KINDS = (
    workbook_format.CODE,
    workbook_format.INT,
    workbook_format.NUMBER,
    workbook_format.DATE,
    workbook_format.BOOL,
)


def _cell_value(col: workbook_format.Column, value):
    if value is None:
        return None
    if col.kind == workbook_format.BOOL and isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def write_workbook(rows: dict[str, list[dict]], target: Path | io.BytesIO, instructions: list[str]) -> None:
    """Write rows in the shared format: an instructions sheet, then one sheet per table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Hướng dẫn"
    xlsx_style.set_width(ws, 1, 120)
    ws["A1"] = "HƯỚNG DẪN"
    ws["A1"].font = Font(bold=True, size=14)
    for i, line in enumerate(instructions, start=3):
        xlsx_text.put(ws, i, 1, line).alignment = Alignment(wrap_text=True)
    for sheet in workbook_format.SHEETS:
        if sheet.key not in rows:
            continue
        ws = wb.create_sheet(sheet.title)
        xlsx_style.header_row(
            ws,
            1,
            [col.label for col in sheet.columns],
            [14 if col.kind in _NARROW_KINDS else 40 for col in sheet.columns],
            font=xlsx_style.BOLD,
            fill=xlsx_style.RETURN_HEADER_FILL,
            alignment=xlsx_style.WRAP_TOP,
        )
        for i, record in enumerate(rows[sheet.key], start=2):
            for j, col in enumerate(sheet.columns, start=1):
                cell = xlsx_text.put(ws, i, j, _cell_value(col, record.get(col.key)))
                if col.kind == workbook_format.DATE and record.get(col.key) is not None:
                    cell.number_format = xlsx_style.DATE_FORMAT
                elif col.kind in (workbook_format.CODE, workbook_format.CODES):
                    cell.number_format = xlsx_style.TEXT_FORMAT
                if col.kind == workbook_format.TEXT:
                    cell.alignment = xlsx_style.WRAP_TOP
        ws.freeze_panes = "A2"
    wb.properties.creator = "nq57"
    data = xlsx_style.reproducible_bytes(wb)
    if isinstance(target, io.BytesIO):
        target.write(data)
    else:
        Path(target).write_bytes(data)


def build(target: Path = paths.BASELINE_XLSX) -> Path:
    """Write the baseline workbook; returns its path."""
    write_workbook(baseline_rows(), target, INSTRUCTIONS)
    return target
