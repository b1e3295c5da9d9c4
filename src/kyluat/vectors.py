"""Conformance vectors: deterministic inputs and kyluat's answers, for other implementations.

``kyluat vectors --count N --seed S --out FILE`` writes JSON Lines; each line is one case:

- ``start``: the receipt, an ISO date or an ISO moment with its offset;
- ``unit`` and ``amount``: the limit (``working_days``, ``working_hours``, ``days``, ``weeks``,
  ``months``, ``years``, ``same_day``; the amount as a decimal string), and ``limit``, its
  English text;
- ``due_date``, ``due_at``, ``counted_from``, ``provisional``, ``regime``: kyluat's answer;
- ``trace``: the rules applied, ``[{"rule_vi", "rule_en", "source"}]``;
- ``policy``: present only when the case departs from the default policy, with the
  fields that differ (``cutoff``, ``count_receipt_day``, ``end_of_day``).

The same count and seed give the same file on every machine and version of Python; receipts lie
in the officially decided years, on the public-sector calendar with kyluat's default office
hours (07:30–12:00, 13:00–16:30).

Examples:
    >>> first = next(generate(count=1, seed=7))
    >>> sorted(first)[:6]
    ['amount', 'counted_from', 'due_at', 'due_date', 'limit', 'provisional']
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from kyluat.calendar import default_calendar
from kyluat.deadline import VIETNAM, DeadlinePolicy, compute_deadline
from kyluat.duration import Duration, Unit
from kyluat.errors import InvalidInputError, ProvisionalDataWarning

__all__ = ["generate"]

_FIRST = date(2018, 7, 1)


def _limit(rng: random.Random) -> Duration:
    roll = rng.random()
    if roll < 0.45:
        return Duration.working_days(rng.randint(0, 30))
    if roll < 0.55:
        return Duration.working_days(f"{rng.randint(1, 12) / 4}")
    if roll < 0.75:
        return Duration.working_hours(f"{rng.randint(1, 160) / 2}")
    if roll < 0.82:
        return Duration.days(rng.randint(0, 60))
    if roll < 0.86:
        return Duration.weeks(rng.randint(0, 8))
    if roll < 0.92:
        return Duration.months(rng.randint(0, 12))
    if roll < 0.95:
        return Duration.years(rng.randint(0, 2))
    return Duration.same_day()


def _policy(rng: random.Random, limit: Duration) -> tuple[DeadlinePolicy | None, dict[str, Any]]:
    if rng.random() < 0.7:
        return None, {}
    changes: dict[str, Any] = {}
    if rng.random() < 0.5:
        changes["cutoff"] = time(15, 0)
    if (
        rng.random() < 0.3
        and limit.unit is not Unit.WORKING_HOURS  # hours count from the moment: refused
        and (limit.unit is Unit.DAYS or limit.amount == int(limit.amount))
    ):
        changes["count_receipt_day"] = True
    if rng.random() < 0.4:
        changes["end_of_day"] = "midnight"
    if not changes:
        return None, {}
    shown = {
        k: (v.isoformat(timespec="minutes") if isinstance(v, time) else v)
        for k, v in changes.items()
    }
    return DeadlinePolicy(**changes), shown


def generate(*, count: int, seed: int) -> Iterator[dict[str, Any]]:
    """Yield ``count`` cases, deterministic for ``seed``.

    Raises:
        InvalidInputError: ``count`` negative or ``seed`` not a whole number.
    """
    if type(count) is not int or count < 0:
        raise InvalidInputError("must be a whole number >= 0", field="count")
    if type(seed) is not int:
        raise InvalidInputError("must be a whole number", field="seed")
    rng = random.Random(seed)
    cal = default_calendar()
    last = date(cal.last_announced_year, 9, 30)  # leaves room for the longest limit
    span = (last - _FIRST).days
    produced = 0
    while produced < count:
        day = _FIRST + timedelta(days=rng.randint(0, span))
        limit = _limit(rng)
        with_time = limit.unit in (Unit.WORKING_HOURS, Unit.SAME_DAY) or rng.random() < 0.5
        start: date | datetime = day
        if with_time:
            minute = rng.randint(6 * 60, 18 * 60)
            start = datetime(
                day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=VIETNAM
            )
        policy, shown = _policy(rng, limit)
        with warnings.catch_warnings():  # the case carries its provisional flag
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            deadline = compute_deadline(start, limit, calendar=cal, policy=policy)
        case: dict[str, Any] = {
            "start": start.isoformat(),
            "unit": limit.unit.value,
            "amount": f"{limit.amount:f}",
            "limit": str(limit),
            "due_date": deadline.due_date.isoformat(),
            "due_at": deadline.due_at.isoformat(),
            "counted_from": deadline.counted_from.isoformat(),
            "provisional": deadline.provisional,
            "regime": deadline.regime.code,
            "trace": [step.to_dict() for step in deadline.trace],
        }
        if shown:
            case["policy"] = shown
        produced += 1
        yield case
