"""Check results as immutable values, and the private tally that builds a report.

[`RowResult`][kyluat.check.RowResult] is what checking one row gives,
[`Mismatch`][kyluat.check.Mismatch] and [`RowError`][kyluat.check.RowError] are its findings,
[`DuplicateId`][kyluat.check.DuplicateId] a row whose id an earlier row has, and
[`CheckReport`][kyluat.check.CheckReport] counts them over a file. All are values (see
`kyluat._values.Value`): a report is built by a `Tally` and partial reports are combined with
[`CheckReport.merge`][kyluat.check.CheckReport.merge].
"""

from __future__ import annotations

import heapq
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from kyluat._outcomes import Outcome
from kyluat._values import Value
from kyluat.check._columns import unknown_keys_warning
from kyluat.deadline import Deadline

__all__ = [
    "MAX_DUPLICATES_LISTED",
    "CheckReport",
    "DuplicateId",
    "Finding",
    "Mismatch",
    "RowError",
    "RowResult",
    "SeenIds",
    "Tally",
    "row_result",
]

MAX_DUPLICATES_LISTED: Final = 1_000
"""Duplicate ids listed in a report (all are counted)."""


@dataclass(frozen=True, slots=True, eq=False)
class Mismatch(Value):
    """A recorded value that differs from the recomputed one.

    Attributes:
        row: The data row (from 1).
        id: The record's id.
        field: The column that differs: ``due_date`` or ``status``.
        expected: The value kyluat computes.
        found: The value the file records, as written.
        trace: How the expected deadline was reached (``{"rule_vi", "rule_en", "source"}``).
    """

    row: int
    id: str
    field: str
    expected: str
    found: str
    trace: tuple[dict[str, str], ...] = ()

    def _key(self) -> tuple[object, ...]:
        steps = tuple(tuple(step.items()) for step in self.trace)
        return (self.row, self.id, self.field, self.expected, self.found, steps)

    def to_dict(self) -> dict[str, object]:
        """JSON form ``{"row", "id", "field", "expected", "found", "trace"}``."""
        return {
            "row": self.row,
            "id": self.id,
            "field": self.field,
            "expected": self.expected,
            "found": self.found,
            "trace": list(self.trace),
        }


@dataclass(frozen=True, slots=True, eq=False)
class RowError(Value):
    """A row that could not be checked.

    Attributes:
        row: The data row (from 1).
        id: The record's id (empty when unknown).
        message: Why the row could not be checked.
    """

    row: int
    id: str
    message: str

    def to_dict(self) -> dict[str, object]:
        """JSON form ``{"row", "id", "message"}``."""
        return {"row": self.row, "id": self.id, "message": self.message}


@dataclass(frozen=True, slots=True, eq=False)
class DuplicateId(Value):
    """A row whose id an earlier row of the file already has.

    Attributes:
        row: The data row (from 1) repeating the id.
        id: The id.
    """

    row: int
    id: str

    def to_dict(self) -> dict[str, object]:
        """JSON form ``{"row", "id"}``."""
        return {"row": self.row, "id": self.id}


Finding = Mismatch | RowError
"""What a check finds in a row: a mismatch, or why the row could not be checked."""

_RowFields = tuple[
    int,
    str,
    Mapping[str, str],
    Deadline | None,
    Outcome | None,
    tuple[Mismatch, ...],
    RowError | None,
    date | datetime | None,
    date | None,
    datetime | None,
]


