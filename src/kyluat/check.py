r"""Re-check the deadlines and statuses an existing agency system recorded (``kyluat check``).

Reads CSV or JSON Lines one record at a time (constant memory whatever the file's length),
recomputes each record's deadline and outcome with :func:`~kyluat.compute_deadline` (or an
:class:`~kyluat.SlaClock` when the record has pauses) and reports every difference. Rows it
cannot read are reported as errors and checking goes on: every row ends up ``ok``,
``mismatched`` or ``erroneous``.

Columns (the header of a CSV file, the keys of a JSON object):

- ``id`` (required): the record's id.
- ``received_at`` (required): date or moment of receipt, ISO or DD/MM/YYYY; a moment without
  an offset is Vietnam time.
- ``limit`` (required): the limit as published, "5 ngày làm việc", "8 giờ làm việc",
  "5 working days".
- ``due_date`` (required): the deadline the system recorded (a date; a time after it is
  ignored).
- ``finished_at``: when the result was ready (date or moment).
- ``status``: early / on_time / late, or trước hạn / đúng hạn / quá hạn.
- ``unit``, ``procedure``, ``person``: for reports.
- ``pauses``: JSON list of paused intervals, ``[["2026-03-06", "2026-03-11"]]`` or
  ``[{"from": ..., "to": ...}]``; the clock pauses and resumes (LAW.md §9.6).

Examples:
    >>> import io
    >>> text = (
    ...     "id,received_at,limit,due_date,finished_at,status\n"
    ...     "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,early\n"
    ...     "B,2025-12-31,5 ngày làm việc,2026-01-08,,\n"
    ...     "C,2026-02-30,5 ngày làm việc,2026-03-10,,\n"
    ... )
    >>> report = check_stream(io.StringIO(text), "csv")
    >>> report.records, report.ok, report.mismatched, report.erroneous
    (3, 1, 1, 1)
    >>> report.mismatches[0].field, report.mismatches[0].expected, report.mismatches[0].found
    ('due_date', '2026-01-09', '2026-01-08')
"""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import IO, Final, NamedTuple

from kyluat._moments import local_day
from kyluat._moments import parse_moment as _parse_moment
from kyluat._text import fold
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.deadline import Deadline, DeadlinePolicy, compute_deadline
from kyluat.duration import Duration
from kyluat.errors import DataError, InvalidInputError, KyluatError, ProvisionalDataWarning
from kyluat.office_hours import OfficeHours

__all__ = [
    "REQUIRED_COLUMNS",
    "CheckReport",
    "FileFormat",
    "Mismatch",
    "RowError",
    "RowResult",
    "check_file",
    "check_stream",
    "read_records",
]

REQUIRED_COLUMNS: Final = ("id", "received_at", "limit", "due_date")


class FileFormat(StrEnum):
    """Input formats."""

    CSV = "csv"
    JSONL = "jsonl"


_STATUS_WORDS: Final = {
    "early": "early",
    "truoc han": "early",
    "on_time": "on_time",
    "on time": "on_time",
    "dung han": "on_time",
    "late": "late",
    "qua han": "late",
}


_fold = fold


def _status(text: str) -> str:
    word = _STATUS_WORDS.get(text) or _STATUS_WORDS.get(_fold(text))
    if word is None:
        raise InvalidInputError(
            f"unknown status {text!r}; expected early / on_time / late or trước hạn / đúng hạn / "
            "quá hạn",
            field="status",
        )
    return word


def parse_moment(text: str, field: str) -> date | datetime:
    """A date, or a moment (aware; no offset means Vietnam time), from ISO or D/M/YYYY text.

    kyluat's one rule for text typed by people: see the design page, "Time".

    Raises:
        InvalidInputError: The text names no real date or moment.
    """
    return _parse_moment(text, field=field)


