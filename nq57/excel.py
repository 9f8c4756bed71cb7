"""Read a workbook in the shared format into typed columns, naming every bad cell. Sheets are read with fastexcel
(calamine, straight to Arrow columns; the largest in two halves side by side), and with python-calamine's cells
when fastexcel cannot type a sheet exactly as they would.

Hostile files are refused before they are parsed: a zip whose parts unpack beyond a sane size, or a sheet with
more rows than a return can have, is detected by inflating each part within its declared size (in one call up to
32 MB, streamed beyond) and scanning it, never by handing it to a parser.
"""

import contextlib
import datetime as dt
import gc
import html
import io
import logging
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine
from zlib_ng import zlib_ng

from nq57 import workbook_format, xlsx_text
from nq57.periods import fold
from nq57.problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_PARTS = 2_000
MAX_ROWS_PER_SHEET = 60_000
MAX_COLUMN = "AZ"  # the widest sheet of the format has fewer than 20 columns
_CHUNK = 1 << 20
_WORKERS = 2  # sheets parsed at once
_FIRST = {"observations": 0, "villages": 1, "task_updates": 2}  # the sheets that can be long, parsed first
_TAIL = 64  # bytes kept from one chunk to the next, so a tag cut by the chunk edge is still seen
# The largest known sheet, when its XML is between these sizes, is parsed as two halves side by side (calamine
# parses one sheet on one core): each half is a copy of the workbook, stored uncompressed, with half the sheet's
# rows. Above the upper bound the sheet is parsed whole, to keep the copies' memory small.
_SPLIT_MIN = 1 << 20
_SPLIT_MAX = 32 << 20
# fastexcel warns of each empty column it reads as text: expected here (a template's empty columns), not news.
logging.getLogger("fastexcel").setLevel(logging.ERROR)
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")

# Any part, whatever its name (calamine finds sheets through relationships, not folders), is scanned in one NumPy
# pass over the positions of "r": a row tag in any spelling ("<row\n", "<x:row ") counts a row, and a cell or row
# reference past row 99.999 or past column AZ refuses the file, since calamine would allocate the whole area up to it.
_ROW_TAG = re.compile(rb"[<:]row[\s>/]")  # what _scan counts as a row, for the tests
# A column past AZ, or a row number of six digits (calamine would allocate every cell up to it; between the
# 60.000 rows the tag count allows and 99.999 the area stays bounded: at most 100.000 x 52 cells).
_FAR = rb"(?:[A-Za-z]{3}|[B-Zb-z][A-Za-z]|[A-Za-z]{0,3}+\d{6})"  # possessive: letters never match \d anyway
# Any legal spelling of the attribute (r="A1", r = 'A1'); starting with a literal keeps the scan in C.
_FAR_REFERENCE = re.compile(rb"""r\s*=\s*["']""" + _FAR)


def _far_reference_any_spelling(window: bytes) -> bool:
    """A cell or row reference past row 99.999 or column AZ, as an attribute r (whitespace before it)."""
    return any(m.start() > 0 and window[m.start() - 1 : m.start()].isspace() for m in _FAR_REFERENCE.finditer(window))


def _is_space(c: np.ndarray) -> np.ndarray:
    return (c == 32) | ((c >= 9) & (c <= 13))  # what bytes.isspace() accepts


def _is_letter(c: np.ndarray) -> np.ndarray:
    return ((c | 32) >= 97) & ((c | 32) <= 122)  # A-Z and a-z only


def _is_digit(c: np.ndarray) -> np.ndarray:
    return (c >= 48) & (c <= 57)


def _scan(window: bytes, tail: int = 0) -> tuple[int, bool]:
    """The row tags in the window (the element "row", with or without a prefix) that end past its first `tail`
    bytes (those were counted with the window before), and whether it holds a far reference: the same test as
    _far_reference_any_spelling, for the attribute as spreadsheet programs write it (r="A1", whitespace before it).
    Any other spelling of the attribute in the window (spaces around "=") sends it to the regular expression."""
    n = len(window)
    a = np.frombuffer(window + bytes(16), np.uint8)  # padded: every look ahead below stays inside
    at = np.flatnonzero(a[1:n] == 0x72) + 1  # "r", not the first byte
    before, after, then = a[at - 1], a[at + 1], a[at + 2]
    # A row: "<r" or ":r", "ow", then what ends a tag's name, seen in this window and not already in the last.
    end = a[at + 3]
    row = ((before == 0x3C) | (before == 0x3A)) & (after == 0x6F) & (then == 0x77)
    row &= _is_space(end) | (end == 0x3E) | (end == 0x2F)
    rows = int(np.count_nonzero(row & (at + 3 >= tail) & (at + 3 < n)))
    attribute = _is_space(before)
    after, then, at = after[attribute], then[attribute], at[attribute]
    if (_is_space(after) | ((after == 0x3D) & _is_space(then))).any():
        return rows, _far_reference_any_spelling(window)
    start = at[(after == 0x3D) & ((then == 0x22) | (then == 0x27))] + 3  # the reference's first character
    first, second = _is_letter(a[start]), _is_letter(a[start + 1])
    two = start[first & second]
    if (_is_letter(a[two + 2]) | ((a[two] | 32) >= 98)).any():  # three letters, or two from column BA
        return rows, True
    digits = start + first + (first & second)  # after the letters (at most two here)
    digits = digits[_is_digit(a[digits + 5])]  # only where a sixth character is a digit can six digits be
    six = np.ones(len(digits), dtype=bool)
    for i in range(5):
        six &= _is_digit(a[digits + i])
    return rows, bool(six.any())


