"""Ratings against LAW.md §6 and §8 (NĐ 90/2020, NĐ 335/2025, disbursement bands)."""

from __future__ import annotations

from datetime import date

import pytest

from kyluat import InvalidInputError
from kyluat.metrics import GroupStats
from kyluat.ratings import DisbursementRating, Nd90Rating, Nd335Rating, TaskItem


@pytest.mark.parametrize(
    ("not_on_schedule", "exceeded", "level"),
    [
        (0, 10, "excellent"),  # 100% on schedule, 50% exceeded [unverified threshold]
        (0, 9, "good"),  # 100% on schedule (HTT) [verified]
        (1, 0, "completed"),  # 5%
        (4, 0, "completed"),  # exactly 20% (HTNV at most 20%) [verified]
        (5, 0, "needs_decision"),  # 25%: the gap band
        (10, 0, "needs_decision"),  # exactly 50%
        (11, 0, "not_completed"),  # 55% (KHTNV above 50%) [unverified]
    ],
)
def test_nd90_levels_and_the_gap_band(not_on_schedule, exceeded, level):
    rating = Nd90Rating().rate(tasks=20, not_on_schedule=not_on_schedule, exceeded=exceeded)
    assert rating.level == level
    assert "90/2020" in rating.source
    assert rating.explanation_en
    assert rating.explanation_vi


@pytest.mark.parametrize(
    ("general", "items", "points", "level"),
    [
        (30, [TaskItem()] * 4, 100.0, "excellent"),
        (20, [TaskItem()] * 4, 90.0, "excellent"),  # 90 is HTXS
        (19.99, [TaskItem()] * 4, 89.99, "good"),
        (28, [TaskItem(), TaskItem(delays=1)], 89.25, "good"),  # 25% lost on one item
        (28, [TaskItem(), TaskItem(delays=1, objective_cause=True)], 98.0, "excellent"),
        (10, [TaskItem(delays=2), TaskItem(delays=4)], 27.5, "not_completed"),
        (15, [TaskItem(), TaskItem(delays=2)], 67.5, "completed"),
        (0, [TaskItem()], 70.0, "good"),
    ],
)
def test_nd335_points_and_levels(general, items, points, level):
    rating = Nd335Rating().rate(general_points=general, items=items)
    assert rating.points == pytest.approx(points)
    assert rating.level == level
    assert "335/2025" in rating.source


def test_nd335_applies_from_2026():
    with pytest.raises(InvalidInputError) as err:
        Nd335Rating().rate(general_points=30, items=[TaskItem()], period_start=date(2025, 12, 1))
    assert err.value.field == "period_start"
    with pytest.raises(InvalidInputError):
        Nd335Rating().rate(general_points=31, items=[TaskItem()])
    with pytest.raises(InvalidInputError):
        Nd335Rating().rate(general_points=30, items=[])


@pytest.mark.parametrize(
    ("ratio", "level"),
    [(1.0, "excellent"), (1.2, "excellent"), (0.9, "good"), (0.95, "good"), (0.89, "unrated")],
)
def test_disbursement_bands(ratio, level):
    assert DisbursementRating().rate(ratio).level == level


def test_disbursement_bands_are_configurable():
    bands = ((0.95, "excellent"), (0.8, "good"), (0.6, "completed"), (0.0, "not_completed"))
    rating = DisbursementRating(bands=bands, source="QĐ (giả định) của tỉnh").rate(0.7)
    assert rating.level == "completed"
    assert rating.source == "QĐ (giả định) của tỉnh"


def test_bad_rating_input():
    with pytest.raises(InvalidInputError):
        Nd90Rating().rate(tasks=0, not_on_schedule=0)
    with pytest.raises(InvalidInputError):
        Nd90Rating().rate(tasks=5, not_on_schedule=6)
    with pytest.raises(InvalidInputError):
        DisbursementRating().rate(-0.1)


def test_group_stats_on_time_rate_excludes_open_records():
    # GroupStats is an immutable value: one early (2 working days), one late (6), one open
    # overdue; kyluat.metrics.summarise builds it from checked rows (tests/test_check_package.py).
    stats = GroupStats("x", early=1, late=1, open_overdue=1, working_days_total=2 + 6)
    assert stats.on_time_rate == 0.5
    assert stats.average_working_days == 4
    assert stats.progress_score_766 == 10.0
    assert GroupStats("empty").on_time_rate is None
