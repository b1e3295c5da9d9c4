"""Citations of the legal rules the deadline engine applies, and the one-stop regimes in force.

Data only: facts from the official documents each entry names, with verification tags.

Source notes on the one-stop regimes (docs: explanation/legal-basis.md, "NĐ 118/2025 and its
amendments"):

* NĐ 118/2025/NĐ-CP (09/06/2025) governs dossiers received from 01/07/2025; a late dossier's
  agency sends form 04 of TT 03/2025/TT-VPCP, the apology and extension request (văn bản xin
  lỗi và đề nghị gia hạn thời gian giải quyết) [secondary], where NĐ 61/2018/NĐ-CP had the
  apology and re-appointment slip (phiếu xin lỗi và hẹn lại ngày trả kết quả) [unverified].
* NĐ 367/2025/NĐ-CP amends NĐ 118/2025/NĐ-CP [verified in press, January 2026]. The reports
  name the information system for administrative procedures, the organisation of one-stop
  centres (city and commune councils decide) and submission through VNeID; none names a change
  to processing time limits or to form 04. That it changes neither is [unverified]: kyluat
  computes NĐ 118 dossiers as before. Its date of issue and of entry into force are
  [unverified].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
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
    "COMPLAINT_FROM_ACCEPTANCE",
    "CUTOFF_SAME_DAY",
    "DENUNCIATION_FROM_ACCEPTANCE",
    "EXTENSION_REQUEST",
    "KYLUAT_DEFAULTS",
    "ND367_2025",
    "OFFICE_HOURS_PROVINCIAL",
    "PROCEDURE_LIMIT",
    "REAPPOINTMENT_SLIP",
    "REGIMES",
    "WORKING_DAY_HOURS",
    "LateNotice",
    "LateNoticeKind",
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

COMPLAINT_FROM_ACCEPTANCE: Final = Source(
    "Luật Khiếu nại 2011 (02/2011/QH13)",
    provision="Điều 28, Điều 37",
    status=Status.SECONDARY,
    note="thời hạn giải quyết khiếu nại kể từ ngày thụ lý",
)
"""A complaint's resolution limit counts from its acceptance (thụ lý), not its receipt."""

DENUNCIATION_FROM_ACCEPTANCE: Final = Source(
    "Luật Tố cáo 2018 (25/2018/QH14)",
    provision="Điều 30",
    status=Status.SECONDARY,
    note="thời hạn giải quyết tố cáo kể từ ngày thụ lý",
)
"""A denunciation's resolution limit counts from its acceptance (thụ lý), not its receipt."""

KYLUAT_DEFAULTS: Final = Source(
    "kyluat, lựa chọn mặc định (tài liệu: How a deadline is computed)",
    note="mặc định có thể cấu hình",
)
"""A default the library takes where the law leaves a choice."""


