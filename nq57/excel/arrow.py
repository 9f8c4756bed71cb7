"""The Arrow reader: a sheet from fastexcel's Arrow columns, typed exactly as the cell reader types its cells."""

import logging

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nq57 import workbook_format
from nq57.excel import cells
from nq57.excel.halves import Cut
from nq57.problems import Problem

# fastexcel warns of each empty column it reads as text: expected here (a template's empty columns), not news.
logging.getLogger("fastexcel").setLevel(logging.ERROR)


def load_table(data: bytes, name: str) -> pa.RecordBatch | None:
    """One sheet as Arrow columns, its first row taken as the header, when fastexcel (calamine too, but with no
    Python object per cell) can read it with one type per column; None otherwise. Every row is looked at to find a
    column's type, so no cell is converted to a type that is not its own (text "1.234" is not the number 1,234)."""
    try:
        return fastexcel.read_excel(data).load_sheet(
            name, header_row=0, dtype_coercion="strict", schema_sample_rows=None, eager=True
        )
    except BaseException as error:
        cells.unless_parser_failure(error)
        return None


def _column_arrays(batch: pa.RecordBatch, spec: workbook_format.Sheet) -> dict[str, pa.Array] | None:
    """The known columns of a batch by key, found by header as cells.read_sheet finds them; None without them all."""
    positions = cells.header_positions(batch.schema.names, spec)
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


def read_pieces(
    cut: Cut, batches: tuple[pa.RecordBatch | None, ...], spec: workbook_format.Sheet, problems: list[Problem]
) -> pd.DataFrame | None:
    """The sheet's frame from its pieces read by fastexcel, as cells.read_sheet makes it from calamine's cells; None
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
    values and problems cells.read_sheet gives for the same cells: text is typed once per distinct value, numbers as
    they are. None (nothing reported) when a column holds cells of another type than its kind (text in a number
    column, dates in a text one): then the sheet is read by cells.read_sheet."""
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
    prefilled = cells.TEMPLATE_PREFILLED.get(spec.key, set())
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
                    problems.append(Problem(cells.BLANK_REQUIRED, sheet=spec.title, row=n, column=col.label))
                    bad_rows.add(n)
            columns[col.key] = values
        else:  # empty columns, and what is rare in a large sheet (dates, booleans...): cell by cell, as calamine's
            values = cells.convert(col, array.take(kept).to_pylist(), row_numbers.tolist(), spec, problems, bad_rows)
            columns[col.key] = np.array(values, dtype="float64") if col.kind == workbook_format.NUMBER else values
    return cells.sheet_frame(columns, spec, problems, bad_rows)


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
    Arrow-backed column, other values (dates, booleans, codes read from labels) a list as cells.convert makes it."""
    mapping, flagged = cells.parse_distinct(col, distinct)
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
