"""Text rendering of the command line's results (private: the CLI's one presentation module).

Every function returns text; only [kyluat.cli][kyluat.cli] prints it or writes it to a file.
Text meant for a terminal never carries a control character raw nor a value of unbounded length:
ids, values and messages go through `_terminal` (C0 and C1 control characters escaped, values cut
to 80 characters with their length said, messages to 300).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from kyluat._text import MAX_SHOWN, WEEKDAY_EN, WEEKDAY_VI, shown
from kyluat.calendar import DayInfo, YearInfo
from kyluat.check import CheckReport, Mismatch, RowError
from kyluat.deadline import Deadline
from kyluat.limits import PublishedLimit
from kyluat.metrics import MetricsTable

if TYPE_CHECKING:  # `kyluat day` and `kyluat check` never load the follow-up package
    from kyluat.followup import PerformanceTable, Reminder, ReminderList

__all__ = [
    "FINDINGS_SHOWN",
    "JSON_ARRAY",
    "MISMATCH_COLUMNS",
    "count",
    "mismatch_cells",
    "neutralised",
    "render_check",
    "render_check_json_frame",
    "render_day",
    "render_deadline",
    "render_error",
    "render_internal_error",
    "render_interrupted",
    "render_json",
    "render_json_element",
    "render_json_lines",
    "render_limit",
    "render_mismatch_bytes",
    "render_mismatch_element",
    "render_progress",
    "render_report",
    "render_usage_error",
    "render_warning",
    "render_written",
    "render_year",
]

_WEEKDAY: Final = tuple(f"{vi} / {en}" for vi, en in zip(WEEKDAY_VI, WEEKDAY_EN, strict=True))

FINDINGS_SHOWN: Final = 40
"""Mismatches and errors listed in a check's text (all of them with --json or --out)."""

_MESSAGE_LIMIT: Final = 300
"""Longest message shown on a terminal (a message quotes values already cut to 80 characters)."""

_BIDI: Final = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""Bidirectional controls: they reorder what a terminal shows (Trojan Source, CVE-2021-42574)."""

_ESCAPES: Final = (
    {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
    | {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    | {c: f"\\u{c:04x}" for c in _BIDI}
)
"""Control characters as escapes: C0 and DEL (as ``shown`` writes them), C1 (``\\x9b`` is CSI on
some terminals) and the bidirectional controls."""


def count(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and ``word``, singular for one: ``1 record``, ``2 records``, ``1,000 records``.

    Examples:
        >>> count(1, "record"), count(0, "record"), count(2_000, "date", "dates")
        ('1 record', '0 records', '2,000 dates')
    """
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _terminal(value: str, limit: int = MAX_SHOWN) -> str:
    r"""A value for a terminal: as it is when printable and short, else quoted with ``shown``.

    Examples:
        >>> _terminal("Hồ sơ 1")
        'Hồ sơ 1'
        >>> print(_terminal("HS\x1b[2J\x9b"))
        'HS\x1b[2J\x9b'
    """
    if len(value) <= limit and value.isprintable():
        return value
    return shown(value, limit).translate(_ESCAPES)


def _message(text: str) -> str:
    """A message for a terminal: one line, control characters escaped, at most 300 characters."""
    if len(text) > _MESSAGE_LIMIT:
        text = f"{text[:_MESSAGE_LIMIT]}… ({len(text):,} characters)"
    return text.translate(_ESCAPES)


def _escaped(text: str) -> str:
    """Text for a terminal, whole, control characters escaped (the user's own argument)."""
    return text.translate(_ESCAPES)


def render_json(payload: object) -> str:
    """A command's JSON output: indented, non-ASCII kept."""
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render_json_lines(items: Iterable[dict[str, Any]]) -> Iterable[str]:
    """One compact JSON line per item, without line breaks."""
    return (json.dumps(item, ensure_ascii=False) for item in items)


def render_day(info: DayInfo) -> str:
    """A day, whether it is a working day, and each reason with its source."""
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


