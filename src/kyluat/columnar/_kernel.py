"""The columnar check of a block of records: Arrow text columns in, NumPy verdicts out.

Every column is read at once: moments by their fixed ISO shapes (``2026-03-06``,
``2026-03-06 09:15``, ``2026-03-06T09:15:00``; Vietnam time), each distinct limit text and status
word once, and the expected due dates by the NumPy rules of `kyluat._vector`, one limit at a
time. A row is *known* when the kernel is sure of what the row engine
([`RowChecker`][kyluat.check._rows.RowChecker]) would say about it: an ok row, or a mismatched
one. Anything else (another spelling of a moment, an offset, pauses, an empty or padded value,
an unreadable limit, a deadline outside the data) is left to the row engine, row by row.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kyluat._moments import EPOCH_ORDINAL
from kyluat._outcomes import Outcome
from kyluat._vector import IndexArrays, due_days, index_arrays
from kyluat._worktime import cached_index
from kyluat.check._rows import RowChecker, status_of
from kyluat.deadline import DEFAULT_POLICY
from kyluat.errors import KyluatError
from kyluat.office_hours import DEFAULT_OFFICE_HOURS

if TYPE_CHECKING:
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = ["OUTCOMES", "Verdicts", "verdicts"]

OUTCOMES: Final = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
"""Expected and recorded statuses as codes 0, 1, 2 (``-1``: none)."""

_DATE: Final = r"^\d{4}-\d{2}-\d{2}$"
_MOMENT: Final = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$"
_WIDTH: Final = 19  # "YYYY-MM-DD HH:MM:SS"
_SPACES: Final = "".join(
    f"\\x{{{ord(c):x}}}" for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()
)
_PADDED: Final = f"^[{_SPACES}]|[{_SPACES}]$"  # what str.strip() would remove


@dataclass(frozen=True, slots=True, eq=False)
class Verdicts:
    """What the kernel found for each row of a block.

    Attributes:
        known: The kernel is sure of the row (otherwise ask the row engine).
        due: Expected due date, days since 1970-01-01 (where known).
        status: Expected status code (`OUTCOMES`; ``-1``: not finished).
        due_differs: The recorded due date differs (where known).
        status_differs: The recorded status differs (where known).
        provisional: The deadline depends on a year not yet announced (where known).
    """

    known: Bools
    due: Ints
    status: Ints
    due_differs: Bools
    status_differs: Bools
    provisional: Bools

    @property
    def ok(self) -> Bools:
        """Rows known to be ok."""
        result: Bools = self.known & ~self.due_differs & ~self.status_differs
        return result


def moments(column: pa.Array) -> tuple[Ints, Ints, Bools, Bools]:
    """Read a text column of dates and local moments in the fixed ISO shapes.

    Returns:
        Days since 1970-01-01, second of the day (``-1`` for a date), whether the text is one of
        the shapes naming a real day and time, and whether it is the empty text.
    """
    n = len(column)
    empty = np.asarray(pc.equal(column, ""), dtype=np.bool_)
    is_date = np.asarray(pc.match_substring_regex(column, _DATE), dtype=np.bool_)
    is_moment = np.asarray(pc.match_substring_regex(column, _MOMENT), dtype=np.bool_)
    shaped = is_date | is_moment
    safe = pc.if_else(pa.array(shaped), column, "1970-01-01")
    padded = pc.utf8_rpad(safe, _WIDTH, "0").cast(pa.string())
    offsets = np.frombuffer(padded.buffers()[1], dtype=np.int32)[padded.offset :]
    start = int(offsets[0])
    data = np.frombuffer(padded.buffers()[2], dtype=np.uint8)[start : start + n * _WIDTH]
    digits = data.reshape(n, _WIDTH).astype(np.int64) - 48

    def number(first: int, width: int) -> Ints:
        value = np.zeros(n, dtype=np.int64)
        for k in range(first, first + width):
            value = value * 10 + digits[:, k]
        return value

    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    hour, minute, second = number(11, 2), number(14, 2), number(17, 2)
    valid = shaped & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    months = np.where(valid, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    first_day = months.astype("datetime64[D]")
    length = ((months + 1).astype("datetime64[D]") - first_day).astype(np.int64)
    valid &= day <= length
    valid &= (hour <= 23) & (minute <= 59) & (second <= 59)
    days = first_day.astype(np.int64) + day - 1
    seconds = np.where(is_moment, hour * 3600 + minute * 60 + second, -1)
    return days, seconds, valid, empty


def _limits(
    limit: pa.Array, case: pa.Array, checker: RowChecker
) -> tuple[Ints, list[tuple[object, object] | None]]:
    """Each row's limit group, and each group's (duration, policy) (``None``: unreadable)."""
    limits = pc.dictionary_encode(limit)
    cases = pc.dictionary_encode(case)
    limit_codes = np.asarray(limits.indices, dtype=np.int64)
    case_codes = np.asarray(cases.indices, dtype=np.int64)
    width = len(cases.dictionary)
    keys, group = np.unique(limit_codes * width + case_codes, return_inverse=True)
    limit_texts = limits.dictionary.to_pylist()
    case_texts = cases.dictionary.to_pylist()
    found: list[tuple[object, object] | None] = []
    for key in keys.tolist():
        text, case_text = limit_texts[key // width], case_texts[key % width]
        try:
            found.append(checker.limit(text, case_text) if text.strip() else None)
        except KyluatError:
            found.append(None)
    return group.astype(np.int64), found


def _statuses(column: pa.Array) -> Ints:
    """Each row's recorded status code: `OUTCOMES` index, -1 for none, -2 for unreadable."""
    encoded = pc.dictionary_encode(column)
    codes = []
    for text in encoded.dictionary.to_pylist():
        stripped = text.strip()
        if not stripped:
            codes.append(-1)
            continue
        try:
            codes.append(OUTCOMES.index(status_of(stripped)))
        except KyluatError:
            codes.append(-2)
    table = np.asarray(codes or [-1], dtype=np.int64)
    return table[np.asarray(encoded.indices, dtype=np.int64)]