def _far_reference(window: bytes) -> bool:
    return _scan(window)[1]


# Columns a return template fills in before the clerk types anything.
TEMPLATE_PREFILLED = {
    "observations": {"indicator_code", "unit_code", "period"},
    "task_updates": {"task_code"},
    "villages": {"commune_code"},
}
_BLANK_REQUIRED = "Ô bắt buộc đang để trống."
_TOO_MANY_ROWS = (
    f"Một trang trong tệp có hơn {MAX_ROWS_PER_SHEET:,} dòng".replace(",", ".")
    + " hoặc rộng hơn cột "
    + MAX_COLUMN
    + ", vượt quá cỡ của một báo cáo; tệp bị từ chối."
)


def _fast_value(col: workbook_format.Column, value, choices: dict[str, str] | None):
    """The typed value when a cell needs no parsing (the common case), else None to parse it in full."""
    kind = type(value)
    if col.kind == workbook_format.NUMBER and (kind is float or kind is int):
        return float(value)
    # Text that parse_text would leave as it is: no space but single ones inside (printable: no tab, newline or
    # no-break space), none around, and already in Unicode NFC.
    if kind is str and value.isprintable() and value == value.strip() and "  " not in value:
        if value.isascii() or unicodedata.is_normalized("NFC", value):
            if col.kind == workbook_format.TEXT:
                return value
            if col.kind == workbook_format.CODE:
                return value if choices is None else choices.get(value)
    if col.kind == workbook_format.DATE and kind is dt.date:
        return value
    return None


@dataclass
class ParsedWorkbook:
    """Typed columns per sheet key (with the Excel row number in '_row'), the info fields, and every problem."""

    sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _refuse(message: str) -> list[Problem]:
    return [Problem(message)]


def _check_container(
    data: bytes, keep: dict[str, bytes] | None = None, before_largest: Callable[[str], None] | None = None
) -> list[Problem]:
    """Refuse what is not an .xlsx zip, and zips that unpack too large or hold a sheet with too many rows.

    The parts are read smallest first. Given a dict, `keep` receives the largest part as inflated here, when of a
    size worth parsing in two halves: the halves are cut from it without inflating it again. `before_largest` is
    called with the largest part's name once every other part has passed, before the largest is read."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if "EncryptedPackage".encode("utf-16-le") in data:
            return _refuse("Tệp Excel đang đặt mật khẩu; hãy mở tệp, bỏ mật khẩu rồi lưu và tải lên lại.")
        return _refuse(
            "Tệp là Excel đời cũ (.xls). Hãy mở tệp và lưu lại dạng “Excel Workbook (.xlsx)”, "
            "hoặc tải mẫu báo cáo mới và điền vào mẫu."
        )
    if not data.startswith(b"PK"):
        return _refuse("Tệp không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu.")
    if len(data) > MAX_FILE_BYTES:
        return _refuse(f"Tệp quá lớn ({len(data) / 1024 / 1024:.0f} MB); báo cáo không vượt quá 20 MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                return _refuse("Tệp Excel chứa dữ liệu giải nén quá lớn so với một báo cáo; tệp bị từ chối.")
            if "xl/workbook.xml" not in zf.namelist():
                return _refuse("Tệp nén không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu.")
            total = 0
            infos = sorted(infos, key=lambda i: i.file_size)
            kept_part = infos[-1] if keep is not None and _SPLIT_MIN <= infos[-1].file_size <= _SPLIT_MAX else None
            for info in infos:
                if info is infos[-1] and before_largest is not None:
                    before_largest(info.filename)
                rows, tail = 0, b""
                # A part of up to _SPLIT_MAX is inflated in one zlib-ng call, capped at its declared size and its
                # checksum checked; a larger one, or one that fails those checks, is read in chunks: memory stays
                # bounded, and zipfile stops at the size the zip declares (a part that inflates beyond it fails its
                # checks and is reported as damaged).
                whole = _inflated(data, info) if info.file_size <= _SPLIT_MAX else None
                for chunk in _chunks(whole) if whole is not None else _streamed(zf, info):
                    total += len(chunk)
                    if total > MAX_UNPACKED_BYTES:
                        return _refuse("Tệp Excel chứa dữ liệu giải nén quá lớn so với một báo cáo; tệp bị từ chối.")
                    window = tail + chunk
                    counted, far = _scan(window, len(tail))
                    rows += counted
                    if rows > MAX_ROWS_PER_SHEET or far:
                        return _refuse(_TOO_MANY_ROWS)
                    tail = window[-_TAIL:]
                if whole is not None and info is kept_part:
                    keep[info.filename] = whole
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        return _refuse("Tệp Excel bị hỏng hoặc tải lên không trọn vẹn; hãy lưu lại và tải lên lần nữa.")
    return []


def read_workbook(source: bytes | str | Path) -> ParsedWorkbook:
    """Parse every known sheet of the workbook; other sheets (such as the instructions) are ignored."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with _gc_paused(), ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        return _read_workbook(data, pool)