def render_year(info: YearInfo) -> str:
    """A year's state and every date that departs from a Monday–Friday week."""
    state = (
        "provisional: statutory rules only, not yet announced"
        if info.provisional
        else "decided: official schedule"
    )
    days = len(info.days)
    lines = [
        f"{info.year} ({state}); {count(days, 'date')} "
        f"{'departs' if days == 1 else 'depart'} from a Monday–Friday week"
    ]
    lines.extend(render_day(day) for day in info.days)
    return "\n".join(lines)


def render_deadline(deadline: Deadline) -> str:
    """A deadline and the rules applied, each with its source."""
    due = deadline.due_at
    weekday = _WEEKDAY[deadline.due_date.weekday()]
    lines = [
        f"Hạn giải quyết / Deadline: {deadline.due_date.isoformat()} ({weekday}), "
        f"{due:%H:%M} {due:%d/%m/%Y}" + (" [provisional]" if deadline.provisional else ""),
        f"Thời hạn / Limit: {' / '.join(deadline.duration.label())}",
        f"Nhận / Received: {deadline.received.isoformat()}",
        f"Bắt đầu tính / Counted from: {deadline.counted_from.isoformat()}",
        f"Quy định / Regime: {deadline.regime.code} — {deadline.regime.name_vi}",
        "Các bước / Steps:",
    ]
    for n, step in enumerate(deadline.trace, start=1):
        lines.append(f"{n:>2}. {step.rule_vi}")
        lines.append(f"    {step.rule_en}")
        lines.append(f"    nguồn / source: {step.source}")
    return "\n".join(lines)


def render_written(written: int, seed: int, path: str) -> str:
    """What ``kyluat vectors --out`` wrote."""
    return f"wrote {count(written, 'case')} (seed {seed}) to {_terminal(path)}"


def render_progress(rows: int, rate: float) -> str:
    """The progress line of a long check (rewritten in place on a terminal)."""
    return f"\rkyluat: {count(rows, 'row')} checked ({rate:,.0f}/s)"


def render_check(
    path: str,
    report: CheckReport,
    mismatches: Sequence[Mismatch],
    errors: Sequence[RowError],
) -> str:
    """A check's summary, then the first mismatches and errors given and how many more.

    Args:
        path: The file checked, as named on the command line.
        report: The check's counts (its findings are not read: they may have been streamed).
        mismatches: The first mismatches (at most ``FINDINGS_SHOWN``).
        errors: The first unreadable rows (at most ``FINDINGS_SHOWN``).
    """
    read = f" ({count(report.lines, 'line')})" if report.lines else ""
    lines = [
        f"Kiểm tra / Checked {_terminal(path)}: {count(report.records, 'record')} — "
        f"{report.ok:,} ok, {report.mismatched:,} mismatched, {report.erroneous:,} erroneous" + read
    ]
    if report.provisional:
        lines.append(
            f"Tạm tính / Provisional: {count(report.provisional, 'record')} "
            f"{'depends' if report.provisional == 1 else 'depend'} on years not yet officially "
            "announced"
        )
    by_field = report.by_field
    if by_field:
        counts = ", ".join(f"{name} {n:,}" for name, n in sorted(by_field.items()))
        lines.append(f"Sai lệch theo trường / Mismatches by field: {counts}")
    if mismatches:
        lines.append(f"{'row':>7}  {'id':<14} {'field':<9} {'expected':<12} found")
        for m in mismatches:
            lines.append(
                f"{m.row:>7}  {_terminal(m.id):<14} {m.field:<9} {_terminal(m.expected):<12} "
                f"{_terminal(m.found)}"
            )
        more = sum(by_field.values()) - len(mismatches)
        if more > 0:
            lines.append(f"… {more:,} more (see --json or --out)")
    if errors:
        lines.append("Lỗi / Errors:")
        for e in errors:
            lines.append(f"{e.row:>7}  {_terminal(e.id):<14} {_message(e.message)}")
        more = report.erroneous - len(errors)
        if more > 0:
            lines.append(f"… {more:,} more (see --json)")
    if report.duplicate_ids:
        lines.append(
            f"Mã trùng / Duplicate ids: {count(report.duplicate_ids, 'row')} "
            f"{'repeats' if report.duplicate_ids == 1 else 'repeat'} the id of an earlier row"
        )
        shown_duplicates = report.duplicates[:FINDINGS_SHOWN]
        lines.extend(f"{d.row:>7}  {_terminal(d.id)}" for d in shown_duplicates)
        more = report.duplicate_ids - len(shown_duplicates)
        if more > 0:
            lines.append(f"… {more:,} more (see --json)")
    return "\n".join(lines)


