"""The cell reader: a sheet from python-calamine's cells, each cell typed by its column, every bad one named."""

import datetime as dt
import io
import unicodedata

import numpy as np
import pandas as pd
import python_calamine

from nq57 import workbook_format
from nq57.periods import fold
from nq57.problems import Problem

# Columns a return template fills in before the clerk types anything.
TEMPLATE_PREFILLED = {
    "observations": {"indicator_code", "unit_code", "period"},
    "task_updates": {"task_code"},
    "villages": {"commune_code"},
}
BLANK_REQUIRED = "Ô bắt buộc đang để trống."


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


def load_sheet(data: bytes, name: str) -> tuple[int, list[list]] | None:
    """The first row (from 0) and the cell values of one sheet, or None when calamine cannot read it."""
    try:
        table = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name)
        return (table.start or (0, 0))[0], table.to_python(skip_empty_area=True)
    except BaseException as error:
        unless_parser_failure(error)
        return None


def unless_parser_failure(error: BaseException) -> None:
    """Re-raise what is not the parser failing on a damaged file: an interrupt, an exit. A Rust panic in calamine
    counts as a failure (pyo3's PanicException derives from BaseException, so `except Exception` lets it through)."""
    if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
        raise error


def _empty_frame(spec: workbook_format.Sheet) -> pd.DataFrame:
    return pd.DataFrame(
        {"_row": pd.Series([], dtype="int64"), **{c.key: pd.Series([], dtype=object) for c in spec.columns}}
    )


def _labels(spec: workbook_format.Sheet) -> dict[str, workbook_format.Column]:
    return {fold(c.label): c for c in spec.columns} | {c.key: c for c in spec.columns}


def header_positions(header: list, spec: workbook_format.Sheet) -> dict[str, int]:
    """Column key -> its position in the header row (the first column of a label written twice)."""
    labels = _labels(spec)
    positions: dict[str, int] = {}
    for j, v in enumerate(header):
        if isinstance(v, str) and fold(v) in labels:
            positions.setdefault(labels[fold(v)].key, j)
    return positions


def read_sheet(rows: list[list], start_row: int, spec: workbook_format.Sheet, problems: list[Problem]) -> pd.DataFrame:
    labels = _labels(spec)
    header_index = next(
        (i for i, row in enumerate(rows[:10]) if any(isinstance(v, str) and fold(v) in labels for v in row)), None
    )
    if header_index is None:
        problems.append(Problem(f"Không tìm thấy dòng tên cột (ví dụ “{spec.columns[0].label}”).", sheet=spec.title))
        return _empty_frame(spec)
    positions = header_positions(rows[header_index], spec)
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
            else convert(col, list(raw), row_numbers, spec, problems, bad_rows, distinct.get(col.key))
        )
        # Floats and None: a float64 array (None as NaN) built in C.
        columns[col.key] = np.array(values, dtype="float64") if col.kind == workbook_format.NUMBER else values
    return sheet_frame(columns, spec, problems, bad_rows)


def sheet_frame(
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


def convert(
    col, raw: list, row_numbers: list[int], spec, problems: list[Problem], bad_rows: set[int], distinct=None
) -> list:
    """Typed values for one column, each distinct value parsed once; floats in a number column pass as they are."""
    distinct = dict.fromkeys(raw) if distinct is None else distinct
    # The types of the distinct values are those of every cell, unless a boolean and a number share a key.
    types = set(map(type, distinct)) if 0 not in distinct and 1 not in distinct else set(map(type, raw))
    if bool in types and types & {int, float}:  # True == 1 == 1.0 would share one dict key: cell by cell
        return _convert_cells(col, raw, row_numbers, spec, problems, bad_rows)
    number = col.kind == workbook_format.NUMBER
    mapping, flagged = parse_distinct(col, distinct)
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


def parse_distinct(col: workbook_format.Column, distinct) -> tuple[dict, dict]:
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
                flagged[value] = (BLANK_REQUIRED, None)
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
                problems.append(Problem(BLANK_REQUIRED, sheet=spec.title, row=row_numbers[i], column=col.label))
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
