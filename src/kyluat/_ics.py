"""A year's special days as an iCalendar file (RFC 5545) for calendar apps (private; the CLI's).

Every date of the year that departs from a plain Monday–Friday week is an all-day event. A day
off is in the category ``Ngày nghỉ / Day off`` and shows as free time; a working Saturday or
Sunday (a make-up day, ngày làm bù) is an event of its own category, ``Ngày làm bù / Make-up
working day``, since iCalendar has no notion of a working day: calendar apps show it, and a
filter on the category finds it. Events of a provisional year are ``TENTATIVE``. The text is
deterministic: the same year gives the same bytes (``DTSTAMP`` is the moment given).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Final

from kyluat._days import DayKind, Reason, YearInfo

__all__ = [
    "DAY_OFF_CATEGORY",
    "MAKE_UP_CATEGORY",
    "PROPOSED_CATEGORY",
    "WORKING_CATEGORY",
    "render_ics",
]

DAY_OFF_CATEGORY: Final = "Ngày nghỉ / Day off"
MAKE_UP_CATEGORY: Final = "Ngày làm bù / Make-up working day"
PROPOSED_CATEGORY: Final = "Đề xuất, chưa quyết định / Proposed, not decided"
"""A day only a proposal names (a year not yet decided): its status is the skeleton's."""
WORKING_CATEGORY: Final = "Ngày làm việc / Working day"
"""A weekend day worked for another reason (a unit's weekly pattern, an agency's decision)."""

_LINE_OCTETS: Final = 75


def _escaped(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _folded(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1)."""
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, _LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _LINE_OCTETS - 1  # the leading space counts too
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def render_ics(info: YearInfo, *, stamp: datetime) -> str:
    """The year's special days as an iCalendar file (CRLF line ends, folded lines).

    Args:
        info: The year (``WorkCalendar.year_info``).
        stamp: The ``DTSTAMP`` of every event (an aware moment; written in UTC).
    """
    stamp_text = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kyluat//Vietnamese public-sector working calendar//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escaped(f'Lịch làm việc {info.year} / Working calendar {info.year}')}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for day in info.days:
        lines.extend(_event(day.date, day.working, day.provisional, day.reasons, stamp_text))
    lines.append("END:VCALENDAR")
    return "".join(_folded(line) + "\r\n" for line in lines)


def _event(
    day: date, working: bool, provisional: bool, found: tuple[Reason, ...], stamp: str
) -> list[str]:
    deciding = [r for r in found if r.kind is not DayKind.WEEKEND] or found
    summary = " — ".join(f"{r.name_vi} / {r.name_en}" for r in deciding)
    if all(r.kind is DayKind.PROPOSED for r in deciding):
        category = PROPOSED_CATEGORY
    elif working:
        make_up = any(r.kind is DayKind.MAKE_UP_WORKING_DAY for r in found)
        category = MAKE_UP_CATEGORY if make_up else WORKING_CATEGORY
    else:
        category = DAY_OFF_CATEGORY
    description = "\n".join(
        f"{r.name_vi} / {r.name_en}: nguồn / source: {r.source}" for r in deciding
    )
    if provisional:
        description += "\nNăm chưa công bố lịch chính thức / provisional year: statutory rules only"
    kinds = "-".join(r.kind.value for r in deciding)
    return [
        "BEGIN:VEVENT",
        f"UID:{day.isoformat()}-{kinds}@kyluat",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escaped(summary)}",
        f"DESCRIPTION:{_escaped(description)}",
        f"CATEGORIES:{_escaped(category)}",
        "TRANSP:OPAQUE" if working else "TRANSP:TRANSPARENT",
        "STATUS:TENTATIVE" if provisional else "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
