"""Adapter over `holidays`: statutory holidays, lunar dates and compensatory days.

The only module that imports ``holidays``. It turns ``holidays.VN`` into plain records that the
calendar classifies; it is imported when a calendar is first built, never by ``import kyluat``.

References:
    Labor Code 2019 (45/2019/QH14) Art. 111(3), 112(1); Labor Code 2012 Art. 115.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kyluat._values import Value
from kyluat.errors import DataError

__all__ = ["LibDay", "LibKind", "load"]

# holidays.VN labels a government swap "Ngày nghỉ (thay cho ngày DD/MM/YYYY)".
_SWAP_PREFIX = "Ngày nghỉ (thay cho ngày"


class LibKind(StrEnum):
    """How ``holidays.VN`` arrived at a day off."""

    STATUTORY = "statutory"
    """A holiday date named by the Labor Code (``observed=False`` has it)."""
    COMPENSATORY = "compensatory"
    """Added by an observed rule: compensation or the Tết weekend shift."""
    SWAP = "swap"
    """A government swap that ``holidays`` knows of."""


@dataclass(frozen=True, slots=True)
class LibDay(Value):
    """One name ``holidays.VN`` gives a date, in both languages."""

    date: date
    kind: LibKind
    name_vi: str
    name_en: str


def load(first_year: int, last_year: int) -> tuple[tuple[LibDay, ...], frozenset[date]]:
    """Read ``holidays.VN`` for a span of years.

    Args:
        first_year: First year, inclusive.
        last_year: Last year, inclusive.

    Returns:
        The named days off, and the Saturdays that ``holidays`` marks as working (swaps).

    Raises:
        DataError: The two language versions of the data disagree.
    """
    import holidays  # deferred: `import kyluat` must stay light

    years = range(first_year, last_year + 1)
    vi = holidays.country_holidays("VN", years=years, observed=True, language="vi")
    en = holidays.country_holidays("VN", years=years, observed=True, language="en_US")
    plain = holidays.country_holidays("VN", years=years, observed=False, language="vi")
    days: list[LibDay] = []
    for day in sorted(vi):
        names_vi: list[str] = vi.get_list(day)
        names_en: list[str] = en.get_list(day)
        if len(names_vi) != len(names_en):
            raise DataError(
                f"holidays.VN names {day} differently in vi and en_US", field="holidays"
            )
        for name_vi, name_en in zip(names_vi, names_en, strict=True):
            if name_vi.startswith(_SWAP_PREFIX):
                kind = LibKind.SWAP
            elif day in plain and name_vi in plain.get_list(day):
                kind = LibKind.STATUTORY
            else:
                kind = LibKind.COMPENSATORY
            days.append(LibDay(day, kind, name_vi, name_en))
    workdays = frozenset(d for d in vi.weekend_workdays if first_year <= d.year <= last_year)
    return tuple(days), workdays
