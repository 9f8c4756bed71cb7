"""Building blocks of the leaders' board: the period picker, status cards, what changed, and the meeting pack."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import kpi
from components.text import md, md_frame
from nq57 import board, fmt, pack, status, task_rules
from nq57.snapshot import Snapshot

# A thick left edge in the status colour on every card, so the colours read from the back of the room.
_CSS = (
    "<style>"
    + "".join(
        f'div[class*="st-key-card-{rag}-"] {{ border-left: 12px solid {colour} !important; }}'
        for rag, colour in status.RAG_COLOURS.items()
    )
    + "</style>"
)


def period_picker(today: dt.date, key: str) -> board.BoardPeriod:
    """Month, quarter or year to date, then which one; the current one by default."""
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    mode = left.segmented_control(
        "Kỳ xem",
        list(board.MODES),
        default="quarter",
        required=True,
        format_func=board.MODES.get,
        key=f"{key}-mode",
    )
    choices = board.period_choices(mode, today, 12 if mode != "ytd" else 3)
    code = right.selectbox(
        "Kỳ",
        choices,
        format_func=lambda c: board.choose_period(mode, c, today).label,
        key=f"{key}-{mode}",
        label_visibility="collapsed",
    )
    return board.choose_period(mode, code, today)


def has_sample(frame: pd.DataFrame) -> bool:
    return "sample" in frame and bool(frame["sample"].fillna(False).astype(bool).any())


def sample_banner(frame: pd.DataFrame) -> None:
    if has_sample(frame):
        st.warning(
            f"**{fmt.SAMPLE_MARK}.** Một số số liệu dưới đây là dữ liệu mẫu để trình diễn; "
            "nguồn của từng số ghi rõ. Quản trị viên hoàn tác lần nạp dữ liệu mẫu để xóa.",
            icon=":material/science:",
        )


def badge(row) -> str:
    return f":{status.RAG_MARKDOWN[row['rag']]}-badge[● {row['status_label']}]"


def _delta_color(row, delta: str | None) -> str:
    """The colour of a change: green when it goes the right way (Streamlit reads the sign from the text)."""
    if delta is None:
        return "off"
    return "inverse" if row["direction"] == "down" else "normal"


def indicator_card(
    row, trend: list[float], before: pd.Series | None, previous_label: str, compact: bool = False
) -> None:
    """One headline figure: value, change, trend, status in colour, target, deadline, gap and source.

    Compact (meeting mode, nine cards on one projector screen) leaves out the trend line, puts the status and
    target on one line and leaves the source to a note under the grid.
    """
    delta = board.change(row, before)
    lines = []
    if row["provisional"]:  # a partial sum of the communes' figures is never read as the province's
        lines.append(f":orange-badge[{md(row['coverage_text'].capitalize())}]")
    target = ""
    if row["status"] != board.NO_TARGET:
        target = f"Mục tiêu **{row['target_text']}** hạn {row['deadline_text']}"
        if row["gap_text"] != fmt.DASH:
            target += f" · {row['gap_text']}"
    if pd.isna(row["value"]):
        reported = "Chưa có đơn vị nào báo cáo số liệu này."
    elif compact:
        reported = f"{row['period_label']} · báo cáo {fmt.date(row['reported_on'])}"
    else:
        reported = f"{row['period_label']} · báo cáo {fmt.date(row['reported_on'])} · {md(row['source'])}"
    lines += [f"{badge(row)} {target}"] if compact else [badge(row), target]
    lines += milestone_lines(row)
    kpi.kpi_card(
        row["short_label"],
        row["value_short"],
        reported,
        lines,
        f"{md(row['name'])}. {md(row['explanation'])}",
        key=f"card-{row['rag']}-{row['code']}",
        delta=delta,
        delta_color=_delta_color(row, delta),
        delta_description=f"so với {previous_label}" if delta else None,
        trend=trend if len(trend) > 1 and not compact else None,
        escaped=True,
    )


def milestone_lines(row) -> list[str]:
    """Earlier milestones of an indicator whose deadline has passed, each in its colour: slipped (red) until a figure
    meets it, met late (blue), or not known for want of a figure (grey)."""
    return [f":{status.MARKDOWN_COLOURS.get(code, 'gray')}[{md(text)}]" for code, text in row.get("milestones") or ()]


def headline_grid(snapshot: Snapshot, period: board.BoardPeriod, compact: bool = False) -> pd.DataFrame:
    """The nine headline cards, three to a row, each with its trend and its change since the previous period."""
    cards = board.headline(snapshot.board)
    previous = snapshot.before.set_index("code")
    trends = snapshot.history.groupby("code")["value"]
    for start in range(0, len(cards), 3):
        for column, row in zip(st.columns(3), cards.iloc[start : start + 3].to_dict("records"), strict=False):
            code = row["code"]
            trend = trends.get_group(code).tail(24).tolist() if code in trends.groups else []
            with column:
                indicator_card(
                    row, trend, previous.loc[code] if code in previous.index else None, period.previous_label, compact
                )
    return cards


def sources_note(rows: pd.DataFrame) -> None:
    """The sources of a grid of figures, once each."""
    sources = list(dict.fromkeys(s.removeprefix("Nguồn: ") for s in rows["source"] if s))
    if sources:
        st.caption("Nguồn: " + md("; ".join(sources)) + ".")


def no_power_text(frame: pd.DataFrame) -> str:
    """'Trong đó 3 bản chưa có điện lưới (Quý I/2026; Nguồn: …)', from the indicator the documents report."""
    rows = frame[frame["code"] == "BAN_CHUA_BRDD_DIEN"]
    if rows.empty or pd.isna(rows.iloc[0]["value"]):
        return "Chưa có số liệu về điện lưới của các bản này."
    row = rows.iloc[0]
    return f"Trong đó {row['value_text']} bản chưa có điện lưới ({row['period_label']}; {row['source']})."


def legend(frame: pd.DataFrame) -> None:
    """How many indicators are in each status, worst first, and how every status is decided."""
    counts = board.status_counts(frame)
    parts = [f":{status.MARKDOWN_COLOURS[code]}-badge[● {label}: {n}]" for code, label, _, n in counts]
    st.markdown(" ".join(parts))
    rule_note()


def rule_note() -> None:
    """How every status is decided, tasks and indicators, in one place: the same text on every page and in the pack.
    Folded under its title, so the figures and the list of what needs attention stay together on a projector."""
    with st.expander("Cách đánh giá trạng thái nhiệm vụ và chỉ tiêu", icon=":material/rule:"):
        st.markdown(board.RULE)


def past_due(snapshot: Snapshot) -> None:
    """The two counts of tasks past their deadline side by side, what each means, and beside them what the documents
    themselves say about the tasks (the notice's statement for its period, with its source)."""
    overdue, unreported = task_rules.past_due_counts(snapshot.past_due)
    counts = ((task_rules.OVERDUE, overdue), (task_rules.PAST_DUE_UNREPORTED, unreported))
    for column, (code, n) in zip(st.columns(2), counts, strict=True):
        column.markdown(f"**{task_rules.LABELS[code]}**")  # wrapped, never cut in a narrow column
        column.metric(task_rules.LABELS[code], fmt.number(n), label_visibility="collapsed")
    st.caption(
        "Theo sổ nhiệm vụ (Kế hoạch 32-KH/TU, Thông báo 01-TB/CQTTBCD), mỗi việc tính một lần. Quá hạn: đã có báo cáo "
        "từ ngày hạn cho biết chưa hoàn thành. Chưa có báo cáo: chưa ai báo cáo từ ngày hạn, chưa biết đã hoàn thành "
        "hay chưa."
    )
    said = snapshot.task_statement
    if said:
        st.markdown(f"**Văn bản báo cáo ({md(said['period_label'])}):** “{md(said['text'])}”")
        st.caption(md(said["source"]))
    else:
        st.caption("Chưa có văn bản hay báo cáo nào nêu số nhiệm vụ hoàn thành.")


def _names(names: pd.Series, shown: int = 3, width: int = 70) -> str:
    """The first few names, each cut to a line and escaped, and how many more."""
    cut = [n if len(n) <= width else n[: width - 1].rstrip(" ,;") + "…" for n in names.head(shown)]
    more = f"; và {len(names) - shown} nhiệm vụ khác" if len(names) > shown else ""
    return "; ".join(md(n) for n in cut) + more


def changes(snapshot: Snapshot, period: board.BoardPeriod) -> None:
    """What changed since the previous period: colours, tasks done, reported overdue or newly past their deadline
    without a report, villages covered."""
    st.markdown(f"#### Thay đổi so với {period.previous_label}")
    colour = snapshot.colour_changes
    lines = []
    for r in colour.itertuples():
        lines.append(
            f"- {md(r.name)}: :{status.MARKDOWN_COLOURS.get(r.status_before, 'gray')}[{md(r.status_label_before)}] → "
            f":{status.MARKDOWN_COLOURS.get(r.status, 'gray')}[**{md(r.status_label)}**] ({md(r.value_text)})"
        )
    done, late, covered = snapshot.newly_done, snapshot.newly_overdue, snapshot.newly_covered
    unreported = snapshot.newly_past_due
    if len(done):
        lines.append(f"- :green[**{len(done)}** nhiệm vụ mới hoàn thành]: " + _names(done["name"]))
    if len(late):
        lines.append(f"- :red[**{len(late)}** nhiệm vụ mới quá hạn (báo cáo chưa hoàn thành)]: " + _names(late["name"]))
    if len(unreported):
        lines.append(
            f"- :red[**{len(unreported)}** nhiệm vụ mới qua hạn, chưa có báo cáo]: " + _names(unreported["name"])
        )
    if len(covered):
        lines.append(
            f"- :green[**{len(covered)}** thôn, bản mới có sóng di động]: "
            + ", ".join(md(n) for n in covered["name"].head(5))
        )
    if lines:
        st.markdown("\n".join(lines))
    else:
        st.markdown(
            f"Không có chỉ tiêu nào đổi màu, không có nhiệm vụ hay thôn, bản nào thay đổi so với "
            f"{period.previous_label}."
        )


def no_attention_message(frame: pd.DataFrame) -> None:
    """When nothing is amber or red: say so only if every indicator with a target could be judged."""
    with_target = frame[frame["status"] != board.NO_TARGET]
    unknown = int(with_target["rag"].eq("grey").sum())
    if unknown:
        st.info(
            f"Chưa thấy chỉ tiêu nào chậm tiến độ, nhưng {unknown}/{len(with_target)} chỉ tiêu có mục tiêu "
            "chưa có hoặc chưa đủ số liệu để đánh giá: cần các đơn vị gửi báo cáo tháng.",
            icon=":material/help:",
        )
    else:
        st.success("Không có chỉ tiêu nào chậm tiến độ hay quá hạn trong kỳ này.")


def attention_table(frame: pd.DataFrame) -> None:
    """The indicators off track or missed, worst first, with the reason in words (wrapped, never cut)."""
    st.table(
        md_frame(
            pd.DataFrame(
                {
                    "Chỉ tiêu": frame["name"],
                    "Số liệu": frame["value_text"] + " (" + frame["period_label"] + ")",
                    "Mục tiêu": frame["target_text"] + ", hạn " + frame["deadline_text"],
                    "Trạng thái": frame["status_label"],
                    "Vì sao": frame["explanation"],
                }
            )
        ),
        hide_index=True,
    )


def figures_table(frame: pd.DataFrame) -> None:
    """Indicators with their latest figure, period, status and source, as a plain table."""
    st.table(
        md_frame(
            pd.DataFrame(
                {
                    "Chỉ tiêu": frame["name"],
                    "Số liệu": frame["value_text"],
                    "Kỳ": frame["period_label"],
                    "Trạng thái": frame["status_label"],
                    "Nguồn": frame["source"].str.removeprefix("Nguồn: "),
                }
            )
        ),
        hide_index=True,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _pack(kind: str, _snapshot: Snapshot, version: tuple, period: board.BoardPeriod, minute: dt.datetime) -> bytes:
    args = board.pack_inputs(_snapshot, period, minute)
    return {"xlsx": pack.board_workbook, "pdf": pack.board_pdf, "pptx": pack.board_slides}[kind](*args)


def pack_buttons(snapshot: Snapshot, period: board.BoardPeriod, version: tuple) -> None:
    """Download the meeting pack: a formatted workbook, a printable PDF with charts, and one slide per topic."""
    minute = dt.datetime.now().replace(second=0, microsecond=0)
    stem = f"bao_cao_hop_NQ57_{period.code}"
    files = (
        ("xlsx", "Tải bảng số liệu (Excel)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ":material/table_view:"),
        ("pdf", "Tải bản in (PDF)", "application/pdf", ":material/picture_as_pdf:"),
        ("pptx", "Tải bản trình chiếu (PowerPoint)",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation", ":material/slideshow:"),
    )  # fmt: skip
    for column, (kind, label, mime, icon) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            label,
            data=lambda kind=kind: _pack(kind, snapshot, version, period, minute),
            file_name=f"{stem}.{kind}",
            mime=mime,
            icon=icon,
            width="stretch",
            key=f"pack-{kind}",
        )


def style() -> None:
    st.html(_CSS)