def _read_workbook(data: bytes, pool: ThreadPoolExecutor) -> ParsedWorkbook:
    inflated: dict[str, bytes] = {}
    early: dict[str, Future] = {}
    index: list[dict[str, str] | None] = []  # the sheets' parts, read once the guard has passed the index

    def before_largest(largest: str) -> None:
        if largest not in _INDEX_PARTS:  # else the index is the largest part, not yet guarded: read it afterwards
            index.append(_sheet_index(data))
            _load_early(data, largest, index[0], pool, early)

    parsed = ParsedWorkbook(problems=_check_container(data, inflated, before_largest))
    if parsed.problems:
        for future in early.values():  # what already runs is of parts that passed: bounded, and dropped
            future.cancel()
        return parsed
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        parsed.problems.append(Problem("Tệp Excel đang đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại."))
        return parsed
    except BaseException as error:  # calamine raises several error types for damaged files
        _unless_parser_failure(error)
        parsed.problems.append(Problem("Không đọc được tệp Excel (tệp bị hỏng); hãy lưu lại và tải lên lần nữa."))
        return parsed
    wanted: list[tuple[str, workbook_format.Sheet | None]] = []
    seen: set[str] = set()
    for name in book.sheet_names:
        spec = workbook_format.sheet_for_title(name)
        if spec is None:
            continue
        wanted.append((name, None if spec.key in seen else spec))
        seen.add(spec.key)
    # Calamine releases the GIL while it parses a sheet: the sheets are parsed side by side (each on its own
    # workbook object, which calamine does not share between threads), the largest in two halves, and each is
    # typed as soon as it is ready; its problems still come out in the order of the sheets.
    order = sorted((i for i, (_, spec) in enumerate(wanted) if spec), key=lambda i: _FIRST.get(wanted[i][1].key, 9))
    found: list[list[Problem]] = [[] for _ in wanted]
    frames: dict[int, pd.DataFrame] = {}
    parts = index[0] if index else _sheet_index(data)
    halved = _worth_halving(data, parts, [wanted[i][0] for i in order])
    # The other sheets first (most already started while the guard read the largest part), then the largest
    # in two halves side by side.
    futures = {
        early.get(wanted[i][0]) or pool.submit(_load_whole, data, wanted[i][0], (parts or {}).get(wanted[i][0])): i
        for i in order
        if wanted[i][0] != halved
    }
    halves: list = []
    cut = None
    if halved is not None:
        i = next(i for i in order if wanted[i][0] == halved)
        cut = _halves(data, parts, halved, inflated)
        if cut is None:
            futures[pool.submit(_load_whole, data, halved, parts[halved])] = i
        else:
            halves = [pool.submit(_load_table, half, halved) for half in cut.pieces]
            futures |= {future: i for future in halves}
    waiting = set(halves)
    for future in as_completed(futures):
        i = futures[future]
        name, spec = wanted[i]
        if future in halves:
            waiting.remove(future)
            if waiting:  # the sheet is typed once both halves are in
                continue
            loaded = cut, tuple(half.result() for half in halves)
        else:
            loaded = future.result()
        frame = _typed(data, name, loaded, spec, found[i])
        if frame is not None:
            frames[i] = frame
    for i, (name, spec) in enumerate(wanted):
        if spec is None:
            parsed.problems.append(Problem("Trang này xuất hiện hai lần trong tệp.", sheet=name))
            continue
        parsed.problems.extend(found[i])
        if i in frames:
            parsed.sheets[spec.key] = _restored(frames[i], spec)
    _read_info(parsed)
    return parsed


def _restored(frame: pd.DataFrame, spec: workbook_format.Sheet) -> pd.DataFrame:
    """Text and codes as they were before our writer neutralised them (nq57.xlsx_text): a template reads back as it
    was written."""
    for col in spec.columns:
        if (
            col.kind in (workbook_format.TEXT, workbook_format.CODE)
            and col.key in frame
            and frame[col.key].dtype != "float64"
        ):
            frame[col.key] = xlsx_text.restore(frame[col.key])
    return frame


def _load_early(
    data: bytes, largest: str, parts: dict[str, str] | None, pool: ThreadPoolExecutor, early: dict[str, Future]
) -> None:
    """Start parsing the known sheets not held in the largest part, while the guard reads that part: everything
    they need has passed it. Only when the largest part is a sheet (calamine reads a sheet's part only when asked
    for that sheet; any other part, such as the shared strings, it may read for every sheet)."""
    if parts is None or largest not in parts.values():
        return
    seen: set[str] = set()
    for name, part in parts.items():
        spec = workbook_format.sheet_for_title(name)
        if spec is None or spec.key in seen:
            continue
        seen.add(spec.key)
        if part != largest:
            early[name] = pool.submit(_load_whole, data, name, part)


