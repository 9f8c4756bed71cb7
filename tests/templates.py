"""The monthly return template in tests: built as on a fixed day, and its sheets read as rows by header label."""

import datetime as dt
import io

from openpyxl import load_workbook

from nq57.template import build_template

TODAY = dt.date(2026, 5, 4)


def template(con, unit: str, period: str = "2026-05") -> bytes:
    return build_template(con, unit, period, today=TODAY)


def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def header(ws) -> dict[str, int]:
    """Column number by header label."""
    return {c.value: c.column for c in ws[1] if c.value}


def records(ws) -> list[dict]:
    """Every row under the header as {label: value}."""
    cols = header(ws)
    return [{label: ws.cell(row=r, column=j).value for label, j in cols.items()} for r in range(2, ws.max_row + 1)]


def cell(ws, key_label: str, key, label: str):
    """The cell in column `label` of the row whose `key_label` is `key`."""
    cols = header(ws)
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=cols[key_label]).value == key:
            return ws.cell(row=r, column=cols[label])
    raise KeyError(key)
