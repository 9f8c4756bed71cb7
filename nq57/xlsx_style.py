"""How the workbooks the app writes look (header rows, borders, number and date formats, widths, print set-up) and
how the reproducible ones get the same bytes for the same content.

Cell values are written by nq57.xlsx_text.put alone; this module only styles the cells it returns.
"""

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from nq57 import xlsx_text

# The app's navy: header rows of the exports and the meeting pack, titles on its slides and in its PDF.
NAVY = "1F3A5F"
WHITE = "FFFFFF"
# Header rows of the workbooks in the return format (the baseline, the templates): pale, so they print light.
RETURN_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
NAVY_FILL = PatternFill("solid", fgColor=NAVY)
BOLD = Font(bold=True)
WHITE_BOLD = Font(bold=True, color=WHITE)

DATE_FORMAT = "d/m/yyyy"
DATETIME_FORMAT = "hh:mm d/m/yyyy"
TEXT_FORMAT = "@"
COUNT_FORMAT = "#,##0"

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")

# A fixed timestamp keeps a reproducible file byte-for-byte the same for the same content.
FIXED_TIME = dt.datetime(2026, 4, 16)
FIXED_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def solid(colour: str) -> PatternFill:
    """A solid fill of a six-digit hex colour."""
    return PatternFill("solid", fgColor=colour)


def thin_border(colour: str) -> Border:
    """A thin box round a cell, in one colour."""
    side = Side(style="thin", color=colour)
    return Border(left=side, right=side, top=side, bottom=side)


def set_width(ws: Worksheet, column: int, width: float) -> None:
    ws.column_dimensions[get_column_letter(column)].width = width


def header_row(
    ws: Worksheet,
    row: int,
    titles,
    widths,
    *,
    font: Font,
    fill: PatternFill,
    alignment: Alignment,
    border: Border | None = None,
) -> list[Cell]:
    """One styled header cell per title, each column set to its width; returns the cells."""
    cells = []
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = xlsx_text.put(ws, row, col, title)
        if border is not None:
            cell.border = border
        cell.fill = fill
        cell.font = font
        cell.alignment = alignment
        set_width(ws, col, width)
        cells.append(cell)
    return cells


def fit_to_width(
    ws: Worksheet, title_rows: str | None = None, a4: bool = True, one_page: bool = False, portrait: bool = False
) -> None:
    """Print as wide as the page (landscape unless portrait), on as many pages down as needed unless one_page;
    title_rows ('1:1') repeat on every page."""
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    if a4:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def reproducible_bytes(wb: Workbook) -> bytes:
    """The workbook saved with a fixed creation and modification time and fixed zip times: the same bytes (and
    sha256) for the same content."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_zip_times(buffer.getvalue())


def fixed_zip_times(data: bytes) -> bytes:
    """Rewrite the zip with a fixed time on every entry, so the same content gives the same bytes (and sha256)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_STAMP, content)
            dst.writestr(fixed, content)
    return out.getvalue()
