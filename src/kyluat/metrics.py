"""Compliance metrics per group and period: the figures units and officials are rated on.

Per group (unit, procedure, person or month): finished early / on time / late, open within the
deadline / overdue, the on-time rate ((early + on time) / finished, LAW.md §4), the average
processing time in working days, and the QĐ 766/QĐ-TTg progress score (20 points; the formula is
marked unverified in LAW.md §7 and every result says so).

Examples:
    >>> from datetime import date
    >>> stats = GroupStats("Sở Xây dựng")
    >>> for outcome in ("early", "on_time", "on_time", "late"):
    ...     stats.add_finished(outcome, 3)
    >>> stats.on_time_rate, stats.progress_score_766
    (0.75, 15.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from kyluat.sources import Source, Status

__all__ = ["QD_766", "GroupStats", "MetricsTable"]

QD_766: Final = Source(
    "QĐ 766/QĐ-TTg",
    issued=None,
    provision="nhóm chỉ số tiến độ giải quyết (20 điểm)",
    status=Status.UNVERIFIED,
    note="điểm = 20 × (trước hạn + đúng hạn) / đã giải quyết: công thức chưa xác minh",
)
"""Service-quality index, 23/06/2022; the progress group weighs 20 of 100 points [verified];
the formula is [unverified] (LAW.md §7)."""


@dataclass(slots=True)
class GroupStats:
    """Counts of one group (unit, procedure, person or month)."""

    key: str
    early: int = 0
    on_time: int = 0
    late: int = 0
    open_within: int = 0
    open_overdue: int = 0
    open_unknown: int = 0
    working_days_total: int = 0

    def add_finished(self, outcome: str, working_days: int) -> None:
        """Count a finished record (``early`` / ``on_time`` / ``late``) and its duration."""
        if outcome == "early":
            self.early += 1
        elif outcome == "on_time":
            self.on_time += 1
        else:
            self.late += 1
        self.working_days_total += working_days

    def add_open(self, status: str | None) -> None:
        """Count an open record: ``within``, ``overdue`` or unknown (no moment given)."""
        if status == "within":
            self.open_within += 1
        elif status == "overdue":
            self.open_overdue += 1
        else:
            self.open_unknown += 1

    @property
    def finished(self) -> int:
        """Records finished."""
        return self.early + self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """(early + on time) / finished; ``None`` with nothing finished (LAW.md §4)."""
        return (self.early + self.on_time) / self.finished if self.finished else None

    @property
    def average_working_days(self) -> float | None:
        """Average processing time of finished records, in working days."""
        return self.working_days_total / self.finished if self.finished else None

    @property
    def progress_score_766(self) -> float | None:
        """QĐ 766/QĐ-TTg progress score out of 20 (formula unverified: see :data:`QD_766`)."""
        rate = self.on_time_rate
        return None if rate is None else round(20 * rate, 2)

    def to_dict(self) -> dict[str, object]:
        """JSON form of the group's figures."""
        return {
            "key": self.key,
            "finished": self.finished,
            "early": self.early,
            "on_time": self.on_time,
            "late": self.late,
            "open_within": self.open_within,
            "open_overdue": self.open_overdue,
            "open_unknown": self.open_unknown,
            "on_time_rate": self.on_time_rate,
            "average_working_days": self.average_working_days,
            "progress_score_766": self.progress_score_766,
        }


@dataclass(slots=True)
class MetricsTable:
    """Groups of records by one key, built incrementally (constant memory per group)."""

    by: str
    groups: dict[str, GroupStats] = field(default_factory=dict)

    def group(self, key: str) -> GroupStats:
        """The stats of ``key``, created on first use."""
        stats = self.groups.get(key)
        if stats is None:
            stats = self.groups[key] = GroupStats(key)
        return stats

    def to_dict(self) -> dict[str, object]:
        """JSON form, with the source and the unverified mark of the QĐ 766 score."""
        return {
            "by": self.by,
            "groups": [self.groups[k].to_dict() for k in sorted(self.groups)],
            "progress_score_766_source": str(QD_766),
            "progress_score_766_unverified": True,
        }
