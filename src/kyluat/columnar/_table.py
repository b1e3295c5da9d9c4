"""`check_table`: the columnar check of an Arrow table, one verdict per row."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kyluat._moments import EPOCH_ORDINAL
from kyluat._text import shown
from kyluat.calendar import WorkCalendar
from kyluat.check._columns import read_columns
from kyluat.check._report import RowResult
from kyluat.check._rows import RowChecker
from kyluat.columnar._arrow import bools, ints, strings
from kyluat.columnar._kernel import OUTCOMES, verdicts
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import InvalidInputError, ProvisionalDataWarning
from kyluat.office_hours import OfficeHours

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["RESULT_SCHEMA", "check_table", "text_columns"]

RESULT_SCHEMA: Final = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        pa.field("verdict", pa.string(), nullable=False),
        pa.field("expected_due_date", pa.date32()),
        pa.field("expected_status", pa.string()),
        pa.field("message", pa.string()),
        pa.field("provisional", pa.bool_(), nullable=False),
    ]
)
"""The columns `check_table` gives (public contract)."""

_ZONE: Final = "Asia/Ho_Chi_Minh"
_KNOWN: Final = frozenset(
    ("id", "received_at", "limit", "case", "due_date", "finished_at", "status", "pauses")
)
BATCH: Final = 65_536
"""Rows checked at a time (their arrays stay in the processor's caches)."""
_VERDICTS: Final = strings(["ok", "mismatched", "erroneous"])
_STATUSES: Final = strings([outcome.value for outcome in OUTCOMES])
_BLANK: Final = strings([""])[0]


def _as_text(name: str, column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column as text as the row engine reads it: missing values are empty text."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.dictionary_decode()
        kind = column.type
    if pa.types.is_timestamp(kind):
        if kind.tz is not None:  # an instant: shown as the Vietnam time it is
            column = column.cast(pa.timestamp("s", tz=_ZONE), safe=False)
        else:
            column = column.cast(pa.timestamp("s"), safe=False)
        column = pc.strftime(column, format="%Y-%m-%d %H:%M:%S")
    elif not (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_string_view(kind)
        or pa.types.is_date(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_null(kind)
    ):
        raise InvalidInputError(
            f"column {shown(name)} is {kind}; expected text, dates, timestamps or integers",
            field="table",
        )
    text = column.cast(pa.string())
    return pc.fill_null(text, _BLANK) if text.null_count else text


def text_columns(table: pa.Table | pa.RecordBatch) -> dict[str, pa.Array]:
    """The columns kyluat reads, by their own names, as text (names matched as in files).

    Raises:
        InvalidInputError: Not an Arrow table, or a column of a type that is not text-like.
        DataError: A required column is missing, or two columns name the same one.
    """
    if not isinstance(table, pa.Table | pa.RecordBatch):
        raise InvalidInputError(
            f"expected a pyarrow Table or RecordBatch, got {type(table).__name__}", field="table"
        )
    header = read_columns([str(name) for name in table.schema.names])
    return {
        name: _as_text(name, table.column(position))
        for position, name in enumerate(header.names)
        if name in _KNOWN
    }


def _mismatch_text(parts: list[tuple[str, str, str]]) -> str:
    return "; ".join(
        f"{field}: expected {expected}, found {found}" for field, expected, found in parts
    )


def _slow(
    checker: RowChecker, columns: dict[str, pa.Array], rows: npt.NDArray[np.int64]
) -> list[RowResult]:
    """The row engine's result for each of ``rows`` (positions from 0)."""
    picked = {name: column.take(ints(rows)).to_pylist() for name, column in columns.items()}
    names = list(picked)
    results = []
    for k, position in enumerate(rows.tolist()):
        record = {name: picked[name][k] for name in names}
        results.append(checker.check(position + 1, record))
    return results


def check_table(
    table: pa.Table | pa.RecordBatch,
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
) -> pa.Table:
    """Check every record of an Arrow table: one row of verdict per input row, in order.

    Columns are those of a record file (see [`COLUMNS`][kyluat.check.COLUMNS]), matched by name
    the same way; values are text as in a file (a missing value is empty), or Arrow dates,
    timestamps (without a zone: Vietnam time) and integers, read as their ISO text.

    Returns:
        A table with `RESULT_SCHEMA`: ``row`` (from 1), ``id``, ``verdict`` (``ok``,
        ``mismatched`` or ``erroneous``), ``expected_due_date``, ``expected_status``
        (``early``, ``on_time``, ``late``; null when not finished), ``message`` (null for an
        ok row; the mismatches, or why the row cannot be checked) and ``provisional``.

    Warns:
        ProvisionalDataWarning: Once, when some deadlines depend on a year not yet announced.

    Raises:
        InvalidInputError: Not an Arrow table, or a column that is not text-like.
        DataError: A required column is missing, or two columns name the same one.

    Examples:
        >>> import pyarrow as pa
        >>> table = pa.table({
        ...     "id": ["A", "B"], "received_at": ["2026-03-03 09:00", "2025-12-31"],
        ...     "limit": ["5 ngày làm việc", "5 ngày làm việc"],
        ...     "due_date": ["2026-03-10", "2026-01-08"]})
        >>> result = check_table(table)
        >>> result.column("verdict").to_pylist()
        ['ok', 'mismatched']
        >>> result.column("message")[1].as_py()
        'due_date: expected 2026-01-09, found 2026-01-08'
    """
    if not isinstance(table, pa.Table | pa.RecordBatch):
        raise InvalidInputError(
            f"expected a pyarrow Table or RecordBatch, got {type(table).__name__}", field="table"
        )
    checker = RowChecker(calendar, office_hours, policy)
    text_columns(table.slice(0, 0))  # the columns and their types, checked once
    batches = table.to_batches(max_chunksize=BATCH) if isinstance(table, pa.Table) else [table]
    try:
        parts = [_check_batch(batch, checker) for batch in batches if batch.num_rows]
    except pa.ArrowException as exc:  # a value Arrow cannot read as text, say
        raise InvalidInputError(f"cannot read the table: {exc}", field="table") from None
    result = (
        pa.Table.from_batches(parts, schema=RESULT_SCHEMA) if parts else RESULT_SCHEMA.empty_table()
    )
    if len(parts) > 1:  # rows counted from 1 over the whole table
        result = result.set_column(
            0, RESULT_SCHEMA.field("row"), ints(np.arange(1, result.num_rows + 1))
        )
    provisional = int(pc.sum(result.column("provisional")).as_py() or 0)
    if provisional:
        warnings.warn(
            f"{provisional:,} expected deadlines depend on a year after "
            f"{checker.calendar.last_announced_year}, whose official schedule is not announced "
            "yet (column provisional)",
            ProvisionalDataWarning,
            stacklevel=2,
        )
    return result


def _check_batch(batch: pa.RecordBatch, checker: RowChecker) -> pa.RecordBatch:
    """`check_table` of one batch (rows numbered from 1 in it)."""
    columns = text_columns(batch)
    n = len(columns["id"])
    found = verdicts(columns, checker)
    differs = found.due_differs | found.status_differs
    verdict = differs.astype(np.int64)  # _VERDICTS: ok, mismatched, erroneous
    due = found.due.copy()
    status = found.status.copy()
    provisional = found.provisional.copy()
    missing = np.zeros(n, dtype=np.bool_)  # no expected due date
    texts: dict[int, str] = {}
    rows = np.flatnonzero(differs)
    if rows.size:
        due_texts = columns["due_date"].take(ints(rows)).to_pylist()
        status_column = columns.get("status")
        status_texts = (
            [""] * len(rows)
            if status_column is None
            else status_column.take(ints(rows)).to_pylist()
        )
        for k, position in enumerate(rows.tolist()):
            parts = []
            if found.due_differs[position]:
                day = np.datetime64(int(due[position]), "D")
                parts.append(("due_date", str(day), due_texts[k]))
            if found.status_differs[position]:
                expected = OUTCOMES[int(status[position])].value
                parts.append(("status", expected, status_texts[k].strip()))
            texts[position] = _mismatch_text(parts)
    ids = columns["id"]
    errors = np.flatnonzero(found.error > 0)
    for position in errors.tolist():
        verdict[position] = 2
        texts[position] = found.message(position)  # type: ignore[assignment]
    missing[errors] = True
    status[errors] = -1
    slow = np.flatnonzero(~found.known & (found.error == 0))
    if slow.size:
        with warnings.catch_warnings():  # said once for the table, below
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            results = _slow(checker, columns, slow)
        for position, result in zip(slow.tolist(), results, strict=True):
            deadline, due_date = result.deadline, result.due_date
            if deadline is None or due_date is None:
                missing[position] = True
            else:
                due[position] = due_date.toordinal() - EPOCH_ORDINAL  # moved on by pauses
                provisional[position] = deadline.provisional
            outcome = result.expected_status
            status[position] = -1 if outcome is None else OUTCOMES.index(outcome)
            if result.error is not None:
                verdict[position] = 2
                texts[position] = result.error.message
            elif result.mismatches:
                verdict[position] = 1
                texts[position] = _mismatch_text(
                    [(m.field, m.expected, m.found) for m in result.mismatches]
                )
            else:
                verdict[position] = 0
        mask = np.zeros(n, dtype=np.bool_)
        mask[slow] = True
        ids = pc.replace_with_mask(ids, bools(mask), strings([r.id for r in results]))
    messages = pa.nulls(n, pa.string())
    if texts:
        mask = np.zeros(n, dtype=np.bool_)
        order = sorted(texts)
        mask[order] = True
        messages = pc.replace_with_mask(messages, bools(mask), strings([texts[k] for k in order]))
    return pa.RecordBatch.from_arrays(
        [
            ints(np.arange(1, n + 1)),
            ids,
            _VERDICTS.take(ints(verdict)),
            ints(due, valid=~missing).cast(pa.int32()).cast(pa.date32()),
            _STATUSES.take(ints(np.maximum(status, 0), valid=status >= 0)),
            messages,
            bools(provisional),
        ],
        schema=RESULT_SCHEMA,
    )
