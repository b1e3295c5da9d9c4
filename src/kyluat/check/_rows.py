"""The row rules: recompute one record's deadline and outcome and compare them with the file.

A record's deadline is recomputed with [compute_deadline][kyluat.compute_deadline], or with an
[`SlaClock`][kyluat.SlaClock] that pauses and resumes when the record has pauses, and compared
with ``due_date``; when ``finished_at`` is given, the outcome it implies (an
[`Outcome`][kyluat.Outcome]: early, on time or late against the deadline day) is compared with
``status``. A row that cannot be read becomes an error with its message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Final, TypeVar

from kyluat._moments import local_day, parse_moment
from kyluat._outcomes import Outcome
from kyluat._text import fold, shown
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.check._columns import REQUIRED_COLUMNS
from kyluat.check._readers import load_json
from kyluat.check._report import Mismatch, RowError, RowResult, row_result
from kyluat.deadline import (
    DEFAULT_POLICY,
    Deadline,
    DeadlinePolicy,
    compute_deadline,
    with_published_cutoff,
)
from kyluat.duration import Duration, Unit
from kyluat.errors import InvalidInputError, KyluatError
from kyluat.limits import resolve
from kyluat.office_hours import OfficeHours

__all__ = ["RowChecker", "error_result", "status_of"]

_STATUS_WORDS: Final = {
    "early": Outcome.EARLY,
    "truoc han": Outcome.EARLY,
    "on_time": Outcome.ON_TIME,
    "on time": Outcome.ON_TIME,
    "dung han": Outcome.ON_TIME,
    "late": Outcome.LATE,
    "qua han": Outcome.LATE,
}


@lru_cache(maxsize=1024)  # a file repeats a few spellings: fold each once
def status_of(text: str) -> Outcome:
    """The outcome a recorded status names, in English or Vietnamese (with or without marks)."""
    word = _STATUS_WORDS.get(text) or _STATUS_WORDS.get(fold(text))
    if word is None:
        raise InvalidInputError(
            f"unknown status {shown(text)}; expected early / on_time / late or trước hạn / "
            "đúng hạn / quá hạn",
            field="status",
        )
    return word


def error_result(number: int, row_id: str, record: Mapping[str, str], message: str) -> RowResult:
    """The result of a row that could not be checked."""
    return row_result(
        (
            number,
            row_id,
            record,
            None,
            None,
            (),
            RowError(number, row_id, message),
            None,
            None,
            None,
        )
    )


K = TypeVar("K")
V = TypeVar("V")

Trace = tuple[dict[str, str], ...]
"""A deadline's trace as findings carry it."""

MEMO: Final = 4096
"""Entries each of the checker's memos of deadlines keeps at most (a deadline and its trace
take a few kilobytes; a full memo starts again, so that memory stays flat in the findings)."""


def remember(memo: dict[K, V], key: K, value: V) -> V:
    """Keep ``value`` in ``memo`` (emptied first when it holds `MEMO` entries).

    Returns:
        The value.
    """
    if len(memo) >= MEMO:
        memo.clear()
    memo[key] = value
    return value


def _trace(deadline: Deadline) -> Trace:
    return tuple(step.to_dict() for step in deadline.trace)


