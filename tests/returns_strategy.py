"""Hypothesis strategies for the returns the template allows: a unit's template as downloaded, filled in every way a
clerk may fill it (blank optional cells, every dropdown value, numbers typed as text, new villages, long and odd
Unicode, Markdown and HTML in every text field), as the bytes of the .xlsx they upload."""

import datetime as dt
import io
import string

from hypothesis import strategies as st
from openpyxl import load_workbook

from nq57.periods import parse_period
from nq57.workbook_format import MOBILE_LABELS, TASK_STATUS_LABELS

# Text a hostile or careless clerk may type: each must be shown as these characters, never as a link, an image, a
# badge, a formula, HTML or a heading.
PAYLOADS = (
    "[PHIÊN HẾT HẠN](https://evil.example/dang-nhap)",
    "![x](https://evil.example/pixel.png)",
    ":green-badge[● Đúng tiến độ (giả)]",
    "<script>alert(1)</script>",
    '<img src="https://evil.example/a.png" onerror="alert(1)">',
    "**Đạt (giả)** _100%_ `mã`",
    "$x^2$ và $$y$$",
    ":material/warning: :tada: :red[đỏ]",
    "www.evil.example",
    '=HYPERLINK("https://evil.example","bấm vào đây")',
    "+1+2",
    "-3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "# Tiêu đề\n- mục một\n1. mục hai",
    "Bản\u00a0Nậm\u200bPo",  # no-break and zero-width spaces
    "Ba\u0300n Na\u0323\u0302m Ho\u0300",  # Vietnamese written in decomposed form (NFD)
    "بان نام 🏔️ 村",  # right-to-left, emoji, CJK
)
# Markers a Markdown renderer would act on: none may reach an element that parses Markdown unescaped.
LIVE_MARKERS = (  # none of them is anything the app writes itself
    "](https://evil",
    "![x]",
    ":green-badge[● Đúng tiến độ (giả)]",
    "<script",
    "<img",
    "$x^2$",
    ":material/warning:",
    ":red[đỏ]",
    "www.evil",
    "**Đạt (giả)**",
)

_ALPHABET = st.characters(
    blacklist_categories=("Cs", "Cc"),  # surrogates and control characters cannot be stored in .xlsx
    blacklist_characters="\ufffe\uffff",
)
_VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ ABCĐ"


def texts(min_size: int = 0) -> st.SearchStrategy[str]:
    """Free text of every kind: Vietnamese, payloads, very long, odd Unicode, spaces and line breaks."""
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.text(alphabet=_VIETNAMESE, min_size=max(min_size, 1), max_size=40),
        st.text(alphabet=_ALPHABET, min_size=min_size, max_size=60),
        st.text(alphabet=_VIETNAMESE + string.punctuation, min_size=600, max_size=2_000),
        st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=4).map(" ".join),
    ).filter(lambda t: len(t.strip()) >= min_size)


def numbers(measure: str) -> st.SearchStrategy[float]:
    if measure == "percent":
        return st.decimals(min_value=0, max_value=100, places=1).map(float)
    if measure == "yesno":
        return st.sampled_from([0, 1])
    if measure == "rank":
        return st.integers(min_value=1, max_value=63)
    if measure == "index":
        return st.decimals(min_value=0, max_value=100, places=2).map(float)
    return st.integers(min_value=0, max_value=12_000)


def typed(number: float, measure: str) -> st.SearchStrategy[object]:
    """A number as a clerk may type it: a number cell, or text the Vietnamese way (45,5 / 45,5% / 1.234)."""
    whole = float(number).is_integer()
    text = f"{number:,.0f}".replace(",", ".") if whole else f"{number}".replace(".", ",")
    options = [st.just(number), st.just(text), st.just(f" {text} ")]
    if measure == "percent":
        options.append(st.just(text + "%"))
    return st.one_of(options)


class Filled:
    """A filled template: the bytes uploaded, and what was typed where (what a failing example prints: a plain class,
    since Hypothesis would print a dataclass field by field, bytes included)."""

    def __init__(self, data: bytes, typed: tuple):
        self.data, self.typed = data, typed

    def __repr__(self) -> str:
        cells = (f"{sheet}!{row}/{label}={value!r}" for (sheet, row, label), value in self.typed)
        return "Filled(" + "; ".join(cells) + ")"


def _header(ws) -> dict[str, int]:
    return {c.value: i + 1 for i, c in enumerate(ws[1]) if c.value}


