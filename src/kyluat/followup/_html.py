"""The leaders' report as one self-contained HTML page (báo cáo lãnh đạo).

[`ReportData.to_html`][kyluat.followup.ReportData.to_html] calls `render_report`. The page
needs no network and no JavaScript: its CSS sits in one ``<style>``, its charts are inline SVG,
and every value taken from the records is escaped (``html.escape``). Text is Vietnamese first,
English beside it ("Đúng hạn / On time"). From top to bottom:

* the header: title, source file, the moment open records were judged at (or "chưa đánh giá /
  not judged"), records read and records left out as erroneous; four headline figures;
* ``#chart-units``: on-time rate per unit as horizontal bars, best first (``data.units``);
* ``#chart-months``: the on-time rate per month of receipt as a line (``data.months``); a month
  with nothing finished leaves a gap;
* ``#chart-backlog``: overdue open records by age in working days (``data.backlog``, buckets
  ``Backlog.labels()``), beside the oldest of them and, when there are any, the backlog per unit;
* ``#table-figures``: every figure of ``data.table`` per group, with a total row; the QĐ 766
  score is marked unverified and cites its source as the data does;
* ``#table-ratings``: the inputs of the rating per person or unit (``data.performance``), with
  the NĐ 335/2025 progress points out of 70 and their source.

Each bar, point and table cell carries its group's key (``data-key``) or its field and exact
value (``data-field``, ``data-value``), so tests and scripts can read the page back. Numbers
are written the Vietnamese way: ``1.234`` and ``80,9%`` (decimal comma). The page prints on A4
landscape (``@page``), with charts kept whole and the tables starting on a new page.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Final

from kyluat.metrics import GroupStats

if TYPE_CHECKING:  # the other data classes are only read here
    from kyluat.followup._performance import Performance, PerformanceTable
    from kyluat.followup._report import Backlog, ReportData
    from kyluat.metrics import MetricsTable

__all__ = ["render_report"]

_SVG_NS: Final = "http://www.w3.org/2000/svg"
_NONE: Final = "—"
_KEY_HEADS: Final = {
    "unit": ("Đơn vị", "Unit"),
    "person": ("Cán bộ", "Official"),
    "procedure": ("Thủ tục", "Procedure"),
    "month": ("Tháng", "Month"),
}
_BACKLOG_COLOURS: Final = ("#d6b370", "#cf9152", "#bf6b40", "#a14a32", "#763024")


# --- values as text ---------------------------------------------------------------------------


def _e(value: object) -> str:
    """Escaped for HTML text and quoted attributes alike."""
    return escape(str(value), quote=True)


def _int(number: int) -> str:
    """An integer with Vietnamese thousands dots: ``1.234``."""
    return f"{number:,}".replace(",", ".")


def _dec(number: float | None, places: int) -> str:
    """A number with a decimal comma (``5,4``); ``—`` for ``None``."""
    if number is None:
        return _NONE
    text = f"{number:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _pct(rate: float | None) -> str:
    """A share as a percentage with one decimal: ``80,9%``; ``—`` for ``None``."""
    return _NONE if rate is None else _dec(rate * 100, 1) + "%"


def _moment(moment: datetime | None) -> str:
    """``30/11/2026 09:00 (UTC+07:00)``, or "not judged"."""
    if moment is None:
        return "chưa đánh giá / not judged"
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{moment:%d/%m/%Y %H:%M} ({zone})"


def _month(key: str) -> tuple[str, str]:
    """A month key ``2025-01`` as ``("01", "2025")``; any other key as itself."""
    year, _, month = key.partition("-")
    if len(year) == 4 and len(month) == 2 and (year + month).isdigit():
        return month, year
    return key, ""


def _lines(text: str, width: int, most: int) -> list[str]:
    """``text`` wrapped to ``width`` characters in at most ``most`` lines, the last one cut."""
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(lines) <= most:
        return lines
    rest = " ".join(lines[most - 1 :])
    return [*lines[: most - 1], rest[: width - 1].rstrip() + "…"]


def _bi(vi: str, en: str) -> str:
    """A bilingual label: Vietnamese, then the English in a quieter span."""
    return f'{_e(vi)} <span class="en">/ {_e(en)}</span>'


# --- SVG ---------------------------------------------------------------------------------------


def _svg(chart_id: str, size: tuple[float, float], label: str, body: Iterable[str]) -> str:
    """An inline SVG chart with its accessible title."""
    width, height = size
    return (
        f'<svg id="{chart_id}" xmlns="{_SVG_NS}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title" '
        f'preserveAspectRatio="xMidYMin meet">'
        f'<title id="{chart_id}-title">{_e(label)}</title>{"".join(body)}</svg>'
    )


def _text(x: float, y: float, text: str, cls: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">{_e(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="{cls}"/>'


def _rate_title(name: str, stats: GroupStats) -> str:
    """The tooltip of a bar or point: the rate and what it is made of."""
    if stats.on_time_rate is None:
        return f"{name}: {_NONE} (chưa có hồ sơ giải quyết xong / nothing finished)"
    good = stats.early + stats.on_time
    return (
        f"{name}: {_pct(stats.on_time_rate)} ({_int(good)}/{_int(stats.finished)} "
        "đúng hạn / on time)"
    )


_WIDE_FROM: Final = 25
"""From this many units, their chart takes the page's whole width."""


