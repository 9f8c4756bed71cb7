"""A process-wide memo for what every session shares: the overview's view, the footer, the map's decks and tables.

st.cache_resource hashes every argument with Streamlit's own hasher on every call; for a data version tuple and a
frozen period that was about 5 % of a view of the overview (issue 17, py-spy). These results are keyed on small
hashable values only (the data version from components.db.data_version, a day, a code, a frozen dataclass), so
Python's own hash does: a hit is one dict lookup. As with st.cache_resource, every caller gets the same object, and
nothing that draws it may change it. A miss is worked out once under the function's lock while other callers of it
wait, so twenty sessions opening the board after an upload compute it once. A new data version is a new key; the
oldest entries are dropped beyond max_entries.
"""

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import pyarrow as pa

_MISSING = object()
F = TypeVar("F", bound=Callable)


def shared(max_entries: int) -> Callable[[F], F]:
    """Decorator: memoise fn on its positional arguments (all hashable), for every session of the process."""

    def wrap(fn: F) -> F:
        found: dict = {}
        lock = threading.Lock()

        @functools.wraps(fn)
        def memoised(*args):
            value = found.get(args, _MISSING)
            if value is not _MISSING:
                return value
            with lock:
                value = found.get(args, _MISSING)
                if value is _MISSING:
                    value = fn(*args)
                    while len(found) >= max_entries:
                        del found[next(iter(found))]  # the oldest first
                    found[args] = value
            return value

        memoised.clear = found.clear  # type: ignore[attr-defined]
        return memoised  # type: ignore[return-value]

    return wrap


def arrow(table: pd.DataFrame) -> pa.Table:
    """A table as Arrow, converted once for every session: st.table and st.dataframe convert a pandas frame again on
    every view, and that was the largest part of drawing the map's lists (issue 17)."""
    return pa.Table.from_pandas(table, preserve_index=False)
