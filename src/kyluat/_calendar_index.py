"""The day table of a calendar definition, built once (private kernel of `kyluat.calendar`).

Statutory holidays and lunar dates come from `holidays` (through `kyluat._statutory`), the
official swaps and compensatory days from `kyluat.data.decisions` (which win where they
differ), then the agency's overrides; the table is built once per definition and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kyluat._days import MON_FRI, DayKind, Override, Reason, Sector
from kyluat._text import WEEKDAY_EN, WEEKDAY_VI
from kyluat._values import Value
from kyluat._year_files import NO_DECISIONS, SWAP_KINDS, Decisions
from kyluat.data import decisions
from kyluat.sources import Source, Status, cite

__all__ = ["Index", "Spec", "build_index"]

_WEEKDAY_VI = WEEKDAY_VI
_WEEKDAY_EN = WEEKDAY_EN


@dataclass(frozen=True, slots=True)
class Spec(Value):
    """Everything that defines a calendar's days; equal specs share one index."""

    sector: Sector
    working_weekdays: frozenset[int]
    overrides: tuple[Override, ...]
    last_year: int
    decisions: Decisions = NO_DECISIONS
    culture_day_compensated: bool = True

    @property
    def last_announced(self) -> int:
        """The last decided year: the bundled data's, carried on by decisions files."""
        return self.decisions.last_decided(decisions.LAST_ANNOUNCED_YEAR)


@dataclass(frozen=True, slots=True, eq=False)
class Index:
    """Day table of one calendar definition, built once, read only."""

    first_ordinal: int
    n_days: int
    working: bytes
    cumulative: tuple[int, ...]
    """cumulative[i] = working days among the first i days of the coverage."""
    working_dates: tuple[date, ...]
    provisional_day: int
    """Day index of 1 January of the first provisional year (n_days when none)."""
    provisional_rank: int
    """Rank of the first working day in a provisional year in ``working_dates``."""
    reasons: dict[int, tuple[Reason, ...]]


def _topic(name_vi: str) -> str:
    """Which part of a year's schedule a holiday's name belongs to (`decisions.SCHEDULES`)."""
    if "Tết" in name_vi and not name_vi.startswith("Tết Dương lịch"):
        return "tet"
    if name_vi.startswith("Quốc khánh"):
        return "national_day"
    if name_vi.startswith(("Ngày Chiến thắng", "Ngày Quốc tế Lao động")):
        return "labour_day"
    return "statutory"  # New Year's Day, the Hùng Kings: the Labor Code alone


def _day_sources(year: int, name_vi: str, statutory: Source) -> str:
    """The documents about this day only: its article, and the year's documents that fixed
    its part of the schedule."""  # noqa: D205, D209
    if year not in decisions.ANNOUNCEMENTS:
        return cite((statutory,)) + " — lịch năm chưa công bố (provisional)"
    fixed = decisions.SCHEDULES.get(year, {}).get(_topic(name_vi), ())
    return cite((statutory, *fixed))


def _weekend_reason(weekday: int, spec: Spec) -> Reason:
    if spec.sector is Sector.PRIVATE:
        source = decisions.LABOR_CODE_2019_WEEKLY_REST
    elif spec.working_weekdays == MON_FRI:
        source = decisions.QD_188_WEEK
    else:
        source = decisions.QD_188_OTHER_PATTERNS
    return Reason(
        DayKind.WEEKEND,
        f"{_WEEKDAY_VI[weekday]} — ngày nghỉ hằng tuần",
        f"{_WEEKDAY_EN[weekday]} — weekly rest day",
        str(source),
    )


def _pattern_reason(weekday: int) -> Reason:
    return Reason(
        DayKind.WEEKLY_WORKING_DAY,
        f"{_WEEKDAY_VI[weekday]} — ngày làm việc theo lịch tuần của đơn vị",
        f"{_WEEKDAY_EN[weekday]} — working day in the unit's weekly pattern",
        str(decisions.QD_188_OTHER_PATTERNS),
    )


