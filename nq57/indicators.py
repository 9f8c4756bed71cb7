"""The indicators page's tables and derivations: the catalogue filtered, one indicator's figure, targets and reports."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nq57 import fmt, status
from nq57.periods import as_date, parse_period

ALL_GROUPS = "Tất cả"


def group_labels(catalogue: pd.DataFrame) -> dict[str, str]:
    """'IX. An ninh, an toàn thông tin…' for every group code, in the catalogue's order."""
    groups = catalogue.drop_duplicates("group_code")[["group_code", "group_name"]]
    return {g: f"{g}. {n}" for g, n in zip(groups["group_code"], groups["group_name"], strict=True)}


def statuses_present(board_rows: pd.DataFrame) -> list[str]:
    """The status codes some indicator of the board has, worst first."""
    return [code for code in status.ORDER if code in set(board_rows["status"])]


def filter_catalogue(
    catalogue: pd.DataFrame, board_rows: pd.DataFrame, group: str, statuses: list[str], only_with_targets: bool
) -> pd.DataFrame:
    """The catalogue rows of a group (or all), with a target if asked, whose board status is one of statuses (any
    status when none is chosen)."""
    shown = catalogue if group == ALL_GROUPS else catalogue[catalogue["group_code"] == group]
    if only_with_targets:
        shown = shown[shown["n_targets"] > 0]
    if statuses:
        wanted = set(board_rows.loc[board_rows["status"].isin(statuses), "code"])
        shown = shown[shown["code"].isin(wanted)]
    return shown


def first_choice(shown: pd.DataFrame) -> str | None:
    """The indicator the detail opens on: the first with a figure and a target, else with a figure, else the first."""
    has_both = shown[shown["value"].notna() & shown["target_value"].notna()]["code"].tolist()
    has_value = shown[shown["value"].notna()]["code"].tolist()
    codes = has_both or has_value or shown["code"].tolist()
    return codes[0] if codes else None


def series_of(series: pd.DataFrame, code: str) -> pd.DataFrame:
    """One indicator's rows of the board/series query."""
    return series[series["indicator_code"] == code]


@dataclass(frozen=True)
class Figure:
    """The latest figure as the detail's cards show it; board_row holds the figure, the series row of its period the
    numerator and the record it came from."""

    value_text: str
    period_label: str
    reported_text: str
    provisional: bool
    coverage: str
    parts: str | None  # '137/240' when numerator and denominator are both known
    source: str | None  # None when there is no figure
    sample: bool


def latest_figure(board_row, series: pd.DataFrame) -> Figure:
    """The board's figure for one indicator (board_row: its row of nq57.board.build) with its parts and source from
    series (its board/series rows)."""
    record = series[series["period"] == board_row["period"]] if pd.notna(board_row["period"]) else series.iloc[:0]
    if not len(record):
        return Figure("Chưa có", board_row["period_label"], fmt.DASH, False, "", None, None, False)
    r = record.iloc[-1]
    has_parts = pd.notna(r["numerator"]) and pd.notna(r["denominator"])
    source = fmt.source(r["source_doc"], r["source_issued_on"], r["source_ref"], r["upload_file"], r["upload_kind"])
    return Figure(
        value_text=board_row["value_short"],
        period_label=board_row["period_label"],
        reported_text=fmt.date(board_row["reported_on"]),
        provisional=bool(board_row["provisional"]),
        coverage=board_row["coverage_text"],
        parts=f"{fmt.number(r['numerator'])}/{fmt.number(r['denominator'])}" if has_parts else None,
        source=source.removeprefix("Nguồn: "),
        sample=bool(board_row["sample"]),
    )


def parts_help(row) -> str:
    """What the numerator and the denominator count, as the catalogue defines them ('' when it does not)."""
    return " / ".join(t for t in (row["numerator_def"], row["denominator_def"]) if isinstance(t, str) and t)


def definition(row) -> str:
    """'Tử số: …; Mẫu số: …; Tần suất báo cáo: Tháng.' (a part the catalogue leaves blank is left out)."""
    parts = [
        f"{label}: {text}"
        for label, text in (("Tử số", row["numerator_def"]), ("Mẫu số", row["denominator_def"]))
        if isinstance(text, str) and text
    ]
    return "; ".join([*parts, f"Tần suất báo cáo: {row['frequency']}"]) + "."


def targets_frame(targets: pd.DataFrame, series: pd.DataFrame, row, today: dt.date) -> pd.DataFrame:
    """The indicator's targets over time, each with what became of it by today, judged by its figures as the board
    judges its milestones."""
    points = [
        (min(as_date(d), today), v, parse_period(p).label)
        for d, v, p in zip(series["period_end"], series["value"], series["period"], strict=True)
    ]
    measure, unit = row["measure"], row["unit_of_measure"]
    rows = list(zip(targets["comparator"], targets["target_value"], targets["deadline"], strict=True))
    sources = zip(targets["source_doc"], targets["source_issued_on"], targets["source_ref"], strict=True)
    return pd.DataFrame(
        {
            "Mục tiêu": [fmt.target(x, v, measure) for x, v, _ in rows],
            "Hạn": [fmt.date(d) for d in targets["deadline"]],
            "Kết quả": [status.milestone(points, x, v, d, today, measure, unit).result for x, v, d in rows],
            "Thời hạn như văn bản ghi": targets["deadline_text"],
            "Nguyên văn": targets["wording"],
            "Nguồn": [fmt.source(d, i, r).removeprefix("Nguồn: ") for d, i, r in sources],
        }
    )


def observations_frame(observations: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Every figure reported for the indicator: period, unit, value, note and where it came from."""
    return pd.DataFrame(
        {
            "Kỳ": [parse_period(p).label for p in observations["period"]],
            "Đơn vị": observations["unit_name"],
            "Giá trị": [
                fmt.measure(v, measure, d)
                for v, d in zip(observations["value"], observations["denominator"], strict=True)
            ],
            "Ghi chú": observations["note"],
            "Nguồn": [
                fmt.source(r.source_doc, r.source_issued_on, r.source_ref, r.upload_file, r.upload_kind).removeprefix(
                    "Nguồn: "
                )
                for r in observations.itertuples()
            ],
        }
    )


def commune_target(row) -> tuple | None:
    """(comparator, value) of the indicator's next target for the ranking's line, None without one."""
    return (row["comparator"], row["target_value"]) if pd.notna(row["target_value"]) else None
