"""[`SlaClock`][kyluat.SlaClock]: an immutable, event-sourced deadline clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from pydantic import ValidationError

from kyluat._moments import Moment, instant, local, order
from kyluat._outcomes import ClockStatus, Outcome
from kyluat._validate import from_pydantic, require_text
from kyluat._values import Value
from kyluat._worktime import cached_index
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.data.rules import LateNotice, LateNoticeKind
from kyluat.deadline import (
    DEFAULT_POLICY,
    Deadline,
    DeadlinePolicy,
    compute_deadline,
    with_published_cutoff,
)
from kyluat.duration import Duration, Unit
from kyluat.errors import DataError, InvalidInputError
from kyluat.limits import PublishedLimit, resolve
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from kyluat.sla._axes import Axis, axis_for, day_of
from kyluat.sla._events import EVENTS, ClockEvent, EventKind, PauseReason, Reappointment, event

__all__ = ["SlaClock"]


class SlaClock(Value):
    """An immutable, event-sourced deadline clock. Build it with
    [`start`][kyluat.sla.SlaClock.start] or [`replay`][kyluat.sla.SlaClock.replay].

    Every event method returns a new clock and leaves this one unchanged; so does a refused
    event, which raises a [`KyluatError`][kyluat.KyluatError]. Two clocks are equal when their
    event logs and configurations (calendar, office hours, policy) are; a clock pickles as its
    log and configuration and replays when loaded.
    """  # noqa: D205 - the summary names two links

    __slots__ = (
        "_axis",
        "_calendar",
        "_deadline",
        "_due",
        "_events",
        "_hours",
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
    _axis: Axis
    """What the clock counts on: working days, office seconds or calendar days."""
    _deadline: Deadline
    _start: int
    """Counting start, as a position on the axis."""
    _due: int
    """End of the deadline, as a position on the axis."""
    _pause: tuple[int, int, Moment] | None
    """Open pause: its position, its office-second position, and its moment."""
    _pauses: tuple[tuple[int, int], ...]
    """Closed pauses as office-second intervals (day clocks: whole days), not counted."""
    _reappointment: Reappointment | None
    _stopped: Moment | None

    # --- Construction ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        received_at: Moment,
        duration: Duration | str | PublishedLimit,
        *,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
    ) -> SlaClock:
        """Start a clock at receipt, with the deadline [compute_deadline][kyluat.compute_deadline]
        gives.

        Working days and same-day limits count in days, working hours and fractions of a day in
        office seconds, calendar periods (days, weeks, months, years) in calendar days. A limit
        given as published text or as a [`PublishedLimit`][kyluat.limits.PublishedLimit] keeps
        its text in the start event (so a replay reads it again) and its cut-off applies;
        ``received_at`` is the moment of the event the text counts from.

        Raises:
            InvalidInputError: Bad input (as for ``compute_deadline``), or a limit of zero.
            CompoundLimitError: A compound text (start the clock with the chosen case).
        """  # noqa: D205 - a link in the summary
        duration, reading = resolve(duration)
        limit = str(duration) if reading is None else reading.text
        first = event(kind=EventKind.START, at=received_at, limit=limit)
        return cls._begin(first, duration, calendar, office_hours, policy, reading)

    @classmethod
    def _begin(
        cls,
        first: ClockEvent,
        duration: Duration,
        calendar: WorkCalendar | None,
        office_hours: OfficeHours | None,
        policy: DeadlinePolicy | None,
        reading: PublishedLimit | None = None,
    ) -> SlaClock:
        if not isinstance(duration, Duration):
            raise InvalidInputError("expected a Duration", field="duration")
        if duration.unit is not Unit.SAME_DAY and duration.amount == 0:
            raise InvalidInputError("an SLA clock needs a positive limit", field="duration")
        calendar = default_calendar() if calendar is None else calendar
        hours = DEFAULT_OFFICE_HOURS if office_hours is None else office_hours
        policy = DEFAULT_POLICY if policy is None else policy
        if reading is not None and reading.cutoff is not None:
            policy = with_published_cutoff(policy, duration, reading.cutoff)
        deadline = compute_deadline(
            first.at, duration, calendar=calendar, office_hours=hours, policy=policy
        )
        axis = axis_for(duration, cached_index(calendar, hours), policy)
        start, due = axis.span(deadline)
        return cls._build(
            _events=(first,),
            _calendar=calendar,
            _hours=hours,
            _policy=policy,
            _axis=axis,
            _deadline=deadline,
            _start=start,
            _due=due,
            _pause=None,
            _pauses=(),
            _reappointment=None,
            _stopped=None,
        )

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
        duration, reading = resolve(log[0].limit)
        clock = cls._begin(log[0], duration, calendar, office_hours, policy, reading)
        for item in log[1:]:
            clock = clock._apply(item)
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
        """Rebuild a clock from [`to_json`][kyluat.sla.SlaClock.to_json] output.

        Raises:
            DataError: The text is not a valid event log (the message names the field).
        """
        try:
            events = EVENTS.validate_json(text)
        except ValidationError as exc:
            raise from_pydantic(exc, error=DataError, prefix="events") from None
        return cls.replay(events, calendar=calendar, office_hours=office_hours, policy=policy)

    def to_json(self) -> str:
        """The event log as JSON (replays to an equal clock with the same configuration)."""
        return EVENTS.dump_json(self._events, exclude_none=True).decode()

    # --- Value semantics ------------------------------------------------------------------------

    def _key(self) -> tuple[object, ...]:
        return (self._events, self._calendar, self._hours, self._policy)

    def __reduce__(self) -> tuple[object, ...]:
        return _replayed, (self._events, self._calendar, self._hours, self._policy)

    def __repr__(self) -> str:
        state = "stopped" if self._stopped is not None else "paused" if self._pause else "open"
        due = self.due_at
        shown = "suspended" if due is None else due.isoformat()
        return f"SlaClock({state}, events={len(self._events)}, due={shown})"

    def _then(self, item: ClockEvent, **changes: object) -> SlaClock:
        return self._changed(_events=(*self._events, item), **changes)

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
                force-majeure pause without approver and reference.
        """
        return self._apply(
            event(
                kind=EventKind.PAUSE,
                at=at,
                reason=str(reason),
                approved_by=approved_by,
                reference=reference,
                note=note,
            )
        )

    def resume(self, at: Moment, *, note: str | None = None) -> SlaClock:
        """Resume counting; the paused working time is excluded.

        Raises:
            InvalidInputError: Not paused, stopped, or out of order.
        """
        return self._apply(event(kind=EventKind.RESUME, at=at, note=note))

    def restart(self, at: Moment, *, reason: str, note: str | None = None) -> SlaClock:
        """Restart the full limit from a resubmission (procedures whose limit restarts).

        Ends an open pause. Counting starts as from a new receipt at ``at``.

        Raises:
            InvalidInputError: Stopped, out of order, or no reason.
        """
        return self._apply(event(kind=EventKind.RESTART, at=at, reason=reason, note=note))

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
            by: The extension: working days or hours; calendar days for a calendar-period clock.
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
            event(
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
        """Record the apology for a dossier that will be late, with its new date.

        The document follows the one-stop regime in force on the receipt date (the clock's
        start, [`deadline.regime`][kyluat.deadline.Deadline.regime]): the apology and
        re-appointment slip under NĐ 61/2018/NĐ-CP, the apology and extension request (form 04
        of TT 03/2025/TT-VPCP) under NĐ 118/2025/NĐ-CP, for dossiers received from 01/07/2025;
        ``reappointment.kind`` and ``reappointment.form`` say which.

        The deadline used for statistics does not move: the clock still counts late after it,
        and [`reappointment`][kyluat.sla.SlaClock.reappointment] holds the new date. The
        regime's rules — sent at least one working day before the deadline, once only
        [unverified] — are reported in ``reappointment.findings``, or refused when ``enforce``
        is true.

        Raises:
            InvalidInputError: No reason, a new date not after the deadline, stopped, out of
                order, or (with ``enforce``) a broken rule.

        References:
            NĐ 61/2018/NĐ-CP [unverified]; NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP Mẫu số 04
            [secondary]; docs: explanation/sla-clocks.md, "Late dossiers: slip or extension
            request".
        """
        clock = self._apply(event(kind=EventKind.REAPPOINT, at=at, new_due=new_due, reason=reason))
        slip = clock._reappointment
        if enforce and slip is not None and slip.findings:
            raise InvalidInputError("; ".join(slip.findings), field="at")
        return clock

    def stop(self, at: Moment, *, note: str | None = None) -> SlaClock:
        """Stop the clock: the work is finished (result ready or returned).

        Raises:
            InvalidInputError: Already stopped, or out of order.
        """
        return self._apply(event(kind=EventKind.STOP, at=at, note=note))

    def _apply(self, item: ClockEvent) -> SlaClock:
        if self._stopped is not None:
            raise InvalidInputError(
                f"the clock was stopped at {self._stopped.isoformat()}; no event can follow",
                field="kind",
            )
        if order(item.at) < order(self._events[-1].at):
            raise InvalidInputError(
                f"{item.at.isoformat()} is before the previous event "
                f"({self._events[-1].at.isoformat()})",
                field="at",
            )
        kind = item.kind
        if kind is EventKind.PAUSE:
            return self._on_pause(item)
        if kind is EventKind.RESUME:
            return self._on_resume(item)
        if kind is EventKind.RESTART:
            return self._on_restart(item)
        if kind is EventKind.EXTEND:
            return self._on_extend(item)
        if kind is EventKind.REAPPOINT:
            return self._on_reappoint(item)
        if kind is EventKind.STOP:
            self._point(item.at, "at")  # validates the moment
            return self._then(item, _stopped=item.at)
        raise InvalidInputError("a clock has one start event", field="kind")

    def _on_pause(self, item: ClockEvent) -> SlaClock:
        if self._pause is not None:
            raise InvalidInputError("the clock is already paused", field="kind")
        try:
            reason = PauseReason(item.reason or "")
        except ValueError:
            raise InvalidInputError(
                f"unknown reason {item.reason!r}; expected one of "
                + ", ".join(r.value for r in PauseReason),
                field="reason",
            ) from None
        if reason is PauseReason.FORCE_MAJEURE:
            require_text(item.approved_by, "approved_by")
            require_text(item.reference, "reference")
        if reason is PauseReason.OTHER:
            require_text(item.note, "note")
        position, seconds = self._point(item.at, "at")
        return self._then(item, _pause=(position, seconds, item.at))

    def _on_resume(self, item: ClockEvent) -> SlaClock:
        if self._pause is None:
            raise InvalidInputError("resume without a pause", field="kind")
        position, seconds = self._point(item.at, "at")
        due, pauses = self._closed_pause(position, seconds)
        return self._then(item, _due=due, _pause=None, _pauses=pauses)

    def _closed_pause(self, position: int, seconds: int) -> tuple[int, tuple[tuple[int, int], ...]]:
        """The deadline and the uncounted intervals once the open pause ends at ``position``."""
        assert self._pause is not None
        start_position, start_seconds, _ = self._pause
        due = self._due
        if start_position < due:  # a pause after the deadline does not move it
            due += max(0, position - max(start_position, self._start))
        begin = max(start_seconds, self._axis.start_seconds(self._start))
        return due, (*self._pauses, (begin, max(begin, seconds)))

    def _on_restart(self, item: ClockEvent) -> SlaClock:
        require_text(item.reason, "reason")
        restarted = compute_deadline(
            item.at,
            resolve(self._events[0].limit or "")[0],
            calendar=self._calendar,
            office_hours=self._hours,
            policy=self._policy,
        )
        start, due = self._axis.span(restarted)
        return self._then(item, _start=start, _due=due, _pause=None, _pauses=())

    def _on_extend(self, item: ClockEvent) -> SlaClock:
        require_text(item.approved_by, "approved_by")
        require_text(item.reference, "reference")
        if (item.by is None) == (item.to is None):
            raise InvalidInputError("give exactly one of by= and to=", field="by")
        axis = self._axis
        if item.by is not None:
            due = axis.extended(self._due, Duration.parse(item.by))
        else:
            assert item.to is not None
            i, second = day_of(axis.index, item.to, "to")
            due = axis.end_point(i, second)
            if due <= self._due:
                raise InvalidInputError(
                    f"the new deadline {item.to.isoformat()} is not later than the current one",
                    field="to",
                )
        if not axis.within_data(due):
            raise InvalidInputError("the extended deadline is outside the data", field="by")
        return self._then(item, _due=due)

    def _on_reappoint(self, item: ClockEvent) -> SlaClock:
        require_text(item.reason, "reason")
        if item.new_due is None:
            raise InvalidInputError("required", field="new_due")
        due_date = self._axis.index.date(self._axis.due_day(self._due))
        new_day, _ = local(item.new_due, "new_due")
        if new_day <= due_date:
            raise InvalidInputError(
                f"the new date {item.new_due.isoformat()} must be after the deadline {due_date}",
                field="new_due",
            )
        notice = self._deadline.regime.late_notice
        at_day, _ = local(item.at, "at")
        findings = _notice_findings(
            notice,
            again=self._reappointment is not None,
            late=self._calendar.working_days_between(at_day, due_date) < 1,
            due_date=due_date,
        )
        slip = Reappointment(
            at=item.at,
            new_due=item.new_due,
            reason=item.reason or "",
            findings=findings,
            kind=notice.kind,
            form=notice.title,
        )
        return self._then(item, _reappointment=slip)

    def _point(self, at: Moment, field: str) -> tuple[int, int]:
        i, second = day_of(self._axis.index, at, field)
        return self._axis.point(i, second, field)

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
        """Whether the clock counts whole days (working or calendar days: a pause counts its own
        day and a resumption day is not counted), rather than seconds of office time."""  # noqa: D205, D209
        return self._axis.counts_in_days

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
        """The latest apology with its new date, if one was issued: the re-appointment slip, or
        for a dossier received under NĐ 118/2025 the extension request (see its ``kind``)."""  # noqa: D205, D209
        return self._reappointment

    @property
    def due_date(self) -> date | None:
        """The current deadline day; ``None`` while paused (it depends on the resumption)."""
        if self._pause is not None:
            return None
        return self._axis.index.date(self._axis.due_day(self._due))

    @property
    def due_at(self) -> datetime | None:
        """The current deadline moment; ``None`` while paused (it depends on the resumption)."""
        if self._pause is not None:
            return None
        i, second = self._axis.due_point(self._due)
        return _instant(self._axis, i, second)

    def _seconds_at(self, as_of: datetime) -> int:
        if not isinstance(as_of, datetime):
            raise InvalidInputError("expected an aware datetime", field="as_of")
        i, second = day_of(self._axis.index, as_of, "as_of")
        return self._axis.index.position(i, second or 0)

    def elapsed(self, as_of: datetime) -> timedelta:
        """Working time counted from the start to ``as_of``, paused time excluded.

        Raises:
            InvalidInputError: ``as_of`` is not an aware datetime.
        """
        now = self._capped(self._seconds_at(as_of))
        start = self._axis.start_seconds(self._start)
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
        start = self._axis.start_seconds(self._start)
        now = max(self._capped(self._seconds_at(as_of)), start)  # nothing runs before the start
        if self._pause is not None:
            now = min(now, max(self._pause[1], start))
        due = self._axis.due_seconds(self._due)
        if now <= due:
            return timedelta(seconds=due - now - _overlap(self._pauses, now, due))
        return -timedelta(seconds=now - due - _overlap(self._pauses, due, now))

    def _capped(self, seconds: int) -> int:
        if self._stopped is None:
            return seconds
        i, second = day_of(self._axis.index, self._stopped, "at")
        stop = self._axis.index.position(i, 86400 if second is None else second)
        return min(seconds, stop)

    def status(self, as_of: datetime) -> ClockStatus:
        """Within the deadline or overdue at ``as_of``; never overdue while paused.

        Raises:
            InvalidInputError: The clock is stopped (use [`outcome`][kyluat.sla.SlaClock.outcome]),
                or ``as_of`` is not an aware datetime.
        """
        if self._stopped is not None:
            raise InvalidInputError("the clock is stopped; read its outcome", field="as_of")
        self._seconds_at(as_of)  # validates
        if self._pause is not None and order(as_of) >= order(self._pause[2]):
            return ClockStatus.WITHIN
        return ClockStatus.OVERDUE if self._axis.is_late(as_of, self._due) else ClockStatus.WITHIN

    @property
    def outcome(self) -> Outcome | None:
        """Early, on time or late against the deadline day, once stopped (else ``None``).

        A re-appointment does not change it: a re-appointed dossier finished after its deadline
        is late.
        """
        if self._stopped is None:
            return None
        due = self._due
        if self._pause is not None:  # stopped while paused: the pause ends there
            position, seconds = self._point(self._stopped, "at")
            due, _ = self._closed_pause(position, seconds)
        due_day = self._axis.index.date(self._axis.due_day(due))
        finished, _ = local(self._stopped, "at")
        return Outcome.of(finished, due_day)


def _notice_findings(
    notice: LateNotice, *, again: bool, late: bool, due_date: date
) -> tuple[str, ...]:
    """The rules on sending a late dossier's apology that it breaks, as the regime words them.

    Both regimes: at least one working day before the deadline, and once only [unverified].

    References:
        NĐ 61/2018/NĐ-CP (apology and re-appointment slip) [unverified]; NĐ 118/2025/NĐ-CP and
        TT 03/2025/TT-VPCP Mẫu số 04 (apology and extension request) [secondary].
    """
    regime = f"one-stop regime, {notice.regime_document}"
    findings: list[str] = []
    if notice.kind is LateNoticeKind.EXTENSION_REQUEST:
        if again:
            findings.append(f"an extension may be requested only once ({regime}) [unverified]")
        if late:
            findings.append(
                "the extension request must be sent at least one working day before the "
                f"deadline {due_date.isoformat()} ({regime}; {notice.form}) [unverified]"
            )
        return tuple(findings)
    if again:
        findings.append(f"a dossier may be re-appointed only once ({regime}) [unverified]")
    if late:
        findings.append(
            "the slip must be sent at least one working day before the deadline "
            f"{due_date.isoformat()} ({regime}) [unverified]"
        )
    return tuple(findings)


def _replayed(
    events: tuple[ClockEvent, ...],
    calendar: WorkCalendar,
    office_hours: OfficeHours,
    policy: DeadlinePolicy,
) -> SlaClock:
    """Unpickle a clock: replay its log with its configuration."""
    return SlaClock.replay(events, calendar=calendar, office_hours=office_hours, policy=policy)


def _instant(axis: Axis, i: int, second: int) -> datetime:
    return instant(axis.index.first_ordinal + i, second)


def _overlap(intervals: Iterable[tuple[int, int]], low: int, high: int) -> int:
    """Total length of the parts of ``intervals`` inside [low, high]."""
    return sum(max(0, min(end, high) - max(begin, low)) for begin, end in intervals)
