"""The command line's arguments: every command, its options and their help (``kyluat --help``).

Only the parser: [`kyluat.cli`][kyluat.cli] maps each command to its handler and prints.
"""

from __future__ import annotations

import argparse
from typing import Final, NoReturn

from kyluat.calendar import Sector
from kyluat.check import ENCODINGS, ENGINES
from kyluat.deadline import EndOfDay
from kyluat.duration import Duration

__all__ = ["EPILOG", "LIMIT_OPTIONS", "Parser", "UsageError", "build_parser", "engine_options"]

LIMIT_OPTIONS: Final = (
    ("working_days", "--working-days", Duration.working_days),
    ("working_hours", "--working-hours", Duration.working_hours),
    ("days", "--days", Duration.days),
    ("weeks", "--weeks", Duration.weeks),
    ("months", "--months", Duration.months),
    ("years", "--years", Duration.years),
)
"""``kyluat deadline``'s limit options: the argument's name, the option, the limit it builds."""

EPILOG: Final = """\
exit status:
  0  clean: the answer was given (check: nothing found)
  1  findings: check found mismatches or rows it could not read; remind found overdue
     work or rows it could not read
  2  unusable input or usage: a bad argument or an unusable file (one line on stderr)
  3  internal error: a bug in kyluat (one line asking for a report; --debug shows the traceback)
"""


class UsageError(Exception):
    """Raised by the parser instead of printing usage and exiting."""


