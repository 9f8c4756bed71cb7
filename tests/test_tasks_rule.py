"""The official status of a task at its edges: the deadline day, one day late, today, recurring, quarters, years."""

import datetime as dt

import pytest

from nq57 import tasks
from nq57.periods import parse_deadline

D = dt.date
DEADLINE = D(2026, 6, 30)


def test_done_on_the_deadline_day_is_on_time():
    s = tasks.task_status(DEADLINE, False, D(2026, 7, 15), "done", DEADLINE, D(2026, 7, 1))
    assert (s.code, s.label, s.completed_on) == (tasks.DONE_ON_TIME, "Hoàn thành đúng hạn", DEADLINE)


def test_done_one_day_late_is_done_late():
    s = tasks.task_status(DEADLINE, False, D(2026, 7, 15), "done", D(2026, 7, 1), D(2026, 7, 1))
    assert s.code == tasks.DONE_LATE


def test_deadline_today_is_still_within_the_deadline_and_due_soon():
    s = tasks.task_status(DEADLINE, False, DEADLINE)
    assert (s.code, s.days_left, s.due_soon, s.days_overdue) == (tasks.IN_PROGRESS, 0, True, None)


def test_the_day_after_the_deadline_is_one_day_overdue():
    s = tasks.task_status(DEADLINE, False, D(2026, 7, 1), "in_progress", None, D(2026, 6, 20))
    assert (s.code, s.days_overdue, s.label) == (tasks.OVERDUE, 1, "Quá hạn")


def test_no_completion_date_and_far_deadline_is_in_progress_not_due_soon():
    s = tasks.task_status(DEADLINE, False, D(2026, 5, 1))
    assert (s.code, s.days_left, s.due_soon) == (tasks.IN_PROGRESS, 60, False)
    assert tasks.task_status(DEADLINE, False, D(2026, 5, 31)).due_soon  # 30 days left


def test_done_reported_without_a_date_counts_from_the_report():
    s = tasks.task_status(DEADLINE, False, D(2026, 7, 15), "done", None, D(2026, 7, 10))
    assert (s.code, s.completed_on) == (tasks.DONE_LATE, D(2026, 7, 10))


def test_a_completion_after_the_day_asked_does_not_count_yet():
    s = tasks.task_status(DEADLINE, False, D(2026, 6, 1), "in_progress", D(2026, 6, 20), D(2026, 6, 1))
    assert s.code == tasks.IN_PROGRESS


@pytest.mark.parametrize(
    ("text", "reported", "as_of", "expected"),
    [
        ("Thường xuyên", D(2026, 11, 3), D(2026, 11, 20), tasks.RECURRING_REPORTED),
        ("Thường xuyên", D(2026, 10, 31), D(2026, 11, 20), tasks.RECURRING_UNREPORTED),
        ("Hàng quý", D(2026, 10, 5), D(2026, 12, 1), tasks.RECURRING_REPORTED),
        ("Hàng quý", D(2026, 9, 30), D(2026, 10, 1), tasks.RECURRING_UNREPORTED),
        ("Thường xuyên", None, D(2026, 11, 20), tasks.RECURRING_UNREPORTED),
    ],
)
def test_recurring_tasks_are_judged_by_a_report_in_the_period(text, reported, as_of, expected):
    assert parse_deadline(text).recurring
    s = tasks.task_status(None, True, as_of, "in_progress" if reported else None, None, reported, text)
    assert s.code == expected
    assert not s.due_soon


@pytest.mark.parametrize(
    ("text", "last_day"),
    [
        ("Quý III/2026", D(2026, 9, 30)),
        ("Quý I/2026", D(2026, 3, 31)),
        ("Tháng 01/2026", D(2026, 1, 31)),
        ("trong tháng 5/2026", D(2026, 5, 31)),
        ("trước ngày 30/6/2026", D(2026, 6, 30)),
        ("năm 2026", D(2026, 12, 31)),
    ],
)
def test_written_deadlines_resolve_to_their_last_day(text, last_day):
    deadline = parse_deadline(text).date
    assert deadline == last_day
    assert tasks.task_status(deadline, False, last_day).code == tasks.IN_PROGRESS
    assert tasks.task_status(deadline, False, last_day + dt.timedelta(days=1)).code == tasks.OVERDUE


def test_a_conditional_deadline_has_no_date_and_says_so():
    text = "ngay sau khi có hướng dẫn của lực lượng chuyên trách bảo vệ an ninh mạng Bộ Công an"
    assert parse_deadline(text).date is None
    assert tasks.task_status(None, False, D(2026, 12, 1)).label == "Hạn theo điều kiện"


def test_a_task_with_no_report_this_month_is_stale():
    assert tasks.stale(None, D(2026, 12, 1))
    assert tasks.stale(D(2026, 11, 30), D(2026, 12, 1))
    assert not tasks.stale(D(2026, 12, 1), D(2026, 12, 1))


def test_every_status_has_a_label_a_colour_and_a_place_in_the_order():
    assert set(tasks.LABELS) == set(tasks.COLOURS) == set(tasks.ORDER)


def test_deadlines_export_reads_back_in_order_with_cells_neutralised():
    import io

    import openpyxl
    import pandas as pd

    from nq57 import exports

    reg = tasks.register(
        pd.DataFrame(
            {
                "code": ["T1", "T2", "T3"],
                "plan": ["32-KH/TU"] * 3,
                "name": ['=HYPERLINK("x")', "Nhiệm vụ hai", "Nhiệm vụ ba"],
                "lead": ["Sở A", "Sở B", "Sở A"],
                "partners": [None, None, None],
                "deadline_text": ["Quý I/2026", "30/6/2026", "Quý IV/2026"],
                "deadline": [D(2026, 3, 31), D(2026, 6, 30), D(2026, 12, 31)],
                "recurring": [False] * 3,
                "status": [None] * 3,
                "completed_on": [None] * 3,
                "report_date": [None] * 3,
            }
        ),
        D(2026, 6, 1),
    )
    rows = tasks.deadlines_ahead(reg, 30)
    assert list(rows["code"]) == ["T1", "T2"]  # T3 is due in more than 30 days
    wb = openpyxl.load_workbook(io.BytesIO(exports.deadlines_workbook(rows, D(2026, 6, 1), 30)))
    ws = wb.active
    assert "1/6/2026" in ws["A1"].value
    body = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in body] == ["T1", "T2"]
    assert body[0][1] == '\'=HYPERLINK("x")'
    assert (body[0][6], body[0][7]) == ("Quá hạn", 62)
    assert (body[1][6], body[1][8]) == ("Đang thực hiện, trong hạn", 29)
