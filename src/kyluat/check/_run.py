"""Running a check over an open stream or a file: in this process or in worker processes."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import IO, Final

from kyluat._moments import parse_moment as _parse_moment
from kyluat._text import shown
from kyluat.calendar import WorkCalendar
from kyluat.check._readers import (
    Delimiter,
    FileFormat,
    Parser,
    Piece,
    as_format,
    format_of,
    open_lines,
    read_header,
)
from kyluat.check._report import CheckReport, Finding, RowResult, Tally
from kyluat.check._rows import RowChecker, error_result
from kyluat.check._source import Lines, as_encoding, is_binary
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import DataError, InvalidInputError, ProvisionalDataWarning
from kyluat.office_hours import OfficeHours

__all__ = [
    "ENGINES",
    "CheckRun",
    "Reading",
    "check_file",
    "check_stream",
    "columnar_installed",
    "iter_results",
    "parse_moment",
    "piece_results",
]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A file's path (text or a `pathlib.Path`), or an open stream of its text or bytes."""

_Settings = tuple[WorkCalendar | None, OfficeHours | None, DeadlinePolicy | None]


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


def piece_results(
    pieces: Iterable[Piece], row: int, line: int, parser: Parser, checker: RowChecker
) -> Iterator[RowResult]:
    """The results of the rows of ``pieces``; ``row`` and ``line`` are those before the first.

    The one path from pieces to results, in this process and in the workers.
    """
    check = checker.check
    record_of = parser.record
    extra = line - row  # the line a piece starts on is its row + extra
    for piece in pieces:
        row += 1
        parsed = record_of(piece, row + extra)
        if type(piece) is not str:
            extra += piece.lines - 1  # type: ignore[union-attr]
        if type(parsed) is dict:
            yield check(row, parsed)
        elif parsed is not None:  # None: a blank line, which keeps its number
            yield error_result(row, parsed[1], {}, parsed[0])  # type: ignore[index]


class Reading:
    """A file being read: its lines, header and delimiter, the same in one process or many."""

    __slots__ = ("delimiter", "header", "kind", "lines", "parser", "pieces")

    def __init__(self, lines: Lines, kind: FileFormat) -> None:
        """Read the header of a CSV file (raises `DataError` when the file is unusable)."""
        self.lines = lines
        self.kind = kind
        self.delimiter = Delimiter(lines)
        self.header = read_header(self.delimiter) if kind is FileFormat.CSV else None
        self.parser = Parser(self.header)
        self.pieces: Iterator[Piece] = (
            self.delimiter.csv_pieces(self.header.width)
            if self.header is not None
            else self.delimiter.jsonl_pieces()
        )

    def start(self, tally: Tally) -> None:
        """Give ``tally`` what the header says: its warnings."""
        if self.header is not None:
            tally.warn(*self.header.warnings)

    def rows(self, checker: RowChecker) -> Iterator[RowResult]:
        """Every row's result, checked in this process."""
        return piece_results(self.pieces, 0, self.delimiter.start, self.parser, checker)

    def results(self, checker: RowChecker, tally: Tally) -> Iterator[RowResult]:
        """Every row's result in this process, each counted by ``tally`` before it is given."""
        self.start(tally)
        add = tally.add
        for result in self.rows(checker):
            add(result)
            yield result
        self.finish(tally)

    def finish(self, tally: Tally) -> None:
        """Give ``tally`` what reading found beyond rows: lines, unknown JSON keys."""
        tally.lines = self.lines.number
        keys = self.parser.keys
        tally.unknown_keys.update(keys.unknown)
        tally.unknown_more = tally.unknown_more or keys.more


def _jobs(jobs: int) -> int:
    if type(jobs) is not int or jobs < 1:
        raise InvalidInputError("must be a whole number >= 1", field="jobs")
    return jobs