@contextlib.contextmanager
def _gc_paused():
    """Hold off Python's cycle collector while the cells are read and typed: they are tens of thousands of lists
    and tuples with no cycles among them, which would only trigger full collections; it resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_INDEX_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # what _sheet_parts reads


def _sheet_index(data: bytes) -> dict[str, str] | None:
    """The sheets' parts (_sheet_parts), or None when they cannot be read or two sheets share a part: then the
    shortcuts that rely on them (early parses, halves) are skipped and every sheet is parsed whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = _sheet_parts(zf)
    except Exception:  # only a way to go faster: whatever stands in its way, the sheets are parsed whole
        return None
    return parts if len(parts) == len(set(parts.values())) else None


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip, read from the workbook and its relationships (both already guarded)."""
    names = set(zf.namelist())
    targets = {}
    for tag in _RELATIONSHIP_TAG.findall(zf.read("xl/_rels/workbook.xml.rels")):
        rid, target = re.search(rb'\sId\s*=\s*"([^"]*)"', tag), re.search(rb'\sTarget\s*=\s*"([^"]*)"', tag)
        if rid and target:
            path = html.unescape(target[1].decode("utf-8"))
            targets[rid[1]] = path[1:] if path.startswith("/") else "xl/" + path
    parts = {}
    for tag in _SHEET_TAG.findall(zf.read("xl/workbook.xml")):
        name, rid = re.search(rb'\sname\s*=\s*"([^"]*)"', tag), re.search(rb'\s\w+:id\s*=\s*"([^"]*)"', tag)
        if name and rid and targets.get(rid[1]) in names:
            parts[html.unescape(name[1].decode("utf-8"))] = targets[rid[1]]
    return parts


def _worth_halving(data: bytes, parts: dict[str, str] | None, wanted: list[str]) -> str | None:
    """The largest wanted sheet when its XML is of a size worth parsing in two halves, else None."""
    if parts is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            sizes = {name: zf.getinfo(parts[name]).file_size for name in wanted if name in parts}
    except Exception:  # only a way to go faster: whatever stands in its way, the sheet is parsed whole
        return None
    if not sizes:
        return None
    name = max(sizes, key=sizes.get)
    return name if _SPLIT_MIN <= sizes[name] <= _SPLIT_MAX else None


@dataclass(frozen=True)
class _Cut:
    """A sheet as one workbook or as two, each holding its header row and its part of the rows below it, and the
    sheet rows they hold, as its XML says (checked against what fastexcel reads, in _read_pieces)."""

    pieces: tuple[bytes, ...]
    header: int  # the first row with a value: the header row, when the sheet begins with it
    last: tuple[int, ...]  # the last row with a value in each piece
    cut: int = 0  # the first row of the second piece, if any


@dataclass(frozen=True)
class _Layout:
    """Where things are in a sheet's XML: its rows' content, and the first row with a value (tag and end)."""

    start: int
    end: int
    header_tag: int
    header_end: int
    header: int


_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')


def _row_of(xml: bytes, at: int, start: int) -> int | None:
    """The number of the row whose tag opens last before `at` (and after `start`), from its r attribute."""
    tag = xml.rfind(b"<row ", start, at)
    end = xml.find(b">", tag, at + 1)
    found = _ROW_NUMBER.search(xml, tag, end) if tag >= 0 and end >= 0 else None
    return int(found[1]) if found else None


def _last_value(xml: bytes, start: int, end: int) -> int:
    """Where the last cell value between start and end is (-1 if none): a <v> or an inline string."""
    return max(xml.rfind(b"<v>", start, end), xml.rfind(b"<is>", start, end))


def _layout(xml: bytes) -> _Layout | None:
    """The layout of a plainly written sheet (a <sheetData> of <row> tags with their numbers); None otherwise."""
    start, end = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if start < 0 or end < start:
        return None
    start += len(b"<sheetData>")
    first = min((at for at in (xml.find(b"<v>", start, end), xml.find(b"<is>", start, end)) if at >= 0), default=-1)
    header_tag = xml.rfind(b"<row ", start, first) if first >= 0 else -1
    header_end = xml.find(b"</row>", first, end)
    header = _row_of(xml, first, start) if header_tag >= 0 and header_end >= 0 else None
    return None if header is None else _Layout(start, end, header_tag, header_end + len(b"</row>"), header)


def _whole(data: bytes, part: str) -> _Cut | None:
    """The sheet in its own workbook as one piece, when its XML is plainly written and of a size to inflate whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(part)
            xml = _inflated(data, info) if info.file_size <= _SPLIT_MAX else None
        layout = _layout(xml) if xml is not None else None
        last = _row_of(xml, _last_value(xml, layout.start, layout.end), layout.start) if layout else None
    except Exception:  # only a way to go faster: whatever stands in its way, calamine reads the sheet's cells
        return None
    return None if last is None else _Cut((data,), layout.header, (last,))


