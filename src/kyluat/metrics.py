"""Compliance metrics per group and period: the figures units and officials are rated on.

Per group (unit, procedure, person or month): finished early / on time / late, open within the
deadline / overdue, the on-time rate ((early + on time) / finished), the average processing
time in working days, and the QĐ 766/QĐ-TTg progress score (20 points; the formula is
unverified and every result says so, see [`QD_766`][kyluat.metrics.QD_766]).

[summarise][kyluat.metrics.summarise] builds the table from checked rows
([`RowResult`][kyluat.check.RowResult]s, e.g. from
[iter_results][kyluat.check.iter_results]); [`GroupStats`][kyluat.metrics.GroupStats] and
[`MetricsTable`][kyluat.metrics.MetricsTable] are immutable values.

Examples:
    >>> stats = GroupStats("Sở Xây dựng", early=1, on_time=2, late=1, working_days_total=12)
    >>> stats.on_time_rate, stats.progress_score_766, stats.average_working_days
    (0.75, 15.0, 3.0)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from kyluat._moments import local_day
from kyluat._outcomes import ClockStatus, Outcome
from kyluat._values import Value
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.errors import InvalidInputError, ProvisionalDataWarning
from kyluat.sources import Source, Status

if TYPE_CHECKING:  # kyluat.check imports nothing from here; only the type is needed
    from kyluat.check import RowResult

__all__ = ["QD_766", "GroupBy", "GroupStats", "MetricsTable", "Summary", "summarise"]

QD_766: Final = Source(
    "QĐ 766/QĐ-TTg",
    issued=None,
    provision="nhóm chỉ số tiến độ giải quyết (20 điểm)",
    status=Status.UNVERIFIED,
    note="điểm = 20 × (trước hạn + đúng hạn) / đã giải quyết: công thức chưa xác minh",
)
"""Service-quality index, 23/06/2022; the progress group weighs 20 of 100 points [verified];
the formula is [unverified] (see "Legal basis" in the docs)."""


class GroupBy(StrEnum):
    """What [summarise][kyluat.metrics.summarise] groups records by."""

    UNIT = "unit"
    """The ``unit`` column (đơn vị)."""
    PROCEDURE = "procedure"
    """The ``procedure`` column (thủ tục hành chính)."""
    PERSON = "person"
    """The ``person`` column (cán bộ xử lý)."""
    MONTH = "month"
    """The month of receipt, ``YYYY-MM``, in Vietnam time."""


@dataclass(frozen=True, slots=True, eq=False)
class GroupStats(Value):
    """Counts of one group (unit, procedure, person or month).

    Attributes:
        key: The group.
        early: Finished before the deadline day (trước hạn).
        on_time: Finished on the deadline day (đúng hạn).
        late: Finished after the deadline day (quá hạn).
        open_within: Open and within the deadline at the moment asked.
        open_overdue: Open and overdue at the moment asked.
        open_unknown: Open, with no moment to classify them at.
        working_days_total: Working days the finished records took, in total.
    """

    key: str
    early: int = 0
    on_time: int = 0
    late: int = 0
    open_within: int = 0
    open_overdue: int = 0
    open_unknown: int = 0
    working_days_total: int = 0

    @property
    def finished(self) -> int:
        """Records finished."""
        return self.early + self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """(early + on time) / finished; ``None`` with nothing finished."""
        return (self.early + self.on_time) / self.finished if self.finished else None

    @property
    def average_working_days(self) -> float | None:
        """Average processing time of finished records, in working days."""
        return self.working_days_total / self.finished if self.finished else None

    @property
    def progress_score_766(self) -> float | None:
        """QĐ 766/QĐ-TTg progress score out of 20 (formula unverified: see `QD_766`)."""
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


class MetricsTable(Value):
    """Groups of records by one key, with how many records were read and left out.

    Attributes:
        by: What the records are grouped by.
        as_of: The moment open records were classified at (``None``: not classified).
        records: Records read.
        erroneous: Records that could not be checked, left out of every group.
    """

    __slots__ = ("_groups", "as_of", "by", "erroneous", "records")
    by: str
    _groups: tuple[GroupStats, ...]
    as_of: date | datetime | None
    records: int
    erroneous: int

    def __init__(
        self,
        by: str,
        groups: Mapping[str, GroupStats] | Iterable[GroupStats] = (),
        *,
        as_of: date | datetime | None = None,
        records: int = 0,
        erroneous: int = 0,
    ) -> None:
        stats = groups.values() if isinstance(groups, Mapping) else groups
        _set = object.__setattr__
        _set(self, "by", by)
        _set(self, "_groups", tuple(sorted(stats, key=lambda g: g.key)))
        _set(self, "as_of", as_of)
        _set(self, "records", records)
        _set(self, "erroneous", erroneous)

    @property
    def groups(self) -> dict[str, GroupStats]:
        """The groups by key, in key order (a new dict)."""
        return {g.key: g for g in self._groups}

    def __repr__(self) -> str:
        return (
            f"MetricsTable(by={str(self.by)!r}, groups={list(self.groups)!r}, "
            f"as_of={self.as_of!r}, records={self.records}, erroneous={self.erroneous})"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON form (public contract).

        Keys ``by``, ``groups`` (in key order), the source and the unverified mark of the
        QĐ 766 score, ``as_of``, ``records`` and ``erroneous``.
        """
        return {
            "by": str(self.by),
            "groups": [g.to_dict() for g in self._groups],
            "progress_score_766_source": str(QD_766),
            "progress_score_766_unverified": True,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "records": self.records,
            "erroneous": self.erroneous,
        }


