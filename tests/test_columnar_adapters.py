"""The Polars, DuckDB and Dask adapters of check_table, each run with the real library.

The verdicts of each engine are compared with the row engine's report of the same file
(``kyluat check --engine row``), which never goes through Arrow.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import dask.dataframe as dd
import duckdb
import pandas as pd
import polars as pl
import pytest
from distributed import Client, LocalCluster

from kyluat.calendar import WorkCalendar
from kyluat.check import CheckReport, check_file
from kyluat.columnar import RESULT_SCHEMA, check_dask, check_polars, check_table, register_duckdb
from kyluat.errors import DataError, InvalidInputError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dossiers.csv"
SIX_DAYS = WorkCalendar(sector="private", working_weekdays=range(6))  # Saturdays worked
QUERY = (
    'SELECT id, kyluat_verdict(id, received_at, "limit", due_date, finished_at, status) '
    "AS verdict FROM read_csv(?, all_varchar = true)"
)


@pytest.fixture(scope="module")
def report() -> CheckReport:
    return check_file(str(EXAMPLE), engine="row")


def _counts(report: CheckReport) -> dict[str, int]:
    return {"ok": report.ok, "mismatched": report.mismatched, "erroneous": report.erroneous}


def _verdicts_by_id(report: CheckReport) -> dict[str, str]:
    """The verdict of each record that is not ok, by id, as the row engine reports it."""
    found = {error.id: "erroneous" for error in report.errors}
    found.update({mismatch.id: "mismatched" for mismatch in report.mismatches})
    return found


def test_the_example_has_every_verdict(report: CheckReport) -> None:
    counts = _counts(report)
    assert counts["mismatched"] > 0
    assert counts["erroneous"] > 0
    assert sum(counts.values()) == report.records == 330


# Polars


def test_polars_counts_equal_the_row_engine(report: CheckReport) -> None:
    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    result = check_polars(frame)
    assert isinstance(result, pl.DataFrame)
    assert result.columns == RESULT_SCHEMA.names
    assert result.height == frame.height
    assert dict(Counter(result["verdict"].to_list())) == _counts(report)
    not_ok = result.filter(pl.col("verdict") != "ok")
    assert dict(zip(not_ok["id"], not_ok["verdict"], strict=True)) == _verdicts_by_id(report)


def test_polars_reads_the_quoted_pauses_field_as_the_file_does() -> None:
    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    paused = frame.filter(pl.col("pauses") != "")
    assert paused["pauses"].to_list() == ['[["2026-03-06", "2026-03-11"]]']
    with_pauses = check_polars(paused).row(0, named=True)
    without = check_polars(paused.drop("pauses")).row(0, named=True)
    assert with_pauses["message"] != without["message"]  # the pauses were read


def test_polars_text_views_and_typed_columns() -> None:
    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    views = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    assert str(views.schema.field("id").type) == "string_view"
    expected = check_polars(frame)["verdict"].to_list()
    assert check_table(views).column("verdict").to_pylist() == expected
    typed = frame.with_columns(
        pl.col("due_date").str.to_date(),
        pl.col("unit").cast(pl.Categorical),
    )
    assert check_polars(typed)["verdict"].to_list() == expected


def test_polars_nulls_are_empty_values() -> None:
    frame = pl.DataFrame(
        {
            "id": ["A", "B"],
            "received_at": ["2025-01-03 08:52", "2025-01-03 08:52"],
            "limit": ["03 ngày làm việc"] * 2,
            "due_date": ["2025-01-08", "2025-01-08"],
            "finished_at": [None, "2025-01-05"],
            "status": [None, "trước hạn"],
        }
    )
    result = check_polars(frame)
    assert result["verdict"].to_list() == ["ok", "ok"]
    assert result["expected_status"].to_list() == [None, "early"]
    assert result["expected_due_date"].to_list() == [dt.date(2025, 1, 8)] * 2
    assert result.schema["expected_due_date"] == pl.Date


def test_polars_options_reach_the_kernel() -> None:
    frame = pl.DataFrame(
        {
            "id": ["A"],
            "received_at": ["2026-03-06"],
            "limit": ["1 ngày làm việc"],
            "due_date": ["2026-03-09"],
        }
    )
    assert check_polars(frame)["verdict"].to_list() == ["ok"]  # Friday, then Monday
    private = check_polars(frame, calendar=SIX_DAYS)
    assert private["expected_due_date"].to_list() == [dt.date(2026, 3, 7)]  # Saturdays worked


@pytest.mark.parametrize("wrong", ["not a frame", None, pd.DataFrame({"id": ["A"]})])
def test_polars_refuses_what_is_not_a_frame(wrong: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        check_polars(wrong)  # type: ignore[arg-type]
    assert caught.value.field == "frame"
    assert caught.value.code == "invalid_input"


def test_polars_lazy_frame_is_told_to_collect() -> None:
    with pytest.raises(InvalidInputError, match="collect it first"):
        check_polars(pl.LazyFrame({"id": ["A"]}))  # type: ignore[arg-type]


def test_polars_missing_column_and_wrong_option() -> None:
    with pytest.raises(DataError):
        check_polars(pl.DataFrame({"id": ["A"]}))
    frame = pl.read_csv(EXAMPLE, infer_schema=False, n_rows=1)
    with pytest.raises(InvalidInputError) as caught:
        check_polars(frame, calendar="vn")  # type: ignore[arg-type]
    assert caught.value.field == "calendar"


# DuckDB


@pytest.fixture
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    register_duckdb(con)
    yield con
    con.close()


def test_duckdb_documented_query_counts_equal_the_row_engine(
    connection: duckdb.DuckDBPyConnection, report: CheckReport
) -> None:
    rows = connection.execute(QUERY, [str(EXAMPLE)]).fetchall()
    assert len(rows) == report.records
    assert dict(Counter(verdict for _, verdict in rows)) == _counts(report)
    assert {i: v for i, v in rows if v != "ok"} == _verdicts_by_id(report)


def test_duckdb_check_struct_matches_check_table(connection: duckdb.DuckDBPyConnection) -> None:
    rows = connection.execute(
        'SELECT kyluat_check(id, received_at, "limit", due_date, finished_at, status, pauses, '
        "NULL) AS c FROM read_csv(?, all_varchar = true)",
        [str(EXAMPLE)],
    ).fetchall()
    expected = check_table(pl.read_csv(EXAMPLE, infer_schema=False).to_arrow()).to_pylist()
    names = ("verdict", "expected_due_date", "expected_status", "message", "provisional")
    assert [row[0] for row in rows] == [{k: e[k] for k in names} for e in expected]


def test_duckdb_expected_due_date_is_a_date(connection: duckdb.DuckDBPyConnection) -> None:
    rows = connection.execute(
        'SELECT kyluat_expected_due_date(received_at, "limit"), '
        'kyluat_message(id, received_at, "limit", due_date, finished_at, status), '
        'kyluat_verdict(id, received_at, "limit", due_date, finished_at, status) '
        "FROM read_csv(?, all_varchar = true) WHERE id = 'HS-2025-1000'",
        [str(EXAMPLE)],
    ).fetchall()
    # the file's due date for HS-2025-1000, comes back as a date
    assert rows == [(dt.date(2025, 1, 8), None, "ok")]


def test_duckdb_nulls_are_empty_values(connection: duckdb.DuckDBPyConnection) -> None:
    rows = connection.sql(
        "SELECT kyluat_verdict(id, r, '03 ngày làm việc', d, NULL, NULL), "
        "kyluat_message(id, r, '03 ngày làm việc', d, NULL, NULL), "
        "kyluat_expected_due_date(r, NULL) "
        "FROM (VALUES ('A', '2025-01-03 08:52', '2025-01-08'), ('B', NULL, '2025-01-08'), "
        "(NULL, '2025-01-03 08:52', NULL)) t(id, r, d)"
    ).fetchall()
    assert rows == [
        ("ok", None, None),
        ("erroneous", "received_at: is empty or missing", None),
        ("erroneous", "id: is empty or missing", None),
    ]


def test_duckdb_prefix_and_options() -> None:
    con = duckdb.connect()
    register_duckdb(con, prefix="vn_", calendar=SIX_DAYS)
    rows = con.sql("SELECT vn_expected_due_date('2026-03-06', '1 ngày làm việc')").fetchall()
    assert rows == [(dt.date(2026, 3, 7),)]
    with pytest.raises(InvalidInputError) as caught:
        register_duckdb(con, prefix="vn_")  # already there
    assert caught.value.field == "prefix"
    con.close()


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"connection": "duckdb"}, "connection"),
        ({"prefix": "drop table;"}, "prefix"),
        ({"prefix": "1x"}, "prefix"),
        ({"office_hours": "8-17"}, "office_hours"),
        ({"policy": 1}, "policy"),
    ],
)
def test_duckdb_refuses_bad_arguments(arguments: dict[str, object], field: str) -> None:
    con = duckdb.connect()
    target = arguments.pop("connection", con)
    with pytest.raises(InvalidInputError) as caught:
        register_duckdb(target, **arguments)  # type: ignore[arg-type]
    assert caught.value.field == field
    con.close()


# Dask


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


def _read_dask() -> dd.DataFrame:
    return dd.read_csv(EXAMPLE, dtype=str, keep_default_na=False, blocksize=4000)


def test_dask_on_a_cluster_counts_equal_the_row_engine(client: Client, report: CheckReport) -> None:
    frame = _read_dask()
    assert frame.npartitions > 1
    checked = check_dask(frame)
    assert list(checked.columns) == RESULT_SCHEMA.names
    result = checked.compute()
    assert len(result) == report.records
    assert dict(Counter(result["verdict"])) == _counts(report)
    not_ok = result[result["verdict"] != "ok"]
    assert dict(zip(not_ok["id"], not_ok["verdict"], strict=True)) == _verdicts_by_id(report)
    assert (result["row"] == 1).sum() == frame.npartitions  # rows count within each partition
    assert len(client.scheduler_info()["workers"]) == 2


def test_dask_result_lines_up_with_its_input(client: Client) -> None:
    frame = _read_dask()
    result = check_dask(frame).compute()
    assert list(result["id"]) == list(frame["id"].compute())
    assert list(result.index) == list(frame.compute().index)
    known = result[result["id"] == "HS-2025-1000"]
    assert list(known["expected_due_date"]) == [dt.date(2025, 1, 8)]
    checked = check_dask(frame)
    both = frame.assign(verdict=checked["verdict"]).compute()  # the documented recipe
    assert list(both["verdict"]) == list(result["verdict"])
    assert list(both["id"]) == list(result["id"])


def test_dask_checks_names_and_options_when_built() -> None:
    records = pd.DataFrame({"id": ["A"], "received_at": ["2025-01-03"]})
    with pytest.raises(DataError):
        check_dask(dd.from_pandas(records, npartitions=1))
    with pytest.raises(InvalidInputError) as caught:
        check_dask(records)  # type: ignore[arg-type]
    assert caught.value.field == "frame"
    with pytest.raises(InvalidInputError) as caught:
        check_dask(_read_dask(), policy="strict")  # type: ignore[arg-type]
    assert caught.value.field == "policy"
