"""The leaders' HTML report (issue 15): read back with the standard library's HTML parser.

Expected values come from the data objects (GroupStats, Performance, Backlog), never from the
renderer; the page's number format (``1.234``, ``80,9%``) is restated here as the spec.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kyluat import VIETNAM
from kyluat.check import iter_results
from kyluat.followup import Backlog, ReportData, report_data
from kyluat.metrics import GroupStats, MetricsTable

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dossiers.csv"
AS_OF = datetime(2026, 11, 30, 9, tzinfo=VIETNAM)
SVG_NS = "http://www.w3.org/2000/svg"
HOSTILE = "<b>&\"x'"
VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"})


# --- a small DOM -------------------------------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and n is not self]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.walk() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"#{ident}: {len(found)} elements"
        return found[0]

    def keys(self) -> list[str]:
        return [n.attrs["data-key"] for n in self.walk() if "data-key" in n.attrs]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = _Builder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, "unclosed elements"
    return builder.root


# --- the spec's number format ------------------------------------------------------------------


def vi_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def vi_dec(x: float | None, places: int) -> str:
    if x is None:
        return "—"
    return f"{x:.{places}f}".replace(".", ",")


def vi_pct(rate: float | None) -> str:
    return "—" if rate is None else vi_dec(rate * 100, 1) + "%"


# --- data --------------------------------------------------------------------------------------


def csv_rows(rows: list[tuple[str, ...]]) -> str:
    head = "id,received_at,limit,due_date,finished_at,unit,person,objective_cause\n"

    def quoted(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    return head + "".join(",".join(quoted(v) for v in row) + "\n" for row in rows)


def record(
    rid: str,
    finished: str,
    unit: str,
    person: str = "Lan",
    cause: str = "",
    received: tuple[str, str] = ("2026-03-03 09:00", "2026-03-10"),
) -> tuple[str, ...]:
    """By default received 03/03/2026 09:00, 5 working days: due 10/03/2026."""
    start, due = received
    return (rid, start, "5 ngày làm việc", due, finished, unit, person, cause)


def replace(data: ReportData, **changes: object) -> ReportData:
    fields = ("by", "as_of", "table", "units", "months", "backlog", "performance", "title")
    kwargs = {name: getattr(data, name) for name in (*fields, "source")}
    return ReportData(**(kwargs | changes))  # type: ignore[arg-type]


def build(
    rows: list[tuple[str, ...]], *, by: str = "unit", as_of: datetime | None = None
) -> ReportData:
    results = iter_results(io.StringIO(csv_rows(rows)), file_format="csv")
    return report_data(results, by=by, as_of=as_of, source="test.csv")


MIXED = [
    record("A1", "2026-03-09", "Sở A"),  # early
    record("A2", "2026-03-10", "Sở A", "Minh"),  # on time
    record("A3", "2026-03-12", "Sở A"),  # late
    record("A4", "2026-03-13", "Sở A", "Minh", "có"),  # late, excused
    record("A5", "", "Sở A"),  # open: overdue at 20/03
    record("B1", "", "Sở B", "Hoa"),  # open only: nothing finished
    record("B2", "", "Sở B", "Hoa"),
    record("C1", "2026-03-05", HOSTILE, "Hoa"),
    record("C2", "2026-03-17", HOSTILE, "Hoa"),
    record("D1", "", "Sở D", "Tú", received=("2026-03-18 09:00", "2026-03-25")),  # not due yet
]


@pytest.fixture(scope="module")
def example() -> ReportData:
    return report_data(
        iter_results(str(EXAMPLE)), by="unit", as_of=AS_OF, source="examples/dossiers.csv"
    )


@pytest.fixture(scope="module")
def mixed() -> ReportData:
    return build(MIXED, as_of=datetime(2026, 3, 20, 9, tzinfo=VIETNAM))


def cells(row: Node) -> dict[str, Node]:
    return {n.attrs["data-field"]: n for n in row.walk() if "data-field" in n.attrs}


def body_rows(table: Node) -> list[Node]:
    (tbody,) = table.find("tbody")
    return [r for r in tbody.find("tr") if "data-key" in r.attrs]


# --- the page ----------------------------------------------------------------------------------


def test_page_is_self_contained(example: ReportData) -> None:
    page = example.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count(f'xmlns="{SVG_NS}"') == 3
    rest = page.replace(f'xmlns="{SVG_NS}"', "").lower()
    for banned in ("http", "//", "<script", "<link", "<img", "<iframe", "url(", "@import", "src="):
        assert banned not in rest, banned
    dom = parse(page)
    (html,) = dom.find("html")
    assert html.attrs["lang"] == "vi"
    assert any(m.attrs.get("charset") == "utf-8" for m in dom.find("meta"))
    (title,) = dom.find("title")[:1]
    assert title.text() == example.title
    (style,) = dom.find("style")
    css = re.sub(r"\s+", " ", style.text())
    assert "@page { size: A4 landscape; margin: 12mm; }" in css
    assert "break-inside: avoid" in css


def test_headings_and_column_heads_are_bilingual(example: ReportData) -> None:
    dom = parse(example.to_html())
    heads = [n.text() for n in dom.walk() if n.tag in ("h1", "h2")]
    heads += [th.text() for thead in dom.find("thead") for th in thead.find("th")]
    buckets = set(Backlog.labels())
    assert len(heads) > 30
    for text in heads:
        assert text in buckets or " / " in text, text
    assert "Tỷ lệ đúng hạn theo đơn vị / On-time rate by unit" in heads
    assert "Đúng hạn / On time" in heads


def test_header_shows_source_moment_and_counts(example: ReportData) -> None:
    dom = parse(example.to_html())
    meta = {
        n.attrs["id"]: n.text() for n in dom.walk() if n.attrs.get("id", "").startswith("meta-")
    }
    assert meta["meta-0"] == "examples/dossiers.csv"
    assert meta["meta-1"] == "30/11/2026 09:00 (UTC+07:00)"
    (moment,) = dom.find("time")
    assert moment.attrs["datetime"] == AS_OF.isoformat()
    assert meta["meta-2"] == vi_int(example.table.records)
    assert meta["meta-3"] == vi_int(example.table.erroneous)
    assert example.table.erroneous > 0  # the example has unreadable rows


def kpi(dom: Node, ident: str) -> tuple[str, str]:
    node = dom.by_id(ident)
    parts = {n.attrs.get("class"): n.text() for n in node.walk()}
    return parts["kpi-value"], parts["kpi-note"]


def test_headline_figures(mixed: ReportData) -> None:
    dom = parse(mixed.to_html())
    groups = mixed.table.groups.values()
    finished = sum(g.early + g.on_time + g.late for g in groups)
    good = sum(g.early + g.on_time for g in groups)
    assert kpi(dom, "kpi-finished") == (
        vi_int(finished),
        f"trong {vi_int(mixed.table.records)} hồ sơ / records read",
    )
    assert kpi(dom, "kpi-rate") == (
        vi_pct(good / finished),
        f"{vi_int(good)} trước hạn và đúng hạn / early or on time",
    )
    overdue = sum(g.open_overdue for g in groups)
    opened = overdue + sum(g.open_within + g.open_unknown for g in groups)
    assert kpi(dom, "kpi-open") == (
        vi_int(opened),
        f"{vi_int(overdue)} đã quá hạn / already overdue",
    )
    assert kpi(dom, "kpi-backlog")[0] == vi_int(mixed.backlog.total)
    assert (finished, good, opened, overdue) == (6, 3, 4, 3)


# --- charts ------------------------------------------------------------------------------------


def test_every_unit_is_a_bar(example: ReportData) -> None:
    chart = parse(example.to_html()).by_id("chart-units")
    assert chart.tag == "svg"
    assert chart.attrs["role"] == "img"
    assert sorted(chart.keys()) == sorted(example.units.groups)
    for item in chart.walk():
        if "data-key" in item.attrs:
            stats = example.units.groups[item.attrs["data-key"]]
            assert vi_pct(stats.on_time_rate) in item.text()
            assert item.find("title")[0].text().startswith(stats.key + ": ")


def test_units_are_ranked_best_first(example: ReportData) -> None:
    keys = parse(example.to_html()).by_id("chart-units").keys()
    rates = [example.units.groups[k].on_time_rate or 0.0 for k in keys]
    assert rates == sorted(rates, reverse=True)


def test_bar_lengths_follow_the_rates(example: ReportData) -> None:
    chart = parse(example.to_html()).by_id("chart-units")
    widths = {}
    for item in chart.walk():
        if "data-key" in item.attrs:
            (rect,) = item.find("rect")
            widths[item.attrs["data-key"]] = float(rect.attrs["width"])
    scales = []
    for key, width in widths.items():
        rate = example.units.groups[key].on_time_rate
        assert rate is not None
        scales.append(width / rate)
    assert max(scales) - min(scales) < 0.5  # one scale for every bar


def test_every_month_is_a_point(example: ReportData) -> None:
    chart = parse(example.to_html()).by_id("chart-months")
    assert chart.keys() == list(example.months.groups)
    points = [n for n in chart.walk() if "data-key" in n.attrs]
    for point in points:
        stats = example.months.groups[point.attrs["data-key"]]
        assert len(point.find("circle")) == (stats.on_time_rate is not None)
        assert vi_pct(stats.on_time_rate) in point.text()
    heights = [float(p.find("circle")[0].attrs["cy"]) for p in points if p.find("circle")]
    rates = [g.on_time_rate for g in example.months.groups.values() if g.on_time_rate is not None]
    order = sorted(range(len(rates)), key=lambda k: rates[k])
    assert [heights[k] for k in order] == sorted(heights, reverse=True)  # higher rate, higher up


def test_backlog_counts_per_bucket(mixed: ReportData) -> None:
    backlog = mixed.backlog
    assert backlog.total == 3  # A5, B1, B2
    chart = parse(mixed.to_html()).by_id("chart-backlog")
    assert chart.keys() == list(Backlog.labels())
    items = [n for n in chart.walk() if "data-key" in n.attrs]
    assert [int(n.attrs["data-value"]) for n in items] == list(backlog.counts)
    for item, count in zip(items, backlog.counts, strict=True):
        texts = [t.text() for t in item.find("text")]
        assert texts[0] == vi_int(count)


def test_oldest_overdue_records_are_listed(mixed: ReportData) -> None:
    dom = parse(mixed.to_html())
    rows = body_rows(dom.by_id("table-oldest"))
    assert [r.attrs["data-key"] for r in rows] == [rid for rid, _, _ in mixed.backlog.oldest]
    for row, (rid, unit, age) in zip(rows, mixed.backlog.oldest, strict=True):
        assert [c.text() for c in row.children if isinstance(c, Node)] == [rid, unit, vi_int(age)]
    by_unit = body_rows(dom.by_id("table-backlog-units"))
    assert [r.attrs["data-key"] for r in by_unit] == [u for u, _ in mixed.backlog.by_unit]
    for row, (_, counts) in zip(by_unit, mixed.backlog.by_unit, strict=True):
        values = [int(c.attrs["data-value"]) for c in cells(row).values()]
        assert values == [*counts, sum(counts)]


def test_an_empty_backlog_renders(example: ReportData) -> None:
    data = build([record("A1", "2026-03-09", "Sở A")], as_of=AS_OF)
    assert data.backlog.total == 0
    dom = parse(data.to_html())
    chart = dom.by_id("chart-backlog")
    assert [int(n.attrs["data-value"]) for n in chart.walk() if "data-value" in n.attrs] == [0] * 5
    assert "Không có hồ sơ quá hạn / no overdue records" in chart.text()
    assert body_rows(dom.by_id("table-oldest")) == []
    assert "no overdue records" in dom.by_id("table-oldest").text()
    assert [n for n in dom.walk() if n.attrs.get("id") == "table-backlog-units"] == []
    (value,) = [n for n in dom.by_id("kpi-backlog").walk() if n.attrs.get("class") == "kpi-value"]
    assert value.text() == "0"


# --- tables ------------------------------------------------------------------------------------


def expected_figures(g: GroupStats) -> dict[str, object]:
    finished = g.early + g.on_time + g.late
    rate = (g.early + g.on_time) / finished if finished else None
    return {
        "finished": finished,
        "early": g.early,
        "on_time": g.on_time,
        "late": g.late,
        "open_within": g.open_within,
        "open_overdue": g.open_overdue,
        "open_unknown": g.open_unknown,
        "on_time_rate": rate,
        "average_working_days": g.working_days_total / finished if finished else None,
        "progress_score_766": None if rate is None else round(20 * rate, 2),
    }


def shown_as(field: str, value: object) -> str:
    if value is None:
        return "—"
    if field == "on_time_rate":
        return vi_pct(value)  # type: ignore[arg-type]
    if field == "average_working_days":
        return vi_dec(value, 1)  # type: ignore[arg-type]
    if field in ("progress_score_766", "progress_points"):
        return vi_dec(value, 2)  # type: ignore[arg-type]
    return vi_int(value)  # type: ignore[arg-type]


def check_cells(row: Node, expected: dict[str, object]) -> None:
    found = cells(row)
    assert set(found) == set(expected)
    for field, value in expected.items():
        cell = found[field]
        raw = cell.attrs["data-value"]
        if value is None:
            assert raw == ""
        elif isinstance(value, bool):
            assert raw == str(value).lower()
        elif isinstance(value, int):
            assert int(raw) == value, field
        else:
            assert float(raw) == value, field
        if not isinstance(value, bool):
            assert cell.text() == shown_as(field, value), field


@pytest.mark.parametrize("by", ["unit", "person", "procedure", "month"])
def test_figures_table_equals_the_data(by: str) -> None:
    data = report_data(iter_results(str(EXAMPLE)), by=by, as_of=AS_OF, source="x")
    rows = body_rows(parse(data.to_html()).by_id("table-figures"))
    assert [r.attrs["data-key"] for r in rows] == list(data.table.groups)
    for row in rows:
        expected = expected_figures(data.table.groups[row.attrs["data-key"]])
        del expected["open_unknown"]  # judged at a moment: within or overdue
        check_cells(row, expected)
        assert row.find("th")[0].text() == row.attrs["data-key"]


def test_figures_total_row_sums_the_groups(example: ReportData) -> None:
    table = parse(example.to_html()).by_id("table-figures")
    (foot,) = table.find("tfoot")
    (total,) = foot.find("tr")
    groups = example.table.groups.values()
    summed = GroupStats(
        "Tổng / Total",
        *(sum(getattr(g, f) for g in groups) for f in
          ("early", "on_time", "late", "open_within", "open_overdue", "open_unknown",
           "working_days_total")),
    )  # fmt: skip
    expected = expected_figures(summed)
    del expected["open_unknown"]
    check_cells(total, expected)
    assert expected["finished"] == sum(g.finished for g in groups)


def test_766_score_is_marked_unverified_with_its_source(example: ReportData) -> None:
    dom = parse(example.to_html())
    note = dom.by_id("note-766").text()
    assert example.table.to_dict()["progress_score_766_source"] in note
    assert "CHƯA XÁC MINH" in note
    assert "UNVERIFIED" in note
    heads = [th.text() for th in dom.by_id("table-figures").find("thead")[0].find("th")]
    assert any("QĐ 766" in h and "*" in h for h in heads)


def expected_rating(row: object) -> dict[str, object]:
    from kyluat.followup import Performance

    assert isinstance(row, Performance)
    rated = row.early + row.on_time + row.late + row.overdue
    return {
        "rated": rated,
        "early": row.early,
        "on_time": row.on_time,
        "late": row.late,
        "overdue": row.overdue,
        "open": row.open,
        "excused": row.excused,
        "late_without_cause": row.late + row.overdue - row.excused,
        "repeatedly_late": row.repeatedly_late,
        "on_time_rate": (row.early + row.on_time) / rated if rated else None,
        "progress_points": row.progress_points,
    }


@pytest.mark.parametrize("by", ["unit", "person"])
def test_ratings_table_equals_the_data(by: str) -> None:
    data = build(MIXED, by=by, as_of=datetime(2026, 3, 20, 9, tzinfo=VIETNAM))
    assert data.performance.by == by
    dom = parse(data.to_html())
    rows = body_rows(dom.by_id("table-ratings"))
    performance = {r.key: r for r in data.performance.rows}
    assert [r.attrs["data-key"] for r in rows] == list(performance)
    for row in rows:
        perf = performance[row.attrs["data-key"]]
        check_cells(row, expected_rating(perf))
        flag = cells(row)["repeatedly_late"].text()
        assert flag == ("Có / yes" if perf.repeatedly_late else "")
    assert any(r.repeatedly_late for r in performance.values())
    assert any(r.excused for r in performance.values())
    assert any(r.progress_points is None for r in performance.values())  # Sở D / Tú: not due
    note = dom.by_id("note-335").text()
    assert data.performance.to_dict()["progress_points_source"] in note


def test_ratings_of_the_example(example: ReportData) -> None:
    rows = body_rows(parse(example.to_html()).by_id("table-ratings"))
    assert len(rows) == len(example.performance.rows) > 1
    for row, perf in zip(rows, example.performance.rows, strict=True):
        check_cells(row, expected_rating(perf))


# --- hostile and unusual data ------------------------------------------------------------------


def test_names_are_escaped(mixed: ReportData) -> None:
    page = mixed.to_html()
    assert HOSTILE not in page
    assert "<b>" not in page
    assert "&lt;b&gt;&amp;&quot;x&#x27;" in page
    dom = parse(page)
    assert HOSTILE in dom.by_id("chart-units").keys()  # noqa: SIM118 (Node.keys: data-keys)
    rows = body_rows(dom.by_id("table-figures"))
    (hostile,) = [r for r in rows if r.attrs["data-key"] == HOSTILE]
    assert hostile.find("th")[0].text() == HOSTILE
    assert dom.find("b") == []


def test_hostile_title_and_source_are_escaped() -> None:
    data = build([record("A1", "2026-03-09", "Sở A")])
    data = replace(data, title="</title><script>x</script>", source='"><script>')
    page = data.to_html()
    assert "<script" not in page
    dom = parse(page)
    assert dom.find("title")[0].text() == "</title><script>x</script>"
    assert dom.by_id("meta-0").text() == '"><script>'


def test_a_group_with_nothing_finished(mixed: ReportData) -> None:
    assert mixed.units.groups["Sở B"].on_time_rate is None
    dom = parse(mixed.to_html())
    chart = dom.by_id("chart-units")
    (bar,) = [n for n in chart.walk() if n.attrs.get("data-key") == "Sở B"]
    assert bar.find("rect") == []
    assert "—" in bar.text()
    assert chart.keys()[-2:] == ["Sở B", "Sở D"]  # nothing finished: last, by name
    (row,) = [r for r in body_rows(dom.by_id("table-figures")) if r.attrs["data-key"] == "Sở B"]
    check_cells(row, {k: v for k, v in expected_figures(mixed.table.groups["Sở B"]).items()
                      if k != "open_unknown"})  # fmt: skip


def test_not_judged_renders() -> None:
    data = build(MIXED)
    assert data.as_of is None
    dom = parse(data.to_html())
    assert dom.by_id("meta-1").text() == "chưa đánh giá / not judged"
    assert dom.find("time") == []
    assert "—" in dom.by_id("kpi-backlog").text()
    assert "not judged" in dom.by_id("chart-backlog").text()
    for row in body_rows(dom.by_id("table-figures")):
        expected = expected_figures(data.table.groups[row.attrs["data-key"]])
        del expected["open_within"], expected["open_overdue"]
        check_cells(row, expected)


def test_a_single_group() -> None:
    data = build([record("A1", "2026-03-09", "Sở A"), record("A2", "", "Sở A")], as_of=AS_OF)
    dom = parse(data.to_html())
    assert dom.by_id("chart-units").keys() == ["Sở A"]
    assert dom.by_id("chart-months").keys() == ["2026-03"]
    assert dom.by_id("table-figures").find("tfoot") == []  # no total of one
    assert len(body_rows(dom.by_id("table-ratings"))) == 1


def test_no_records_at_all() -> None:
    data = report_data(iter(()), by="person", as_of=AS_OF)
    dom = parse(data.to_html())
    for chart in ("chart-units", "chart-months"):
        assert dom.by_id(chart).keys() == []
        assert "no data" in dom.by_id(chart).text()
    for table in ("table-figures", "table-ratings"):
        assert body_rows(dom.by_id(table)) == []
    assert dom.by_id("chart-backlog").keys() == list(Backlog.labels())


def test_hundreds_of_units_and_long_names() -> None:
    long = "Ủy ban nhân dân xã {} thuộc huyện Phong Điền, thành phố Cần Thơ (đơn vị mở rộng)"
    units = [long.format(k) for k in range(300)]
    rows = [record(f"R{k}", "2026-03-09" if k % 3 else "", u) for k, u in enumerate(units)]
    data = build(rows, as_of=AS_OF)
    dom = parse(data.to_html())
    chart = dom.by_id("chart-units")
    assert sorted(chart.keys()) == sorted(units)
    for item in chart.walk():
        if "data-key" in item.attrs:
            label = "".join(t.text() for t in item.find("text") if "label" in t.attrs["class"])
            assert label.endswith("…")
            assert len(label) < len(item.attrs["data-key"])
            assert item.find("title")[0].text().startswith(item.attrs["data-key"])
    assert len(body_rows(dom.by_id("table-figures"))) == 300
    assert len(body_rows(dom.by_id("table-oldest"))) == 10
    assert len(body_rows(dom.by_id("table-backlog-units"))) == 100


def test_a_short_long_name_wraps_on_two_lines() -> None:
    name = "Trung tâm Phục vụ hành chính công tỉnh Cần Thơ"
    data = build([record("A1", "2026-03-09", name)])
    chart = parse(data.to_html()).by_id("chart-units")
    labels = [t.text() for t in chart.find("text") if "label" in t.attrs["class"]]
    assert len(labels) == 2
    assert " ".join(labels) == name


def test_big_numbers_use_vietnamese_separators() -> None:
    stats = GroupStats("X", early=1234, on_time=5, late=1)
    assert vi_int(stats.finished) == "1.240"
    data = build([record("A1", "2026-03-09", "Sở A")])
    data = replace(data, units=MetricsTable("unit", [stats]))
    bar_text = parse(data.to_html()).by_id("chart-units").text()
    assert vi_pct(stats.on_time_rate) in bar_text  # 99,9%
    assert "1.239/1.240" in bar_text


def test_a_month_with_nothing_finished_is_a_gap_in_the_line() -> None:
    rows = [
        record("M1", "2026-03-09", "Sở A"),
        record("M2", "", "Sở A", received=("2026-04-01 09:00", "2026-04-08")),
        record("M3", "2026-05-08", "Sở A", received=("2026-05-04 09:00", "2026-05-11")),
        record("M4", "2026-05-20", "Sở A", received=("2026-05-05 09:00", "2026-05-12")),
        record("M5", "2026-06-01", "Sở A", received=("2026-05-06 09:00", "2026-05-13")),
    ]
    data = build(rows, as_of=AS_OF)
    assert [g.on_time_rate for g in data.months.groups.values()] == [1.0, None, 1 / 3]
    chart = parse(data.to_html()).by_id("chart-months")
    assert chart.keys() == ["2026-03", "2026-04", "2026-05"]
    lines = [n.attrs["points"].split() for n in chart.find("polyline")]
    assert [len(points) for points in lines] == [1, 1]  # broken at April
    (april,) = [n for n in chart.walk() if n.attrs.get("data-key") == "2026-04"]
    assert april.find("circle") == []
    assert "nothing finished" in april.text()
