"""Performance per person or unit over a period: the inputs of their rating."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from kyluat._moments import VIETNAM, local_day
from kyluat._outcomes import Outcome
from kyluat._text import fold
from kyluat._values import Value
from kyluat.errors import InvalidInputError
from kyluat.followup._policy import DEFAULT_ESCALATION, EscalationPolicy, moment_of
from kyluat.ratings import Nd335Rating, TaskItem
from kyluat.sources import Source, Status, cite

if TYPE_CHECKING:  # kyluat.check imports nothing from here; only the type is needed
    from kyluat.check import RowResult

__all__ = ["Performance", "PerformanceTable", "PerformanceTally", "objective_cause", "performance"]

_YES: Final = frozenset({"1", "x", "true", "yes", "y", "co", "dung", "da xac nhan"})
_NO: Final = frozenset({"", "0", "false", "no", "n", "khong", "sai", "chua xac nhan"})


def objective_cause(text: str) -> bool:
    """Read the ``objective_cause`` column: whether an objective cause of lateness was confirmed.

    ``có``/``yes``/``true``/``1``/``x``/``đã xác nhận`` are yes; empty, ``không``/``no``/
    ``false``/``0``/``chưa xác nhận`` are no (with or without marks, any case).

    Raises:
        InvalidInputError: Any other text (a cause written out is not a confirmation: record
            the confirmation in this column and the cause elsewhere).

    Examples:
        >>> objective_cause("Có"), objective_cause(""), objective_cause("không")
        (True, False, False)
    """
    key = fold(text).strip()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise InvalidInputError(f"expected có/không (yes/no), got {text!r}", field="objective_cause")


@dataclass(frozen=True, slots=True, eq=False)
class Performance(Value):
    """One person's or unit's record over a period: the inputs of their rating.

    Attributes:
        key: The person or unit.
        early: Finished before the deadline day (trước hạn).
        on_time: Finished on the deadline day (đúng hạn).
        late: Finished after the deadline day (quá hạn).
        overdue: Still open and past the deadline at the moment asked (counted as late).
        open: Still open and not yet past the deadline (not rated yet).
        excused: Late or overdue records with a confirmed objective cause (nguyên nhân khách
            quan): no delay is counted against them.
        repeatedly_late: Late or overdue without a confirmed cause at least the policy's
            ``repeatedly_late`` times (chậm muộn nhiều lần).
        progress_share: NĐ 335/2025 progress share of the rated records (``None`` when none).
        progress_points: ``70 × progress_share``, the task-results part of NĐ 335/2025 points
            (out of 70; the 30 general points are the head's), ``None`` when none rated.
    """

    key: str
    early: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0
    excused: int = 0
    repeatedly_late: bool = False
    progress_share: float | None = None
    progress_points: float | None = None

    @property
    def rated(self) -> int:
        """Records rated: finished, or open and overdue."""
        return self.early + self.on_time + self.late + self.overdue

    @property
    def late_without_cause(self) -> int:
        """Late or overdue without a confirmed objective cause."""
        return self.late + self.overdue - self.excused

    @property
    def on_time_rate(self) -> float | None:
        """(early + on time) / rated; ``None`` when nothing is rated."""
        return (self.early + self.on_time) / self.rated if self.rated else None

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "key": self.key,
            "rated": self.rated,
            "early": self.early,
            "on_time": self.on_time,
            "late": self.late,
            "overdue": self.overdue,
            "open": self.open,
            "excused": self.excused,
            "late_without_cause": self.late_without_cause,
            "repeatedly_late": self.repeatedly_late,
            "on_time_rate": self.on_time_rate,
            "progress_share": self.progress_share,
            "progress_points": self.progress_points,
        }


_ND335: Final = Nd335Rating()
_ND335_SOURCE: Final = cite(
    (
        Source("NĐ 335/2025/NĐ-CP", status=Status.SECONDARY, note="70 điểm kết quả nhiệm vụ"),
        Source(
            "kyluat docs: Legal basis, follow-up",
            status=Status.UNVERIFIED,
            note="mỗi hồ sơ trễ hạn là một lần chậm; 30 điểm tiêu chí chung không tính ở đây",
        ),
    )
)


class PerformanceTable(Value):
    """Performance per person or unit over a period.

    Attributes:
        by: ``person`` or ``unit``.
        start: First deadline day of the period (``None``: open-ended).
        end: Last deadline day of the period (``None``: open-ended).
        as_of: The moment open records were judged at (``None``: not judged, all ``open``).
        rows: One per person or unit, by name.
        records: Records read.
        erroneous: Records that could not be checked, or whose ``objective_cause`` could not be
            read (left out).
        outside: Records whose deadline day falls outside the period (left out).
        policy: The policy (its ``repeatedly_late`` threshold).
    """

    __slots__ = ("as_of", "by", "end", "erroneous", "outside", "policy", "records", "rows", "start")
    by: str
    start: date | None
    end: date | None
    as_of: datetime | None
    rows: tuple[Performance, ...]
    records: int
    erroneous: int
    outside: int
    policy: EscalationPolicy

    def __init__(
        self,
        *,
        by: str,
        rows: Iterable[Performance],
        start: date | None = None,
        end: date | None = None,
        as_of: datetime | None = None,
        records: int = 0,
        erroneous: int = 0,
        outside: int = 0,
        policy: EscalationPolicy = DEFAULT_ESCALATION,
    ) -> None:
        _set = object.__setattr__
        for name, value in (
            ("by", by),
            ("start", start),
            ("end", end),
            ("as_of", as_of),
            ("rows", tuple(sorted(rows, key=lambda r: r.key))),
            ("records", records),
            ("erroneous", erroneous),
            ("outside", outside),
            ("policy", policy),
        ):
            _set(self, name, value)

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "by": self.by,
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "rows": [row.to_dict() for row in self.rows],
            "records": self.records,
            "erroneous": self.erroneous,
            "outside": self.outside,
            "repeatedly_late_from": self.policy.repeatedly_late,
            "progress_points_source": _ND335_SOURCE,
        }


class _Scores:
    """One person's or unit's counts (private accumulator)."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0, 0, 0]  # early, on time, late, overdue, open, excused

    def row(self, key: str, threshold: int) -> Performance:
        early, on_time, late, overdue, still_open, excused = self.counts
        rated = early + on_time + late + overdue
        share = points = None
        if rated:
            items = itertools.chain(
                itertools.repeat(TaskItem(), early + on_time),
                itertools.repeat(TaskItem(delays=1, objective_cause=True), excused),
                itertools.repeat(TaskItem(delays=1), late + overdue - excused),
            )
            progress = _ND335.progress(items)
            share = float(progress)
            points = float((Decimal(70) * progress).quantize(Decimal("0.01")))
        unexcused = late + overdue - excused
        return Performance(
            key,
            early,
            on_time,
            late,
            overdue,
            still_open,
            excused,
            unexcused >= threshold,
            share,
            points,
        )


class PerformanceTally:
    """Folds rows into per-person or per-unit scores (shared by `performance` and reports)."""

    __slots__ = ("_as_of_day", "_by", "_end", "_scores", "_start", "counts")

    def __init__(
        self, by: str, start: date | None, end: date | None, as_of: datetime | None
    ) -> None:
        if by not in ("person", "unit"):
            raise InvalidInputError(f"expected 'person' or 'unit', got {by!r}", field="by")
        for name, value in (("start", start), ("end", end)):
            if value is not None and (type(value) is not date):
                raise InvalidInputError("expected a date", field=name)
        if start is not None and end is not None and end < start:
            raise InvalidInputError("the period ends before it starts", field="end")
        self._by, self._start, self._end = by, start, end
        self._as_of_day = None if as_of is None else local_day(as_of)
        self._scores: dict[str, _Scores] = {}
        self.counts = [0, 0, 0]  # records, erroneous, outside

    def add(self, result: RowResult) -> None:
        counts = self.counts
        counts[0] += 1
        due = result.due_date
        if result.deadline is None or due is None:
            counts[1] += 1
            return
        if (self._start is not None and due < self._start) or (
            self._end is not None and due > self._end
        ):
            counts[2] += 1
            return
        record = result.record
        try:
            excused = objective_cause(record.get("objective_cause", ""))
        except InvalidInputError:
            counts[1] += 1
            return
        key = record.get(self._by, "").strip() or "(none)"
        scores = self._scores.get(key)
        if scores is None:
            scores = self._scores[key] = _Scores()
        tally = scores.counts
        outcome = result.expected_status
        if outcome is None:  # open
            if self._as_of_day is not None and self._as_of_day > due:
                tally[3] += 1
                tally[5] += excused
            else:
                tally[4] += 1
        elif outcome is Outcome.LATE:
            tally[2] += 1
            tally[5] += excused
        else:
            tally[0 if outcome is Outcome.EARLY else 1] += 1

    def table(self, as_of: datetime | None, policy: EscalationPolicy) -> PerformanceTable:
        threshold = policy.repeatedly_late
        return PerformanceTable(
            by=self._by,
            rows=(scores.row(key, threshold) for key, scores in self._scores.items()),
            start=self._start,
            end=self._end,
            as_of=as_of,
            records=self.counts[0],
            erroneous=self.counts[1],
            outside=self.counts[2],
            policy=policy,
        )


def performance(
    results: Iterable[RowResult],
    *,
    by: str = "person",
    start: date | None = None,
    end: date | None = None,
    as_of: datetime | date | None = None,
    policy: EscalationPolicy | None = None,
) -> PerformanceTable:
    r"""Per person or unit: how their records of a period came out, and the points it implies.

    A record belongs to the period when its deadline day (kyluat's, moved on by pauses) falls
    from ``start`` to ``end``. Finished records are early, on time or late; open ones are
    overdue when ``as_of`` is after their deadline day (they count as late), else open and not
    rated yet. Each late or overdue record is one delay (NĐ 335/2025: 25% of that item's
    progress score) unless its ``objective_cause`` column confirms an objective cause.

    Args:
        results: Checked rows, read once.
        by: ``"person"`` or ``"unit"``.
        start: First deadline day of the period (``None``: from the first record).
        end: Last deadline day of the period (``None``: to the last).
        as_of: When open records are judged (default: the day after ``end``; without ``end``,
            open records are not judged).
        policy: The policy (its ``repeatedly_late`` threshold).

    Returns:
        The table, one row per person or unit.

    Raises:
        InvalidInputError: An unknown ``by``, a period ending before it starts, a naive
            ``as_of``.

    References:
        NĐ 335/2025/NĐ-CP (progress share, 25% per delay, objective causes) [secondary];
        NĐ 90/2020/NĐ-CP (share of tasks not on schedule).

    Examples:
        >>> import io
        >>> from kyluat.check import iter_results
        >>> text = (
        ...     "id,received_at,limit,due_date,finished_at,person,objective_cause\n"
        ...     "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,Lan,\n"
        ...     "B,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-12,Lan,\n"
        ...     "C,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-13,Lan,có\n"
        ... )
        >>> table = performance(iter_results(io.StringIO(text), file_format="csv"))
        >>> lan = table.rows[0]
        >>> lan.late, lan.excused, lan.late_without_cause, lan.progress_points
        (2, 1, 1, 64.17)
    """
    rules = DEFAULT_ESCALATION if policy is None else policy
    if not isinstance(rules, EscalationPolicy):
        raise InvalidInputError("expected an EscalationPolicy", field="policy")
    moment = None
    if as_of is not None:
        moment = moment_of(as_of)
    elif end is not None:
        moment = datetime.combine(end + timedelta(days=1), time(0), VIETNAM)
    tally = PerformanceTally(by, start, end, moment)
    add = tally.add
    for result in results:
        add(result)
    return tally.table(moment, rules)
