"""SLA clocks (đồng hồ thời hạn): deadlines that pause, resume, restart and are extended.

A dossier's deadline moves while it waits for the applicant; a task's moves when an extension is
approved; a late dossier gets an apology and a new appointment but still counts as late. An
:class:`SlaClock` tracks all of that in working time. It is immutable and event-sourced: every
event returns a new clock, an invalid event raises a :class:`~kyluat.errors.KyluatError` and
leaves the clock as it was, and the event list round-trips through JSON and replays to the same
clock.

Three ways of counting, chosen by the limit:

* **whole working days** (and same-day limits) count in days: a pause on day P counts P, a
  resumption on day R resumes counting on the next working day (R is not counted, as a receipt
  day is not: BLDS 2015 Art. 147), and the due date moves by the working days in between;
* **working hours and fractions of a day** count in seconds of office time: exactly the paused
  office time is excluded;
* **calendar periods** (days, weeks, months, years) move their last day by the calendar days in
  (P, R], then roll to the next working day (BLDS 2015 Art. 148(5)); they are extended in days.

Examples:
    The supplement example of LAW.md §4: received Tue 03/03/2026, 10 working days (due Tue
    17/03); a supplement is requested on Fri 06/03 after 3 days used and supplied Wed 11/03.

    >>> from datetime import date
    >>> from kyluat import Duration
    >>> clock = SlaClock.start(date(2026, 3, 3), Duration.working_days(10))
    >>> clock.due_date
    datetime.date(2026, 3, 17)
    >>> paused = clock.pause(date(2026, 3, 6), reason="supplement_request")
    >>> paused.resume(date(2026, 3, 11)).due_date       # pause and resume
    datetime.date(2026, 3, 20)
    >>> paused.restart(date(2026, 3, 11), reason="resubmitted").due_date  # limit restarts
    datetime.date(2026, 3, 25)

References:
    LAW.md §4 (supplement, apology and re-appointment, early / on time / late), §9.6, §9.8,
    §9.9, §9.13; BLDS 2015 Art. 147, 156.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from kyluat._moments import VIETNAM, Moment, instant, order, second_of_day
from kyluat._moments import local as _local
from kyluat._validate import from_pydantic
from kyluat._worktime import WorkTimeIndex
from kyluat._worktime import cached_index as _index
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.deadline import (
    DEFAULT_POLICY,
    Deadline,
    DeadlinePolicy,
    EndOfDay,
    compute_deadline,
    period_last_day,
)
from kyluat.duration import Duration, Unit
from kyluat.errors import CoverageError, DataError, InvalidInputError
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours

__all__ = [
    "ClockEvent",
    "ClockStatus",
    "EventKind",
    "Outcome",
    "PauseReason",
    "Reappointment",
    "SlaClock",
]


class EventKind(StrEnum):
    """What happened to a clock. Values are stable (they are stored in event logs)."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESTART = "restart"
    EXTEND = "extend"
    REAPPOINT = "reappoint"
    STOP = "stop"


class PauseReason(StrEnum):
    """Why a clock is paused (national portal statuses 5, 6 and 8; LAW.md §4, §9.13)."""

    SUPPLEMENT_REQUEST = "supplement_request"
    """Yêu cầu bổ sung hồ sơ (portal status 5)."""
    FINANCIAL_OBLIGATION = "financial_obligation"
    """Chờ thực hiện nghĩa vụ tài chính (portal status 6)."""
    STOPPED = "stopped"
    """Dừng xử lý (portal status 8)."""
    FORCE_MAJEURE = "force_majeure"
    """Sự kiện bất khả kháng: a recorded act with approver and reference (LAW.md §9.13)."""
    OTHER = "other"
    """Any other recorded reason; a note is required."""


class Outcome(StrEnum):
    """How a finished clock compares with its deadline day (LAW.md §4, §9.8)."""

    EARLY = "early"
    """Trước hạn: finished before the deadline day."""
    ON_TIME = "on_time"
    """Đúng hạn: finished on the deadline day."""
    LATE = "late"
    """Quá hạn: finished after the deadline day."""


class ClockStatus(StrEnum):
    """State of an open clock at a moment: within the deadline or overdue."""

    WITHIN = "within"
    """Trong hạn (always while paused)."""
    OVERDUE = "overdue"
    """Quá hạn."""


