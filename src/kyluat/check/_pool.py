"""Checking a file in worker processes: the parent delimits records, workers parse and check.

The parent reads the file's lines, its header and delimits records with the very reader a
check in one process uses ([`Reading`][kyluat.check._run.Reading]: no quote counting that could
disagree), and sends batches of whole records to the workers. Each worker parses and checks a
batch with the same code and sends back the batch's partial
[`CheckReport`][kyluat.check.CheckReport] (or, for [iter_results][kyluat.check.iter_results],
its results) with the ids it met; the parent counts them in file order, looks for duplicate
ids, and so gives the report a check in one process gives.
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Final, TypeVar

from kyluat.calendar import WorkCalendar
from kyluat.check._columns import Header, JsonKeys
from kyluat.check._readers import Parser, Piece
from kyluat.check._report import CheckReport, RowResult, Tally
from kyluat.check._rows import RowChecker
from kyluat.check._run import Reading, piece_results
from kyluat.deadline import DeadlinePolicy
from kyluat.office_hours import OfficeHours

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

__all__ = ["BATCH_ROWS", "check_parallel", "parallel_results"]

BATCH_ROWS: Final = 4_000
"""Records per batch sent to a worker."""

_Settings = tuple[WorkCalendar | None, OfficeHours | None, DeadlinePolicy | None]
_Batch = tuple[int, int, list[Piece], bool]  # row and line before it, pieces, keep findings
_Keys = tuple[dict[str, int], bool]  # unknown JSON keys met (key -> line), and more
_Part = tuple[CheckReport, list[str], _Keys]
_Results = tuple[list[RowResult], _Keys]
T = TypeVar("T")

_checker: RowChecker | None = None
_header: Header | None = None


def _init_worker(settings: _Settings, header: Header | None) -> None:
    global _checker, _header  # one checker per worker process
    warnings.simplefilter("ignore")  # the parent reports; workers only count
    _checker = RowChecker(*settings)
    _header = header


def _keys(parser: Parser) -> _Keys:
    return parser.keys.unknown, parser.keys.more


def _check_batch(batch: _Batch) -> _Part:
    """Parse and check a batch: its partial report and the ids of its rows."""
    assert _checker is not None
    row, line, pieces, keep = batch
    parser = Parser(_header)
    tally = Tally(keep_findings=keep, ids=False)
    add = tally.add
    ids = [""] * len(pieces)  # the id of each row of the batch, in turn
    for result in piece_results(pieces, row, line, parser, _checker):
        add(result)
        ids[result.row - row - 1] = result.id
    return tally.report(), ids, _keys(parser)


def _results_of_batch(batch: _Batch) -> _Results:
    """Parse and check a batch: every row's result."""
    assert _checker is not None
    row, line, pieces, _ = batch
    parser = Parser(_header)
    return list(piece_results(pieces, row, line, parser, _checker)), _keys(parser)


def _batches(reading: Reading, keep: bool) -> Iterator[_Batch]:
    """Batches of `BATCH_ROWS` whole records, each with the row and line before it."""
    size = BATCH_ROWS
    delimiter = reading.delimiter
    row, line = 0, delimiter.start
    batch: list[Piece] = []
    for piece in reading.pieces:
        batch.append(piece)
        if len(batch) == size:
            yield row, line, batch, keep
            row += size
            line, batch = delimiter.start + row + delimiter.extra, []
    if batch:
        yield row, line, batch, keep


def _in_order(
    reading: Reading,
    jobs: int,
    settings: _Settings,
    task: Callable[[_Batch], T],
    keep: bool,
) -> Iterator[T]:
    """The workers' answers for each batch, in file order; two batches per worker in flight."""
    from concurrent.futures import ProcessPoolExecutor

    pool: ProcessPoolExecutor = ProcessPoolExecutor(
        jobs, initializer=_init_worker, initargs=(settings, reading.header)
    )
    pending: deque[Future[T]] = deque()
    try:
        for batch in _batches(reading, keep):
            pending.append(pool.submit(task, batch))
            if len(pending) > 2 * jobs:  # bounded: memory does not grow with the file
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _count_keys(tally: Tally, keys: _Keys) -> None:
    """Remember a batch's unknown JSON keys after those of the batches before it."""
    unknown, more = keys
    known = tally.unknown_keys
    for key, line in unknown.items():
        if key not in known:
            if len(known) < JsonKeys.LIMIT:
                known[key] = line
            else:
                more = True
    tally.unknown_more = tally.unknown_more or more


def check_parallel(
    reading: Reading,
    jobs: int,
    settings: _Settings,
    tally: Tally,
    on_batch: Callable[[int], None] | None,
) -> None:
    """Check the rest of ``reading`` in ``jobs`` worker processes, counting into ``tally``."""
    reading.start(tally)
    keep = tally.keep or tally.on_finding is not None
    row = 0
    for part, ids, keys in _in_order(reading, jobs, settings, _check_batch, keep):
        tally.absorb(part)
        tally.see_ids(row, ids)
        row += len(ids)
        _count_keys(tally, keys)
        if on_batch is not None:
            on_batch(part.records)
    reading.finish(tally)


def parallel_results(
    reading: Reading, jobs: int, settings: _Settings, tally: Tally
) -> Iterator[RowResult]:
    """Every row's result of the rest of ``reading``, checked in ``jobs`` worker processes."""
    reading.start(tally)
    add = tally.add
    for results, keys in _in_order(reading, jobs, settings, _results_of_batch, False):
        for result in results:
            add(result)
            yield result
        _count_keys(tally, keys)
    reading.finish(tally)