def _units_layout(count: int) -> tuple[float, float, float, int, int]:
    """Chart width, label width, row height, label characters per line and label lines."""
    if count <= 12:
        return 560.0, 200.0, 30.0, 32, 2
    if count < _WIDE_FROM:
        return 560.0, 200.0, 20.0, 32, 1
    return 1120.0, 340.0, 16.0, 56, 1


def _unit_bar(stats: GroupStats, top: float, layout: tuple[float, float, float, int, int]) -> str:
    """One unit's bar: label (wrapped or cut; the full name in the title), bar, value."""
    width, label_width, height, chars, most = layout
    left, right = label_width + 10, width - 58
    lines = _lines(stats.key, chars, most)
    first = top + height / 2 - (len(lines) - 1) * 6 + 4
    parts = [f"<title>{_e(_rate_title(stats.key, stats))}</title>"]
    parts += [
        _text(label_width, first + 12 * k, line, "label", "end") for k, line in enumerate(lines)
    ]
    rate = stats.on_time_rate
    if rate is not None:
        bar = max((right - left) * rate, 0.5)
        parts.append(
            f'<rect x="{left:.1f}" y="{top + height * 0.2:.1f}" width="{bar:.1f}" '
            f'height="{height * 0.6:.1f}" class="bar"/>'
        )
    value_x = left + (right - left) * (rate or 0) + 6
    parts.append(_text(value_x, top + height / 2 + 4, _pct(rate), "value"))
    return f'<g class="item" data-key="{_e(stats.key)}">{"".join(parts)}</g>'


def _units_chart(table: MetricsTable) -> str:
    """On-time rate per unit as horizontal bars, best first, units with nothing finished last."""
    groups = sorted(
        table.groups.values(),
        key=lambda g: (g.on_time_rate is None, -(g.on_time_rate or 0.0), g.key),
    )
    layout = _units_layout(len(groups))
    width, label_width, height = layout[:3]
    head, left, right = 22.0, label_width + 10, width - 58
    total = head + height * max(len(groups), 1) + 8
    body: list[str] = []
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0) if groups else ():
        x = left + (right - left) * tick
        body.append(_line(x, head - 4, x, total - 6, "grid"))
        body.append(_text(x, head - 8, f"{tick:.0%}", "axis", "middle"))
    if not groups:
        body.append(_text(width / 2, head + 4, "Không có số liệu / no data", "muted", "middle"))
    body += [_unit_bar(g, head + k * height, layout) for k, g in enumerate(groups)]
    label = "Tỷ lệ đúng hạn theo đơn vị / On-time rate by unit"
    return _svg("chart-units", (width, total), label, body)


_MONTHS_SIZE: Final = (560.0, 250.0)
_MONTHS_PAD: Final = (44.0, 14.0, 16.0, 40.0)  # left, right, top, bottom


