"""Internal processes (quy trình nội bộ): step budgets and the control slip.

A published procedure's limit is split into steps, each with a responsible unit or role and a budget
of working time (0.25, 0.5, 1.5 days …; the return step often 0). Real published processes have
steps that add up to more than the limit, so [`Process`][kyluat.process.Process] validates the sum
and the published limit wins. From the actual hand-overs recorded on the control slip (phiếu kiểm
soát quá trình giải quyết hồ sơ: sender, receiver, moment),
[`Process.track`][kyluat.process.Process.track] gives each step's deadline, its outcome (early / on
time / late) and the slip carried to later steps.

Step budgets count in working hours from the moment a step receives the file (BLDS 2015
Art. 147(1)); one working day is 8 working hours (the docs' legal basis).

Examples:
    >>> from datetime import datetime
    >>> from kyluat import VIETNAM, Duration
    >>> process = Process(
    ...     "Cấp giấy phép", Duration.working_days(3),
    ...     [Step("Tiếp nhận", "Bộ phận một cửa", Duration.working_days("0.5")),
    ...      Step("Thẩm định", "Phòng chuyên môn", Duration.working_days(2)),
    ...      Step("Trả kết quả", "Bộ phận một cửa", Duration.working_days(0))])
    >>> at = lambda *a: datetime(*a, tzinfo=VIETNAM)
    >>> steps = process.track(at(2026, 3, 3, 8, 0), [
    ...     Handover("Bộ phận một cửa", "Phòng chuyên môn", at(2026, 3, 3, 11, 0)),
    ...     Handover("Phòng chuyên môn", "Bộ phận một cửa", at(2026, 3, 6, 9, 0))])
    >>> [(s.step.name, s.outcome.value if s.outcome else None) for s in steps]
    [('Tiếp nhận', 'on_time'), ('Thẩm định', 'late'), ('Trả kết quả', None)]

References:
    the docs' legal basis (control slip; internal process), §9.10.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from kyluat._moments import VIETNAM, instant
from kyluat._moments import local as _local
from kyluat._outcomes import Outcome
from kyluat._values import Value
from kyluat._worktime import WorkTimeIndex
from kyluat._worktime import cached_index as _index
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.deadline import DEFAULT_POLICY, DeadlinePolicy
from kyluat.duration import Duration, Unit
from kyluat.errors import InvalidInputError, ProcessBudgetError
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours

__all__ = ["Handover", "Process", "Step", "StepResult"]


@dataclass(frozen=True, slots=True)
class Step(Value):
    """One step of an internal process.

    Attributes:
        name: What is done, e.g. "Thẩm định hồ sơ".
        responsible: The unit or role responsible, e.g. "Phòng Kinh tế, Hạ tầng và Đô thị".
        budget: Working days or working hours; zero allowed (the return step).
    """

    name: str
    responsible: str
    budget: Duration

    def __post_init__(self) -> None:
        for field in ("name", "responsible"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError("required, and must not be empty", field=field)
        if not isinstance(self.budget, Duration) or self.budget.unit not in (
            Unit.WORKING_DAYS,
            Unit.WORKING_HOURS,
        ):
            raise InvalidInputError("a step budget is in working days or hours", field="budget")


@dataclass(frozen=True, slots=True)
class Handover(Value):
    """One line of the control slip: the file passes from ``sender`` to ``receiver`` at ``at``."""

    sender: str
    receiver: str
    at: datetime

    def __post_init__(self) -> None:
        if not isinstance(self.at, datetime):
            raise InvalidInputError("a hand-over needs its moment (hour and minute)", field="at")
        _local(self.at, "at")  # refuses naive datetimes


@dataclass(frozen=True, slots=True)
class StepResult(Value):
    """What the control slip says of one step.

    Attributes:
        step: The step.
        started_at: When the step received the file.
        due_at: Its deadline: ``started_at`` plus its budget in working time.
        finished_at: When it handed the file on (``None`` while it holds it).
        outcome: Early, on time or late against the due day (``None`` while open).
        slip: Working time finished after ``due_at`` (negative: ahead); ``None`` while open.
        planned_due_at: The deadline if every step had kept to its budget from receipt.
        carried_slip: Working time by which the step started later than planned (negative:
            earlier) — the slip earlier steps passed on.
    """

    step: Step
    started_at: datetime
    due_at: datetime
    finished_at: datetime | None
    outcome: Outcome | None
    slip: timedelta | None
    planned_due_at: datetime
    carried_slip: timedelta


def _seconds(budget: Duration, hours_per_day: int) -> int:
    per = hours_per_day * 3600 if budget.unit is Unit.WORKING_DAYS else 3600
    value = budget.amount * per
    if value != int(value):
        raise InvalidInputError(f"{budget} is not a whole number of seconds", field="budget")
    return int(value)


class Process(Value):
    """An internal process: a published limit split into steps.

    Args:
        name: The procedure's name.
        limit: The published limit, in working days or hours.
        steps: The steps in order.
        hours_per_day: Working hours in a working day (default 8).

    Raises:
        ProcessBudgetError: The step budgets add up to more than the limit; the message lists
            every step and its budget (real published processes have this defect).
        InvalidInputError: No steps, or a limit not in working time.
    """

    __slots__ = ("hours_per_day", "limit", "name", "steps")

    name: str
    limit: Duration
    steps: tuple[Step, ...]
    hours_per_day: int

    def __init__(
        self, name: str, limit: Duration, steps: Sequence[Step], *, hours_per_day: int = 8
    ) -> None:
        steps = tuple(steps)
        if not steps or not all(isinstance(s, Step) for s in steps):
            raise InvalidInputError("a process needs at least one Step", field="steps")
        if not isinstance(limit, Duration) or limit.unit not in (
            Unit.WORKING_DAYS,
            Unit.WORKING_HOURS,
        ):
            raise InvalidInputError("the limit is in working days or hours", field="limit")
        total = sum(_seconds(s.budget, hours_per_day) for s in steps)
        allowed = _seconds(limit, hours_per_day)
        if total > allowed:
            per_day = Decimal(hours_per_day * 3600)
            lines = "; ".join(
                f"{n}. {s.name} ({s.responsible}): {s.budget}" for n, s in enumerate(steps, 1)
            )
            raise ProcessBudgetError(
                f"the steps of {name!r} take {Decimal(total) / per_day:f} working days, more "
                f"than the published limit of {limit}: {lines}",
                field="steps",
            )
        for attribute, value in (
            ("name", name),
            ("limit", limit),
            ("steps", steps),
            ("hours_per_day", hours_per_day),
        ):
            object.__setattr__(self, attribute, value)

    def __repr__(self) -> str:
        return f"Process({self.name!r}, {self.limit}, steps={len(self.steps)})"

    def track(
        self,
        received_at: datetime,
        handovers: Sequence[Handover],
        *,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
    ) -> tuple[StepResult, ...]:
        """Each step's deadline and outcome from the control slip.

        Args:
            received_at: When the first step received the file.
            handovers: The control slip, in order: hand-over ``k`` ends step ``k``.
            calendar: Working calendar (default: the public sector's).
            office_hours: Office sessions (default: kyluat's).
            policy: Only ``hours_per_day`` is read (it must match the process's).

        Raises:
            InvalidInputError: More hand-overs than steps, a hand-over before the previous one,
                or a naive datetime.
        """
        if len(handovers) > len(self.steps):
            raise InvalidInputError(
                f"{len(handovers)} hand-overs for {len(self.steps)} steps", field="handovers"
            )
        calendar = default_calendar() if calendar is None else calendar
        hours = DEFAULT_OFFICE_HOURS if office_hours is None else office_hours
        per_day = (DEFAULT_POLICY if policy is None else policy).hours_per_day
        index = _index(calendar, hours)
        start = _start(index, received_at, "received_at")
        planned = start
        previous = received_at
        results: list[StepResult] = []
        for n, step in enumerate(self.steps):
            budget = _seconds(step.budget, per_day)
            due = start + budget
            planned_due = planned + budget
            due_at = _due_moment(index, due, budget)
            handover = handovers[n] if n < len(handovers) else None
            finished: datetime | None = None
            outcome: Outcome | None = None
            slip: timedelta | None = None
            if handover is not None:
                if handover.at < previous:
                    raise InvalidInputError(
                        f"hand-over {n + 1} ({handover.at.isoformat()}) is before the previous "
                        "moment",
                        field="handovers",
                    )
                finished = handover.at
                end = _point(index, finished, "handovers")
                slip = timedelta(seconds=end - due)
                finished_day = finished.astimezone(VIETNAM).date()
                due_day = due_at.date()
                if finished_day < due_day:
                    outcome = Outcome.EARLY
                elif finished_day == due_day:
                    outcome = Outcome.ON_TIME
                else:
                    outcome = Outcome.LATE
                previous = finished
            results.append(
                StepResult(
                    step=step,
                    started_at=_moment(index, *_at(index, start)),
                    due_at=due_at,
                    finished_at=finished,
                    outcome=outcome,
                    slip=slip,
                    planned_due_at=_due_moment(index, planned_due, budget),
                    carried_slip=timedelta(seconds=start - planned),
                )
            )
            if handover is None:
                break
            start = _start(index, handover.at, "handovers")
            planned = planned_due
        return tuple(results)  # steps after the open one have not started: nothing to report


def _point(index: WorkTimeIndex, moment: datetime, field: str) -> int:
    day, second = _local(moment, field)
    return index.position(index.day(day, field=field), second or 0)


def _start(index: WorkTimeIndex, moment: datetime, field: str) -> int:
    """Office-second position where counting starts for a file received at ``moment``."""
    day, second = _local(moment, field)
    i, s = index.start_of_counting(index.day(day, field=field), second or 0)
    return index.position(i, s)


def _at(index: WorkTimeIndex, position: int) -> tuple[int, int]:
    """Where counting stands at an office-second position: at a day boundary, the next opening
    (the previous close is the same position, but nothing starts there)."""  # noqa: D205, D209
    i, second = index.moment(position) if position else (0, 0)
    if position and position == index.cumulative[i + 1]:
        j = index.next_working(i)
        return j, index.opening(j)
    return i, second


def _due_moment(index: WorkTimeIndex, due: int, budget: int) -> datetime:
    """A deadline ends at the earliest moment its budget is used up; a zero budget, where the
    step starts."""  # noqa: D205, D209
    return _moment(index, *(index.moment(due) if budget else _at(index, due)))


def _moment(index: WorkTimeIndex, i: int, second: int) -> datetime:
    return instant(index.first_ordinal + i, second)