def check_stream(
    stream: IO[str] | IO[bytes],
    file_format: FileFormat | str,
    *,
    encoding: str = "utf-8",
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
    on_row: Callable[[RowResult], None] | None = None,
    jobs: int = 1,
    on_batch: Callable[[int], None] | None = None,
    keep_findings: bool = True,
    on_finding: Callable[[Finding], None] | None = None,
    engine: str = "auto",
) -> CheckReport:
    """Check every record of an open stream: text, or bytes (standard input's ``buffer``).

    Rows depending on a year not yet officially announced are counted in the report's
    ``provisional`` instead of warning row by row.

    Args:
        stream: The file's text, or its bytes (gzip-compressed or not) decoded with
            ``encoding``; the stream is read, not closed.
        file_format: ``"csv"`` or ``"jsonl"``.
        encoding: For bytes, one of `ENCODINGS`: ``utf-8`` (the default; a byte-order mark
            is accepted), ``utf-8-sig``, ``utf-16`` (with its byte-order mark), ``cp1258``
            (Windows-1258). A byte it cannot decode makes its row erroneous.
        calendar: Working calendar (default: the public sector's).
        office_hours: Office sessions (default: kyluat's).
        policy: Deadline policy (default: kyluat's, see "How a deadline is computed").
        on_row: Called with each row's result (progress, streaming output); with ``jobs`` above
            1 it is not called.
        jobs: Worker processes (1: check in this process). Results are the same in the same
            order; batches of rows are checked in parallel, at most two per worker in flight.
        on_batch: With ``jobs`` above 1, called with the number of rows of each finished batch.
        keep_findings: Keep every mismatch and error in the report (``False``: count them only,
            in constant memory; stream them with ``on_finding``).
        on_finding: Called with each mismatch and error in row order as it is found, whatever
            ``jobs`` is.
        engine: ``auto`` (default), ``row`` or ``columnar`` (see `ENGINES`): the report is
            the same whichever checks. ``auto`` takes the columnar engine (for JSON Lines, and
            CSV given as bytes) when the ``columnar`` extra is installed, ``jobs`` is 1 and
            ``on_row`` is not given; ``on_batch`` is then called with the rows of each block.

    Returns:
        The report of every row.

    Raises:
        DataError: The file is unusable (format, encoding, header, required columns, a column
            named twice, a file that cannot be read to its end).
        InvalidInputError: ``jobs`` is below 1; an unknown engine, or ``columnar`` without its
            extra, with ``jobs`` above 1 or with ``on_row``; a calendar, office hours or policy
            of the wrong type.
    """
    jobs = _jobs(jobs)
    kind = as_format(file_format)
    settings = (calendar, office_hours, policy)
    checker = RowChecker(*settings)  # the settings checked before anything is read
    if _engine(engine, kind, stream, on_row, jobs) == "columnar":
        if kind is FileFormat.JSONL:
            from kyluat.columnar._jsonl import check_jsonl  # the columnar extra, on use

            tally = Tally(keep_findings=keep_findings, on_finding=on_finding)
            return check_jsonl(stream, encoding, checker, tally, on_batch)
        from kyluat.columnar._files import check_csv  # the columnar extra, imported on use

        def whole(rest: IO[bytes]) -> CheckReport:
            return _check(rest, kind, encoding, settings, None, 1, None, tally, unzip=False)

        tally = Tally(keep_findings=keep_findings, on_finding=on_finding)
        return check_csv(stream, encoding, checker, tally, on_batch, whole)  # type: ignore[arg-type]
    tally = Tally(keep_findings=keep_findings, on_finding=on_finding)
    return _check(stream, kind, encoding, settings, on_row, jobs, on_batch, tally)


ENGINES: Final = ("auto", "row", "columnar")
"""Check engines: ``row`` checks a row at a time (any input, ``on_row``, worker processes);
``columnar`` checks blocks of records at once with the ``columnar`` extra (pyarrow), leaving
to the row engine what it cannot do; ``auto`` is ``columnar`` where it applies and is
installed."""


