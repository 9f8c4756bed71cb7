"""The Excel format shared by the baseline and the monthly returns: sheets, columns, and how cells are read."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from nq57.periods import fold

# Kinds of cell value a column accepts.
TEXT, CODE, INT, NUMBER, DATE, BOOL, CODES = "text", "code", "int", "number", "date", "bool", "codes"

EXPECTED = {
    TEXT: "chữ",
    CODE: "mã",
    INT: "số nguyên",
    NUMBER: "số (ví dụ 45,5 hoặc 1.234)",
    DATE: "ngày dạng ngày/tháng/năm (ví dụ 30/6/2026)",
    BOOL: "Có hoặc Không",
    CODES: "các mã cách nhau bởi dấu chấm phẩy",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    # Vietnamese labels a person may type or pick instead of a code: {label: code}.
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = field(default=())  # duplicates refused by the reader

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


MEASURES = ("percent", "count", "ratio", "rank", "index", "yesno")
MOBILE = ("none", "patchy", "3g", "4g", "5g")
MOBILE_LABELS = {
    "none": "Không có sóng",
    "patchy": "Sóng chập chờn",
    "3g": "3G",
    "4g": "4G",
    "5g": "5G",
}
TASK_STATUSES = ("not_started", "in_progress", "done")
TASK_STATUS_LABELS = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đang thực hiện",
    "done": "Đã hoàn thành",
}

INFO = Sheet(
    "info",
    "Thông tin",
    (
        Column("field", "Mục", TEXT, True),
        Column("value", "Giá trị", TEXT),
    ),
)

DOCUMENTS = Sheet(
    "documents",
    "Văn bản",
    (
        Column("code", "Số hiệu", CODE, True),
        Column("title", "Trích yếu", TEXT, True),
        Column("issued_on", "Ngày ban hành", DATE, True),
        Column("issuer", "Cơ quan ban hành", TEXT),
        Column("seed_file", "Tệp nguồn", TEXT),
    ),
    unique=("code",),
)

UNITS = Sheet(
    "units",
    "Đơn vị",
    (
        Column("code", "Mã đơn vị", CODE, True),
        Column("name", "Tên đơn vị", TEXT, True),
        Column("kind", "Loại", CODE, True, ("province", "commune", "ward", "agency", "enterprise", "group", "central")),
        Column("parent_code", "Mã đơn vị cấp trên", CODE),
        Column("lat", "Vĩ độ", NUMBER),
        Column("lon", "Kinh độ", NUMBER),
        Column("area_km2", "Diện tích (km²)", NUMBER),
        Column("member_of", "Thuộc nhóm", CODES),
        Column("note", "Ghi chú", TEXT),
    ),
    unique=("code",),
)

INDICATORS = Sheet(
    "indicators",
    "Danh mục chỉ tiêu",
    (
        Column("code", "Mã chỉ tiêu", CODE, True),
        Column("name", "Tên chỉ tiêu", TEXT, True),
        Column("unit_of_measure", "Đơn vị tính", TEXT, True),
        Column("measure", "Kiểu số liệu", CODE, True, MEASURES),
        Column("direction", "Chiều tốt", CODE, True, ("up", "down")),
        Column("numerator", "Tử số", TEXT),
        Column("denominator", "Mẫu số", TEXT),
        Column("level", "Cấp báo cáo", CODE, True, ("province", "commune", "village")),
        Column("frequency", "Tần suất", TEXT),
        Column("group_code", "Nhóm", CODE, True),
        Column("group_name", "Tên nhóm", TEXT),
        Column("sort_order", "Thứ tự", INT),
        Column("reporter_code", "Đơn vị báo cáo", CODE),
        Column("jump_bound", "Ngưỡng thay đổi giữa hai kỳ", NUMBER),
        Column("note", "Ghi chú", TEXT),
    ),
    unique=("code",),
)

TARGETS = Sheet(
    "targets",
    "Mục tiêu",
    (
        Column("indicator_code", "Mã chỉ tiêu", CODE, True),
        Column("comparator", "So sánh", CODE, True, (">=", "<=", "=")),
        Column("target_value", "Giá trị mục tiêu", NUMBER, True),
        Column("deadline", "Hạn (ngày)", DATE, True),
        Column("deadline_text", "Thời hạn (như văn bản ghi)", TEXT),
        Column("source_doc", "Văn bản", CODE, True),
        Column("source_ref", "Trích dẫn", TEXT),
        Column("wording", "Nguyên văn", TEXT),
        Column("note", "Ghi chú", TEXT),
    ),
    unique=("indicator_code", "deadline", "source_doc", "target_value"),
)

TASKS = Sheet(
    "tasks",
    "Danh mục nhiệm vụ",
    (
        Column("code", "Mã nhiệm vụ", CODE, True),
        Column("plan", "Văn bản giao", CODE, True),
        Column("group_code", "Nhóm", CODE, True),
        Column("group_name", "Tên nhóm", TEXT),
        Column("seq", "STT", INT),
        Column("name", "Tên nhiệm vụ", TEXT, True),
        Column("lead_text", "Cơ quan chủ trì", TEXT, True),
        Column("lead_codes", "Mã cơ quan chủ trì", CODES, True),
        Column("partner_text", "Cơ quan phối hợp", TEXT),
        Column("partner_codes", "Mã cơ quan phối hợp", CODES),
        Column("product", "Kết quả/sản phẩm", TEXT),
        Column("deadline_text", "Thời gian hoàn thành", TEXT),
        Column("deadline", "Hạn (ngày)", DATE),
        Column("source_ref", "Trích dẫn", TEXT),
        Column("note", "Ghi chú", TEXT),
        # A task of a later document that restates one of an earlier plan names it: one piece of work, counted once.
        Column("restates", "Nhắc lại nhiệm vụ", CODE),
    ),
    unique=("code",),
)

# The indicators mapped to the national sets (nq57.national), one row per indicator and set; a sheet replaces them all.
NATIONAL_MAP = Sheet(
    "national_map",
    "Chỉ tiêu quốc gia",
    (
        Column("indicator_code", "Mã chỉ tiêu", CODE, True),
        Column("set_code", "Bộ chỉ tiêu quốc gia", CODE, True),
        Column("national_code", "Mã chỉ tiêu quốc gia", CODE, True),
        Column("national_name", "Tên chỉ tiêu quốc gia", TEXT, True),
        Column("relation", "Quan hệ", CODE, True),
        Column("source", "Căn cứ", TEXT, True),
        Column("note", "Ghi chú", TEXT),
    ),
    unique=("indicator_code", "set_code"),
)

OBSERVATIONS = Sheet(
    "observations",
    "Số liệu",
    (
        Column("indicator_code", "Mã chỉ tiêu", CODE, True),
        Column("unit_code", "Mã đơn vị", CODE, True),
        Column("period", "Kỳ", CODE, True),
        Column("value", "Giá trị", NUMBER),
        Column("numerator", "Tử số", NUMBER),
        Column("denominator", "Mẫu số", NUMBER),
        Column("source_doc", "Văn bản", CODE),
        Column("source_ref", "Trích dẫn", TEXT),
        Column("note", "Ghi chú", TEXT),
    ),
    # No `unique` here: the key (indicator, unit, period) is checked by validation._check_observations once periods
    # are normalised ("2026-5" and "2026-05" are one month), not also by the reader.
)

TASK_UPDATES = Sheet(
    "task_updates",
    "Tiến độ nhiệm vụ",
    (
        Column("task_code", "Mã nhiệm vụ", CODE, True),
        Column(
            "status",
            "Trạng thái",
            CODE,
            True,
            TASK_STATUSES,
            {label: code for code, label in TASK_STATUS_LABELS.items()},
        ),
        Column("completed_on", "Ngày hoàn thành", DATE),
        Column("progress", "Tiến độ (%)", NUMBER),
        Column("note", "Ghi chú", TEXT),
    ),
    unique=("task_code",),
)

VILLAGES = Sheet(
    "villages",
    "Thôn, bản",
    (
        Column("code", "Mã thôn, bản", CODE),
        Column("name", "Tên thôn, bản", TEXT, True),
        Column("name_ocr", "Tên như bản OCR", TEXT),
        Column("name_certain", "Tên chắc chắn", BOOL),
        Column("commune_code", "Mã xã", CODE),
        Column("mobile", "Sóng di động", CODE, True, MOBILE, {label: code for code, label in MOBILE_LABELS.items()}),
        Column("fibre", "Cáp quang", BOOL),
        Column("grid_power", "Điện lưới", BOOL),
        Column("close_by", "Hạn xóa lõm (ngày)", DATE),
        Column("close_by_text", "Hạn như văn bản ghi", TEXT),
        Column("lat", "Vĩ độ", NUMBER),
        Column("lon", "Kinh độ", NUMBER),
        Column("coords_exact", "Tọa độ chính xác", BOOL),
        Column("source_doc", "Văn bản", CODE),
        Column("source_ref", "Trích dẫn", TEXT),
        Column("note", "Ghi chú", TEXT),
    ),
    unique=("code",),
)

# Order matters: a sheet may refer to codes defined by the sheets before it.
SHEETS: tuple[Sheet, ...] = (
    INFO, DOCUMENTS, UNITS, INDICATORS, TARGETS, TASKS, NATIONAL_MAP, OBSERVATIONS, TASK_UPDATES, VILLAGES,
)  # fmt: skip
# Sheets that define the catalogue: only a baseline or an administrator's bulk load may carry them.
REFERENCE_SHEETS = ("documents", "units", "indicators", "targets", "tasks", "national_map")
# Of those, the sheets whose rows the newest active upload decides, never overwritten: their upload can be rolled back.
KEPT_BY_UPLOAD = ("national_map",)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}

INFO_FIELDS = {
    "kind": "Loại tệp",
    "unit_code": "Mã đơn vị báo cáo",
    "period": "Kỳ báo cáo",
    "prepared_by": "Người lập",
    "description": "Mô tả",
}


def sheet_for_title(title: str) -> Sheet | None:
    """Find the sheet spec whose title matches, ignoring case, diacritics and spaces."""
    wanted = fold(title)
    return next((s for s in SHEETS if fold(s.title) == wanted or s.key == wanted), None)


# --- reading cell values -------------------------------------------------------------------------


class CellError(ValueError):
    """A cell whose content is not of the expected kind."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_number(value: object) -> float:
    """Read a number typed the Vietnamese way or as Excel stored it: 45,5 / 45,5% / 1.234 / 1.234,5 / 0.65."""
    if isinstance(value, bool):
        raise CellError
    if isinstance(value, int | float):
        return float(value)
    s = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    if not s:
        raise CellError
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
    elif _THOUSANDS_DOT.match(s):
        s = s.replace(".", "")
    try:
        number = float(s)
    except ValueError as exc:
        raise CellError from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise CellError
    return number


