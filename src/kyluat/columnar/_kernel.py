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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kyluat._moments import EPOCH_ORDINAL
from kyluat._outcomes import Outcome
from kyluat._vector import IndexArrays, due_days, index_arrays, receipt
from kyluat._worktime import cached_index
from kyluat.check._rows import RowChecker, status_of
from kyluat.columnar._arrow import empty_strings, numpy_of, strings
from kyluat.deadline import DEFAULT_POLICY, Deadline, DeadlinePolicy, compute_deadline
from kyluat.duration import Duration
from kyluat.errors import InvalidInputError, KyluatError
from kyluat.office_hours import DEFAULT_OFFICE_HOURS

if TYPE_CHECKING:
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = ["ERROR_EARLY", "ERROR_LIMIT", "OUTCOMES", "Texts", "Verdicts", "moments", "verdicts"]

OUTCOMES: Final = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
"""Expected and recorded statuses as codes 0, 1, 2 (``-1``: none)."""

_WIDTH: Final = 19  # "YYYY-MM-DD HH:MM:SS"
_NO_PAUSES: Final = strings(["", "[]"])
ERROR_LIMIT: Final = 1
"""A row whose limit text cannot be read (the rest of it read as the row engine does first)."""
ERROR_EARLY: Final = 2
"""A row finished before it was received."""
_EARLY: Final = str(InvalidInputError("finished before it was received", field="finished_at"))


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
        received: Day of receipt, days since 1970-01-01.
        second: Second of the day of receipt (``-1``: a date).
        group: Index of each row's limit in ``limits``.
        limits: Each distinct limit's (duration, policy), ``None`` when it cannot be read.
        error: Rows the kernel knows to be erroneous: `ERROR_LIMIT` (a limit that cannot be
            read) or `ERROR_EARLY` (finished before it was received); 0 for others.
        why: Why each limit cannot be read (``""``: it can, or its text is empty).
    """

    known: Bools
    due: Ints
    status: Ints
    due_differs: Bools
    status_differs: Bools
    provisional: Bools
    received: Ints
    second: Ints
    group: Ints
    limits: list[tuple[Duration, DeadlinePolicy | None] | None]
    error: Ints
    why: list[str]

    def message(self, k: int) -> str | None:
        """Why row k cannot be checked, when the kernel knows it as the row engine words it."""
        kind = int(self.error[k])
        if kind == ERROR_LIMIT:
            return self.why[int(self.group[k])]
        if kind == ERROR_EARLY:
            return _EARLY
        return None

    def deadline(self, k: int, checker: RowChecker) -> Deadline:
        """Row k's deadline with its trace, as the row engine computes it (a known row)."""
        found = self.limits[int(self.group[k])]
        assert found is not None
        duration, policy = found
        received = receipt(int(self.received[k]), int(self.second[k]))
        return compute_deadline(
            received,
            duration,
            calendar=checker.calendar,
            office_hours=checker.office_hours,
            policy=policy,
        )

    @property
    def ok(self) -> Bools:
        """Rows known to be ok."""
        result: Bools = self.known & ~self.due_differs & ~self.status_differs
        return result


