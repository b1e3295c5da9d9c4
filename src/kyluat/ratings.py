"""Ratings as versioned policies whose results carry their explanation and source.

- [`Nd90Rating`][kyluat.ratings.Nd90Rating]: NĐ 90/2020/NĐ-CP (amended by NĐ 48/2023/NĐ-CP),
  levels from the share of tasks not on schedule; the band above 20% and up to 50% fits no level
  and is returned as ``needs_decision`` for a person to decide.
- [`Nd335Rating`][kyluat.ratings.Nd335Rating]: NĐ 335/2025/NĐ-CP from 01/01/2026: 30 general
  points plus 70 for task results, here their progress share, each delay costing 25% of that
  item's score unless an objective cause is confirmed; levels at 90 / 70 / 50 [secondary].
- [`DisbursementRating`][kyluat.ratings.DisbursementRating]: public-investment disbursement
  ratio → level, configurable bands (default: Đồng Nai 2025, 100% excellent, 90% to under 100%
  good).

Examples:
    >>> Nd90Rating().rate(tasks=20, not_on_schedule=3).level
    'completed'
    >>> Nd90Rating().rate(tasks=20, not_on_schedule=6).level
    'needs_decision'
    >>> r = Nd335Rating().rate(general_points=28, items=[TaskItem(delays=0), TaskItem(delays=1)])
    >>> r.points, r.level
    (89.25, 'good')
    >>> DisbursementRating().rate(0.95).level
    'good'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from kyluat._values import Value
from kyluat.errors import InvalidInputError
from kyluat.sources import Source, Status, cite

__all__ = [
    "DisbursementRating",
    "Level",
    "Nd90Rating",
    "Nd335Rating",
    "Rating",
    "TaskItem",
]


class Level(StrEnum):
    """Rating levels (NĐ 90/2020 and NĐ 335/2025 use the same four)."""

    EXCELLENT = "excellent"
    """Hoàn thành xuất sắc nhiệm vụ (HTXS)."""
    GOOD = "good"
    """Hoàn thành tốt nhiệm vụ (HTT)."""
    COMPLETED = "completed"
    """Hoàn thành nhiệm vụ (HTNV)."""
    NOT_COMPLETED = "not_completed"
    """Không hoàn thành nhiệm vụ (KHTNV)."""
    NEEDS_DECISION = "needs_decision"
    """The rule gives no level: a person decides (NĐ 90/2020 band above 20% up to 50%)."""
    UNRATED = "unrated"
    """Below every configured band (disbursement)."""


_NAMES_VI: Final = {
    Level.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Level.GOOD: "Hoàn thành tốt nhiệm vụ",
    Level.COMPLETED: "Hoàn thành nhiệm vụ",
    Level.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
    Level.NEEDS_DECISION: "Cần người có thẩm quyền quyết định",
    Level.UNRATED: "Chưa xếp loại",
}


@dataclass(frozen=True, slots=True, eq=False)
class Rating(Value):
    """A rating result: the level, the figures it rests on, why, and the source."""

    level: str
    policy: str
    explanation_vi: str
    explanation_en: str
    source: str
    points: float | None = None

    @property
    def name_vi(self) -> str:
        """Vietnamese name of the level."""
        return _NAMES_VI[Level(self.level)]

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "level": self.level,
            "name_vi": self.name_vi,
            "policy": self.policy,
            "points": self.points,
            "explanation_vi": self.explanation_vi,
            "explanation_en": self.explanation_en,
            "source": self.source,
        }


def _share(part: int, whole: int, field_name: str) -> float:
    if type(part) is not int or type(whole) is not int or whole <= 0 or not 0 <= part <= whole:
        raise InvalidInputError(
            f"expected whole counts with 0 <= part <= total and total > 0, got {part}/{whole}",
            field=field_name,
        )
    return part / whole


@dataclass(frozen=True, slots=True, eq=False)
class Nd90Rating(Value):
    """NĐ 90/2020/NĐ-CP task criterion for non-managers (amended by NĐ 48/2023/NĐ-CP).

    References:
        NĐ 90/2020/NĐ-CP; NĐ 48/2023/NĐ-CP. kyluat's reading: HTT needs 100% on schedule
        [verified]; HTNV at most 20% not on schedule [verified]; KHTNV above 50% [unverified];
        HTXS 100% with at least half exceeded [unverified]; the band above 20% up to 50% has no
        level.
    """

    version: str = "nd90_2020"
    excellent_exceeded_share: float = 0.5

    def rate(self, *, tasks: int, not_on_schedule: int, exceeded: int = 0) -> Rating:
        """Rate from the count of tasks, those not on schedule and those exceeded (early)."""
        share = _share(not_on_schedule, tasks, "not_on_schedule")
        _share(exceeded, tasks, "exceeded")
        source = cite(
            (
                Source("NĐ 90/2020/NĐ-CP", note="sửa đổi bởi NĐ 48/2023/NĐ-CP"),
                Source(
                    "kyluat docs: Legal basis, ratings",
                    status=Status.UNVERIFIED,
                    note="ngưỡng HTXS, KHTNV",
                ),
            )
        )
        pct = f"{share:.0%}"
        if share == 0:
            if exceeded / tasks >= self.excellent_exceeded_share:
                level = Level.EXCELLENT
                why_en = f"all tasks on schedule and {exceeded / tasks:.0%} exceeded (≥ 50%)"
            else:
                level = Level.GOOD
                why_en = "all tasks on schedule"
        elif share <= 0.2:
            level, why_en = Level.COMPLETED, f"{pct} not on schedule (at most 20%)"
        elif share <= 0.5:
            level = Level.NEEDS_DECISION
            why_en = f"{pct} not on schedule: above 20% and up to 50% fits no level"
        else:
            level, why_en = Level.NOT_COMPLETED, f"{pct} not on schedule (above 50%)"
        why_vi = f"{pct} nhiệm vụ không đúng tiến độ ({not_on_schedule}/{tasks})"
        return Rating(level.value, self.version, why_vi, why_en, source)


@dataclass(frozen=True, slots=True, eq=False)
class TaskItem(Value):
    """One assigned item for NĐ 335/2025 progress points."""

    delays: int = 0
    objective_cause: bool = False
    """A confirmed objective cause: delays cost nothing."""


@dataclass(frozen=True, slots=True, eq=False)
class Nd335Rating(Value):
    """NĐ 335/2025/NĐ-CP points, in force from 01/01/2026 [secondary].

    100 points = general criteria (up to 30, given by the caller) + task results (up to 70),
    here ``70 × progress share``; an item's progress score loses 25% per delay unless an
    objective cause is confirmed. Levels: ≥ 90 excellent, 70 to under 90 good, 50 to under 70
    completed, under 50 not completed. Quality and other task criteria are not modelled.
    """

    version: str = "nd335_2025"
    effective_from: date = date(2026, 1, 1)
    loss_per_delay: Decimal = Decimal("0.25")

    def progress(self, items: Iterable[TaskItem]) -> Decimal:
        """The progress share: the mean of the items' progress scores.

        An item scores 1, less 25% per delay without a confirmed objective cause, never below 0.
        Read once, in constant memory (the items may be a generator).

        Raises:
            InvalidInputError: No items, or an item's delays are not a whole number >= 0.

        Examples:
            >>> Nd335Rating().progress([TaskItem(), TaskItem(delays=1)])
            Decimal('0.875')
        """
        total, count = Decimal(0), 0
        for item in items:
            if type(item.delays) is not int or item.delays < 0:
                raise InvalidInputError("delays must be a whole number >= 0", field="items")
            lost = Decimal(0) if item.objective_cause else self.loss_per_delay * item.delays
            total += max(Decimal(0), Decimal(1) - lost)
            count += 1
        if not count:
            raise InvalidInputError("at least one assigned item", field="items")
        return total / count

    def rate(
        self, *, general_points: float, items: Sequence[TaskItem], period_start: date | None = None
    ) -> Rating:
        """Rate a period from the general points and the assigned items.

        Raises:
            InvalidInputError: No items, general points outside 0–30, or a period before the
                decree's entry into force.
        """
        if period_start is not None and period_start < self.effective_from:
            raise InvalidInputError(
                f"NĐ 335/2025 applies from {self.effective_from.isoformat()}; use Nd90Rating",
                field="period_start",
            )
        general = Decimal(str(general_points))
        if not Decimal(0) <= general <= Decimal(30):
            raise InvalidInputError("must be between 0 and 30", field="general_points")
        progress = self.progress(items)
        points = (general + Decimal(70) * progress).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if points >= 90:
            level = Level.EXCELLENT
        elif points >= 70:
            level = Level.GOOD
        elif points >= 50:
            level = Level.COMPLETED
        else:
            level = Level.NOT_COMPLETED
        why_en = (
            f"{general} general + 70 × progress {progress:.4f} = {points} points "
            "(levels at 90 / 70 / 50)"
        )
        why_vi = f"{general} điểm chung + 70 × tỷ lệ tiến độ {progress:.4f} = {points} điểm"
        source = cite((Source("NĐ 335/2025/NĐ-CP", status=Status.SECONDARY),))
        return Rating(level.value, self.version, why_vi, why_en, source, float(points))


@dataclass(frozen=True, slots=True, eq=False)
class DisbursementRating(Value):
    """Public-investment disbursement ratio → level, with configurable bands (Đồng Nai 2025).

    Attributes:
        bands: (minimum ratio, level) from the highest; the first band reached wins.
        source: The province's decision.
    """

    bands: tuple[tuple[float, str], ...] = field(
        default=((1.0, Level.EXCELLENT.value), (0.9, Level.GOOD.value))
    )
    source: str = "Đồng Nai 2025 (kyluat docs: Legal basis) — lower bands not seen"
    version: str = "disbursement_dong_nai_2025"

    def rate(self, ratio: float) -> Rating:
        """Rate a disbursement ratio (1.0 = 100% of plan)."""
        if not isinstance(ratio, int | float) or ratio != ratio or ratio < 0:
            raise InvalidInputError("expected a ratio >= 0 (1.0 = 100%)", field="ratio")
        for minimum, level in sorted(self.bands, reverse=True):
            if ratio >= minimum:
                return Rating(
                    Level(level).value,
                    self.version,
                    f"giải ngân {ratio:.0%} ≥ {minimum:.0%}",
                    f"disbursed {ratio:.0%}, at least {minimum:.0%}",
                    self.source,
                )
        return Rating(
            Level.UNRATED.value,
            self.version,
            f"giải ngân {ratio:.0%}: dưới mọi mức đã quy định",
            f"disbursed {ratio:.0%}: below every configured band",
            self.source,
        )
