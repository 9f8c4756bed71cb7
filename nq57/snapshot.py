"""What the board reads from the store: one period's figures, tasks and villages, beside those of the period before."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

import queries
from nq57 import board, coverage, task_rules


@dataclass(frozen=True)
class Snapshot:
    """Everything the overview, meeting mode and the meeting pack show for a period (frozen, picklable for a cache).

    board and before: nq57.board.build as of the period's end and as of the previous period's end. history: every
    indicator's provincial figures over time (nq57.board.history), for trend lines and the pack's charts. The rest
    come from nq57.task_rules and nq57.coverage, each for the period or for what changed since the previous one.
    """

    board: pd.DataFrame
    before: pd.DataFrame
    history: pd.DataFrame
    colour_changes: pd.DataFrame
    tasks: pd.DataFrame
    past_due: pd.DataFrame
    task_statement: dict | None
    newly_done: pd.DataFrame
    newly_overdue: pd.DataFrame
    newly_past_due: pd.DataFrame
    without_signal: pd.DataFrame
    newly_covered: pd.DataFrame


def read(cur, as_of: dt.date, previous_as_of: dt.date) -> Snapshot:
    """The snapshot of the period ending as_of, compared with the one ending previous_as_of, from one cursor."""
    series = queries.frame(cur, "board/series", as_of=as_of)
    targets = queries.frame(cur, "board/targets")
    catalogue = queries.frame(cur, "indicators/catalogue", as_of=as_of)
    catalogue_before = queries.frame(cur, "indicators/catalogue", as_of=previous_as_of)
    tasks = task_rules.register(queries.frame(cur, "tasks/status", as_of=as_of), as_of)
    tasks_before = task_rules.register(queries.frame(cur, "tasks/status", as_of=previous_as_of), previous_as_of)
    villages = queries.frame(cur, "board/villages", month=board.month_of(as_of))
    villages_before = queries.frame(cur, "board/villages", month=board.month_of(previous_as_of))
    now = board.build(catalogue, series, as_of, targets)
    then = board.build(catalogue_before, series, previous_as_of, targets)
    newly_done, newly_overdue, newly_past_due = task_rules.changes(tasks, tasks_before)
    return Snapshot(
        board=now,
        before=then,
        history=board.history(catalogue, series),
        colour_changes=board.colour_changes(now, then),
        tasks=tasks,
        past_due=task_rules.past_due(tasks),
        task_statement=task_rules.statement(queries.frame(cur, "board/task_statement", as_of=as_of)),
        newly_done=newly_done,
        newly_overdue=newly_overdue,
        newly_past_due=newly_past_due,
        without_signal=coverage.without_signal(villages),
        newly_covered=coverage.newly_covered(villages, villages_before),
    )
