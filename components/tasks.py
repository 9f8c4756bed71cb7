"""The tasks page's views: the cards, states by group and by plan, and one render function per tab."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import charts, db, kpi
from components.text import md, md_frame
from nq57 import exports, fmt, task_rules, tasks
from nq57.periods import parse_period


def cards(reg: pd.DataFrame, latest: pd.DataFrame, as_of: dt.date) -> None:
    """Six cards: the documents' own count of tasks done, then the register's done, past due, due soon and stale.

    latest: overview/latest_values for the province."""
    latest = latest.set_index("indicator_code")
    count = tasks.counts(reg)
    columns = st.columns(6)
    if "NV_HOANTHANH" in latest.index:
        row = latest.loc["NV_HOANTHANH"]
        with columns[0]:
            kpi.kpi_card(
                "Nhiệm vụ được giao đã hoàn thành",
                kpi.card_value(row),
                kpi.card_caption(row, parse_period(row["period"]).label),
                detail=f"tỷ lệ **{fmt.percent(100 * row.value / row.denominator, 1)}** (toàn bộ nhiệm vụ của tỉnh)",
            )
    with columns[1]:
        kpi.kpi_card(
            "Sổ nhiệm vụ: đã hoàn thành",
            f"{count.done}/{count.pieces}",
            f"Tính đến {fmt.date(as_of)}, theo báo cáo tháng của các cơ quan chủ trì; {count.tasks} nhiệm vụ, "
            f"{count.pairs} cặp trùng tính một lần",
            detail=f"{count.done_late} nhiệm vụ hoàn thành quá hạn",
        )
    with columns[2]:
        kpi.kpi_card(
            task_rules.LABELS[task_rules.OVERDUE],
            fmt.number(count.overdue),
            "Đã qua hạn, báo cáo từ ngày hạn cho biết chưa hoàn thành",
        )
    with columns[3]:
        kpi.kpi_card(
            task_rules.LABELS[task_rules.PAST_DUE_UNREPORTED],
            fmt.number(count.past_due_unreported),
            "Đã qua hạn, chưa có báo cáo nào từ ngày hạn: chưa biết đã hoàn thành hay chưa",
        )
    with columns[4]:
        kpi.kpi_card(
            f"Đến hạn trong {task_rules.DUE_SOON_DAYS} ngày",
            fmt.number(count.due_soon),
            f"Hạn từ {fmt.date(as_of)} đến {fmt.date(as_of + dt.timedelta(days=task_rules.DUE_SOON_DAYS))}",
        )
    with columns[5]:
        kpi.kpi_card(
            "Chưa báo cáo tháng này",
            fmt.number(count.stale),
            f"Nhiệm vụ chưa có báo cáo nào từ {fmt.date(as_of.replace(day=1))}",
        )


def states_by_group_and_plan(reg: pd.DataFrame) -> None:
    """The chart of states by group beside the table of states by plan."""
    chart, by_plan = st.columns([3, 2])
    with chart:
        st.markdown("**Trạng thái theo nhóm nhiệm vụ**")
        st.plotly_chart(charts.build_task_states_by_group(reg), width="stretch", config={"displayModeBar": False})
    with by_plan:
        st.markdown("**Theo văn bản giao**")
        st.table(md_frame(tasks.plans_table(reg)), hide_index=True)
        st.caption(md(tasks.pairs_text(reg)) + ", theo trạng thái cần chú ý hơn của hai nhiệm vụ.")


def deadlines_ahead(reg: pd.DataFrame, as_of: dt.date) -> None:
    """Tab “Sắp đến hạn”: past due, then due within 30, 60 or 90 days, by urgency or by agency, and its workbook."""
    within, order = st.columns(2)
    days = within.segmented_control(
        "Trong vòng",
        list(tasks.AHEAD_DAYS),
        default=tasks.AHEAD_DAYS[0],
        required=True,
        format_func=lambda d: f"{d} ngày",
        key="tasks-ahead-days",
    )
    by_agency = order.segmented_control(
        "Xếp theo",
        [False, True],
        default=False,
        required=True,
        format_func=lambda a: "Từng cơ quan chủ trì" if a else "Quá hạn lâu nhất trước",
        key="tasks-ahead-order",
    )
    rows = task_rules.deadlines_ahead(reg, days, by_agency)
    st.caption(tasks.ahead_text(rows, days))
    st.dataframe(
        tasks.ahead_table(rows),
        hide_index=True,
        width="stretch",
        key="tasks-ahead",
        column_config={"Nhiệm vụ": st.column_config.TextColumn(width="large")},
    )
    st.download_button(
        "Tải danh sách (Excel)",
        data=lambda: exports.deadlines_workbook(rows, as_of, days),  # built when clicked, not on every rerun
        file_name=f"nhiem_vu_den_han_{as_of.isoformat()}_{days}_ngay.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="tasks-ahead-download",
    )


def scorecards(reg: pd.DataFrame, agencies: pd.DataFrame) -> None:
    """Tab “Theo cơ quan”: pieces of work in each state per lead agency, then per partner agency."""
    for role, title in tasks.ROLES:
        st.markdown(f"**{title}**")
        st.dataframe(
            tasks.scorecard_table(reg, agencies, role, title),
            hide_index=True,
            width="stretch",
            key=f"tasks-scorecard-{role}",
        )


def listing(reg: pd.DataFrame, agencies: pd.DataFrame) -> None:
    """Tab “Danh sách”: every task, filtered by plan, group, lead agency and state."""
    f1, f2, f3, f4 = st.columns(4)
    plan = f1.selectbox("Văn bản giao", list(tasks.PLANS), key="tasks-plan")
    group = f2.selectbox("Nhóm", [tasks.ALL, *tasks.group_choices(reg)], key="tasks-group")
    lead = f3.selectbox("Cơ quan chủ trì", [tasks.ALL, *tasks.lead_choices(agencies)], key="tasks-lead")
    states = f4.multiselect(
        "Trạng thái",
        list(task_rules.ORDER),
        format_func=task_rules.LABELS.get,
        placeholder="Mọi trạng thái",
        key="tasks-state",
    )
    shown = tasks.filtered(reg, agencies, plan, group, lead, states)
    st.caption(f"{len(shown)} nhiệm vụ; bấm tiêu đề cột để sắp xếp.")
    st.dataframe(
        tasks.register_table(shown),
        hide_index=True,
        width="stretch",
        key="tasks-table",
        column_config={
            "Mã": st.column_config.TextColumn(width=80),
            "Nhóm": st.column_config.TextColumn(width=55),
            "Tên nhiệm vụ": st.column_config.TextColumn(width="large"),
            "Chưa báo cáo tháng này": st.column_config.CheckboxColumn(width=90),
        },
    )


def detail(reg: pd.DataFrame) -> None:
    """Tab “Chi tiết nhiệm vụ”: one task's state, deadline, agencies, product, source, pair and every update."""
    names = tasks.names(reg)
    code = st.selectbox("Nhiệm vụ", list(names), format_func=names.get, key="tasks-detail")
    task = reg.set_index("code").loc[code]
    a, b, c = st.columns(3)
    a.metric("Trạng thái", task["state_label"], border=True)
    b.metric("Thời hạn", md(task["deadline_text"]) or fmt.DASH, border=True)
    c.metric("Báo cáo gần nhất", tasks.report_day(task["report_date"]), border=True)
    st.markdown(f"**Chủ trì:** {md(task['lead'])}  \n**Phối hợp:** {md(task['partners']) or fmt.DASH}")
    st.markdown(f"**Sản phẩm:** {md(task['product']) or fmt.DASH}")
    st.caption(f"Nguồn: {md(tasks.cited(task))}")
    if isinstance(task["linked"], str):
        said = "Nhắc lại nhiệm vụ" if isinstance(task["restates"], str) else "Được nhắc lại tại"
        st.markdown(
            f"**{said}:** "
            + "; ".join(f"{md(o.code)} · {md(o.name)} ({md(o.plan)})" for o in tasks.linked(reg, task).itertuples())
            + ". Hai nhiệm vụ là một việc: báo cáo cho nhiệm vụ nào cũng tính cho cả hai, và trong các số đếm "
            "cặp này tính một lần."
        )
        if isinstance(task["update_task"], str) and task["update_task"] != code:
            st.caption(f"Báo cáo gần nhất gửi cho nhiệm vụ {md(task['update_task'])} (cùng việc).")
    history = db.query("tasks/history", task_code=code)
    if history.empty:
        st.info("Chưa có báo cáo tiến độ nào cho nhiệm vụ này.")
    else:
        st.dataframe(tasks.history_table(history), hide_index=True, width="stretch", key="tasks-history")