MISMATCH_COLUMNS: Final = ("row", "id", "field", "expected", "found")
"""The columns of ``kyluat check --out``."""

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet run a cell (OWASP, CSV injection)."""


def neutralised(cell: str) -> str:
    r"""A CSV cell a spreadsheet shows as text: a formula's first character gets a ``'`` before.

    OWASP's rule against CSV injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return is prefixed with a single quote, which spreadsheets show as text.

    Examples:
        >>> neutralised('=HYPERLINK("http://x")'), neutralised("2026-01-09")
        ('\'=HYPERLINK("http://x")', '2026-01-09')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def mismatch_cells(m: Mismatch) -> tuple[int, str, str, str, str]:
    """A mismatch as a row of ``--out`` (``MISMATCH_COLUMNS``), every text cell neutralised."""
    return m.row, neutralised(m.id), m.field, neutralised(m.expected), neutralised(m.found)


JSON_ARRAY: Final = ("[\n", ",\n", "\n  ]", "[]")
"""How ``render_json`` writes a non-empty array of a report's top level: its opening, the
separator of its elements, its closing, and an empty array."""


def render_json_element(item: dict[str, object]) -> str:
    """An element of an array of a report's top level, indented as ``render_json`` does.

    The same text as ``render_json`` in half the time (12 µs instead of 21 for a mismatch and
    its trace): with an indent the standard library encodes in pure Python, and a check may
    write a million findings. A property test holds the two texts equal.
    """
    return "    " + _indented(item, "    ")


def render_mismatch_element(mismatch: Mismatch) -> str:
    """``render_json_element(mismatch.to_dict())``, written straight from the mismatch.

    A check may write a million mismatches, each with its trace; their steps repeat, and each
    is rendered once (a property test holds the two texts equal).
    """
    head, trace, _ = _mismatch_parts(mismatch)
    return f"{head}{trace}\n    }}"


def render_mismatch_bytes(mismatch: Mismatch) -> bytes:
    """``render_mismatch_element(mismatch)`` in UTF-8; the trace, most of it, encoded once."""
    head, _, encoded = _mismatch_parts(mismatch)
    return b"".join((head.encode("utf-8"), encoded, b"\n    }"))


def _mismatch_parts(mismatch: Mismatch) -> tuple[str, str, bytes]:
    """A mismatch's element up to its trace, and the trace as text and in UTF-8."""
    steps = mismatch.trace
    known = _TRACES.get(id(steps))
    if known is not None and known[0] is steps:  # the same trace object: findings share them
        _, trace, encoded = known
    else:
        trace = (
            "[\n"
            + ",\n".join(f"        {_indented(step, '        ')}" for step in steps)
            + "\n      ]"
            if steps
            else "[]"
        )
        encoded = trace.encode("utf-8")
        if len(_TRACES) >= _FLAT_SIZE:
            _TRACES.clear()
        _TRACES[id(steps)] = (steps, trace, encoded)  # the trace is kept: its id is not reused
    head = (
        f'    {{\n      "row": {mismatch.row},\n      "id": {_quoted(mismatch.id)},\n'
        f'      "field": {_quoted(mismatch.field)},\n'
        f'      "expected": {_quoted(mismatch.expected)},\n'
        f'      "found": {_quoted(mismatch.found)},\n      "trace": '
    )
    return head, trace, encoded


