"""The official status of a task at its edges: the deadline day, one day late, today, recurring, quarters, years."""

import datetime as dt

import pandas as pd
import pytest

from nq57 import task_rules
from nq57.periods import parse_deadline

D = dt.date
DEADLINE = D(2026, 6, 30)


def test_done_on_the_deadline_day_is_on_time():
    s = task_rules.task_status(DEADLINE, False, D(2026, 7, 15), "done", DEADLINE, D(2026, 7, 1))
    assert (s.code, s.label, s.completed_on) == (task_rules.DONE_ON_TIME, "Hoàn thành đúng hạn", DEADLINE)


def test_done_one_day_late_is_done_late():
    s = task_rules.task_status(DEADLINE, False, D(2026, 7, 15), "done", D(2026, 7, 1), D(2026, 7, 1))
    assert s.code == task_rules.DONE_LATE


def test_deadline_today_is_still_within_the_deadline_and_due_soon():
    s = task_rules.task_status(DEADLINE, False, DEADLINE)
    assert (s.code, s.days_left, s.due_soon, s.days_overdue) == (task_rules.IN_PROGRESS, 0, True, None)


def test_the_day_after_the_deadline_with_no_report_since_is_past_due_not_reported():
    # The last report (20/6) said in progress, before the deadline: nobody has said since whether it is done.
    s = task_rules.task_status(DEADLINE, False, D(2026, 7, 1), "in_progress", None, D(2026, 6, 20))
    assert (s.code, s.days_overdue, s.label) == (task_rules.PAST_DUE_UNREPORTED, 1, "Đã qua hạn, chưa có báo cáo")
    never = task_rules.task_status(DEADLINE, False, D(2026, 12, 6))
    assert (never.code, never.days_overdue) == (task_rules.PAST_DUE_UNREPORTED, 159)


@pytest.mark.parametrize(
    ("reported", "period", "expected"),
    [
        (D(2026, 6, 30), None, task_rules.OVERDUE),  # on the deadline day, not done
        (D(2026, 7, 5), "2026-06", task_rules.OVERDUE),  # June's return, sent after the deadline
        (D(2026, 6, 29), "2026-06", task_rules.OVERDUE),  # June's return covers the deadline's month
        (D(2026, 6, 20), "2026-05", task_rules.PAST_DUE_UNREPORTED),  # May's return, sent before the deadline
        (D(2026, 6, 29), "2026-Q2", task_rules.OVERDUE),  # a quarter's return that ends on the deadline
    ],
)
def test_a_report_since_the_deadline_saying_not_done_makes_it_overdue(reported, period, expected):
    s = task_rules.task_status(DEADLINE, False, D(2026, 7, 11), "in_progress", None, reported, "30/6/2026", period)
    assert (s.code, s.days_overdue) == (expected, 11)
    assert task_rules.task_status(DEADLINE, False, D(2026, 7, 11), "not_started", None, reported, None, period) == s


def test_a_report_made_after_the_day_asked_is_not_known_that_day():
    s = task_rules.task_status(DEADLINE, False, D(2026, 7, 3), "in_progress", None, D(2026, 7, 10), None, "2026-07")
    assert s.code == task_rules.PAST_DUE_UNREPORTED


def test_no_completion_date_and_far_deadline_is_in_progress_not_due_soon():
    s = task_rules.task_status(DEADLINE, False, D(2026, 5, 1))
    assert (s.code, s.days_left, s.due_soon) == (task_rules.IN_PROGRESS, 60, False)
    assert task_rules.task_status(DEADLINE, False, D(2026, 5, 31)).due_soon  # 30 days left


def test_done_reported_without_a_date_counts_from_the_report():
    s = task_rules.task_status(DEADLINE, False, D(2026, 7, 15), "done", None, D(2026, 7, 10))
    assert (s.code, s.completed_on) == (task_rules.DONE_LATE, D(2026, 7, 10))


