"""The on-track rule at its edges: deadline day, past it, lower-is-better, no data, one point, the amber band."""

import datetime as dt

import pytest

from nq57 import status

D = dt.date


def test_no_data_is_grey_never_green():
    s = status.assess([], ">=", 45, D(2025, 12, 31), D(2025, 6, 30), "percent")
    assert s.code == status.NO_DATA and s.rag == "grey"
    assert s.label == "Chưa có số liệu"


def test_one_point_only_cannot_tell_the_pace():
    s = status.assess([(D(2026, 3, 31), 8)], "<=", 0, D(2026, 12, 31), D(2026, 4, 30))
    assert s.code == status.INSUFFICIENT and s.rag == "grey"
    assert s.pace_so_far is None
    # 8 villages to close in 8 months: one a month.
    assert s.pace_needed == pytest.approx(8 / status.months_between(D(2026, 4, 30), D(2026, 12, 31)))


def test_a_met_target_is_green_even_from_one_point():
    s = status.assess([(D(2026, 3, 31), 46)], ">=", 45, D(2026, 12, 31), D(2026, 6, 30), "percent")
    assert s.code == status.MET and s.rag == "green"


def test_past_the_deadline_unmet_is_missed():
    points = [(D(2025, 1, 31), 10), (D(2025, 12, 31), 40)]
    assert status.assess(points, ">=", 45, D(2025, 12, 31), D(2026, 1, 1)).code == status.MISSED


def test_on_the_deadline_unmet_is_red_but_not_yet_missed():
    points = [(D(2025, 1, 31), 10), (D(2025, 12, 31), 40)]
    s = status.assess(points, ">=", 45, D(2025, 12, 31), D(2025, 12, 31))
    assert s.code == status.OFF_TRACK and s.rag == "red"


def test_on_the_deadline_met_is_green():
    points = [(D(2025, 1, 31), 10), (D(2025, 12, 31), 45)]
    assert status.assess(points, ">=", 45, D(2025, 12, 31), D(2025, 12, 31)).code == status.MET


def _pace_case(so_far_per_month: float, comparator=">=", start=10.0, target=None):
    """A series that moved so_far_per_month for 6 months, then 6 months left with 6 units to go."""
    first, last, as_of, deadline = D(2025, 1, 1), D(2025, 7, 2), D(2025, 7, 2), D(2025, 12, 31)
    months = status.months_between(first, last)
    sign = -1 if comparator == "<=" else 1
    latest = start + sign * so_far_per_month * months
    left = status.months_between(as_of, deadline)
    target = latest + sign * 1.0 * left if target is None else target  # needed: exactly 1 a month
    return status.assess([(first, start), (last, latest)], comparator, target, deadline, as_of)


@pytest.mark.parametrize(
    ("pace", "expected"),
    [
        (1.0, status.ON_TRACK),
        (1.5, status.ON_TRACK),
        (0.99, status.AT_RISK),
        (0.5, status.AT_RISK),
        (0.49, status.OFF_TRACK),
        (0.0, status.OFF_TRACK),
        (-1.0, status.OFF_TRACK),
    ],
)
def test_pace_so_far_against_pace_needed(pace, expected):
    s = _pace_case(pace)
    assert s.code == expected
    assert s.pace_needed == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("pace", "expected"), [(1.2, status.ON_TRACK), (0.7, status.AT_RISK), (-0.5, status.OFF_TRACK)]
)
def test_lower_is_better(pace, expected):
    # Villages without signal going down is progress.
    s = _pace_case(pace, comparator="<=", start=30.0)
    assert s.code == expected


def test_fewer_villages_without_signal_on_track():
    points = [(D(2026, 1, 31), 8), (D(2026, 3, 31), 6)]
    s = status.assess(points, "<=", 0, D(2026, 12, 31), D(2026, 4, 1))
    assert s.code == status.ON_TRACK and s.pace_so_far > 0


def test_values_after_the_day_asked_are_ignored():
    points = [(D(2025, 1, 31), 10), (D(2025, 6, 30), 20), (D(2025, 12, 31), 50)]
    assert status.assess(points, ">=", 45, D(2025, 12, 31), D(2025, 7, 1)).code != status.MET
    assert status.assess(points, ">=", 45, D(2025, 12, 31), D(2026, 1, 1)).code == status.MET