def verdicts(columns: dict[str, pa.Array], checker: RowChecker) -> Verdicts:
    """The kernel's verdict on every row of a block of text columns (all of one length).

    ``columns`` holds ``id``, ``received_at``, ``limit`` and ``due_date``, and any of ``case``,
    ``finished_at``, ``status`` and ``pauses`` (a missing column is empty text).
    """
    n = len(columns["id"])
    blank = pa.array([""] * n, type=pa.string()) if n else pa.array([], type=pa.string())

    def column(name: str) -> pa.Array:
        return columns.get(name, blank)

    identifier = column("id")
    known = ~np.asarray(pc.equal(identifier, ""), dtype=np.bool_)
    known &= ~np.asarray(pc.match_substring_regex(identifier, _PADDED), dtype=np.bool_)
    received, second, readable, _ = moments(column("received_at"))
    known &= readable
    recorded, _, readable, _ = moments(column("due_date"))
    known &= readable
    finished, _, readable, unfinished = moments(column("finished_at"))
    known &= readable | unfinished
    pauses = column("pauses")
    known &= np.asarray(pc.is_in(pauses, pa.array(["", "[]"])), dtype=np.bool_)
    recorded_status = _statuses(column("status"))
    known &= (recorded_status >= -1) & ~((recorded_status >= 0) & unfinished)
    known &= unfinished | (finished >= received)  # finished before receipt: an error

    index = cached_index(checker.calendar, checker.office_hours or DEFAULT_OFFICE_HOURS)
    arrays: IndexArrays = index_arrays(index)
    day = received + (EPOCH_ORDINAL - arrays.first_ordinal)
    due = np.zeros(n, dtype=np.int64)
    provisional = np.zeros(n, dtype=np.bool_)
    group, limits = _limits(column("limit"), column("case"), checker)
    strict = checker.calendar.strict
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(limits) + 1))
    for number, found in enumerate(limits):
        rows = order[bounds[number] : bounds[number + 1]]
        if found is None:
            known[rows] = False
            continue
        duration, policy = found
        group_due, group_known, group_provisional = due_days(
            arrays, day[rows], second[rows], duration, policy or DEFAULT_POLICY, strict=strict
        )
        due[rows] = group_due
        known[rows] &= group_known
        provisional[rows] = group_provisional
    due += arrays.first_ordinal - EPOCH_ORDINAL
    status = np.where(unfinished, -1, np.sign(finished - due) + 1)
    return Verdicts(
        known=known,
        due=due,
        status=status,
        due_differs=known & (due != recorded),
        status_differs=known & (recorded_status >= 0) & (recorded_status != status),
        provisional=provisional & known,
    )