class RowResult(Value):
    """What checking one row gave: its expected values and any mismatches or error.

    A row is ``ok`` (no mismatch, no error), ``mismatched`` or ``erroneous`` (``error`` is set
    and ``deadline`` is ``None``).

    Attributes:
        row: The data row (from 1).
        id: The record's id.
        record: The row's columns as read.
        deadline: The recomputed deadline (``None`` for an erroneous row).
        expected_status: The outcome the finish implies (``None`` when not finished).
        mismatches: The recorded values that differ from the recomputed ones.
        error: Why the row could not be checked (``None`` when it was).
        finished: When the work was finished (``finished_at`` read), if given.
        due_date: The expected due date: the deadline's, moved on by the record's pauses
            (``None`` for an erroneous row).
        due_at: The expected due moment, moved on by the record's pauses like ``due_date``
            (``None`` for an erroneous row).
    """

    # One slot holding a tuple, like Deadline: one result is built for every row of files of
    # millions of rows, and this is the cheapest immutable object to construct.
    __slots__ = ("_v",)
    _v: _RowFields

    def __init__(
        self,
        row: int,
        id: str,
        record: Mapping[str, str],
        deadline: Deadline | None,
        expected_status: Outcome | None,
        mismatches: tuple[Mismatch, ...],
        error: RowError | None,
        finished: date | datetime | None = None,
        due_date: date | None = None,
        due_at: datetime | None = None,
    ) -> None:
        if due_date is None and deadline is not None:
            due_date = deadline.due_date
        _set_row(
            self,
            (
                row,
                id,
                record,
                deadline,
                expected_status,
                tuple(mismatches),
                error,
                finished,
                due_date,
                due_at,
            ),
        )

    @property
    def row(self) -> int:
        """The data row (from 1)."""
        return self._v[0]

    @property
    def id(self) -> str:
        """The record's id."""
        return self._v[1]

    @property
    def record(self) -> Mapping[str, str]:
        """The row's columns as read."""
        return self._v[2]

    @property
    def deadline(self) -> Deadline | None:
        """The recomputed deadline (``None`` for an erroneous row)."""
        return self._v[3]

    @property
    def expected_status(self) -> Outcome | None:
        """The outcome the finish implies: early, on time or late (``None``: not finished)."""
        return self._v[4]

    @property
    def mismatches(self) -> tuple[Mismatch, ...]:
        """The recorded values that differ from the recomputed ones."""
        return self._v[5]

    @property
    def error(self) -> RowError | None:
        """Why the row could not be checked (``None`` when it was)."""
        return self._v[6]

    @property
    def finished(self) -> date | datetime | None:
        """When the work was finished (``finished_at`` read), if given."""
        return self._v[7]

    @property
    def due_date(self) -> date | None:
        """The expected due date: the deadline's, moved on by the record's pauses."""
        return self._v[8]

    @property
    def due_at(self) -> datetime | None:
        """The expected due moment: the deadline's, moved on by the record's pauses."""
        moved = self._v[9]
        if moved is not None:
            return moved
        deadline = self._v[3]
        return None if deadline is None else deadline.due_at

    def _key(self) -> tuple[object, ...]:
        v = self._v
        return (v[0], v[1], tuple(v[2].items()), *v[3:])

    def __reduce__(self) -> tuple[object, ...]:
        return row_result, (self._v,)  # the one slot: cheaper than the base's field by field

    def __repr__(self) -> str:
        v = self._v
        return (
            f"RowResult(row={v[0]!r}, id={v[1]!r}, deadline={v[3]!r}, expected_status="
            f"{None if v[4] is None else v[4].value!r}, finished={v[7]!r}, due_date={v[8]!r}, "
            f"mismatches={v[5]!r}, "
            f"error={v[6]!r})"
        )


_set_row = RowResult.__dict__["_v"].__set__  # the slot descriptor's own setter
_new = object.__new__


def row_result(values: _RowFields) -> RowResult:
    """A result from its fields in order, without running ``__init__`` (the per-row path)."""
    result: RowResult = _new(RowResult)
    _set_row(result, values)
    return result