_local_day = local_day


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A recorded value that differs from the recomputed one."""

    row: int
    id: str
    field: str
    expected: str
    found: str
    trace: tuple[dict[str, str], ...] = ()

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


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that could not be checked."""

    row: int
    id: str
    message: str

    def to_dict(self) -> dict[str, object]:
        """JSON form ``{"row", "id", "message"}``."""
        return {"row": self.row, "id": self.id, "message": self.message}


class RowResult(NamedTuple):
    """What checking one row gave: its expected values and any mismatches or error.

    A named tuple: one is built for every row of files of millions of rows.
    """

    row: int
    id: str
    record: Mapping[str, str]
    deadline: Deadline | None
    expected_status: str | None
    mismatches: tuple[Mismatch, ...]
    error: RowError | None


@dataclass(slots=True)
class CheckReport:
    """Counts and findings of a check; rows are ``ok``, ``mismatched`` or ``erroneous``."""

    records: int = 0
    ok: int = 0
    mismatched: int = 0
    erroneous: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    by_field: dict[str, int] = field(default_factory=dict)
    provisional: int = 0
    """Rows whose expected deadline depends on a year not yet officially announced."""

    @property
    def checked(self) -> int:
        """Rows recomputed: ``ok + mismatched`` (``records = checked + erroneous``)."""
        return self.ok + self.mismatched

    @property
    def clean(self) -> bool:
        """Whether no mismatch and no bad row was found."""
        return not self.mismatched and not self.erroneous

    def add(self, result: RowResult) -> None:
        """Count one row's result."""
        self.records += 1
        if result.deadline is not None and result.deadline.provisional:
            self.provisional += 1
        if result.error is not None:
            self.erroneous += 1
            self.errors.append(result.error)
        elif result.mismatches:
            self.mismatched += 1
            self.mismatches.extend(result.mismatches)
            for mismatch in result.mismatches:
                self.by_field[mismatch.field] = self.by_field.get(mismatch.field, 0) + 1
        else:
            self.ok += 1

    def to_dict(self) -> dict[str, object]:
        """The full report (public contract): ``records``, ``checked``, ``mismatches``,
        ``errors``, ``summary``."""  # noqa: D205, D209
        return {
            "records": self.records,
            "checked": self.checked,
            "mismatches": [m.to_dict() for m in self.mismatches],
            "errors": [e.to_dict() for e in self.errors],
            "summary": {
                "records": self.records,
                "ok": self.ok,
                "mismatched": self.mismatched,
                "erroneous": self.erroneous,
                "provisional": self.provisional,
                "mismatches_by_field": dict(sorted(self.by_field.items())),
            },
        }


