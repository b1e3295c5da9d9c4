"""Thin adapters of `check_table` for Polars, DuckDB and Dask (extras of the same names).

Each adapter turns its engine's data into Arrow, calls `check_table` and turns the result back:
the verdicts are those of `check_table`, hence of ``kyluat check``. The engines are imported
when an adapter is called, never when ``kyluat.columnar`` is imported; a missing engine is an
`InvalidInputError` naming the extra to install.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import pyarrow as pa

from kyluat.calendar import WorkCalendar
from kyluat.columnar._table import RESULT_SCHEMA, check_table
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import InvalidInputError
from kyluat.office_hours import OfficeHours

if TYPE_CHECKING:
    import dask.dataframe
    import duckdb
    import polars

__all__ = ["check_dask", "check_polars", "register_duckdb"]

_PREFIX: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PLACEHOLDER_ID: Final = "-"
_PLACEHOLDER_DUE: Final = "1970-01-01"
"""A due date given with the receipt alone: any readable date, the expected one is computed."""


def _checked_options(
    calendar: WorkCalendar | None,
    office_hours: OfficeHours | None,
    policy: DeadlinePolicy | None,
) -> None:
    """Refuse options of the wrong type before any engine runs (errors name the field)."""
    if calendar is not None and not isinstance(calendar, WorkCalendar):
        raise InvalidInputError("expected a WorkCalendar", field="calendar")
    if office_hours is not None and not isinstance(office_hours, OfficeHours):
        raise InvalidInputError("expected OfficeHours", field="office_hours")
    if policy is not None and not isinstance(policy, DeadlinePolicy):
        raise InvalidInputError("expected a DeadlinePolicy", field="policy")


def _missing(engine: str, field: str) -> InvalidInputError:
    return InvalidInputError(
        f"needs the {engine} extra: pip install 'kyluat[{engine}]'", field=field
    )


def check_polars(
    frame: polars.DataFrame,
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
) -> polars.DataFrame:
    """Check every record of a Polars frame: `check_table` over ``frame.to_arrow()``.

    Columns are matched by name as in a record file; read a CSV file as text
    (``polars.read_csv(path, infer_schema=False)``) to get the verdicts of ``kyluat check``.
    Polars' text columns (``large_string`` or ``string_view`` in Arrow), dates, datetimes and
    integers are read as `check_table` reads them; a null is an empty value.

    Args:
        frame: The records, one per row.
        calendar: The working calendar (default: the public-sector calendar).
        office_hours: The office hours (default: the national ones).
        policy: The deadline policy (default: the statutory one).

    Returns:
        A Polars frame with the columns of `RESULT_SCHEMA` (``row`` counts from 1).

    Raises:
        InvalidInputError: Polars is not installed, ``frame`` is not a Polars ``DataFrame``,
            an option of the wrong type, or a column that is not text-like.
        DataError: A required column is missing, or two columns name the same one.

    Examples:
        >>> import polars as pl
        >>> frame = pl.DataFrame({
        ...     "id": ["A", "B"], "received_at": ["2026-03-03 09:00", "2025-12-31"],
        ...     "limit": ["5 ngày làm việc"] * 2, "due_date": ["2026-03-10", "2026-01-08"],
        ...     "finished_at": [None, "2026-01-05"]})
        >>> check_polars(frame).select("id", "verdict", "expected_due_date").rows()
        [('A', 'ok', datetime.date(2026, 3, 10)), ('B', 'mismatched', datetime.date(2026, 1, 9))]
    """
    try:
        import polars
    except ImportError as exc:
        raise _missing("polars", "frame") from exc
    if not isinstance(frame, polars.DataFrame):
        hint = " (collect it first)" if isinstance(frame, polars.LazyFrame) else ""
        raise InvalidInputError(
            f"expected a polars DataFrame, got {type(frame).__name__}{hint}", field="frame"
        )
    _checked_options(calendar, office_hours, policy)
    result = check_table(
        frame.to_arrow(), calendar=calendar, office_hours=office_hours, policy=policy
    )
    checked = polars.from_arrow(result)
    assert isinstance(checked, polars.DataFrame)  # a table gives a frame
    return checked


_ROW_ARGUMENTS: Final = ("id", "received_at", "limit", "due_date", "finished_at", "status")
_CHECK_ARGUMENTS: Final = (*_ROW_ARGUMENTS, "pauses", "case")


def _arguments_table(names: tuple[str, ...], arrays: tuple[pa.ChunkedArray, ...]) -> pa.Table:
    return pa.table(dict(zip(names, arrays, strict=True)))


def register_duckdb(
    connection: duckdb.DuckDBPyConnection,
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
    prefix: str = "kyluat_",
) -> None:
    """Register kyluat's check as vectorised (Arrow) scalar functions on a DuckDB connection.

    Each function gets a chunk of rows as Arrow arrays, makes them a table with the columns of
    a record file and calls `check_table` (nulls are read as empty values). The functions,
    ``{prefix}`` before each name, all ``VARCHAR`` arguments:

    * ``kyluat_verdict(id, received_at, "limit", due_date, finished_at, status)`` →
      ``VARCHAR``: ``ok``, ``mismatched`` or ``erroneous``;
    * ``kyluat_message(id, received_at, "limit", due_date, finished_at, status)`` →
      ``VARCHAR``: the mismatches or why the row cannot be checked, null for an ok row;
    * ``kyluat_expected_status(id, received_at, "limit", due_date, finished_at, status)``
      → ``VARCHAR``: ``early``, ``on_time`` or ``late``, null when not finished;
    * ``kyluat_expected_due_date(received_at, "limit")`` → ``DATE``: the deadline, null when
      it cannot be computed;
    * ``kyluat_check(id, received_at, "limit", due_date, finished_at, status, pauses, "case")``
      → ``STRUCT(verdict, expected_due_date, expected_status, message, provisional)``: the
      whole verdict, with the pauses and the case (the six-argument functions have neither).

    ``limit`` and ``case`` are SQL keywords: quote them. Typed columns (``DATE``,
    ``TIMESTAMP``) are not cast to text implicitly: read the file with ``all_varchar = true``
    or cast (``due_date::VARCHAR``). A `ProvisionalDataWarning` is given, as by `check_table`,
    for each chunk whose deadlines depend on a year not yet announced.

    Args:
        connection: The DuckDB connection to register the functions on.
        calendar: The working calendar (default: the public-sector calendar).
        office_hours: The office hours (default: the national ones).
        policy: The deadline policy (default: the statutory one).
        prefix: Put before each function's name: letters, digits and ``_``.

    Raises:
        InvalidInputError: DuckDB is not installed, ``connection`` is not a DuckDB connection,
            an option of the wrong type, a prefix that is not a name, or a function of that
            name already registered on the connection.

    Examples:
        >>> import duckdb
        >>> connection = duckdb.connect()
        >>> register_duckdb(connection)
        >>> connection.sql(
        ...     "SELECT kyluat_verdict('A', '2025-12-31', '5 ngày làm việc', '2026-01-08', "
        ...     "NULL, NULL) AS verdict, kyluat_expected_due_date('2025-12-31', "
        ...     "'5 ngày làm việc') AS due").fetchall()
        [('mismatched', datetime.date(2026, 1, 9))]
    """
    try:
        import duckdb
    except ImportError as exc:
        raise _missing("duckdb", "connection") from exc
    if not isinstance(connection, duckdb.DuckDBPyConnection):
        raise InvalidInputError(
            f"expected a duckdb connection, got {type(connection).__name__}", field="connection"
        )
    if not isinstance(prefix, str) or not (prefix == "" or _PREFIX.match(prefix)):
        raise InvalidInputError(
            "a prefix is letters, digits and '_', not starting with a digit", field="prefix"
        )
    _checked_options(calendar, office_hours, policy)

    def checked(names: tuple[str, ...], arrays: tuple[pa.ChunkedArray, ...]) -> pa.Table:
        return check_table(
            _arguments_table(names, arrays),
            calendar=calendar,
            office_hours=office_hours,
            policy=policy,
        )

    def column(name: str) -> Callable[..., pa.Array]:
        # DuckDB counts the parameters of the function: they are named one by one.
        def function(
            id_: pa.ChunkedArray,
            received_at: pa.ChunkedArray,
            limit: pa.ChunkedArray,
            due_date: pa.ChunkedArray,
            finished_at: pa.ChunkedArray,
            status: pa.ChunkedArray,
        ) -> pa.Array:
            arrays = (id_, received_at, limit, due_date, finished_at, status)
            return checked(_ROW_ARGUMENTS, arrays).column(name).combine_chunks()

        return function

    def expected_due_date(received_at: pa.ChunkedArray, limit: pa.ChunkedArray) -> pa.Array:
        n = len(received_at)
        placeholders = (
            pa.chunked_array([pa.array([_PLACEHOLDER_ID] * n)]),
            received_at,
            limit,
            pa.chunked_array([pa.array([_PLACEHOLDER_DUE] * n)]),
        )
        table = checked(("id", "received_at", "limit", "due_date"), placeholders)
        return table.column("expected_due_date").combine_chunks()

    def whole(
        id_: pa.ChunkedArray,
        received_at: pa.ChunkedArray,
        limit: pa.ChunkedArray,
        due_date: pa.ChunkedArray,
        finished_at: pa.ChunkedArray,
        status: pa.ChunkedArray,
        pauses: pa.ChunkedArray,
        case: pa.ChunkedArray,
    ) -> pa.Array:
        arrays = (id_, received_at, limit, due_date, finished_at, status, pauses, case)
        table = checked(_CHECK_ARGUMENTS, arrays)
        names = ["verdict", "expected_due_date", "expected_status", "message", "provisional"]
        return pa.StructArray.from_arrays(
            [table.column(name).combine_chunks() for name in names], names=names
        )

    from duckdb.func import ARROW, SPECIAL
    from duckdb.sqltypes import BOOLEAN, DATE, VARCHAR, DuckDBPyType

    struct = duckdb.struct_type(
        {
            "verdict": VARCHAR,
            "expected_due_date": DATE,
            "expected_status": VARCHAR,
            "message": VARCHAR,
            "provisional": BOOLEAN,
        }
    )
    functions: tuple[tuple[str, Callable[..., pa.Array], int, DuckDBPyType], ...] = (
        ("verdict", column("verdict"), len(_ROW_ARGUMENTS), VARCHAR),
        ("message", column("message"), len(_ROW_ARGUMENTS), VARCHAR),
        ("expected_status", column("expected_status"), len(_ROW_ARGUMENTS), VARCHAR),
        ("expected_due_date", expected_due_date, 2, DATE),
        ("check", whole, len(_CHECK_ARGUMENTS), struct),
    )
    for name, function, arity, returns in functions:
        try:
            connection.create_function(
                prefix + name,
                function,
                [VARCHAR for _ in range(arity)],
                returns,
                type=ARROW,
                null_handling=SPECIAL,
                side_effects=False,
            )
        except duckdb.Error as exc:
            raise InvalidInputError(
                f"cannot register {prefix + name}: {exc}", field="prefix"
            ) from exc


# pandas ships no type information here (pandas-stubs is not a dependency): its frames are Any.
def _pandas_result(table: pa.Table) -> Any:
    return table.to_pandas()


def _check_partition(
    partition: Any,
    calendar: WorkCalendar | None,
    office_hours: OfficeHours | None,
    policy: DeadlinePolicy | None,
) -> Any:
    """`check_table` of one pandas partition, indexed like the partition."""
    table = pa.Table.from_pandas(partition, preserve_index=False)
    result = _pandas_result(
        check_table(table, calendar=calendar, office_hours=office_hours, policy=policy)
    )
    result.index = partition.index
    return result


def check_dask(
    frame: dask.dataframe.DataFrame,
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
) -> dask.dataframe.DataFrame:
    """Check every record of a Dask frame, a partition at a time (lazily).

    Each partition (a pandas frame) becomes an Arrow table, goes through `check_table` and
    comes back as pandas, with the partition's index, so the result lines up with ``frame``.
    Read CSV files as text: ``dask.dataframe.read_csv(path, dtype=str,
    keep_default_na=False)``. The column names and the options are checked when the graph is
    built (a missing column fails here, not on a worker); the column types, per partition.

    On a cluster, the calendar, office hours and policy are pickled to the workers with the
    task. kyluat caches its working-time index per process, keyed by the calendar's and the
    office hours' value, so each worker process builds it once, on its first partition, and
    reuses it for every later one. A `ProvisionalDataWarning` is given on the worker.

    Args:
        frame: The records, one per row.
        calendar: The working calendar (default: the public-sector calendar).
        office_hours: The office hours (default: the national ones).
        policy: The deadline policy (default: the statutory one).

    Returns:
        A lazy Dask frame with the columns of `RESULT_SCHEMA`, as pandas gives them from Arrow.
        ``row`` counts from 1 within each partition, not over the whole frame; the index is
        the input's.

    Raises:
        InvalidInputError: Dask is not installed, ``frame`` is not a Dask ``DataFrame``, an
            option of the wrong type, or (when computed) a column that is not text-like.
        DataError: A required column is missing, or two columns name the same one.

    Examples:
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> records = pd.DataFrame({
        ...     "id": ["A", "B", "C"],
        ...     "received_at": ["2026-03-03 09:00", "2025-12-31", "2025-12-31"],
        ...     "limit": ["5 ngày làm việc"] * 3,
        ...     "due_date": ["2026-03-10", "2026-01-08", "2026-01-09"]})
        >>> checked = check_dask(dd.from_pandas(records, npartitions=2))
        >>> checked.compute()[["row", "id", "verdict"]].values.tolist()
        [[1, 'A', 'ok'], [2, 'B', 'mismatched'], [1, 'C', 'ok']]
    """
    try:
        import dask.dataframe
    except ImportError as exc:
        raise _missing("dask", "frame") from exc
    if not isinstance(frame, dask.dataframe.DataFrame):
        raise InvalidInputError(
            f"expected a dask DataFrame, got {type(frame).__name__}", field="frame"
        )
    _checked_options(calendar, office_hours, policy)
    check_table(pa.table({str(name): pa.nulls(0) for name in frame.columns}))  # the names
    # dask leaves map_partitions unannotated: the ignore below is for that alone
    checked: dask.dataframe.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]
        _check_partition,
        calendar,
        office_hours,
        policy,
        meta=_pandas_result(RESULT_SCHEMA.empty_table()),
    )
    return checked
