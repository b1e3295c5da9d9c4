"""The leaders' report: figures by a key, by unit and by month, the backlog, performance."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from kyluat._moments import local_day
from kyluat._values import Value
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.errors import InvalidInputError, ProvisionalDataWarning
from kyluat.followup._performance import PerformanceTable, PerformanceTally
from kyluat.followup._policy import DEFAULT_ESCALATION, EscalationPolicy, moment_of
from kyluat.metrics import GroupBy, MetricsTable, Summary

if TYPE_CHECKING:  # kyluat.check imports nothing from here; only the type is needed
    from kyluat.check import RowResult

__all__ = ["BACKLOG_BUCKETS", "Backlog", "ReportData", "report_data"]

BACKLOG_BUCKETS: Final = ((0, 2), (3, 5), (6, 10), (11, 20), (21, None))
"""Ages of overdue open records, in working days after the deadline day (inclusive bounds;
``None``: no upper bound). Age 0: overdue since a day off after the deadline day."""


class Backlog(Value):
    """Overdue open records by age.

    Attributes:
        as_of: The moment asked about.
        counts: Records per bucket of `BACKLOG_BUCKETS`, in order.
        by_unit: Per unit (by name), the records per bucket.
        oldest: Up to ten of the oldest: ``(id, unit, working days overdue)``, oldest first.
    """

    __slots__ = ("as_of", "by_unit", "counts", "oldest")
    as_of: datetime | None
    counts: tuple[int, ...]
    by_unit: tuple[tuple[str, tuple[int, ...]], ...]
    oldest: tuple[tuple[str, str, int], ...]

    def __init__(
        self,
        *,
        as_of: datetime | None,
        counts: Iterable[int],
        by_unit: Iterable[tuple[str, Iterable[int]]] = (),
        oldest: Iterable[tuple[str, str, int]] = (),
    ) -> None:
        _set = object.__setattr__
        _set(self, "as_of", as_of)
        _set(self, "counts", tuple(counts))
        _set(self, "by_unit", tuple(sorted((unit, tuple(c)) for unit, c in by_unit)))
        _set(self, "oldest", tuple(oldest))

    @property
    def total(self) -> int:
        """Overdue open records."""
        return sum(self.counts)

    @staticmethod
    def labels() -> tuple[str, ...]:
        """The buckets' labels, ``"0–2"`` … ``"> 20"`` (working days overdue)."""
        return tuple(
            f"> {low - 1}" if high is None else f"{low}–{high}" for low, high in BACKLOG_BUCKETS
        )

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "buckets": list(self.labels()),
            "counts": list(self.counts),
            "total": self.total,
            "by_unit": {unit: list(counts) for unit, counts in self.by_unit},
            "oldest": [
                {"id": rid, "unit": unit, "working_days_overdue": age}
                for rid, unit, age in self.oldest
            ],
        }


def _bucket(age: int) -> int:
    for k, (_, high) in enumerate(BACKLOG_BUCKETS):
        if high is None or age <= high:
            return k
    raise AssertionError("unreachable: the last bucket is open")  # pragma: no cover


class _BacklogTally:
    __slots__ = ("_as_of", "_between", "_oldest", "_today", "by_unit")

    def __init__(self, as_of: datetime | None, calendar: WorkCalendar) -> None:
        self._as_of = as_of
        self._today = None if as_of is None else local_day(as_of)
        self._between = calendar.working_days_between
        self.by_unit: dict[str, list[int]] = {}
        self._oldest: list[tuple[int, str, str]] = []

    def add(self, result: RowResult) -> None:
        today, due = self._today, result.due_date
        if today is None or due is None or result.deadline is None:
            return
        if result.finished is not None or today <= due:
            return
        age = max(self._between(due, today), 0)
        unit = result.record.get("unit", "").strip() or "(none)"
        counts = self.by_unit.get(unit)
        if counts is None:
            counts = self.by_unit[unit] = [0] * len(BACKLOG_BUCKETS)
        counts[_bucket(age)] += 1
        oldest = self._oldest
        if len(oldest) < 10 or age > oldest[-1][0]:
            oldest.append((age, result.id, unit))
            oldest.sort(key=lambda entry: (-entry[0], entry[1]))
            del oldest[10:]

    def backlog(self) -> Backlog:
        totals = [sum(column) for column in zip(*self.by_unit.values(), strict=True)]
        return Backlog(
            as_of=self._as_of,
            counts=totals or [0] * len(BACKLOG_BUCKETS),
            by_unit=self.by_unit.items(),
            oldest=((rid, unit, age) for age, rid, unit in self._oldest),
        )


