"""The calendar as data files for every language: one JSON file per year, a JSON Schema, iCalendar.

``kyluat data export DIR`` writes ``DIR/2018.json`` … one file per year, each listing every
date of the year that departs from a plain Monday–Friday week (date, working or not, kind,
names in Vietnamese and English, sources, provisional), and ``DIR/schema.json``, the JSON Schema
they follow. The same files are *decisions files*: the day the Government decides a year, a
file in this schema loads with [load_decisions][kyluat.load_decisions] (or the
``KYLUAT_DECISIONS`` environment variable) without a new release of kyluat.

``kyluat calendar YEAR --ics FILE`` writes the year for calendar apps (see
[ics][kyluat.datafiles.ics]).

Examples:
    >>> doc = year_document(2026)
    >>> doc["provisional"], len(doc["days"]), doc["days"][1]["kind"]
    (False, 17, 'swapped_day_off')
    >>> doc["days"][1]["date"], doc["days"][1]["sources"]
    ('2026-01-02', ['12729/VPCP-KGVX (25/12/2025) [verified in press]'])
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from kyluat._ics import (
    DAY_OFF_CATEGORY,
    MAKE_UP_CATEGORY,
    PROPOSED_CATEGORY,
    WORKING_CATEGORY,
    render_ics,
)
from kyluat._year_files import SCHEMA_VERSION, year_schema
from kyluat._year_files import year_document as _document
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.data import decisions as bundled
from kyluat.errors import InvalidInputError

__all__ = [
    "DAY_OFF_CATEGORY",
    "MAKE_UP_CATEGORY",
    "PROPOSED_CATEGORY",
    "SCHEMA_VERSION",
    "WORKING_CATEGORY",
    "export",
    "ics",
    "schema",
    "year_document",
]


def schema() -> dict[str, Any]:
    """The JSON Schema every year file follows (``schema.json`` of an export)."""
    return year_schema()


def year_document(year: int, *, calendar: WorkCalendar | None = None) -> dict[str, Any]:
    """The year file of ``year`` (a JSON-ready dict).

    Raises:
        CoverageError: ``year`` is outside the calendar's data.
    """
    cal = default_calendar() if calendar is None else calendar
    sources = bundled.ANNOUNCEMENTS.get(year, ())
    return _document(cal.year_info(year), [str(source) for source in sources])


def export(
    directory: str | os.PathLike[str],
    years: Iterable[int] | None = None,
    *,
    calendar: WorkCalendar | None = None,
) -> list[Path]:
    """Write one JSON file per year and ``schema.json`` into ``directory`` (made if missing).

    Args:
        directory: The folder.
        years: The years (default: the first year of the data to the year after the last
            decided one, 2018–2027 with the bundled data).
        calendar: The calendar (default: the public sector's, with any decisions files).

    Returns:
        The files written, ``schema.json`` last.

    Raises:
        InvalidInputError: ``directory`` cannot be made or written.
        CoverageError: A year is outside the calendar's data.
    """
    cal = default_calendar() if calendar is None else calendar
    chosen = range(cal.first_date.year, cal.last_announced_year + 2) if years is None else years
    documents = {year: year_document(year, calendar=cal) for year in chosen}
    folder = Path(directory)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in [
            *((f"{year}.json", doc) for year, doc in documents.items()),
            ("schema.json", schema()),
        ]:
            target = folder / name
            part = folder / f".{name}.part"
            part.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", "utf-8")
            part.replace(target)  # complete files only: a reader never sees half of one
            written.append(target)
    except OSError as exc:
        raise InvalidInputError(
            f"cannot write into {folder}: {exc.strerror or exc}", field="DIR"
        ) from None
    return written


def ics(year: int, *, stamp: datetime, calendar: WorkCalendar | None = None) -> str:
    """The year's special days as an iCalendar file (RFC 5545; CRLF line ends).

    Each date is an all-day event: a day off in the category ``Ngày nghỉ / Day off`` (free
    time), a make-up working Saturday in its own category ``Ngày làm bù / Make-up working day``
    (iCalendar has no "working day": the category is how calendar apps and filters tell it
    apart); a provisional year's events are ``TENTATIVE``.

    Args:
        year: The year.
        stamp: The moment written as every event's ``DTSTAMP`` (aware).
        calendar: The calendar (default: the public sector's).

    Raises:
        InvalidInputError: ``stamp`` is not an aware datetime.
        CoverageError: ``year`` is outside the calendar's data.
    """
    if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
        raise InvalidInputError("expected an aware datetime", field="stamp")
    cal = default_calendar() if calendar is None else calendar
    return render_ics(cal.year_info(year), stamp=stamp)
