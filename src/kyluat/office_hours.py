"""Office hours (giờ làm việc): the sessions in which working hours are counted.

No national rule fixes clock hours; each province decides, often with a summer and a winter schedule
of 8 hours a day, the lunch break not counted (the docs' legal basis). An
[`OfficeHours`][kyluat.office_hours.OfficeHours] holds the sessions of a working day, optionally
different per weekday and per season (a range of day/month that may wrap over the new year). Days
the calendar makes working on a weekend (a make-up Saturday) use the default sessions unless that
weekday has its own.

Examples:
    >>> from datetime import date
    >>> hours = OfficeHours.parse("07:30-12:00,13:00-16:30")
    >>> hours.sessions_on(date(2026, 3, 6))
    (Session(07:30-12:00), Session(13:00-16:30))
    >>> vinh_phuc = OfficeHours.parse(
    ...     "07:30-12:00,13:00-16:30", seasons=[Season("16/04", "15/10", "07:00-11:30,13:30-17:00")]
    ... )
    >>> vinh_phuc.sessions_on(date(2026, 7, 1))[0]
    Session(07:00-11:30)
    >>> vinh_phuc.seconds_on(date(2026, 1, 5)) // 3600
    8

References:
    QĐ 873/QĐ-UBND (2020) tỉnh Vĩnh Phúc (summer 16/04–15/10 07:00–11:30, 13:30–17:00;
    winter 07:30–12:00, 13:00–16:30).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise
from typing import Final

from kyluat._moments import parse_clock_time, second_of_day
from kyluat._values import Value
from kyluat.data import schedules as _schedules
from kyluat.errors import InvalidInputError

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "PROVINCES",
    "OfficeHours",
    "Season",
    "Session",
    "provincial_office_hours",
]

SessionsLike = str | Iterable["Session"]


@dataclass(frozen=True, slots=True, order=True)
class Session(Value):
    """One continuous span of office time within a day, ``start`` < ``end``, local clock time.

    Examples:
        >>> Session.parse("07:30-12:00").seconds
        16200
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, time) or value.tzinfo is not None:
                raise InvalidInputError("expected a local clock time without zone", field=name)
        if not self.start < self.end:
            raise InvalidInputError(
                f"a session must end after it starts, got {self.start:%H:%M}-{self.end:%H:%M}",
                field="office_hours",
            )

    @classmethod
    def parse(cls, text: str) -> Session:
        """Read ``"HH:MM-HH:MM"``."""
        parts = text.split("-") if isinstance(text, str) else ()
        try:
            start, end = (parse_clock_time(part, field="office_hours") for part in parts)
        except (InvalidInputError, ValueError):
            raise InvalidInputError(
                f"cannot read session {text!r}; expected HH:MM-HH:MM", field="office_hours"
            ) from None
        return cls(start, end)

    @property
    def start_second(self) -> int:
        """Seconds from midnight to the start."""
        return _second(self.start)

    @property
    def end_second(self) -> int:
        """Seconds from midnight to the end."""
        return _second(self.end)

    @property
    def seconds(self) -> int:
        """Length in seconds."""
        return self.end_second - self.start_second

    def __repr__(self) -> str:
        return f"Session({self.start:%H:%M}-{self.end:%H:%M})"


_second = second_of_day


def _sessions(value: SessionsLike) -> tuple[Session, ...]:
    if isinstance(value, str):
        parts = [p for p in value.replace(";", ",").split(",") if p.strip()]
        sessions = tuple(Session.parse(p) for p in parts)
    else:
        sessions = tuple(value)
        if not all(isinstance(s, Session) for s in sessions):
            raise InvalidInputError("expected Session values", field="office_hours")
    if not sessions:
        raise InvalidInputError("a working day needs at least one session", field="office_hours")
    ordered = tuple(sorted(sessions))
    for earlier, later in pairwise(ordered):
        if later.start < earlier.end:
            raise InvalidInputError(
                f"sessions {earlier!r} and {later!r} overlap", field="office_hours"
            )
    return ordered


def _weekdays(value: Mapping[int, SessionsLike] | None) -> tuple[tuple[Session, ...] | None, ...]:
    table: list[tuple[Session, ...] | None] = [None] * 7
    for weekday, sessions in (value or {}).items():
        if type(weekday) is not int or not 0 <= weekday <= 6:
            raise InvalidInputError(
                f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday!r}", field="by_weekday"
            )
        table[weekday] = _sessions(sessions)
    return tuple(table)