def _floor_rate(rates: Sequence[float]) -> tuple[float, float]:
    """The lower end of the rate axis (a tenth below the lowest rate) and the tick step."""
    low = max(0.0, math.floor(min(rates, default=0.0) * 10 - 0.5) / 10)
    return low, 0.1 if 1 - low <= 0.5 else 0.2


def _month_axis(low: float, step: float) -> list[str]:
    """Horizontal grid lines and their labels."""
    (width, height), (left, right, top, bottom) = _MONTHS_SIZE, _MONTHS_PAD
    parts: list[str] = []
    ticks = round((1 - low) / step)
    for k in range(ticks + 1):
        rate = low + k * step
        y = top + (height - top - bottom) * (1 - (rate - low) / (1 - low))
        parts.append(_line(left, y, width - right, y, "grid"))
        parts.append(_text(left - 6, y + 4, f"{rate * 100:.0f}%", "axis", "end"))
    return parts


def _month_labels(keys: Sequence[str], band: float) -> list[str]:
    """Month numbers under the axis (at most about twelve), the year under each new year's."""
    (_, height), (left, _, _, bottom) = _MONTHS_SIZE, _MONTHS_PAD
    every, shown_year, parts = max(1, math.ceil(len(keys) / 12)), "", []
    for k in range(0, len(keys), every):
        x, (month, year) = left + band * (k + 0.5), _month(keys[k])
        parts.append(_text(x, height - bottom + 14, month, "axis", "middle"))
        if year != shown_year:
            parts.append(_text(x, height - bottom + 27, year, "axis year", "middle"))
            shown_year = year
    return parts


def _months_chart(table: MetricsTable) -> str:
    """The on-time rate per month of receipt as a line; a month with nothing finished is a gap."""
    groups = list(table.groups.values())
    (width, height), (left, right, top, bottom) = _MONTHS_SIZE, _MONTHS_PAD
    low, step = _floor_rate([g.on_time_rate for g in groups if g.on_time_rate is not None])
    band, plot = (width - left - right) / max(len(groups), 1), height - top - bottom
    body = _month_axis(low, step) + _month_labels([g.key for g in groups], band)
    points: list[str] = []
    segments: list[list[str]] = [[]]
    for k, stats in enumerate(groups):
        rate, title = stats.on_time_rate, f"<title>{_e(_rate_title(stats.key, stats))}</title>"
        if rate is None:
            segments.append([])
            points.append(f'<g class="item missing" data-key="{_e(stats.key)}">{title}</g>')
            continue
        x, y = left + band * (k + 0.5), top + plot * (1 - (rate - low) / (1 - low))
        segments[-1].append(f"{x:.1f},{y:.1f}")
        dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3.2 if len(groups) <= 40 else 2}"/>'
        points.append(f'<g class="item point" data-key="{_e(stats.key)}">{title}{dot}</g>')
    body += [f'<polyline points="{" ".join(s)}" class="trend"/>' for s in segments if s]
    if not groups:
        body.append(_text(left + 8, top + 20, "Không có số liệu / no data", "muted"))
    label = "Tỷ lệ đúng hạn theo tháng tiếp nhận / On-time rate by month received"
    return _svg("chart-months", _MONTHS_SIZE, label, body + points)


_BACKLOG_SIZE: Final = (560.0, 250.0)
_NO_BACKLOG: Final = ("Không có hồ sơ quá hạn", "no overdue records")


