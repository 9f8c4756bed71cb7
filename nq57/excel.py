"""Read a workbook in the shared format with python-calamine, checking every cell against its column."""

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from nq57 import workbook as wbf
from nq57.periods import fold
from nq57.problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS_PER_SHEET = 100_000


@dataclass
class ParsedWorkbook:
    """Typed rows per sheet key, each row a dict with its Excel row number under '_row'."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _check_container(data: bytes) -> list[Problem]:
    """Refuse files that are not .xlsx zips, or whose parts would unpack beyond a sane size."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return [
            Problem(
                "Tệp là Excel đời cũ (.xls) hoặc đã đặt mật khẩu. "
                "Hãy mở tệp, bỏ mật khẩu nếu có và lưu lại dạng “Excel Workbook (.xlsx)”."
            )
        ]
    if not data.startswith(b"PK"):
        return [Problem("Tệp không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu.")]
    if len(data) > MAX_FILE_BYTES:
        return [Problem(f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB); báo cáo tháng không vượt quá 20 MB.")]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        return [Problem("Tệp Excel bị hỏng hoặc tải lên không trọn vẹn; hãy lưu lại và tải lên lần nữa.")]
    if total > MAX_UNPACKED_BYTES:
        return [Problem("Tệp Excel chứa dữ liệu giải nén quá lớn so với một báo cáo; tệp bị từ chối.")]
    return []


def read_workbook(source: bytes | str | Path) -> ParsedWorkbook:
    """Parse every known sheet of the workbook; unknown sheets (such as instructions) are ignored."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    parsed = ParsedWorkbook()
    parsed.problems = _check_container(data)
    if parsed.problems:
        return parsed
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        parsed.problems.append(Problem("Tệp Excel đang đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại."))
        return parsed
    except Exception as exc:  # calamine raises several error types for damaged files
        parsed.problems.append(Problem(f"Không đọc được tệp Excel (tệp bị hỏng): {type(exc).__name__}."))
        return parsed
    for name in book.sheet_names:
        spec = wbf.sheet_for_title(name)
        if spec is None:
            continue
        if spec.key in parsed.rows:
            parsed.problems.append(Problem("Trang này xuất hiện hai lần trong tệp.", sheet=name))
            continue
        _read_sheet(book, name, spec, parsed)
    _read_info(parsed)
    return parsed


def _read_sheet(book, name: str, spec: wbf.Sheet, parsed: ParsedWorkbook) -> None:
    sheet = book.get_sheet_by_name(name)
    if sheet.total_height > MAX_ROWS_PER_SHEET + 10:
        parsed.problems.append(
            Problem(f"Trang có {sheet.total_height:,} dòng, vượt quá giới hạn {MAX_ROWS_PER_SHEET:,} dòng.", sheet=name)
        )
        return
    start_row = (sheet.start or (0, 0))[0]
    table = sheet.to_python(skip_empty_area=True)
    labels = {fold(c.label): c for c in spec.columns} | {c.key: c for c in spec.columns}
    header_index = None
    for i, row in enumerate(table[:10]):
        if any(isinstance(v, str) and fold(v) in labels for v in row):
            header_index = i
            break
    if header_index is None:
        parsed.problems.append(
            Problem("Không tìm thấy dòng tiêu đề cột (ví dụ “" + spec.columns[0].label + "”).", sheet=name)
        )
        parsed.rows[spec.key] = []
        return
    positions: dict[str, int] = {}
    for j, v in enumerate(table[header_index]):
        if isinstance(v, str) and fold(v) in labels:
            positions.setdefault(labels[fold(v)].key, j)
    missing = [c for c in spec.columns if c.required and c.key not in positions]
    for c in missing:
        parsed.problems.append(Problem(f"Thiếu cột bắt buộc “{c.label}”.", sheet=name, column=c.label))
    if missing:
        parsed.rows[spec.key] = []
        return
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for i in range(header_index + 1, len(table)):
        raw = table[i]
        excel_row = start_row + i + 1
        if all(wbf.is_blank(v) for v in raw):
            continue
        record: dict = {"_row": excel_row}
        ok = True
        for col in spec.columns:
            j = positions.get(col.key)
            value = raw[j] if j is not None and j < len(raw) else None
            if wbf.is_blank(value):
                if col.required:
                    parsed.problems.append(
                        Problem("Ô bắt buộc đang để trống.", sheet=name, row=excel_row, column=col.label)
                    )
                    ok = False
                record[col.key] = None
                continue
            try:
                record[col.key] = wbf.parse_cell(col, value)
            except wbf.CellError:
                parsed.problems.append(
                    Problem(
                        f"giá trị “{value}” không hợp lệ; cần {wbf.expected(col)}.",
                        sheet=name,
                        row=excel_row,
                        column=col.label,
                        value=value,
                    )
                )
                ok = False
        if not ok:
            continue
        if spec.unique:
            key = tuple(record.get(k) for k in spec.unique)
            if key in seen:
                parsed.problems.append(Problem(f"Dòng trùng với dòng {seen[key]}.", sheet=name, row=excel_row))
                continue
            seen[key] = excel_row
        rows.append(record)
    parsed.rows[spec.key] = rows


def _read_info(parsed: ParsedWorkbook) -> None:
    by_label = {fold(label): key for key, label in wbf.INFO_FIELDS.items()}
    for row in parsed.rows.pop("info", []):
        key = by_label.get(fold(row["field"] or ""))
        if key and row.get("value") is not None:
            parsed.info[key] = str(row["value"])
