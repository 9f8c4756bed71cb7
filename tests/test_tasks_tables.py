"""The tasks page's counts, tables, filters and sorts (nq57.tasks) on the baseline register, nothing reported yet."""

import datetime as dt

import pandas as pd
import pytest

import queries
from nq57 import task_rules, tasks

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def reg(ro):
    return task_rules.register(queries.frame(ro.cursor(), "tasks/status", as_of=DAY), DAY)


@pytest.fixture
def agencies(ro):
    return queries.frame(ro.cursor(), "tasks/agencies")


def test_counts_count_a_pair_once_except_the_number_of_tasks(reg):
    got = tasks.counts(reg)
    assert (got.tasks, got.pieces, got.pairs) == (66, 62, 4)
    assert (got.done, got.done_late, got.overdue) == (0, 0, 0)  # no return has reported on any task
    assert (got.past_due_unreported, got.due_soon, got.stale) == (16, 15, 62)


def test_pairs_text_names_each_restated_task(reg):
    assert tasks.pairs_text(reg) == (
        "4 nhiệm vụ của Thông báo 01-TB/CQTTBCD nhắc lại nhiệm vụ của Kế hoạch 32-KH/TU (01TB-01 là 32KH-03, "
        "01TB-02 là 32KH-17, 01TB-06 là 32KH-16, 01TB-25 là 32KH-21): mỗi cặp tính một lần"
    )


def test_plans_table_has_each_plan_and_a_total_counting_a_pair_once(reg):
    table = tasks.plans_table(reg).set_index("Văn bản")
    assert list(table.columns) == [
        "Tổng",
        "Đã qua hạn, chưa có báo cáo",
        "Thường xuyên, chưa báo cáo kỳ này",
        "Đang thực hiện, trong hạn",
        "Hạn theo điều kiện",
    ]  # worst first, only the states that occur
    assert list(table.loc["32-KH/TU"]) == [40, 8, 19, 13, 0]
    assert list(table.loc["01-TB/CQTTBCD"]) == [26, 9, 0, 16, 1]
    assert list(table.loc[tasks.TOTAL_ONCE]) == [62, 16, 19, 26, 1]


def test_deadlines_ahead_table_and_its_summary(reg):
    rows = task_rules.deadlines_ahead(reg, 30)
    assert tasks.ahead_text(rows, 30) == (
        "0 nhiệm vụ quá hạn (báo cáo từ ngày hạn cho biết chưa hoàn thành), 16 nhiệm vụ đã qua hạn chưa có báo cáo "
        "(lâu nhất trước trong mỗi loại), 15 nhiệm vụ đến hạn trong 30 ngày tới; mỗi cặp nhiệm vụ trùng một dòng."
    )
    table = tasks.ahead_table(rows)
    assert list(table.columns) == ["Cơ quan chủ trì", "Mã", "Nhiệm vụ", "Thời hạn", "Trạng thái", "Số ngày"]
    assert len(table) == 31
    first = table.iloc[0]
    assert (first["Mã"], first["Thời hạn"], first["Số ngày"]) == (
        "32KH-03 · 01TB-01",
        "Tháng 01/2026",
        "qua hạn 121 ngày",
    )
    assert table["Số ngày"].iloc[-1].startswith("còn ")


def test_days_text_tells_overdue_from_past_due_and_days_left():
    rows = pd.DataFrame(
        {
            "days_overdue": pd.array([3, 40, None], dtype="Int64"),
            "days_left": pd.array([None, None, 12], dtype="Int64"),
            "state": [task_rules.OVERDUE, task_rules.PAST_DUE_UNREPORTED, task_rules.IN_PROGRESS],
        }
    )
    assert tasks.days_text(rows) == ["quá hạn 3 ngày", "qua hạn 40 ngày", "còn 12 ngày"]


def test_scorecard_table_keeps_the_states_that_occur_and_the_total(reg, agencies):
    card = tasks.scorecard_table(reg, agencies, "lead", "Cơ quan chủ trì").set_index("Cơ quan chủ trì")
    assert list(card.columns) == [
        "Đã qua hạn, chưa có báo cáo",
        "Thường xuyên, chưa báo cáo kỳ này",
        "Đang thực hiện, trong hạn",
        "Hạn theo điều kiện",
        "Tổng",
    ]
    assert card.index[0] == "Đảng ủy UBND tỉnh"
    assert list(card.loc["Đảng ủy UBND tỉnh"]) == [7, 11, 18, 0, 36]
    assert list(card.loc["Công an tỉnh"]) == [5, 0, 2, 1, 8]


