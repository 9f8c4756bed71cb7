"""Small builders of workbooks for tests: returns as a clerk would send them, in the shared format."""

import io

from nq57.baseline import write_workbook
from nq57.workbook_format import INFO_FIELDS


def return_workbook(
    unit: str,
    period: str,
    observations: list[dict] | None = None,
    task_updates: list[dict] | None = None,
    villages: list[dict] | None = None,
    kind: str = "return",
) -> bytes:
    """A monthly return for one unit and month with the given rows (keys as in nq57.workbook_format's columns)."""
    rows: dict[str, list[dict]] = {
        "info": [
            {"field": INFO_FIELDS["kind"], "value": kind},
            {"field": INFO_FIELDS["unit_code"], "value": unit},
            {"field": INFO_FIELDS["period"], "value": period},
        ]
    }
    if observations is not None:
        rows["observations"] = [{"unit_code": unit, "period": period} | r for r in observations]
    if task_updates is not None:
        rows["task_updates"] = task_updates
    if villages is not None:
        rows["villages"] = villages
    buffer = io.BytesIO()
    write_workbook(rows, buffer, ["Báo cáo thử"])
    return buffer.getvalue()


def vneid_return(*rows: dict) -> bytes:
    """A commune's May return with the given VNEID rows (each may override the indicator, period or value)."""
    return return_workbook("03434", "2026-05", observations=[{"indicator_code": "VNEID"} | r for r in rows])


def assert_same_reads(read, expected) -> None:
    """Two readings of a workbook (nq57.excel.ParsedWorkbook) give the same frames, dtypes, info and problems."""
    assert read.problems == expected.problems and read.info == expected.info
    assert read.sheets.keys() == expected.sheets.keys()
    for key, frame in expected.sheets.items():
        assert read.sheets[key].equals(frame), key
        assert read.sheets[key].dtypes.equals(frame.dtypes), key