def _halves(data: bytes, parts: dict[str, str], name: str, inflated: dict[str, bytes] | None = None) -> _Cut | None:
    """The sheet cut in two halves between two rows, when it is plainly written; None otherwise, and it is parsed
    whole. Each half is a copy of the workbook, stored uncompressed, without the other sheets (a sheet's part is
    read only when that sheet is asked for); the second half keeps the header row, so both read with the same
    columns. The XML is taken from `inflated` when the guard kept it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = (inflated or {}).get(parts[name]) or _inflated(data, zf.getinfo(parts[name]))
            layout = _layout(xml) if xml is not None else None
            if layout is None:
                return None
            start, end = layout.start, layout.end
            cut = xml.find(b"<row ", (start + end) // 2, end)
            tag_end = xml.find(b">", cut, end)
            # Cut between two rows below the header, before one that says its number.
            if cut < layout.header_end or tag_end < 0 or not xml.endswith((b"</row>", b"/>"), start, cut):
                return None
            rows = (
                _row_of(xml, tag_end, cut),
                _row_of(xml, _last_value(xml, start, cut), start),
                _row_of(xml, _last_value(xml, cut, end), cut),
            )
            if None in rows:
                return None
            others = set(parts.values()) - {parts[name]}
            kept = [
                (i.filename, b"" if i.filename == parts[name] else zf.read(i))
                for i in zf.infolist()
                if i.filename not in others
            ]
    except Exception:  # only a way to go faster: whatever stands in its way, the sheet is parsed whole
        return None
    whole = memoryview(xml)
    header_row = whole[layout.header_tag : layout.header_end]
    halves = []
    for pieces in ((whole[:cut], whole[end:]), (whole[:start], header_row, whole[cut:])):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zw:
            for filename, content in kept:
                if filename != parts[name]:
                    zw.writestr(filename, content)
                    continue
                with zw.open(filename, "w") as part:
                    for piece in pieces:
                        part.write(piece)
        halves.append(out.getvalue())
    cut_row, last_first, last_second = rows
    return _Cut((halves[0], halves[1]), layout.header, (last_first, last_second), cut_row)


def _chunks(whole: bytes) -> Iterator[bytes]:
    for start in range(0, len(whole), _CHUNK):
        yield whole[start : start + _CHUNK]


def _streamed(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part read through zipfile in chunks of _CHUNK bytes."""
    with zf.open(info) as part:
        while chunk := part.read(_CHUNK):
            yield chunk


def _inflated(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """A deflated part inflated in one call with zlib-ng (several times faster than zlib), capped at the size the
    zip declares; None when it is stored otherwise, or does not inflate to that size with the declared checksum
    (then zipfile reads it, and reports what is wrong)."""
    header = data[info.header_offset : info.header_offset + 30]
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1 or header[:4] != b"PK\x03\x04":
        return None
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    inflater = zlib_ng.decompressobj(-15)
    try:
        xml = inflater.decompress(data[start : start + info.compress_size], info.file_size + 1)
    except zlib_ng.error:
        return None
    if len(xml) != info.file_size or not inflater.eof or zlib_ng.crc32(xml) != info.CRC:
        return None
    return xml


def _load_sheet(data: bytes, name: str) -> tuple[int, list[list]] | None:
    """The first row (from 0) and the cell values of one sheet, or None when calamine cannot read it."""
    try:
        table = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name)
        return (table.start or (0, 0))[0], table.to_python(skip_empty_area=True)
    except BaseException as error:
        _unless_parser_failure(error)
        return None


def _load_table(data: bytes, name: str) -> pa.RecordBatch | None:
    """One sheet as Arrow columns, its first row taken as the header, when fastexcel (calamine too, but with no
    Python object per cell) can read it with one type per column; None otherwise. Every row is looked at to find a
    column's type, so no cell is converted to a type that is not its own (text "1.234" is not the number 1,234)."""
    try:
        return fastexcel.read_excel(data).load_sheet(
            name, header_row=0, dtype_coercion="strict", schema_sample_rows=None, eager=True
        )
    except BaseException as error:
        _unless_parser_failure(error)
        return None


def _unless_parser_failure(error: BaseException) -> None:
    """Re-raise what is not the parser failing on a damaged file: an interrupt, an exit. A Rust panic in calamine
    counts as a failure (pyo3's PanicException derives from BaseException, so `except Exception` lets it through)."""
    if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
        raise error


def _column_arrays(batch: pa.RecordBatch, spec: workbook_format.Sheet) -> dict[str, pa.Array] | None:
    """The known columns of a batch by key, found by header as _read_sheet finds them; None without them all."""
    positions = _positions(batch.schema.names, spec)
    if any(c.required and c.key not in positions for c in spec.columns) or not positions:
        return None
    return {key: batch.column(j) for key, j in positions.items()}


def _joined(first: pa.Array, second: pa.Array) -> pa.Array | None:
    """Two halves of a column as one, when of one type (a half with no value takes the other's); else None."""
    if first.type != second.type:
        if second.null_count == len(second):
            second = pa.nulls(len(second), first.type)
        elif first.null_count == len(first):
            first = pa.nulls(len(first), second.type)
        else:
            return None
    return pa.concat_arrays([first, second])


def _load_whole(data: bytes, name: str, part: str | None) -> tuple[_Cut, tuple] | tuple[int, list[list]] | None:
    """One sheet, whole: as fastexcel's Arrow columns with where its rows are, else as calamine's cells."""
    cut = _whole(data, part) if part is not None else None
    batch = _load_table(data, name) if cut is not None else None
    return (cut, (batch,)) if batch is not None else _load_sheet(data, name)


def _typed(data: bytes, name: str, loaded, spec: workbook_format.Sheet, problems: list[Problem]) -> pd.DataFrame | None:
    """The sheet's frame from what was loaded: Arrow pieces typed by _read_pieces when they fit, else calamine's
    cells (parsed here when the pieces did not fit); None, with a problem, when calamine cannot read it either."""
    if loaded is not None and isinstance(loaded[0], _Cut):
        frame = _read_pieces(*loaded, spec, problems)
        if frame is not None:
            return frame
        loaded = _load_sheet(data, name)
    if loaded is None:
        problems.append(Problem("Không đọc được trang này (dữ liệu bị hỏng).", sheet=name))
        return None
    start_row, rows = loaded
    return _read_sheet(rows, start_row, spec, problems)


