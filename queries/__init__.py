"""The one loader of the SQL files in this folder: queries are referred to by name, e.g. 'tasks/by_group'."""

import functools
import re
from pathlib import Path

import duckdb
import pandas as pd

from nq57 import codes

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


class QueryNotFound(LookupError):
    """No .sql file of that name under queries/."""


@functools.cache
def load(name: str) -> str:
    """The text of queries/<name>.sql; fails loudly when the file does not exist."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file() or QUERY_DIR not in path.resolve().parents:
        raise QueryNotFound(f"no query named {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


@functools.cache
def params_of(name: str) -> frozenset[str]:
    """The $named parameters a query binds."""
    return frozenset(_PARAM.findall(_COMMENT.sub("", load(name))))


def names() -> list[str]:
    """Every query name, for tests that walk the folder."""
    return sorted(p.relative_to(QUERY_DIR).with_suffix("").as_posix() for p in QUERY_DIR.rglob("*.sql"))


def _bind(name: str, params: dict) -> dict | None:
    wanted = params_of(name)
    params = {**{k: v for k, v in codes.SQL_PARAMS.items() if k in wanted}, **params}
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    return {k: params[k] for k in wanted} or None


def execute(cur: duckdb.DuckDBPyConnection, name: str, **params) -> duckdb.DuckDBPyConnection:
    """Run a statement by name with bound parameters; the caller fetches what it returns."""
    return cur.execute(load(name), _bind(name, params))


def frame(cur: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a query by name and return its whole result as a DataFrame."""
    return execute(cur, name, **params).df()