def _backlog_chart(backlog: Backlog) -> str:
    """Overdue open records per age bucket, as vertical bars with their counts."""
    (width, height), (left, top, bottom) = _BACKLOG_SIZE, (24.0, 24.0, 44.0)
    labels, counts = backlog.labels(), backlog.counts
    most = max(counts, default=0) or 1
    band = (width - 2 * left) / max(len(labels), 1)
    plot = height - top - bottom
    body = [_line(left, height - bottom, width - left, height - bottom, "base")]
    for k, (label, count) in enumerate(zip(labels, counts, strict=True)):
        x, bar = left + band * k, plot * count / most
        colour = _BACKLOG_COLOURS[min(k, len(_BACKLOG_COLOURS) - 1)]
        title = f"{label} ngày làm việc / working days: {_int(count)}"
        body.append(
            f'<g class="item" data-key="{_e(label)}" data-value="{count}">'
            f"<title>{_e(title)}</title>"
            f'<rect x="{x + band * 0.18:.1f}" y="{height - bottom - bar:.1f}" '
            f'width="{band * 0.64:.1f}" height="{bar:.1f}" fill="{colour}"/>'
            + _text(x + band / 2, height - bottom - bar - 6, _int(count), "value", "middle")
            + _text(x + band / 2, height - bottom + 16, label, "axis", "middle")
            + "</g>"
        )
    if not backlog.total:
        vi, en = ("Chưa đánh giá", "not judged") if backlog.as_of is None else _NO_BACKLOG
        body.append(_text(width / 2, top + plot / 2, f"{vi} / {en}", "muted", "middle"))
    caption = "ngày làm việc quá hạn / working days overdue"
    body.append(_text(width / 2, height - 8, caption, "axis", "middle"))
    label = "Hồ sơ quá hạn chưa giải quyết theo tuổi / Overdue backlog by age"
    return _svg("chart-backlog", _BACKLOG_SIZE, label, body)


# --- tables ------------------------------------------------------------------------------------


def _cell(field: str, value: int | float | None, text: str) -> str:
    """A numeric cell with its field and exact value for readers of the page."""
    raw = "" if value is None else repr(value)
    return f'<td class="num" data-field="{_e(field)}" data-value="{raw}">{_e(text)}</td>'


def _th(vi: str, en: str, cls: str = "num") -> str:
    return f'<th scope="col" class="{cls}">{_bi(vi, en)}</th>'


def _table(
    table_id: str,
    heads: Sequence[str],
    rows: Iterable[str],
    foot: str = "",
    empty: tuple[str, str] = ("Không có số liệu", "no data"),
) -> str:
    """A table with its head, body rows (or what their absence means) and optional foot."""
    none = f'<tr><td colspan="{len(heads)}" class="muted">{_bi(*empty)}</td></tr>'
    body = "".join(rows) or none
    tfoot = f"<tfoot>{foot}</tfoot>" if foot else ""
    return (
        f'<table id="{table_id}"><thead><tr>{"".join(heads)}</tr></thead>'
        f"<tbody>{body}</tbody>{tfoot}</table>"
    )


def _open_fields(data: ReportData) -> list[tuple[str, str, str]]:
    """The open-record columns worth showing: within/overdue when judged, else not judged."""
    groups = data.table.groups.values()
    fields = []
    if data.as_of is not None or any(g.open_within or g.open_overdue for g in groups):
        fields += [
            ("open_within", "Đang giải quyết, trong hạn", "Open, within"),
            ("open_overdue", "Đang giải quyết, quá hạn", "Open, overdue"),
        ]
    if data.as_of is None or any(g.open_unknown for g in groups):
        fields.append(("open_unknown", "Đang giải quyết (chưa đánh giá)", "Open (not judged)"))
    return fields


_COUNTS: Final = (
    ("finished", "Đã giải quyết", "Finished"),
    ("early", "Trước hạn", "Early"),
    ("on_time", "Đúng hạn", "On time"),
    ("late", "Quá hạn", "Late"),
)


def _figures_row(stats: GroupStats, opened: Sequence[str], *, total: bool = False) -> str:
    """One group's figures (or, with ``total``, the total row, which has no ``data-key``)."""
    cells = [f'<th scope="row" class="key">{_e(stats.key)}</th>']
    for field in (*(name for name, _, _ in _COUNTS), *opened):
        number = int(getattr(stats, field))
        cells.append(_cell(field, number, _int(number)))
    cells += [
        _cell("on_time_rate", stats.on_time_rate, _pct(stats.on_time_rate)),
        _cell("average_working_days", stats.average_working_days,
              _dec(stats.average_working_days, 1)),
        _cell("progress_score_766", stats.progress_score_766,
              _dec(stats.progress_score_766, 2)),
    ]  # fmt: skip
    mark = 'class="total"' if total else f'data-key="{_e(stats.key)}"'
    return f"<tr {mark}>{''.join(cells)}</tr>"