def _read_pieces(
    cut: _Cut, batches: tuple[pa.RecordBatch | None, ...], spec: workbook_format.Sheet, problems: list[Problem]
) -> pd.DataFrame | None:
    """The sheet's frame from its pieces read by fastexcel, as _read_sheet makes it from calamine's cells; None
    when the pieces do not read as the sheet's rows in place, or a column mixes types (then calamine reads it)."""
    if any(batch is None for batch in batches):
        return None
    # Each piece's range starts at the header row and ends at its last value: its height says whether the rows
    # are where the XML says (a row out of order anywhere changes a range's first or last row).
    if any(batch.num_rows != last - cut.header for batch, last in zip(batches, cut.last, strict=True)):
        return None
    first = _column_arrays(batches[0], spec)
    if first is None:
        return None
    if len(batches) == 1:
        return _read_table(first, np.arange(cut.header + 1, cut.last[0] + 1, dtype="int64"), spec, problems)
    # Two halves: the second's rows above the cut must be empty, and the first must end above it.
    second, gap = batches[1], cut.cut - cut.header - 1
    if cut.last[0] >= cut.cut or gap > second.num_rows:
        return None
    if any(column.slice(0, gap).null_count != gap for column in second.columns):
        return None
    below = _column_arrays(second, spec)
    if below is None or first.keys() != below.keys():
        return None
    arrays = {key: _joined(first[key], below[key].slice(gap)) for key in first}
    if any(array is None for array in arrays.values()):
        return None
    rows = np.concatenate([np.arange(cut.header + 1, cut.last[0] + 1), np.arange(cut.cut, cut.last[1] + 1)])
    return _read_table(arrays, rows.astype("int64"), spec, problems)


def _typed_on_arrow(col: workbook_format.Column, array: pa.Array) -> bool:
    """Whether _read_table types this column from its Arrow values exactly as from calamine's cells: text, floats,
    booleans and empty cells are the same values; integers only as numbers, timestamps only as dates (calamine gives
    a date without its time where fastexcel gives a datetime)."""
    t = array.type
    if array.null_count == len(array) or _is_text(t) or pa.types.is_floating(t) or pa.types.is_boolean(t):
        return True
    if pa.types.is_integer(t):
        return col.kind == workbook_format.NUMBER
    return col.kind == workbook_format.DATE and (pa.types.is_timestamp(t) or pa.types.is_date(t))


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def _read_table(
    arrays: dict[str, pa.Array], rows: np.ndarray, spec: workbook_format.Sheet, problems: list[Problem]
) -> pd.DataFrame | None:
    """The typed frame of a sheet's known columns as Arrow arrays (`rows`: the sheet row of each), with the rows,
    values and problems _read_sheet gives for the same cells: text is typed once per distinct value, numbers as they
    are. None (nothing reported) when a column holds cells of another type than its kind (text in a number column,
    dates in a text one): then the sheet is read by _read_sheet."""
    if not all(_typed_on_arrow(spec.column(key), array) for key, array in arrays.items()):
        return None
    encoded: dict[str, tuple[list, np.ndarray]] = {}  # text columns: distinct values (None last), each row's index
    blank: dict[str, np.ndarray] = {}
    for key, array in arrays.items():
        if array.null_count < len(array) and _is_text(array.type):
            codes = pc.dictionary_encode(array)
            distinct = codes.dictionary.to_pylist() + [None]
            index = codes.indices.fill_null(len(distinct) - 1).to_numpy().astype("int64")
            encoded[key] = distinct, index
            blank[key] = np.fromiter(map(workbook_format.is_blank, distinct), bool, len(distinct))[index]
        else:
            blank[key] = array.is_null().to_numpy(zero_copy_only=False)
    prefilled = TEMPLATE_PREFILLED.get(spec.key, set())
    masks = [mask for key, mask in blank.items() if key not in prefilled]
    kept = np.flatnonzero(~np.logical_and.reduce(masks)) if masks else np.arange(0)
    row_numbers = rows[kept]
    bad_rows: set[int] = set()
    columns: dict[str, object] = {"_row": row_numbers}
    for col in spec.columns:
        array = arrays.get(col.key)
        if array is None:
            columns[col.key] = np.full(len(kept), np.nan) if col.kind == workbook_format.NUMBER else [None] * len(kept)
        elif col.key in encoded:
            distinct, index = encoded[col.key]
            values = _convert_encoded(col, distinct, index[kept], row_numbers, spec, problems, bad_rows)
            columns[col.key] = np.array(values, dtype="float64") if col.kind == workbook_format.NUMBER else values
        elif col.kind == workbook_format.NUMBER and (
            pa.types.is_floating(array.type) or pa.types.is_integer(array.type)
        ):
            values = array.take(kept).to_numpy(zero_copy_only=False).astype("float64")
            if col.required:
                for n in row_numbers[np.isnan(values)].tolist():
                    problems.append(Problem(_BLANK_REQUIRED, sheet=spec.title, row=n, column=col.label))
                    bad_rows.add(n)
            columns[col.key] = values
        else:  # empty columns, and what is rare in a large sheet (dates, booleans...): cell by cell, as calamine's
            values = _convert(col, array.take(kept).to_pylist(), row_numbers.tolist(), spec, problems, bad_rows)
            columns[col.key] = np.array(values, dtype="float64") if col.kind == workbook_format.NUMBER else values
    return _frame(columns, spec, problems, bad_rows)


