"""The official decisions kyluat applies on top of the statutory holiday rules.

Data only: every entry names its document (number, date of issue, how well it was checked), as
listed on the docs' "Data coverage" and "Legal basis" pages. Statutory holidays and their lunar
dates come from `holidays` (``holidays.VN``); this table adds what the Government decides year
by year for bodies on a Saturday–Sunday week and wins where the two differ. Each day cites the
documents about that day only: a fixed-date holiday its article of the Labor Code, a Tết day
the documents that fixed that year's Tết, a swap the documents of that swap (`SCHEDULES`).

To add a newly announced year: add its documents to `ANNOUNCEMENTS` and `SCHEDULES`, its swaps
to `SWAPS`, then transcribe the year by hand into ``tests/data/`` (see the how-to in the docs).
Proposals that are not decided are `PROPOSALS`: shown, never applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from kyluat._values import Value
from kyluat.sources import Source, Status

__all__ = [
    "ANNOUNCEMENTS",
    "CULTURE_DAY",
    "CULTURE_DAY_COMPENSATION",
    "FIRST_YEAR",
    "LABOR_CODE_2012_COMPENSATION",
    "LABOR_CODE_2012_HOLIDAYS",
    "LABOR_CODE_2019_COMPENSATION",
    "LABOR_CODE_2019_HOLIDAYS",
    "LABOR_CODE_2019_WEEKLY_REST",
    "LAST_ANNOUNCED_YEAR",
    "PROPOSALS",
    "QD_188_OTHER_PATTERNS",
    "QD_188_WEEK",
    "SCHEDULES",
    "SWAPS",
    "Proposal",
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

CULTURE_DAY_COMPENSATION: Final = Source(
    "Bộ luật Lao động 2019 (45/2019/QH14)",
    provision="Điều 111 khoản 3",
    status=Status.UNVERIFIED,
    note="24/11 đến từ NQ 28/2026/QH16, không thuộc Điều 112 khoản 1: việc nghỉ bù khi 24/11 "
    "trùng ngày nghỉ hằng tuần chưa được xác nhận (lần đầu: Thứ Bảy 24/11/2029); tuỳ chọn "
    "WorkCalendar(culture_day_compensated=...)",
)
"""The compensatory day of a 24 November on a weekend: applied by default, [unverified]."""

# --- Year-by-year announcements for bodies on a Saturday–Sunday week --------------------------

_TB_573 = Source(
    "573/TB-VPCP",
    issued=date(2017, 12, 14),
    status=Status.SECONDARY,
    note="cơ sở dữ liệu văn bản pháp luật",
)
_VPCP_6519 = Source("6519/VPCP-KGVX", issued=date(2018, 7, 11))
_LDTBXH_3238 = Source("3238/TB-LĐTBXH")
_LDTBXH_4544 = Source("4544/TB-LĐTBXH", issued=date(2019, 10, 25))
_PM_2021 = Source("Thủ tướng Chính phủ phê duyệt lịch nghỉ năm 2021 (11/2020)", status=Status.PRESS)
_LDTBXH_4875 = Source("4875/TB-LĐTBXH", issued=date(2020, 12, 11), status=Status.SECONDARY)
_VPCP_245 = Source("245/VPCP-KGVX", issued=date(2022, 1, 11))
_VPCP_8056 = Source("8056/VPCP-KGVX", issued=date(2022, 12, 1))
_LDTBXH_5034 = Source("5034/TB-LĐTBXH", issued=date(2022, 12, 7))
_VPCP_8662 = Source("8662/VPCP-KGVX", issued=date(2023, 11, 3))
_VPCP_2450 = Source("2450/VPCP-KGVX")
_BLDTBXH_1570 = Source("1570/TB-BLĐTBXH", issued=date(2024, 4, 12))
_VPCP_8726 = Source("8726/VPCP-KGVX", issued=date(2024, 11, 26))
_BLDTBXH_6150 = Source("6150/TB-BLĐTBXH", issued=date(2024, 12, 3))
_BNV_8764 = Source("8764/BNV-CVL", issued=date(2025, 10, 1), status=Status.PRESS, note="đề xuất")
_VPCP_9859 = Source(
    "9859/VPCP-KGVX", issued=date(2025, 10, 13), status=Status.PRESS, note="Thủ tướng đồng ý"
)
_BNV_9441 = Source(
    "9441/TB-BNV", issued=date(2025, 10, 16), status=Status.PRESS, note="Tết Bính Ngọ 2026"
)
_VPCP_12729 = Source("12729/VPCP-KGVX", issued=date(2025, 12, 25), status=Status.PRESS)
_BNV_3383 = Source(
    "3383/BNV-CVL",
    issued=date(2026, 4, 10),
    status=Status.SECONDARY,
    note="nghỉ 30/4–1/5/2026, không hoán đổi",
)
_TET_2026 = (_BNV_8764, _VPCP_9859, _BNV_9441)


def _all(*sources: Source) -> dict[str, tuple[Source, ...]]:
    """One set of documents fixing every part of a year's schedule."""
    return {"tet": sources, "national_day": sources, "labour_day": sources}