class ClockEvent(BaseModel):
    """One event of a clock's log, as stored and exchanged (JSON through pydantic).

    Moments are aware datetimes, or dates for day-counted clocks.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("at", "to", "new_due", mode="before")
    @classmethod
    def _no_naive_moments(cls, value: object) -> object:
        # A naive moment must never pass as a date (pydantic would take a midnight one).
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError("a moment needs a time zone; a naive datetime is refused")
        if isinstance(value, str) and len(value.strip()) > 10:
            try:
                parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                return value  # pydantic reports the malformed text
            if parsed.utcoffset() is None:
                raise ValueError(f"{value!r} has a time but no offset (e.g. +07:00)")
        return value

    kind: EventKind
    at: AwareDatetime | date
    limit: str | None = None
    """Start only: the limit as text ("10 working days")."""
    reason: str | None = None
    approved_by: str | None = None
    reference: str | None = None
    note: str | None = None
    by: str | None = None
    """Extend only: the extension as a limit text ("3 working days")."""
    to: AwareDatetime | date | None = None
    """Extend only: the new deadline."""
    new_due: AwareDatetime | date | None = None
    """Reappoint only: the date promised on the apology slip."""


_EVENTS = TypeAdapter(tuple[ClockEvent, ...])


class Reappointment(BaseModel):
    """An apology and re-appointment slip (phiếu xin lỗi và hẹn lại ngày trả kết quả)."""

    model_config = ConfigDict(frozen=True)

    at: AwareDatetime | date
    new_due: AwareDatetime | date
    reason: str
    findings: tuple[str, ...]
    """Rules of the regime the slip breaks (reported, or refused when enforced)."""


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError("required, and must not be empty", field=field)
    return value


class SlaClock:
    """An immutable, event-sourced deadline clock. Build it with :meth:`start` or :meth:`replay`.

    Every event method returns a new clock and leaves this one unchanged; so does a refused
    event, which raises a :class:`~kyluat.errors.KyluatError`.
    """

    __slots__ = (
        "_calendar",
        "_deadline",
        "_due",
        "_events",
        "_hours",
        "_index",
        "_mode",
        "_pause",
        "_pauses",
        "_policy",
        "_reappointment",
        "_start",
        "_stopped",
    )

    _events: tuple[ClockEvent, ...]
    _calendar: WorkCalendar
    _hours: OfficeHours
    _policy: DeadlinePolicy
    _index: WorkTimeIndex
    _deadline: Deadline
    _mode: _Mode
    """What the clock's axis counts: working days, office seconds or calendar days."""
    _start: int
    """Counting start on the clock's axis (working-day rank, office-second position, or
    calendar-day index)."""
    _due: int
    """End of the deadline on the same axis (exclusive rank end, or office-second position)."""
    _pause: tuple[int, int, Moment] | None
    """Open pause: its start on the axis and in office seconds, and its moment."""
    _pauses: tuple[tuple[int, int], ...]
    """Closed pauses as office-second intervals (day clocks: whole days), not counted."""
    _reappointment: Reappointment | None
    _stopped: Moment | None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("SlaClock is immutable; its events return new clocks")

    # --- Construction ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        received_at: Moment,
        duration: Duration | str,
        *,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
    ) -> SlaClock:
        """Start a clock at receipt, with the deadline :func:`~kyluat.compute_deadline` gives.

        Raises:
            InvalidInputError: Bad input (as for ``compute_deadline``), or a calendar-period
                limit (days, weeks, months, years), which a clock does not count.
        """
        if isinstance(duration, str):
            duration = Duration.parse(duration)
        event = _event(kind=EventKind.START, at=received_at, limit=str(duration))
        return cls._begin(event, duration, calendar, office_hours, policy)

    @classmethod
    def _begin(
        cls,
        event: ClockEvent,
        duration: Duration,
        calendar: WorkCalendar | None,
        office_hours: OfficeHours | None,
        policy: DeadlinePolicy | None,
    ) -> SlaClock:
        if not isinstance(duration, Duration):
            raise InvalidInputError("expected a Duration", field="duration")
        if duration.unit is not Unit.SAME_DAY and duration.amount == 0:
            raise InvalidInputError("an SLA clock needs a positive limit", field="duration")
        calendar = default_calendar() if calendar is None else calendar
        hours = DEFAULT_OFFICE_HOURS if office_hours is None else office_hours
        policy = DEFAULT_POLICY if policy is None else policy
        deadline = compute_deadline(
            event.at, duration, calendar=calendar, office_hours=hours, policy=policy
        )
        index = _index(calendar, hours)
        if duration.unit in _PERIODS:
            mode = _Mode.CALENDAR
        elif duration.unit is Unit.SAME_DAY or (
            duration.unit is Unit.WORKING_DAYS and duration.amount == int(duration.amount)
        ):
            mode = _Mode.DAYS
        else:  # working hours and fractions of a day
            mode = _Mode.SECONDS
        start, due = _axis_span(mode, index, deadline, policy)
        clock = object.__new__(cls)
        clock._set(
            _events=(event,),
            _calendar=calendar,
            _hours=hours,
            _policy=policy,
            _index=index,
            _deadline=deadline,
            _mode=mode,
            _start=start,
            _due=due,
            _pause=None,
            _pauses=(),
            _reappointment=None,
            _stopped=None,
        )
        return clock

    @classmethod
    def replay(
        cls,
        events: Iterable[ClockEvent],
        *,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
    ) -> SlaClock:
        """Rebuild a clock from its event log (the first event must be ``start``).

        Raises:
            DataError: The log is empty or does not begin with ``start``.
            KyluatError: An event of the log is invalid (the same error the event raised).
        """
        log = tuple(events)
        if not log or log[0].kind is not EventKind.START or log[0].limit is None:
            raise DataError("an event log begins with a start event and its limit", field="events")
        clock = cls._begin(log[0], Duration.parse(log[0].limit), calendar, office_hours, policy)
        for event in log[1:]:
            clock = clock._apply(event)
        return clock

    @classmethod
    def from_json(
        cls,
        text: str | bytes,
        *,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
    ) -> SlaClock:
        """Rebuild a clock from :meth:`to_json` output.

        Raises:
            DataError: The text is not a valid event log (the message names the field).
        """
        try:
            events = _EVENTS.validate_json(text)
        except ValidationError as exc:
            raise from_pydantic(exc, error=DataError, prefix="events") from None
        return cls.replay(events, calendar=calendar, office_hours=office_hours, policy=policy)

    def to_json(self) -> str:
        """The event log as JSON (replays to an equal clock with the same configuration)."""
        return _EVENTS.dump_json(self._events, exclude_none=True).decode()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _copy(self, event: ClockEvent, **changes: object) -> SlaClock:
        clock = object.__new__(SlaClock)
        for name in SlaClock.__slots__:
            object.__setattr__(clock, name, getattr(self, name))
        clock._set(_events=(*self._events, event), **changes)
        return clock

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SlaClock):
            return NotImplemented
        return (self._events, self._calendar, self._hours, self._policy) == (
            other._events,
            other._calendar,
            other._hours,
            other._policy,
        )

    def __hash__(self) -> int:
        return hash((self._events, self._calendar, self._hours, self._policy))

    def __repr__(self) -> str:
        state = "stopped" if self._stopped is not None else "paused" if self._pause else "open"
        return f"SlaClock({state}, events={len(self._events)}, due={self._due_text()})"

    def _due_text(self) -> str:
        due = self.due_at
        return "suspended" if due is None else due.isoformat()

    # --- Events ---------------------------------------------------------------------------------

    @property
    def events(self) -> tuple[ClockEvent, ...]:
        """The event log, oldest first."""
        return self._events

    def pause(
        self,
        at: Moment,
        *,
        reason: PauseReason | str,
        approved_by: str | None = None,
        reference: str | None = None,
        note: str | None = None,
    ) -> SlaClock:
        """Pause the clock (supplement request, financial obligation, stop, force majeure …).

        Raises:
            InvalidInputError: Already paused or stopped, out of order, unknown reason, or a
                force-majeure pause without approver and reference (LAW.md §9.13).
        """
        return self._apply(
            _event(
                kind=EventKind.PAUSE,
                at=at,
                reason=str(reason),
                approved_by=approved_by,
                reference=reference,
                note=note,
            )
        )

    def resume(self, at: Moment, *, note: str | None = None) -> SlaClock:
        """Resume counting; the paused working time is excluded (LAW.md §9.6).

        Raises:
            InvalidInputError: Not paused, stopped, or out of order.
        """
        return self._apply(_event(kind=EventKind.RESUME, at=at, note=note))

    def restart(self, at: Moment, *, reason: str, note: str | None = None) -> SlaClock:
        """Restart the full limit from a resubmission (procedures whose limit restarts).

        Ends an open pause. Counting starts as from a new receipt at ``at``.

        Raises:
            InvalidInputError: Stopped, out of order, or no reason.
        """
        return self._apply(_event(kind=EventKind.RESTART, at=at, reason=reason, note=note))

    def extend(
        self,
        *,
        by: Duration | str | None = None,
        to: Moment | None = None,
        approved_by: str,
        reference: str,
        at: Moment | None = None,
    ) -> SlaClock:
        """Extend the deadline by an amount or to a date, with the approval recorded.

        Args:
            by: The extension, in working days or hours.
            to: The new deadline (later than the current one).
            approved_by: Who approved it (required).
            reference: The approving document (required).
            at: When it was approved (default: the moment of the last event).

        Raises:
            InvalidInputError: Neither or both of ``by`` and ``to``; no approval; a new deadline
                not later than the current one; the clock is stopped.
        """
        if isinstance(by, Duration):
            by = str(by)
        return self._apply(
            _event(
                kind=EventKind.EXTEND,
                at=self._events[-1].at if at is None else at,
                by=by,
                to=to,
                approved_by=approved_by,
                reference=reference,
            )
        )

    def reappoint(
        self, new_due: Moment, *, reason: str, at: Moment, enforce: bool = False
    ) -> SlaClock:
        """Record the apology and re-appointment slip for a dossier that will be late.

        The deadline used for statistics does not move (LAW.md §9.9): the clock still counts
        late after it, and :attr:`reappointment` holds the promised date. The regime's rules —
        sent at least one working day before the deadline, once only [unverified] — are
        reported in ``reappointment.findings``, or refused when ``enforce`` is true.

        Raises:
            InvalidInputError: No reason, a new date not after the deadline, stopped, out of
                order, or (with ``enforce``) a broken rule.
        """
        clock = self._apply(_event(kind=EventKind.REAPPOINT, at=at, new_due=new_due, reason=reason))
        slip = clock._reappointment
        if enforce and slip is not None and slip.findings:
            raise InvalidInputError("; ".join(slip.findings), field="at")
        return clock

    def stop(self, at: Moment, *, note: str | None = None) -> SlaClock:
        """Stop the clock: the work is finished (result ready or returned).

        Raises:
            InvalidInputError: Already stopped, or out of order.
        """
        return self._apply(_event(kind=EventKind.STOP, at=at, note=note))

    def _apply(self, event: ClockEvent) -> SlaClock:
        if self._stopped is not None:
            raise InvalidInputError(
                f"the clock was stopped at {_iso(self._stopped)}; no event can follow",
                field="kind",
            )
        if order(event.at) < order(self._events[-1].at):
            raise InvalidInputError(
                f"{_iso(event.at)} is before the previous event ({_iso(self._events[-1].at)})",
                field="at",
            )
        kind = event.kind
        if kind is EventKind.PAUSE:
            return self._on_pause(event)
        if kind is EventKind.RESUME:
            return self._on_resume(event)
        if kind is EventKind.RESTART:
            return self._on_restart(event)
        if kind is EventKind.EXTEND:
            return self._on_extend(event)
        if kind is EventKind.REAPPOINT:
            return self._on_reappoint(event)
        if kind is EventKind.STOP:
            self._axis(event.at, "at")  # validates the moment
            return self._copy(event, _stopped=event.at)
        raise InvalidInputError("a clock has one start event", field="kind")

    def _on_pause(self, event: ClockEvent) -> SlaClock:
        if self._pause is not None:
            raise InvalidInputError("the clock is already paused", field="kind")
        try:
            reason = PauseReason(event.reason or "")
        except ValueError:
            raise InvalidInputError(
                f"unknown reason {event.reason!r}; expected one of "
                + ", ".join(r.value for r in PauseReason),
                field="reason",
            ) from None
        if reason is PauseReason.FORCE_MAJEURE:
            _text(event.approved_by, "approved_by")
            _text(event.reference, "reference")
        if reason is PauseReason.OTHER:
            _text(event.note, "note")
        axis, seconds = self._axis(event.at, "at")
        return self._copy(event, _pause=(axis, seconds, event.at))

    def _on_resume(self, event: ClockEvent) -> SlaClock:
        if self._pause is None:
            raise InvalidInputError("resume without a pause", field="kind")
        axis, seconds = self._axis(event.at, "at")
        due, pauses = self._closed_pause(axis, seconds)
        return self._copy(event, _due=due, _pause=None, _pauses=pauses)

    def _closed_pause(self, axis: int, seconds: int) -> tuple[int, tuple[tuple[int, int], ...]]:
        """The deadline and the uncounted intervals once the open pause ends at ``axis``."""
        assert self._pause is not None
        start_axis, start_seconds, _ = self._pause
        due = self._due
        if start_axis < due:  # a pause after the deadline does not move it
            due += max(0, axis - max(start_axis, self._start))
        begin = max(start_seconds, self._start_seconds())
        return due, (*self._pauses, (begin, max(begin, seconds)))

    def _on_restart(self, event: ClockEvent) -> SlaClock:
        _text(event.reason, "reason")
        restarted = compute_deadline(
            event.at,
            Duration.parse(self._events[0].limit or ""),
            calendar=self._calendar,
            office_hours=self._hours,
            policy=self._policy,
        )
        start, due = _axis_span(self._mode, self._index, restarted, self._policy)
        return self._copy(event, _start=start, _due=due, _pause=None, _pauses=())

    def _on_extend(self, event: ClockEvent) -> SlaClock:
        _text(event.approved_by, "approved_by")
        _text(event.reference, "reference")
        if (event.by is None) == (event.to is None):
            raise InvalidInputError("give exactly one of by= and to=", field="by")
        index = self._index
        if event.by is not None and self._mode is _Mode.CALENDAR:
            amount = Duration.parse(event.by)
            if amount.unit is not Unit.DAYS:
                raise InvalidInputError(
                    "this clock counts calendar days; extend by days ('5 ngày')", field="by"
                )
            due = self._due + int(amount.amount)
        elif event.by is not None:
            amount = Duration.parse(event.by)
            if amount.unit not in (Unit.WORKING_DAYS, Unit.WORKING_HOURS):
                raise InvalidInputError("an extension is in working days or hours", field="by")
            per_day = self._policy.hours_per_day * 3600
            seconds = amount.amount * (per_day if amount.unit is Unit.WORKING_DAYS else 3600)
            if self._mode is _Mode.DAYS:
                days = seconds / per_day
                if days != int(days):
                    raise InvalidInputError(
                        "this clock counts whole working days; extend by whole days",
                        field="by",
                    )
                due = self._due + int(days)
            else:
                if seconds != int(seconds):
                    raise InvalidInputError("not a whole number of seconds", field="by")
                due = self._due + int(seconds)
        else:
            assert event.to is not None
            due = self._end_axis(event.to)
            if due <= self._due:
                raise InvalidInputError(
                    f"the new deadline {_iso(event.to)} is not later than the current one",
                    field="to",
                )
        if (self._mode is _Mode.DAYS and due > len(index.working)) or (
            self._mode is _Mode.CALENDAR and due > len(index.spans)
        ):
            raise InvalidInputError("the extended deadline is outside the data", field="by")
        return self._copy(event, _due=due)

    def _on_reappoint(self, event: ClockEvent) -> SlaClock:
        _text(event.reason, "reason")
        if event.new_due is None:
            raise InvalidInputError("required", field="new_due")
        due_date = self._index.date(self._due_point(self._due)[0])
        new_day, _ = _local(event.new_due, "new_due")
        if new_day <= due_date:
            raise InvalidInputError(
                f"the new date {_iso(event.new_due)} must be after the deadline {due_date}",
                field="new_due",
            )
        findings: list[str] = []
        if self._reappointment is not None:
            findings.append("a dossier may be re-appointed only once (LAW.md §4) [unverified]")
        at_day, _ = _local(event.at, "at")
        if self._calendar.working_days_between(at_day, due_date) < 1:
            findings.append(
                "the slip must be sent at least one working day before the deadline "
                f"{due_date.isoformat()} (LAW.md §4) [unverified]"
            )
        slip = Reappointment(
            at=event.at, new_due=event.new_due, reason=event.reason or "", findings=tuple(findings)
        )
        return self._copy(event, _reappointment=slip)

    # --- Axis helpers ---------------------------------------------------------------------------

    def _axis(self, at: Moment, field: str) -> tuple[int, int]:
        """A moment on the clock's axis and in office seconds (day clocks: end of its day)."""
        day, second = _local(at, field)
        index = self._index
        i = index.day(day, field=field)
        if self._mode is _Mode.DAYS:
            return index.counts[i + 1], index.cumulative[i + 1]
        if self._mode is _Mode.CALENDAR:
            return i + 1, index.cumulative[i + 1]
        if second is None:
            raise InvalidInputError(
                "this clock counts working hours: give the moment, not only the date", field=field
            )
        seconds = index.position(i, second)
        return seconds, seconds

    def _end_axis(self, to: Moment) -> int:
        day, second = _local(to, "to")
        index = self._index
        i = index.day(day, field="to")
        if self._mode is _Mode.DAYS:
            return index.counts[i + 1]
        if self._mode is _Mode.CALENDAR:
            return i + 1
        if second is None:
            return index.cumulative[i + 1]
        return index.position(i, second)

    def _start_seconds(self) -> int:
        """Office-second position of the counting start."""
        if self._mode is _Mode.DAYS:
            return self._index.cumulative[self._index.working[self._start]]
        if self._mode is _Mode.CALENDAR:
            return self._index.cumulative[self._start]
        return self._start

    def _due_seconds(self, due: int) -> int:
        """Office-second position of the end of the deadline."""
        if self._mode is _Mode.SECONDS:
            return due
        return self._index.cumulative[self._due_point(due)[0] + 1]

    # --- Queries --------------------------------------------------------------------------------

    @property
    def deadline(self) -> Deadline:
        """The deadline computed at receipt, with its trace."""
        return self._deadline

    @property
    def original_due_at(self) -> datetime:
        """The deadline at receipt, before any pause, restart or extension."""
        return self._deadline.due_at

    @property
    def counts_in_days(self) -> bool:
        """Whether the clock counts whole days, working days or calendar days (a pause counts its
        own day and a resumption day is not counted), rather than seconds of office time."""  # noqa: D205, D209
        return self._mode is not _Mode.SECONDS

    @property
    def paused(self) -> bool:
        """Whether the clock is paused now."""
        return self._pause is not None

    @property
    def stopped_at(self) -> Moment | None:
        """When the clock was stopped, if it was."""
        return self._stopped

    @property
    def reappointment(self) -> Reappointment | None:
        """The apology and re-appointment slip, if one was issued."""
        return self._reappointment

    def _due_point(self, due: int) -> tuple[int, int]:
        """Day index and second of the deadline at axis position ``due`` (ignoring pauses)."""
        index = self._index
        if self._mode is not _Mode.SECONDS:
            if self._mode is _Mode.DAYS:
                i = index.working[due - 1]
            else:  # BLDS 2015 Art. 148(5): a last day off rolls to the next working day
                i = due - 1
                if i >= len(index.spans):
                    raise CoverageError("the deadline falls after the data", field="duration")
                if not index.spans[i]:
                    i = index.next_working(i)
            if self._policy.end_of_day is EndOfDay.MIDNIGHT:
                return i, 86400
            return i, index.closing(i)
        return index.moment(due)

    @property
    def due_date(self) -> date | None:
        """The current deadline day; ``None`` while paused (it depends on the resumption)."""
        if self._pause is not None:
            return None
        return self._index.date(self._due_point(self._due)[0])

    @property
    def due_at(self) -> datetime | None:
        """The current deadline moment; ``None`` while paused (it depends on the resumption)."""
        if self._pause is not None:
            return None
        return _moment(self._index, *self._due_point(self._due))

    def _seconds_at(self, as_of: datetime) -> int:
        if not isinstance(as_of, datetime):
            raise InvalidInputError("expected an aware datetime", field="as_of")
        day, second = _local(as_of, "as_of")
        index = self._index
        i = index.day(day, field="as_of")
        return index.position(i, second or 0)

    def elapsed(self, as_of: datetime) -> timedelta:
        """Working time counted from the start to ``as_of``, paused time excluded.

        Raises:
            InvalidInputError: ``as_of`` is not an aware datetime.
        """
        now = self._capped(self._seconds_at(as_of))
        start = self._start_seconds()
        pauses = self._pauses
        if self._pause is not None:
            pauses = (*pauses, (max(self._pause[1], start), max(self._pause[1], start, now)))
        counted = now - start - _overlap(pauses, start, now)
        return timedelta(seconds=max(0, counted))

    def remaining(self, as_of: datetime) -> timedelta:
        """Working time left until the deadline at ``as_of`` (negative when overdue).

        While paused, the time left when the pause began. ``elapsed + remaining`` is the limit
        (with its extensions) at any moment of an open clock.
        """
        start = self._start_seconds()
        now = max(self._capped(self._seconds_at(as_of)), start)  # nothing runs before the start
        if self._pause is not None:
            now = min(now, max(self._pause[1], start))
        due = self._due_seconds(self._due)
        if now <= due:
            return timedelta(seconds=due - now - _overlap(self._pauses, now, due))
        return -timedelta(seconds=now - due - _overlap(self._pauses, due, now))

    def _capped(self, seconds: int) -> int:
        if self._stopped is None:
            return seconds
        day, second = _local(self._stopped, "at")
        i = self._index.day(day)
        stop = self._index.position(i, 86400 if second is None else second)
        return min(seconds, stop)

    def status(self, as_of: datetime) -> ClockStatus:
        """Within the deadline or overdue at ``as_of``; never overdue while paused.

        Raises:
            InvalidInputError: The clock is stopped (use :attr:`outcome`), or ``as_of`` is not
                an aware datetime.
        """
        if self._stopped is not None:
            raise InvalidInputError("the clock is stopped; read its outcome", field="as_of")
        self._seconds_at(as_of)  # validates
        if self._pause is not None and order(as_of) >= order(self._pause[2]):
            return ClockStatus.WITHIN
        i, second = self._due_point(self._due)
        if self._mode is not _Mode.SECONDS:
            late = as_of.astimezone(VIETNAM).date() > self._index.date(i)
        else:
            late = as_of > _moment(self._index, i, second)
        return ClockStatus.OVERDUE if late else ClockStatus.WITHIN

    @property
    def outcome(self) -> Outcome | None:
        """Early, on time or late against the deadline day, once stopped (else ``None``).

        A re-appointment does not change it: a re-appointed dossier finished after its deadline
        is late (LAW.md §9.9).
        """
        if self._stopped is None:
            return None
        due = self._due
        if self._pause is not None:  # stopped while paused: the pause ends there
            axis, seconds = self._axis(self._stopped, "at")
            due, _ = self._closed_pause(axis, seconds)
        due_day = self._index.date(self._due_point(due)[0])
        finished, _ = _local(self._stopped, "at")
        if finished < due_day:
            return Outcome.EARLY
        return Outcome.ON_TIME if finished == due_day else Outcome.LATE