def _total(groups: Iterable[GroupStats]) -> GroupStats:
    """The sum of the groups' counts, as a group named "Tổng / Total"."""
    sums = [0] * 7
    for g in groups:
        counts = (g.early, g.on_time, g.late, g.open_within, g.open_overdue, g.open_unknown)
        for k, n in enumerate((*counts, g.working_days_total)):
            sums[k] += n
    return GroupStats("Tổng / Total", *sums)


def _figures_table(data: ReportData) -> str:
    """Every figure of ``data.table`` per group, with a total row."""
    vi, en = _KEY_HEADS.get(data.table.by, (data.table.by, data.table.by))
    opened = _open_fields(data)
    heads = [_th(vi, en, "key")]
    heads += [_th(v, e) for _, v, e in (*_COUNTS, *opened)]
    heads += [
        _th("Tỷ lệ đúng hạn", "On-time rate"),
        _th("Số ngày làm việc bình quân", "Average working days"),
        _th("Điểm tiến độ QĐ 766*", "QĐ 766 progress score* (/20)"),
    ]
    names = [name for name, _, _ in opened]
    groups = data.table.groups.values()
    rows = [_figures_row(g, names) for g in groups]
    foot = _figures_row(_total(groups), names, total=True) if len(rows) > 1 else ""
    return _table("table-figures", heads, rows, foot)


_RATING_COUNTS: Final = (
    ("rated", "Được đánh giá", "Rated"),
    ("early", "Trước hạn", "Early"),
    ("on_time", "Đúng hạn", "On time"),
    ("late", "Quá hạn", "Late"),
    ("overdue", "Quá hạn chưa xong", "Overdue, open"),
    ("open", "Chưa đến hạn", "Open, not rated"),
    ("excused", "Có lý do khách quan", "Excused"),
    ("late_without_cause", "Chậm không lý do", "Late without cause"),
)


def _ratings_row(row: Performance) -> str:
    cells = [f'<th scope="row" class="key">{_e(row.key)}</th>']
    for field, _, _ in _RATING_COUNTS:
        number = int(getattr(row, field))
        cells.append(_cell(field, number, _int(number)))
    flag = _bi("Có", "yes") if row.repeatedly_late else ""
    cells.append(
        f'<td class="flag" data-field="repeatedly_late" '
        f'data-value="{str(row.repeatedly_late).lower()}">{flag}</td>'
    )
    cells.append(_cell("on_time_rate", row.on_time_rate, _pct(row.on_time_rate)))
    cells.append(_cell("progress_points", row.progress_points, _dec(row.progress_points, 2)))
    return f'<tr data-key="{_e(row.key)}">{"".join(cells)}</tr>'


def _ratings_table(table: PerformanceTable) -> str:
    """The inputs of the rating per person or unit, with NĐ 335/2025 progress points."""
    vi, en = _KEY_HEADS.get(table.by, (table.by, table.by))
    heads = [_th(vi, en, "key")]
    heads += [_th(v, e) for _, v, e in _RATING_COUNTS]
    heads += [
        _th("Chậm muộn nhiều lần", "Repeatedly late", "flag"),
        _th("Tỷ lệ đúng hạn", "On-time rate"),
        _th("Điểm tiến độ NĐ 335 (/70)†", "NĐ 335 progress points (/70)†"),
    ]
    return _table("table-ratings", heads, (_ratings_row(r) for r in table.rows))


def _oldest_table(backlog: Backlog) -> str:
    heads = [
        _th("Mã hồ sơ", "Record", "key"),
        _th("Đơn vị", "Unit", "key"),
        _th("Ngày làm việc quá hạn", "Working days overdue"),
    ]
    rows = (
        f'<tr data-key="{_e(rid)}"><th scope="row" class="key">{_e(rid)}</th>'
        f'<td class="key">{_e(unit)}</td>{_cell("working_days_overdue", age, _int(age))}</tr>'
        for rid, unit, age in backlog.oldest
    )
    empty = ("Chưa đánh giá", "not judged") if backlog.as_of is None else _NO_BACKLOG
    return _table("table-oldest", heads, rows, empty=empty)


