"""The overview's side column drawn as one HTML block: what changed since the previous period, the tasks past their
deadline, and the villages without signal. The same reading as the headings, metrics and captions it replaces, in
one element instead of twenty (issue 17: a view's cost is mostly the elements Streamlit builds and sends).

Every text comes from components.board_text as plain text and is escaped here with html.escape, as components.cards
does; numbers are formatted by nq57.fmt. Each big number carries its label in data-label and aria-label, so a
screen reader (and the tests) read what it counts.
"""

from html import escape

from nq57 import fmt, status, task_rules

_CSS = (
    "<style>"
    ".nq-side { display: flex; flex-direction: column; gap: 0.5rem; color: #1a202c; line-height: 1.5; }"
    ".nq-side h4 { font-size: 1.25rem; font-weight: 600; line-height: 1.3; margin: 0.75rem 0 0 0; padding: 0; }"
    ".nq-side h4:first-child { margin-top: 0; }"
    ".nq-side p { margin: 0; }"
    ".nq-side ul { margin: 0; padding-left: 1.25rem; } .nq-side li { margin: 0 0 0.25rem 0; }"
    ".nq-pair { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }"
    ".nq-pair > div { display: flex; flex-direction: column; justify-content: space-between; }"  # numbers level
    ".nq-pair .nq-name { font-weight: 600; }"
    # Two classes: above a page's own `[data-testid="stMain"] p` (meeting mode's larger type).
    ".nq-side .nq-big { font-size: 2.6rem; line-height: 1.15; }"
    ".nq-side .nq-small { color: #4a5568; font-size: 0.875rem; }"
    + "".join(f".nq-t-{rag} {{ color: {colour}; }}" for rag, colour in status.RAG_COLOURS.items())
    + "</style>"
)
PAST_DUE_NOTE = (
    "Theo sổ nhiệm vụ (Kế hoạch 32-KH/TU, Thông báo 01-TB/CQTTBCD), mỗi việc tính một lần. Quá hạn: đã có báo cáo "
    "từ ngày hạn cho biết chưa hoàn thành. Chưa có báo cáo: chưa ai báo cáo từ ngày hạn, chưa biết đã hoàn thành hay "
    "chưa."
)


def _big(label: str, value: int) -> str:
    return f'<p class="nq-big" data-label="{escape(label)}" aria-label="{escape(label)}">{fmt.number(value)}</p>'


def _line(segments: list[tuple[str, str | None, bool]]) -> str:
    """A line of (text, colour of nq57.status.RAG_COLOURS or None, bold) segments."""
    out = []
    for text, colour, bold in segments:
        part = f"<b>{escape(text)}</b>" if bold else escape(text)
        out.append(f'<span class="nq-t-{escape(colour)}">{part}</span>' if colour else part)
    return "".join(out)


def changes_html(previous_label: str, lines: list[list[tuple]] | str) -> str:
    """What changed since the previous period (components.board_text.change_lines): a list, or the sentence that
    nothing did."""
    body = (
        f"<p>{escape(lines)}</p>"
        if isinstance(lines, str)
        else f"<ul>{''.join(f'<li>{_line(x)}</li>' for x in lines)}</ul>"
    )
    return f"<h4>Thay đổi so với {escape(previous_label)}</h4>{body}"


def past_due_html(counts: tuple[int, int], said: dict | None, heading: bool = True) -> str:
    """The two counts of tasks past their deadline side by side, what each means, and what the documents themselves
    say about the tasks for the period (the notice's statement, with its source); under its heading, unless the page's
    title already says it (meeting mode)."""
    pairs = ((task_rules.OVERDUE, counts[0]), (task_rules.PAST_DUE_UNREPORTED, counts[1]))
    cells = "".join(
        f'<div><p class="nq-name">{escape(task_rules.LABELS[code])}</p>{_big(task_rules.LABELS[code], n)}</div>'
        for code, n in pairs
    )
    out = "<h4>Nhiệm vụ đã qua hạn</h4>" if heading else ""
    out += f'<div class="nq-pair">{cells}</div><p class="nq-small">{PAST_DUE_NOTE}</p>'
    if said:
        out += (
            f"<p><b>Văn bản báo cáo ({escape(said['period_label'])}):</b> “{escape(said['text'])}”</p>"
            f'<p class="nq-small">{escape(said["source"])}</p>'
        )
    else:
        out += '<p class="nq-small">Chưa có văn bản hay báo cáo nào nêu số nhiệm vụ hoàn thành.</p>'
    return out


def signal_html(without_signal: int, no_power: str, origin: str | None = None) -> str:
    """How many villages have no signal, how many of them no grid power (board_text.no_power_text), and where they
    come from once returns have added some (board_text.signal_origin_text)."""
    label = "Thôn, bản chưa có sóng"
    notes = "".join(f'<p class="nq-small">{escape(text)}</p>' for text in (no_power, origin) if text)
    return f"<h4>{label}</h4>{_big(label, without_signal)}{notes}"


def panel_html(*parts: str) -> str:
    """Parts made above as one block with its style."""
    return _CSS + '<div class="nq-side">' + "".join(parts) + "</div>"