class Parser(argparse.ArgumentParser):
    """A parser that raises `UsageError` instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def engine_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--office-hours", metavar="SPEC", help="sessions, '07:30-12:00,13:00-16:30'")
    sub.add_argument(
        "--cutoff", metavar="HH:MM", help="receipt after this counts from the next day"
    )
    sub.add_argument(
        "--count-receipt-day", action="store_true", help="count the receipt day (not BLDS 147)"
    )
    sub.add_argument(
        "--end-of-day",
        choices=[e.value for e in EndOfDay],
        default=EndOfDay.OFFICE.value,
        help="closing moment of a day limit: close of business (default) or 24:00",
    )


def build_parser() -> Parser:
    parser = Parser(
        prog="kyluat",
        description="Vietnamese public-sector working days and administrative deadlines.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(dest="command", parser_class=Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--json", action="store_true", help="print JSON instead of text")
        sub.add_argument(
            "--sector",
            choices=[s.value for s in Sector],
            default=Sector.PUBLIC.value,
            help="public (with government day swaps, default) or private",
        )
        sub.add_argument(
            "--strict",
            action="store_true",
            help="refuse answers that depend on a year not yet officially announced",
        )

    day = commands.add_parser("day", help="is DATE a working day, and why")
    day.add_argument("date", metavar="DATE", help="YYYY-MM-DD or DD/MM/YYYY")
    common(day)

    year = commands.add_parser("calendar", help="the days off and make-up days of YEAR")
    year.add_argument("year", metavar="YEAR")
    year.add_argument(
        "--ics",
        metavar="FILE",
        help="write the year as an iCalendar file for calendar apps (- for standard output)",
    )
    common(year)

    dl = commands.add_parser("deadline", help="the deadline of a limit, with its legal trace")
    dl.add_argument(
        "start",
        metavar="START",
        help="receipt date or moment: 2026-03-06, 2026-03-06T15:00, '06/03/2026 15:00', "
        "with an optional offset (default Vietnam time)",
    )
    limit = dl.add_mutually_exclusive_group(required=True)
    for dest, option, _ in LIMIT_OPTIONS:
        limit.add_argument(option, dest=dest, metavar="N")
    limit.add_argument("--same-day", action="store_true", help="same-day procedure (trong ngày)")
    limit.add_argument("--limit", metavar="TEXT", help="the limit as published, '5 ngày làm việc'")
    engine_options(dl)
    common(dl)

    def file_options(sub: argparse.ArgumentParser, *, optional: bool = False) -> None:
        sub.add_argument(
            "file",
            metavar="FILE",
            nargs="?" if optional else None,
            help="CSV or JSON Lines (.csv, .jsonl; .gz compressed too), or - for standard input",
        )
        sub.add_argument("--format", choices=["csv", "jsonl"], help="override the extension")
        sub.add_argument(
            "--encoding",
            choices=ENCODINGS,
            default="utf-8",
            help="the file's text encoding (default utf-8; a byte-order mark is accepted)",
        )
        sub.add_argument("--no-progress", action="store_true", help="no progress line")
        engine_options(sub)
        common(sub)

    chk = commands.add_parser("check", help="re-check recorded deadlines and statuses")
    file_options(chk)
    chk.add_argument(
        "--out",
        metavar="FILE",
        help="write the mismatches as CSV (UTF-8 with BOM; never over the input)",
    )
    chk.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes of the row engine (default: 1 for small files, up to 4 for "
        "large ones)",
    )
    chk.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="auto (default: columnar for files of 8 MB or more when the columnar extra is "
        "installed and --jobs is not given), row (one row at a time), or columnar (CSV blocks "
        "at once); the report is the same",
    )

    def escalation_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--heads", metavar="CSV", help="the head of each unit: a CSV file with unit,head"
        )
        sub.add_argument(
            "--escalate-after",
            metavar="LIMIT",
            help="working time overdue before escalating to the head (default 1 ngày làm việc)",
        )
        sub.add_argument(
            "--due-soon-share",
            type=float,
            metavar="SHARE",
            help="also due soon once this share of the time is used, e.g. 0.8",
        )
        sub.add_argument(
            "--repeatedly-late",
            type=int,
            metavar="N",
            help="late without an objective cause N times or more: repeatedly late (default 2)",
        )

    rep = commands.add_parser("report", help="on-time figures by unit, procedure, person or month")
    file_options(rep)
    rep.add_argument("--by", choices=["unit", "procedure", "person", "month"], default="unit")
    rep.add_argument(
        "--as-of", metavar="MOMENT", help="classify open records as within or overdue at MOMENT"
    )
    rep.add_argument(
        "--html",
        metavar="OUT",
        help="write the leaders' report as one self-contained HTML page (charts, tables)",
    )
    rep.add_argument(
        "--performance",
        choices=["person", "unit"],
        help="per person or unit: early/on time/late, late without an objective cause, "
        "repeatedly late, NĐ 335/2025 progress points",
    )
    rep.add_argument("--start", metavar="DATE", help="with --performance: first deadline day")
    rep.add_argument("--end", metavar="DATE", help="with --performance: last deadline day")
    escalation_options(rep)

    rem = commands.add_parser("remind", help="open work overdue or due soon, most urgent first")
    file_options(rem, optional=True)
    rem.add_argument("--db", metavar="URL", help="read the open records from a kyluat store")
    rem.add_argument("--as-of", metavar="MOMENT", required=True, help="the moment to look from")
    rem.add_argument(
        "--within",
        metavar="LIMIT",
        help="warning window, '2 ngày làm việc' or '4 giờ làm việc' (default 1 ngày làm việc)",
    )
    rem.add_argument("--by", choices=["person", "unit"], help="group the reminders")
    escalation_options(rem)

    lim = commands.add_parser(
        "limit", help="read a published limit text (Thời hạn giải quyết) into its parts"
    )
    lim.add_argument("text", metavar="TEXT", help="the text as published (quote it)")
    lim.add_argument(
        "--bare-hours",
        choices=["working", "clock"],
        default="working",
        help="hours written without 'làm việc': working hours (portal convention) or clock hours",
    )
    lim.add_argument("--json", action="store_true", help="print JSON instead of text")

    vec = commands.add_parser("vectors", help="deterministic conformance cases as JSON Lines")
    vec.add_argument("--count", type=int, default=1_000, metavar="N")
    vec.add_argument("--seed", type=int, default=0, metavar="S")
    vec.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    vec.add_argument("--json", action="store_true", help="print a JSON summary (with --out)")

    data = commands.add_parser("data", help="the calendar as data files (JSON per year, schema)")
    actions = data.add_subparsers(dest="action", parser_class=Parser, required=True)
    export = actions.add_parser(
        "export", help="write DIR/YEAR.json for every year and DIR/schema.json"
    )
    export.add_argument("dir", metavar="DIR", help="the folder (made if missing)")
    export.add_argument("--from", dest="first", type=int, metavar="YEAR", help="first year")
    export.add_argument("--to", dest="last", type=int, metavar="YEAR", help="last year")
    common(export)

    srv = commands.add_parser(
        "serve", help="the HTTP service: the library as a JSON API under /v1 (extra 'server')"
    )
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    srv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    srv.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes")

    for sub in commands.choices.values():  # --debug after the command too
        sub.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show the traceback of an internal error",
        )
    return parser
