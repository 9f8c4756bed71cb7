"""When a monthly return is due, and whether each unit's came in on time, late or not at all."""

import datetime as dt

import pytest

import queries
from nq57 import reporting
from nq57.importer import import_workbook
from nq57.periods import return_due
from tests.workbooks import return_workbook


@pytest.mark.parametrize(
    ("period", "due"),
    [("2026-05", dt.date(2026, 5, 30)), ("2026-02", dt.date(2026, 2, 28)), ("2028-02", dt.date(2028, 2, 29))],
)
def test_due_on_the_30th_or_the_last_day_of_a_short_month(period, due):
    assert return_due(period) == due


@pytest.mark.parametrize(
    ("first_at", "today", "expected"),
    [
        (dt.datetime(2026, 5, 30, 23, 59), dt.date(2026, 6, 10), reporting.ON_TIME),  # on the due day
        (dt.datetime(2026, 5, 31, 0, 1), dt.date(2026, 6, 10), reporting.LATE),  # one day late
        (None, dt.date(2026, 5, 30), reporting.NOT_DUE),  # not yet missing on the due day itself
        (None, dt.date(2026, 5, 31), reporting.MISSING),
    ],
)
def test_return_status_edges(first_at, today, expected):
    assert reporting.return_status(first_at, "2026-05", today) == expected


@pytest.fixture
def may(loaded, tmp_path):
    """May 2026 seen on 3 June: commune 03434 reported on time (29 May), the department SKHCN late (2 June)."""
    on_time = return_workbook("03434", "2026-05", task_updates=[{"task_code": "32KH-17", "status": "Đang thực hiện"}])
    late = return_workbook(
        "SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 40}]
    )
    import_workbook(loaded, on_time, "a.xlsx", "clerk", tmp_path, now=dt.datetime(2026, 5, 29, 16))
    import_workbook(loaded, late, "b.xlsx", "clerk", tmp_path, now=dt.datetime(2026, 6, 2, 8))
    return reporting.classify(
        queries.frame(loaded.cursor(), "returns/reporting_status", period="2026-05"), "2026-05", dt.date(2026, 6, 3)
    )


def test_reporting_status_of_a_month(may):
    status = may.set_index("unit_code")
    assert status.loc["03434", "status"] == reporting.ON_TIME
    assert status.loc["SKHCN", "status"] == reporting.LATE
    assert status.loc["03463", "status"] == reporting.MISSING
    assert (status["kind"].isin(["commune", "ward"])).sum() == 38
    assert {"SKHCN", "STC", "BTCTU", "VPTU", "CA", "CQTT_BCD", "SGDDT"} <= set(status.index)
    assert "G_DUXA" not in status.index  # groups do not report; their members do


def test_status_frame_lists_missing_then_late_then_on_time(may):
    status = may
    frame = reporting.status_frame(status)
    assert list(frame.columns) == ["Đơn vị", "Loại", "Tình trạng", "Ngày nộp", "Số lần nộp"]
    assert list(frame["Tình trạng"].iloc[[-2, -1]]) == ["Muộn", "Đúng hạn"]
    assert set(frame["Tình trạng"].iloc[:-2]) == {"Chưa nộp"}
    missing = frame.iloc[:-2]
    kinds = list(missing["Loại"])
    assert kinds == sorted(kinds, key=lambda k: k == "Xã, phường")  # departments before communes
    assert list(missing["Đơn vị"].iloc[:3]) == [  # alphabetical without diacritics: "Chỉ" before "Tổ"
        "Ban Chỉ đạo tỉnh về thực hiện Nghị quyết số 57-NQ/TW",
        "Ban Tổ chức Tỉnh ủy",
        "Cơ quan Thường trực Ban Chỉ đạo tỉnh",
    ]
    assert frame.iloc[-1][["Ngày nộp", "Số lần nộp"]].tolist() == ["16:00 29/5/2026", 1]
    assert frame.iloc[-2]["Ngày nộp"] == "08:00 2/6/2026"
    assert (missing["Ngày nộp"] == "").all()
