"""Read a workbook in the shared format into typed columns, naming every bad cell.

The guard (guard.py) refuses a hostile file before anything parses it. Sheets are then read with fastexcel
(arrow.py: calamine, straight to Arrow columns; the largest in two halves side by side, halves.py), and with
python-calamine's cells (cells.py) when fastexcel cannot type a sheet exactly as they would.
"""

import contextlib
import gc
import io
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import python_calamine

from nq57 import workbook_format, xlsx_text
from nq57.excel import arrow, cells, guard, halves
from nq57.periods import fold
from nq57.problems import Problem

_WORKERS = 2  # sheets parsed at once
_FIRST = {"observations": 0, "villages": 1, "task_updates": 2}  # the sheets that can be long, parsed first


@dataclass
class ParsedWorkbook:
    """Typed columns per sheet key (with the Excel row number in '_row'), the info fields, and every problem."""

    sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


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
        if largest not in halves.INDEX_PARTS:  # else the index is the largest part, not yet guarded: read it afterwards
            index.append(halves.sheet_index(data))
            _load_early(data, largest, index[0], pool, early)

    parsed = ParsedWorkbook(problems=guard.check_container(data, inflated, before_largest, halves.worth_halving_size))
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
        cells.unless_parser_failure(error)
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
    parts = index[0] if index else halves.sheet_index(data)
    halved = halves.worth_halving(data, parts, [wanted[i][0] for i in order])
    # The other sheets first (most already started while the guard read the largest part), then the largest
    # in two halves side by side.
    futures = {
        early.get(wanted[i][0]) or pool.submit(_load_whole, data, wanted[i][0], (parts or {}).get(wanted[i][0])): i
        for i in order
        if wanted[i][0] != halved
    }
    half_futures: list = []
    cut = None
    if halved is not None:
        i = next(i for i in order if wanted[i][0] == halved)
        cut = halves.in_halves(data, parts, halved, inflated)
        if cut is None:
            futures[pool.submit(_load_whole, data, halved, parts[halved])] = i
        else:
            half_futures = [pool.submit(arrow.load_table, half, halved) for half in cut.pieces]
            futures |= {future: i for future in half_futures}
    waiting = set(half_futures)
    for future in as_completed(futures):
        i = futures[future]
        name, spec = wanted[i]
        if future in half_futures:
            waiting.remove(future)
            if waiting:  # the sheet is typed once both halves are in
                continue
            loaded = cut, tuple(half.result() for half in half_futures)
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


def _load_whole(data: bytes, name: str, part: str | None) -> tuple[halves.Cut, tuple] | tuple[int, list[list]] | None:
    """One sheet, whole: as fastexcel's Arrow columns with where its rows are, else as calamine's cells."""
    cut = halves.whole(data, part) if part is not None else None
    batch = arrow.load_table(data, name) if cut is not None else None
    return (cut, (batch,)) if batch is not None else cells.load_sheet(data, name)


def _typed(data: bytes, name: str, loaded, spec: workbook_format.Sheet, problems: list[Problem]) -> pd.DataFrame | None:
    """The sheet's frame from what was loaded: Arrow pieces typed by arrow.read_pieces when they fit, else calamine's
    cells (parsed here when the pieces did not fit); None, with a problem, when calamine cannot read it either."""
    if loaded is not None and isinstance(loaded[0], halves.Cut):
        frame = arrow.read_pieces(*loaded, spec, problems)
        if frame is not None:
            return frame
        loaded = cells.load_sheet(data, name)
    if loaded is None:
        problems.append(Problem("Không đọc được trang này (dữ liệu bị hỏng).", sheet=name))
        return None
    start_row, rows = loaded
    return cells.read_sheet(rows, start_row, spec, problems)


def _read_info(parsed: ParsedWorkbook) -> None:
    by_label = {fold(label): key for key, label in workbook_format.INFO_FIELDS.items()}
    info = parsed.sheets.pop("info", None)
    if info is None:
        return
    for field_name, value in zip(info["field"], info["value"], strict=True):
        key = by_label.get(fold(field_name or ""))
        if key and not pd.isna(value) and not workbook_format.is_blank(value):
            parsed.info[key] = str(value).strip()