def read_records(
    stream: IO[str], file_format: FileFormat | str
) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Yield (row number, record) one at a time; a JSON line that is not an object yields the
    error message instead of a record. Row numbers count data rows from 1.

    Raises:
        DataError: The file is unusable: unknown format, no header, or required columns missing.
    """  # noqa: D205
    kind = _format(file_format)
    if kind is FileFormat.CSV:
        reader = csv.reader(stream)
        header = next(reader, None)
        if header is None:
            raise DataError("the file is empty: no header row", field="file")
        names = _header(header)
        yield from _csv_records(reader, names, 1)
        return
    yield from _json_records(stream, 1)


def _format(value: FileFormat | str) -> FileFormat:
    try:
        return FileFormat(value)
    except ValueError:
        message = f"unknown format {value!r}; expected csv or jsonl"
        raise DataError(message, field="format") from None


def _header(names: list[str]) -> list[str]:
    names = [name.strip().lstrip("\ufeff") for name in names]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise DataError(
            f"required columns missing: {', '.join(missing)} (found: {', '.join(names)})",
            field="file",
        )
    return names


def _csv_records(
    rows: Iterable[list[str]], names: list[str], first: int
) -> Iterator[tuple[int, dict[str, str] | str]]:
    width = len(names)
    for number, values in enumerate(rows, start=first):
        if len(values) != width:
            if not values:
                continue  # a blank line
            yield number, f"expected {width} fields, found {len(values)}"
            continue
        yield number, dict(zip(names, values, strict=True))


def _json_records(lines: Iterable[str], first: int) -> Iterator[tuple[int, dict[str, str] | str]]:
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON: {exc.msg} at column {exc.colno}"
            continue
        if not isinstance(value, dict):
            yield number, "a JSON Lines record must be an object"
            continue
        yield number, {k: "" if v is None else str(v) for k, v in value.items()}


class _Checker:
    """Checks rows one at a time with a fixed configuration and a few caches."""

    def __init__(
        self,
        calendar: WorkCalendar | None,
        office_hours: OfficeHours | None,
        policy: DeadlinePolicy | None,
    ) -> None:
        self.calendar = default_calendar() if calendar is None else calendar
        self.office_hours = office_hours
        self.policy = policy
        self.limits: dict[str, Duration] = {}
        # Records received on a date (no time) share deadlines: (date text, limit text) -> ...
        self.by_date: dict[tuple[str, str], Deadline] = {}

    def limit(self, text: str) -> Duration:
        duration = self.limits.get(text)
        if duration is None:
            duration = Duration.parse(text)
            if len(self.limits) < 10_000:  # published limits are few; never grow unbounded
                self.limits[text] = duration
        return duration

    def check(self, number: int, record: Mapping[str, str]) -> RowResult:
        row_id = record.get("id", "").strip()
        try:
            return self._check(number, row_id, record)
        except KyluatError as exc:
            message = str(exc)
        except (TypeError, ValueError) as exc:  # malformed pauses and the like
            message = f"unreadable row: {exc}"
        return RowResult(number, row_id, record, None, None, (), RowError(number, row_id, message))

    def _check(self, number: int, row_id: str, record: Mapping[str, str]) -> RowResult:
        get = record.get
        received_text = get("received_at", "").strip()
        limit_text = get("limit", "")
        due_text = get("due_date", "").strip()
        if not (row_id and received_text and limit_text.strip() and due_text):
            for column in REQUIRED_COLUMNS:
                if not get(column, "").strip():
                    raise InvalidInputError("is empty or missing", field=column)
        received = parse_moment(received_text, "received_at")
        duration = self.limits.get(limit_text) or self.limit(limit_text)
        recorded_due = parse_moment(due_text[:10], "due_date")
        finished_text = get("finished_at", "").strip()
        received_day = received if type(received) is date else _local_day(received)
        finished = None
        if finished_text:
            finished = parse_moment(finished_text, "finished_at")
            if _local_day(finished) < received_day:
                raise InvalidInputError("finished before it was received", field="finished_at")
        pauses = get("pauses", "").strip()
        if pauses and pauses != "[]":
            deadline, due_date = self._with_pauses(received, duration, pauses)
        else:
            key = (received_text, limit_text)
            cached = self.by_date.get(key) if type(received) is date else None
            if cached is None:
                cached = compute_deadline(
                    received,
                    duration,
                    calendar=self.calendar,
                    office_hours=self.office_hours,
                    policy=self.policy,
                )
                if type(received) is date and len(self.by_date) < 100_000:
                    self.by_date[key] = cached
            deadline = cached
            due_date = deadline.due_date
        mismatches: list[Mismatch] = []
        if due_date != recorded_due:
            mismatches.append(
                Mismatch(
                    number,
                    row_id,
                    "due_date",
                    due_date.isoformat(),
                    due_text,
                    _trace(deadline),
                )
            )
        expected_status = None
        if finished is not None:
            day = _local_day(finished)
            expected_status = (
                "early" if day < due_date else "on_time" if day == due_date else "late"
            )
        status_text = get("status", "").strip()
        if status_text:
            found = _status(status_text)
            if expected_status is None:
                raise InvalidInputError("a status needs finished_at", field="status")
            if found != expected_status:
                mismatches.append(
                    Mismatch(
                        number, row_id, "status", expected_status, status_text, _trace(deadline)
                    )
                )
        return RowResult(number, row_id, record, deadline, expected_status, tuple(mismatches), None)

    def _with_pauses(
        self, received: date | datetime, duration: Duration, text: str
    ) -> tuple[Deadline, date]:
        from kyluat.sla import SlaClock  # only rows with pauses need clocks (pydantic)

        try:
            intervals = json.loads(text)
        except json.JSONDecodeError:
            raise InvalidInputError("not a JSON list of intervals", field="pauses") from None
        if not isinstance(intervals, list):
            raise InvalidInputError("not a JSON list of intervals", field="pauses")
        clock = SlaClock.start(
            received,
            duration,
            calendar=self.calendar,
            office_hours=self.office_hours,
            policy=self.policy,
        )
        for interval in intervals:
            if isinstance(interval, dict):
                start, end = interval.get("from"), interval.get("to")
            elif isinstance(interval, list) and len(interval) == 2:
                start, end = interval
            else:
                raise InvalidInputError("each pause is [from, to] or {from, to}", field="pauses")
            clock = clock.pause(parse_moment(str(start), "pauses"), reason="other", note="pause")
            clock = clock.resume(parse_moment(str(end), "pauses"))
        due = clock.due_date
        assert due is not None
        return clock.deadline, due


def _trace(deadline: Deadline) -> tuple[dict[str, str], ...]:
    return tuple(step.to_dict() for step in deadline.trace)


# --- Parallel checking -------------------------------------------------------------------------

_worker: _Checker | None = None
_Batch = tuple[FileFormat, list[str] | None, int, list[str]]
_BatchResult = tuple[int, int, int, list[Mismatch], list[RowError], dict[str, int], int]


def _init_worker(
    calendar: WorkCalendar | None, office_hours: OfficeHours | None, policy: DeadlinePolicy | None
) -> None:
    global _worker  # one checker per worker process
    warnings.simplefilter("ignore")  # the parent reports; workers only count
    _worker = _Checker(calendar, office_hours, policy)


def _check_batch(batch: _Batch) -> _BatchResult:
    """Parse and check a batch of raw records (the parent only splits the text)."""
    assert _worker is not None
    kind, names, first, lines = batch
    records = (
        _csv_records(csv.reader(lines), names or [], first)
        if kind is FileFormat.CSV
        else _json_records(lines, first)
    )
    report = CheckReport()
    for number, record in records:
        if isinstance(record, str):
            report.add(RowResult(number, "", {}, None, None, (), RowError(number, "", record)))
        else:
            report.add(_worker.check(number, record))
    return (
        report.records,
        report.ok,
        report.mismatched,
        report.mismatches,
        report.errors,
        report.by_field,
        report.provisional,
    )


def _raw_batches(stream: IO[str], kind: FileFormat, size: int) -> Iterator[tuple[int, list[str]]]:
    """Split the text into batches of whole records without parsing them.

    A CSV record continues over line breaks while it has an odd number of quotes (RFC 4180
    doubles the quotes inside a field, so the parity is exact).
    """
    first, batch, pending = 1, [], ""
    for line in stream:
        if kind is FileFormat.CSV:
            pending += line
            if pending.count('"') % 2:
                continue
            line, pending = pending, ""
        batch.append(line)
        if len(batch) == size:
            yield first, batch
            first += size
            batch = []
    if pending:
        batch.append(pending)
    if batch:
        yield first, batch


def _check_parallel(
    stream: IO[str],
    kind: FileFormat,
    jobs: int,
    checker_args: tuple[WorkCalendar | None, OfficeHours | None, DeadlinePolicy | None],
    on_batch: Callable[[int], None] | None,
) -> CheckReport:
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    names: list[str] | None = None
    if kind is FileFormat.CSV:
        header_text = ""
        for line in stream:
            header_text += line
            if not header_text.count('"') % 2:
                break
        header = next(csv.reader([header_text]), None) if header_text.strip() else None
        if header is None:
            raise DataError("the file is empty: no header row", field="file")
        names = _header(header)
    report = CheckReport()
    pending: deque[Future[_BatchResult]] = deque()

    def collect(future: Future[_BatchResult]) -> None:
        records, ok, mismatched, mismatches, errors, by_field, provisional = future.result()
        report.records += records
        report.provisional += provisional
        report.ok += ok
        report.mismatched += mismatched
        report.mismatches.extend(mismatches)
        report.erroneous += len(errors)
        report.errors.extend(errors)
        for name, count in by_field.items():
            report.by_field[name] = report.by_field.get(name, 0) + count
        if on_batch is not None:
            on_batch(records)

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=checker_args) as pool:
        for first, lines in _raw_batches(stream, kind, 4_000):
            pending.append(pool.submit(_check_batch, (kind, names, first, lines)))
            if len(pending) > 2 * jobs:  # bounded: memory does not grow with the file
                collect(pending.popleft())
        while pending:
            collect(pending.popleft())
    return report


def check_stream(
    stream: IO[str],
    file_format: FileFormat | str,
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
    on_row: Callable[[RowResult], None] | None = None,
    jobs: int = 1,
    on_batch: Callable[[int], None] | None = None,
) -> CheckReport:
    """Check every record of an open text stream.

    Args:
        stream: The file's text.
        file_format: ``"csv"`` or ``"jsonl"``.
        calendar: Working calendar (default: the public sector's).
        office_hours: Office sessions (default: kyluat's).
        policy: Deadline policy (default: LAW.md §9).
        on_row: Called with each row's result (progress, streaming output); with ``jobs`` above
            1 it is not called.
        jobs: Worker processes (1: check in this process). Results are the same in the same
            order; batches of rows are checked in parallel, at most two per worker in flight.
        on_batch: With ``jobs`` above 1, called with the number of rows of each finished batch.

    Raises:
        DataError: The file is unusable (format, header, required columns).
        InvalidInputError: ``jobs`` is below 1.
    """
    if type(jobs) is not int or jobs < 1:
        raise InvalidInputError("must be a whole number >= 1", field="jobs")
    if jobs > 1:
        kind = _format(file_format)
        return _check_parallel(stream, kind, jobs, (calendar, office_hours, policy), on_batch)
    checker = _Checker(calendar, office_hours, policy)
    report = CheckReport()
    with warnings.catch_warnings():  # counted in report.provisional instead, once per row
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for number, record in read_records(stream, file_format):
            if isinstance(record, str):
                result = RowResult(number, "", {}, None, None, (), RowError(number, "", record))
            else:
                result = checker.check(number, record)
            report.add(result)
            if on_row is not None:
                on_row(result)
    return report


def format_of(path: str) -> FileFormat:
    """The format a file name implies (``.csv``, ``.jsonl`` or ``.ndjson``).

    Raises:
        DataError: The extension says neither.
    """
    lowered = path.lower()
    if lowered.endswith(".csv"):
        return FileFormat.CSV
    if lowered.endswith((".jsonl", ".ndjson")):
        return FileFormat.JSONL
    raise DataError(
        f"cannot tell the format of {path!r} from its extension; pass --format csv|jsonl",
        field="format",
    )


def check_file(
    path: str,
    *,
    file_format: FileFormat | str | None = None,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
    on_row: Callable[[RowResult], None] | None = None,
    jobs: int = 1,
    on_batch: Callable[[int], None] | None = None,
) -> CheckReport:
    """Check a CSV or JSON Lines file (format from ``file_format`` or the extension).

    ``jobs``, ``on_row`` and ``on_batch`` are as for :func:`check_stream`.

    Raises:
        DataError: The file cannot be opened or is unusable.
    """
    kind = format_of(path) if file_format is None else file_format
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            return check_stream(
                stream,
                kind,
                calendar=calendar,
                office_hours=office_hours,
                policy=policy,
                on_row=on_row,
                jobs=jobs,
                on_batch=on_batch,
            )
    except OSError as exc:
        raise DataError(f"cannot read {path!r}: {exc.strerror or exc}", field="file") from None
    except UnicodeDecodeError:
        raise DataError(f"{path!r} is not UTF-8 text", field="file") from None