class RowChecker:
    """Checks rows one at a time with a fixed configuration and a few caches."""

    __slots__ = (
        "by_date",
        "calendar",
        "limits",
        "office_hours",
        "paused",
        "policy",
        "steps",
        "traced",
        "unreadable",
    )

    def __init__(
        self,
        calendar: WorkCalendar | None,
        office_hours: OfficeHours | None,
        policy: DeadlinePolicy | None,
    ) -> None:
        """Check with these settings (``None``: the defaults).

        Raises:
            InvalidInputError: A setting of the wrong type (the error names it).
        """
        if calendar is not None and not isinstance(calendar, WorkCalendar):
            raise InvalidInputError(
                f"expected a WorkCalendar, got {type(calendar).__name__}", field="calendar"
            )
        if office_hours is not None and not isinstance(office_hours, OfficeHours):
            raise InvalidInputError(
                f"expected OfficeHours, got {type(office_hours).__name__}", field="office_hours"
            )
        if policy is not None and not isinstance(policy, DeadlinePolicy):
            raise InvalidInputError(
                f"expected a DeadlinePolicy, got {type(policy).__name__}", field="policy"
            )
        self.calendar = default_calendar() if calendar is None else calendar
        self.office_hours = office_hours
        self.policy = policy
        self.limits: dict[tuple[str, str], tuple[Duration, DeadlinePolicy | None]] = {}
        self.unreadable: dict[tuple[str, str], KyluatError] = {}
        # Records received on a date (no time) share deadlines: (date, limit, case) -> ...
        self.by_date: dict[tuple[str, str, str], Deadline] = {}
        # The same for records with pauses: (received, limit, case, pauses) -> ...
        self.paused: dict[tuple[str, str, str, str], tuple[Deadline, date, datetime]] = {}
        # Traces of the deadlines above, by identity (findings of one deadline share one).
        self.steps: dict[int, tuple[Deadline, Trace]] = {}
        # Deadlines with their traces, by the columnar kernel's reading of a row (bounded).
        self.traced: dict[tuple[int, int, object], tuple[Deadline, Trace]] = {}

    def trace(self, deadline: Deadline) -> Trace:
        """The deadline's trace as findings carry it (one tuple for each deadline object)."""
        known = self.steps.get(id(deadline))
        if known is not None and known[0] is deadline:
            return known[1]
        trace = _trace(deadline)
        remember(self.steps, id(deadline), (deadline, trace))  # kept: its id is not reused
        return trace

    def limit(self, text: str, case: str = "") -> tuple[Duration, DeadlinePolicy | None]:
        """The limit a published text names, and the policy its cut-off implies.

        Each distinct (text, case) is read once (published limits are few), a text that cannot
        be read too. Hours written without "làm việc" follow the portal convention (working
        hours).

        Raises:
            KyluatError: The text cannot be read (the same error each time it is met).
        """
        key = (text, case)
        found = self.limits.get(key)
        if found is None:
            refused = self.unreadable.get(key)
            if refused is not None:
                raise refused.with_traceback(None)
            try:
                duration, reading = resolve(text, case=case or None, bare_hours=Unit.WORKING_HOURS)
            except KyluatError as exc:
                if len(self.unreadable) < 10_000:  # never grow unbounded
                    self.unreadable[key] = exc
                raise
            policy = self.policy
            if reading is not None and reading.cutoff is not None:
                policy = with_published_cutoff(policy or DEFAULT_POLICY, duration, reading.cutoff)
            found = (duration, policy)
            if len(self.limits) < 10_000:  # never grow unbounded
                self.limits[key] = found
        return found

    def check(self, number: int, record: Mapping[str, str]) -> RowResult:
        """Check one record; a row that cannot be read gives an erroneous result."""
        row_id = record.get("id", "").strip()
        try:
            return self._check(number, row_id, record)
        except KyluatError as exc:
            message = str(exc)
        except (TypeError, ValueError) as exc:  # malformed pauses and the like
            message = f"unreadable row: {exc}"
        return error_result(number, row_id, record, message)

    def _check(self, number: int, row_id: str, record: Mapping[str, str]) -> RowResult:
        get = record.get
        received_text = get("received_at", "").strip()
        limit_text = get("limit", "")
        due_text = get("due_date", "").strip()
        if not (row_id and received_text and limit_text.strip() and due_text):
            for column in REQUIRED_COLUMNS:
                if not get(column, "").strip():
                    raise InvalidInputError("is empty or missing", field=column)
        received = parse_moment(received_text, field="received_at")
        case_text = get("case", "") or ""
        duration, policy = self.limits.get((limit_text, case_text)) or self.limit(
            limit_text, case_text
        )
        recorded_due = parse_moment(due_text, field="due_date")  # all of it: no trailing junk
        if type(recorded_due) is not date:
            recorded_due = local_day(recorded_due)  # a time after the date is ignored
        finished_text = get("finished_at", "").strip()
        on_date = type(received) is date
        received_day = received if on_date else local_day(received)
        finished = None
        if finished_text:
            finished = parse_moment(finished_text, field="finished_at")
            if local_day(finished) < received_day:
                raise InvalidInputError("finished before it was received", field="finished_at")
        pauses = get("pauses", "").strip()
        if pauses and pauses != "[]":
            paused_key = (received_text, limit_text, case_text, pauses)
            found_paused = self.paused.get(paused_key)
            if found_paused is None:
                found_paused = remember(
                    self.paused,
                    paused_key,
                    self._with_pauses(received, duration, pauses, policy),
                )
            deadline, due_date, due_at = found_paused
        else:
            key = (received_text, limit_text, case_text)
            cached = self.by_date.get(key) if on_date else None
            if cached is None:
                cached = compute_deadline(
                    received,
                    duration,
                    calendar=self.calendar,
                    office_hours=self.office_hours,
                    policy=policy,
                )
                if on_date and len(self.by_date) < 100_000:
                    self.by_date[key] = cached
            deadline = cached
            due_date = deadline.due_date
            due_at = None  # the deadline's
        mismatches: tuple[Mismatch, ...] = ()
        trace: tuple[dict[str, str], ...] | None = None
        if due_date != recorded_due:
            trace = self.trace(deadline)
            mismatches = (
                Mismatch(number, row_id, "due_date", due_date.isoformat(), due_text, trace),
            )
        expected = None if finished is None else Outcome.of(local_day(finished), due_date)
        status_text = get("status", "").strip()
        if status_text:
            found = status_of(status_text)
            if expected is None:
                raise InvalidInputError("a status needs finished_at", field="status")
            if found is not expected:
                if trace is None:
                    trace = self.trace(deadline)
                mismatches += (
                    Mismatch(number, row_id, "status", expected.value, status_text, trace),
                )
        return row_result(
            (
                number,
                row_id,
                record,
                deadline,
                expected,
                mismatches,
                None,
                finished,
                due_date,
                due_at,
            )
        )

    def _with_pauses(
        self,
        received: date | datetime,
        duration: Duration,
        text: str,
        policy: DeadlinePolicy | None,
    ) -> tuple[Deadline, date, datetime]:
        intervals = load_json(text, "pauses")  # not JSON, or nested too deep: an error
        if not isinstance(intervals, list):
            raise InvalidInputError("not a JSON list of intervals", field="pauses")
        from kyluat.sla import SlaClock  # only rows with pauses need clocks (pydantic)

        clock = SlaClock.start(
            received,
            duration,
            calendar=self.calendar,
            office_hours=self.office_hours,
            policy=policy,
        )
        for interval in intervals:
            if isinstance(interval, dict):
                start, end = interval.get("from"), interval.get("to")
            elif isinstance(interval, list) and len(interval) == 2:
                start, end = interval
            else:
                raise InvalidInputError("each pause is [from, to] or {from, to}", field="pauses")
            clock = clock.pause(
                parse_moment(str(start), field="pauses"), reason="other", note="pause"
            )
            clock = clock.resume(parse_moment(str(end), field="pauses"))
        due, due_at = clock.due_date, clock.due_at
        assert due is not None  # every pause was resumed
        assert due_at is not None
        return clock.deadline, due, due_at