def test_every_status_has_a_label_and_a_colour_and_the_rule_names_each_as_shown():
    assert set(status.LABELS) == set(status.COLOURS) == set(status.ORDER)
    for label in status.LABELS.values():
        assert f"“{label}”" in status.RULE, label
    assert status.COLOURS[status.MET_LATE] != status.COLOURS[status.MET]


def test_met_after_the_deadline_is_met_late_not_plain_met():
    points = [(D(2025, 6, 30), 30), (D(2025, 12, 31), 40), (D(2026, 3, 31), 46)]
    s = status.assess(points, ">=", 45, D(2025, 12, 31), D(2026, 4, 1), "percent")
    assert (s.code, s.label, s.rag) == (status.MET_LATE, "Đạt muộn", "blue")
    assert s.explanation == "Đạt muộn: 46% so với mục tiêu ≥ 45% hạn 31/12/2025 (số liệu đến hạn là 40%)."
    # Met by the deadline and still met: plain met; before the deadline passes, met is met.
    on_time = [(D(2025, 12, 31), 45), (D(2026, 3, 31), 47)]
    assert status.assess(on_time, ">=", 45, D(2025, 12, 31), D(2026, 4, 1)).code == status.MET
    assert status.assess(points, ">=", 45, D(2026, 6, 30), D(2026, 4, 1)).code == status.MET


BRDD = [(D(2026, 3, 31), 8, "Quý I/2026"), (D(2026, 6, 30), 6, "Tháng 6/2026"), (D(2026, 8, 31), 4, "Tháng 8/2026")]


@pytest.mark.parametrize(
    ("as_of", "code", "text"),
    [
        (D(2026, 4, 30), None, ""),  # the deadline day: not passed yet
        (D(2026, 5, 1), status.SLIPPED, "Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 8 (Quý I/2026)"),
        (D(2026, 7, 15), status.SLIPPED, "Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 6 (Tháng 6/2026)"),
        (D(2026, 9, 1), status.MET_LATE, "Đạt muộn mốc 30/4/2026: ≤ 4 bản; đạt 4 (Tháng 8/2026)"),
    ],
)
def test_a_milestone_passed_unmet_slips_until_a_figure_meets_it(as_of, code, text):
    m = status.milestone(BRDD, "<=", 4, D(2026, 4, 30), as_of, "count", "bản")
    assert (m.code, m.text) == (code, text)


def test_a_milestone_met_in_time_or_not_known():
    met = status.milestone(BRDD, "<=", 8, D(2026, 4, 30), D(2026, 9, 1), "count", "bản")
    assert (met.code, met.result) == (status.MET, "Đạt đúng hạn")
    # A figure counts for a deadline when its period ends by then: June's 6 is not "by 30/4".
    late = status.milestone(BRDD, "<=", 6, D(2026, 4, 30), D(2026, 9, 1), "count", "bản")
    assert (late.code, late.result) == (status.MET_LATE, "Đạt muộn: 6 (Tháng 6/2026)")
    unknown = status.milestone([], ">=", 100, D(2026, 6, 30), D(2026, 12, 6), "percent", "%")
    assert (unknown.code, unknown.text) == (
        status.UNKNOWN,
        "Đã qua mốc 30/6/2026 (≥ 100%), chưa có số liệu để biết đạt hay chưa",
    )


def test_a_slipped_milestone_makes_the_verdict_red_and_leads_its_explanation():
    slipped = status.milestone(BRDD[:1], "<=", 4, D(2026, 4, 30), D(2026, 12, 6), "count", "bản")
    verdict = status.assess([(D(2026, 3, 31), 8)], "<=", 0, D(2026, 12, 31), D(2026, 12, 6))
    assert verdict.code == status.INSUFFICIENT
    s = status.with_milestones(verdict, [slipped])
    assert (s.code, s.rag) == (status.SLIPPED, "red")
    assert s.explanation == f"{slipped.text}. {verdict.explanation}"
    missed = status.Status(status.MISSED, explanation="Đã quá hạn.")
    assert status.with_milestones(missed, [slipped]).code == status.MISSED  # already the worse of the two
    late = status.milestone(BRDD, "<=", 4, D(2026, 4, 30), D(2026, 12, 6), "count", "bản")
    assert status.with_milestones(verdict, [late]).code == status.INSUFFICIENT  # a late one only adds a note


def test_explanations_are_vietnamese_numbers():
    s = _pace_case(0.7)
    assert "tháng" in s.explanation and "," in s.explanation