class _Tally:
    """One group's counts, built one record at a time (private accumulator)."""

    __slots__ = ("counts", "working_days")

    def __init__(self) -> None:
        # early, on_time, late, open within, open overdue, open unknown
        self.counts = [0, 0, 0, 0, 0, 0]
        self.working_days = 0

    def stats(self, key: str) -> GroupStats:
        early, on_time, late, within, overdue, unknown = self.counts
        return GroupStats(key, early, on_time, late, within, overdue, unknown, self.working_days)


_FINISHED: Final = {Outcome.EARLY: 0, Outcome.ON_TIME: 1, Outcome.LATE: 2}
_OPEN: Final = {ClockStatus.WITHIN: 3, ClockStatus.OVERDUE: 4, None: 5}


def summarise(
    results: Iterable[RowResult],
    *,
    by: GroupBy | str,
    as_of: date | datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> MetricsTable:
    r"""Group checked rows and count outcomes, open work and processing times.

    Rows that could not be checked are counted in ``erroneous`` and left out. A finished row
    counts as early / on time / late (its ``expected_status``) and adds the working days from
    receipt to finish (none when finished on the day of receipt). An open row is overdue when
    ``as_of`` falls on a day after its deadline day, within otherwise, and unknown without
    ``as_of``. Rows depending on a year not yet officially announced are not warned about row
    by row (their deadlines say so).

    Args:
        results: Checked rows, e.g. from [iter_results][kyluat.check.iter_results]; read once,
            in constant memory per group.
        by: A [`GroupBy`][kyluat.metrics.GroupBy]: the ``unit``, ``procedure`` or ``person``
            column (``(none)`` when empty), or the ``month`` of receipt in Vietnam time.
        as_of: The moment to classify open rows at (a date, or an aware datetime).
        calendar: The calendar counting working days (default: the public sector's).

    Returns:
        The table of groups.

    Raises:
        InvalidInputError: ``by`` is not a [`GroupBy`][kyluat.metrics.GroupBy], or ``as_of``
            is a naive datetime.

    Examples:
        >>> import io
        >>> from kyluat.check import check_stream
        >>> text = (
        ...     "id,received_at,limit,due_date,finished_at,unit\n"
        ...     "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,Sở A\n"
        ...     "B,2026-03-03,5 ngày làm việc,2026-03-10,,Sở A\n"
        ... )
        >>> rows = []
        >>> _ = check_stream(io.StringIO(text), "csv", on_row=rows.append)
        >>> table = summarise(rows, by="unit", as_of=date(2026, 3, 11))
        >>> stats = table.groups["Sở A"]
        >>> stats.early, stats.open_overdue, stats.working_days_total
        (1, 1, 4)
    """
    with warnings.catch_warnings():  # each deadline carries its provisional flag
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        summary = Summary(by=by, as_of=as_of, calendar=calendar)
        add = summary.add
        for result in results:
            add(result)
    return summary.table()


class Summary:
    """The tally behind [summarise][kyluat.metrics.summarise], fed one row at a time.

    For reports that fold the same rows several ways in one reading of a file (the HTML report
    groups by unit, by month and by the chosen key at once). Takes the arguments of
    ``summarise``; [`add`][kyluat.metrics.Summary.add] one result, then
    [`table`][kyluat.metrics.Summary.table]. Rows depending on a provisional year warn as
    their working days are counted: filter `ProvisionalDataWarning` around the loop.

    Raises:
        InvalidInputError: As [summarise][kyluat.metrics.summarise].
    """

    __slots__ = ("_as_of", "_as_of_day", "_by", "_column", "_days_between", "_tallies", "counts")

    def __init__(
        self,
        *,
        by: GroupBy | str,
        as_of: date | datetime | None = None,
        calendar: WorkCalendar | None = None,
    ) -> None:
        try:
            group_by = GroupBy(by)
        except ValueError:
            expected = ", ".join(g.value for g in GroupBy)
            raise InvalidInputError(
                f"unknown grouping {by!r}; expected {expected}", field="by"
            ) from None
        if isinstance(as_of, datetime) and as_of.utcoffset() is None:
            raise InvalidInputError("a moment needs a time zone", field="as_of")
        self._by = group_by
        self._as_of = as_of
        self._as_of_day = None if as_of is None else local_day(as_of)
        calendar = default_calendar() if calendar is None else calendar
        self._days_between = calendar.working_days_between
        self._column = group_by.value
        self._tallies: dict[str, _Tally] = {}
        self.counts = [0, 0]  # records, erroneous

    def add(self, result: RowResult) -> None:
        """Count one checked row."""
        counts = self.counts
        counts[0] += 1
        deadline = result.deadline
        if deadline is None:
            counts[1] += 1
            return
        received_day = local_day(deadline.received)
        if self._by is GroupBy.MONTH:
            key = f"{received_day.year:04d}-{received_day.month:02d}"
        else:
            key = result.record.get(self._column, "").strip() or "(none)"
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = _Tally()
        outcome, finished = result.expected_status, result.finished
        if outcome is not None and finished is not None:
            tally.counts[_FINISHED[outcome]] += 1
            tally.working_days += max(self._days_between(received_day, local_day(finished)), 0)
        elif self._as_of_day is None:
            tally.counts[_OPEN[None]] += 1
        else:
            late = self._as_of_day > (result.due_date or deadline.due_date)  # pauses count
            tally.counts[_OPEN[ClockStatus.OVERDUE if late else ClockStatus.WITHIN]] += 1

    def table(self) -> MetricsTable:
        """The table of the rows added so far."""
        return MetricsTable(
            self._by,
            (tally.stats(key) for key, tally in self._tallies.items()),
            as_of=self._as_of,
            records=self.counts[0],
            erroneous=self.counts[1],
        )