def parse_date(value: object) -> dt.date:
    """Read a date cell: an Excel date, or text d/m/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
    if m:
        d, mo, y = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", s)
        if not m:
            raise CellError
        y, mo, d = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError as exc:
        raise CellError from exc


YES = {"co", "x", "yes", "true", "1", "dung"}
NO = {"khong", "no", "false", "0", "chua", "chua co", "sai"}


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise CellError
    s = fold(str(value))
    if s in YES:
        return True
    if s in NO:
        return False
    raise CellError


def parse_text(value: object) -> str:
    """Text in Unicode NFC (documents and keyboards mix composed and decomposed accents), spaces tidied."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split()) if "\n" not in text else text.strip()


def parse_code(value: object) -> str:
    text = parse_text(value)
    if "\n" in text:
        raise CellError
    return text


def parse_cell(column: Column, value: object):
    """Convert one non-blank cell to its Python value or raise CellError."""
    if column.kind == NUMBER:
        return parse_number(value)
    if column.kind == INT:
        number = parse_number(value)
        if not number.is_integer():
            raise CellError
        return int(number)
    if column.kind == DATE:
        return parse_date(value)
    if column.kind == BOOL:
        return parse_bool(value)
    if column.kind == CODES:
        return ";".join(part.strip() for part in parse_text(value).split(";") if part.strip())
    if column.kind == CODE:
        code = parse_code(value)
        if column.choices:
            folded = {fold(c): c for c in column.choices} | {fold(k): v for k, v in column.labels.items()}
            if fold(code) not in folded:
                raise CellError
            return folded[fold(code)]
        return code
    return parse_text(value)


def expected(column: Column) -> str:
    if column.labels:
        return "một trong: " + ", ".join(column.labels)
    if column.choices:
        return "một trong: " + ", ".join(column.choices)
    return EXPECTED[column.kind]
