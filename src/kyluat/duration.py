"""Processing limits (thời hạn giải quyết) as published procedures write them.

A [`Duration`][kyluat.duration.Duration] is an amount and a unit: working days (ngày làm việc,
fractions such as 0.5 and 0.25 allowed), working hours (giờ làm việc), calendar days, weeks, months
and years (Civil Code periods), or the same-day limit (trong ngày).
[`Duration.parse`][kyluat.duration.Duration.parse] reads the forms used in published procedures, in
Vietnamese (with or without diacritics) and English, and refuses anything else with an error naming
the text.

Examples:
    >>> Duration.parse("05 ngày làm việc")
    Duration.working_days(5)
    >>> Duration.parse("0,5 ngày làm việc")
    Duration.working_days(0.5)
    >>> Duration.parse("không quá 8 giờ làm việc")
    Duration.working_hours(8)
    >>> Duration.parse("01 tháng"), Duration.parse("trong ngày")
    (Duration.months(1), Duration.same_day())
    >>> Duration.parse("5 working days") == Duration.working_days(5)
    True
    >>> Duration.parse("soon")
    Traceback (most recent call last):
    ...
    kyluat.errors.AmbiguousLimitError: limit: cannot read 'soon' as a processing limit...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Final

from kyluat._text import fold, shown
from kyluat._values import Value
from kyluat.errors import InvalidInputError

__all__ = ["MAX_AMOUNT", "MAX_DECIMALS", "Duration", "Unit"]


class Unit(StrEnum):
    """The unit of a limit. Values are stable."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"
    SAME_DAY = "same_day"
    HOURS = "hours"
    """Clock hours (giờ), counted from the moment (BLDS 2015 Art. 147(1)), nights and days off
    included."""


_WHOLE_ONLY: Final = frozenset({Unit.DAYS, Unit.WEEKS, Unit.MONTHS, Unit.YEARS})

_NAMES: Final = {
    Unit.WORKING_DAYS: ("ngày làm việc", "working days"),
    Unit.WORKING_HOURS: ("giờ làm việc", "working hours"),
    Unit.DAYS: ("ngày", "days"),
    Unit.WEEKS: ("tuần", "weeks"),
    Unit.MONTHS: ("tháng", "months"),
    Unit.YEARS: ("năm", "years"),
    Unit.HOURS: ("giờ", "hours"),
}


MAX_AMOUNT: Final = {
    Unit.WORKING_DAYS: Decimal(40_000),
    Unit.WORKING_HOURS: Decimal(960_000),
    Unit.DAYS: Decimal(40_000),
    Unit.WEEKS: Decimal(5_800),
    Unit.MONTHS: Decimal(1_400),
    Unit.YEARS: Decimal(110),
    Unit.HOURS: Decimal(960_000),
    Unit.SAME_DAY: Decimal(0),
}
"""The largest amount of each unit: about 110 years, more than any calendar kyluat builds
(its data covers 2018 to at most 2100), so every larger limit is an error at once rather than
an overflow deep in date arithmetic."""

MAX_DECIMALS: Final = 6
"""Decimal places an amount may have (0.000001 working days is already under a second)."""


def _amount(value: object, unit: Unit) -> Decimal:
    if isinstance(value, bool):
        raise InvalidInputError(f"expected a number, got {value!r}", field="amount")
    try:
        if isinstance(value, int | Decimal):
            amount = Decimal(value)
        elif isinstance(value, float):
            amount = Decimal(repr(value))
        elif isinstance(value, Fraction):
            amount = Decimal(value.numerator) / Decimal(value.denominator)
        elif isinstance(value, str):
            amount = Decimal(value.strip().replace(",", "."))
        else:
            raise InvalidInputError(
                f"expected a number, got {type(value).__name__}", field="amount"
            )
    except InvalidOperation:
        raise InvalidInputError(f"{value!r} is not a number", field="amount") from None
    if not amount.is_finite():
        raise InvalidInputError(f"{value!r} is not a finite number", field="amount")
    if amount < 0:
        raise InvalidInputError(f"a limit cannot be negative, got {value}", field="amount")
    top = MAX_AMOUNT[unit]
    if amount > top:
        raise InvalidInputError(
            f"{shown(value)} {_NAMES[unit][1]} is more than kyluat's largest limit of {top:,} "
            f"{_NAMES[unit][1]} (about 110 years, beyond any calendar)",
            field="amount",
        )
    exponent = amount.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and exponent < -MAX_DECIMALS
        and amount != amount.quantize(Decimal(10) ** -MAX_DECIMALS)
    ):
        raise InvalidInputError(
            f"{shown(value)} has more than {MAX_DECIMALS} decimal places", field="amount"
        )
    if unit in _WHOLE_ONLY and amount != amount.to_integral_value():
        raise InvalidInputError(f"{unit.value} must be a whole number, got {value}", field="amount")
    # Normalise 5.0 -> 5 and 0.50 -> 0.5 so that equal limits compare and hash alike.
    return (
        amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
    )


