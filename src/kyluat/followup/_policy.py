"""The escalation policy: when open work is due soon, escalated, or its person repeatedly late."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Final

from kyluat._moments import VIETNAM, local
from kyluat._text import fold
from kyluat._values import Value
from kyluat.duration import Duration, Unit
from kyluat.errors import DataError, InvalidInputError, KyluatError
from kyluat.sources import Source, Status

__all__ = [
    "DEFAULT_ESCALATION",
    "DUE_SOON_SOURCE",
    "ESCALATION_SOURCE",
    "EscalationPolicy",
    "Level",
    "load_heads",
    "moment_of",
    "working_time",
]

DUE_SOON_SOURCE: Final = Source(
    "NĐ 118/2025/NĐ-CP",
    issued=date(2025, 6, 9),
    provision="văn bản xin lỗi và đề nghị gia hạn (mẫu 04, TT 03/2025/TT-VPCP), gửi trước hạn",
    status=Status.SECONDARY,
    note="NĐ 61/2018/NĐ-CP Điều 19: phiếu xin lỗi và hẹn lại, chậm nhất 01 ngày trước hạn "
    "[chưa xác minh]; cảnh báo 01 ngày làm việc trước hạn là lựa chọn của kyluat",
)
"""Why work is flagged ``due_soon`` one working day ahead: a late dossier's apology and
extension request (NĐ 118/2025, form 04 of TT 03/2025/TT-VPCP; under NĐ 61/2018 the apology
and re-appointment slip, at least one day before the deadline [unverified]) must go out before
the deadline, so the person needs the warning while there is still a working day to send it."""

ESCALATION_SOURCE: Final = Source(
    "Chỉ thị 02/CT-UBND (UBND TP Cần Thơ, 2022)",
    provision="thủ trưởng đơn vị thường xuyên đôn đốc, kiểm tra, giám sát đến kết quả cuối cùng",
    status=Status.SECONDARY,
    note="số ngày quá hạn trước khi báo thủ trưởng (01 ngày làm việc) và ngưỡng "
    "'chậm muộn nhiều lần' (02 lần) là lựa chọn của kyluat, không văn bản nào quy định",
)
"""Why overdue work goes to the head of the unit: the head chases work to its final result
(Cần Thơ 02/CT-UBND of 2022, as other provinces' directives on administrative discipline).
No document sets after how long; kyluat's default is one working day overdue."""

_LEVEL_VI: Final = {"due_soon": "sắp đến hạn", "overdue": "quá hạn"}


class Level(StrEnum):
    """How urgent an open record is. Values are stable."""

    DUE_SOON = "due_soon"
    """Sắp đến hạn: within the warning window before its deadline."""
    OVERDUE = "overdue"
    """Quá hạn: past its deadline (a day limit: after its deadline day)."""

    @property
    def name_vi(self) -> str:
        """Vietnamese label."""
        return _LEVEL_VI[self.value]


_ONE_WORKING_DAY: Final = Duration.working_days(1)

_DAYS_AND_HOURS: Final = (Unit.WORKING_DAYS, Unit.WORKING_HOURS)


def working_time(value: object, name: str) -> Duration:
    """A working-day or working-hour duration from a `Duration` or its published text."""
    if isinstance(value, str):
        try:
            value = Duration.parse(value)
        except KyluatError as exc:
            raise InvalidInputError(f"cannot read {value!r}: {exc}", field=name) from None
    if not isinstance(value, Duration) or value.unit not in _DAYS_AND_HOURS:
        raise InvalidInputError(
            "expected working days or working hours, e.g. '1 ngày làm việc', '4 giờ làm việc'",
            field=name,
        )
    if value.amount <= 0:
        raise InvalidInputError("must be more than zero", field=name)
    return value


@dataclass(frozen=True, slots=True, eq=False)
class EscalationPolicy(Value):
    """When open work is due soon, when it goes to the head of the unit, who is repeatedly late.

    Attributes:
        due_soon: Working time ahead in which open work is ``due_soon``: a record is due soon
            when its deadline comes no later than the deadline of a limit of this length
            received at the moment asked (the definition of ``Store.due``). Default one working
            day ([`DUE_SOON_SOURCE`][kyluat.followup.DUE_SOON_SOURCE]).
        due_soon_share: Also due soon once this share (0 < share < 1) of the working time from
            the start of counting to the deadline is used, e.g. ``0.8`` (Jira-style threshold).
            Default ``None``: off.
        escalate_after: Working time overdue after which a record goes to the head of its
            unit: whole working days after the deadline day, or working hours after the due
            moment. Default one working day
            ([`ESCALATION_SOURCE`][kyluat.followup.ESCALATION_SOURCE]).
        heads: The head (thủ trưởng) of each unit, by unit name; a unit not listed escalates to
            ``"Thủ trưởng <unit>"``.
        repeatedly_late: Late records without a confirmed objective cause in a period from
            which a person or unit is flagged "repeatedly late" (chậm muộn nhiều lần).
            Default 2.

    Raises:
        InvalidInputError: A value of the wrong kind or out of range (names the field).

    Examples:
        >>> policy = EscalationPolicy(due_soon="2 ngày làm việc", heads={"Sở A": "Ông Bình"})
        >>> policy.due_soon.label(), policy.head_of("Sở A"), policy.head_of("Sở B")
        (('2 ngày làm việc', '2 working days'), 'Ông Bình', 'Thủ trưởng Sở B')
    """

    due_soon: Duration = _ONE_WORKING_DAY
    due_soon_share: float | None = None
    escalate_after: Duration = _ONE_WORKING_DAY
    heads: Mapping[str, str] | tuple[tuple[str, str], ...] = ()
    repeatedly_late: int = 2

    def __post_init__(self) -> None:
        _set = object.__setattr__
        _set(self, "due_soon", working_time(self.due_soon, "due_soon"))
        _set(self, "escalate_after", working_time(self.escalate_after, "escalate_after"))
        share = self.due_soon_share
        if share is not None and (
            isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share < 1
        ):
            raise InvalidInputError(
                "expected a share between 0 and 1, or None", field="due_soon_share"
            )
        heads = self.heads.items() if isinstance(self.heads, Mapping) else self.heads
        try:
            pairs = tuple(sorted((unit, head) for unit, head in heads))
        except (TypeError, ValueError):
            raise InvalidInputError("expected unit → head names", field="heads") from None
        if not all(isinstance(u, str) and isinstance(h, str) and h.strip() for u, h in pairs):
            raise InvalidInputError("expected unit → head names (text)", field="heads")
        _set(self, "heads", pairs)
        if self.escalate_after.unit is Unit.WORKING_DAYS and self.escalate_after.amount % 1:
            raise InvalidInputError("whole working days, or working hours", field="escalate_after")
        late = self.repeatedly_late
        if type(late) is not int or late < 1:
            raise InvalidInputError("must be a whole number >= 1", field="repeatedly_late")

    def head_of(self, unit: str) -> str:
        """Whom overdue work of ``unit`` escalates to."""
        assert isinstance(self.heads, tuple)  # made a tuple of pairs when built
        for name, head in self.heads:
            if name == unit:
                return head
        return f"Thủ trưởng {unit}" if unit else "Thủ trưởng đơn vị"

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "due_soon": self.due_soon.label()[0],
            "due_soon_share": self.due_soon_share,
            "escalate_after": self.escalate_after.label()[0],
            "heads": dict(self.heads),
            "repeatedly_late": self.repeatedly_late,
            "sources": [str(DUE_SOON_SOURCE), str(ESCALATION_SOURCE)],
        }