# --- Module helpers -----------------------------------------------------------------------------


class _Mode(StrEnum):
    DAYS = "working_days"
    SECONDS = "office_seconds"
    CALENDAR = "calendar_days"


_PERIODS = frozenset({Unit.DAYS, Unit.WEEKS, Unit.MONTHS, Unit.YEARS})


def _axis_span(
    mode: _Mode, index: WorkTimeIndex, deadline: Deadline, policy: DeadlinePolicy
) -> tuple[int, int]:
    """Counting start and deadline end of a computed deadline on the clock's axis."""
    first = deadline.counted_from.astimezone(VIETNAM)
    first_i = first.date().toordinal() - index.first_ordinal
    if mode is _Mode.DAYS:
        due_i = deadline.due_date.toordinal() - index.first_ordinal
        start, due = index.counts[first_i], index.counts[due_i + 1]
    elif mode is _Mode.CALENDAR:
        received = deadline.received
        event = received.astimezone(VIETNAM).date() if isinstance(received, datetime) else received
        last, _, _ = period_last_day(event, deadline.duration, policy)
        start, due = first_i, last.toordinal() - index.first_ordinal + 1
    else:
        start, due = (
            index.position(first_i, second_of_day(first)),
            _position(index, deadline.due_at),
        )
    return start, max(due, start)


def _overlap(intervals: Iterable[tuple[int, int]], low: int, high: int) -> int:
    """Total length of the parts of ``intervals`` inside [low, high]."""
    return sum(max(0, min(end, high) - max(begin, low)) for begin, end in intervals)


def _iso(moment: Moment) -> str:
    return moment.isoformat()


def _position(index: WorkTimeIndex, moment: datetime) -> int:
    local = moment.astimezone(VIETNAM)
    return index.position(local.date().toordinal() - index.first_ordinal, second_of_day(local))


def _event(**fields: object) -> ClockEvent:
    """Build an event, turning pydantic's validation errors into kyluat's."""
    try:
        return ClockEvent(**fields)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise from_pydantic(exc, default_field="event") from None


def _moment(index: WorkTimeIndex, i: int, second: int) -> datetime:
    return instant(index.first_ordinal + i, second)