def _day_month(text: str, name: str) -> tuple[int, int]:
    try:
        day, month = (int(p) for p in text.split("/"))
        date(2024, month, day)  # a leap year, so 29/02 is accepted
    except ValueError:
        raise InvalidInputError(f"expected DD/MM, got {text!r}", field=name) from None
    return (month, day)


@dataclass(frozen=True, slots=True, init=False)
class Season(Value):
    """A schedule in force every year from ``first`` to ``last`` (DD/MM, both included).

    The range may wrap over the new year (``"16/10"`` to ``"15/04"``).
    """

    first: tuple[int, int]
    last: tuple[int, int]
    sessions: tuple[Session, ...]
    by_weekday: tuple[tuple[Session, ...] | None, ...]

    def __init__(
        self,
        first: str,
        last: str,
        sessions: SessionsLike,
        *,
        by_weekday: Mapping[int, SessionsLike] | None = None,
    ) -> None:
        object.__setattr__(self, "first", _day_month(first, "first"))
        object.__setattr__(self, "last", _day_month(last, "last"))
        object.__setattr__(self, "sessions", _sessions(sessions))
        object.__setattr__(self, "by_weekday", _weekdays(by_weekday))

    def contains(self, d: date) -> bool:
        """Whether ``d`` falls in the season."""
        key = (d.month, d.day)
        if self.first <= self.last:
            return self.first <= key <= self.last
        return key >= self.first or key <= self.last


@dataclass(frozen=True, slots=True, init=False)
class OfficeHours(Value):
    """The sessions of each working day, per weekday, per season and per dated version.

    Immutable and hashable. A schedule that changes on a date (a province after the 2025
    reorganisation, a new decision) is one `OfficeHours` with versions: from each version's
    ``effective_from`` on, its own sessions and seasons apply; before the first version, this
    object's own. Hour limits count, on each day, the schedule in force that day, and a fraction
    of a working day is that share of the office time of the day it falls in, so a 7-hour
    schedule needs no separate "hours per day".

    Args:
        sessions: Default sessions of a working day, as Sessions or ``"07:30-12:00,13:00-16:30"``.
        by_weekday: Sessions for particular weekdays (0 = Monday), e.g. a shorter Friday.
        seasons: Seasonal schedules; the first season containing a date wins.
        name: A label, e.g. the decision that sets the hours.
        versions: ``(effective_from, OfficeHours)`` pairs: the schedule in force from that date
            (see [`from_date`][kyluat.office_hours.OfficeHours.from_date]).

    Raises:
        InvalidInputError: A session is malformed, sessions overlap, a season or a version is
            malformed, or two versions start on the same date.

    Examples:
        >>> from datetime import date
        >>> area = OfficeHours.parse("07:00-11:30,13:30-17:00", name="Bình Thuận, Đắk Nông")
        >>> lam_dong = area.from_date(date(2025, 11, 1), OfficeHours.parse(
        ...     "07:30-11:30,13:30-17:30", name="Lâm Đồng, from 01/11/2025"))
        >>> lam_dong.sessions_on(date(2025, 10, 31))[0], lam_dong.sessions_on(date(2025, 11, 3))[0]
        (Session(07:00-11:30), Session(07:30-11:30))
    """

    sessions: tuple[Session, ...]
    by_weekday: tuple[tuple[Session, ...] | None, ...]
    seasons: tuple[Season, ...]
    name: str
    versions: tuple[tuple[date, OfficeHours], ...]

    def __init__(
        self,
        sessions: SessionsLike,
        *,
        by_weekday: Mapping[int, SessionsLike] | None = None,
        seasons: Iterable[Season] = (),
        name: str = "",
        versions: Iterable[tuple[date, OfficeHours]] = (),
    ) -> None:
        seasons = tuple(seasons)
        if not all(isinstance(s, Season) for s in seasons):
            raise InvalidInputError("expected Season values", field="seasons")
        object.__setattr__(self, "sessions", _sessions(sessions))
        object.__setattr__(self, "by_weekday", _weekdays(by_weekday))
        object.__setattr__(self, "seasons", seasons)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "versions", _versions(versions))

    @classmethod
    def parse(
        cls,
        spec: str,
        *,
        seasons: Iterable[Season] = (),
        name: str = "",
    ) -> OfficeHours:
        """Read the common form ``"07:30-12:00,13:00-16:30"`` (the same sessions every day).

        Raises:
            InvalidInputError: The text is not a list of ``HH:MM-HH:MM`` sessions.
        """
        if not isinstance(spec, str):
            raise InvalidInputError("expected text", field="office_hours")
        return cls(spec, seasons=seasons, name=name or spec)

    def from_date(self, effective_from: date, hours: OfficeHours) -> OfficeHours:
        """These office hours, with ``hours`` in force from ``effective_from`` on.

        Raises:
            InvalidInputError: Not a date and an `OfficeHours`, or a version already starts on
                that date.
        """
        return OfficeHours(
            self.sessions,
            by_weekday=_weekday_table(self.by_weekday),
            seasons=self.seasons,
            name=self.name,
            versions=(*self.versions, (effective_from, hours)),
        )

    def in_force(self, d: date) -> OfficeHours:
        """The schedule in force on ``d``: the latest version started by then, or this one."""
        versions = self.versions
        if not versions or d < versions[0][0]:
            return self
        k = bisect_right(versions, d, key=lambda version: version[0])
        return versions[k - 1][1].in_force(d)

    def sessions_on(self, d: date) -> tuple[Session, ...]:
        """The sessions of ``d`` if it is a working day (whether it is, the calendar decides)."""
        schedule = self.in_force(d) if self.versions else self
        weekday = d.weekday()
        for season in schedule.seasons:
            if season.contains(d):
                return season.by_weekday[weekday] or season.sessions
        return schedule.by_weekday[weekday] or schedule.sessions

    def seconds_on(self, d: date) -> int:
        """Office seconds of ``d`` if it is a working day."""
        return sum(s.seconds for s in self.sessions_on(d))

    def __str__(self) -> str:
        return self.name or ",".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in self.sessions)


