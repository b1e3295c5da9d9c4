"""Checking a file in worker processes: the parent splits the text, workers check and count.

The parent reads the header once, then only splits the text into batches of whole records
(without parsing them); each worker parses and checks a batch and sends back the batch's
[`CheckReport`][kyluat.check.CheckReport]. The parent merges the partial reports in file order
([`CheckReport.merge`][kyluat.check.CheckReport.merge]), so the result is the report of the whole
file, the same as when checking in one process.
"""

from __future__ import annotations

import csv
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from typing import IO, Final

from kyluat.calendar import WorkCalendar
from kyluat.check._readers import FileFormat, csv_records, json_records, read_header
from kyluat.check._report import CheckReport, Tally
from kyluat.check._rows import RowChecker, error_result
from kyluat.deadline import DeadlinePolicy
from kyluat.office_hours import OfficeHours

__all__ = ["BATCH_ROWS", "check_parallel"]

BATCH_ROWS: Final = 4_000
"""Records per batch sent to a worker."""

_Batch = tuple[FileFormat, list[str] | None, int, list[str]]
_Settings = tuple[WorkCalendar | None, OfficeHours | None, DeadlinePolicy | None]

_worker: RowChecker | None = None


def _init_worker(
    calendar: WorkCalendar | None, office_hours: OfficeHours | None, policy: DeadlinePolicy | None
) -> None:
    global _worker  # one checker per worker process
    warnings.simplefilter("ignore")  # the parent reports; workers only count
    _worker = RowChecker(calendar, office_hours, policy)


def _check_batch(batch: _Batch) -> CheckReport:
    """Parse and check a batch of raw records: the batch's partial report."""
    assert _worker is not None
    kind, names, first, lines = batch
    records = (
        csv_records(csv.reader(lines), names or [], first)
        if kind is FileFormat.CSV
        else json_records(lines, first)
    )
    tally = Tally()
    check = _worker.check
    for number, record in records:
        if isinstance(record, str):
            tally.add(error_result(number, "", {}, record))
        else:
            tally.add(check(number, record))
    return tally.report()


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


def check_parallel(
    stream: IO[str],
    kind: FileFormat,
    jobs: int,
    settings: _Settings,
    on_batch: Callable[[int], None] | None,
) -> CheckReport:
    """Check ``stream`` in ``jobs`` worker processes; at most two batches per worker in flight.

    Raises:
        DataError: The file is unusable (no header, required columns missing).
    """
    from concurrent.futures import Future, ProcessPoolExecutor

    names = read_header(stream) if kind is FileFormat.CSV else None
    parts: list[CheckReport] = []
    pending: deque[Future[CheckReport]] = deque()

    def collect(future: Future[CheckReport]) -> None:
        part = future.result()
        parts.append(part)
        if on_batch is not None:
            on_batch(part.records)

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=settings) as pool:
        for first, lines in _raw_batches(stream, kind, BATCH_ROWS):
            pending.append(pool.submit(_check_batch, (kind, names, first, lines)))
            if len(pending) > 2 * jobs:  # bounded: memory does not grow with the file
                collect(pending.popleft())
        while pending:
            collect(pending.popleft())
    return CheckReport().merge(*parts)