class LateNoticeKind(StrEnum):
    """The document a late dossier's agency sends the applicant. Values are stable."""

    REAPPOINTMENT_SLIP = "reappointment_slip"
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: an apology with a new appointment
    (NĐ 61/2018/NĐ-CP, and kyluat's reading of the regimes before it)."""
    EXTENSION_REQUEST = "extension_request"
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết: an apology asking for more time,
    with the new date (NĐ 118/2025/NĐ-CP; form 04 of TT 03/2025/TT-VPCP)."""


@dataclass(frozen=True, slots=True)
class LateNotice(Value):
    """What a one-stop regime has the agency send for a dossier that will be late.

    Attributes:
        kind: Which document it is.
        name_vi: Its name as the regime writes it.
        name_en: Its name in English.
        form: The official form ("Mẫu số 04, TT 03/2025/TT-VPCP"), or '' when kyluat cites none.
        regime_document: The decree whose rules on sending it the findings cite.
        sources: Where the document and its rules come from.
    """

    kind: LateNoticeKind
    name_vi: str
    name_en: str
    form: str
    regime_document: str
    sources: tuple[Source, ...]

    @property
    def title(self) -> str:
        """The form and the document's name, as a record names what was sent.

        Examples:
            >>> EXTENSION_REQUEST.title
            'Mẫu số 04, TT 03/2025/TT-VPCP — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết'
            >>> REAPPOINTMENT_SLIP.title
            'Phiếu xin lỗi và hẹn lại ngày trả kết quả'
        """  # noqa: E501 - a doctest's expected line
        return f"{self.form} — {self.name_vi}" if self.form else self.name_vi


REAPPOINTMENT_SLIP: Final = LateNotice(
    kind=LateNoticeKind.REAPPOINTMENT_SLIP,
    name_vi="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    name_en="Apology and re-appointment slip",
    form="",
    regime_document="NĐ 61/2018/NĐ-CP",
    sources=(
        Source(
            "NĐ 61/2018/NĐ-CP",
            status=Status.UNVERIFIED,
            note="gửi trước thời hạn ít nhất 01 ngày làm việc, hẹn lại một lần",
        ),
        Source("TT 01/2018/TT-VPCP", status=Status.UNVERIFIED),
    ),
)
"""NĐ 61/2018: the apology and re-appointment slip, sent before the deadline, once only."""

EXTENSION_REQUEST: Final = LateNotice(
    kind=LateNoticeKind.EXTENSION_REQUEST,
    name_vi="Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    name_en="Apology and extension request",
    form="Mẫu số 04, TT 03/2025/TT-VPCP",
    regime_document="NĐ 118/2025/NĐ-CP",
    sources=(
        Source("NĐ 118/2025/NĐ-CP", issued=date(2025, 6, 9), note="hiệu lực 01/07/2025"),
        Source("TT 03/2025/TT-VPCP", provision="Mẫu số 04", status=Status.SECONDARY),
    ),
)
"""NĐ 118/2025: the apology and extension request, form 04 of TT 03/2025/TT-VPCP."""

ND367_2025: Final = Source(
    "NĐ 367/2025/NĐ-CP",
    status=Status.UNVERIFIED,
    note=(
        "sửa đổi, bổ sung NĐ 118/2025/NĐ-CP (báo chí 01/2026: hệ thống thông tin giải quyết TTHC, "
        "tổ chức Bộ phận Một cửa, nộp hồ sơ và nhận kết quả qua VNeID); không thấy thay đổi thời "
        "hạn giải quyết hay Mẫu số 04"
    ),
)
"""The amendment of NĐ 118/2025 reported in the press in January 2026. The tag is that of what
kyluat relies on: that it changes no time limit and not form 04 [unverified]."""


@dataclass(frozen=True, slots=True)
class Regime(Value):
    """A one-stop processing regime (cơ chế một cửa) and the period it governs.

    A dossier keeps the regime in force on its receipt date for its whole life.

    Attributes:
        code: Stable code ("nd118_2025").
        name_vi: Name in Vietnamese.
        name_en: Name in English.
        effective_from: First receipt date it governs.
        effective_to: Last receipt date it governs (``None``: still in force).
        sources: The documents that make the regime (cited in every deadline's trace).
        late_notice: What the agency sends for a dossier that will be late.
        amended_by: Amending documents kyluat knows of that do not change its deadlines (source
            notes, not cited in traces).
    """

    code: str
    name_vi: str
    name_en: str
    effective_from: date
    effective_to: date | None
    sources: tuple[Source, ...]
    late_notice: LateNotice = REAPPOINTMENT_SLIP
    amended_by: tuple[Source, ...] = ()


REGIMES: Final[tuple[Regime, ...]] = (
    Regime(
        code="qd09_2015",
        name_vi="Cơ chế một cửa theo QĐ 09/2015/QĐ-TTg",
        name_en="One-stop mechanism under Decision 09/2015/QĐ-TTg",
        effective_from=date(2015, 5, 15),
        effective_to=date(2018, 6, 20),
        sources=(Source("QĐ 09/2015/QĐ-TTg", status=Status.UNVERIFIED),),
        late_notice=REAPPOINTMENT_SLIP,  # kyluat applies the NĐ 61 slip's rules, as it always did
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
        late_notice=REAPPOINTMENT_SLIP,
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
        late_notice=EXTENSION_REQUEST,
        amended_by=(ND367_2025,),
    ),
)
"""The regimes in date order; their periods do not overlap."""
