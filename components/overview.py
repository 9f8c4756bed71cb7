"""Building blocks of the leaders' board: the period picker, status cards, what changed, and the meeting pack."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from components import board_text, cards, db, memo, panels
from components.text import md
from nq57 import board, fmt, national, pack, status
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
    # One horizontal container, not columns: one block to build and send instead of three (issue 17).
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    mode = row.segmented_control(
        "Kỳ xem",
        list(board.MODES),
        default="quarter",
        required=True,
        format_func=board.MODES.get,
        key=f"{key}-mode",
    )
    menu = board.period_menu(mode, today, 12 if mode != "ytd" else 3)
    code = row.selectbox(
        "Kỳ",
        list(menu),
        format_func=lambda c: menu[c].label,
        key=f"{key}-{mode}",
        label_visibility="collapsed",
        width="stretch",
    )
    return menu[code]


def sample_banner(shown: bool) -> None:
    if shown:
        st.warning(
            f"**{fmt.SAMPLE_MARK}.** Một số số liệu dưới đây là dữ liệu mẫu để trình diễn; "
            "nguồn của từng số ghi rõ. Quản trị viên hoàn tác lần nạp dữ liệu mẫu để xóa.",
            icon=":material/science:",
        )


@dataclass(frozen=True)
class View:
    """What the overview shows for a data version and a period, all of it plain values (board_text)."""

    sample: bool
    cards: str  # the headline cards' HTML (components.cards.grid_html)
    side: str  # the side column's HTML (components.panels): changes, tasks past due, villages without signal
    legend: str
    attention: pa.Table | None
    no_attention: tuple[str, str] | None
    others: pa.Table


@memo.shared(64)
def view(version: tuple, period: board.BoardPeriod) -> View:
    """The overview's cards, texts and tables, worked out once per data version and period for every session
    (components.memo): every session gets this same frozen object (st.cache_data would unpickle a copy of it for
    every view); nothing that draws it changes it."""
    snapshot = db.snapshot_at(version, period)
    frame = snapshot.board
    late = board.attention(frame)
    mapped = national.short_texts(db.national_map_at(version))  # every indicator shown says what it maps to
    return View(
        sample=board.has_sample(frame),
        cards=cards.grid_html(board_text.cards(snapshot, period, national_texts=mapped)[1]),
        side=panels.panel_html(
            panels.changes_html(period.previous_label, board_text.change_lines(snapshot, period)),
            panels.past_due_html(*board_text.past_due(snapshot)),
            panels.signal_html(
                len(snapshot.without_signal),
                board_text.no_power_text(frame),
                board_text.signal_origin_text(snapshot.without_signal),
            ),
        ),
        legend=board_text.legend_text(frame),
        attention=None if late.empty else memo.arrow(board_text.attention_table(late, mapped)),
        no_attention=board_text.no_attention(frame) if late.empty else None,
        others=memo.arrow(board_text.figures_table(board_text.other_figures(frame), mapped)),
    )


def headline_grid(snapshot: Snapshot, period: board.BoardPeriod, compact: bool = False) -> pd.DataFrame:
    """The nine headline cards, three to a row, each with its trend and its change since the previous period."""
    rows, specs = board_text.cards(snapshot, period, compact)
    cards.block(cards.grid_html(specs))
    return rows


def sources_note(rows: pd.DataFrame) -> None:
    """The sources of a grid of figures, once each."""
    sources = list(dict.fromkeys(s.removeprefix("Nguồn: ") for s in rows["source"] if s))
    if sources:
        st.caption("Nguồn: " + md("; ".join(sources)) + ".")


def legend(text: str) -> None:
    """How many indicators are in each status, worst first (board_text.legend_text), and how every status is
    decided."""
    st.markdown(text)
    rule_note()


def rule_note() -> None:
    """How every status is decided, tasks and indicators, in one place: the same text on every page and in the pack.
    Folded under its title, so the figures and the list of what needs attention stay together on a projector."""
    with st.expander("Cách đánh giá trạng thái nhiệm vụ và chỉ tiêu", icon=":material/rule:"):
        st.markdown(board.RULE)


def no_attention_message(message: tuple[str, str]) -> None:
    """When nothing is amber or red (board_text.no_attention): a note, or a success only if every indicator with a
    target could be judged."""
    kind, text = message
    if kind == "info":
        st.info(text, icon=":material/help:")
    else:
        st.success(text)


def attention_table(table: pa.Table) -> None:
    """The indicators off track or missed, worst first, with the reason in words (board_text.attention_table)."""
    st.table(table, hide_index=True)


def figures_table(table: pa.Table) -> None:
    """Indicators with their latest figure, period, status and source (board_text.figures_table)."""
    st.table(table, hide_index=True)


@st.cache_data(show_spinner=False, max_entries=8)
def _pack(kind: str, version: tuple, period: board.BoardPeriod, minute: dt.datetime) -> bytes:
    args = board.pack_inputs(db.snapshot_at(version, period), period, minute)
    return {"xlsx": pack.board_workbook, "pdf": pack.board_pdf, "pptx": pack.board_slides}[kind](*args)


OTHERS_KEY = "overview-others"  # session state: whether the folded boxes are open
DOCUMENTS_KEY = "overview-documents"


def others_box(count: int):
    """The folded box of the other indicators' figures; its table is built only while it is open."""
    return st.expander(f"Các số liệu khác đã báo cáo ({count} chỉ tiêu)", key=OTHERS_KEY, on_change="rerun")


def documents_box():
    """The folded box of the meeting's documents; its content runs only while it is open (a lazy expander)."""
    return st.expander(
        "Bảng số liệu (Excel), bản in (PDF), bản trình chiếu (PowerPoint), dự thảo báo cáo quý",
        icon=":material/folder_open:",
        key=DOCUMENTS_KEY,
        on_change="rerun",
    )


def pack_buttons(period: board.BoardPeriod, version: tuple) -> None:
    """Download the meeting pack: a formatted workbook, a printable PDF with charts, and one slide per topic. Each
    file is built only when its button is pressed (a callable), from the cached snapshot of that data version."""
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
            data=lambda kind=kind: _pack(kind, version, period, minute),
            file_name=f"{stem}.{kind}",
            mime=mime,
            icon=icon,
            width="stretch",
            key=f"pack-{kind}",
        )


def style() -> None:
    st.html(_CSS)
