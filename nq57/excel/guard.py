"""The guard: refuse a hostile or damaged file before any parser sees it.

A zip whose parts unpack beyond a sane size, or a sheet with more rows than a return can have, is detected by
inflating each part within its declared size (in one call up to 32 MB, streamed beyond) and scanning it, never by
handing it to a parser.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator

import numpy as np
from zlib_ng import zlib_ng

from nq57.problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_PARTS = 2_000
MAX_ROWS_PER_SHEET = 60_000
MAX_COLUMN = "AZ"  # the widest sheet of the format has fewer than 20 columns
_CHUNK = 1 << 20
# A part up to this size is inflated in one zlib-ng call; a larger one is streamed, to keep memory bounded.
WHOLE_MAX = 32 << 20
_TAIL = 64  # bytes kept from one chunk to the next, so a tag cut by the chunk edge is still seen

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
    # Each "r" but the first byte sits at p + 1; what is around it is read through shifted views of `a` (a[k:][p] is
    # the byte at p + k), without an array of positions for each offset.
    p = np.flatnonzero(a[1:n] == 0x72)
    before = a[p]
    # A row: "<r" or ":r", "ow", then what ends a tag's name, seen in this window and not already in the last. Rare:
    # the rest is read only where the "r" follows "<" or ":".
    tag = p[(before == 0x3C) | (before == 0x3A)]
    end = a[4:][tag]
    row = (a[2:][tag] == 0x6F) & (a[3:][tag] == 0x77) & (_is_space(end) | (end == 0x3E) | (end == 0x2F))
    rows = int(np.count_nonzero(row & (tag + 4 >= tail) & (tag + 4 < n)))
    p = p[_is_space(before)]  # the attribute: whitespace before the "r"
    after, then = a[2:][p], a[3:][p]
    if (_is_space(after) | ((after == 0x3D) & _is_space(then))).any():
        return rows, _far_reference_any_spelling(window)
    start = p[(after == 0x3D) & ((then == 0x22) | (then == 0x27))] + 4  # the reference's first character
    first, second = _is_letter(a[start]), _is_letter(a[1:][start])
    two = start[first & second]
    if (_is_letter(a[2:][two]) | ((a[two] | 32) >= 98)).any():  # three letters, or two from column BA
        return rows, True
    digits = start + first + (first & second)  # after the letters (at most two here)
    digits = digits[_is_digit(a[5:][digits])]  # only where a sixth character is a digit can six digits be
    six = np.ones(len(digits), dtype=bool)
    for i in range(5):
        six &= _is_digit(a[i:][digits])
    return rows, bool(six.any())


def _far_reference(window: bytes) -> bool:
    return _scan(window)[1]


_TOO_MANY_ROWS = (
    f"Một trang trong tệp có hơn {MAX_ROWS_PER_SHEET:,} dòng".replace(",", ".")
    + " hoặc rộng hơn cột "
    + MAX_COLUMN
    + ", vượt quá cỡ của một báo cáo; tệp bị từ chối."
)


def _refuse(message: str) -> list[Problem]:
    return [Problem(message)]


def check_container(
    data: bytes,
    keep: dict[str, bytes] | None = None,
    before_largest: Callable[[str], None] | None = None,
    keep_if: Callable[[int], bool] | None = None,
) -> list[Problem]:
    """Refuse what is not an .xlsx zip, and zips that unpack too large or hold a sheet with too many rows.

    The parts are read smallest first. Given a dict, `keep` receives the largest part as inflated here, when
    `keep_if` finds its size worth parsing in two halves (nq57.excel.halves): the halves are cut from it without
    inflating it again. `before_largest` is called with the largest part's name once every other part has passed,
    before the largest is read."""
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
            worth = keep is not None and keep_if is not None and keep_if(infos[-1].file_size)
            kept_part = infos[-1] if worth else None
            for info in infos:
                if info is infos[-1] and before_largest is not None:
                    before_largest(info.filename)
                rows, tail = 0, b""
                # A part of up to WHOLE_MAX is inflated in one zlib-ng call, capped at its declared size and its
                # checksum checked; a larger one, or one that fails those checks, is read in chunks: memory stays
                # bounded, and zipfile stops at the size the zip declares (a part that inflates beyond it fails its
                # checks and is reported as damaged).
                whole = inflated(data, info) if info.file_size <= WHOLE_MAX else None
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


def _chunks(whole: bytes) -> Iterator[bytes]:
    for start in range(0, len(whole), _CHUNK):
        yield whole[start : start + _CHUNK]


def _streamed(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part read through zipfile in chunks of _CHUNK bytes."""
    with zf.open(info) as part:
        while chunk := part.read(_CHUNK):
            yield chunk


def inflated(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
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
