"""The ``kyluat`` command line: a thin layer over the library, and the only module that prints.

Commands (every one takes ``--json``):

* ``kyluat day DATE`` — is DATE a working day, why not, which document says so.
* ``kyluat calendar YEAR`` — every date of YEAR that departs from a plain Monday–Friday week.

Dates are ISO (``2026-01-02``) or Vietnamese day/month/year (``02/01/2026``). Exit status: 0 on
success, 2 on bad input with a one-line message on standard error.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import NoReturn

from kyluat.calendar import DayInfo, Sector, WorkCalendar, YearInfo
from kyluat.errors import InvalidInputError, KyluatError

__all__ = ["main", "main_entry"]

_WEEKDAY = (
    "Thứ Hai / Monday",
    "Thứ Ba / Tuesday",
    "Thứ Tư / Wednesday",
    "Thứ Năm / Thursday",
    "Thứ Sáu / Friday",
    "Thứ Bảy / Saturday",
    "Chủ nhật / Sunday",
)


class _UsageError(Exception):
    """Raised by the parser instead of printing usage and exiting."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def parse_date(text: str, *, field: str = "DATE") -> date:
    """Read a date written ``YYYY-MM-DD`` or ``DD/MM/YYYY``.

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
    pattern = "%d/%m/%Y" if "/" in text else "%Y-%m-%d"
    try:
        return datetime.strptime(text.strip(), pattern).date()
    except ValueError as exc:
        detail = str(exc)
        if "does not match format" in detail:
            detail = "expected YYYY-MM-DD or DD/MM/YYYY"
        raise InvalidInputError(f"{text!r} is not a valid date ({detail})", field=field) from None


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    return WorkCalendar(sector=Sector(args.sector), strict=args.strict)


def _format_day(info: DayInfo) -> str:
    status = "ngày làm việc / working day" if info.working else "ngày nghỉ / day off"
    flag = " [provisional: lịch năm chưa công bố / year not yet announced]"
    lines = [
        f"{info.date.isoformat()} ({_WEEKDAY[info.date.weekday()]}): {status}"
        + (flag if info.provisional else "")
    ]
    for reason in info.reasons:
        lines.append(f"  - {reason.kind.value}: {reason.name_vi} / {reason.name_en}")
        lines.append(f"    nguồn / source: {reason.source}")
    return "\n".join(lines)


def _format_year(info: YearInfo) -> str:
    state = (
        "provisional: statutory rules only, not yet announced"
        if info.provisional
        else "decided: official schedule"
    )
    lines = [f"{info.year} ({state}); {len(info.days)} dates depart from a Monday–Friday week"]
    lines.extend(_format_day(day) for day in info.days)
    return "\n".join(lines)


def _cmd_day(args: argparse.Namespace) -> tuple[object, str]:
    day = parse_date(args.date)
    try:
        info = _calendar(args).day_info(day)
    except KyluatError as exc:
        raise type(exc)(exc.message, field="DATE") from None
    return info.to_dict(), _format_day(info)


def _cmd_calendar(args: argparse.Namespace) -> tuple[object, str]:
    try:
        year = int(args.year)
    except ValueError:
        raise InvalidInputError(f"{args.year!r} is not a year", field="YEAR") from None
    info = _calendar(args).year_info(year)
    return info.to_dict(), _format_year(info)


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="kyluat",
        description="Vietnamese public-sector working days and administrative deadlines.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

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
    day.set_defaults(handler=_cmd_day)

    year = commands.add_parser("calendar", help="the days off and make-up days of YEAR")
    year.add_argument("year", metavar="YEAR")
    common(year)
    year.set_defaults(handler=_cmd_calendar)
    return parser


def _utf8(stream: object) -> None:
    if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in {
        "utf-8",
        "utf8",
    }:
        stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (0 success, 2 bad input)."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"kyluat: error: {exc}", file=sys.stderr)
        return 2
    if args.version:
        from kyluat import __version__

        print(__version__)
        return 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    handler: Callable[[argparse.Namespace], tuple[object, str]] = args.handler
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            payload, text = handler(args)
        except KyluatError as exc:
            print(f"kyluat: error [{exc.code}]: {exc}", file=sys.stderr)
            return 2
    for warning in caught:
        print(f"kyluat: warning: {warning.message}", file=sys.stderr)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0


def main_entry() -> NoReturn:  # pragma: no cover - thin wrapper used by the console script
    """Console-script entry point."""
    sys.exit(main())
