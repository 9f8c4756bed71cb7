"""Nhiệm vụ: the official status of every task on a chosen day, by group and agency, and the deadlines ahead."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import charts, db, kpi
from components.overview import rule_note
from components.text import md, md_frame
from nq57 import codes, exports, fmt, task_rules, workbook_format

today = dt.date.today()
st.title("Nhiệm vụ")
st.markdown("##### Nhiệm vụ năm 2026 theo Phụ lục 02 Kế hoạch 32-KH/TU và Thông báo 01-TB/CQTTBCD")

left, _ = st.columns([1, 3])
as_of = left.date_input("Tính đến ngày", value=today, format="DD/MM/YYYY", key="tasks-as-of")
reg = task_rules.register(db.query("tasks/status", as_of=as_of), as_of)
agencies = db.query("tasks/agencies")
latest = db.query("overview/latest_values", unit_code=codes.PROVINCE, as_of=as_of).set_index("indicator_code")
# Totals count each piece of work once: a task of 01-TB/CQTTBCD that restates one of 32-KH/TU is counted with it.
once = task_rules.counted(reg)
counts = once["state"].value_counts()
done = int(once["state"].isin(task_rules.DONE).sum())
pairs = reg[reg["restates"].notna()]
pairs_text = (
    f"{len(pairs)} nhiệm vụ của Thông báo 01-TB/CQTTBCD nhắc lại nhiệm vụ của Kế hoạch 32-KH/TU ("
    + ", ".join(f"{a} là {b}" for a, b in zip(pairs["code"], pairs["restates"], strict=True))
    + "): mỗi cặp tính một lần"
)

cards = st.columns(6)
if "NV_HOANTHANH" in latest.index:
    row = latest.loc["NV_HOANTHANH"]
    with cards[0]:
        kpi.kpi_card(
            "Nhiệm vụ được giao đã hoàn thành",
            kpi.card_value(row),
            kpi.card_caption(row, "Quý I/2026"),
            detail=f"tỷ lệ **{fmt.percent(100 * row.value / row.denominator, 1)}** (toàn bộ nhiệm vụ của tỉnh)",
        )
with cards[1]:
    kpi.kpi_card(
        "Sổ nhiệm vụ: đã hoàn thành",
        f"{done}/{len(once)}",
        f"Tính đến {fmt.date(as_of)}, theo báo cáo tháng của các cơ quan chủ trì; {len(reg)} nhiệm vụ, "
        f"{len(pairs)} cặp trùng tính một lần",
        detail=f"{counts.get(task_rules.DONE_LATE, 0)} nhiệm vụ hoàn thành quá hạn",
    )
with cards[2]:
    kpi.kpi_card(
        task_rules.LABELS[task_rules.OVERDUE],
        fmt.number(int(counts.get(task_rules.OVERDUE, 0))),
        "Đã qua hạn, báo cáo từ ngày hạn cho biết chưa hoàn thành",
    )
with cards[3]:
    kpi.kpi_card(
        task_rules.LABELS[task_rules.PAST_DUE_UNREPORTED],
        fmt.number(int(counts.get(task_rules.PAST_DUE_UNREPORTED, 0))),
        "Đã qua hạn, chưa có báo cáo nào từ ngày hạn: chưa biết đã hoàn thành hay chưa",
    )
with cards[4]:
    kpi.kpi_card(
        f"Đến hạn trong {task_rules.DUE_SOON_DAYS} ngày",
        fmt.number(int(once["due_soon"].sum())),
        f"Hạn từ {fmt.date(as_of)} đến {fmt.date(as_of + dt.timedelta(days=task_rules.DUE_SOON_DAYS))}",
    )
with cards[5]:
    kpi.kpi_card(
        "Chưa báo cáo tháng này",
        fmt.number(int(once["stale"].sum())),
        f"Nhiệm vụ chưa có báo cáo nào từ {fmt.date(as_of.replace(day=1))}",
    )
rule_note()

chart, by_plan = st.columns([3, 2])
with chart:
    st.markdown("**Trạng thái theo nhóm nhiệm vụ**")
    st.plotly_chart(charts.build_task_states_by_group(reg), width="stretch", config={"displayModeBar": False})
with by_plan:
    st.markdown("**Theo văn bản giao**")
    plans = pd.crosstab(reg["plan"], reg["state"]).reindex(columns=list(task_rules.ORDER), fill_value=0)
    plans.loc["Tổng, mỗi việc tính một lần"] = once["state"].value_counts().reindex(task_rules.ORDER, fill_value=0)
    plans = plans.loc[:, plans.sum() > 0].rename(columns=task_rules.LABELS)
    plans.insert(0, "Tổng", plans.sum(axis=1))
    st.table(md_frame(plans.rename_axis("Văn bản").reset_index()), hide_index=True)
    st.caption(md(pairs_text) + ", theo trạng thái cần chú ý hơn của hai nhiệm vụ.")

ahead, scorecards, listing, detail = st.tabs(["Sắp đến hạn", "Theo cơ quan", "Danh sách", "Chi tiết nhiệm vụ"])

with ahead:
    within, order = st.columns(2)
    days = within.segmented_control(
        "Trong vòng",
        [30, 60, 90],
        default=30,
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
    st.caption(
        f"{int((rows['state'] == task_rules.OVERDUE).sum())} nhiệm vụ quá hạn (báo cáo từ ngày hạn cho biết chưa hoàn "
        f"thành), {int((rows['state'] == task_rules.PAST_DUE_UNREPORTED).sum())} nhiệm vụ đã qua hạn chưa có báo cáo "
        f"(lâu nhất trước trong mỗi loại), {int((rows['state'] == task_rules.IN_PROGRESS).sum())} nhiệm vụ đến hạn "
        f"trong {days} ngày tới; mỗi cặp nhiệm vụ trùng một dòng."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Cơ quan chủ trì": rows["lead"],
                "Mã": task_rules.codes(rows),
                "Nhiệm vụ": rows["name"],
                "Thời hạn": rows["deadline_text"],
                "Trạng thái": rows["state_label"],
                "Số ngày": [
                    f"còn {left} ngày"
                    if pd.isna(o)
                    else f"quá hạn {o} ngày"
                    if s == task_rules.OVERDUE
                    else f"qua hạn {o} ngày"
                    for o, left, s in zip(rows["days_overdue"], rows["days_left"], rows["state"], strict=True)
                ],
            }
        ),
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

with scorecards:
    for role, title in (("lead", "Cơ quan chủ trì"), ("partner", "Cơ quan phối hợp")):
        st.markdown(f"**{title}**")
        card = task_rules.scorecard(reg, agencies, role)
        card = card.loc[:, (card.sum() > 0) | (card.columns == "total")]
        st.dataframe(
            card.rename(columns={**task_rules.LABELS, "total": "Tổng"}).rename_axis(title).reset_index(),
            hide_index=True,
            width="stretch",
            key=f"tasks-scorecard-{role}",
        )

with listing:
    f1, f2, f3, f4 = st.columns(4)
    plan = f1.selectbox("Văn bản giao", ["Tất cả", "32-KH/TU", "01-TB/CQTTBCD"], key="tasks-plan")
    groups = sorted(reg["group_code"].unique(), key=lambda g: (len(g.split(".")) > 1, g))
    group = f2.selectbox("Nhóm", ["Tất cả", *groups], key="tasks-group")
    leads = sorted(agencies.loc[agencies["role"] == "lead", "unit_name"].unique())
    lead = f3.selectbox("Cơ quan chủ trì", ["Tất cả", *leads], key="tasks-lead")
    states = f4.multiselect(
        "Trạng thái",
        list(task_rules.ORDER),
        format_func=task_rules.LABELS.get,
        placeholder="Mọi trạng thái",
        key="tasks-state",
    )
    shown = reg
    if plan != "Tất cả":
        shown = shown[shown["plan"] == plan]
    if group != "Tất cả":
        shown = shown[shown["group_code"] == group]
    if lead != "Tất cả":
        led = set(agencies.loc[(agencies["role"] == "lead") & (agencies["unit_name"] == lead), "task_code"])
        shown = shown[shown["code"].isin(led)]
    if states:
        shown = shown[shown["state"].isin(states)]
    st.caption(f"{len(shown)} nhiệm vụ; bấm tiêu đề cột để sắp xếp.")
    st.dataframe(
        pd.DataFrame(
            {
                "Mã": shown["code"],
                "Nhóm": shown["group_code"],
                "Tên nhiệm vụ": shown["name"],
                "Chủ trì": shown["lead"],
                "Cùng việc với": shown["linked"],
                "Thời hạn": shown["deadline_text"].fillna(""),
                "Trạng thái": shown["state_label"],
                "Số ngày kể từ hạn": shown["days_overdue"],
                "Báo cáo gần nhất": [fmt.date(d) if pd.notna(d) else "Chưa có" for d in shown["report_date"]],
                "Chưa báo cáo tháng này": shown["stale"],
            }
        ),
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

with detail:
    names = dict(zip(reg["code"], reg["code"] + " · " + reg["name"], strict=True))
    code = st.selectbox("Nhiệm vụ", list(names), format_func=names.get, key="tasks-detail")
    task = reg.set_index("code").loc[code]
    a, b, c = st.columns(3)
    a.metric("Trạng thái", task["state_label"], border=True)
    b.metric("Thời hạn", md(task["deadline_text"]) or fmt.DASH, border=True)
    c.metric(
        "Báo cáo gần nhất",
        fmt.date(task["report_date"]) if pd.notna(task["report_date"]) else "Chưa có",
        border=True,
    )
    st.markdown(f"**Chủ trì:** {md(task['lead'])}  \n**Phối hợp:** {md(task['partners']) or fmt.DASH}")
    st.markdown(f"**Sản phẩm:** {md(task['product']) or fmt.DASH}")
    cited = ", ".join(v for v in (task["plan"], task["source_ref"]) if isinstance(v, str) and v)
    st.caption(f"Nguồn: {md(cited)}")
    if isinstance(task["linked"], str):
        others = reg[reg["code"].isin(task["linked"].split("; "))]
        said = "Nhắc lại nhiệm vụ" if isinstance(task["restates"], str) else "Được nhắc lại tại"
        st.markdown(
            f"**{said}:** "
            + "; ".join(f"{md(o.code)} · {md(o.name)} ({md(o.plan)})" for o in others.itertuples())
            + ". Hai nhiệm vụ là một việc: báo cáo cho nhiệm vụ nào cũng tính cho cả hai, và trong các số đếm "
            "cặp này tính một lần."
        )
        if isinstance(task["update_task"], str) and task["update_task"] != code:
            st.caption(f"Báo cáo gần nhất gửi cho nhiệm vụ {md(task['update_task'])} (cùng việc).")
    history = db.query("tasks/history", task_code=code)
    if history.empty:
        st.info("Chưa có báo cáo tiến độ nào cho nhiệm vụ này.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Nhiệm vụ": history["task_code"],
                    "Ngày báo cáo": [fmt.date(d) for d in history["report_date"]],
                    "Tình trạng": history["status"].map(workbook_format.TASK_STATUS_LABELS),
                    "Ngày hoàn thành": [fmt.date(d) if pd.notna(d) else "" for d in history["completed_on"]],
                    "Tiến độ": [fmt.percent(p) if pd.notna(p) else "" for p in history["progress"]],
                    "Ghi chú": history["note"].fillna(""),
                    "Nguồn": [
                        f"“{r.file_name}” (lần nhập {r.upload_id}, trang {r.sheet}, dòng {r.row_number})"
                        + (f", báo cáo của {r.unit_name}" if isinstance(r.unit_name, str) else "")
                        + (" — đã hoàn tác" if r.upload_status != "active" else "")
                        for r in history.itertuples()
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
            key="tasks-history",
        )
