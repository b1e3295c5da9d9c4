"""The year-file schema as pydantic models (private; loaded only to read or describe a file).

See `kyluat._year_files` for what the files are; this module holds the validation, so that
``import kyluat`` never loads pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kyluat._days import DayKind
from kyluat._validate import from_pydantic
from kyluat.errors import DataError

__all__ = ["YearModel", "parse", "schema"]

WORKING_KINDS: Final = frozenset({DayKind.MAKE_UP_WORKING_DAY})


class _Reason(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    kind: DayKind
    name_vi: str
    name_en: str
    source: str


class _Day(BaseModel):
    """One special day of a year file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date = Field(description="The date, YYYY-MM-DD.")
    working: bool = Field(strict=True, description="Whether the date is a working day.")
    kind: Literal["holiday", "compensatory", "swapped_day_off", "make_up_working_day"] = Field(
        description="Why: holiday, compensatory day, swapped day off, make-up working day."
    )
    name_vi: Annotated[str, Field(min_length=1, strict=True)]
    name_en: Annotated[str, Field(min_length=1, strict=True)]
    sources: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)] = Field(
        description="The documents that decide the date, one citation each."
    )
    provisional: bool = Field(default=False, strict=True)
    reasons: list[_Reason] | None = Field(
        default=None, description="Every reason kyluat knows (exported files; ignored on load)."
    )

    @model_validator(mode="after")
    def _working_matches_kind(self) -> _Day:
        if self.working != (DayKind(self.kind) in WORKING_KINDS):
            worked = "a working day" if self.working else "a day off"
            raise ValueError(f"{self.date.isoformat()}: a {self.kind} cannot be {worked}")
        return self


class YearModel(BaseModel):
    """A year file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    year: Annotated[int, Field(ge=1900, le=2100, strict=True)]
    provisional: bool = Field(strict=True, description="No official schedule: statutory rules.")
    sources: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="The documents fixing the year's schedule."
    )
    days: list[_Day]

    @field_validator("days")
    @classmethod
    def _one_entry_per_date(cls, days: list[_Day]) -> list[_Day]:
        seen: set[dt.date] = set()
        for k, day in enumerate(days):
            if day.date in seen:
                raise ValueError(f"days.{k}: {day.date.isoformat()} is listed twice")
            seen.add(day.date)
        return days

    @model_validator(mode="after")
    def _days_in_the_year(self) -> YearModel:
        for k, day in enumerate(self.days):
            if day.date.year != self.year:
                raise ValueError(f"days.{k}: {day.date.isoformat()} is not in {self.year}")
        return self


def schema() -> dict[str, Any]:
    """The JSON Schema of a year file (draft 2020-12, as pydantic writes it)."""
    schema = YearModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kyluat year file"
    schema["description"] = (
        "The special days of one year of the Vietnamese public-sector calendar: exported by "
        "`kyluat data export`, loaded as a decisions file by kyluat.load_decisions."
    )
    return schema


def parse(text: bytes, name: str) -> YearModel:
    """A year file's content, validated.

    Raises:
        DataError: Not a valid year file (names the file and the entry, e.g. ``days.3.kind``).
    """
    try:
        return YearModel.model_validate_json(text)
    except ValidationError as exc:
        error = from_pydantic(exc, error=DataError, default_field="file")
        raise DataError(f"{name}: {error.message}", field=error.field) from None