def render_error_element(error: RowError) -> str:
    """``render_json_element(error.to_dict())``, written straight from the unreadable row."""
    return (
        f'    {{\n      "row": {int(error.row)},\n      "id": {_quoted(error.id)},\n'
        f'      "message": {_quoted(error.message)}\n    }}'
    )


_quoted: Final[Callable[[str], str]] = json.encoder.encode_basestring
"""A JSON string with non-ASCII kept (the C encoder ``json.dumps`` itself uses)."""


_TRACES: dict[int, tuple[tuple[dict[str, str], ...], str, bytes]] = {}
"""Traces already written, by identity (mismatches of one deadline share its trace)."""

_FLAT: dict[tuple[object, ...], str] = {}
"""Flat objects of text already written (trace steps: a file's findings repeat a few)."""
_FLAT_SIZE: Final = 1024


def _indented(value: object, indent: str) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it at ``indent``."""
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        if len(value) <= 4 and all(type(v) is str for v in value.values()):
            key = (indent, *value.items())
            text = _FLAT.get(key)
            if text is None:
                inner = indent + "  "
                items = ",\n".join(
                    f"{inner}{_quoted(str(k))}: {_quoted(v)}" for k, v in value.items()
                )
                text = f"{{\n{items}\n{indent}}}"
                if len(_FLAT) >= _FLAT_SIZE:
                    _FLAT.clear()
                _FLAT[key] = text
            return text
        inner = indent + "  "
        items = ",\n".join(
            f"{inner}{_quoted(str(k))}: {_indented(v, inner)}" for k, v in value.items()
        )
        return f"{{\n{items}\n{indent}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _indented(v, inner) for v in value) + f"\n{indent}]"
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # None, booleans, other numbers


def render_check_json_frame(head: dict[str, object]) -> tuple[str, str, str]:
    """The text of a check's JSON around its two arrays, ``mismatches`` then ``errors``.

    ``head`` is the report's JSON form without findings; the command line writes the first
    part, the mismatches array, the second part, the errors array and the third part, which is
    the same text as ``render_json`` of the whole report.
    """
    marks = {"mismatches": "\x00mismatches\x00", "errors": "\x00errors\x00"}
    text = render_json({**head, **marks})
    first, rest = text.split(json.dumps(marks["mismatches"]), 1)
    second, third = rest.split(json.dumps(marks["errors"]), 1)
    return first, second, third


def render_error(code: str, message: str) -> str:
    """The one line of a refused command: ``kyluat: error [code]: message``."""
    return f"kyluat: error [{code}]: {_message(message)}"


def render_usage_error(message: str) -> str:
    """The one line of a command line argparse refused."""
    return f"kyluat: error: {_message(message)}"


def render_warning(message: str) -> str:
    """A warning's line on standard error."""
    return f"kyluat: warning: {_message(message)}"


def render_internal_error(exc: BaseException) -> str:
    """The one line of a crash: what broke and how to report it."""
    return (
        f"kyluat: internal error ({type(exc).__name__}); please report it with the command you "
        "ran; run with --debug for the traceback"
    )


def render_interrupted() -> str:
    """The line of a run stopped by Ctrl-C."""
    return "kyluat: interrupted"


def render_report(table: MetricsTable) -> str:
    """A report's table: one line per group, then the QĐ 766 score's caveat."""
    lines = [
        f"Báo cáo theo / Report by {table.by}: {count(table.records, 'record')} "
        f"({table.erroneous:,} unreadable, left out); open records as of "
        f"{table.as_of or 'unknown'}",
        f"{'group':<28} {'done':>6} {'early':>6} {'on time':>7} {'late':>6} {'open':>6} "
        f"{'overdue':>7} {'rate':>6} {'avg wd':>6} {'766*':>5}",
    ]
    for key, g in table.groups.items():
        rate = "—" if g.on_time_rate is None else f"{g.on_time_rate:.0%}"
        avg = "—" if g.average_working_days is None else f"{g.average_working_days:.1f}"
        score = "—" if g.progress_score_766 is None else f"{g.progress_score_766:.1f}"
        opened = g.open_within + g.open_overdue + g.open_unknown
        group = key.translate(_ESCAPES)[:28]
        lines.append(
            f"{group:<28} {g.finished:>6} {g.early:>6} {g.on_time:>7} {g.late:>6} "
            f"{opened:>6} {g.open_overdue:>7} {rate:>6} {avg:>6} {score:>5}"
        )
    lines.append(
        "* QĐ 766/QĐ-TTg progress score out of 20 = 20 × (early + on time) / finished: "
        "formula unverified (kyluat docs: Legal basis)"
    )
    return "\n".join(lines)


