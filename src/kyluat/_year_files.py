"""Year files: the calendar's special days as JSON, out (export) and in (decisions files).

One JSON object per year (schema ``kyluat-year``, version 1) lists every date of the year that
departs from a plain Monday–Friday week: its date, whether it is worked, its kind, its names in
Vietnamese and English, the documents deciding it, and whether the year is provisional.
`kyluat data export` writes these files; the same files, edited or written by hand the day the
Government decides a year (the 2027 Tết schedule, say), are *decisions files* that
[load_decisions][kyluat.load_decisions] or the ``KYLUAT_DECISIONS`` environment variable load
without a new release of kyluat.

Precedence (documented in "Add a new official decision"): a decided year in a decisions file
replaces kyluat's bundled data for that whole year (statutory skeleton, announcements, swaps);
the weekly pattern and the agency's own overrides still apply; other years keep the bundled
data. Decided years must follow on from the last decided year (a gap would leave an undecided
year between decided ones), and a year may be settled by one file only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kyluat._days import DayKind, Reason, YearInfo
from kyluat._values import Value
from kyluat.errors import DataError

if TYPE_CHECKING:  # pydantic is loaded only to read or describe a file
    from kyluat._year_schema import YearModel

__all__ = [
    "DECISIONS_ENV",
    "NO_DECISIONS",
    "SCHEMA_VERSION",
    "Decisions",
    "YearDecision",
    "decisions_from_environment",
    "load_decisions",
    "year_document",
    "year_schema",
]

SCHEMA_VERSION: Final = 1
"""Version of the year-file schema (``"schema_version"`` in every file)."""

DECISIONS_ENV: Final = "KYLUAT_DECISIONS"
"""Environment variable naming decisions files or folders (several: separated by ``os.pathsep``)."""

_MAX_FILE: Final = 4 * 2**20
"""A year file is a few kilobytes; anything over 4 MiB is refused unread."""

# Kinds a decisions file may give: what the Government decides for a year. Weekly rest days
# follow from the calendar's week; agencies' own days are overrides, not decisions.
DECIDED_KINDS: Final = (
    DayKind.HOLIDAY,
    DayKind.COMPENSATORY,
    DayKind.SWAPPED_DAY_OFF,
    DayKind.MAKE_UP_WORKING_DAY,
)
SWAP_KINDS: Final = frozenset({DayKind.SWAPPED_DAY_OFF, DayKind.MAKE_UP_WORKING_DAY})


def year_schema() -> dict[str, Any]:
    """The JSON Schema of a year file (draft 2020-12, as pydantic writes it)."""
    from kyluat._year_schema import schema

    return schema()


def year_document(info: YearInfo, sources: Iterable[str] = ()) -> dict[str, Any]:
    """The year file of a calendar's year (``kyluat data export``).

    Each day gives the reason that decides it (the last one: a holiday over a weekend, a
    make-up day over a Saturday) in the flat fields and every reason in ``reasons``.
    """
    days = []
    for day in info.days:
        deciding = [r for r in day.reasons if r.kind in DECIDED_KINDS]
        if not deciding:
            continue  # a unit's own pattern or override: not part of the official calendar
        reason = deciding[-1]
        days.append(
            {
                "date": day.date.isoformat(),
                "working": day.working,
                "kind": reason.kind.value,
                "name_vi": reason.name_vi,
                "name_en": reason.name_en,
                "sources": [reason.source],
                "provisional": day.provisional,
                "reasons": [r.to_dict() for r in day.reasons],
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "year": info.year,
        "provisional": info.provisional,
        "sources": list(sources),
        "days": days,
    }


@dataclass(frozen=True, slots=True)
class YearDecision(Value):
    """One year's schedule from a decisions file.

    Attributes:
        year: The year.
        provisional: Whether the file marks the year provisional (it then changes the days but
            does not settle the year).
        days: ``(date, working, reason)`` for every special day, the reason citing the file.
        origin: The file it came from (its name is shown in every reason's source).
    """

    year: int
    provisional: bool
    days: tuple[tuple[date, bool, Reason], ...]
    origin: str


@dataclass(frozen=True, slots=True)
class Decisions(Value):
    """Decisions files loaded: the years they settle, hashable (part of a calendar's definition).

    Attributes:
        years: One entry per year, in year order.
    """

    years: tuple[YearDecision, ...] = ()

    def for_year(self, year: int) -> YearDecision | None:
        """The decision for ``year``, if a file gives one."""
        for decision in self.years:
            if decision.year == year:
                return decision
        return None

    def last_decided(self, bundled_last: int) -> int:
        """The last decided year: the bundled one, carried on by decided years in order.

        Raises:
            DataError: A decided year leaves an undecided year before it.
        """
        last = bundled_last
        for decision in self.years:
            if decision.provisional or decision.year <= bundled_last:
                continue
            if decision.year != last + 1:
                raise DataError(
                    f"{decision.origin}: {decision.year} is decided but {last + 1} is not: "
                    "decisions settle years in order",
                    field="decisions",
                )
            last = decision.year
        return last


NO_DECISIONS: Final = Decisions()
"""No decisions file: the bundled data only."""


def _decision(document: YearModel, origin: str) -> YearDecision:
    provenance = f"tệp quyết định / decisions file: {Path(origin).name}"
    days = tuple(
        (
            day.date,
            day.working,
            Reason(
                DayKind(day.kind),
                day.name_vi,
                day.name_en,
                "; ".join((*day.sources, provenance)),
            ),
        )
        for day in sorted(document.days, key=lambda d: d.date)
    )
    return YearDecision(document.year, document.provisional, days, origin)


def _read(path: Path) -> YearDecision:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > _MAX_FILE:
            raise DataError(f"{name}: {size:,} bytes is too large for a year file", field=name)
        text = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{name}: cannot be read ({exc.strerror or exc})", field=name) from None
    from kyluat._year_schema import parse

    return _decision(parse(text, name), name)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.glob("*.json") if p.name != "schema.json")
    return [path]


def load_decisions(*paths: str | os.PathLike[str]) -> Decisions:
    """Read decisions files (or folders of them: every ``*.json`` but ``schema.json``).

    Each file is validated against the year-file schema; a bad file is a `DataError` naming
    the file and the entry (``days.3.kind``), never a year silently half-read.

    Raises:
        DataError: A file cannot be read, is not a valid year file, or settles a year another
            file settles too.

    Examples:
        >>> load_decisions()
        Decisions(years=())
    """
    found: dict[int, YearDecision] = {}
    for given in paths:
        for path in _files(Path(given)):
            decision = _read(path)
            other = found.get(decision.year)
            if other is not None:
                raise DataError(
                    f"{path}: {decision.year} is already settled by {other.origin}",
                    field="decisions",
                )
            found[decision.year] = decision
    return Decisions(tuple(found[year] for year in sorted(found)))


def decisions_from_environment(environ: Mapping[str, str] = os.environ) -> Decisions:
    """The decisions files ``KYLUAT_DECISIONS`` names (none when it is unset or empty)."""
    value = environ.get(DECISIONS_ENV, "").strip()
    if not value:
        return Decisions()
    try:
        return load_decisions(*(part for part in value.split(os.pathsep) if part.strip()))
    except DataError as exc:
        raise DataError(f"{DECISIONS_ENV}: {exc.message}", field=exc.field) from None