def columnar_installed() -> bool:
    """Whether the ``columnar`` extra (pyarrow, NumPy) is installed."""
    from importlib.util import find_spec

    return find_spec("pyarrow") is not None and find_spec("numpy") is not None


def _engine(
    engine: str,
    kind: FileFormat,
    stream: object,
    on_row: Callable[[RowResult], None] | None,
    jobs: int,
) -> str:
    """The engine that checks: ``row`` or ``columnar`` (see `ENGINES`)."""
    if engine not in ENGINES:
        raise InvalidInputError(
            f"unknown engine {shown(engine)}; expected one of {', '.join(ENGINES)}",
            field="engine",
        )
    if engine == "row":
        return "row"
    fits = (kind is FileFormat.JSONL or is_binary(stream)) and on_row is None and jobs == 1
    if engine == "auto":
        return "columnar" if fits and columnar_installed() else "row"
    if not columnar_installed():
        raise InvalidInputError(
            "the columnar engine needs the columnar extra: pip install 'kyluat[columnar]'",
            field="engine",
        )
    if jobs != 1 or on_row is not None:
        raise InvalidInputError(
            "the columnar engine runs in one process and gives no row results: use jobs=1 "
            "and no on_row, or the row engine",
            field="engine",
        )
    return "columnar" if fits else "row"  # CSV text streams: read row by row


def _check(
    stream: IO[str] | IO[bytes],
    kind: FileFormat,
    encoding: str,
    settings: _Settings,
    on_row: Callable[[RowResult], None] | None,
    jobs: int,
    on_batch: Callable[[int], None] | None,
    tally: Tally,
    *,
    unzip: bool = True,
) -> CheckReport:
    """The row engine's check of a stream into ``tally``."""
    lines, text = open_lines(stream, encoding, unzip=unzip)
    try:
        reading = Reading(lines, kind)
        if jobs > 1:
            from kyluat.check._pool import check_parallel  # only large files need processes

            check_parallel(reading, jobs, settings, tally, on_batch)
            return tally.report()
        reading.start(tally)
        add = tally.add
        with warnings.catch_warnings():  # counted in the report's provisional instead
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            for result in reading.rows(RowChecker(*settings)):
                add(result)
                if on_row is not None:
                    on_row(result)
        reading.finish(tally)
        return tally.report()
    finally:
        if text is not None:
            text.detach()  # the caller's stream stays open


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise DataError(f"cannot read {shown(path)}: {exc.strerror or exc}", field="file") from None


def check_file(
    path: str | os.PathLike[str],
    *,
    file_format: FileFormat | str | None = None,
    encoding: str = "utf-8",
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
    on_row: Callable[[RowResult], None] | None = None,
    jobs: int = 1,
    on_batch: Callable[[int], None] | None = None,
    keep_findings: bool = True,
    on_finding: Callable[[Finding], None] | None = None,
    engine: str = "auto",
) -> CheckReport:
    """Check a CSV or JSON Lines file (format from ``file_format`` or the extension).

    A gzip-compressed file (``records.csv.gz``) is read as its content. ``encoding``,
    ``jobs``, ``on_row``, ``on_batch``, ``keep_findings``, ``on_finding`` and ``engine`` are
    as for [check_stream][kyluat.check.check_stream].

    Returns:
        The report of every row.

    Raises:
        DataError: The file cannot be opened or is unusable.
    """
    path = os.fspath(path)
    kind = format_of(path) if file_format is None else as_format(file_format)
    _jobs(jobs)
    as_encoding(encoding)
    with _open(path) as stream:
        return check_stream(
            stream,
            kind,
            encoding=encoding,
            calendar=calendar,
            office_hours=office_hours,
            policy=policy,
            on_row=on_row,
            jobs=jobs,
            on_batch=on_batch,
            keep_findings=keep_findings,
            on_finding=on_finding,
            engine=engine,
        )


