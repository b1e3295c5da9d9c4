"""The ``kyluat`` command line: argument parsing and dispatch, and the only module that prints.

Commands (every one takes ``--json``):

* ``kyluat day DATE`` — is DATE a working day, why not, which document says so.
* ``kyluat calendar YEAR`` — every date of YEAR that departs from a plain Monday–Friday week.
* ``kyluat calendar YEAR --ics FILE`` — the year for calendar apps (iCalendar); ``kyluat data
  export DIR`` — one JSON file per year and its JSON Schema ([kyluat.datafiles][kyluat.datafiles]).
* ``kyluat deadline START --working-days N`` (or ``--working-hours``, ``--days``, ``--weeks``,
  ``--months``, ``--years``, ``--same-day``, ``--limit TEXT``) — the deadline and its trace.
* ``kyluat check FILE`` — re-check the deadlines and statuses a system recorded
  ([check_file][kyluat.check.check_file]); ``--out`` writes the mismatches as CSV.
* ``kyluat report FILE --by unit|procedure|person|month [--as-of MOMENT]`` — on-time figures
  per group ([summarise][kyluat.metrics.summarise]).
* ``kyluat remind FILE --as-of MOMENT [--within LIMIT] [--by person|unit]`` (or ``--db URL``)
  — the open records overdue or due soon, most urgent first, and whom to escalate to
  ([remind][kyluat.followup.remind]).
* ``kyluat report FILE --by KEY --html OUT`` — the leaders' report as one self-contained page
  ([report_data][kyluat.followup.report_data]); ``--performance person|unit`` prints the
  inputs of each person's or unit's rating ([performance][kyluat.followup.performance]).
* ``kyluat limit TEXT [--bare-hours working|clock]`` — what a published limit text says: the
  limit, its cases, the starting event, the cut-off, excluded periods, stages, and whether the
  reading is unsafe ([read_limit][kyluat.limits.read_limit]).
* ``kyluat serve [--host H] [--port P] [--workers N]`` — the HTTP service (extra ``server``):
  the library as a stateless JSON API under ``/v1`` (see [kyluat.server][kyluat.server]).
* ``kyluat vectors [--count N] [--seed S] [--out FILE]`` — deterministic conformance cases as
  JSON Lines.

Dates are ISO (``2026-01-02``) or Vietnamese day/month/year (``02/01/2026``); a moment may add
a time (``2026-03-06T15:00``, ``06/03/2026 15:00``) and an offset; without an offset it is read as
Vietnam time (Asia/Ho_Chi_Minh).

Exit status: 0 clean (the answer was given; ``check`` found nothing), 1 findings (``check``
found mismatches or rows it could not read; ``remind`` found overdue work or rows it could
not read), 2 unusable input or usage (a bad argument, an
unreadable or unusable file), with a one-line message on standard error, 3 internal error (a
bug: one line asking for a report; the traceback with ``--debug``). A crash never exits 1. A
reader that stops early (``| head``) ends the output quietly. Domain logic lives in the library
and text rendering in one private module; this module only reads arguments, calls them, prints
and writes files (``--out`` beside its target, then renamed over it).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial
from time import perf_counter
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from kyluat._arguments import LIMIT_OPTIONS, Parser, UsageError, build_parser
from kyluat._moments import parse_clock_time
from kyluat._moments import parse_date as _parse_date
from kyluat._moments import parse_moment as _parse_moment
from kyluat._output import Findings, SafeFile
from kyluat._render import (
    render_day,
    render_deadline,
    render_error,
    render_internal_error,
    render_interrupted,
    render_json,
    render_json_lines,
    render_limit,
    render_performance,
    render_progress,
    render_reminders,
    render_reminders_json,
    render_report,
    render_usage_error,
    render_warning,
    render_written,
    render_year,
)
from kyluat._text import shown
from kyluat.calendar import Sector, WorkCalendar
from kyluat.check import (
    CheckReport,
    CheckRun,
    RowResult,
    check_file,
    check_stream,
    columnar_installed,
    iter_results,
)
from kyluat.deadline import DeadlinePolicy, EndOfDay, compute_deadline
from kyluat.duration import Duration, Unit
from kyluat.errors import CoverageError, InvalidInputError, KyluatError, ProvisionalDataWarning
from kyluat.limits import read_limit
from kyluat.metrics import summarise
from kyluat.office_hours import OfficeHours

if TYPE_CHECKING:  # the follow-up commands load their package when run
    from kyluat.followup import EscalationPolicy, ReminderList

__all__ = ["main", "main_entry"]


@dataclass(frozen=True, slots=True)
class _Answer:
    """What a command gives: its answer's writer, its exit status, its warnings.

    The answer goes to standard output; the warnings (problems of a file, said once) to
    standard error.
    """

    emit: Callable[[TextIO], None]
    code: int = 0
    notes: Sequence[str] = ()


def _answer(
    args: argparse.Namespace, payload: object, text: str, *, notes: Sequence[str] = ()
) -> _Answer:
    def emit(out: TextIO) -> None:
        if args.json and payload is not None:
            out.write(render_json(payload) + "\n")
        elif text:
            out.write(text + "\n")

    return _Answer(emit, notes=notes)


def parse_date(text: str, *, field: str = "DATE") -> date:
    """Read a date written ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (``D/M/YYYY`` too).

    Raises:
        InvalidInputError: The text is not one of those forms or names no real date.

    Examples:
        >>> parse_date("02/01/2026")
        datetime.date(2026, 1, 2)
        >>> parse_date("2026-02-30")
        Traceback (most recent call last):
        ...
        kyluat.errors.InvalidInputError: DATE: '2026-02-30' is not a valid date (day is ...)
    """
    return _parse_date(text, field=field)


def parse_moment(text: str, *, field: str = "START") -> datetime | date:
    """Read a date, or a moment with a time and optionally an offset (default Vietnam time).

    Raises:
        InvalidInputError: The text is not a date or moment, or names no real one.

    Examples:
        >>> parse_moment("06/03/2026 15:00").isoformat()
        '2026-03-06T15:00:00+07:00'
        >>> parse_moment("2026-03-06T08:00Z").isoformat()
        '2026-03-06T08:00:00+00:00'
        >>> parse_moment("2026-03-06")
        datetime.date(2026, 3, 6)
    """
    return _parse_moment(text, field=field)


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    return WorkCalendar(sector=Sector(args.sector), strict=args.strict)


def _cmd_day(args: argparse.Namespace) -> _Answer:
    day = parse_date(args.date)
    try:
        info = _calendar(args).day_info(day)
    except KyluatError as exc:
        raise type(exc)(exc.message, field="DATE") from None
    return _answer(args, info.to_dict(), render_day(info))


def _cmd_calendar(args: argparse.Namespace) -> _Answer:
    try:
        year = int(args.year)
    except ValueError:
        raise InvalidInputError(f"{shown(args.year)} is not a year", field="YEAR") from None
    if args.ics is not None:
        from kyluat.datafiles import ics  # only --ics needs it

        text = ics(year, stamp=datetime.now(UTC), calendar=_calendar(args))
        if args.ics == "-":

            def emit(out: TextIO) -> None:
                out.write(text)

            return _Answer(emit)
        with SafeFile(args.ics, "--ics", encoding="utf-8") as target:
            target.write(text)
            target.commit()
        events = text.count("BEGIN:VEVENT")
        summary = {"ics": args.ics, "year": year, "events": events}
        return _answer(args, summary, f"wrote {args.ics}: {events} days of {year}")
    info = _calendar(args).year_info(year)
    return _answer(args, info.to_dict(), render_year(info))


def _cmd_data(args: argparse.Namespace) -> _Answer:
    from kyluat.datafiles import export  # only this command needs it

    calendar = _calendar(args)
    first = calendar.first_date.year if args.first is None else args.first
    last = calendar.last_announced_year + 1 if args.last is None else args.last
    if last < first:
        raise InvalidInputError(f"{last} is before {first}", field="--to")
    for option, year in (("--from", first), ("--to", last)):
        if not calendar.first_date.year <= year <= calendar.last_date.year:
            raise CoverageError(
                f"{year} is outside the calendar's data "
                f"({calendar.first_date.year} to {calendar.last_date.year})",
                field=option,
            )
    written = export(args.dir, range(first, last + 1), calendar=calendar)
    summary = {"dir": args.dir, "files": [path.name for path in written]}
    text = f"wrote {len(written)} files into {args.dir}: {written[0].name} … {written[-1].name}"
    return _answer(args, summary, text)


def _duration(args: argparse.Namespace) -> Duration:
    if args.same_day:
        return Duration.same_day()
    if args.limit is not None:
        return Duration.parse(args.limit)
    for dest, option, build in LIMIT_OPTIONS:
        value = getattr(args, dest)
        if value is None:
            continue
        try:
            amount = value if dest in ("working_days", "working_hours") else int(value)
        except ValueError:  # not digits, or more digits than int() reads
            raise InvalidInputError(f"{shown(value)} is not a whole number", field=option) from None
        try:
            return build(amount)
        except KyluatError as exc:  # before ValueError: every kyluat error is a builtin too
            raise type(exc)(exc.message, field=option) from None
        except (ArithmeticError, ValueError) as exc:  # OverflowError, decimal.InvalidOperation
            message = f"{shown(value)} is not a usable amount ({type(exc).__name__})"
            raise InvalidInputError(message, field=option) from None
    raise InvalidInputError("give one limit option", field="limit")  # argparse prevents this


def _clock(text: str | None, option: str) -> time | None:
    return None if text is None else parse_clock_time(text, field=option)


def _engine(args: argparse.Namespace) -> tuple[OfficeHours | None, DeadlinePolicy]:
    """Office hours and policy from the options shared by deadline, check and report."""
    hours = None
    if args.office_hours is not None:
        try:
            hours = OfficeHours.parse(args.office_hours)
        except InvalidInputError as exc:
            raise InvalidInputError(exc.message, field="--office-hours") from None
    policy = DeadlinePolicy(
        count_receipt_day=args.count_receipt_day,
        cutoff=_clock(args.cutoff, "--cutoff"),
        end_of_day=EndOfDay(args.end_of_day),
    )
    return hours, policy


def _cmd_deadline(args: argparse.Namespace) -> _Answer:
    received = parse_moment(args.start)
    # A published text goes to the engine whole: a cut-off it states ("nhận sau 15 giờ …")
    # applies, as in compute_deadline and the HTTP service.
    parsed = _duration(args)  # a text that names no limit is refused here, naming --limit
    duration: Duration | str = parsed if args.limit is None else args.limit
    hours, policy = _engine(args)
    try:
        deadline = compute_deadline(
            received, duration, calendar=_calendar(args), office_hours=hours, policy=policy
        )
    except KyluatError as exc:
        if exc.field != "received_at":
            raise
        raise type(exc)(exc.message, field="START") from None
    return _answer(args, deadline.to_dict(), render_deadline(deadline))


def _cmd_limit(args: argparse.Namespace) -> _Answer:
    bare = Unit.HOURS if args.bare_hours == "clock" else Unit.WORKING_HOURS
    reading = read_limit(args.text, bare_hours=bare)
    return _answer(args, reading.to_dict(), render_limit(reading))


class _Progress:
    """A progress line on standard error for long files (only on a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.rows = 0
        self.started = perf_counter()

    def _show(self) -> None:
        rate = self.rows / max(perf_counter() - self.started, 1e-9)
        print(render_progress(self.rows, rate), end="", file=sys.stderr)

    def __call__(self, _: object) -> None:
        self.rows += 1
        if self.enabled and self.rows % 20_000 == 0:
            self._show()

    def batch(self, rows: int) -> None:
        self.rows += rows
        if self.enabled:
            self._show()

    def counted(self, results: Iterator[RowResult]) -> Iterator[RowResult]:
        for result in results:
            self(result)
            yield result

    def close(self) -> None:
        if self.enabled and self.rows >= 20_000:
            print(file=sys.stderr)


def _progress(args: argparse.Namespace) -> _Progress:
    return _Progress(sys.stderr.isatty() and not args.no_progress)


def _large(path: str) -> bool:
    """Whether a file is worth the columnar engine's start (importing Arrow and NumPy)."""
    if path == "-":
        return True  # unknown: it may be long
    try:
        return os.path.getsize(path) >= _COLUMNAR_FROM
    except OSError:
        return False  # the library reports the problem


_COLUMNAR_FROM = 8_000_000
"""Bytes from which ``--engine auto`` takes the columnar engine (below, the row engine is done
before Arrow would be imported)."""


def _auto_jobs(path: str) -> int:
    """Worker processes for a file: one for small files, up to 4 (the cores) for large ones."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return 1  # the library reports the problem
    return 1 if size < 4_000_000 else max(1, min(4, os.cpu_count() or 1))


def _cmd_check(args: argparse.Namespace) -> _Answer:
    hours, policy = _engine(args)
    calendar = _calendar(args)
    progress = _progress(args)
    out = None if args.out is None else SafeFile(args.out, "--out", inputs=[args.file])
    with (
        out or contextlib.nullcontext(),
        Findings(out, json=args.json) as findings,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", ProvisionalDataWarning)  # counted in the report instead
        try:
            report = _check_rows(args, calendar, hours, policy, findings, progress)
        finally:
            progress.close()
        if out is not None:
            out.commit()
    code = 0 if report.clean else 1
    return _Answer(findings.emitter(args.file, report), code, notes=report.warnings)


def _check_rows(
    args: argparse.Namespace,
    calendar: WorkCalendar,
    hours: OfficeHours | None,
    policy: DeadlinePolicy,
    findings: Findings,
    progress: _Progress,
) -> CheckReport:
    """Check the file, each finding given to ``findings`` as found, in row order; the counts."""
    stdin = args.file == "-"
    engine = args.engine
    if engine == "auto":  # columnar: faster in one process than the row engine in four
        large = not args.jobs and columnar_installed() and _large(args.file)
        engine = "columnar" if large else "row"
    jobs = args.jobs or (1 if stdin or engine == "columnar" else _auto_jobs(args.file))
    check = (
        partial(check_stream, sys.stdin.buffer, args.format or "csv")
        if stdin
        else partial(check_file, args.file, file_format=args.format)
    )
    return check(
        encoding=args.encoding,
        calendar=calendar,
        office_hours=hours,
        policy=policy,
        on_row=progress if progress.enabled else None,
        jobs=jobs,
        on_batch=progress.batch if progress.enabled else None,
        keep_findings=False,  # counts only: the findings go to `findings` as they are found
        on_finding=findings.take,
        engine=engine,
    )


def _cmd_report(args: argparse.Namespace) -> _Answer:
    from kyluat.followup import performance, report_data  # only these options need them

    as_of = parse_moment(args.as_of, field="--as-of") if args.as_of else None
    if args.performance and (args.start or args.end):
        start = parse_date(args.start, field="--start") if args.start else None
        end = parse_date(args.end, field="--end") if args.end else None
    else:
        start = end = None
        if args.start or args.end:
            raise InvalidInputError("only with --performance", field="--start/--end")
    policy = _escalation(args)
    html = None if args.html is None else SafeFile(args.html, "--html", inputs=[args.file])
    run = _results(args)
    progress = _progress(args)
    with html or contextlib.nullcontext():
        try:
            rows = progress.counted(run)
            if args.performance:
                table = performance(
                    rows, by=args.performance, start=start, end=end, as_of=as_of, policy=policy
                )
                payload, text = table.to_dict(), render_performance(table)
            elif html is not None:
                data = report_data(
                    rows,
                    by=args.by,
                    as_of=as_of,
                    calendar=_calendar(args),
                    policy=policy,
                    source=os.path.basename(args.file) if args.file != "-" else "stdin",
                )
                html.write(data.to_html())
                html.commit()
                payload = {"html": args.html, **data.to_dict()}
                text = f"wrote {args.html}: {data.table.records:,} records by {data.by}"
            else:
                metrics = summarise(rows, by=args.by, as_of=as_of, calendar=_calendar(args))
                payload, text = metrics.to_dict(), render_report(metrics)
        finally:
            progress.close()
    return _answer(args, payload, text, notes=run.report().warnings)


def _results(args: argparse.Namespace) -> CheckRun:
    """The checked rows of the FILE argument (standard input for ``-``), read lazily."""
    hours, policy = _engine(args)
    stdin = args.file == "-"
    return iter_results(
        sys.stdin.buffer if stdin else args.file,
        file_format=args.format or ("csv" if stdin else None),
        encoding=args.encoding,
        calendar=_calendar(args),
        office_hours=hours,
        policy=policy,
    )


def _escalation(args: argparse.Namespace) -> EscalationPolicy:
    """The escalation policy from --heads, --escalate-after, --due-soon-share and
    --repeatedly-late."""  # noqa: D205, D209
    from kyluat.followup import EscalationPolicy, load_heads

    try:
        heads = load_heads(args.heads) if args.heads else {}
    except KyluatError as exc:
        raise type(exc)(exc.message, field="--heads") from None
    options: dict[str, object] = {"heads": heads}
    if args.escalate_after:
        options["escalate_after"] = args.escalate_after
    if args.due_soon_share is not None:
        options["due_soon_share"] = args.due_soon_share
    if args.repeatedly_late is not None:
        options["repeatedly_late"] = args.repeatedly_late
    try:
        return EscalationPolicy(**options)  # type: ignore[arg-type]
    except InvalidInputError as exc:
        option = "--" + (exc.field or "").replace("_", "-")
        raise InvalidInputError(str(exc).split(": ", 1)[-1], field=option) from None


def _cmd_remind(args: argparse.Namespace) -> _Answer:
    if (args.file is None) == (args.db is None):
        raise InvalidInputError("give a FILE or --db URL (one of them)", field="FILE")
    moment = parse_moment(args.as_of, field="--as-of")
    policy = _escalation(args)
    try:
        found, notes = _reminders(args, moment, policy)
    except KyluatError as exc:
        if exc.field not in ("as_of", "within"):
            raise
        raise type(exc)(exc.message, field=f"--{exc.field.replace('_', '-')}") from None
    lines = render_reminders_json(found) if args.json else render_reminders(found)

    def emit(out: TextIO) -> None:
        for line in lines:  # made as they are written: the list may be long
            out.write(line if args.json else line + "\n")
        if args.json:
            out.write("\n")

    return _Answer(emit, 1 if found.overdue or found.erroneous else 0, notes=notes)


def _reminders(
    args: argparse.Namespace, moment: datetime | date, policy: EscalationPolicy
) -> tuple[ReminderList, Sequence[str]]:
    """The reminders of the FILE or the store, and the file's warnings."""
    from kyluat.followup import remind, remind_store

    if args.db is not None:
        from kyluat.store import Store  # only --db needs the store extra

        store = Store(args.db)
        try:
            found = remind_store(store, as_of=moment, within=args.within, by=args.by, policy=policy)
        finally:
            store.close()
        return found, ()
    hours, deadline_policy = _engine(args)
    run = _results(args)
    progress = _progress(args)
    try:
        found = remind(
            progress.counted(run),
            as_of=moment,
            within=args.within,
            by=args.by,
            policy=policy,
            calendar=_calendar(args),
            office_hours=hours,
            deadline_policy=deadline_policy,
        )
    finally:
        progress.close()
    return found, run.report().warnings


def _cmd_vectors(args: argparse.Namespace) -> _Answer:
    from kyluat.vectors import generate  # only this command needs it

    lines = render_json_lines(generate(count=args.count, seed=args.seed))
    if args.out is None:

        def emit(out: TextIO) -> None:
            for line in lines:  # one at a time: the count may be large
                out.write(line + "\n")

        return _Answer(emit)
    written = 0
    with SafeFile(args.out, "--out") as target:
        for line in lines:
            target.write(line + "\n")
            written += 1
        target.commit()
    summary = {"written": written, "seed": args.seed, "out": args.out}
    return _answer(args, summary, render_written(written, args.seed, args.out))


def _cmd_serve(args: argparse.Namespace) -> _Answer:
    try:
        from kyluat.server import serve  # the server extra: FastAPI and uvicorn
    except ImportError as exc:
        raise InvalidInputError(
            f"the HTTP service needs the server extra: pip install 'kyluat[server]' ({exc})",
            field="serve",
        ) from None
    code = serve(host=args.host, port=args.port, workers=args.workers)
    return _Answer(lambda out: None, code)


_HANDLERS: Final[dict[str, Callable[[argparse.Namespace], _Answer]]] = {
    "day": _cmd_day,
    "calendar": _cmd_calendar,
    "deadline": _cmd_deadline,
    "check": _cmd_check,
    "report": _cmd_report,
    "remind": _cmd_remind,
    "limit": _cmd_limit,
    "vectors": _cmd_vectors,
    "serve": _cmd_serve,
    "data": _cmd_data,
}


def _utf8(stream: object) -> None:
    if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in {
        "utf-8",
        "utf8",
    }:
        stream.reconfigure(encoding="utf-8")


def _say(line: str) -> None:
    """One line on standard error."""
    print(line, file=sys.stderr)


def _show_warning(seen: set[str]) -> Callable[..., None]:
    """Warnings on standard error, each distinct message once (a file may repeat one often)."""

    def show(message: Warning | str, *_: object, **__: object) -> None:
        text = str(message)
        if text not in seen:
            seen.add(text)
            _say(render_warning(text))

    return show


def _silence_stdout() -> None:
    """After a reader closed the pipe: send what is left to the null device, quietly.

    The recipe of the Python documentation (signal, "Note on SIGPIPE"): the interpreter's last
    flush then writes nowhere instead of raising again.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file descriptor (tests): nothing will be flushed to the pipe


def _run(parser: Parser, args: argparse.Namespace) -> int:
    if args.version:
        from kyluat import __version__  # reads package metadata: slow, rarely needed

        print(__version__)
        return 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    handler = _HANDLERS[args.command]
    code = 0
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _show_warning(set())
        try:
            answer = handler(args)
            code = answer.code
            for note in answer.notes:
                _say(render_warning(note))
            answer.emit(sys.stdout)  # some answers are produced as they are written
            sys.stdout.flush()
        except KyluatError as exc:
            _say(render_error(exc.code, str(exc)))
            return 2
        except BrokenPipeError:  # the reader has what it wanted (`| head`)
            _silence_stdout()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    0 clean, 1 findings, 2 unusable input or usage, 3 internal error (see the module's
    docstring); never raises, except ``SystemExit`` for ``--help``.
    """
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    debug = False
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except UsageError as exc:
            _say(render_usage_error(str(exc)))
            return 2
        debug = args.debug
        return _run(parser, args)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        _say(render_interrupted())
        return 130
    except Exception as exc:  # a bug: one line, the traceback only when asked
        if debug:
            traceback.print_exc()
        _say(render_internal_error(exc))
        return 3


def main_entry() -> NoReturn:  # pragma: no cover - thin wrapper used by the console script
    """Console-script entry point (what the command leaves in memory is not collected)."""
    code = main()
    gc.freeze()  # the last collection skips it: ~0.08 s less after a large check
    sys.exit(code)
