"""Provincial office-hours schedules, only where a decision or official press gives them.

Data only (sessions as text, dates, sources); `kyluat.office_hours.provincial_office_hours`
builds the `OfficeHours`. No national rule fixes clock hours: each province decides, often with
summer and winter schedules, and schedules change on dates (notably after the 2025
reorganisation into 34 provinces, NQ 202/2025/QH15). A province whose season boundaries or
current hours are not sourced is left out rather than guessed (see the docs' "Configure a
province's office hours").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from kyluat._values import Value
from kyluat.sources import Source, Status

__all__ = ["SCHEDULES", "ScheduleData", "ScheduleVersion"]


@dataclass(frozen=True, slots=True)
class ScheduleVersion(Value):
    """A schedule in force from a date: its sessions and seasons, with the deciding source.

    Attributes:
        effective_from: First day in force (``None``: from before the data).
        sessions: ``"HH:MM-HH:MM,HH:MM-HH:MM"``.
        seasons: ``(first DD/MM, last DD/MM, sessions)`` of seasonal schedules.
        source: The decision.
    """

    effective_from: date | None
    sessions: str
    seasons: tuple[tuple[str, str, str], ...]
    source: Source


@dataclass(frozen=True, slots=True)
class ScheduleData(Value):
    """A province's (or an area's) schedules over time.

    Attributes:
        key: A stable identifier, e.g. ``"lam_dong"``.
        name_vi: The province or area, in Vietnamese.
        name_en: The same in English.
        versions: In date order; the first may have no start date.
    """

    key: str
    name_vi: str
    name_en: str
    versions: tuple[ScheduleVersion, ...]


_LAM_DONG_2025 = ScheduleVersion(
    date(2025, 11, 1),
    "07:30-11:30,13:30-17:30",
    (),
    Source(
        "UBND tỉnh Lâm Đồng: thời giờ làm việc từ 01/11/2025",
        status=Status.PRESS,
        note="sau sáp nhập Lâm Đồng, Bình Thuận, Đắk Nông (NQ 202/2025/QH15)",
    ),
)

SCHEDULES: Final[tuple[ScheduleData, ...]] = (
    ScheduleData(
        "lam_dong",
        "Lâm Đồng (khu vực Bình Thuận, Đắk Nông cũ)",
        "Lâm Đồng (former Bình Thuận and Đắk Nông areas)",
        (
            ScheduleVersion(
                None,
                "07:00-11:30,13:30-17:00",
                (),
                Source(
                    "Thời giờ làm việc của Bình Thuận và Đắk Nông trước 01/11/2025",
                    status=Status.PRESS,
                ),
            ),
            _LAM_DONG_2025,
        ),
    ),
    ScheduleData(
        "vinh_phuc_2020",
        "Vĩnh Phúc (QĐ 873/QĐ-UBND, 2020; đến 30/06/2025, trước sáp nhập vào Phú Thọ)",
        "Vĩnh Phúc (QĐ 873/QĐ-UBND, 2020; until 30/06/2025, before the merger into Phú Thọ)",
        (
            ScheduleVersion(
                None,
                "07:30-12:00,13:00-16:30",
                (("16/04", "15/10", "07:00-11:30,13:30-17:00"),),
                Source("QĐ 873/QĐ-UBND", note="tỉnh Vĩnh Phúc, 2020: mùa hè 16/04–15/10"),
            ),
        ),
    ),
)
"""Sourced provincial schedules. Huế (QĐ 4010/QĐ-UBND, from 01/01/2026: afternoons differ in
summer and winter) is left out until the season boundaries are sourced."""