SCHEDULES: Final[Mapping[int, Mapping[str, tuple[Source, ...]]]] = MappingProxyType(
    {
        2018: {"tet": (_TB_573,), "national_day": (_TB_573,)},
        2019: _all(_VPCP_6519, _LDTBXH_3238),
        2020: _all(_LDTBXH_4544),
        2021: _all(_PM_2021, _LDTBXH_4875),
        2022: _all(_VPCP_245),
        2023: _all(_VPCP_8056, _LDTBXH_5034),
        2024: {
            "tet": (_VPCP_8662,),
            "national_day": (_VPCP_8662,),
            "labour_day": (_VPCP_2450, _BLDTBXH_1570),
        },
        2025: _all(_VPCP_8726, _BLDTBXH_6150),
        2026: {"tet": _TET_2026, "national_day": _TET_2026, "labour_day": (_BNV_3383,)},
    }
)
"""For each decided year, the documents that fixed each part of its schedule: ``tet`` (the
Tết days), ``national_day`` (2/9 and its adjacent day), ``labour_day`` (30/4 and 1/5). New
Year's Day and the Hùng Kings' day cite the Labor Code alone; swaps cite their own documents."""

ANNOUNCEMENTS: Final = MappingProxyType(
    {
        2018: (_TB_573, _VPCP_6519, _LDTBXH_3238),
        2019: (_VPCP_6519, _LDTBXH_3238),
        2020: (_LDTBXH_4544,),
        2021: (_PM_2021, _LDTBXH_4875),
        2022: (_VPCP_245,),
        2023: (_VPCP_8056, _LDTBXH_5034),
        2024: (_VPCP_8662, _VPCP_2450, _BLDTBXH_1570),
        2025: (_VPCP_8726, _BLDTBXH_6150),
        2026: (*_TET_2026, _VPCP_12729, _BNV_3383),
    }
)
"""Every document of each decided year's schedule (Tết days, swaps, adjacent days): the year
is decided; the first year after the last one is provisional."""

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
    Swap(date(2026, 8, 31), date(2026, 8, 22), _TET_2026),
)
"""Every government swap of 2018–2026. The proposed 23/11 ↔ 28/11/2026 swap was never
confirmed and is deliberately absent."""


@dataclass(frozen=True, slots=True)
class Proposal(Value):
    """A schedule proposed for a year not yet decided: shown as a ``proposed`` reason on each
    of its days, never applied (the days keep the statutory skeleton's status).

    Attributes:
        year: The year proposed for.
        option: Its name, e.g. ``"phương án 1 / option 1"``.
        first: First day off of the proposal.
        last: Last day off of the proposal.
        summary_vi: What it proposes, in Vietnamese.
        summary_en: The same in English.
        sources: Where it was published.
    """  # noqa: D205

    year: int
    option: str
    first: date
    last: date
    summary_vi: str
    summary_en: str
    sources: tuple[Source, ...]


_BNV_2027_PROPOSAL = Source(
    "Bộ Nội vụ: dự thảo phương án nghỉ Tết Âm lịch và Quốc khánh năm 2027",
    status=Status.SECONDARY,
    note="đăng trên Cổng Thông tin điện tử Chính phủ (lấy ý kiến) ngày 22/09/2026; chưa quyết định",
)

PROPOSALS: Final[tuple[Proposal, ...]] = (
    Proposal(
        2027,
        "phương án 1 / option 1",
        date(2027, 2, 4),
        date(2027, 2, 10),
        "Đề xuất phương án 1: nghỉ Tết từ Thứ Năm 04/02 đến Thứ Tư 10/02/2027 (7 ngày)",
        "Proposed option 1: Tết off from Thursday 04/02 to Wednesday 10/02/2027 (7 days)",
        (_BNV_2027_PROPOSAL,),
    ),
    Proposal(
        2027,
        "phương án 2 / option 2",
        date(2027, 2, 5),
        date(2027, 2, 14),
        "Đề xuất phương án 2: nghỉ Tết từ Thứ Sáu 05/02 đến Chủ nhật 14/02/2027 (10 ngày, "
        "kèm hoán đổi ngày làm việc)",
        "Proposed option 2: Tết off from Friday 05/02 to Sunday 14/02/2027 (10 days, with a "
        "swap of working days)",
        (_BNV_2027_PROPOSAL,),
    ),
)
"""Schedules proposed but not decided. When the year is decided, add it to `ANNOUNCEMENTS`
(its proposals then stop being shown): one data entry."""