@lru_cache(maxsize=16)  # bounded: a dropped calendar's table (about 1 MiB) is freed
def build_index(spec: Spec) -> Index:
    """Build the day table of a calendar definition (cached: once per definition)."""
    from kyluat import _statutory  # deferred: loads `holidays` on first build only

    first_year = decisions.FIRST_YEAR
    first = date(first_year, 1, 1)
    end = date(spec.last_year, 12, 31)
    first_ordinal = first.toordinal()
    n_days = end.toordinal() - first_ordinal + 1
    working = [(first_ordinal + i + 6) % 7 in spec.working_weekdays for i in range(n_days)]
    reasons: dict[int, list[Reason]] = {}

    def add(day: date, reason: Reason, *, is_working: bool, replace: bool = False) -> None:
        i = day.toordinal() - first_ordinal
        if replace:
            reasons[i] = [reason]
        else:
            reasons.setdefault(i, []).append(reason)
        working[i] = is_working

    # Weekly pattern.
    for i in range(n_days):
        weekday = (first_ordinal + i + 6) % 7
        if weekday not in spec.working_weekdays:
            reasons[i] = [_weekend_reason(weekday, spec)]
        elif weekday >= 5:
            reasons[i] = [_pattern_reason(weekday)]

    # Statutory holidays and compensatory days (holidays.VN), and its swaps in later years.
    swaps_apply = spec.sector is Sector.PUBLIC and spec.working_weekdays == MON_FRI
    from_files = {decision.year for decision in spec.decisions.years}  # they replace the data
    lib_days, lib_workdays = _statutory.load(first_year, spec.last_year)
    for lib in lib_days:
        year = lib.date.year
        if year in from_files:
            continue
        old_code = year < 2021
        if lib.kind is _statutory.LibKind.SWAP:
            if not swaps_apply or year in decisions.ANNOUNCEMENTS:
                continue  # announced years: the official table below decides every swap
            kind = DayKind.SWAPPED_DAY_OFF
            basis = Source("holidays.VN (python-holidays)", status=Status.SECONDARY)
        elif lib.kind is _statutory.LibKind.STATUTORY:
            kind = DayKind.HOLIDAY
            if lib.name_vi.startswith("Ngày Văn hóa Việt Nam"):
                basis = decisions.CULTURE_DAY
            elif old_code:
                basis = decisions.LABOR_CODE_2012_HOLIDAYS
            else:
                basis = decisions.LABOR_CODE_2019_HOLIDAYS
        else:
            kind = DayKind.COMPENSATORY
            if lib.name_vi.startswith("Ngày Văn hóa Việt Nam"):
                if not spec.culture_day_compensated:
                    continue  # configurable: whether Art. 111(3) covers 24/11 is unsettled
                basis = decisions.CULTURE_DAY_COMPENSATION
            elif old_code:
                basis = decisions.LABOR_CODE_2012_COMPENSATION
            else:
                basis = decisions.LABOR_CODE_2019_COMPENSATION
        source = (
            cite((basis, decisions.CULTURE_DAY))
            if basis is decisions.CULTURE_DAY_COMPENSATION
            else _day_sources(year, lib.name_vi, basis)
        )
        add(lib.date, Reason(kind, lib.name_vi, lib.name_en, source), is_working=False)
    if swaps_apply:
        for workday in sorted(lib_workdays):
            if workday.year in decisions.ANNOUNCEMENTS or workday.year in from_files:
                continue
            source = (
                "holidays.VN (python-holidays) [secondary] — lịch năm chưa công bố (provisional)"
            )
            add(
                workday,
                Reason(DayKind.MAKE_UP_WORKING_DAY, "Ngày làm bù", "Make-up working day", source),
                is_working=True,
                replace=True,
            )
        # The official table: every government swap of the announced years.
        for swap in decisions.SWAPS:
            if swap.day_off.year > spec.last_year and swap.working_day.year > spec.last_year:
                continue
            source = cite(swap.sources)
            if swap.day_off.year in from_files or swap.working_day.year in from_files:
                continue  # a decisions file gives the year's swaps itself
            add(
                swap.day_off,
                Reason(
                    DayKind.SWAPPED_DAY_OFF,
                    f"Nghỉ hoán đổi, làm bù {_WEEKDAY_VI[swap.working_day.weekday()]} "
                    f"{swap.working_day:%d/%m/%Y}",
                    f"Swapped day off, worked on {_WEEKDAY_EN[swap.working_day.weekday()]} "
                    f"{swap.working_day:%d/%m/%Y}",
                    source,
                ),
                is_working=False,
                replace=True,
            )
            add(
                swap.working_day,
                Reason(
                    DayKind.MAKE_UP_WORKING_DAY,
                    f"Làm bù cho ngày nghỉ {_WEEKDAY_VI[swap.day_off.weekday()]} "
                    f"{swap.day_off:%d/%m/%Y}",
                    f"Make-up working day for {_WEEKDAY_EN[swap.day_off.weekday()]} "
                    f"{swap.day_off:%d/%m/%Y}",
                    source,
                ),
                is_working=True,
                replace=True,
            )

    # Decisions files: each settles its year's special days (the reason cites the file).
    for decision in spec.decisions.years:
        for day, is_working, reason in decision.days:
            if day.year > spec.last_year or (reason.kind in SWAP_KINDS and not swaps_apply):
                continue
            add(day, reason, is_working=is_working, replace=reason.kind in SWAP_KINDS)

    # Proposals for years not yet decided: shown beside the day's reasons, never applied.
    decided_files = {d.year for d in spec.decisions.years if not d.provisional}
    for proposal in decisions.PROPOSALS:
        year = proposal.year
        if year > spec.last_year or year in decisions.ANNOUNCEMENTS or year in decided_files:
            continue
        reason = Reason(
            DayKind.PROPOSED,
            f"{proposal.summary_vi} — chưa quyết định",
            f"{proposal.summary_en} — not decided",
            cite(proposal.sources),
        )
        for ordinal in range(proposal.first.toordinal(), proposal.last.toordinal() + 1):
            i = ordinal - first_ordinal
            reasons.setdefault(i, []).append(reason)  # the day's status does not change

    # The agency's own decisions come last and are kept beside the reasons they override.
    for override in spec.overrides:
        add(
            override.date,
            Reason(override.kind, override.name_vi, override.name_en, override.source),
            is_working=override.working,
        )

    cumulative = [0] * (n_days + 1)
    count = 0
    for i, is_working in enumerate(working):
        cumulative[i] = count
        count += is_working
    cumulative[n_days] = count
    working_dates = tuple(
        date.fromordinal(first_ordinal + i) for i, is_working in enumerate(working) if is_working
    )
    provisional_year = spec.last_announced + 1
    provisional_day = min(n_days, date(provisional_year, 1, 1).toordinal() - first_ordinal)
    return Index(
        first_ordinal=first_ordinal,
        n_days=n_days,
        working=bytes(working),
        cumulative=tuple(cumulative),
        working_dates=working_dates,
        provisional_day=provisional_day,
        provisional_rank=cumulative[provisional_day],
        reasons={i: tuple(found) for i, found in reasons.items()},
    )


# --- Input checks (cold paths) ----------------------------------------------------------------