def test_choices_of_the_filters(reg, agencies):
    assert tasks.group_choices(reg) == [
        *("I", "II", "III", "IV", "IX", "V", "VI", "VII", "VIII", "X"),
        *("2.1", "2.2", "2.3", "2.4", "2.6"),
    ]  # the plan's groups before the notice's
    leads = tasks.lead_choices(agencies)
    assert len(leads) == 18 and leads == sorted(leads)
    assert leads[0] == "Ban Chỉ đạo tỉnh về thực hiện Nghị quyết số 57-NQ/TW"


def test_filtered_by_plan_group_lead_and_state(reg, agencies):
    every = tasks.filtered(reg, agencies, tasks.ALL, tasks.ALL, tasks.ALL, [])
    assert len(every) == 66
    group = tasks.filtered(reg, agencies, "32-KH/TU", "V", tasks.ALL, [])
    assert list(group["code"]) == [f"32KH-{n}" for n in range(16, 25)]
    assert list(tasks.filtered(reg, agencies, tasks.ALL, tasks.ALL, "Đảng ủy Công an tỉnh", [])["code"]) == ["32KH-21"]
    past = tasks.filtered(reg, agencies, "01-TB/CQTTBCD", tasks.ALL, tasks.ALL, [task_rules.PAST_DUE_UNREPORTED])
    assert len(past) == 9 and set(past["plan"]) == {"01-TB/CQTTBCD"}


def test_register_table_row_of_a_task(reg):
    row = tasks.register_table(reg).set_index("Mã").loc["32KH-16"]
    assert (row["Nhóm"], row["Cùng việc với"], row["Thời hạn"]) == ("V", "01TB-06", "30/6/2026")
    assert (row["Trạng thái"], row["Báo cáo gần nhất"], row["Chưa báo cáo tháng này"]) == (
        "Đang thực hiện, trong hạn",
        "Chưa có",
        True,
    )
    assert pd.isna(row["Số ngày kể từ hạn"])


def test_one_task_its_name_source_and_pair(reg):
    task = reg.set_index("code").loc["32KH-21"]
    assert tasks.names(reg)["32KH-21"].startswith("32KH-21 · Tham mưu ban hành danh mục cơ sở dữ liệu của tỉnh")
    assert tasks.cited(task) == "32-KH/TU, Phụ lục 02, mục V, nhiệm vụ 21"
    assert list(tasks.linked(reg, task)["code"]) == ["01TB-25"]
    assert tasks.linked(reg, reg.set_index("code").loc["32KH-07"]).empty  # a task with no pair


def test_history_table_names_the_file_sheet_row_and_unit():
    history = pd.DataFrame(
        {
            "task_code": ["32KH-21", "01TB-25"],
            "report_date": [dt.date(2026, 6, 2), dt.date(2026, 5, 3)],
            "status": ["done", "in_progress"],
            "completed_on": [dt.date(2026, 5, 20), None],
            "progress": [None, 50.0],
            "note": [None, "đang làm"],
            "upload_id": [2, 1],
            "file_name": ["cong_an_t5.xlsx", "ca_t4.xlsx"],
            "unit_name": ["Đảng ủy Công an tỉnh", None],
            "upload_status": ["active", "rolled_back"],
            "sheet": ["Tiến độ nhiệm vụ", "Tiến độ nhiệm vụ"],
            "row_number": [2, 5],
        }
    )
    table = tasks.history_table(history)
    assert list(table["Ngày báo cáo"]) == ["2/6/2026", "3/5/2026"]
    assert list(table["Ngày hoàn thành"]) == ["20/5/2026", ""]
    assert list(table["Tình trạng"]) == ["Đã hoàn thành", "Đang thực hiện"]
    assert list(table["Tiến độ"]) == ["", "50%"]
    assert list(table["Ghi chú"]) == ["", "đang làm"]
    assert list(table["Nguồn"]) == [
        "“cong_an_t5.xlsx” (lần nhập 2, trang Tiến độ nhiệm vụ, dòng 2), báo cáo của Đảng ủy Công an tỉnh",
        "“ca_t4.xlsx” (lần nhập 1, trang Tiến độ nhiệm vụ, dòng 5) — đã hoàn tác",
    ]