def test_a_completion_after_the_day_asked_does_not_count_yet():
    s = task_rules.task_status(DEADLINE, False, D(2026, 6, 1), "in_progress", D(2026, 6, 20), D(2026, 6, 1))
    assert s.code == task_rules.IN_PROGRESS


@pytest.mark.parametrize(
    ("text", "reported", "as_of", "expected"),
    [
        ("Thường xuyên", D(2026, 11, 3), D(2026, 11, 20), task_rules.RECURRING_REPORTED),
        ("Thường xuyên", D(2026, 10, 31), D(2026, 11, 20), task_rules.RECURRING_UNREPORTED),
        ("Hàng quý", D(2026, 10, 5), D(2026, 12, 1), task_rules.RECURRING_REPORTED),
        ("Hàng quý", D(2026, 9, 30), D(2026, 10, 1), task_rules.RECURRING_UNREPORTED),
        ("Thường xuyên", None, D(2026, 11, 20), task_rules.RECURRING_UNREPORTED),
    ],
)
def test_recurring_tasks_are_judged_by_a_report_in_the_period(text, reported, as_of, expected):
    assert parse_deadline(text).recurring
    s = task_rules.task_status(None, True, as_of, "in_progress" if reported else None, None, reported, text)
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
    assert task_rules.task_status(deadline, False, last_day).code == task_rules.IN_PROGRESS
    assert (
        task_rules.task_status(deadline, False, last_day + dt.timedelta(days=1)).code == task_rules.PAST_DUE_UNREPORTED
    )


def test_a_conditional_deadline_has_no_date_and_says_so():
    text = "ngay sau khi có hướng dẫn của lực lượng chuyên trách bảo vệ an ninh mạng Bộ Công an"
    assert parse_deadline(text).date is None
    assert task_rules.task_status(None, False, D(2026, 12, 1)).label == "Hạn theo điều kiện"


def test_a_task_with_no_report_this_month_is_stale():
    assert task_rules.stale(None, D(2026, 12, 1))
    assert task_rules.stale(D(2026, 11, 30), D(2026, 12, 1))
    assert not task_rules.stale(D(2026, 12, 1), D(2026, 12, 1))


def test_every_status_has_a_label_a_colour_and_a_place_in_the_order():
    assert set(task_rules.LABELS) == set(task_rules.COLOURS) == set(task_rules.ORDER)
    assert len(set(task_rules.COLOURS.values())) == len(task_rules.COLOURS)  # each state its own colour
    assert task_rules.ORDER[:2] == (task_rules.OVERDUE, task_rules.PAST_DUE_UNREPORTED)


def test_the_rule_names_every_status_as_it_is_shown():
    for label in task_rules.LABELS.values():
        assert f"“{label}”" in task_rules.RULE, label


def test_deadlines_export_reads_back_in_order_with_cells_neutralised():
    import io

    import openpyxl
    import pandas as pd

    from nq57 import exports

    reg = task_rules.register(
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
    rows = task_rules.deadlines_ahead(reg, 30)
    assert list(rows["code"]) == ["T1", "T2"]  # T3 is due in more than 30 days
    wb = openpyxl.load_workbook(io.BytesIO(exports.deadlines_workbook(rows, D(2026, 6, 1), 30)))
    ws = wb.active
    assert "1/6/2026" in ws["A1"].value
    body = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in body] == ["T1", "T2"]
    assert body[0][1] == '\'=HYPERLINK("x")'
    assert (body[0][6], body[0][7]) == ("Đã qua hạn, chưa có báo cáo", 62)  # nothing reported since 31/3
    assert (body[1][6], body[1][8]) == ("Đang thực hiện, trong hạn", 29)


def _register(rows: list[dict], as_of: dt.date) -> pd.DataFrame:
    """A tasks/status frame from a few rows (the columns the rule reads), through the register."""
    base = {
        "plan": "32-KH/TU", "lead": "Sở A", "partners": None, "deadline_text": None, "recurring": False,
        "status": None, "completed_on": None, "report_date": None, "update_period": None, "restates": None,
        "restated_by": None,
    }  # fmt: skip
    return task_rules.register(pd.DataFrame([base | r for r in rows]), as_of)