def _backlog_units_table(backlog: Backlog) -> str:
    heads = [_th("Đơn vị", "Unit", "key")]
    heads += [f'<th scope="col" class="num">{_e(label)}</th>' for label in backlog.labels()]
    heads.append(_th("Tổng", "Total"))
    rows = (
        f'<tr data-key="{_e(unit)}"><th scope="row" class="key">{_e(unit)}</th>'
        + "".join(
            _cell(label, n, _int(n)) for label, n in zip(backlog.labels(), counts, strict=True)
        )
        + _cell("total", sum(counts), _int(sum(counts)))
        + "</tr>"
        for unit, counts in backlog.by_unit
    )
    return _table("table-backlog-units", heads, rows)


# --- the page ----------------------------------------------------------------------------------


def _meta(data: ReportData) -> str:
    """Source, moment judged at, records read and left out, grouping."""
    moment = _e(_moment(data.as_of))
    if data.as_of is not None:
        moment = f'<time datetime="{_e(data.as_of.isoformat())}">{moment}</time>'
    by_vi, by_en = _KEY_HEADS.get(data.by, (data.by, data.by))
    items = (
        (_bi("Nguồn số liệu", "Source"), _e(data.source or _NONE)),
        (_bi("Thời điểm đánh giá", "As of"), moment),
        (_bi("Hồ sơ đã đọc", "Records read"), _int(data.table.records)),
        (_bi("Hồ sơ lỗi, không tính", "Erroneous, left out"), _int(data.table.erroneous)),
        (_bi("Bảng số liệu theo", "Figures by"), _bi(by_vi.lower(), by_en.lower())),
    )
    rows = "".join(
        f'<div><dt>{term}</dt><dd id="meta-{k}">{value}</dd></div>'
        for k, (term, value) in enumerate(items)
    )
    return f'<dl class="meta">{rows}</dl>'


def _kpi(kpi_id: str, label: str, value: str, note: str) -> str:
    return (
        f'<div class="kpi" id="{kpi_id}"><div class="kpi-label">{label}</div>'
        f'<div class="kpi-value">{_e(value)}</div><div class="kpi-note">{note}</div></div>'
    )


def _headline(data: ReportData) -> str:
    """Four headline figures, from the main table and the backlog."""
    total = _total(data.table.groups.values())
    good = total.early + total.on_time
    still_open = total.open_within + total.open_overdue + total.open_unknown
    backlog = _NONE if data.as_of is None else _int(data.backlog.total)
    overdue = (
        _bi("chưa đánh giá", "not judged")
        if data.as_of is None
        else _bi(f"{_int(total.open_overdue)} đã quá hạn", "already overdue")
    )
    return '<section class="kpis">' + "".join(
        (
            _kpi("kpi-finished", _bi("Đã giải quyết", "Finished"), _int(total.finished),
                 _bi(f"trong {_int(data.table.records)} hồ sơ", "records read")),
            _kpi("kpi-rate", _bi("Tỷ lệ đúng hạn", "On-time rate"), _pct(total.on_time_rate),
                 _bi(f"{_int(good)} trước hạn và đúng hạn", "early or on time")),
            _kpi("kpi-open", _bi("Đang giải quyết", "Open"), _int(still_open), overdue),
            _kpi("kpi-backlog", _bi("Quá hạn chưa giải quyết", "Overdue backlog"), backlog,
                 _bi("theo tuổi ở dưới", "by age below")),
        )
    ) + "</section>"  # fmt: skip


def _figure(heading: str, chart: str, note: str = "") -> str:
    caption = f'<p class="note">{note}</p>' if note else ""
    return f'<figure class="panel"><h2>{heading}</h2>{chart}{caption}</figure>'