class ReportData(Value):
    """Everything the leaders' report shows, folded in one reading of the records.

    Attributes:
        by: The key of the main table (``unit``, ``person``, ``procedure`` or ``month``).
        as_of: The moment open records are judged at (``None``: not judged).
        table: The figures by ``by``.
        units: The figures by unit (the on-time bars).
        months: The figures by month of receipt (the trend line).
        backlog: Overdue open records by age.
        performance: Per person (when ``by`` is ``person``) or per unit: ratings' inputs.
        title: The page's title.
        source: Where the records came from (a file name), shown on the page.
    """

    __slots__ = (
        "as_of",
        "backlog",
        "by",
        "months",
        "performance",
        "source",
        "table",
        "title",
        "units",
    )
    by: str
    as_of: datetime | None
    table: MetricsTable
    units: MetricsTable
    months: MetricsTable
    backlog: Backlog
    performance: PerformanceTable
    title: str
    source: str

    def __init__(
        self,
        *,
        by: str,
        as_of: datetime | None,
        table: MetricsTable,
        units: MetricsTable,
        months: MetricsTable,
        backlog: Backlog,
        performance: PerformanceTable,
        title: str = "Báo cáo tiến độ giải quyết / Processing progress report",
        source: str = "",
    ) -> None:
        _set = object.__setattr__
        for name, value in (
            ("by", by),
            ("as_of", as_of),
            ("table", table),
            ("units", units),
            ("months", months),
            ("backlog", backlog),
            ("performance", performance),
            ("title", title),
            ("source", source),
        ):
            _set(self, name, value)

    def to_dict(self) -> dict[str, object]:
        """JSON form: each part's own JSON form."""
        return {
            "by": self.by,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "table": self.table.to_dict(),
            "units": self.units.to_dict(),
            "months": self.months.to_dict(),
            "backlog": self.backlog.to_dict(),
            "performance": self.performance.to_dict(),
            "title": self.title,
            "source": self.source,
        }

    def to_html(self) -> str:
        """The report as one self-contained HTML page (no network access; inline SVG charts;
        Vietnamese first, English beside it; prints on A4 landscape)."""  # noqa: D205, D209
        from kyluat.followup._html import render_report  # only the HTML report needs it

        return render_report(self)


def report_data(
    results: Iterable[RowResult],
    *,
    by: GroupBy | str,
    as_of: datetime | date | None = None,
    calendar: WorkCalendar | None = None,
    policy: EscalationPolicy | None = None,
    source: str = "",
) -> ReportData:
    """Fold checked rows into everything the leaders' report shows, reading them once.

    Args:
        results: Checked rows, read once, in constant memory per group.
        by: The key of the main table: ``unit``, ``person``, ``procedure`` or ``month``.
        as_of: When open records are judged (backlog, overdue counts); ``None``: not judged.
        calendar: The calendar the rows were checked with.
        policy: The escalation policy (the "repeatedly late" threshold).
        source: The records' origin, shown on the page.

    Raises:
        InvalidInputError: An unknown ``by``, a naive ``as_of``.
    """
    rules = DEFAULT_ESCALATION if policy is None else policy
    if not isinstance(rules, EscalationPolicy):
        raise InvalidInputError("expected an EscalationPolicy", field="policy")
    moment = None if as_of is None else moment_of(as_of)
    calendar = default_calendar() if calendar is None else calendar
    main = Summary(by=by, as_of=moment, calendar=calendar)
    units = Summary(by=GroupBy.UNIT, as_of=moment, calendar=calendar)
    months = Summary(by=GroupBy.MONTH, as_of=moment, calendar=calendar)
    people = PerformanceTally("person" if str(by) == "person" else "unit", None, None, moment)
    backlog = _BacklogTally(moment, calendar)
    folds = (main.add, units.add, months.add, people.add, backlog.add)
    with warnings.catch_warnings():  # each deadline carries its provisional flag
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for result in results:
            for fold_row in folds:
                fold_row(result)
    return ReportData(
        by=str(GroupBy(by)),
        as_of=moment,
        table=main.table(),
        units=units.table(),
        months=months.table(),
        backlog=backlog.backlog(),
        performance=people.table(moment, rules),
        source=source,
    )