def test_a_pair_of_tasks_counts_once_in_the_state_that_needs_more_attention():
    # 32KH-16 is due 30/6, the notice restates it as 01TB-06 due 31/12; a report for either counts for both.
    reg = _register(
        [
            {"code": "32KH-16", "name": "Hạ tầng cấp xã", "deadline": D(2026, 6, 30), "restated_by": "01TB-06"},
            {"code": "32KH-21", "name": "Danh mục CSDL", "deadline": D(2026, 3, 31), "restated_by": "01TB-25"},
            {"code": "01TB-06", "name": "4G 100% thôn, bản", "deadline": D(2026, 12, 31), "restates": "32KH-16"},
            {"code": "01TB-25", "name": "Danh mục dữ liệu", "deadline": D(2026, 6, 30), "restates": "32KH-21"},
            {"code": "01TB-26", "name": "Kiện toàn BCĐ", "deadline": D(2026, 4, 30)},
        ],
        D(2026, 12, 6),
    )
    assert list(reg["linked"].fillna("")) == ["01TB-06", "01TB-25", "32KH-16", "32KH-21", ""]
    once = task_rules.counted(reg)
    assert list(once["code"]) == ["32KH-16", "32KH-21", "01TB-26"]  # the original task on a tie
    assert list(once["state"]) == [task_rules.PAST_DUE_UNREPORTED] * 3
    # Reported done on 20/5 for the notice's task: the plan's deadline (31/3) was missed, the notice's (30/6) was not.
    done = {"status": "done", "completed_on": D(2026, 5, 20), "report_date": D(2026, 6, 1)}
    reg = _register(
        [
            {"code": "32KH-21", "name": "Danh mục CSDL", "deadline": D(2026, 3, 31), **done},
            {"code": "01TB-25", "name": "Danh mục dữ liệu", "deadline": D(2026, 6, 30), "restates": "32KH-21", **done},
        ],
        D(2026, 12, 6),
    )
    assert list(reg["state"]) == [task_rules.DONE_LATE, task_rules.DONE_ON_TIME]
    assert list(task_rules.counted(reg)["state"]) == [task_rules.DONE_LATE]


def test_scorecards_and_the_list_read_out_count_a_pair_once():
    reg = _register(
        [
            {"code": "32KH-21", "name": "Danh mục CSDL", "deadline": D(2026, 3, 31), "lead": "Công an"},
            {"code": "01TB-25", "name": "Danh mục dữ liệu", "deadline": D(2026, 6, 30), "restates": "32KH-21"},
            {"code": "01TB-19", "name": "Giám sát an ninh mạng", "deadline": D(2026, 4, 30), "lead": "Công an",
             "status": "in_progress", "report_date": D(2026, 5, 5), "update_period": "2026-04"},
            {"code": "01TB-07", "name": "Thỏa thuận hợp tác", "deadline": D(2026, 12, 20)},
        ],
        D(2026, 12, 6),
    )  # fmt: skip
    agencies = pd.DataFrame(
        {
            "task_code": ["32KH-21", "01TB-25", "01TB-19", "01TB-07"],
            "unit_name": ["Công an tỉnh", "Công an tỉnh", "Công an tỉnh", "Sở A"],
            "role": ["lead"] * 4,
        }
    )
    card = task_rules.scorecard(reg, agencies, "lead")
    assert card.loc["Công an tỉnh", "total"] == 2
    assert (card.loc["Công an tỉnh", task_rules.OVERDUE], card.loc["Công an tỉnh", task_rules.PAST_DUE_UNREPORTED]) == (
        1,
        1,
    )
    rows = task_rules.deadlines_ahead(reg, 30)
    assert list(rows["code"]) == ["01TB-19", "32KH-21", "01TB-07"]  # reported overdue, not reported, due soon
    assert list(rows["days_overdue"][:2]) == [220, 250]
