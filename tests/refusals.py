"""Refusing a file: the store and the archive left exactly as they were, and the problems that were named."""

import datetime as dt
from pathlib import Path

import pytest

from nq57.importer import import_workbook
from nq57.problems import WorkbookRejected
from tests.conftest import table_snapshot

MAY = dt.datetime(2026, 5, 20, 9, 30)
CORRUPT = "Tệp Excel bị hỏng hoặc tải lên không trọn vẹn; hãy lưu lại và tải lên lần nữa."


def snapshot(con) -> dict[str, list[tuple]]:
    """Every row of every table in the store."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
    ).fetchall()
    return {t: table_snapshot(con, t) for (t,) in tables}


def refused(con, data: bytes, archive: Path) -> list[str]:
    """The problems of a refused file, having checked that nothing was written: no table, no archive."""
    before = snapshot(con)
    with pytest.raises(WorkbookRejected) as info:
        import_workbook(con, data, "bao_cao.xlsx", "clerk", archive, now=MAY)
    assert snapshot(con) == before, "a refused file must change nothing"
    assert not archive.exists(), "a refused file must not be archived"
    return [str(p) for p in info.value.problems]