def _weekday_table(table: tuple[tuple[Session, ...] | None, ...]) -> dict[int, tuple[Session, ...]]:
    return {weekday: sessions for weekday, sessions in enumerate(table) if sessions is not None}


def _versions(
    value: Iterable[tuple[date, OfficeHours]],
) -> tuple[tuple[date, OfficeHours], ...]:
    try:
        versions = sorted(value, key=lambda version: version[0])
    except (TypeError, IndexError):
        raise InvalidInputError(
            "expected (effective_from, OfficeHours) pairs", field="versions"
        ) from None
    for version in versions:
        if (
            len(version) != 2
            or type(version[0]) is not date
            or not isinstance(version[1], OfficeHours)
        ):
            raise InvalidInputError(
                "expected (effective_from, OfficeHours) pairs", field="versions"
            )
    for earlier, later in pairwise(versions):
        if earlier[0] == later[0]:
            raise InvalidInputError(
                f"two schedules start on {later[0].isoformat()}", field="versions"
            )
    return tuple((d, hours) for d, hours in versions)


DEFAULT_OFFICE_HOURS: Final = OfficeHours.parse(
    "07:30-12:00,13:00-16:30", name="07:30-12:00, 13:00-16:30 (kyluat default)"
)
"""kyluat's default: 07:30–12:00 and 13:00–16:30, 8 hours (the schedule of the docs' example,
and Vĩnh Phúc's winter hours). Agencies should pass their province's own."""


PROVINCES: Final = tuple(schedule.key for schedule in _schedules.SCHEDULES)
"""Keys of the provincial schedules kyluat carries (only sourced ones)."""


def provincial_office_hours(key: str) -> OfficeHours:
    """The sourced office hours of a province or area, with their dated versions.

    Args:
        key: One of `PROVINCES`, e.g. ``"lam_dong"``.

    Raises:
        InvalidInputError: An unknown key (the error lists the known ones).

    Examples:
        >>> from datetime import date
        >>> hours = provincial_office_hours("lam_dong")
        >>> hours.sessions_on(date(2025, 10, 31)), hours.sessions_on(date(2026, 3, 2))
        ((Session(07:00-11:30), Session(13:30-17:00)), (Session(07:30-11:30), Session(13:30-17:30)))
    """
    for schedule in _schedules.SCHEDULES:
        if schedule.key == key:
            built: OfficeHours | None = None
            for version in schedule.versions:
                hours = OfficeHours(
                    version.sessions,
                    seasons=[Season(first, last, text) for first, last, text in version.seasons],
                    name=f"{schedule.name_vi} — {version.source}",
                )
                if built is None:
                    built = hours
                elif version.effective_from is not None:
                    built = built.from_date(version.effective_from, hours)
            assert built is not None  # every schedule has a version
            return built
    raise InvalidInputError(
        f"unknown schedule {key!r}; known: {', '.join(PROVINCES)}", field="province"
    )