class CheckReport(Value):
    """Counts and findings of a check; rows are ``ok``, ``mismatched`` or ``erroneous``.

    Built by [check_stream][kyluat.check.check_stream] and
    [check_file][kyluat.check.check_file]; reports of parts of a file combine with
    [`merge`][kyluat.check.CheckReport.merge]. The constructor takes the counts and findings as
    they are (no consistency check); with no arguments it is the report of no rows. A report
    built with ``keep_findings=False`` has the counts and no findings (``mismatches`` and
    ``errors`` are empty: they were streamed).

    Attributes:
        records: Rows read: ``checked + erroneous``.
        ok: Rows whose recorded values all match.
        mismatched: Rows with at least one mismatch.
        erroneous: Rows that could not be checked.
        mismatches: Every mismatch, in row order.
        errors: Every unreadable row, in row order.
        provisional: Rows whose expected deadline depends on a year not yet officially
            announced.
        lines: Physical lines of the file (the header, every row's lines, blank lines): every
            line is accounted for.
        warnings: Problems said once for the file: unknown or unnamed columns, unknown keys.
        duplicate_ids: Rows whose id an earlier row already has (rows without an id aside).
        duplicates: The first `MAX_DUPLICATES_LISTED` of them, in row order.
    """

    __slots__ = (
        "_by_field",
        "duplicate_ids",
        "duplicates",
        "erroneous",
        "errors",
        "lines",
        "mismatched",
        "mismatches",
        "ok",
        "provisional",
        "records",
        "warnings",
    )
    records: int
    ok: int
    mismatched: int
    erroneous: int
    mismatches: tuple[Mismatch, ...]
    errors: tuple[RowError, ...]
    _by_field: tuple[tuple[str, int], ...]
    provisional: int
    lines: int
    warnings: tuple[str, ...]
    duplicate_ids: int
    duplicates: tuple[DuplicateId, ...]

    def __init__(
        self,
        records: int = 0,
        ok: int = 0,
        mismatched: int = 0,
        erroneous: int = 0,
        mismatches: Iterable[Mismatch] = (),
        errors: Iterable[RowError] = (),
        by_field: Mapping[str, int] | None = None,
        provisional: int = 0,
        *,
        lines: int = 0,
        warnings: Iterable[str] = (),
        duplicate_ids: int = 0,
        duplicates: Iterable[DuplicateId] = (),
    ) -> None:
        _set = object.__setattr__
        _set(self, "records", records)
        _set(self, "ok", ok)
        _set(self, "mismatched", mismatched)
        _set(self, "erroneous", erroneous)
        _set(self, "mismatches", tuple(mismatches))
        _set(self, "errors", tuple(errors))
        _set(self, "_by_field", tuple(sorted((by_field or {}).items())))
        _set(self, "provisional", provisional)
        _set(self, "lines", lines)
        _set(self, "warnings", tuple(warnings))
        _set(self, "duplicate_ids", duplicate_ids)
        _set(self, "duplicates", tuple(duplicates))

    @property
    def by_field(self) -> dict[str, int]:
        """Mismatches per field (``due_date``, ``status``), by field name (a new dict)."""
        return dict(self._by_field)

    @property
    def checked(self) -> int:
        """Rows recomputed: ``ok + mismatched`` (``records = checked + erroneous``)."""
        return self.ok + self.mismatched

    @property
    def clean(self) -> bool:
        """Whether no mismatch and no bad row was found."""
        return not self.mismatched and not self.erroneous

    def merge(self, *others: CheckReport) -> CheckReport:
        r"""The report of this part of a file followed by ``others``, in order.

        Counts add up, findings are concatenated and warnings said once: checking a file in
        parts and merging the parts' reports in file order gives the report of the whole file,
        except that an id repeated across two parts is not seen (each part counts its own
        duplicate ids).

        Examples:
            >>> import io
            >>> from kyluat.check import check_stream
            >>> head = "id,received_at,limit,due_date\n"
            >>> a = check_stream(io.StringIO(head + "A,2026-03-03,5 ngày làm việc,2026-03-10\n"),
            ...                  "csv")
            >>> b = check_stream(io.StringIO(head + "B,2025-12-31,5 ngày làm việc,2026-01-08\n"),
            ...                  "csv")
            >>> both = a.merge(b)
            >>> both.records, both.ok, both.mismatched, both.by_field, both.lines
            (2, 1, 1, {'due_date': 1}, 4)
        """
        tally = Tally()
        tally.absorb(self)
        for other in others:
            tally.absorb(other)
        return tally.report()

    def __repr__(self) -> str:
        return (
            f"CheckReport(records={self.records}, ok={self.ok}, mismatched={self.mismatched}, "
            f"erroneous={self.erroneous}, provisional={self.provisional}, "
            f"by_field={self.by_field!r}, lines={self.lines}, "
            f"duplicate_ids={self.duplicate_ids}, warnings={len(self.warnings)}, "
            f"mismatches={len(self.mismatches)} found, errors={len(self.errors)} found)"
        )

    def to_dict(self) -> dict[str, object]:
        """The full report (public contract).

        Keys ``records``, ``checked``, ``mismatches``, ``errors``, ``summary`` (``records``,
        ``ok``, ``mismatched``, ``erroneous``, ``provisional``, ``mismatches_by_field``,
        ``lines``, ``duplicate_ids``), ``warnings`` (texts) and ``duplicates``
        (``{"row", "id"}``, the first 1,000).
        """
        return {
            "records": self.records,
            "checked": self.checked,
            "mismatches": [m.to_dict() for m in self.mismatches],
            "errors": [e.to_dict() for e in self.errors],
            "summary": self.summary(),
            "warnings": list(self.warnings),
            "duplicates": [d.to_dict() for d in self.duplicates],
        }

    def summary(self) -> dict[str, object]:
        """The ``summary`` of [`to_dict`][kyluat.check.CheckReport.to_dict]: the counts."""
        return {
            "records": self.records,
            "ok": self.ok,
            "mismatched": self.mismatched,
            "erroneous": self.erroneous,
            "provisional": self.provisional,
            "mismatches_by_field": dict(self._by_field),
            "lines": self.lines,
            "duplicate_ids": self.duplicate_ids,
        }