DEFAULT_ESCALATION: Final = EscalationPolicy()
"""kyluat's defaults: due soon one working day ahead, escalated one working day overdue,
repeatedly late from two late records."""


def moment_of(as_of: object, field: str = "as_of") -> datetime:
    """An aware moment; a date is the start of that day in Vietnam."""
    if isinstance(as_of, datetime):
        local(as_of, field)  # refuses a naive one
        return as_of
    if isinstance(as_of, date):
        return datetime.combine(as_of, time(0), VIETNAM)
    raise InvalidInputError(
        f"expected an aware datetime or a date, got {type(as_of).__name__}", field=field
    )


def load_heads(path: str) -> dict[str, str]:
    """Read the heads of units from a CSV file with the columns ``unit`` and ``head``.

    UTF-8 (a byte-order mark is accepted); the header names the columns (``đơn vị`` and
    ``thủ trưởng`` too); a unit named twice is an error, never a silent choice.

    Raises:
        DataError: The file cannot be read, lacks a column, names a unit twice or a unit
            without a head (names the line).
    """
    import csv  # only the CLI's --heads needs it

    names = {"unit": "unit", "don vi": "unit", "head": "head", "thu truong": "head"}
    heads: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [names.get(fold(cell).strip().replace("_", " "), "") for cell in next(reader)]
            if "unit" not in header or "head" not in header:
                raise DataError(f"{path}: expected the columns unit and head", field="heads")
            unit_at, head_at = header.index("unit"), header.index("head")
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                cells = row + [""] * (max(unit_at, head_at) + 1 - len(row))
                unit, head = cells[unit_at].strip(), cells[head_at].strip()
                if not unit or not head:
                    raise DataError(f"{path}, line {line}: a unit and its head", field="heads")
                if unit in heads:
                    raise DataError(f"{path}, line {line}: {unit!r} is named twice", field="heads")
                heads[unit] = head
    except StopIteration:
        raise DataError(f"{path}: the file is empty", field="heads") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot be read ({exc})", field="heads") from None
    return heads