def _panels(data: ReportData) -> str:
    """The charts and the backlog's lists, two panels a row (the units alone when many)."""
    backlog = data.backlog
    units = _figure(
        _bi("Tỷ lệ đúng hạn theo đơn vị", "On-time rate by unit"),
        _units_chart(data.units),
        _bi("(trước hạn + đúng hạn) ÷ đã giải quyết; cao nhất ở trên",
            "(early + on time) ÷ finished; best first"),
    )  # fmt: skip
    months = _figure(
        _bi("Xu hướng theo tháng tiếp nhận", "Monthly trend by month received"),
        _months_chart(data.months),
        _bi("tỷ lệ đúng hạn của hồ sơ nhận trong tháng; khoảng trống: chưa có hồ sơ xong",
            "on-time rate of records received in the month; gap: nothing finished"),
    )  # fmt: skip
    total = _int(backlog.total)
    ages = _figure(
        _bi("Hồ sơ quá hạn chưa giải quyết theo tuổi", "Overdue backlog by age"),
        _backlog_chart(backlog),
        _bi("Chưa đánh giá: không có thời điểm đánh giá", "not judged: no moment given")
        if data.as_of is None
        else _bi(f"Tổng: {total} hồ sơ", f"total: {total} records"),
    )
    oldest = _figure(
        _bi("Hồ sơ quá hạn lâu nhất", "Oldest overdue records"), _oldest_table(backlog)
    )
    by_unit = ""
    if backlog.by_unit:
        by_unit = _figure(
            _bi("Hồ sơ quá hạn theo đơn vị", "Overdue backlog by unit"),
            _backlog_units_table(backlog),
            _bi("cột: ngày làm việc quá hạn", "columns: working days overdue"),
        )
    if len(data.units.groups) >= _WIDE_FROM:
        return f'<div class="row">{months}{ages}</div>{units}{oldest}{by_unit}'
    return f'<div class="row">{units}{months}</div><div class="row">{ages}{oldest}</div>{by_unit}'


def _notes(data: ReportData) -> str:
    """The footnotes of the two tables: what the scores are, and their sources as cited."""
    score_source = data.table.to_dict()["progress_score_766_source"]
    points_source = data.performance.to_dict()["progress_points_source"]
    source = _bi("Nguồn", "Source")
    score = _bi(
        "Điểm QĐ 766 = 20 × tỷ lệ đúng hạn; công thức CHƯA XÁC MINH",
        "QĐ 766 score = 20 × on-time rate; formula UNVERIFIED",
    )
    times = _int(data.performance.policy.repeatedly_late)
    points = _bi(
        "Mỗi hồ sơ chậm không có lý do khách quan bị trừ 25% điểm của hồ sơ đó; chậm muộn "
        f"nhiều lần: từ {times} lần",
        "each record late without an objective cause loses 25% of its item; repeatedly late: "
        f"from {times} times",
    )
    return (
        f'<p class="note" id="note-766">* {score}. {source}: {_e(score_source)}</p>'
        f'<p class="note" id="note-335">† {points}. {source}: {_e(points_source)}</p>'
    )


def _tables(data: ReportData) -> str:
    key_vi, key_en = _KEY_HEADS.get(data.by, (data.by, data.by))
    rate_vi, rate_en = _KEY_HEADS.get(data.performance.by, (data.by, data.by))
    perf = data.performance
    counted = _bi(
        f"{_int(perf.records)} hồ sơ; {_int(perf.erroneous)} lỗi, không tính",
        f"{_int(perf.records)} records; {_int(perf.erroneous)} erroneous, left out",
    )
    return (
        '<section class="tables">'
        f"<h2>{_bi(f'Số liệu theo {key_vi.lower()}', f'Figures by {key_en.lower()}')}</h2>"
        f"{_figures_table(data)}"
        f"<h2>{_bi(f'Đánh giá theo {rate_vi.lower()}', f'Ratings by {rate_en.lower()}')}</h2>"
        f'<p class="note">{counted}</p>{_ratings_table(perf)}{_notes(data)}</section>'
    )