def render_limit(reading: PublishedLimit) -> str:
    """`kyluat limit`: what a published limit text says, in Vietnamese and English."""

    def both(duration: object) -> str:
        if duration is None:
            return "—"
        vi, en = duration.label()  # type: ignore[attr-defined]
        return f"{vi} / {en}"

    lines = [f"thời hạn / limit: {both(reading.duration)}"]
    if reading.compound:
        lines.append(f"nhiều trường hợp / compound: {len(reading.cases)} cases")
        lines.extend(
            f"  {n}. {_escaped(case.condition or 'chung / general')}: {both(case.duration)}"
            for n, case in enumerate(reading.cases, 1)
        )
    if reading.counted_from is not None:
        lines.append(
            f"tính từ / counted from: {_escaped(reading.counted_from_text or '')} "
            f"({reading.counted_from.value})"
        )
    if reading.cutoff is not None:
        lines.append(f"giờ chốt nhận / cut-off: after {reading.cutoff:%H:%M}")
    if reading.excluded:
        lines.append("không tính / not counted: " + ", ".join(e.value for e in reading.excluded))
    if reading.stages:
        lines.append("các bước / stages:")
        lines.extend(
            f"  - {_escaped(stage.name)}: {both(stage.duration)}" for stage in reading.stages
        )
    if reading.uncertain is not None:
        lines.append(f"CHƯA CHẮC / UNCERTAIN: {reading.uncertain.value}")
    lines.append("đã nhận diện / recognised: " + _escaped("; ".join(reading.trace)))
    return "\n".join(lines)


def _working(seconds: int) -> str:
    """Signed working time as hours and minutes: ``-16:00``, ``7:30``."""
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}"


def render_reminders(found: ReminderList) -> Iterator[str]:
    """`kyluat remind`: what to chase, most urgent first (grouped with ``--by``), line by line.

    Lines are made as they are written: a province's list may hold a million reminders.
    """
    from kyluat.followup import Level

    overdue, escalated = found.overdue, found.escalated
    vi, en = found.within.label()
    yield (
        f"Nhắc việc / Reminders as of {found.as_of.isoformat()} (sắp đến hạn / due soon: "
        f"within {vi} / {en}): {overdue:,} quá hạn / overdue ({escalated:,} to escalate), "
        f"{len(found.items) - overdue:,} sắp đến hạn / due soon; {found.open:,} open of "
        f"{count(found.records, 'record')} ({found.erroneous:,} unreadable, left out)"
    )
    if not found.items:
        yield "Không có việc cần đôn đốc / nothing to chase."
        return
    moments: dict[datetime, str] = {}  # due moments repeat: each formatted once
    head = (
        f"{'level':<9} {'id':<16} {'due':<16} {'left wd':>7} {'left h':>8} "
        f"{'person':<20} {'unit':<24} escalate to"
    )
    for key, items in found.groups().items():
        if found.by is not None:
            yield f"\n== {found.by}: {_escaped(key) or '(none)'} =="
        yield head
        for r in items:
            level = "overdue" if r.level is Level.OVERDUE else "due soon"
            due = moments.get(r.due_at)
            if due is None:
                due = moments[r.due_at] = r.due_at.strftime("%Y-%m-%d %H:%M")
            yield (
                f"{level:<9} {_escaped(r.id)[:16]:<16} {due:<16} {r.remaining_days:>7} "
                f"{_working(int(r.remaining.total_seconds())):>8} {_escaped(r.person)[:20]:<20} "
                f"{_escaped(r.unit)[:24]:<24} {_escaped(r.escalate_to or '')}"
            )
    yield (
        "left wd: working days to the deadline day (negative: overdue); left h: working time "
        "to the due moment"
    )