def in_row_order(report: CheckReport) -> Iterator[Finding]:
    """A report's mismatches and errors together, in row order (a row has one kind only)."""
    return heapq.merge(report.mismatches, report.errors, key=_row)


def _row(finding: Finding) -> int:
    return finding.row


class SeenIds:
    """The ids met so far, to find the rows repeating one (private accumulator, not a value).

    While ids come in increasing order, as many exports list them, they are only kept in a list:
    an id greater than every earlier one repeats none. At the first id out of order they go
    into a set, which every later id is looked up in.
    """

    __slots__ = ("last", "ordered", "seen")

    def __init__(self) -> None:
        self.ordered: list[str] = []
        self.last = ""
        self.seen: set[str] | None = None

    def repeats(self, row_id: str) -> bool:
        """Whether ``row_id`` (not empty) was met before; it is met now."""
        seen = self.seen
        if seen is None:
            if row_id > self.last:
                self.ordered.append(row_id)
                self.last = row_id
                return False
            seen = self.seen = set(self.ordered)
            self.ordered = []
        known = len(seen)
        seen.add(row_id)
        return len(seen) == known

    def repeated(self, row: int, ids: list[str]) -> Iterator[tuple[int, str]]:
        """The rows repeating an id: ``ids`` are those of the rows after ``row``, in turn.

        ``""`` is a row without an id; a batch repeating none is seen at the speed of sets.
        """
        present = [row_id for row_id in ids if row_id]
        if not present:
            return
        seen = self.seen
        if seen is None:
            if present[0] > self.last and all(map(operator.lt, present, present[1:])):
                self.ordered.extend(present)
                self.last = present[-1]
                return
        elif len(set(present)) == len(present) and seen.isdisjoint(present):
            seen.update(present)
            return
        for number, row_id in enumerate(ids, start=row + 1):
            if row_id and self.repeats(row_id):
                yield number, row_id


