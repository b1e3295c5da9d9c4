"""The service's request and response bodies, as pydantic models (private: the OpenAPI document).

Requests are validated by these models (unknown fields are refused, so a misspelt option is
never silently ignored); the library's own parsers then read moments, clock times and limits, so
that a moment's text follows kyluat's one rule for logs written by machines: an offset is
required. Responses are the library's own ``to_dict`` forms; their models here describe them in
the OpenAPI document, and the test suite holds every answer to its model.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from kyluat.calendar import Sector
from kyluat.deadline import EndOfDay
from kyluat.duration import Unit
from kyluat.sla import ClockEvent

__all__ = [
    "CheckOut",
    "DayOut",
    "DeadlineIn",
    "DeadlineOut",
    "EngineOptions",
    "ErrorOut",
    "HealthOut",
    "LimitAmount",
    "LimitIn",
    "ReadingOut",
    "ReplayIn",
    "ReplayOut",
    "YearOut",
]


class _In(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _Out(BaseModel):
    """A response body, described for the OpenAPI document (answers are not rebuilt from it)."""

    model_config = ConfigDict(frozen=True)


# --- Requests -----------------------------------------------------------------------------------


class LimitAmount(_In):
    """A limit as a unit and an amount (the ``limit`` of a deadline's JSON form)."""

    unit: Unit = Field(description="The unit (stable lowercase values).")
    amount: StrictInt | StrictFloat | StrictStr = Field(
        default=0,
        description='The amount: a number or its text ("5", "0.5"); 0 for same_day.',
        examples=["5"],
    )


def _limit(value: object) -> object:
    """The limit as text, or as ``{"unit", "amount"}`` (one error naming ``limit``, not pydantic's
    one per member of the union)."""  # noqa: D205, D209
    if isinstance(value, str | LimitAmount):
        return value
    if not isinstance(value, dict):
        raise ValueError('expected the limit as published text or as {"unit", "amount"}')
    extra = sorted(str(key) for key in value if key not in ("unit", "amount"))
    if extra:
        raise ValueError(f"unknown fields {extra}: a limit object has unit and amount")
    unit, amount = value.get("unit"), value.get("amount", 0)
    if not isinstance(unit, str):
        raise ValueError("the limit object needs its unit, e.g. working_days")
    if isinstance(amount, bool) or not isinstance(amount, int | float | str):
        raise ValueError("the limit's amount is a number or its text")
    try:
        return LimitAmount(unit=Unit(unit), amount=amount)
    except ValueError:
        units = ", ".join(u.value for u in Unit)
        raise ValueError(f"unknown unit {unit!r}; expected one of {units}") from None


class EngineOptions(_In):
    """The calendar, office hours and policy fields shared by deadlines and clocks.

    They mirror the command line's options (``--office-hours``, ``--cutoff``,
    ``--count-receipt-day``, ``--end-of-day``, ``--sector``, ``--strict``) and the fields of
    ``DeadlinePolicy``.
    """

    office_hours: StrictStr | None = Field(
        default=None,
        description="The agency's sessions, '07:30-12:00,13:00-16:30' (default: the service's).",
    )
    count_receipt_day: StrictBool = Field(
        default=False, description="Count the receipt day as the first day (not BLDS 147)."
    )
    cutoff: StrictStr | None = Field(
        default=None, description="HH:MM: receipt after it counts from the next working day."
    )
    same_day_cutoff: StrictStr | None = Field(
        default=None, description="HH:MM: the cut-off of same-day limits (default 15:00)."
    )
    end_of_day: EndOfDay = Field(
        default=EndOfDay.OFFICE, description="Closing moment of a day limit."
    )
    hours_per_day: StrictInt = Field(
        default=8, description="Working hours in a working day, for fractional day limits."
    )
    defer_after_hours: StrictBool = Field(
        default=True, description="Receipt after the last session counts from the next day."
    )
    sector: Sector | None = Field(
        default=None, description="public or private (default: the service calendar's sector)."
    )
    strict: StrictBool = Field(
        default=False,
        description="Refuse an answer depending on a year not yet announced (provisional_data).",
    )


class DeadlineIn(EngineOptions):
    """``POST /v1/deadlines``: a receipt and a limit."""

    received_at: StrictStr = Field(
        description="A date (2026-03-06) or a moment with its offset (2026-03-06T15:00+07:00); "
        "a time without an offset is refused.",
        examples=["2026-03-06T15:00:00+07:00"],
    )
    limit: Annotated[StrictStr | LimitAmount, BeforeValidator(_limit)] = Field(
        description='The limit as published ("05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"; '
        'a cut-off it states applies) or {"unit", "amount"}.',
        examples=["5 ngày làm việc"],
    )


class LimitIn(_In):
    """``POST /v1/limits``: a published limit text."""

    text: StrictStr = Field(
        description="The text as published.",
        examples=["05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"],
    )
    bare_hours: Literal["working", "clock"] = Field(
        default="working",
        description="Hours written without 'làm việc': working hours (default) or clock hours.",
    )


class ReplayIn(EngineOptions):
    """``POST /v1/clocks/replay``: a clock's event log and the moment to read it at."""

    events: list[ClockEvent] = Field(
        min_length=1,
        description="The event log (SlaClock.to_json), beginning with a start event and its "
        "limit; moments carry their offset.",
    )
    as_of: StrictStr = Field(
        description="The moment to read the clock at, with its offset.",
        examples=["2026-03-12T09:00:00+07:00"],
    )


# --- Responses ----------------------------------------------------------------------------------


class ErrorOut(_Out):
    """Every refusal: the library's stable code, the field at fault and a message."""

    code: str = Field(description="Stable code (docs: Error codes, HTTP service).")
    field: str | None = Field(description="The request field, parameter or header at fault.")
    message: str


class _Reason(_Out):
    kind: str
    name_vi: str
    name_en: str
    source: str


class DayOut(_Out):
    """``kyluat day DATE --json``."""

    date: date
    working: bool
    provisional: bool
    reasons: list[_Reason]


class YearOut(_Out):
    """``kyluat calendar YEAR --json``."""

    year: int
    provisional: bool
    days: list[DayOut]


class _Step(_Out):
    rule_vi: str
    rule_en: str
    source: str


class _Limit(_Out):
    unit: str
    amount: str
    vi: str
    en: str


class _Names(_Out):
    vi: str
    en: str


class DeadlineOut(_Out):
    """``kyluat deadline --json``: the deadline and the rules applied."""

    received: date | datetime
    counted_from: datetime
    due_date: date
    due_at: datetime
    provisional: bool
    regime: str
    regime_name: _Names
    limit: _Limit
    trace: list[_Step]


class _Case(_Out):
    condition: str
    duration: _Limit | None


class _Stage(_Out):
    name: str
    duration: _Limit | None


class ReadingOut(_Out):
    """``kyluat limit TEXT --json``: what a published limit text says."""

    text: str
    duration: _Limit | None
    compound: bool
    cases: list[_Case]
    counted_from: str | None
    counted_from_text: str | None
    cutoff: str | None
    excluded: list[str]
    stages: list[_Stage]
    uncertain: str | None
    trace: list[str]


class _Mismatch(_Out):
    row: int
    id: str
    field: str
    expected: str
    found: str
    trace: list[_Step]


class _RowError(_Out):
    row: int
    id: str
    message: str


class _Summary(_Out):
    records: int
    ok: int
    mismatched: int
    erroneous: int
    provisional: int
    mismatches_by_field: dict[str, int]
    lines: int
    duplicate_ids: int


class _Duplicate(_Out):
    row: int
    id: str


class CheckOut(_Out):
    """``kyluat check FILE --json``: the report of every row."""

    records: int
    checked: int
    mismatches: list[_Mismatch]
    errors: list[_RowError]
    summary: _Summary
    warnings: list[str]
    duplicates: list[_Duplicate]


class _Slip(_Out):
    at: date | datetime
    new_due: date | datetime
    reason: str
    findings: list[str]
    kind: str = Field(
        description="reappointment_slip (NĐ 61/2018) or extension_request (NĐ 118/2025, form 04)"
    )
    form: str = Field(description="The document's name, with its official form")


class ReplayOut(_Out):
    """``POST /v1/clocks/replay``: the clock the log rebuilds, read at ``as_of``."""

    as_of: datetime
    due_date: date | None = Field(description="The current deadline day; null while paused.")
    due_at: datetime | None = Field(description="The current deadline moment; null while paused.")
    original_due_at: datetime = Field(description="The deadline at receipt, before any event.")
    paused: bool
    stopped_at: date | datetime | None
    status: Literal["within", "overdue"] | None = Field(
        description="At as_of, for an open clock; null once stopped (read the outcome)."
    )
    outcome: Literal["early", "on_time", "late"] | None = Field(
        description="Once stopped: against the deadline day; else null."
    )
    elapsed: str = Field(description="Working time counted to as_of (ISO 8601, PT7H30M).")
    elapsed_seconds: int
    remaining: str = Field(description="Working time left at as_of (negative when overdue).")
    remaining_seconds: int
    counts_in_days: bool
    events: int = Field(description="The events replayed.")
    reappointment: _Slip | None
    deadline: DeadlineOut = Field(description="The deadline computed at receipt, with its trace.")


class _Coverage(_Out):
    first_date: date
    last_date: date
    last_announced_year: int


class HealthOut(_Out):
    """``GET /v1/health``."""

    status: Literal["ok"]
    version: str
    calendar: _Coverage
