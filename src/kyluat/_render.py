"""Text rendering of the command line's results (private: the CLI's one presentation module).

Every function returns text; only [kyluat.cli][kyluat.cli] prints it or writes it to a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, Final

from kyluat._text import WEEKDAY_EN, WEEKDAY_VI
from kyluat.calendar import DayInfo, YearInfo
from kyluat.check import CheckReport
from kyluat.deadline import Deadline
from kyluat.limits import PublishedLimit
from kyluat.metrics import MetricsTable

__all__ = [
    "render_check",
    "render_day",
    "render_deadline",
    "render_json",
    "render_json_lines",
    "render_limit",
    "render_mismatches_csv",
    "render_progress",
    "render_report",
    "render_written",
    "render_year",
]

_WEEKDAY: Final = tuple(f"{vi} / {en}" for vi, en in zip(WEEKDAY_VI, WEEKDAY_EN, strict=True))

_FINDINGS_SHOWN: Final = 40
"""Mismatches and errors listed in a check's text (all of them with --json or --out)."""


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
    lines = [f"{info.year} ({state}); {len(info.days)} dates depart from a Monday–Friday week"]
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
    return f"wrote {written:,} cases (seed {seed}) to {path}"


def render_progress(rows: int, rate: float) -> str:
    """The progress line of a long check (rewritten in place on a terminal)."""
    return f"\rkyluat: {rows:,} rows checked ({rate:,.0f}/s)"


def render_check(path: str, report: CheckReport, limit: int = _FINDINGS_SHOWN) -> str:
    """A check's summary, then its first ``limit`` mismatches and errors."""
    lines = [
        f"Kiểm tra / Checked {path}: {report.records:,} records — {report.ok:,} ok, "
        f"{report.mismatched:,} mismatched, {report.erroneous:,} erroneous"
    ]
    if report.provisional:
        lines.append(
            f"Tạm tính / Provisional: {report.provisional:,} records depend on years not yet "
            "officially announced"
        )
    by_field = report.by_field
    if by_field:
        counts = ", ".join(f"{name} {count:,}" for name, count in sorted(by_field.items()))
        lines.append(f"Sai lệch theo trường / Mismatches by field: {counts}")
    if report.mismatches:
        lines.append(f"{'row':>7}  {'id':<14} {'field':<9} {'expected':<12} found")
        for m in report.mismatches[:limit]:
            lines.append(f"{m.row:>7}  {m.id:<14} {m.field:<9} {m.expected:<12} {m.found}")
        if len(report.mismatches) > limit:
            lines.append(f"… {len(report.mismatches) - limit:,} more (see --json or --out)")
    if report.errors:
        lines.append("Lỗi / Errors:")
        for e in report.errors[:limit]:
            lines.append(f"{e.row:>7}  {e.id:<14} {e.message}")
        if len(report.errors) > limit:
            lines.append(f"… {len(report.errors) - limit:,} more (see --json)")
    return "\n".join(lines)


def render_mismatches_csv(report: CheckReport) -> str:
    """A check's mismatches as CSV (``row,id,field,expected,found``, CRLF line ends)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["row", "id", "field", "expected", "found"])
    for m in report.mismatches:
        writer.writerow([m.row, m.id, m.field, m.expected, m.found])
    return out.getvalue()


def render_report(table: MetricsTable) -> str:
    """A report's table: one line per group, then the QĐ 766 score's caveat."""
    lines = [
        f"Báo cáo theo / Report by {table.by}: {table.records:,} records "
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
        lines.append(
            f"{key[:28]:<28} {g.finished:>6} {g.early:>6} {g.on_time:>7} {g.late:>6} "
            f"{opened:>6} {g.open_overdue:>7} {rate:>6} {avg:>6} {score:>5}"
        )
    lines.append(
        "* QĐ 766/QĐ-TTg progress score out of 20 = 20 × (early + on time) / finished: "
        "formula unverified (LAW.md §7)"
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
            f"  {n}. {case.condition or 'chung / general'}: {both(case.duration)}"
            for n, case in enumerate(reading.cases, 1)
        )
    if reading.counted_from is not None:
        lines.append(
            f"tính từ / counted from: {reading.counted_from_text} ({reading.counted_from.value})"
        )
    if reading.cutoff is not None:
        lines.append(f"giờ chốt nhận / cut-off: after {reading.cutoff:%H:%M}")
    if reading.excluded:
        lines.append("không tính / not counted: " + ", ".join(e.value for e in reading.excluded))
    if reading.stages:
        lines.append("các bước / stages:")
        lines.extend(f"  - {stage.name}: {both(stage.duration)}" for stage in reading.stages)
    if reading.uncertain is not None:
        lines.append(f"CHƯA CHẮC / UNCERTAIN: {reading.uncertain.value}")
    lines.append("đã nhận diện / recognised: " + "; ".join(reading.trace))
    return "\n".join(lines)