class Tally:
    """Counts rows one at a time and gives the report (private accumulator, not a value).

    With ``keep_findings`` false, findings are counted and not kept; ``on_finding`` is called
    with each finding in row order; with ``ids`` false, duplicate ids are not looked for (the
    rows' ids are seen by another tally, in file order).
    """

    __slots__ = (
        "by_field",
        "duplicate_ids",
        "duplicates",
        "erroneous",
        "errors",
        "ids",
        "keep",
        "lines",
        "mismatched",
        "mismatches",
        "ok",
        "on_finding",
        "provisional",
        "records",
        "unknown_keys",
        "unknown_more",
        "warnings",
    )

    def __init__(
        self,
        *,
        keep_findings: bool = True,
        on_finding: Callable[[Finding], None] | None = None,
        ids: bool = True,
    ) -> None:
        self.records = self.ok = self.mismatched = self.erroneous = self.provisional = 0
        self.lines = self.duplicate_ids = 0
        self.mismatches: list[Mismatch] = []
        self.errors: list[RowError] = []
        self.by_field: dict[str, int] = {}
        self.warnings: dict[str, None] = {}  # in order, each once
        self.duplicates: list[DuplicateId] = []
        self.ids = SeenIds() if ids else None
        self.keep = keep_findings
        self.on_finding = on_finding
        self.unknown_keys: dict[str, int] = {}
        self.unknown_more = False

    def add(self, result: RowResult) -> None:
        """Count one row's result."""
        number, row_id, _, deadline, _, mismatches, error, _, _, _ = result._v
        self.records += 1
        if deadline is not None and deadline.provisional:
            self.provisional += 1
        if error is not None:
            self.erroneous += 1
            if self.keep:
                self.errors.append(error)
            if self.on_finding is not None:
                self.on_finding(error)
        elif mismatches:
            self.mismatched += 1
            if self.keep:
                self.mismatches.extend(mismatches)
            by_field = self.by_field
            for mismatch in mismatches:
                by_field[mismatch.field] = by_field.get(mismatch.field, 0) + 1
                if self.on_finding is not None:
                    self.on_finding(mismatch)
        else:
            self.ok += 1
        ids = self.ids
        if ids is not None and row_id:
            if ids.seen is None and row_id > ids.last:  # in order: repeats none (inlined)
                ids.ordered.append(row_id)
                ids.last = row_id
            elif ids.repeats(row_id):
                self.duplicate(number, row_id)

    def duplicate(self, row: int, row_id: str) -> None:
        """Count a row repeating an earlier row's id."""
        self.duplicate_ids += 1
        if len(self.duplicates) < MAX_DUPLICATES_LISTED:
            self.duplicates.append(DuplicateId(row, row_id))

    def see_ids(self, row: int, ids: list[str]) -> None:
        """Look for duplicates among the ids of rows counted with `absorb`, in file order.

        ``ids`` holds the id of each row after ``row`` in turn (``""``: none, a blank line).
        """
        assert self.ids is not None
        for number, row_id in self.ids.repeated(row, ids):
            self.duplicate(number, row_id)

    def warn(self, *warnings: str) -> None:
        """Say each warning once."""
        for warning in warnings:
            self.warnings[warning] = None

    def absorb(self, report: CheckReport) -> None:
        """Count a part's report after the rows counted so far."""
        self.records += report.records
        self.ok += report.ok
        self.mismatched += report.mismatched
        self.erroneous += report.erroneous
        self.provisional += report.provisional
        self.lines += report.lines
        if self.keep:
            self.mismatches.extend(report.mismatches)
            self.errors.extend(report.errors)
        if self.on_finding is not None:
            for finding in in_row_order(report):
                self.on_finding(finding)
        for name, count in report._by_field:
            self.by_field[name] = self.by_field.get(name, 0) + count
        self.warn(*report.warnings)
        self.duplicate_ids += report.duplicate_ids
        room = MAX_DUPLICATES_LISTED - len(self.duplicates)
        self.duplicates.extend(report.duplicates[: max(room, 0)])

    def report(self) -> CheckReport:
        """The report of the rows counted."""
        warnings = tuple(self.warnings)
        if self.unknown_keys:
            warnings += (unknown_keys_warning(self.unknown_keys, more=self.unknown_more),)
        return CheckReport._build(
            records=self.records,
            ok=self.ok,
            mismatched=self.mismatched,
            erroneous=self.erroneous,
            mismatches=tuple(self.mismatches),
            errors=tuple(self.errors),
            _by_field=tuple(sorted(self.by_field.items())),
            provisional=self.provisional,
            lines=self.lines,
            warnings=warnings,
            duplicate_ids=self.duplicate_ids,
            duplicates=tuple(self.duplicates),
        )
