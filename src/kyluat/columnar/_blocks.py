r"""A block of CSV lines read into the kernel's columns, as the csv module would read them.

A block is *plain* when it is valid UTF-8, every line ends in ``\n`` or ``\r\n`` (the last may
end the file) and no quoted field runs over a line. Its lines are then sorted, for the whole
block at once with NumPy over the positions of its commas and quotes:

- a *regular* line has the header's number of fields, and each of its quotes opens a field (at
  the line's start or after a comma) or closes one (before a comma or the line's end): Arrow's
  CSV reader and the csv module read such lines alike, so all of them are read by Arrow's, in
  one call that leaves the interpreter free;
- a line with quotes elsewhere (``a"b``, ``"a""b"``, ``"a"b``) is read by the csv module, one
  reader for the block (a record that takes more than its own line makes the block not plain);
- every other line (blank, the wrong number of fields, a field too long) is the row engine's.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from kyluat.check._columns import Header
from kyluat.check._source import MAX_RECORD
from kyluat.columnar._arrow import strings
from kyluat.columnar._kernel import Column, Texts

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["KERNEL_COLUMNS", "Block", "Bytes", "columns_of", "lines_of"]

Bytes: TypeAlias = bytes | bytearray
"""A block's bytes (a buffer read into, or bytes)."""

KERNEL_COLUMNS: Final = (
    "id",
    "received_at",
    "limit",
    "case",
    "due_date",
    "finished_at",
    "status",
    "pauses",
)
"""The columns the kernel reads."""

_DATES: Final = ("received_at", "due_date", "finished_at")
_FIELD: Final = 1_000_000  # MAX_FIELD: a longer line is parsed by the row engine
_COMMA: Final = 44
_QUOTE: Final = 34
_NEWLINE: Final = 10
_RETURN: Final = 13


class _OpenQuoteError(Exception):
    """The csv module asked for another line: a quoted field is still open."""


class _RaggedError(Exception):
    """Arrow's CSV reader did not say which line has the wrong number of fields."""


class Block:
    """A plain block: its bytes, where each line starts, and the lines the csv module read."""

    __slots__ = ("parsed", "starts", "texts", "view")

    def __init__(self, texts: Bytes, view: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64]):
        self.texts = texts
        self.view = view
        self.starts = starts
        self.parsed: dict[int, list[str]] = {}

    @property
    def count(self) -> int:
        """The number of lines."""
        return len(self.starts) - 1

    def text(self, k: int) -> str:
        """Line ``k`` as text, with its line break."""
        return self.texts[int(self.starts[k]) : int(self.starts[k + 1])].decode()


def lines_of(data: Bytes) -> Block | None:
    """The block's lines, or ``None`` when the row engine must read it (not plain)."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone carriage return ends a line: the row engine numbers those
    view = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(view == _NEWLINE) + 1
    if not len(ends) or ends[-1] != len(data):
        ends = np.append(ends, len(data))  # the last line lacks its line break
    starts = np.zeros(len(ends) + 1, dtype=np.int64)
    starts[1:] = ends
    if len(ends) and int(np.diff(starts).max()) > MAX_RECORD:
        return None
    whole = pa.Array.from_buffers(
        pa.large_string(), 1, [None, pa.py_buffer(np.array([0, len(data)])), pa.py_buffer(data)]
    )
    try:
        whole.validate(full=True)  # UTF-8 (no character spans a line break)
    except pa.ArrowInvalid:
        return None
    return Block(data, view, starts)


def _sorted_lines(block: Block) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Which lines may be regular (not blank, short enough, their quotes well placed; their
    number of fields is Arrow's to count), and which hold quotes elsewhere."""  # noqa: D205, D209
    view, starts = block.view, block.starts
    count = block.count
    lengths = np.diff(starts)
    ends = starts[1:]
    breaks = view[np.maximum(ends - 1, 0)] == _NEWLINE  # no line is empty
    stops = ends - breaks  # where each line's content ends (before "\n")
    stops -= (stops > starts[:-1]) & (view[np.maximum(stops - 1, 0)] == _RETURN) & breaks
    irregular = np.zeros(count, dtype=np.bool_)
    if b'"' in block.texts:
        quotes = np.flatnonzero(view == _QUOTE)
        line = np.searchsorted(starts, quotes, side="right") - 1
        rank = np.arange(len(quotes)) - np.searchsorted(line, line, side="left")
        before = view[np.maximum(quotes - 1, 0)]
        after = view[np.minimum(quotes + 1, len(view) - 1)]
        opens_well = (quotes == starts[line]) | (before == _COMMA)
        closes_well = (quotes + 1 == stops[line]) | (after == _COMMA)
        misplaced = np.where(rank % 2 == 0, ~opens_well, ~closes_well)
        odd = np.bincount(line, minlength=count) % 2 == 1
        irregular = odd | (np.bincount(line, weights=misplaced, minlength=count) > 0)
    candidates = ~irregular & (stops > starts[:-1]) & (lengths <= _FIELD)
    return candidates, np.flatnonzero(irregular)