def render_reminders_json(found: ReminderList) -> Iterator[str]:
    """`kyluat remind --json` in pieces: the same text as ``render_json(found.to_dict())``,
    each reminder rendered as it is written (a property test holds the two equal)."""  # noqa: D205, D209
    mark = "\x00items\x00"
    head = list(found.to_dict(items=False).items())
    frame = dict([*head[:2], ("items", mark), *head[2:]])  # items third, as in to_dict
    before, after = render_json(frame).split(json.dumps(mark), 1)
    yield before
    if not found.items:
        yield "[]"
    else:
        yield "[\n"
        last = len(found.items) - 1
        texts: dict[object, str] = {}  # due dates and moments repeat: each written once
        for k, item in enumerate(found.items):
            yield _reminder_element(item, texts) + (",\n" if k < last else "\n  ]")
    yield after


def _json_or_null(text: str | None) -> str:
    return "null" if text is None else _quoted(text)


def _reminder_element(r: Reminder, texts: dict[object, str]) -> str:
    """``render_json_element(r.to_dict())``, written straight from the reminder (a list may
    hold a million; the streamed-JSON test holds the texts equal)."""  # noqa: D205, D209
    due = texts.get(r.due_at)
    if due is None:
        due = texts[r.due_at] = (
            f'      "due_date": "{r.due_date.isoformat()}",\n'
            f'      "due_at": "{r.due_at.isoformat()}",\n'
        )
    from kyluat.followup import iso_working_time

    seconds = int(r.remaining.total_seconds())
    level = r.level
    return (
        f'    {{\n      "id": {_quoted(r.id)},\n      "unit": {_quoted(r.unit)},\n'
        f'      "person": {_quoted(r.person)},\n      "procedure": {_quoted(r.procedure)},\n'
        f'{due}      "level": "{level.value}",\n      "level_vi": "{level.name_vi}",\n'
        f'      "remaining": "{iso_working_time(seconds)}",\n'
        f'      "remaining_seconds": {seconds},\n      "remaining_days": {r.remaining_days},\n'
        f'      "escalate_to": {_json_or_null(r.escalate_to)},\n'
        f'      "row": {"null" if r.row is None else r.row},\n'
        f'      "recorded_due_date": {_json_or_null(r.recorded_due_date)}\n    }}'
    )


def render_performance(table: PerformanceTable) -> str:
    """Per person or unit: the inputs of the rating (``kyluat report --performance``)."""
    period = f"{table.start or '…'} – {table.end or '…'}"
    lines = [
        f"Đánh giá / Performance by {table.by}, deadlines {period}: "
        f"{count(table.records, 'record')} ({table.erroneous:,} unreadable, "
        f"{table.outside:,} outside the period)",
        f"{'':<28} {'rated':>6} {'early':>6} {'on time':>7} {'late':>5} {'overdue':>7} "
        f"{'excused':>7} {'no cause':>8} {'repeat':>6} {'335 pts':>7}",
    ]
    for row in table.rows:
        points = "—" if row.progress_points is None else f"{row.progress_points:.2f}"
        repeat = "yes" if row.repeatedly_late else ""
        lines.append(
            f"{_escaped(row.key)[:28]:<28} {row.rated:>6} {row.early:>6} {row.on_time:>7} "
            f"{row.late:>5} {row.overdue:>7} {row.excused:>7} {row.late_without_cause:>8} "
            f"{repeat:>6} {points:>7}"
        )
    lines.append(
        f"repeat: late without a confirmed objective cause {table.policy.repeatedly_late}+ "
        "times; 335 pts: NĐ 335/2025 task-results points out of 70 (each late record costs "
        "25% of its item unless an objective cause is confirmed)"
    )
    return "\n".join(lines)
