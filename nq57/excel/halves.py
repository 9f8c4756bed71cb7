"""Where each sheet lives in the zip, and the largest sheet cut into two workbooks of half its rows each."""

import html
import io
import re
import zipfile
from dataclasses import dataclass

from nq57.excel import guard

# The largest known sheet, when its XML is between these sizes, is parsed as two halves side by side (calamine
# parses one sheet on one core): each half is a copy of the workbook, stored uncompressed, with half the sheet's
# rows. Above the upper bound the sheet is parsed whole, to keep the copies' memory small; it is also the most the
# guard inflates in one call, so the halves are cut from the XML the guard already inflated.
_SPLIT_MIN = 1 << 20
_SPLIT_MAX = guard.WHOLE_MAX
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")


INDEX_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # what _sheet_parts reads


def sheet_index(data: bytes) -> dict[str, str] | None:
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


def worth_halving_size(size: int) -> bool:
    """Whether a sheet's XML of this many bytes is worth parsing in two halves."""
    return _SPLIT_MIN <= size <= _SPLIT_MAX


def worth_halving(data: bytes, parts: dict[str, str] | None, wanted: list[str]) -> str | None:
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
    return name if worth_halving_size(sizes[name]) else None


@dataclass(frozen=True)
class Cut:
    """A sheet as one workbook or as two, each holding its header row and its part of the rows below it, and the
    sheet rows they hold, as its XML says (checked against what fastexcel reads, in nq57.excel.arrow.read_pieces)."""

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


def whole(data: bytes, part: str) -> Cut | None:
    """The sheet in its own workbook as one piece, when its XML is plainly written and of a size to inflate whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(part)
            xml = guard.inflated(data, info) if info.file_size <= _SPLIT_MAX else None
        layout = _layout(xml) if xml is not None else None
        last = _row_of(xml, _last_value(xml, layout.start, layout.end), layout.start) if layout else None
    except Exception:  # only a way to go faster: whatever stands in its way, calamine reads the sheet's cells
        return None
    return None if last is None else Cut((data,), layout.header, (last,))


def in_halves(data: bytes, parts: dict[str, str], name: str, inflated: dict[str, bytes] | None = None) -> Cut | None:
    """The sheet cut in two halves between two rows, when it is plainly written; None otherwise, and it is parsed
    whole. Each half is a copy of the workbook, stored uncompressed, without the other sheets (a sheet's part is
    read only when that sheet is asked for); the second half keeps the header row, so both read with the same
    columns. The XML is taken from `inflated` when the guard kept it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = (inflated or {}).get(parts[name]) or guard.inflated(data, zf.getinfo(parts[name]))
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
    return Cut((halves[0], halves[1]), layout.header, (last_first, last_second), cut_row)
