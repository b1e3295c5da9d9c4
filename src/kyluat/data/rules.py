"""Citations of the legal rules the deadline engine applies, and the one-stop regimes in force.

Data only: facts from the official documents each entry names, with verification tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from kyluat._values import Value
from kyluat.sources import Source, Status

__all__ = [
    "BLDS_146_DAY",
    "BLDS_147_HOURS",
    "BLDS_147_START",
    "BLDS_148_DAYS",
    "BLDS_148_END_OF_DAY",
    "BLDS_148_MONTHS",
    "BLDS_148_ROLL",
    "BLDS_148_WEEKS",
    "BLDS_148_YEARS",
    "CUTOFF_SAME_DAY",
    "KYLUAT_DEFAULTS",
    "OFFICE_HOURS_PROVINCIAL",
    "PROCEDURE_LIMIT",
    "REGIMES",
    "WORKING_DAY_HOURS",
    "Regime",
]

_BLDS = "Bộ luật Dân sự 2015 (91/2015/QH13)"

BLDS_146_DAY: Final = Source(_BLDS, provision="Điều 146 khoản 1")
"""A day is 24 hours (for periods that run non-continuously)."""
BLDS_147_HOURS: Final = Source(_BLDS, provision="Điều 147 khoản 1")
"""A period in minutes or hours starts at the stated moment."""
BLDS_147_START: Final = Source(_BLDS, provision="Điều 147 khoản 2")
"""A period in days, weeks, months or years starts on the day after the event."""
BLDS_148_DAYS: Final = Source(_BLDS, provision="Điều 148 khoản 1")
"""A period in days ends at the end of its last day."""
BLDS_148_WEEKS: Final = Source(_BLDS, provision="Điều 148 khoản 2")
"""Weeks end at the end of the same weekday of the last week."""
BLDS_148_MONTHS: Final = Source(_BLDS, provision="Điều 148 khoản 3")
"""Months end on the same day of the last month, or its last day when it has no such day."""
BLDS_148_YEARS: Final = Source(_BLDS, provision="Điều 148 khoản 4")
"""Years end on the same day and month of the last year."""
BLDS_148_ROLL: Final = Source(_BLDS, provision="Điều 148 khoản 5")
"""A last day on a weekly rest day or public holiday moves to the next working day."""
BLDS_148_END_OF_DAY: Final = Source(_BLDS, provision="Điều 148 khoản 6")
"""The end of a day is 24:00."""

PROCEDURE_LIMIT: Final = Source(
    "Thủ tục hành chính công bố (thời hạn giải quyết)",
    status=Status.UNVERIFIED,
    note="N ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ",
)
"""The limit comes from the published procedure, usually in working days from complete receipt."""

CUTOFF_SAME_DAY: Final = Source(
    "Thủ tục giải quyết trong ngày",
    status=Status.VERIFIED,
    note="nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo",
)
"""Same-day procedures: received after 15:00 → result on the next working day."""

WORKING_DAY_HOURS: Final = Source(
    "Quy ước phần mềm một cửa: 1 ngày làm việc = 8 giờ làm việc",
    status=Status.SECONDARY,
    note="QĐ 188/1999/QĐ-TTg Điều 1: tuần làm việc 40 giờ, 5 ngày",
)
"""One working day counts as 8 working hours, on the agency's sessions (the docs' legal basis)."""

OFFICE_HOURS_PROVINCIAL: Final = Source(
    "Giờ làm việc do UBND tỉnh quy định",
    note="ví dụ QĐ 873/QĐ-UBND (2020) tỉnh Vĩnh Phúc",
)
"""No national rule fixes clock hours; each province decides (the docs' legal basis)."""

KYLUAT_DEFAULTS: Final = Source(
    "kyluat, lựa chọn mặc định (tài liệu: How a deadline is computed)",
    note="mặc định có thể cấu hình",
)
"""A default the library takes where the law leaves a choice."""


@dataclass(frozen=True, slots=True)
class Regime(Value):
    """A one-stop processing regime (cơ chế một cửa) and the period it governs.

    A dossier keeps the regime in force on its receipt date for its whole life.
    """

    code: str
    name_vi: str
    name_en: str
    effective_from: date
    effective_to: date | None
    sources: tuple[Source, ...]


REGIMES: Final[tuple[Regime, ...]] = (
    Regime(
        code="qd09_2015",
        name_vi="Cơ chế một cửa theo QĐ 09/2015/QĐ-TTg",
        name_en="One-stop mechanism under Decision 09/2015/QĐ-TTg",
        effective_from=date(2015, 5, 15),
        effective_to=date(2018, 6, 20),
        sources=(Source("QĐ 09/2015/QĐ-TTg", status=Status.UNVERIFIED),),
    ),
    Regime(
        code="nd61_2018",
        name_vi="NĐ 61/2018/NĐ-CP (sửa đổi bởi NĐ 107/2021/NĐ-CP), TT 01/2018/TT-VPCP",
        name_en="Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP",
        effective_from=date(2018, 6, 21),
        effective_to=date(2025, 6, 30),
        sources=(
            Source("NĐ 61/2018/NĐ-CP", note="hiệu lực 21/06/2018", status=Status.UNVERIFIED),
            Source("NĐ 107/2021/NĐ-CP"),
            Source("TT 01/2018/TT-VPCP"),
        ),
    ),
    Regime(
        code="nd118_2025",
        name_vi="NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP",
        name_en="Decree 118/2025/NĐ-CP",
        effective_from=date(2025, 7, 1),
        effective_to=None,
        sources=(
            Source("NĐ 118/2025/NĐ-CP", note="hiệu lực 01/07/2025"),
            Source("TT 03/2025/TT-VPCP", status=Status.SECONDARY),
        ),
    ),
)
"""The regimes in date order; their periods do not overlap."""