def _parse_irregular(block: Block, numbers: list[int]) -> bool:
    """Read the lines ``numbers`` with the csv module into ``block.parsed``.

    Returns:
        ``False`` when a record takes more than its own line (the block is not plain).
    """

    def feed() -> Iterator[str]:
        for k in numbers:
            yield block.text(k)
        raise _OpenQuoteError  # asked for a line after the last: a quote left open

    reader = csv.reader(feed())
    try:
        for n, k in enumerate(numbers, start=1):
            values = next(reader)
            if reader.line_num != n:
                return False
            block.parsed[k] = values
    except (_OpenQuoteError, StopIteration, csv.Error):
        return False
    return True


def _arrow_read(
    data: Bytes, header: Header, wanted: list[int]
) -> tuple[list[pa.Array], list[int]] | None:
    """The ``wanted`` fields of the lines that have the header's number of fields, by Arrow's
    CSV reader, and the lines (0 for the first) that have another number.

    ``None`` when the reader refused the data, or did not say where a line was.
    """  # noqa: D205
    names = [f"c{i}" for i in range(header.width)]
    chosen = [names[i] for i in wanted]
    ragged: list[int] = []

    def skip(row: pa_csv.InvalidRow) -> str:
        if row.number is None:
            raise _RaggedError
        ragged.append(row.number - 1)
        return "skip"

    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pa_csv.ParseOptions(newlines_in_values=False, invalid_row_handler=skip),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(chosen, pa.string()),
                include_columns=chosen,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # the whole block is valid UTF-8 (`lines_of`)
            ),
        )
    except (pa.ArrowException, _RaggedError):  # not expected: the csv module reads them
        return None
    return [table.column(name).combine_chunks() for name in chosen], ragged


def columns_of(
    block: Block, header: Header
) -> tuple[npt.NDArray[np.int64], dict[str, Column]] | None:
    """The lines the kernel reads, and their columns (``None``: the block is not plain).

    Returns:
        The line of each row of the columns (those Arrow's reader read, in order, then those
        the csv module read, in order), and the columns.
    """
    width = header.width
    candidates, irregular = _sorted_lines(block)
    wanted = [i for i, name in enumerate(header.names) if name in KERNEL_COLUMNS]
    rows = np.flatnonzero(candidates)
    read = [strings([]) for _ in wanted]
    if len(rows) == block.count:
        data = block.texts
    elif len(rows):
        # the runs of candidate lines, joined
        edges = np.diff(np.concatenate([[False], candidates, [False]]).astype(np.int8))
        first, after = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        texts, starts = block.texts, block.starts
        data = b"".join(
            texts[starts[a] : starts[b]]
            for a, b in zip(first.tolist(), after.tolist(), strict=True)
        )
    else:
        data = b""
    if data:
        found = _arrow_read(data if data.endswith(b"\n") else data + b"\n", header, wanted)
        if found is not None:
            read, ragged = found
            rows = np.delete(rows, ragged)
        if found is None or len(read[0]) != len(rows):
            irregular = np.union1d(irregular, rows)  # read them all by the csv module
            rows = np.zeros(0, dtype=np.int64)
            read = [strings([]) for _ in wanted]
    if len(irregular) and not _parse_irregular(block, irregular.tolist()):
        return None
    lengths = np.diff(block.starts)
    taken = [k for k, values in block.parsed.items() if len(values) == width]
    taken = [k for k in taken if lengths[k] <= _FIELD]
    if taken:  # after Arrow's lines, in the columns as in ``rows``
        records = [block.parsed[k] for k in taken]
        rows = np.concatenate([rows, np.asarray(taken, dtype=np.int64)])
        read = [
            pa.concat_arrays([column, strings([r[i] for r in records])])
            for column, i in zip(read, wanted, strict=True)
        ]
    columns: dict[str, Column] = {}
    for column, i in zip(read, wanted, strict=True):
        name = header.names[i]
        columns[name] = Texts.of(column) if name in _DATES else column
    return rows, columns