@st.composite
def fills(draw, template: bytes, month: str, measures: dict[str, str]) -> "Filled":
    """One filled template: at least one figure, any mix of the rest, as the bytes the clerk uploads.

    measures: each indicator's kind of value (percent, count, ratio, rank, index, yesno), by code."""
    wb = load_workbook(io.BytesIO(template))
    end = parse_period(month).end
    cells: dict[tuple[str, int, str], object] = {}

    obs = wb["Số liệu"]
    h = _header(obs)
    rows = [r for r in range(2, obs.max_row + 1) if obs.cell(r, h["Mã chỉ tiêu"]).value]
    for r in draw(st.lists(st.sampled_from(rows), min_size=1, max_size=len(rows), unique=True)) if rows else []:
        measure = measures[obs.cell(r, h["Mã chỉ tiêu"]).value]
        if measure in ("percent", "ratio") and draw(st.booleans()):  # a rate given as its two parts
            den = draw(st.integers(min_value=1, max_value=100_000))
            num = draw(st.integers(min_value=0, max_value=den))
            cells[("Số liệu", r, "Tử số")] = draw(typed(num, "count"))
            cells[("Số liệu", r, "Mẫu số")] = draw(typed(den, "count"))
        else:
            cells[("Số liệu", r, "Giá trị")] = draw(typed(draw(numbers(measure)), measure))
            if measure == "rank" and draw(st.booleans()):
                cells[("Số liệu", r, "Mẫu số")] = 63
        if draw(st.booleans()):
            cells[("Số liệu", r, "Ghi chú")] = draw(texts())

    tasks = wb["Tiến độ nhiệm vụ"]
    h = _header(tasks)
    for r in range(2, tasks.max_row + 1):
        if not tasks.cell(r, h["Mã nhiệm vụ"]).value or not draw(st.booleans()):
            continue  # left as downloaded: the last report carried forward
        status = draw(st.sampled_from(list(TASK_STATUS_LABELS)))
        done = draw(st.dates(min_value=dt.date(2025, 6, 1), max_value=end)) if status == "done" else None
        cells[("Tiến độ nhiệm vụ", r, "Trạng thái")] = TASK_STATUS_LABELS[status]
        cells[("Tiến độ nhiệm vụ", r, "Ngày hoàn thành")] = draw(
            st.sampled_from([done, f"{done:%d/%m/%Y}" if done else None])
        )
        progress = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=100)))
        cells[("Tiến độ nhiệm vụ", r, "Tiến độ (%)")] = None if progress is None else draw(typed(progress, "count"))
        cells[("Tiến độ nhiệm vụ", r, "Ghi chú")] = draw(st.one_of(st.none(), texts()))

    if "Thôn, bản" in wb.sheetnames:
        villages = wb["Thôn, bản"]
        h = _header(villages)
        for r in range(2, villages.max_row + 1):
            if villages.cell(r, h["Mã thôn, bản"]).value:  # a village on record: changed, or left as it is
                if not draw(st.booleans()):
                    continue
            elif draw(st.integers(min_value=0, max_value=3)):  # most empty rows stay empty
                continue
            else:  # a village the register lacks: a name and its coverage
                cells[("Thôn, bản", r, "Tên thôn, bản")] = draw(texts(min_size=1))
            cells[("Thôn, bản", r, "Sóng di động")] = draw(st.sampled_from(list(MOBILE_LABELS.values())))
            for column in ("Cáp quang", "Điện lưới"):
                cells[("Thôn, bản", r, column)] = draw(st.sampled_from([None, "Có", "Không", "có", "KHÔNG"]))
            cells[("Thôn, bản", r, "Ghi chú")] = draw(st.one_of(st.none(), texts()))

    info = wb["Thông tin"]
    for r in range(2, info.max_row + 1):
        if info.cell(r, 1).value == "Người lập":
            cells[("Thông tin", r, "Giá trị")] = draw(st.one_of(st.none(), texts()))
    return Filled(write(wb, cells), tuple(cells.items()))


def write(wb, cells: dict[tuple[str, int, str], object]) -> bytes:
    """Type the values into the workbook. Text that Excel would take for a formula is stored as text, as Excel does
    when a clerk types an apostrophe first (a formula cell is not a value the template asks for)."""
    for (sheet, row, label), value in cells.items():
        ws = wb[sheet]
        cell = ws.cell(row, _header(ws)[label])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
