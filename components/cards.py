"""The board's headline cards drawn as one HTML block: the same card as a bordered st.metric with its lines, in one
element instead of forty (issue 17: a view's cost is mostly the elements Streamlit builds and sends, and twenty
leaders open the board at once).

Every value comes from components.board_text.card as plain text and is escaped here with html.escape, so nothing
from a file or a form becomes markup; st.html's sanitiser (DOMPurify, HTML profile) would drop scripts and handlers
anyway. The trend line is an SVG image built here from numbers only. The card keeps what st.metric gave a reader:
the label in full (wrapped, never cut), its explanation on hover (title), the big number, the change since the
previous period in green or red with what it compares with, and the trend; then the status in colour, the target,
milestones passed and the source. A screen reader reads it as text, in that order.
"""

import base64
from html import escape

import streamlit as st

from nq57 import status

# The trend in the colour of the change, as st.metric draws it: green the right way, red the wrong way, else grey.
_TREND = {True: "#1a7f37", False: "#c53030", None: "#718096"}
_PALE = {"green": "#dcfce7", "blue": "#dbeafe", "amber": "#fef3c7", "red": "#fee2e2", "grey": "#edf2f7"}
_CSS = """<style>
.nq-cards { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; }
@media (max-width: 640px) { .nq-cards { grid-template-columns: minmax(0, 1fr); } }
.nq-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 1rem; color: #1a202c;
  display: flex; flex-direction: column; gap: 1rem; line-height: 1.5; }
.nq-card p { margin: 0; }
.nq-label { font-weight: 600; font-size: 1rem; }
.nq-help { display: inline-block; margin-left: 0.35rem; width: 1.05rem; height: 1.05rem; border-radius: 50%;
  border: 1px solid #718096; color: #718096; font-size: 0.72rem; line-height: 1rem; text-align: center;
  cursor: help; vertical-align: 0.1rem; font-weight: 400; }
.nq-value { font-size: 2.6rem; line-height: 1.15; }
.nq-delta { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 1rem; font-size: 0.9rem; }
.nq-good { color: #1a7f37; background: #dcfce7; } .nq-bad { color: #c53030; background: #fee2e2; }
.nq-compared { color: #4a5568; font-size: 0.9rem; margin-left: 0.1rem; }
.nq-trend { width: 100%; height: 3rem; display: block; }
.nq-badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 0.5rem; font-size: 0.95rem; }
.nq-caption { color: #4a5568; font-size: 0.875rem; }
.nq-compact { gap: 0.5rem; }
.nq-compact .nq-value { font-size: 2.8rem; line-height: 1.1; }
.nq-compact .nq-caption { font-size: 0.8rem; }
</style>"""
_CSS += "".join(
    f"<style>.nq-{rag} {{ border-left: 12px solid {colour}; }} .nq-badge.nq-{rag} {{ border-left: none; "
    f"color: {colour}; background: {_PALE[rag]}; }} .nq-line-{rag} {{ color: {colour}; }}</style>"
    for rag, colour in status.RAG_COLOURS.items()
)


def trend_image(values: list[float], colour: str) -> str:
    """A sparkline of the values as an <img> of an SVG polyline (numbers only, so nothing to escape)."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = 100 / (len(values) - 1)
    points = " ".join(f"{i * step:.2f},{27 - (v - low) / span * 24:.2f}" for i, v in enumerate(values))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 30" preserveAspectRatio="none">'
        f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
        'vector-effect="non-scaling-stroke"/></svg>'
    )
    data = base64.b64encode(svg.encode()).decode()
    return f'<img class="nq-trend" alt="Xu hướng" src="data:image/svg+xml;base64,{data}">'


def _delta(card: dict) -> str:
    if not card["delta"]:
        return ""
    arrow = "↑" if card["delta"].startswith("+") else "↓"
    tone = "nq-good" if card["good"] else "nq-bad"
    compared = f'<span class="nq-compared">{escape(card["delta_description"] or "")}</span>'
    return f'<p><span class="nq-delta {tone}">{arrow} {escape(card["delta"])}</span> {compared}</p>'


def _target(card: dict) -> str:
    if card["target"] is None:
        return ""
    value, deadline, gap = card["target"]
    said = f"Mục tiêu <b>{escape(value)}</b> hạn {escape(deadline)}"
    return said + (f" · {escape(gap)}" if gap else "")


def card_html(card: dict) -> str:
    """One card (components.board_text.card) as HTML, every value escaped."""
    rag = escape(card["rag"])
    badge = f'<span class="nq-badge nq-{rag}">● {escape(card["status"])}</span>'
    lines = [
        f'<p class="nq-label">{escape(card["label"])}'
        f'<span class="nq-help" title="{escape(card["help"])}" aria-label="{escape(card["help"])}">?</span></p>',
        f'<p class="nq-value">{escape(card["value"])}</p>',
        _delta(card),
        trend_image(card["trend"], _TREND[card["good"]]) if card["trend"] else "",
    ]
    if card["provisional"]:
        lines.append(f'<p><span class="nq-badge nq-amber">{escape(card["provisional"])}</span></p>')
    target = _target(card)
    lines += [f"<p>{badge} {target}</p>"] if card["compact"] else [f"<p>{badge}</p>", f"<p>{target}</p>" * bool(target)]
    lines += [f'<p class="nq-line-{escape(r)}">{escape(text)}</p>' for r, text in card["milestones"]]
    lines.append(f'<p class="nq-caption">{escape(card["caption"])}</p>')
    kind = " nq-compact" if card["compact"] else ""
    return f'<div class="nq-card nq-{rag}{kind}" data-code="{escape(card["code"])}">{"".join(lines)}</div>'


def plain_grid_html(cards: list[tuple[str, str, str] | None]) -> str:
    """Cards without a status (label, big number, source: the simple card of components.kpi), three to a row as
    grid_html lays them out; None leaves its place empty."""
    cells = [
        "<div></div>"
        if card is None
        else f'<div class="nq-card nq-plain"><p class="nq-label">{escape(card[0])}</p>'
        f'<p class="nq-value">{escape(card[1])}</p><p class="nq-caption">{escape(card[2])}</p></div>'
        for card in cards
    ]
    return _CSS + '<div class="nq-cards">' + "".join(cells) + "</div>"


def grid_html(cards: list[dict]) -> str:
    """The cards in a grid as one HTML block with its style: three to a row, one on a phone (as columns stack)."""
    return _CSS + '<div class="nq-cards">' + "".join(card_html(c) for c in cards) + "</div>"


class _Made:
    """HTML this module (or components.panels) made, handed to st.html through _repr_html_: st.html then takes it as
    it is, without dedenting a string of tens of kilobytes on every view (it has no indentation to remove)."""

    __slots__ = ("html",)

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


def block(html: str) -> None:
    """Draw a block of HTML made here or by components.panels (once per data version and period for the overview,
    components.overview.view)."""
    st.html(_Made(html))