def _convert_encoded(
    col: workbook_format.Column,
    distinct: list,
    index: np.ndarray,
    row_numbers: np.ndarray,
    spec: workbook_format.Sheet,
    problems: list[Problem],
    bad_rows: set[int],
):
    """Typed values of a text column given as its distinct values and each row's index into them; text stays an
    Arrow-backed column, other values (dates, booleans, codes read from labels) a list as _convert makes it."""
    mapping, flagged = _mapping(col, distinct)
    typed = [mapping[v] for v in distinct]
    if flagged:
        wrong = np.array([v in flagged for v in distinct])[index]
        for i in np.flatnonzero(wrong).tolist():
            message, shown = flagged[distinct[index[i]]]
            n = int(row_numbers[i])
            problems.append(Problem(message, sheet=spec.title, row=n, column=col.label, value=shown))
            bad_rows.add(n)
    given = np.array([v is not None for v in typed])[index]
    if given.any() and all(v is None or type(v) is str for v in typed):
        return pa.array(typed, pa.string()).take(index).to_pandas()  # the str column a list of text would make
    return list(map(typed.__getitem__, index.tolist()))


def _empty_frame(spec: workbook_format.Sheet) -> pd.DataFrame:
    return pd.DataFrame(
        {"_row": pd.Series([], dtype="int64"), **{c.key: pd.Series([], dtype=object) for c in spec.columns}}
    )


def _labels(spec: workbook_format.Sheet) -> dict[str, workbook_format.Column]:
    return {fold(c.label): c for c in spec.columns} | {c.key: c for c in spec.columns}


def _positions(header: list, spec: workbook_format.Sheet) -> dict[str, int]:
    """Column key -> its position in the header row (the first column of a label written twice)."""
    labels = _labels(spec)
    positions: dict[str, int] = {}
    for j, v in enumerate(header):
        if isinstance(v, str) and fold(v) in labels:
            positions.setdefault(labels[fold(v)].key, j)
    return positions


def _read_sheet(rows: list[list], start_row: int, spec: workbook_format.Sheet, problems: list[Problem]) -> pd.DataFrame:
    labels = _labels(spec)
    header_index = next(
        (i for i, row in enumerate(rows[:10]) if any(isinstance(v, str) and fold(v) in labels for v in row)), None
    )
    if header_index is None:
        problems.append(Problem(f"Không tìm thấy dòng tên cột (ví dụ “{spec.columns[0].label}”).", sheet=spec.title))
        return _empty_frame(spec)
    positions = _positions(rows[header_index], spec)
    missing = [c for c in spec.columns if c.required and c.key not in positions]
    for c in missing:
        problems.append(Problem(f"Thiếu cột bắt buộc “{c.label}”.", sheet=spec.title, column=c.label))
    if missing:
        return _empty_frame(spec)

    body = rows[header_index + 1 :]
    first_excel_row = start_row + header_index + 2
    if body and len(set(map(len, body))) == 1:
        by_position = list(zip(*body, strict=True))  # calamine's range is rectangular: transpose in C
    else:
        width = max(map(len, body), default=0)
        by_position = list(zip(*(list(row) + [""] * (width - len(row)) for row in body), strict=True))
    known = {key: by_position[j] for key, j in positions.items() if j < len(by_position)}
    # Keep only rows with something in a known column: blank rows and stray notes beside the table are skipped.
    # A row counts when something beyond the codes a template prefills is written in it: the blank lines of
    # a downloaded template (indicator code and unit filled in, value left empty) are not errors, just unused.
    prefilled = TEMPLATE_PREFILLED.get(spec.key, set())
    # Each column's distinct values, found once: for the blanks here, and for the typing when every row is kept.
    distinct = {key: dict.fromkeys(values) for key, values in known.items()}
    blank_masks: list | None = []
    for key, values in known.items():
        if key in prefilled:
            continue
        blanks = {v for v in distinct[key] if workbook_format.is_blank(v)}
        if not blanks:  # a column filled on every row: every row is kept
            blank_masks = None
            break
        blank_masks.append((blanks, values))
    if blank_masks is None:
        row_numbers = list(range(first_excel_row, first_excel_row + len(body)))
    else:
        blank_masks = [
            np.fromiter(map(blanks.__contains__, values), bool, len(values)) for blanks, values in blank_masks
        ]
        distinct = {}
        kept = np.flatnonzero(~np.logical_and.reduce(blank_masks)) if blank_masks else np.arange(0)
        known = {key: [values[i] for i in kept] for key, values in known.items()}
        row_numbers = (kept + first_excel_row).tolist()
    bad_rows: set[int] = set()
    columns: dict[str, object] = {"_row": np.array(row_numbers, dtype="int64")}
    for col in spec.columns:
        raw = known.get(col.key)
        values = (
            [None] * len(row_numbers)
            if raw is None
            else _convert(col, list(raw), row_numbers, spec, problems, bad_rows, distinct.get(col.key))
        )
        # Floats and None: a float64 array (None as NaN) built in C.
        columns[col.key] = np.array(values, dtype="float64") if col.kind == workbook_format.NUMBER else values
    return _frame(columns, spec, problems, bad_rows)


