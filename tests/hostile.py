"""Builders of hostile files for the import tests: bombs, huge sheets and damaged containers, made small.

Every big file here is written as a stream of deflate output: nothing holds the inflated content in memory or on
disk. A sheet that inflates to gigabytes is one compressed segment of a repeated chunk written many times over
(a deflate full flush makes a segment independent of what came before, so copies of it inflate to copies of the
chunk), which takes milliseconds instead of compressing the gigabytes.
"""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{SPREADSHEET_NS}"><sheetData>'
).encode()
SHEET_TAIL = b"</sheetData></worksheet>"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# A 1x1 grey PNG: signature, header, pixels, end.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    + _png_chunk(b"IEND", b"")
)


@dataclass
class Part:
    """One member of a zip: its content streamed as chunks, then `repeat` copies of a chunk, then the tail."""

    name: str
    chunks: Iterable[bytes] = ()
    repeat: tuple[bytes, int] | None = None
    tail: bytes = b""


def _deflate(part: Part, out: io.BytesIO) -> tuple[int, int, int]:
    """Write the part's raw deflate stream to out; return the crc and size of its content, and the bytes written."""
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    start = out.tell()
    crc = size = 0
    for chunk in part.chunks:
        crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        out.write(comp.compress(chunk))
    if part.repeat:
        chunk, times = part.repeat
        out.write(comp.flush(zlib.Z_FULL_FLUSH))
        segment = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)  # inflates to `chunk` from any state
        for _ in range(times):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
            out.write(segment)
    crc, size = zlib.crc32(part.tail, crc), size + len(part.tail)
    out.write(comp.compress(part.tail) + comp.flush())
    return crc, size, out.tell() - start


def write_zip(parts: list[Part]) -> bytes:
    """A zip of deflated parts (no zip64: each part inflates to less than 4 GiB)."""
    out = io.BytesIO()
    central = []
    for part in parts:
        name = part.name.encode()
        offset = out.tell()
        out.write(b"\0" * (30 + len(name)))  # the local header, written once the sizes are known
        crc, size, compressed = _deflate(part, out)
        if size >= 1 << 32 or compressed >= 1 << 32:
            raise ValueError("parts of 4 GiB and more need zip64")
        fields = (20, 0x800, 8, 0, 0x21, crc, compressed, size, len(name))  # version, utf-8 names, deflate, 1980
        end = out.tell()
        out.seek(offset)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name)
        out.seek(end)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), start, 0))
    return out.getvalue()


def parts_of(xlsx: bytes, replace: dict[str, Part] | None = None) -> list[Part]:
    """The members of an existing workbook as parts, those named in `replace` swapped for the given ones."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return [replace.get(i.filename) or Part(i.filename, [zf.read(i)]) for i in zf.infolist()]


def sheet_part(xlsx: bytes, title: str) -> str:
    """The zip member holding the sheet with this title, found as Excel finds it: workbook.xml, then its rels."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    # Attributes in any order: writers differ (openpyxl puts a namespace declaration before the name).
    tag = next(t for t in re.findall(r"<sheet\s[^>]*>", workbook) if f' name="{title}"' in t)
    rid = re.search(r'\sr:id="([^"]+)"', tag).group(1)
    rel = next(t for t in re.findall(r"<Relationship\s[^>]*>", rels) if f' Id="{rid}"' in t)
    target = re.search(r'\sTarget="([^"]+)"', rel).group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def with_sheet(xlsx: bytes, title: str, part: Part) -> bytes:
    """The workbook with the named sheet's content replaced by the part (which keeps the sheet's member name)."""
    name = sheet_part(xlsx, title)
    part.name = name
    return write_zip(parts_of(xlsx, {name: part}))


def cell_rows(count: int, first: int = 1, batch: int = 10_000, sep: bytes = b" ") -> Iterator[bytes]:
    """`count` tiny rows, one number each, in batches: `<row r="n"><c r="An"><v>1</v></c></row>`.

    `sep` is the whitespace after the tag name; XML allows a space, a tab or a newline there.
    """
    for start in range(first, first + count, batch):
        stop = min(start + batch, first + count)
        yield b"".join(b'<row%sr="%d"><c r="A%d"><v>1</v></c></row>' % (sep, n, n) for n in range(start, stop))


def header_row(labels: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + j)}1" t="inlineStr"><is><t>{label}</t></is></c>' for j, label in enumerate(labels)
    )
    return f'<row r="1">{cells}</row>'.encode()


def rows_sheet(labels: list[str], count: int, sep: bytes = b" ") -> Part:
    """A worksheet with a header row, then `count` tiny data rows (streamed, never held whole)."""
    return Part("", chunks=chain([SHEET_HEAD, header_row(labels)], cell_rows(count, 2, sep=sep)), tail=SHEET_TAIL)


def ole2(streams: list[str]) -> bytes:
    """A minimal OLE2 (compound file) container whose directory names the given streams (all empty).

    Enough for a reader that looks at the signature and the directory, like the legacy .xls sniffing does.
    """
    sector = 512
    header = bytearray(sector)
    header[0:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # minor, major v3, byte order, sector shifts
    struct.pack_into("<IIIIIIIII", header, 44, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0, 0)
    header[76:sector] = struct.pack("<I", 0) + b"\xff" * (sector - 80)  # DIFAT: the FAT is sector 0
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * (sector - 8)  # FAT sector, directory chain end
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams]
    directory = bytearray()
    for i, (name, kind) in enumerate(entries):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        if kind == 5 and len(entries) > 1:
            struct.pack_into("<I", entry, 76, 1)  # the root's child
        if kind == 2 and i + 1 < len(entries):
            struct.pack_into("<I", entry, 72, i + 1)  # right sibling
        struct.pack_into("<II", entry, 116, 0xFFFFFFFE, 0)
        directory += entry
    directory += b"\0" * (-len(directory) % sector)
    return bytes(header) + fat + bytes(directory)


def patch_directory(data: bytes, name: str, file_size: int | None = None, crc: int | None = None) -> bytes:
    """The zip with the central directory's record of one member rewritten: a directory that lies.

    The local header keeps the truth; readers that trust the directory see the declared size and checksum.
    """
    out = bytearray(data)
    key = b"PK\x01\x02"
    at = out.find(key)
    while at != -1:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + name_len] == name.encode():
            if crc is not None:
                struct.pack_into("<I", out, at + 16, crc)
            if file_size is not None:
                struct.pack_into("<I", out, at + 24, file_size)
            return bytes(out)
        at = out.find(key, at + 46 + name_len)
    raise KeyError(name)


def truncated(data: bytes, where: str) -> bytes:
    """The zip cut short: in the `middle`, before its central directory, or by its last byte."""
    directory_at = struct.unpack("<I", data[-6:-2])[0]  # the central directory's offset, from the end record
    return {
        "middle": data[: len(data) // 2],
        "central-directory-missing": data[:directory_at],
        "last-byte-missing": data[:-1],
    }[where]


def zip_of(members: dict[str, bytes]) -> bytes:
    """A plain deflated zip of the given members, by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()
