"""Moments, local days and the one parser of dates and moments (private kernel).

kyluat's rule for time, stated once and applied everywhere:

* **Objects.** A moment is an aware `datetime`; a naive one is refused (it is
  not a guess kyluat makes), and a `date` alone means "that day, time unknown".
  Local days and seconds of the day are taken in ``Asia/Ho_Chi_Minh`` (UTC+7, no daylight saving
  since 1975).
* **Text typed by people** (command-line arguments, record files read by ``kyluat check``, the
  data of a lifecycle transition): ``YYYY-MM-DD`` or ``D/M/YYYY`` for a day, optionally followed
  by a time (``T`` or a space, then ``HH:MM[:SS]``) and an offset (``Z``, ``+07:00``). **Text
  with a time and no offset is Vietnam time.**
* **Logs written by machines** (clock event logs, audit logs, request bodies) carry their offset;
  text with a time and no offset is refused there (``zone_less=None``), since kyluat always
  writes one and anything else would be a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

from kyluat._text import shown
from kyluat.errors import InvalidInputError

__all__ = [
    "EPOCH_ORDINAL",
    "UTC_OFFSET",
    "VIETNAM",
    "Moment",
    "instant",
    "local",
    "local_day",
    "order",
    "parse_clock_time",
    "parse_date",
    "parse_moment",
    "second_of_day",
]

VIETNAM: Final = ZoneInfo("Asia/Ho_Chi_Minh")
"""Local time of Vietnamese agencies (UTC+7, no daylight saving)."""

UTC_OFFSET: Final = 7 * 3600
"""Seconds east of UTC of ``Asia/Ho_Chi_Minh``, constant since 1975 (all of kyluat's data)."""

EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()

Moment = datetime | date
"""An aware datetime, or a date when only the day is known."""


def second_of_day(t: time | datetime) -> int:
    """Seconds since midnight of a clock time or of a (local) datetime's time."""
    return t.hour * 3600 + t.minute * 60 + t.second


def local(moment: object, field: str = "received_at") -> tuple[date, int | None]:
    """Local date and second of the day of a moment (``None`` when only a date is known).

    Raises:
        InvalidInputError: A naive datetime, or neither a datetime nor a date (names ``field``).
    """
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInputError(
                f"naive datetime {moment.isoformat()}: a moment needs a time zone "
                "(e.g. tzinfo=ZoneInfo('Asia/Ho_Chi_Minh'))",
                field=field,
            )
        moment = moment.astimezone(VIETNAM)
        return moment.date(), moment.hour * 3600 + moment.minute * 60 + moment.second
    if isinstance(moment, date):
        return moment, None
    raise InvalidInputError(
        f"expected an aware datetime or a date, got {type(moment).__name__}", field=field
    )


def local_day(moment: Moment) -> date:
    """The local day of a moment (a date is its own day)."""
    if type(moment) is date:
        return moment
    assert isinstance(moment, datetime)
    return moment.astimezone(VIETNAM).date()


def order(moment: Moment) -> tuple[int, int]:
    """Sort key of a moment: a date alone counts as the end of its day."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(VIETNAM)
        return moment.toordinal(), second_of_day(moment)
    return moment.toordinal(), 86400


def instant(ordinal: int, second: int) -> datetime:
    """The aware moment (Asia/Ho_Chi_Minh) at ``second`` of the local day with ``ordinal``.

    ``second`` may be 86400 (24:00, the next day's 00:00).
    """
    return datetime.fromtimestamp((ordinal - EPOCH_ORDINAL) * 86400 + second - UTC_OFFSET, VIETNAM)


_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
_SLASH: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?=$|[ T])")


def _iso_text(text: str, field: str) -> str:
    """Normalise a slash date ``D/M/YYYY`` at the start of ``text`` to ISO form."""
    match = _SLASH.match(text)
    if match is None:
        if "/" in text:
            raise InvalidInputError(
                f"{shown(text)} is not a valid date (expected YYYY-MM-DD or DD/MM/YYYY)",
                field=field,
            )
        return text
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}{text[match.end() :]}"


def parse_date(text: str, *, field: str = "date") -> date:
    """A day written ``YYYY-MM-DD`` or ``D/M/YYYY`` (``DD/MM/YYYY``).

    Raises:
        InvalidInputError: Not one of those forms, or no real date (names ``field``).

    Examples:
        >>> parse_date("6/3/2026"), parse_date("2026-03-06")
        (datetime.date(2026, 3, 6), datetime.date(2026, 3, 6))
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected text, got {type(text).__name__}", field=field)
    stripped = text.strip()
    iso = _iso_text(stripped, field)
    if len(iso) != 10 or iso[4] != "-":
        raise InvalidInputError(
            f"{shown(text)} is not a valid date (expected YYYY-MM-DD or DD/MM/YYYY)", field=field
        )
    try:
        return date.fromisoformat(iso)
    except ValueError as exc:
        raise InvalidInputError(f"{shown(text)} is not a valid date ({exc})", field=field) from None


def parse_moment(text: str, *, field: str = "moment", zone_less: tzinfo | None = VIETNAM) -> Moment:
    """A day, or a moment with a time and optionally an offset, from ISO or ``D/M/YYYY`` text.

    Args:
        text: ``2026-03-06``, ``6/3/2026``, ``2026-03-06T15:00``, ``06/03/2026 15:00``,
            ``2026-03-06T08:00Z``, ``2026-03-06T15:00+07:00`` …
        field: The field named by an error.
        zone_less: The zone of text with a time and no offset (default Vietnam time, the rule
            for text people type); ``None`` refuses such text (logs written by machines).

    Raises:
        InvalidInputError: Not a date or moment, no real one, or (``zone_less=None``) a time
            without an offset.

    Examples:
        >>> parse_moment("6/3/2026 15:00").isoformat()
        '2026-03-06T15:00:00+07:00'
        >>> parse_moment("2026-03-06T08:00Z").isoformat()
        '2026-03-06T08:00:00+00:00'
        >>> parse_moment("2026-03-06")
        datetime.date(2026, 3, 6)
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected text, got {type(text).__name__}", field=field)
    stripped = " ".join(text.split())
    if len(stripped) == 10 and stripped[4] == "-":  # the common case first: an ISO day
        try:
            return date.fromisoformat(stripped)
        except ValueError as exc:
            raise InvalidInputError(
                f"{shown(text)} is not a valid date ({exc})", field=field
            ) from None
    iso = _iso_text(stripped, field)
    if _ISO_DAY.match(iso) is None:  # not "20260306", which Python reads as a midnight moment
        raise InvalidInputError(
            f"{shown(text)} is not a valid date or moment (expected e.g. 2026-03-06, 06/03/2026 "
            "15:00 or 2026-03-06T15:00+07:00)",
            field=field,
        )
    try:
        if len(iso) == 10:
            return date.fromisoformat(iso)
        moment = datetime.fromisoformat(iso[:-1] + "+00:00" if iso[-1:] in "Zz" else iso)
    except ValueError:
        raise InvalidInputError(
            f"{shown(text)} is not a valid date or moment (expected e.g. 2026-03-06, 06/03/2026 "
            "15:00 or 2026-03-06T15:00+07:00)",
            field=field,
        ) from None
    if moment.tzinfo is not None:
        return moment
    if zone_less is None:
        raise InvalidInputError(
            f"{shown(text)} has a time but no offset (e.g. +07:00)", field=field
        )
    return moment.replace(tzinfo=zone_less)


def parse_clock_time(text: str, *, field: str) -> time:
    """A local clock time ``HH:MM`` or ``HH:MM:SS`` (``H:MM`` accepted), without a zone.

    Raises:
        InvalidInputError: Not such a time (names ``field``).
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected text, got {type(text).__name__}", field=field)
    stripped = text.strip()
    if len(stripped) in (4, 7) and stripped[1:2] == ":":
        stripped = "0" + stripped
    try:
        value = time.fromisoformat(stripped)
    except ValueError:
        raise InvalidInputError(f"{shown(text)} is not a time HH:MM", field=field) from None
    if value.tzinfo is not None:
        raise InvalidInputError(f"{shown(text)} is not a time HH:MM", field=field)
    return value
