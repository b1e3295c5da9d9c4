"""The official decisions kyluat applies on top of the statutory holiday rules.

Data only: every entry names its document. Transcribed from ``shared/domain/CALENDAR.md``
(public-sector non-working days 2018–2027). Statutory holidays and their lunar dates come from
`holidays` (``holidays.VN``); this table adds what the Government decides year by year for
bodies on a Saturday–Sunday week and wins where the two differ.

To add a newly announced year: add its documents to `ANNOUNCEMENTS`, its swaps to
`SWAPS`, then transcribe the year by hand into ``tests/data/`` (see the how-to in the docs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from kyluat._values import Value
from kyluat.sources import Source, Status

__all__ = [
    "ANNOUNCEMENTS",
    "CULTURE_DAY",
    "FIRST_YEAR",
    "LABOR_CODE_2012_COMPENSATION",
    "LABOR_CODE_2012_HOLIDAYS",
    "LABOR_CODE_2019_COMPENSATION",
    "LABOR_CODE_2019_HOLIDAYS",
    "LABOR_CODE_2019_WEEKLY_REST",
    "LAST_ANNOUNCED_YEAR",
    "QD_188_OTHER_PATTERNS",
    "QD_188_WEEK",
    "SWAPS",
    "Swap",
]

# --- Statutory basis -------------------------------------------------------------------------

LABOR_CODE_2012_HOLIDAYS: Final = Source(
    "Bộ luật Lao động 2012 (10/2012/QH13)", provision="Điều 115"
)
"""Public holidays until 31/12/2020 (National Day one day only)."""

LABOR_CODE_2012_COMPENSATION: Final = Source(
    "Bộ luật Lao động 2012 (10/2012/QH13)", provision="Điều 115 khoản 3"
)
"""Holiday on the weekly rest day → compensated on the next working day, until 31/12/2020."""

LABOR_CODE_2019_HOLIDAYS: Final = Source(
    "Bộ luật Lao động 2019 (45/2019/QH14)", provision="Điều 112 khoản 1"
)
"""Public holidays from 01/01/2021 (National Day 2/9 plus one adjacent day)."""

LABOR_CODE_2019_COMPENSATION: Final = Source(
    "Bộ luật Lao động 2019 (45/2019/QH14)", provision="Điều 111 khoản 3"
)
"""Holiday on the weekly rest day → compensated on the next working day (nghỉ bù)."""

LABOR_CODE_2019_WEEKLY_REST: Final = Source(
    "Bộ luật Lao động 2019 (45/2019/QH14)",
    provision="Điều 111 khoản 2",
    status=Status.UNVERIFIED,
    note="người sử dụng lao động quyết định ngày nghỉ hằng tuần",
)
"""Private employers fix the weekly rest day in their labour regulations."""

QD_188_WEEK: Final = Source("QĐ 188/1999/QĐ-TTg", provision="Điều 1")
"""40-hour, five-day week; Saturday and Sunday are rest days for state bodies."""

QD_188_OTHER_PATTERNS: Final = Source("QĐ 188/1999/QĐ-TTg", provision="Điều 2")
"""Units that must run every day rest on other days of the week."""

CULTURE_DAY: Final = Source(
    "Nghị quyết 28/2026/QH16",
    provision="hiệu lực 01/07/2026",
    status=Status.SECONDARY,
    note="Ngày Văn hóa Việt Nam 24/11 (NQ 80-NQ/TW; NQ 30/NQ-CP)",
)
"""24 November, Vietnamese Culture Day, a paid day off from 2026 (the docs' legal basis)."""

# --- Year-by-year announcements for bodies on a Saturday–Sunday week --------------------------

_VPCP_6519 = Source("6519/VPCP-KGVX", issued=date(2018, 7, 11))
_LDTBXH_3238 = Source("3238/TB-LĐTBXH")
_VPCP_2450 = Source("2450/VPCP-KGVX")
_BLDTBXH_1570 = Source("1570/TB-BLĐTBXH", issued=date(2024, 4, 12))
_VPCP_8726 = Source("8726/VPCP-KGVX", issued=date(2024, 11, 26))
_BLDTBXH_6150 = Source("6150/TB-BLĐTBXH", issued=date(2024, 12, 3))
_VPCP_12729 = Source("12729/VPCP-KGVX", issued=date(2025, 12, 25), status=Status.PRESS)
_BNV_9441 = Source("9441/TB-BNV", issued=date(2025, 10, 16), note="Tết Bính Ngọ 2026")
_NATIONAL_DAY_2026_SWAP = Source(
    "Phương án hoán đổi ngày làm việc dịp Quốc khánh 2026",
    status=Status.SECONDARY,
    note="số văn bản chưa xác minh",
)

ANNOUNCEMENTS: Final = MappingProxyType(
    {
        2018: (_VPCP_6519, _LDTBXH_3238),
        2019: (_VPCP_6519, _LDTBXH_3238),
        2020: (Source("4544/TB-LĐTBXH", issued=date(2019, 10, 25)),),
        2021: (
            Source(
                "Thủ tướng Chính phủ phê duyệt lịch nghỉ năm 2021 (11/2020)",
                status=Status.PRESS,
                note="số thông báo chưa xác minh",
            ),
        ),
        2022: (Source("245/VPCP-KGVX", issued=date(2022, 1, 11)),),
        2023: (
            Source("8056/VPCP-KGVX", issued=date(2022, 12, 1)),
            Source("5034/TB-LĐTBXH", issued=date(2022, 12, 7)),
        ),
        2024: (Source("8662/VPCP-KGVX", issued=date(2023, 11, 3)), _VPCP_2450, _BLDTBXH_1570),
        2025: (_VPCP_8726, _BLDTBXH_6150),
        2026: (_VPCP_12729, _BNV_9441),
    }
)
"""Documents that fixed each decided year's schedule (Tết days, swaps, adjacent days)."""

FIRST_YEAR: Final = min(ANNOUNCEMENTS)
"""The first year kyluat covers: the first year of the official table."""

LAST_ANNOUNCED_YEAR: Final = max(ANNOUNCEMENTS)
"""The latest year with an official schedule; later years are provisional."""


@dataclass(frozen=True, slots=True)
class Swap(Value):
    """A government day swap (hoán đổi): a weekday off, a Saturday worked in exchange.

    Swaps bind only bodies on a Saturday–Sunday week (cán bộ, công chức, viên chức); they do not
    bind private employers.
    """

    day_off: date
    working_day: date
    sources: tuple[Source, ...]


SWAPS: Final[tuple[Swap, ...]] = (
    Swap(date(2018, 12, 31), date(2019, 1, 5), (_VPCP_6519, _LDTBXH_3238)),
    Swap(date(2019, 4, 29), date(2019, 5, 4), (_VPCP_6519, _LDTBXH_3238)),
    Swap(date(2024, 4, 29), date(2024, 5, 4), (_VPCP_2450, _BLDTBXH_1570)),
    Swap(date(2025, 5, 2), date(2025, 4, 26), (_VPCP_8726, _BLDTBXH_6150)),
    # holidays 0.109 lacks this one: without it, 5 working days after 31/12/2025 is 08/01/2026.
    Swap(date(2026, 1, 2), date(2026, 1, 10), (_VPCP_12729,)),
    Swap(date(2026, 8, 31), date(2026, 8, 22), (_NATIONAL_DAY_2026_SWAP,)),
)
"""Every swap of 2018–2026 in CALENDAR.md. The proposed 23/11 ↔ 28/11/2026 swap was never
confirmed and is deliberately absent."""
