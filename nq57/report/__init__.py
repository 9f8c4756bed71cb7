"""The quarterly report draft: the committee's report for a quarter, as a Word document a secretary edits.

`build` reads the board of the quarter (the same snapshot the overview shows), the monthly returns of its months and
the national mapping, and fills the templates of nq57.report.content; `document` lays the draft out as a Party
document (nq57.report.docx). Progress is reported through a callback: (step, steps, what is being done).
"""

import datetime as dt
from collections.abc import Callable

import duckdb

import queries
from nq57 import board, national, reporting, snapshot
from nq57.periods import as_date, parse_period
from nq57.report import appendix, content
from nq57.report.content import Block, Draft
from nq57.report.word import document

__all__ = ["STEPS", "Draft", "build", "document", "draft"]

STEPS = (
    "Đọc số liệu của kỳ trên bảng điều hành",
    "Đọc tình hình nộp báo cáo tháng",
    "Soạn các phần I, II, III",
    "Lập các phụ lục",
    "Ghi tệp Word",
)
Progress = Callable[[int, int, str], None]


def _quiet(step: int, steps: int, what: str) -> None:
    return None


def quarter(code: str, today: dt.date) -> board.BoardPeriod:
    """The board's period of a quarter code ('2026-Q2') on a day; ValueError in Vietnamese for anything else."""
    try:
        period = parse_period(code)
    except ValueError:
        period = None
    if period is None or period.kind != "quarter":
        raise ValueError(f"Kỳ báo cáo phải là một quý, ví dụ 2026-Q2 (đã nhập “{code}”).")
    if period.start > today:
        raise ValueError(f"{period.label} chưa bắt đầu: chưa thể lập báo cáo.")
    return board.choose_period("quarter", period.code, today)


def build(
    cur: duckdb.DuckDBPyConnection,
    code: str,
    now: dt.datetime,
    progress: Progress = _quiet,
    by_national: bool = False,
) -> Draft:
    """The draft of the quarter `code` as of now (a quarter not yet over is reported to today)."""
    period = quarter(code, now.date())
    code = period.code
    steps = len(STEPS)
    progress(1, steps, STEPS[0])
    snap = snapshot.read(cur, period.as_of, period.previous_as_of)
    progress(2, steps, STEPS[1])
    months = [f"{period.as_of.year}-{m:02d}" for m in range(parse_period(code).start.month, period.as_of.month + 1)]
    began = queries.frame(cur, "scope/plans_began")
    first = as_date(began.iloc[0]["issued_on"]) if len(began) else None
    returns = {  # no return is taken for a month that ended before the first plan (nq57.scope.month_problems)
        m: None
        if first is not None and parse_period(m).end < first
        else reporting.classify(queries.frame(cur, "returns/reporting_status", period=m), m, now.date())
        for m in months
    }
    progress(3, steps, STEPS[2])
    coming = content.next_quarter(code)
    body = [
        Block("h1", f"I. KẾT QUẢ THỰC HIỆN {period.label.upper()}"),
        *content.task_paragraphs(snap, period.as_of),
        *content.indicator_paragraphs(snap.board),
        *content.village_paragraphs(snap),
        *content.return_paragraphs(returns),
        *content.shortcomings(snap, returns),
        *content.next_tasks(snap, code),
        Block(
            "note",
            f"Dự thảo do bảng điều hành NQ57 lập lúc {now:%H:%M} ngày {now.day}/{now.month}/{now.year} từ số liệu của "
            f"{period.label}; mỗi số liệu ghi nguồn ở Phụ lục 02, mỗi nhiệm vụ ghi căn cứ ở Phụ lục 01. Cần rà soát, "
            "bổ sung đánh giá trước khi trình ký.",
        ),
    ]
    progress(4, steps, STEPS[3])
    duties = queries.frame(cur, "scope/duty_table")
    reporters = {
        c: n for c, n in zip(duties["indicator_code"], duties["reporter_name"], strict=True) if isinstance(n, str)
    }
    mapping = national.mapping(cur) if by_national else None
    appendices = [appendix.task_table(snap.tasks), appendix.indicator_table(snap.board, reporters, mapping)]
    return Draft(
        period_label=period.label,
        next_label=coming.label,
        title="BÁO CÁO",
        subtitle=(
            f"Tình hình thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị {period.label} "
            f"và nhiệm vụ, giải pháp trọng tâm {coming.label}"
        ),
        sample=board.has_sample(snap.board),
        generated_at=now,
        body=body,
        appendices=appendices,
    )


def draft(
    cur: duckdb.DuckDBPyConnection,
    code: str,
    now: dt.datetime,
    progress: Progress = _quiet,
    by_national: bool = False,
) -> bytes:
    """The .docx bytes of the quarter's draft."""
    built = build(cur, code, now, progress, by_national)
    progress(len(STEPS), len(STEPS), STEPS[-1])
    return document(built)
