"""Adapter over `holidays`: statutory holidays, lunar dates and compensatory days.

The only module that imports ``holidays``. It turns ``holidays.VN`` into plain records that the
calendar classifies; it is imported when a calendar is first built, never by ``import kyluat``.

``holidays.VN`` is a lazy loader whose first use imports ``holidays.countries``, and that
package imports all of its 250-odd country modules (holidays 0.109 has no public way to import
one country alone): a quarter of the start-up of ``kyluat day``. So `load` reads Vietnam's module
of the installed ``holidays`` on its own, with importlib's recipe for importing a source file
directly, after ``import holidays`` (its calendars, groups and base classes are the package's
own); the same code, so the same days. Where that module cannot be read so (another layout,
another version), or ``holidays.countries`` is imported already, ``holidays.VN`` is used.

References:
    Labor Code 2019 (45/2019/QH14) Art. 111(3), 112(1); Labor Code 2012 Art. 115.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from kyluat._values import Value
from kyluat.errors import DataError

if TYPE_CHECKING:
    from holidays.holiday_base import HolidayBase

__all__ = ["LibDay", "LibKind", "load"]

# holidays.VN labels a government swap "Ngày nghỉ (thay cho ngày DD/MM/YYYY)".
_SWAP_PREFIX = "Ngày nghỉ (thay cho ngày"

# Vietnam's module read on its own is named so, and not entered in `sys.modules`: a later
# `import holidays.countries` in the same process imports its own copy, as it would have.
_ALONE = "_kyluat_holidays_vietnam"  # no package: a relative import in it fails


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
    vietnam = _vietnam()
    years = range(first_year, last_year + 1)
    vi = vietnam(years=years, observed=True, language="vi")
    en = vietnam(years=years, observed=True, language="en_US")
    plain = vietnam(years=years, observed=False, language="vi")
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


@cache  # a race may read the module twice: either copy gives the same days
def _vietnam() -> type[HolidayBase]:
    """The class behind ``holidays.VN``, without importing every other country's module."""
    import holidays  # deferred: `import kyluat` must stay light

    if "holidays.countries" in sys.modules:  # imported already: nothing left to save
        return _package_vietnam()
    import importlib.util  # only here: the recipe for importing a source file directly
    from pathlib import Path

    folders = getattr(holidays, "__path__", ())
    paths = [Path(folder, "countries", "vietnam.py") for folder in folders]
    path = next((p for p in paths if p.is_file()), None)
    spec = None if path is None else importlib.util.spec_from_file_location(_ALONE, path)
    if spec is None or spec.loader is None:
        return _package_vietnam()
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:  # a layout this reading does not know: the package's own way
        return _package_vietnam()
    found = getattr(module, "Vietnam", None)
    if not (isinstance(found, type) and issubclass(found, holidays.HolidayBase)):
        return _package_vietnam()
    return found


def _package_vietnam() -> type[HolidayBase]:
    from holidays.countries.vietnam import Vietnam  # imports every country module

    return Vietnam