_CSS: Final = """
@page { size: A4 landscape; margin: 12mm; }
:root { --ink: #1f2933; --muted: #6b7785; --line: #dde2e8; --accent: #3d5a80; --soft: #f3f5f8; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef1f5; color: var(--ink);
  font: 13px/1.45 "Segoe UI", "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
.page { max-width: 1360px; margin: 0 auto; padding: 22px 28px 30px; background: #fff; }
h1 { margin: 0 0 6px; font-size: 22px; font-weight: 600; color: var(--accent); }
h2 { margin: 0 0 8px; font-size: 14px; font-weight: 600; }
.en { color: var(--muted); font-weight: 400; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0 0 16px; padding-bottom: 12px;
  border-bottom: 2px solid var(--accent); }
.meta div { display: flex; gap: 6px; } .meta dt { color: var(--muted); }
.meta dt::after { content: ":"; } .meta dd { margin: 0; font-weight: 600; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 16px; }
.kpi { background: var(--soft); border-left: 4px solid var(--accent); padding: 8px 12px; }
.kpi-label { font-size: 12px; } .kpi-note { font-size: 11px; color: var(--muted); }
.kpi-value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-bottom: 16px;
  align-items: start; }
.panel { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 10px 12px; }
.page > .panel { margin-bottom: 16px; }
.note { margin: 6px 0 0; font-size: 11px; color: var(--muted); }
svg { display: block; max-width: 100%; height: auto; font-size: 11px; }
svg text { fill: var(--ink); } svg .axis { fill: var(--muted); font-size: 10px; }
svg .year { font-weight: 600; } svg .muted { fill: var(--muted); }
svg .value { font-size: 10.5px; font-variant-numeric: tabular-nums; }
svg .grid { stroke: var(--line); } svg .base { stroke: #9aa5b1; } svg .bar { fill: #5b7ea8; }
svg .trend { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linejoin: round; }
svg circle { fill: #fff; stroke: var(--accent); stroke-width: 2; }
table { width: 100%; border-collapse: collapse; font-size: 12px; margin-bottom: 6px;
  font-variant-numeric: tabular-nums; }
th, td { padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { text-align: right; } th.key, td.key { text-align: left; } td.num { text-align: right; }
thead th { background: var(--soft); font-size: 11px; border-bottom: 2px solid #b8c2cc; }
thead th .en { display: block; font-size: 10px; } tbody th { font-weight: 400; }
th.flag, td.flag { text-align: center; } td.flag { color: #a14a32; font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; } td.muted { color: var(--muted); }
tfoot th, tfoot td { font-weight: 600; border-top: 2px solid #b8c2cc; }
.tables h2 { margin-top: 18px; } .tables h2:first-child { margin-top: 0; }
footer { margin-top: 18px; font-size: 11px; color: var(--muted); }
@media print {
  body { background: #fff; font-size: 9pt; } .page { max-width: none; padding: 0; }
  .kpis, .row, .panel, svg { break-inside: avoid; } .tables { break-before: page; }
  h2 { break-after: avoid; } tr, th, td { break-inside: avoid; } table { font-size: 8.5pt; }
  thead { display: table-header-group; } tfoot { display: table-row-group; }
}
"""


def render_report(data: ReportData) -> str:
    """The leaders' report as one self-contained HTML page.

    Args:
        data: Everything the report shows (from [report_data][kyluat.followup.report_data]).

    Returns:
        The page: UTF-8 HTML with inline CSS and SVG, no script and no external resource.
    """
    title = _e(data.title)
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="kyluat">\n<title>{title}</title>\n'
        f'<style>{_CSS}</style>\n</head>\n<body>\n<main class="page">\n'
        f"<header><h1>{title}</h1>{_meta(data)}</header>\n"
        f"{_headline(data)}\n{_panels(data)}\n{_tables(data)}\n"
        "<footer>"
        + _bi(
            "Số liệu do kyluat tính từ tệp nguồn; số viết kiểu Việt Nam (1.234; 80,9%)",
            "figures computed by kyluat from the source file; numbers written the Vietnamese "
            "way (1.234 = 1,234; 80,9% = 80.9%)",
        )
        + "</footer>\n</main>\n</body>\n</html>\n"
    )
