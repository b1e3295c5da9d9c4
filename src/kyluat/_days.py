"""The vocabulary of a calendar's days (private kernel of [`kyluat.calendar`][kyluat.calendar]).

Sectors, kinds of day, the reasons a day departs from the plain week, day and year information,
agency overrides and the weekly patterns. All are public through `kyluat.calendar` and `kyluat`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final

from kyluat._validate import require_date
from kyluat._values import Value
from kyluat.errors import InvalidInputError

__all__ = [
    "DEFAULT_LAST_YEAR",
    "EVERY_DAY",
    "MON_FRI",
    "MON_SAT",
    "DayInfo",
    "DayKind",
    "Direction",
    "Override",
    "Reason",
    "Sector",
    "YearInfo",
]

MON_FRI: Final = frozenset({0, 1, 2, 3, 4})
"""Monday to Friday: the state bodies' week (QĐ 188/1999/QĐ-TTg Art. 1)."""
MON_SAT: Final = frozenset({0, 1, 2, 3, 4, 5})
"""Six working days, Sunday off (units under QĐ 188/1999/QĐ-TTg Art. 2)."""
EVERY_DAY: Final = frozenset(range(7))
"""Every day of the week a working day (round-the-clock units)."""

DEFAULT_LAST_YEAR: Final = 2030
"""Last year a calendar covers unless told otherwise (provisional after the announced years)."""


class Sector(StrEnum):
    """Whose calendar: state bodies (with government day swaps) or private employers."""

    PUBLIC = "public"
    PRIVATE = "private"


class DayKind(StrEnum):
    """Why a date departs from a plain Monday–Friday week. Values are stable."""

    HOLIDAY = "holiday"
    """Public holiday (ngày lễ, Tết) under Labor Code 2019 Art. 112."""
    COMPENSATORY = "compensatory"
    """Compensatory day off (nghỉ bù) for a holiday on a rest day, or a Tết weekend shift."""
    SWAPPED_DAY_OFF = "swapped_day_off"
    """Weekday made a day off by a government swap (ngày nghỉ hoán đổi)."""
    MAKE_UP_WORKING_DAY = "make_up_working_day"
    """Saturday made a working day in exchange for a swapped day off (ngày làm bù)."""
    WEEKEND = "weekend"
    """Weekly rest day (ngày nghỉ hằng tuần)."""
    WEEKLY_WORKING_DAY = "weekly_working_day"
    """A Saturday or Sunday that the unit's weekly pattern makes a working day."""
    AGENCY_CLOSURE = "agency_closure"
    """A day off decided by the agency or province (storm, flood, local decision)."""
    EXTRA_WORKING_DAY = "extra_working_day"
    """A day the agency decided to work."""
    PROPOSED = "proposed"
    """A schedule proposed for a year not yet decided (đề xuất): shown, never applied; the
    day's status is the statutory skeleton's."""


class Direction(StrEnum):
    """Which way [`WorkCalendar.roll`][kyluat.calendar.WorkCalendar.roll] moves from a day off."""

    NEXT = "next"
    PREVIOUS = "previous"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Reason(Value):
    """Why a date is (not) a working day, with its source.

    Attributes:
        kind: The category of the reason.
        name_vi: Vietnamese name, e.g. ``"Tết Nguyên Đán"``.
        name_en: English name, e.g. ``"Lunar New Year"``.
        source: One-line citation of the documents that decide it.
    """

    kind: DayKind
    name_vi: str
    name_en: str
    source: str

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form ``{"kind", "name_vi", "name_en", "source"}`` (public contract)."""
        return {
            "kind": self.kind.value,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class DayInfo(Value):
    """What a calendar says about one date.

    Attributes:
        date: The date.
        working: Whether it is a working day.
        provisional: Whether its year's schedule is not yet officially announced.
        reasons: Why it departs from a plain Monday–Friday week; empty for a plain day.
    """

    date: date
    working: bool
    provisional: bool
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form ``{"date", "working", "provisional", "reasons"}`` (a contract)."""
        return {
            "date": self.date.isoformat(),
            "working": self.working,
            "provisional": self.provisional,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class YearInfo(Value):
    """The departures of one year from a plain Monday–Friday week.

    Attributes:
        year: The year.
        provisional: Whether the year's schedule is not yet officially announced.
        days: Every date of the year that departs from a plain Monday–Friday week, in order.
    """

    year: int
    provisional: bool
    days: tuple[DayInfo, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form ``{"year", "provisional", "days"}`` (public contract)."""
        return {
            "year": self.year,
            "provisional": self.provisional,
            "days": [day.to_dict() for day in self.days],
        }


@dataclass(frozen=True, slots=True)
class Override(Value):
    """An agency's own decision on one date: an extra day off or an extra working day.

    Attributes:
        date: The date decided.
        working: ``True`` for an extra working day, ``False`` for a day off.
        name_vi: Vietnamese reason, e.g. ``"Nghỉ tránh bão số 3"``.
        name_en: English reason, e.g. ``"Closed for typhoon Yagi"``.
        source: The decision's reference, e.g. ``"Công điện 12/CĐ-UBND (06/09/2024)"``.
        kind: Category; defaults to agency closure or extra working day.

    Raises:
        InvalidInputError: A field is empty or of the wrong type.
    """

    date: date
    working: bool
    name_vi: str
    name_en: str
    source: str
    kind: DayKind = field(default=DayKind.AGENCY_CLOSURE)

    def __post_init__(self) -> None:
        require_date(self.date, "date")
        if not isinstance(self.working, bool):
            raise InvalidInputError("must be True or False", field="working")
        for name in ("name_vi", "name_en", "source"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError("a reason and a reference are required", field=name)
        kind = DayKind(self.kind)
        if kind is DayKind.AGENCY_CLOSURE and self.working:
            kind = DayKind.EXTRA_WORKING_DAY
        object.__setattr__(self, "kind", kind)


# --- Index -------------------------------------------------------------------------------------