@dataclass(frozen=True, slots=True)
class Duration(Value):
    """A processing limit: an amount in a unit. Build it with the class constructors.

    Attributes:
        unit: The unit.
        amount: A non-negative exact decimal (whole for calendar units; 0 for same-day).
    """

    unit: Unit
    amount: Decimal
    _labels: tuple[str, str] = field(init=False, repr=False, compare=False)
    _seconds: int | None = field(init=False, repr=False, compare=False)
    """Working hours as whole seconds (None for other units or fractions of a second)."""

    def __post_init__(self) -> None:
        try:
            unit = Unit(self.unit)
        except ValueError:
            raise InvalidInputError(
                f"unknown unit {shown(self.unit)}; expected one of "
                + ", ".join(u.value for u in Unit),
                field="unit",
            ) from None
        amount = _amount(self.amount, unit)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "_labels", _label(unit, amount))
        seconds = amount * 3600
        whole = unit is Unit.WORKING_HOURS and seconds == seconds.to_integral_value()
        object.__setattr__(self, "_seconds", int(seconds) if whole else None)

    @classmethod
    def working_days(cls, n: int | float | str | Decimal | Fraction) -> Duration:
        """N working days (ngày làm việc); one working day counts as 8 working hours."""
        return cls(Unit.WORKING_DAYS, _amount(n, Unit.WORKING_DAYS))

    @classmethod
    def working_hours(cls, h: int | float | str | Decimal | Fraction) -> Duration:
        """H working hours (giờ làm việc), counted on the office-hours sessions."""
        return cls(Unit.WORKING_HOURS, _amount(h, Unit.WORKING_HOURS))

    @classmethod
    def hours(cls, h: int | float | str | Decimal | Fraction) -> Duration:
        """H clock hours (giờ), counted from the moment, nights and days off included.

        References:
            BLDS 2015 (91/2015/QH13) Art. 147(1).
        """
        return cls(Unit.HOURS, _amount(h, Unit.HOURS))

    @classmethod
    def days(cls, n: int) -> Duration:
        """N calendar days (Civil Code 2015 Art. 147–148)."""
        return cls(Unit.DAYS, _amount(n, Unit.DAYS))

    @classmethod
    def weeks(cls, n: int) -> Duration:
        """N weeks (Civil Code 2015 Art. 148(2))."""
        return cls(Unit.WEEKS, _amount(n, Unit.WEEKS))

    @classmethod
    def months(cls, n: int) -> Duration:
        """N months (Civil Code 2015 Art. 148(3))."""
        return cls(Unit.MONTHS, _amount(n, Unit.MONTHS))

    @classmethod
    def years(cls, n: int) -> Duration:
        """N years (Civil Code 2015 Art. 148(4))."""
        return cls(Unit.YEARS, _amount(n, Unit.YEARS))

    @classmethod
    def same_day(cls) -> Duration:
        """The same-day limit (trong ngày), with a cut-off after which it moves to the next day."""
        return cls(Unit.SAME_DAY, Decimal(0))

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read the limit of a published text, in Vietnamese or English.

        Clean forms (``"05 ngày làm việc"``, ``"8 giờ làm việc"``, ``"15 ngày"``,
        ``"01 tháng"``, ``"trong ngày"``, ``"5 working days"``) are read at once; anything else is
        read by [`read_limit`][kyluat.limits.read_limit], so labels, bullets, prefixes ("Không
        quá"), numerals in words, the starting event and exclusions around a single limit are
        fine. Diacritics are optional; the decimal separator may be a comma.

        It never returns one number of a compound text as if it were the whole: read such
        texts with `read_limit` and choose a case.

        Raises:
            CompoundLimitError: The text holds several cases (code ``compound_limit``; the
                message lists them).
            AmbiguousLimitError: A range, an approximation, no amount, or hours without
                "làm việc" (code ``ambiguous_limit``).
            InvalidInputError: Not text, empty, too long, negative, or an amount its unit cannot
                take (field ``limit``).
        """
        clean = cls._parse_clean(text)
        return _from_published(text) if clean is None else clean

    @classmethod
    def _parse_clean(cls, text: str) -> Duration | None:
        """The limit of a clean text ("05 ngày làm việc"), or ``None`` for anything else."""
        if not isinstance(text, str):
            raise InvalidInputError(f"expected text, got {type(text).__name__}", field="limit")
        folded = _fold(text)
        if folded in _SAME_DAY_FORMS:
            return cls.same_day()
        match = _PATTERN.fullmatch(folded)
        if match is None:
            return None
        if match["unit"].isascii() and match["unit"][0] in "cdhmwy" and not text.isascii():
            return None  # an English unit folded from Vietnamese ("5 dày"): not a limit
        unit = _UNIT_WORDS[match["unit"]]
        try:
            return cls(unit, _amount(match["amount"], unit))
        except InvalidInputError as exc:
            raise InvalidInputError(f"{text!r}: {exc.message}", field="limit") from None

    @property
    def is_working_time(self) -> bool:
        """Whether the limit counts working days or hours (not calendar periods)."""
        return self.unit in (Unit.WORKING_DAYS, Unit.WORKING_HOURS, Unit.SAME_DAY)

    def label(self) -> tuple[str, str]:
        """Vietnamese and English text of the limit, e.g. ``("5 ngày làm việc", "5 working days")``.

        Examples:
            >>> Duration.working_days(1).label()
            ('1 ngày làm việc', '1 working day')
        """
        return self._labels

    def __str__(self) -> str:
        return self.label()[1]

    def __repr__(self) -> str:
        if self.unit is Unit.SAME_DAY:
            return "Duration.same_day()"
        return f"Duration.{self.unit.value}({self.amount:f})"


def _from_published(text: str) -> Duration:
    from kyluat.limits import read_published  # the full reader, for decorated texts

    return read_published(text).choose()


def _label(unit: Unit, amount: Decimal) -> tuple[str, str]:
    if unit is Unit.SAME_DAY:
        return ("trong ngày", "same day")
    vi, en = _NAMES[unit]
    number = f"{amount:f}"
    if amount == 1:
        en = en[:-1]  # "working days" -> "working day"
    return (f"{number.replace('.', ',')} {vi}", f"{number} {en}")


_fold = fold

_SAME_DAY_FORMS: Final = frozenset(
    {"trong ngay", "trong ngay lam viec", "giai quyet trong ngay", "same day", "same-day"}
)
_UNIT_WORDS: Final = {
    "ngay lam viec": Unit.WORKING_DAYS,
    "working days": Unit.WORKING_DAYS,
    "working day": Unit.WORKING_DAYS,
    "gio lam viec": Unit.WORKING_HOURS,
    "working hours": Unit.WORKING_HOURS,
    "working hour": Unit.WORKING_HOURS,
    "ngay": Unit.DAYS,
    "days": Unit.DAYS,
    "day": Unit.DAYS,
    "calendar days": Unit.DAYS,
    "tuan": Unit.WEEKS,
    "weeks": Unit.WEEKS,
    "week": Unit.WEEKS,
    "thang": Unit.MONTHS,
    "months": Unit.MONTHS,
    "month": Unit.MONTHS,
    "nam": Unit.YEARS,
    "years": Unit.YEARS,
    "year": Unit.YEARS,
    "hours": Unit.HOURS,
    "hour": Unit.HOURS,
}
_LEAD = r"(?:(?:khong qua|toi da|trong vong|trong thoi han|trong|within|not more than|at most)\s+)?"
_PATTERN: Final = re.compile(
    _LEAD
    + r"(?P<amount>-?\d+(?:[.,]\d+)?)\s*(?P<unit>"
    + "|".join(sorted((re.escape(w) for w in _UNIT_WORDS), key=len, reverse=True))
    + r")\.?"
)