class Texts:
    """Text values as byte ranges of one buffer: ``data[starts[k] : starts[k] + lengths[k]]``.

    The values of an Arrow string column are read where they lie, without copying them.
    """

    __slots__ = ("data", "lengths", "starts")

    def __init__(self, data: npt.NDArray[np.uint8], starts: Ints, lengths: Ints) -> None:
        self.data = data
        self.starts = starts
        self.lengths = lengths

    @classmethod
    def of(cls, column: pa.Array) -> Texts:
        """The values of a string column."""
        if column.type not in (pa.string(), pa.large_string()):
            column = column.cast(pa.large_string())
        wide = column.type == pa.large_string()
        stored = np.frombuffer(column.buffers()[1], dtype=np.int64 if wide else np.int32)
        offsets: Ints = stored[column.offset : column.offset + len(column) + 1].astype(np.int64)
        buffer = column.buffers()[2]
        data = np.zeros(0, np.uint8) if buffer is None else np.frombuffer(buffer, np.uint8)
        return cls(data, offsets[:-1], np.diff(offsets))

    def gather(self, positions: Ints, width: int) -> npt.NDArray[np.uint8]:
        """``width`` bytes from each position of ``data`` (zeros past its end), one row each."""
        data = self.data
        tail_from = max(len(data) - width + 1, 0)  # windows from here on run past the end
        if not len(positions):
            return np.zeros((0, width), dtype=np.uint8)
        if int(positions.max()) < tail_from:
            window = np.lib.stride_tricks.sliding_window_view(data, width)
            result: npt.NDArray[np.uint8] = window[positions]
            return result
        tail = np.zeros(len(data) - tail_from + width, dtype=np.uint8)
        tail[: len(data) - tail_from] = data[tail_from:]
        result = np.empty((len(positions), width), dtype=np.uint8)
        inside = positions < tail_from
        if inside.any():
            window = np.lib.stride_tricks.sliding_window_view(data, width)
            result[inside] = window[positions[inside]]
        outside = ~inside
        result[outside] = np.lib.stride_tricks.sliding_window_view(tail, width)[
            positions[outside] - tail_from
        ]
        return result

    def fingerprints(self) -> npt.NDArray[np.uint64]:
        """A 64-bit hash of each value: equal values, equal fingerprints (not the reverse).

        Eight bytes at a time for the whole column; a value over `_HASHED` bytes is hashed
        alone by Python.
        """
        lengths = self.lengths
        hashes = lengths.astype(np.uint64) * _MIX
        short = lengths <= _HASHED
        rows = np.flatnonzero(short)
        size = lengths[rows]
        width = -(-int(size.max(initial=0)) // 8) * 8  # whole words
        if width:
            raw = self.gather(self.starts[rows], width)
            raw = raw * (_BYTE_PLACES[:width] < size[:, None])  # a value's own bytes only
            words = raw.view("<u8")
            mixed_in = hashes[rows]
            for word in range(width // 8):  # a value's words only: the same for any width
                mixed = (mixed_in ^ words[:, word]) * _MIX
                mixed ^= mixed >> np.uint64(29)
                mixed_in = np.where(size > word * 8, mixed, mixed_in)
            hashes[rows] = mixed_in
        for k in np.flatnonzero(~short).tolist():
            start = int(self.starts[k])
            value = self.data[start : start + int(lengths[k])].tobytes()
            hashes[k] = hash(value) & 0xFFFF_FFFF_FFFF_FFFF
        return hashes

    def fixed(self, width: int = _WIDTH) -> npt.NDArray[np.uint8]:
        """The first ``width`` bytes at each value's start (bytes past its end are not its)."""
        return self.gather(self.starts, width)


def moments(texts: Texts) -> tuple[Ints, Ints, Bools, Bools]:
    """Read text values of dates and local moments in the fixed ISO shapes.

    The shapes are ``YYYY-MM-DD``, then maybe ``T`` or a space and ``HH:MM``, maybe ``:SS``
    (10, 16 or 19 characters, Vietnam time).

    Returns:
        Days since 1970-01-01, second of the day (``-1`` for a date), whether the text is one of
        the shapes naming a real day and time, and whether it is the empty text.
    """
    lengths = texts.lengths
    empty = lengths == 0
    clock = bool((lengths > 10).any())  # a column of dates alone: no clock to read
    width = _WIDTH if clock else 10
    raw = texts.fixed(width)
    # each pair of digits read at once: two bytes as one number, looked up (255: not digits)
    pairs = raw.view(_PAIR_FIELDS[width])[:, 0]
    century, years, month, day = (_PAIRS[pairs[name]] for name in ("c", "y", "m", "d"))
    dated = (lengths >= 10) & (raw[:, 4] == 45) & (raw[:, 7] == 45)  # "-"
    dated &= (century < 100) & (years < 100) & (month < 100) & (day < 100)
    is_date = dated & (lengths == 10)
    year = century.astype(np.int32) * 100 + years
    if clock:
        hour, minute, second = (_PAIRS[pairs[name]] for name in ("H", "M", "S"))
        timed = (lengths >= 16) & ((raw[:, 10] == 84) | (raw[:, 10] == 32))  # "T" or " "
        timed &= (raw[:, 13] == 58) & (hour < 24) & (minute < 60)  # ":"
        seconds_given = (lengths == 19) & (raw[:, 16] == 58) & (second < 60)
        is_moment = dated & timed & ((lengths == 16) | seconds_given)
        second = np.where(seconds_given, second, 0)
    else:
        is_moment = np.zeros(len(lengths), dtype=np.bool_)
        hour = minute = second = np.zeros(len(lengths), dtype=np.uint8)
    valid = (is_date | is_moment) & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    month = np.where(valid, month, 1).astype(np.int32)
    day = day.astype(np.int32)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    valid &= day <= _MONTH_DAYS[month] + (leap & (month == 2))
    # Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
    # low-level date algorithms", days_from_civil), for the whole column at once.
    shifted = year.astype(np.int64) - (month <= 2)
    era = shifted // 400
    of_era = shifted - era * 400
    of_year = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    of_cycle = of_era * 365 + of_era // 4 - of_era // 100 + of_year
    days = np.where(valid, era * 146097 + of_cycle - 719468, 0)
    clock_seconds = hour.astype(np.int64) * 3600 + minute.astype(np.int64) * 60 + second
    seconds = np.where(is_moment, clock_seconds, -1)
    return days, seconds, valid, empty


def _pairs() -> npt.NDArray[np.uint8]:
    """The value of two ASCII digits, by the little-endian 16-bit number of their bytes."""
    table = np.full(1 << 16, 255, dtype=np.uint8)
    first, second = np.meshgrid(np.arange(10), np.arange(10), indexing="ij")
    table[(first + 48) | ((second + 48) << 8)] = first * 10 + second
    return table


_PAIRS: Final = _pairs()
_PAIR_FIELDS: Final = {
    width: np.dtype(
        {
            "names": names,
            "formats": ["<u2"] * len(names),
            "offsets": offsets[: len(names)],
            "itemsize": width,
        }
    )
    for width, names, offsets in (
        (10, ["c", "y", "m", "d"], [0, 2, 5, 8]),
        (_WIDTH, ["c", "y", "m", "d", "H", "M", "S"], [0, 2, 5, 8, 11, 14, 17]),
    )
}
"""Where the pairs of digits of ``YYYY-MM-DD HH:MM:SS`` lie (a date alone: its first 10 bytes)."""
_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)
_MIX: Final = np.uint64(0x9E3779B97F4A7C15)
_ALL: Final = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
_HASHED: Final = 64  # longer values are hashed one by one (a block's words: 64 bytes at most)
_BYTE_PLACES: Final = np.arange(_HASHED + 8)


def _limits(
    limit: pa.Array, case: pa.Array, checker: RowChecker
) -> tuple[Ints, list[tuple[Duration, DeadlinePolicy | None] | None], list[str]]:
    """Each row's limit group, each group's (duration, policy) (``None``: not readable), and
    why each group cannot be read (``""``: it can, or its text is empty)."""  # noqa: D205, D209
    limits = pc.dictionary_encode(limit)
    cases = pc.dictionary_encode(case)
    limit_codes = numpy_of(limits.indices)
    case_codes = numpy_of(cases.indices)
    width = len(cases.dictionary)
    pair = limit_codes.astype(np.int64) * width + case_codes
    pairs = len(limits.dictionary) * width
    if pairs > 4 * len(pair) + 1024:  # many distinct texts: sort them
        keys, group = np.unique(pair, return_inverse=True)
    else:  # few (published limits are few): count them
        present = np.bincount(pair, minlength=pairs) > 0
        keys = np.flatnonzero(present)  # the (limit, case) pairs found, in order
        group = (np.cumsum(present) - 1)[pair]
    limit_texts = limits.dictionary.to_pylist()
    case_texts = cases.dictionary.to_pylist()
    found: list[tuple[Duration, DeadlinePolicy | None] | None] = []
    why: list[str] = []
    for key in keys.tolist():
        text, case_text = limit_texts[key // width], case_texts[key % width]
        if not text.strip():
            found.append(None)
            why.append("")
            continue
        try:
            found.append(checker.limit(text, case_text))
            why.append("")
        except KyluatError as exc:
            found.append(None)
            why.append(str(exc))
    return group.astype(np.int64), found, why


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
    return table[numpy_of(encoded.indices)]


Column: TypeAlias = pa.Array | Texts
"""A column of text: an Arrow string array, or byte ranges (dates only)."""


def _plain_ends(identifier: pa.Array) -> Bools:
    """Values that are not empty and begin and end with a visible ASCII character.

    Such a value is what ``str.strip()`` leaves it; any other (empty, padded, or ending in a
    character beyond ASCII, which might be a space) is left to the row engine.
    """
    texts = Texts.of(identifier)
    last = max(len(texts.data) - 1, 0)
    data = texts.data if len(texts.data) else np.zeros(1, dtype=np.uint8)
    first = data[np.minimum(texts.starts, last)]
    final = data[np.minimum(texts.starts + texts.lengths - 1, last)]
    result: Bools = (
        (texts.lengths > 0) & (first > 32) & (first < 127) & (final > 32) & (final < 127)
    )
    return result


def verdicts(columns: dict[str, Column], checker: RowChecker) -> Verdicts:
    """The kernel's verdict on every row of a block of text columns (all of one length).

    ``columns`` holds ``id``, ``received_at``, ``limit`` and ``due_date``, and any of ``case``,
    ``finished_at``, ``status`` and ``pauses`` (a missing column is empty text); the dates may
    be given as `Texts`.
    """
    identifier = columns["id"]
    assert isinstance(identifier, pa.Array)
    n = len(identifier)
    blank = empty_strings(n)

    def column(name: str) -> pa.Array:
        value = columns.get(name, blank)
        assert isinstance(value, pa.Array)
        return value

    def texts(name: str) -> Texts:
        value = columns.get(name, blank)
        return value if isinstance(value, Texts) else Texts.of(value)

    plain = _plain_ends(identifier)
    received, second, received_valid, _ = moments(texts("received_at"))
    recorded, _, due_valid, _ = moments(texts("due_date"))
    finished, _, readable, unfinished = moments(texts("finished_at"))
    base = plain & received_valid & due_valid  # the row engine reads on to the limit
    known = base & (readable | unfinished)
    pauses = column("pauses")
    known &= numpy_of(pc.is_in(pauses, _NO_PAUSES)).astype(np.bool_)
    recorded_status = _statuses(column("status"))
    known &= (recorded_status >= -1) & ~((recorded_status >= 0) & unfinished)
    early = readable & ~unfinished & (finished < received)  # finished before receipt
    known &= ~early
    error = np.zeros(n, dtype=np.int64)

    index = cached_index(checker.calendar, checker.office_hours or DEFAULT_OFFICE_HOURS)
    arrays: IndexArrays = index_arrays(index)
    day = received + (EPOCH_ORDINAL - arrays.first_ordinal)
    due = np.zeros(n, dtype=np.int64)
    provisional = np.zeros(n, dtype=np.bool_)
    group, limits, why = _limits(column("limit"), column("case"), checker)
    strict = checker.calendar.strict
    small = group.astype(np.int16) if len(limits) < 1 << 15 else group  # radix-sorted
    order = np.argsort(small, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(limits) + 1))
    for number, found in enumerate(limits):
        rows = order[bounds[number] : bounds[number + 1]]
        if found is None:
            known[rows] = False
            if why[number]:
                error[rows] = np.where(base[rows], ERROR_LIMIT, 0)
            continue
        error[rows] = np.where(base[rows] & early[rows], ERROR_EARLY, 0)
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
        received=received,
        second=second,
        group=group,
        limits=limits,
        error=error,
        why=why,
    )
