"""The queries under queries/ sorted into reads and writes, and the parameter values the tests run them with."""

import datetime as dt
import hashlib
import re

import queries
from nq57 import paths

# Parameter values used when walking the folder; a new parameter name must be added here.
PARAMS = {
    "as_of": dt.date(2026, 4, 30),
    "unit_code": "12",
    "indicator_code": "BAN_CHUA_BRDD",
    "period": "2026-05",
    "month": "2026-05",
    "task_code": "32KH-03",
    "village_code": "BAN-004",
    "username": "admin",
    "reporter_code": "SKHCN",
    "username_key": "admin",
    "sha256": hashlib.sha256(paths.BASELINE_XLSX.read_bytes()).hexdigest(),  # the baseline workbook's
    "upload_id": 1,  # the baseline's upload
    "codes": ["BAN_CHUA_BRDD", "KTS_GRDP"],
}

_COMMENTS = re.compile(r"--[^\n]*")
_WRITE = re.compile(r"^(?:insert(?: or \w+)? into|delete from|update)\s+(\w+)")


def body(name: str) -> str:
    """The query's text without its comments, in lower case."""
    return _COMMENTS.sub("", queries.load(name)).strip().lower()


def table_of(sql: str) -> str | None:
    """The table a statement's text writes, or None."""
    match = _WRITE.match(sql.strip().lower())
    return match[1] if match else None


def written_table(name: str) -> str | None:
    """The table a statement writes, or None for a query that only reads."""
    return table_of(body(name))


def reads_incoming(name: str) -> bool:
    return re.search(r"\bincoming\b", body(name)) is not None


READS = [n for n in queries.names() if written_table(n) is None and not reads_incoming(n)]
WRITES = [n for n in queries.names() if n not in READS]
