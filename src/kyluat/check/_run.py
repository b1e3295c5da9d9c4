"""Running a check over an open stream or a file: in this process or in worker processes."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import IO

from kyluat._moments import parse_moment as _parse_moment
from kyluat.calendar import WorkCalendar
from kyluat.check._readers import FileFormat, as_format, format_of, read_records
from kyluat.check._report import CheckReport, RowResult, Tally
from kyluat.check._rows import RowChecker, error_result
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import DataError, InvalidInputError, ProvisionalDataWarning
from kyluat.office_hours import OfficeHours

__all__ = ["check_file", "check_stream", "iter_results", "parse_moment"]


def parse_moment(text: str, field: str) -> date | datetime:
    """A date, or a moment (aware; no offset means Vietnam time), from ISO or D/M/YYYY text.

    kyluat's one rule for text typed by people: see the design page, "Time".

    Raises:
        InvalidInputError: The text names no real date or moment.

    Examples:
        >>> parse_moment("03/03/2026 09:15", "received_at").isoformat()
        '2026-03-03T09:15:00+07:00'
    """
    return _parse_moment(text, field=field)


def _results(
    stream: IO[str], file_format: FileFormat | str, checker: RowChecker
) -> Iterator[RowResult]:
    check = checker.check
    for number, record in read_records(stream, file_format):
        if isinstance(record, str):
            yield error_result(number, "", {}, record)
        else:
            yield check(number, record)


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

    Rows depending on a year not yet officially announced are counted in the report's
    ``provisional`` instead of warning row by row.

    Args:
        stream: The file's text.
        file_format: ``"csv"`` or ``"jsonl"``.
        calendar: Working calendar (default: the public sector's).
        office_hours: Office sessions (default: kyluat's).
        policy: Deadline policy (default: kyluat's, see "How a deadline is computed").
        on_row: Called with each row's result (progress, streaming output); with ``jobs`` above
            1 it is not called.
        jobs: Worker processes (1: check in this process). Results are the same in the same
            order; batches of rows are checked in parallel, at most two per worker in flight.
        on_batch: With ``jobs`` above 1, called with the number of rows of each finished batch.

    Returns:
        The report of every row.

    Raises:
        DataError: The file is unusable (format, header, required columns).
        InvalidInputError: ``jobs`` is below 1.
    """
    if type(jobs) is not int or jobs < 1:
        raise InvalidInputError("must be a whole number >= 1", field="jobs")
    if jobs > 1:
        from kyluat.check._pool import check_parallel  # only large files need processes

        kind = as_format(file_format)
        return check_parallel(stream, kind, jobs, (calendar, office_hours, policy), on_batch)
    tally = Tally()
    add = tally.add
    with warnings.catch_warnings():  # counted in the report's provisional instead, once per row
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for result in _results(stream, file_format, RowChecker(calendar, office_hours, policy)):
            add(result)
            if on_row is not None:
                on_row(result)
    return tally.report()


def _open(path: str) -> IO[str]:
    return open(path, encoding="utf-8-sig", newline="")


def _unreadable(path: str, exc: OSError | UnicodeDecodeError) -> DataError:
    if isinstance(exc, UnicodeDecodeError):
        return DataError(f"{path!r} is not UTF-8 text", field="file")
    return DataError(f"cannot read {path!r}: {exc.strerror or exc}", field="file")


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

    ``jobs``, ``on_row`` and ``on_batch`` are as for
    [check_stream][kyluat.check.check_stream].

    Returns:
        The report of every row.

    Raises:
        DataError: The file cannot be opened or is unusable.
    """
    kind = format_of(path) if file_format is None else file_format
    try:
        with _open(path) as stream:
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
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc) from None


def iter_results(
    path: str,
    *,
    file_format: FileFormat | str | None = None,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
) -> Iterator[RowResult]:
    """Check a CSV or JSON Lines file lazily: each row's result as the file is read.

    For consumers that need every row, such as [summarise][kyluat.metrics.summarise], in
    constant memory. A row depending on a year not yet officially announced warns as computing
    its deadline does (its ``deadline.provisional`` is set).

    Args:
        path: The file.
        file_format: ``"csv"`` or ``"jsonl"`` (default: from the extension).
        calendar: Working calendar (default: the public sector's).
        office_hours: Office sessions (default: kyluat's).
        policy: Deadline policy (default: kyluat's).

    Yields:
        One result per row, in file order.

    Raises:
        DataError: The file cannot be opened or is unusable (raised when iteration starts).
    """
    kind = format_of(path) if file_format is None else file_format
    checker = RowChecker(calendar, office_hours, policy)
    try:
        with _open(path) as stream:
            yield from _results(stream, kind, checker)
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc) from None