class CheckRun(Iterator[RowResult]):
    """The results of a check as the file is read, in row order, and the counts when done.

    Given by [iter_results][kyluat.check.iter_results]. Iterating keeps no finding in memory
    (each result carries its own); [`report`][kyluat.check.CheckRun.report] gives the counts
    of the rows given so far. ``close()`` stops reading (and the workers).
    """

    __slots__ = ("_results", "_tally")

    def __init__(self, results: Iterator[RowResult], tally: Tally) -> None:
        self._results = results
        self._tally = tally

    def __next__(self) -> RowResult:
        return next(self._results)

    def close(self) -> None:
        """Stop reading: the file is closed and worker processes end."""
        close = getattr(self._results, "close", None)
        if close is not None:
            close()

    def report(self) -> CheckReport:
        """The counts of the rows given so far, without findings (the results carried them).

        Once the run is exhausted it is the file's report: ``lines``, ``warnings``,
        ``duplicate_ids`` and ``duplicates`` included, ``mismatches`` and ``errors`` empty.
        """
        return self._tally.report()


_NO_FORMAT: Final = "pass file_format for a stream (csv or jsonl)"


def iter_results(
    source: Source,
    *,
    file_format: FileFormat | str | None = None,
    encoding: str = "utf-8",
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
    jobs: int = 1,
) -> CheckRun:
    """Check a CSV or JSON Lines file lazily: each row's result as the file is read.

    For consumers that need every row, such as [summarise][kyluat.metrics.summarise], in
    constant memory. In one process, a row depending on a year not yet officially announced
    warns as computing its deadline does (its ``deadline.provisional`` is set); worker
    processes do not warn.

    Args:
        source: The file's path, or an open stream of its text or bytes (standard input's
            ``buffer``); a stream is read, not closed.
        file_format: ``"csv"`` or ``"jsonl"`` (default: from the path's extension; required
            for a stream).
        encoding: For bytes: as for [check_stream][kyluat.check.check_stream].
        calendar: Working calendar (default: the public sector's).
        office_hours: Office sessions (default: kyluat's).
        policy: Deadline policy (default: kyluat's).
        jobs: Worker processes. Above 1, batches are checked in parallel and their results
            given in row order, at most two batches per worker in flight; every result is sent
            back whole, which for rows as cheap as most costs more than it saves (measure).

    Returns:
        A [`CheckRun`][kyluat.check.CheckRun]: iterate it for one result per row, in file
        order; its ``report()`` gives the counts.

    Raises:
        DataError: Unknown format or encoding, or no format for a stream (raised at once); the
            file cannot be opened or is unusable (raised when iteration starts).
        InvalidInputError: ``jobs`` is below 1.
    """
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if isinstance(source, str):
        kind = format_of(source) if file_format is None else as_format(file_format)
    elif file_format is None:
        raise DataError(_NO_FORMAT, field="file_format")
    else:
        kind = as_format(file_format)
    as_encoding(encoding)
    _jobs(jobs)
    tally = Tally(keep_findings=False)
    settings = (calendar, office_hours, policy)
    RowChecker(*settings)  # the settings checked at once
    return CheckRun(_results(source, kind, encoding, settings, jobs, tally), tally)


def _results(
    source: Source, kind: FileFormat, encoding: str, settings: _Settings, jobs: int, tally: Tally
) -> Iterator[RowResult]:
    file = _open(source) if isinstance(source, str) else None
    lines, text = open_lines(source if file is None else file, encoding)  # type: ignore[arg-type]
    try:
        reading = Reading(lines, kind)
        if jobs > 1:
            from kyluat.check._pool import parallel_results

            yield from parallel_results(reading, jobs, settings, tally)
        else:
            yield from reading.results(RowChecker(*settings), tally)
    finally:
        if text is not None:
            text.detach()
        if file is not None:
            file.close()
