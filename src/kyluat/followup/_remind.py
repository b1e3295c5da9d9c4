"""Reminders: the open records overdue or due soon at a moment, most urgent first."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final

from kyluat._moments import VIETNAM, local, local_day, parse_moment
from kyluat._values import Value
from kyluat._worktime import WorkTimeIndex, cached_index
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.deadline import Deadline, DeadlinePolicy, compute_deadline
from kyluat.duration import Duration, Unit
from kyluat.errors import InvalidInputError, KyluatError, ProvisionalDataWarning
from kyluat.followup._policy import (
    DEFAULT_ESCALATION,
    EscalationPolicy,
    Level,
    moment_of,
    working_time,
)
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours

if TYPE_CHECKING:  # kyluat.check imports nothing from here; only the type is needed
    from kyluat.check import RowResult
    from kyluat.store import Store

__all__ = [
    "Reminder",
    "ReminderList",
    "iso_working_time",
    "open_items",
    "remind",
    "remind_store",
]


def iso_working_time(seconds: int) -> str:
    """Signed ISO 8601 duration of working time: ``PT7H30M``, ``-PT16H``, ``PT0S``.

    Examples:
        >>> iso_working_time(-34200), iso_working_time(0), iso_working_time(3661)
        ('-PT9H30M', 'PT0S', 'PT1H1M1S')
    """
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    text += f"{secs}S" if secs or not text else ""
    return f"{sign}PT{text}"


@dataclass(frozen=True, slots=True, eq=False)
class Reminder(Value):
    """One open record to chase.

    Attributes:
        id: The record's id.
        unit: Its unit (``""`` when the record names none).
        person: The person responsible (``""`` when none).
        procedure: The procedure or task title (``""`` when none).
        due_date: Its deadline day (kyluat's, moved on by pauses; not the recorded one).
        due_at: Its deadline moment (aware, Vietnam time).
        level: ``overdue`` or ``due_soon``.
        remaining: Signed working time from the moment asked to the deadline, on the office
            hours (negative when overdue).
        remaining_days: Signed working days from the day asked to the deadline day (0: due
            today; -2: two working days overdue).
        escalate_to: The head to tell, when overdue for longer than the policy's
            ``escalate_after``; ``None`` otherwise.
        row: The data row (from 1) in the file, ``None`` from a store.
        recorded_due_date: The deadline the file recorded, as written, when it differs from
            kyluat's (``None`` when equal).
    """

    id: str
    unit: str
    person: str
    procedure: str
    due_date: date
    due_at: datetime
    level: Level
    remaining: timedelta
    remaining_days: int
    escalate_to: str | None = None
    row: int | None = None
    recorded_due_date: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON form (public contract): ``id``, ``unit``, ``person``, ``procedure``,
        ``due_date``, ``due_at``, ``level``, ``remaining`` (signed ISO 8601 working time),
        ``escalate_to``; and ``level_vi``, ``remaining_seconds``, ``remaining_days``, ``row``,
        ``recorded_due_date``."""  # noqa: D205, D209
        seconds = int(self.remaining.total_seconds())
        return {
            "id": self.id,
            "unit": self.unit,
            "person": self.person,
            "procedure": self.procedure,
            "due_date": self.due_date.isoformat(),
            "due_at": self.due_at.isoformat(),
            "level": self.level.value,
            "level_vi": self.level.name_vi,
            "remaining": iso_working_time(seconds),
            "remaining_seconds": seconds,
            "remaining_days": self.remaining_days,
            "escalate_to": self.escalate_to,
            "row": self.row,
            "recorded_due_date": self.recorded_due_date,
        }


class ReminderList(Value):
    """The open work to chase at a moment, most urgent first.

    Attributes:
        as_of: The moment asked about.
        within: The warning window used.
        by: ``person`` or ``unit`` when the items are grouped (each group most urgent first,
            groups by name), else ``None``.
        items: The reminders.
        records: Records read.
        open: Open records among them (no ``finished_at``).
        erroneous: Records that could not be checked (left out).
        policy: The escalation policy applied.
    """

    __slots__ = ("as_of", "by", "erroneous", "items", "open", "policy", "records", "within")
    as_of: datetime
    within: Duration
    by: str | None
    items: tuple[Reminder, ...]
    records: int
    open: int
    erroneous: int
    policy: EscalationPolicy

    def __init__(
        self,
        *,
        as_of: datetime,
        within: Duration,
        items: Iterable[Reminder],
        by: str | None = None,
        records: int = 0,
        open: int = 0,
        erroneous: int = 0,
        policy: EscalationPolicy = DEFAULT_ESCALATION,
    ) -> None:
        _set = object.__setattr__
        for name, value in (
            ("as_of", as_of),
            ("within", within),
            ("by", by),
            ("items", tuple(items)),
            ("records", records),
            ("open", open),
            ("erroneous", erroneous),
            ("policy", policy),
        ):
            _set(self, name, value)

    @property
    def overdue(self) -> int:
        """Items overdue."""
        return sum(1 for item in self.items if item.level is Level.OVERDUE)

    @property
    def escalated(self) -> int:
        """Items to escalate to a head."""
        return sum(1 for item in self.items if item.escalate_to is not None)

    def groups(self) -> dict[str, tuple[Reminder, ...]]:
        """The items by person or unit (``by``), in name order; one group ``""`` when not
        grouped."""  # noqa: D205, D209
        if self.by is None:
            return {"": self.items}
        column = self.by
        return {
            key: tuple(items)
            for key, items in itertools.groupby(self.items, key=lambda r: getattr(r, column))
        }

    def to_dict(self, *, items: bool = True) -> dict[str, object]:
        """JSON form (public contract): ``as_of``, ``within``, ``items``; and ``by``,
        ``groups`` (per person or unit: ``key``, ``overdue``, ``due_soon``, ``escalated``),
        ``records``, ``open``, ``erroneous``, ``overdue``, ``due_soon``, ``escalated``,
        ``policy``. ``items=False`` leaves the items out (to write them one at a time)."""  # noqa: D205, D209
        overdue = self.overdue
        groups = []
        if self.by is not None:
            for key, group in self.groups().items():
                late = sum(1 for r in group if r.level is Level.OVERDUE)
                groups.append(
                    {
                        "key": key,
                        "overdue": late,
                        "due_soon": len(group) - late,
                        "escalated": sum(1 for r in group if r.escalate_to is not None),
                    }
                )
        return {
            "as_of": self.as_of.isoformat(),
            "within": self.within.label()[0],
            **({"items": [item.to_dict() for item in self.items]} if items else {}),
            "by": self.by,
            "groups": groups,
            "records": self.records,
            "open": self.open,
            "erroneous": self.erroneous,
            "overdue": overdue,
            "due_soon": len(self.items) - overdue,
            "escalated": self.escalated,
            "policy": self.policy.to_dict(),
        }


class _Clock:
    """Working-second positions on one (calendar, office hours) index, cached by moment.

    Also the one copy of each due moment and each text the reminders keep: a province's list
    holds hundreds of thousands of reminders sharing a few hundred units, people and deadlines.
    """

    __slots__ = ("_cache", "_texts", "index")

    def __init__(self, calendar: WorkCalendar, office_hours: OfficeHours) -> None:
        self.index: WorkTimeIndex = cached_index(calendar, office_hours)
        self._cache: dict[datetime, tuple[int, date, datetime]] = {}
        self._texts: dict[str, str] = {}

    def at(self, moment: datetime, field: str) -> tuple[int, date, datetime]:
        """Working seconds since the start of the data to ``moment``, its local day, and the
        moment (the first equal one seen)."""  # noqa: D205, D209
        found = self._cache.get(moment)
        if found is None:
            day, second = local(moment, field)
            i = self.index.day(day, field)
            found = (self.index.position(i, second or 0), day, moment)
            if len(self._cache) < 100_000:
                self._cache[moment] = found
        return found

    def text(self, value: str) -> str:
        """``value`` stripped, as one shared copy (while fewer than 100,000 are kept)."""
        value = value.strip()
        kept = self._texts.get(value)
        if kept is None:
            kept = value
            if len(self._texts) < 100_000:
                self._texts[value] = value
        return kept


def open_items(
    results: Iterable[RowResult], counts: list[int]
) -> Iterator[tuple[RowResult, datetime, date]]:
    """The open, checkable rows with their due moment and day; counts read and erroneous."""
    for result in results:
        counts[0] += 1
        if result.deadline is None:
            counts[2] += 1
            continue
        if result.finished is not None:
            continue
        counts[1] += 1
        due_at, due_date = result.due_at, result.due_date
        assert due_at is not None  # checked rows have both
        assert due_date is not None
        yield result, due_at, due_date


def remind(
    results: Iterable[RowResult],
    *,
    as_of: datetime | date,
    within: Duration | str | None = None,
    by: str | None = None,
    policy: EscalationPolicy | None = None,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    deadline_policy: DeadlinePolicy | None = None,
) -> ReminderList:
    r"""The open records overdue or due soon at ``as_of``, most urgent first.

    A record is open when it has no ``finished_at``. It is ``overdue`` when ``as_of`` is past
    its deadline: after its deadline day for a day limit (the library's rule for statuses), after
    its due moment for an hour limit. Otherwise it is ``due_soon`` when its deadline comes no
    later than the deadline of a ``within`` limit received at ``as_of`` (or when the policy's
    share of its time is used). An overdue record escalates to the head of its unit once it is
    overdue by more than the policy's ``escalate_after``. Deadlines are kyluat's, moved on by
    the record's pauses, not the ones the file recorded (those are shown when they differ).

    Args:
        results: Checked rows (e.g. [iter_results][kyluat.check.iter_results]), read once.
        as_of: The moment to look from (aware), or a date (its start, Vietnam time).
        within: The warning window (default: the policy's ``due_soon``), working days or
            hours, as a `Duration` or its text ("2 ngày làm việc").
        by: ``"person"`` or ``"unit"``: group the items (most urgent first in each group).
        policy: The escalation policy (default: `DEFAULT_ESCALATION`).
        calendar: The calendar the rows were checked with (default: the public sector's).
        office_hours: The office hours they were checked with (default: kyluat's).
        deadline_policy: The deadline policy they were checked with (for the window).

    Returns:
        The reminders: overdue first (most overdue first), then due soon (soonest first); ties
        by id.

    Raises:
        InvalidInputError: A naive ``as_of``, a window that is not working time, an unknown
            ``by``.
        CoverageError: ``as_of`` or the window's end is outside the calendar's data.

    Examples:
        >>> import io
        >>> from kyluat.check import iter_results
        >>> text = "id,received_at,limit,due_date\nX,2026-02-10,3 ngày làm việc,2026-02-13\n"
        >>> found = remind(iter_results(io.StringIO(text), file_format="csv"),
        ...                as_of=date(2026, 2, 23))  # across Tết: only 23/02 is worked
        >>> item = found.items[0]
        >>> item.level.value, item.due_date.isoformat(), item.remaining_days
        ('overdue', '2026-02-13', -1)
    """
    rules, window = _rules(policy, within, by)
    now = moment_of(as_of)
    calendar = default_calendar() if calendar is None else calendar
    hours = DEFAULT_OFFICE_HOURS if office_hours is None else office_hours
    counts = [0, 0, 0]
    found: list[tuple[int, str, Reminder]] = []
    with warnings.catch_warnings():  # each deadline carries its provisional flag
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        clock = _Clock(calendar, hours)
        position, today, _ = clock.at(now, "as_of")  # outside the data: names as_of
        try:
            horizon = compute_deadline(
                now, window, calendar=calendar, office_hours=hours, policy=deadline_policy
            ).due_at
        except KyluatError as exc:  # the window's end is outside the data
            raise type(exc)(exc.message, field="within") from None
        between = calendar.working_days_between
        escalation = _Escalation(rules, calendar, today)
        share = rules.due_soon_share
        for result, due_at, due_date in open_items(results, counts):
            deadline = result.deadline
            assert deadline is not None
            due_position, _, due_at = clock.at(due_at, "due_at")
            remaining = due_position - position
            late = today > due_date if deadline.duration.unit in _BY_DAY else now > due_at
            if late:
                level = Level.OVERDUE
            elif due_at <= horizon or (
                share is not None and _used(clock, deadline, due_position, position) >= share
            ):
                level = Level.DUE_SOON
            else:
                continue
            record = result.record
            unit = clock.text(record.get("unit", ""))
            recorded = record.get("due_date", "").strip()
            reminder = Reminder(
                result.id,
                unit,
                clock.text(record.get("person", "")),
                clock.text(record.get("procedure", "")),
                due_date,
                due_at,
                level,
                timedelta(seconds=remaining),
                between(today, due_date),
                escalation.head(level, due_date, remaining, unit),
                result.row,
                None if _same_day(recorded, due_date) else recorded,
            )
            found.append((remaining, "" if by is None else getattr(reminder, by), reminder))
    return _listed(found, now, window, by, rules, counts)


_BY_DAY: Final = frozenset(Unit) - {Unit.WORKING_HOURS, Unit.HOURS}
"""Limits whose lateness is judged by the deadline day (hour limits: by the due moment)."""


def _rules(
    policy: EscalationPolicy | None, within: Duration | str | None, by: str | None
) -> tuple[EscalationPolicy, Duration]:
    """The policy and the window, checked."""
    rules = DEFAULT_ESCALATION if policy is None else policy
    if not isinstance(rules, EscalationPolicy):
        raise InvalidInputError("expected an EscalationPolicy", field="policy")
    window = rules.due_soon if within is None else working_time(within, "within")
    if by is not None and by not in ("person", "unit"):
        raise InvalidInputError(f"expected 'person' or 'unit', got {by!r}", field="by")
    return rules, window


class _Escalation:
    """Whether an overdue record goes to the head of its unit, and whom."""

    __slots__ = ("_add", "_days", "_ends", "_heads", "_rules", "_seconds", "_today")

    def __init__(self, rules: EscalationPolicy, calendar: WorkCalendar, today: date) -> None:
        after = rules.escalate_after
        self._rules, self._today, self._add = rules, today, calendar.add_working_days
        self._days = int(after.amount) if after.unit is Unit.WORKING_DAYS else None
        self._seconds = int(after.amount * 3600)
        self._ends: dict[date, date] = {}
        self._heads: dict[str, str] = {}

    def head(self, level: Level, due_date: date, remaining: int, unit: str) -> str | None:
        """The head to tell, or ``None`` (not overdue, or not for long enough)."""
        if level is not Level.OVERDUE:
            return None
        if self._days is not None:
            end = self._ends.get(due_date)
            if end is None:
                end = self._ends[due_date] = self._add(due_date, self._days)
            gone = self._today > end
        else:
            gone = -remaining >= self._seconds
        if not gone:
            return None
        head = self._heads.get(unit)
        if head is None:
            head = self._heads[unit] = self._rules.head_of(unit)
        return head


def _listed(
    found: list[tuple[int, str, Reminder]],
    now: datetime,
    window: Duration,
    by: str | None,
    rules: EscalationPolicy,
    counts: Sequence[int],
) -> ReminderList:
    """The reminders most urgent first (in each group): by working time left, then id."""
    found.sort(key=lambda entry: (entry[1], entry[0], entry[2].due_at, entry[2].id))
    return ReminderList(
        as_of=now,
        within=window,
        items=(entry[2] for entry in found),
        by=by,
        records=counts[0],
        open=counts[1],
        erroneous=counts[2],
        policy=rules,
    )


def _used(clock: _Clock, deadline: Deadline, due: int, now: int) -> float:
    """Share of the working time from the start of counting to the deadline used at ``now``."""
    start = clock.at(deadline.counted_from, "received_at")[0]
    total = due - start
    return 1.0 if total <= 0 else (now - start) / total


def _same_day(recorded: str, due: date) -> bool:
    """Whether the recorded deadline text names ``due`` (a time after the date is ignored)."""
    if recorded == due.isoformat():
        return True
    try:
        return local_day(parse_moment(recorded, field="due_date")) == due
    except KyluatError:
        return False


def remind_store(
    store: Store,
    *,
    as_of: datetime | date,
    within: Duration | str | None = None,
    by: str | None = None,
    policy: EscalationPolicy | None = None,
    unit: str | None = None,
    person: str | None = None,
) -> ReminderList:
    """The reminders of the open records of a kyluat store, as [remind][kyluat.followup.remind]
    gives them for a file.

    The store's [`due`][kyluat.store.Store.due] query lists the running records due within the
    window; the calendar, office hours and deadline policy are the store's. A store keeps each
    record's due moment, not its limit, so a record is overdue once its due moment has passed
    (a day limit's due moment is the close of its deadline day). ``records`` and ``open`` count
    the records listed. Paused and stopped clocks are not listed (their deadline is not running).

    Raises:
        InvalidInputError: As ``remind``; also a ``due_soon_share`` policy (the store's query
            does not give the start of counting it needs).
        StoreUnavailableError: The database cannot be read.
    """  # noqa: D205 - the summary names both functions
    rules, window = _rules(policy, within, by)
    if rules.due_soon_share is not None:
        raise InvalidInputError(
            "a share of the time used needs each record's start: not available from a store",
            field="due_soon_share",
        )
    now = moment_of(as_of)
    calendar = store.calendar or default_calendar()
    hours = store.office_hours or DEFAULT_OFFICE_HOURS
    clock = _Clock(calendar, hours)
    position, today, _ = clock.at(now, "as_of")
    pending = store.due(now, within=window, unit=unit, person=person)
    escalation = _Escalation(rules, calendar, today)
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for item in pending:
            due_at = item.due_at.astimezone(VIETNAM)
            due_position, due_date, due_at = clock.at(due_at, "due_at")
            remaining = due_position - position
            level = Level.OVERDUE if item.overdue else Level.DUE_SOON
            unit_name = item.unit or ""
            head = escalation.head(level, due_date, remaining, unit_name)
            reminder = Reminder(
                item.id,
                unit_name,
                item.person or "",
                item.procedure or "",
                due_date,
                due_at,
                level,
                timedelta(seconds=remaining),
                calendar.working_days_between(today, due_date),
                head,
            )
            found.append((remaining, "" if by is None else getattr(reminder, by), reminder))
    return _listed(found, now, window, by, rules, (len(pending), len(pending), 0))
