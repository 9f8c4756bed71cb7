"""The one writer of cell values for every workbook the app writes (templates, the baseline, exports, the meeting
pack), and its counterpart for the reader.

Text a spreadsheet would take for a formula (= + - @ first, also after leading spaces or no-break spaces, or a tab or
carriage return first) is written with a leading apostrophe and as a string cell, so no cell of ours ever starts a
formula, in Excel, LibreOffice or a CSV saved from them. The reader removes that one apostrophe again (`restore`), so
a template downloaded and uploaded unchanged reads exactly as it was written.
"""

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@")
HIDING = " \t\r\n\u00a0"
SAFE_PREFIX = "'"


def neutralise(value):
    """Text that a spreadsheet would take for a formula gets a leading apostrophe; anything else is returned as is.
    Numbers, dates and None pass through unchanged (a negative number stays a number)."""
    if not isinstance(value, str):
        return value
    if value[:1] in ("\t", "\r") or value.lstrip(HIDING)[:1] in FORMULA_START:
        return SAFE_PREFIX + value
    return value


def _missing(value) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and value != value


def put(ws: Worksheet, row: int, column: int, value):
    """Write one cell: text neutralised and forced to a string cell (never a formula, whatever it looks like), dates
    as dates, numbers as numbers, missing values as an empty cell. Returns the cell for styling."""
    if _missing(value):
        value = None
    elif isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    elif hasattr(value, "item") and not isinstance(value, str | dt.date):  # numpy scalars
        value = value.item()
    if isinstance(value, str):
        value = neutralise(value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def restore(values: pd.Series) -> pd.Series:
    """Text read back from a cell written by `put`: the apostrophe it added before a formula sign taken off again."""
    if not len(values) or not _any_marked(values):  # the common case, in one pass
        return values
    marked = values.map(lambda v: isinstance(v, str) and v[:1] == SAFE_PREFIX and neutralise(v[1:]) != v[1:])
    return values.where(~marked, values[marked].str[1:])


def _any_marked(values: pd.Series) -> bool:
    """Whether any text starts with the apostrophe: one Arrow kernel over text held in Arrow (pandas' string dtype),
    a third of the time of pandas' string method, which still serves any other column."""
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        return bool(pc.any(pc.starts_with(pa.array(values.array), SAFE_PREFIX)).as_py())
    return bool(values.str.startswith(SAFE_PREFIX, na=False).any())