def _frame(
    columns: dict[str, object], spec: workbook_format.Sheet, problems: list[Problem], bad_rows: set[int]
) -> pd.DataFrame:
    """The sheet's frame from its typed columns, without the rows that had a bad cell, and without duplicate rows
    (each reported with the row it repeats) for a sheet with a key."""
    frame = pd.DataFrame(columns)
    if bad_rows:
        frame = frame[~frame["_row"].isin(bad_rows)].reset_index(drop=True)
    if spec.unique and len(frame) and (bad_rows or not _distinct(columns, spec.unique)):
        keys = list(spec.unique)
        complete = frame[keys].notna().all(axis=1)
        duplicated = frame.duplicated(keys, keep="first") & complete
        if duplicated.any():  # rare: the first row of each duplicate, for the message
            first = frame[complete].groupby(keys, sort=False)["_row"].transform("min")
            for n, f in zip(frame.loc[duplicated, "_row"], first[duplicated[complete]], strict=True):
                problems.append(Problem(f"Dòng trùng với dòng {int(f)}.", sheet=spec.title, row=int(n)))
            frame = frame[~duplicated].reset_index(drop=True)
    return frame


def _distinct(columns: dict[str, object], keys: tuple[str, ...]) -> bool:
    """True when no two rows share their key: then no two rows with every key given do (the common case, checked
    with one set of tuples instead of the frame's duplicate search)."""
    if len(keys) == 1 and isinstance(columns[keys[0]], pd.Series):  # text typed from Arrow: hashed in C
        return columns[keys[0]].is_unique
    rows = list(zip(*(columns[k] for k in keys), strict=True))
    return len(set(rows)) == len(rows)


def _convert(
    col, raw: list, row_numbers: list[int], spec, problems: list[Problem], bad_rows: set[int], distinct=None
) -> list:
    """Typed values for one column, each distinct value parsed once; floats in a number column pass as they are."""
    distinct = dict.fromkeys(raw) if distinct is None else distinct
    # The types of the distinct values are those of every cell, unless a boolean and a number share a key.
    types = set(map(type, distinct)) if 0 not in distinct and 1 not in distinct else set(map(type, raw))
    if bool in types and types & {int, float}:  # True == 1 == 1.0 would share one dict key: cell by cell
        return _convert_cells(col, raw, row_numbers, spec, problems, bad_rows)
    number = col.kind == workbook_format.NUMBER
    mapping, flagged = _mapping(col, distinct)
    if number:
        # A float is its own value; any other cell has its key (a float equal to an int key maps to itself).
        out = list(map(mapping.get, raw, raw)) if mapping else raw
    elif all(k is v for k, v in mapping.items()):  # every value stands as written: the column as it is
        out = raw
    else:
        out = list(map(mapping.__getitem__, raw))
    if flagged:
        for i, value in enumerate(raw):
            if not (number and type(value) is float) and value in flagged:
                message, shown = flagged[value]
                problems.append(Problem(message, sheet=spec.title, row=row_numbers[i], column=col.label, value=shown))
                bad_rows.add(row_numbers[i])
    return out


def _mapping(col: workbook_format.Column, distinct) -> tuple[dict, dict]:
    """Each distinct value's typed value, and value -> (message, value shown) for blanks in a required column and
    values that do not parse; floats in a number column are left out (each is its own value)."""
    choices = {c: c for c in col.choices} if col.choices else None
    number = col.kind == workbook_format.NUMBER
    mapping: dict = {}
    flagged: dict = {}
    for value in distinct:
        if number and type(value) is float:
            continue
        if value is None or value == "" or (type(value) is str and not value.strip()):
            mapping[value] = None
            if col.required:
                flagged[value] = (_BLANK_REQUIRED, None)
            continue
        fast = _fast_value(col, value, choices)
        if fast is None:
            try:
                fast = workbook_format.parse_cell(col, value)
            except workbook_format.CellError:
                flagged[value] = (f"giá trị “{value}” không hợp lệ; cần {workbook_format.expected(col)}.", value)
        mapping[value] = fast
    return mapping, flagged


def _convert_cells(col, raw: list, row_numbers: list[int], spec, problems: list[Problem], bad_rows: set[int]) -> list:
    """Typed values for one column cell by cell (a column mixing booleans and numbers)."""
    choices = {c: c for c in col.choices} if col.choices else None
    out: list = [None] * len(raw)
    for i, value in enumerate(raw):
        if value is None or value == "" or (type(value) is str and not value.strip()):
            if col.required:
                problems.append(Problem(_BLANK_REQUIRED, sheet=spec.title, row=row_numbers[i], column=col.label))
                bad_rows.add(row_numbers[i])
            continue
        fast = _fast_value(col, value, choices)
        if fast is not None:
            out[i] = fast
            continue
        try:
            out[i] = workbook_format.parse_cell(col, value)
        except workbook_format.CellError:
            problems.append(
                Problem(
                    f"giá trị “{value}” không hợp lệ; cần {workbook_format.expected(col)}.",
                    sheet=spec.title,
                    row=row_numbers[i],
                    column=col.label,
                    value=value,
                )
            )
            bad_rows.add(row_numbers[i])
    return out


def _read_info(parsed: ParsedWorkbook) -> None:
    by_label = {fold(label): key for key, label in workbook_format.INFO_FIELDS.items()}
    info = parsed.sheets.pop("info", None)
    if info is None:
        return
    for field_name, value in zip(info["field"], info["value"], strict=True):
        key = by_label.get(fold(field_name or ""))
        if key and not pd.isna(value) and not workbook_format.is_blank(value):
            parsed.info[key] = str(value).strip()
