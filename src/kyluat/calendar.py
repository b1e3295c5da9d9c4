"""The Vietnamese working-day calendar (lịch làm việc) and its arithmetic.

A [`WorkCalendar`][kyluat.calendar.WorkCalendar] answers, for every date it covers, whether the body
works, why not, and which official document says so. It is immutable and hashable; every variant
(agency overrides, another weekly pattern, the private sector) is a new calendar. All arithmetic
runs on an index built once per calendar definition, so its cost does not grow with the number of
days added.

Coverage: from 1 January of the first year of the official table (2018) to 31 December of
``last_year``. Years up to the latest official announcement are *decided*; later years follow the
statutory rules only and are *provisional*:
[`WorkCalendar.day_info`][kyluat.calendar.WorkCalendar.day_info] says so, and arithmetic that
touches them emits [`ProvisionalDataWarning`][kyluat.errors.ProvisionalDataWarning] (or raises
[`ProvisionalDataError`][kyluat.errors.ProvisionalDataError] on a strict calendar). Dates outside
the coverage raise [`CoverageError`][kyluat.errors.CoverageError].

Examples:
    >>> from datetime import date
    >>> cal = default_calendar()
    >>> cal.is_working_day(date(2026, 1, 2))   # swapped day off, 12729/VPCP-KGVX
    False
    >>> cal.is_working_day(date(2026, 1, 10))  # make-up working Saturday
    True
    >>> cal.add_working_days(date(2025, 12, 31), 5)
    datetime.date(2026, 1, 9)
    >>> cal.working_days_between(date(2026, 3, 3), date(2026, 3, 10))
    5

References:
    QĐ 188/1999/QĐ-TTg Art. 1–2 (five-day week); Labor Code 2019 (45/2019/QH14) Art. 111(3),
    112(1); the yearly notices listed in `kyluat.data.decisions`.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from kyluat._calendar_index import Index, Spec, build_index
from kyluat._days import (
    DEFAULT_LAST_YEAR,
    EVERY_DAY,
    MON_FRI,
    MON_SAT,
    DayInfo,
    DayKind,
    Direction,
    Override,
    Reason,
    Sector,
    YearInfo,
)
from kyluat._validate import require_date
from kyluat._values import Value
from kyluat._year_files import DECISIONS_ENV, Decisions, decisions_from_environment, load_decisions
from kyluat.data import decisions as bundled
from kyluat.errors import (
    CoverageError,
    InvalidInputError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)

__all__ = [
    "DECISIONS_ENV",
    "DEFAULT_LAST_YEAR",
    "EVERY_DAY",
    "MON_FRI",
    "MON_SAT",
    "DayInfo",
    "DayKind",
    "Decisions",
    "Direction",
    "Override",
    "Reason",
    "Sector",
    "WorkCalendar",
    "YearInfo",
    "default_calendar",
    "load_decisions",
    "private_sector_calendar",
]


def _provisional_text(last_announced: int) -> str:
    return (
        f"depends on a year after {last_announced}, whose official schedule is not "
        "announced yet: statutory rules only, the answer may change"
    )


@lru_cache(maxsize=4)
def _warning_text(last_announced: int) -> str:
    return f"a working-day result {_provisional_text(last_announced)} (DayInfo.provisional is set)"


@lru_cache(maxsize=8)
def _decisions_named(value: str) -> Decisions:
    return decisions_from_environment({DECISIONS_ENV: value})


def environment_decisions() -> Decisions:
    """The decisions files ``KYLUAT_DECISIONS`` names, read once per value of the variable."""
    return _decisions_named(os.environ.get(DECISIONS_ENV, ""))


def _check_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(
            f"expected a whole number of days, got {value!r} ({type(value).__name__})", field=name
        )
    return value


def _check_weekdays(days: Iterable[int]) -> frozenset[int]:
    result = frozenset(days)
    if not result or not all(type(d) is int and 0 <= d <= 6 for d in result):
        raise InvalidInputError(
            "expected weekday numbers 0 (Monday) to 6 (Sunday), at least one", field="weekdays"
        )
    return result


class WorkCalendar(Value):
    """An immutable, hashable working-day calendar (lịch làm việc).

    Build one with [`default_calendar`][kyluat.calendar.default_calendar] (state bodies),
    [`private_sector_calendar`][kyluat.calendar.private_sector_calendar], or the constructor; derive
    variants with [`with_overrides`][kyluat.calendar.WorkCalendar.with_overrides],
    [`with_working_weekdays`][kyluat.calendar.WorkCalendar.with_working_weekdays] and
    [`replace`][kyluat.calendar.WorkCalendar.replace]. Two calendars with the same definition are
    equal, hash alike and share one index.

    Args:
        sector: Public sector (government swaps apply) or private sector.
        working_weekdays: Weekday numbers that are working days, 0 = Monday.
        overrides: The agency's own days off and working days.
        last_year: Last year covered; years after the latest announcement are provisional.
        strict: Raise [`ProvisionalDataError`][kyluat.errors.ProvisionalDataError] instead of
            warning when a result depends on a provisional year.
        decisions: Decisions files to apply ([load_decisions][kyluat.load_decisions]); a year
            they settle replaces the bundled data for that year. ``None`` (default): the files
            ``KYLUAT_DECISIONS`` names, if any; ``Decisions()``: the bundled data only.
        culture_day_compensated: Give a compensatory day when 24 November (Vietnamese Culture
            Day, NQ 28/2026/QH16) falls on a weekly rest day (default ``True``, as for the
            Labor Code's holidays; [unverified]: Art. 111(3) names the holidays of Art. 112(1),
            and 24/11 is not one of them; the first case is Saturday 24/11/2029).

    Raises:
        InvalidInputError: An argument is malformed, or two overrides contradict each other.
        CoverageError: An override or ``last_year`` lies outside the supported years.
        DataError: A decisions file (``KYLUAT_DECISIONS``) is invalid, or decides a year after
            an undecided one.
    """

    # The hot look-ups are copied into slots of their own: one attribute load each.
    __slots__ = (
        "_cumulative",
        "_first",
        "_index",
        "_provisional_day",
        "_provisional_rank",
        "_spec",
        "_strict",
        "_working",
        "_working_dates",
    )

    _spec: Spec
    _index: Index
    _strict: bool
    _first: int
    _cumulative: tuple[int, ...]
    _working_dates: tuple[date, ...]
    _working: bytes
    _provisional_day: int
    _provisional_rank: int

    def __init__(
        self,
        *,
        sector: Sector | str = Sector.PUBLIC,
        working_weekdays: Iterable[int] = MON_FRI,
        overrides: Iterable[Override] = (),
        last_year: int = DEFAULT_LAST_YEAR,
        strict: bool = False,
        decisions: Decisions | None = None,
        culture_day_compensated: bool = True,
    ) -> None:
        try:
            sector = Sector(sector)
        except ValueError:
            raise InvalidInputError(
                f"unknown sector {sector!r}; expected 'public' or 'private'", field="sector"
            ) from None
        last_year = _check_int(last_year, "last_year")
        if decisions is None:
            decisions = environment_decisions()
        elif not isinstance(decisions, Decisions):
            raise InvalidInputError(
                "expected Decisions (kyluat.load_decisions) or None", field="decisions"
            )
        if not bundled.LAST_ANNOUNCED_YEAR <= last_year <= 2100:
            raise CoverageError(
                f"must be between {bundled.LAST_ANNOUNCED_YEAR} and 2100, got {last_year}",
                field="last_year",
            )
        by_date: dict[date, Override] = {}
        for override in overrides:
            if not isinstance(override, Override):
                raise InvalidInputError(
                    f"expected Override, got {type(override).__name__}", field="overrides"
                )
            if not bundled.FIRST_YEAR <= override.date.year <= last_year:
                raise CoverageError(
                    f"{override.date} is outside the calendar "
                    f"({bundled.FIRST_YEAR}-01-01 to {last_year}-12-31)",
                    field="overrides",
                )
            known = by_date.get(override.date)
            if known is not None and known != override:
                raise InvalidInputError(
                    f"two different decisions for {override.date}", field="overrides"
                )
            by_date[override.date] = override
        flags = (("strict", strict), ("culture_day_compensated", culture_day_compensated))
        for name, flag in flags:
            if not isinstance(flag, bool):
                raise InvalidInputError("must be True or False", field=name)
        spec = Spec(
            sector=sector,
            working_weekdays=_check_weekdays(working_weekdays),
            overrides=tuple(by_date[d] for d in sorted(by_date)),
            last_year=last_year,
            decisions=decisions,
            culture_day_compensated=culture_day_compensated,
        )
        spec.last_announced  # noqa: B018 - decided years must follow on: raises DataError
        index = build_index(spec)
        for name, value in (
            ("_spec", spec),
            ("_index", index),
            ("_strict", strict),
            ("_first", index.first_ordinal),
            ("_cumulative", index.cumulative),
            ("_working_dates", index.working_dates),
            ("_working", index.working),
            ("_provisional_day", index.provisional_day),
            ("_provisional_rank", index.provisional_rank),
        ):
            object.__setattr__(self, name, value)

    def _key(self) -> tuple[object, ...]:
        return (self._spec, self._strict)  # the definition; the index follows from it

    def __repr__(self) -> str:
        spec = self._spec
        return (
            f"WorkCalendar(sector={spec.sector.value!r}, "
            f"working_weekdays={sorted(spec.working_weekdays)}, "
            f"overrides={len(spec.overrides)}, last_year={spec.last_year}, strict={self._strict})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self._definition(),))

    def _definition(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this calendar."""
        spec = self._spec
        return {
            "sector": spec.sector,
            "working_weekdays": spec.working_weekdays,
            "overrides": spec.overrides,
            "last_year": spec.last_year,
            "strict": self._strict,
            "decisions": spec.decisions,
            "culture_day_compensated": spec.culture_day_compensated,
        }

    def _derive(self, **changes: Any) -> WorkCalendar:
        return WorkCalendar(**(self._definition() | changes))

    # --- Definition ---------------------------------------------------------------------------

    @property
    def sector(self) -> Sector:
        """Public or private sector."""
        return self._spec.sector

    @property
    def working_weekdays(self) -> frozenset[int]:
        """Weekday numbers (0 = Monday) that are working days before holidays."""
        return self._spec.working_weekdays

    @property
    def overrides(self) -> tuple[Override, ...]:
        """The agency's own decisions, sorted by date."""
        return self._spec.overrides

    @property
    def strict(self) -> bool:
        """Whether results depending on provisional years raise instead of warning."""
        return self._strict

    @property
    def first_date(self) -> date:
        """First date covered (1 January of the first year of the official table)."""
        return date.fromordinal(self._index.first_ordinal)

    @property
    def last_date(self) -> date:
        """Last date covered."""
        return date(self._spec.last_year, 12, 31)

    @property
    def last_announced_year(self) -> int:
        """The latest year with an official schedule (bundled or from a decisions file); later
        years are provisional."""  # noqa: D205, D209
        return self._spec.last_announced

    @property
    def decisions(self) -> Decisions:
        """The decisions files this calendar applies (empty: the bundled data only)."""
        return self._spec.decisions

    def is_provisional_year(self, year: int) -> bool:
        """Whether ``year`` follows the statutory rules only (no official schedule yet)."""
        return _check_int(year, "year") > self._spec.last_announced

    def replace(self, *, last_year: int | None = None, strict: bool | None = None) -> WorkCalendar:
        """Return a copy with another coverage end or strictness."""
        spec = self._spec
        return self._derive(
            last_year=spec.last_year if last_year is None else last_year,
            strict=self._strict if strict is None else strict,
        )

    def with_overrides(self, *overrides: Override) -> WorkCalendar:
        """Return a calendar with the agency's own days off or working days added.

        Overrides change only the dates they name; each keeps its reason and reference.

        Examples:
            >>> from datetime import date
            >>> storm = Override(date(2026, 3, 11), working=False, name_vi="Nghỉ tránh bão",
            ...                  name_en="Storm closure", source="Công điện 5/CĐ-UBND")
            >>> cal = default_calendar().with_overrides(storm)
            >>> cal.add_working_days(date(2026, 3, 10), 1)
            datetime.date(2026, 3, 12)
            >>> cal.day_info(date(2026, 3, 11)).reasons[0].kind.value
            'agency_closure'
        """
        spec = self._spec
        return self._derive(overrides=(*spec.overrides, *overrides))

    def with_working_weekdays(self, weekdays: Iterable[int]) -> WorkCalendar:
        """Return a calendar with another weekly pattern (QĐ 188/1999/QĐ-TTg Art. 2).

        Government day swaps bind only bodies on a Saturday–Sunday week, so they are not
        applied under any other pattern; holidays and compensatory days still are.

        Examples:
            >>> from datetime import date
            >>> six_day = default_calendar().with_working_weekdays(MON_SAT)
            >>> six_day.is_working_day(date(2026, 3, 7))
            True
        """
        return self._derive(working_weekdays=weekdays)

    # --- Queries ------------------------------------------------------------------------------

    def _day_index(self, d: date, name: str) -> int:
        if type(d) is not date:
            d = require_date(d, name)
        i = d.toordinal() - self._index.first_ordinal
        if not 0 <= i < self._index.n_days:
            raise CoverageError(
                f"{d.isoformat()} is outside the calendar's data "
                f"({self.first_date.isoformat()} to {self.last_date.isoformat()})",
                field=name,
            )
        return i

    def _provisional(self, what: str, *args: object) -> None:
        # Hot on provisional years: the warning text is constant (formatting it per call would
        # double the cost); the strict error names the call.
        if self._strict:
            call = f"{what}({', '.join(str(a) for a in args)})"
            raise ProvisionalDataError(f"{call} {_provisional_text(self.last_announced_year)}")
        warnings.warn(_warning_text(self.last_announced_year), ProvisionalDataWarning, stacklevel=3)

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (ngày làm việc).

        Raises:
            InvalidInputError: ``d`` is not a date (a datetime is refused too).
            CoverageError: ``d`` is outside the calendar's data.
        """
        if type(d) is not date:
            d = require_date(d, "d")
        i = d.toordinal() - self._first
        try:
            if i < 0:
                raise IndexError(i)
            working = self._working[i]
        except IndexError:
            self._day_index(d, "d")  # raises the coverage error
            raise
        if i >= self._provisional_day:
            self._provisional("is_working_day", d)
        return working == 1

    def day_info(self, d: date) -> DayInfo:
        """Everything the calendar knows about ``d``: working or not, provisional, reasons.

        Does not warn for provisional years: the result carries the flag; a strict calendar
        refuses them (its promise is to give no answer that depends on an unannounced year).

        Raises:
            CoverageError: ``d`` is outside the calendar's data.
            ProvisionalDataError: A strict calendar and a year not yet officially announced.

        Examples:
            >>> from datetime import date
            >>> info = default_calendar().day_info(date(2026, 2, 17))
            >>> info.working, info.reasons[0].name_vi, info.reasons[0].kind.value
            (False, 'Tết Nguyên Đán', 'holiday')
        """
        i = self._day_index(d, "d")
        index = self._index
        if self._strict and i >= index.provisional_day:
            raise ProvisionalDataError(
                f"day_info({d.isoformat()}) {_provisional_text(self.last_announced_year)}",
                field="d",
            )
        return DayInfo(
            date=d,
            working=bool(index.working[i]),
            provisional=i >= index.provisional_day,
            reasons=index.reasons.get(i, ()),
        )

    def year_info(self, year: int) -> YearInfo:
        """Every date of ``year`` that departs from a plain Monday–Friday week.

        Ordinary Saturdays and Sundays are left out; a holiday falling on one is listed.

        Raises:
            CoverageError: ``year`` is outside the calendar's data.
            ProvisionalDataError: A strict calendar and a year not yet officially announced.
        """
        year = _check_int(year, "year")
        if not self.first_date.year <= year <= self._spec.last_year:
            raise CoverageError(
                f"{year} is outside the calendar's data "
                f"({self.first_date.year} to {self._spec.last_year})",
                field="year",
            )
        if self._strict and self.is_provisional_year(year):
            raise ProvisionalDataError(
                f"year_info({year}) {_provisional_text(self.last_announced_year)}", field="year"
            )
        index = self._index
        start = date(year, 1, 1).toordinal() - index.first_ordinal
        stop = date(year, 12, 31).toordinal() - index.first_ordinal + 1
        days = []
        for i in range(start, stop):
            found = index.reasons.get(i, ())
            if found and not (
                len(found) == 1
                and found[0].kind is DayKind.WEEKEND
                and (index.first_ordinal + i + 6) % 7 >= 5
            ):
                days.append(
                    DayInfo(
                        date=date.fromordinal(index.first_ordinal + i),
                        working=bool(index.working[i]),
                        provisional=i >= index.provisional_day,
                        reasons=found,
                    )
                )
        return YearInfo(year=year, provisional=self.is_provisional_year(year), days=tuple(days))

    # --- Arithmetic ---------------------------------------------------------------------------

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``; the start day itself is not counted.

        ``n`` may be negative (the ``|n|``-th working day before ``d``) or zero (``d`` itself
        when it is a working day, otherwise the next working day). The result is always a
        working day. Constant time: one look-up in the calendar's index, whatever ``n``.

        Args:
            d: Start date.
            n: Number of working days, a whole number.

        Returns:
            The resulting working day.

        Raises:
            InvalidInputError: ``d`` is not a date or ``n`` not a whole number.
            CoverageError: ``d`` or the result lies outside the calendar's data.

        Examples:
            >>> from datetime import date
            >>> cal = default_calendar()
            >>> cal.add_working_days(date(2026, 1, 8), 2)   # make-up Saturday 10/01
            datetime.date(2026, 1, 10)
            >>> cal.add_working_days(date(2026, 2, 13), 1)  # over Tết 16–20/02/2026
            datetime.date(2026, 2, 23)
            >>> cal.add_working_days(date(2026, 2, 23), -1)
            datetime.date(2026, 2, 13)

        References:
            BLDS 2015 Art. 147 (the day of the event is not counted).
        """
        result, touches_provisional = self._shift(d, n)
        if touches_provisional:
            self._provisional("add_working_days", d, n)
        return result

    def _shift(self, d: date, n: int) -> tuple[date, bool]:
        """``add_working_days`` without the warning: the result and whether it is provisional."""
        if type(d) is not date:
            d = require_date(d, "d")
        if type(n) is not int:
            n = _check_int(n, "n")
        i = d.toordinal() - self._first
        if i < 0:
            self._day_index(d, "d")  # raises the coverage error
        try:
            if n > 0:
                rank = self._cumulative[i + 1] + n - 1
            else:
                rank = self._cumulative[i] + n
                if rank < 0:
                    raise IndexError(rank)  # never let a negative rank wrap around
            result = self._working_dates[rank]
        except IndexError:
            self._day_index(d, "d")  # raises when the start itself is outside the data
            raise CoverageError(
                f"{n} working days from {d.isoformat()} fall outside the calendar's data "
                f"({self.first_date.isoformat()} to {self.last_date.isoformat()})",
                field="n",
            ) from None
        return result, rank >= self._provisional_rank or i >= self._provisional_day

    def _is_working(self, d: date) -> bool:
        """``is_working_day`` without the warning (callers report provisional data themselves)."""
        return self._working[self._day_index(d, "d")] == 1

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        return self.add_working_days(d, -1)

    def roll(self, d: date, *, direction: Direction | Literal["next", "previous", "none"]) -> date:
        """``d`` itself when it is a working day; otherwise move as ``direction`` says.

        Args:
            d: The date.
            direction: ``"next"`` or ``"previous"`` working day, or ``"none"`` to refuse.

        Raises:
            InvalidInputError: ``direction`` is ``"none"`` and ``d`` is not a working day, or
                ``direction`` is unknown.

        Examples:
            >>> from datetime import date
            >>> default_calendar().roll(date(2026, 4, 30), direction="next")
            datetime.date(2026, 5, 4)
        """
        try:
            way = Direction(direction)
        except ValueError:
            raise InvalidInputError(
                f"unknown direction {direction!r}; expected 'next', 'previous' or 'none'",
                field="direction",
            ) from None
        if self.is_working_day(d):
            return d
        if way is Direction.NEXT:
            return self.add_working_days(d, 0)
        if way is Direction.PREVIOUS:
            return self.add_working_days(d, -1)
        raise InvalidInputError(f"{d.isoformat()} is not a working day", field="d")

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days after ``a`` up to and including ``b``: the interval (a, b].

        Negative when ``b`` is before ``a`` (``-working_days_between(b, a)``), so counts add up:
        ``between(a, b) + between(b, c) == between(a, c)``, and for working days ``a`` and
        ``b``, ``add_working_days(a, working_days_between(a, b)) == b``.

        Examples:
            >>> from datetime import date
            >>> cal = default_calendar()
            >>> cal.working_days_between(date(2026, 2, 13), date(2026, 2, 23))  # Tết week
            1
            >>> cal.working_days_between(date(2026, 2, 23), date(2026, 2, 13))
            -1
        """
        # Inlined look-ups, as in add_working_days: this runs once per row in batch checks.
        first, cumulative, provisional = self._first, self._cumulative, self._provisional_day
        i = (a if type(a) is date else require_date(a, "a")).toordinal() - first
        j = (b if type(b) is date else require_date(b, "b")).toordinal() - first
        last = len(cumulative) - 1
        if not (0 <= i < last and 0 <= j < last):
            self._day_index(a, "a")
            self._day_index(b, "b")  # one of them raises the coverage error
        if i >= provisional or j >= provisional:
            self._provisional("working_days_between", a, b)
        return cumulative[j + 1] - cumulative[i + 1]

    def working_days(self, start: date, end: date) -> Iterator[date]:
        """Iterate over the working days from ``start`` to ``end``, both included.

        Examples:
            >>> from datetime import date
            >>> [d.day for d in default_calendar().working_days(date(2026, 4, 27),
            ...                                                 date(2026, 5, 5))]
            [28, 29, 4, 5]
        """
        index = self._index
        i = self._day_index(start, "start")
        j = self._day_index(end, "end")
        if j >= index.provisional_day:
            self._provisional("working_days", start, end)
        return iter(index.working_dates[index.cumulative[i] : index.cumulative[j + 1]])

    def working_day_index(self) -> tuple[date, tuple[int, ...]]:
        """The calendar's cumulative index, for vectorised batch code.

        Returns:
            The first date covered and the counts ``c`` where ``c[i]`` is the number of working
            days among the first ``i`` days of the coverage (one entry more than days).
        """
        return self.first_date, self._index.cumulative


def _rebuild(definition: dict[str, Any]) -> WorkCalendar:
    return WorkCalendar(**definition)


def default_calendar() -> WorkCalendar:
    """The public-sector calendar: Saturday–Sunday week, holidays, swaps (built once).

    With ``KYLUAT_DECISIONS`` set, the decisions files it names apply (see
    [load_decisions][kyluat.load_decisions]); they are read once per value of the variable.

    References:
        QĐ 188/1999/QĐ-TTg Art. 1; Labor Code 2019 Art. 111–112; the notices in
        `kyluat.data.decisions.ANNOUNCEMENTS`.
    """
    return _default_for(os.environ.get(DECISIONS_ENV, ""))


@lru_cache(maxsize=4)
def _default_for(value: str) -> WorkCalendar:
    return WorkCalendar(decisions=_decisions_named(value))


def private_sector_calendar() -> WorkCalendar:
    """Statutory holidays and compensatory days on a Saturday–Sunday week, no government swaps.

    Tết days follow the schedule decided for the public sector, which employers may change
    (add them as overrides); swaps bind only bodies on a Saturday–Sunday week.

    References:
        Labor Code 2019 (45/2019/QH14) Art. 111–112.
    """
    return WorkCalendar(sector=Sector.PRIVATE)
