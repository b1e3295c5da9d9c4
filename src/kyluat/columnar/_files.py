r"""Checking a CSV file with the columnar kernel, in blocks of lines; the row engine where needed.

The file is read in blocks of whole lines (`BLOCK` bytes or so). A block is *plain* when it is
valid UTF-8, every line ends in ``\n`` or ``\r\n`` and no quoted field runs over a line: then
each line is one row, split at commas for the whole block at once, and the kernel
(`kyluat.columnar._kernel`) checks the rows it can. Everything else goes to the row engine of
[`kyluat.check`][kyluat.check], with the very code a check in one process runs, so the report is
the same byte for byte:

- rows the kernel leaves (a blank line, a quoted field, the wrong number of fields, a moment
  with an offset, pauses, …) and rows it finds mismatched (their findings carry the trace) are
  parsed and checked by the row engine, one at a time;
- from the first block that is not plain (a bad byte, a lone ``\r``, a quoted line break, an
  over-long line), the rest of the file is read by the row engine, its lines numbered on;
- a file in another encoding, or whose header is not plain, is read by the row engine whole.
"""

from __future__ import annotations

import csv
import io
import warnings
import zlib
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Final, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kyluat.check._columns import Header, read_columns
from kyluat.check._readers import Delimiter, Parser
from kyluat.check._report import Finding, Tally
from kyluat.check._rows import RowChecker, error_result
from kyluat.check._run import piece_results
from kyluat.check._source import MAX_RECORD, Lines, _head, _Prefixed, as_encoding
from kyluat.columnar._kernel import verdicts
from kyluat.errors import ProvisionalDataWarning

if TYPE_CHECKING:
    import numpy.typing as npt

    from kyluat.check._report import CheckReport, RowResult

__all__ = ["BLOCK", "check_csv"]

BLOCK: Final = 16 * 1024 * 1024
"""Bytes read at a time (a block ends at the last line break in it)."""

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

_BOM: Final = b"\xef\xbb\xbf"
_GZIP: Final = b"\x1f\x8b"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_FIELD: Final = 1_000_000  # MAX_FIELD: a longer line is parsed by the row engine
_TEXT_CHUNK: Final = 8192  # what io.TextIOWrapper reads at a time


class _Failing(io.RawIOBase):
    """A stream whose next read raises what reading the file raised (read again by the rows)."""

    def __init__(self, error: BaseException) -> None:
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        raise self._error


class _Blocks:
    """Whole lines of a binary stream, a block at a time."""

    __slots__ = ("carry", "eof", "error", "stream", "zipped")

    def __init__(self, stream: IO[bytes], *, zipped: bool) -> None:
        self.stream = stream
        self.zipped = zipped
        self.carry = b""
        self.eof = False
        self.error: BaseException | None = None

    def _read(self) -> bytes:
        """About `BLOCK` bytes; a gzip file is read as a text layer reads it (8 KiB at a time),
        so that a damaged one fails on the same line as it does for the row engine."""  # noqa: D205, D209
        if not self.zipped:
            return self.stream.read(BLOCK)
        read = self.stream.read1  # type: ignore[attr-defined]
        pieces = []
        size = 0
        while size < BLOCK:
            try:
                piece = read(_TEXT_CHUNK)
            except (OSError, EOFError, zlib.error):
                if not pieces:
                    raise
                self.carry += b"".join(pieces)
                raise
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        return b"".join(pieces)

    def next(self) -> bytes:
        """The next block of whole lines (the last may lack its line break); ``b""`` at the end.

        A read error ends the blocks; the bytes before it are kept in ``carry``.
        """
        while not self.eof:
            try:
                chunk = self._read()
            except (OSError, EOFError, zlib.error) as exc:
                self.error, self.eof = exc, True
                return b""
            if not chunk:
                self.eof = True
                break
            data = self.carry + chunk
            cut = data.rfind(b"\n")
            if cut < 0 and len(data) <= MAX_RECORD:
                self.carry = data
                continue
            cut = len(data) - 1 if cut < 0 else cut
            self.carry = data[cut + 1 :]
            return data[: cut + 1]
        data, self.carry = self.carry, b""
        return data

    def rest(self, head: bytes) -> IO[bytes]:
        """``head``, then what is not read yet: the stream as the row engine reads it."""
        rest = cast(IO[bytes], _Failing(self.error)) if self.error else self.stream
        return cast(IO[bytes], io.BufferedReader(_Prefixed(head + self.carry, rest)))


def _closes(line: str) -> bool:
    """Whether the csv module reads ``line`` as a whole record (no quoted field left open)."""

    def one() -> object:
        yield line
        raise _OpenQuoteError

    try:
        next(csv.reader(one()))  # type: ignore[arg-type]
    except (_OpenQuoteError, csv.Error):
        return False
    return True


class _OpenQuoteError(Exception):
    """The csv module asked for the next line: a quoted field is still open."""


class _Plain:
    """A plain block: its lines as Arrow text, where each starts, and which lines are rows."""

    __slots__ = ("lines", "starts", "texts")

    def __init__(self, data: bytes, starts: npt.NDArray[np.int64], lines: pa.Array) -> None:
        self.texts = data
        self.starts = starts
        self.lines = lines

    def text(self, k: int) -> str:
        """Line k of the block with its line break, as the row engine reads it."""
        return self.texts[int(self.starts[k]) : int(self.starts[k + 1])].decode("utf-8")


def _plain(data: bytes) -> _Plain | None:
    """The block's lines, or ``None`` when the row engine must read it."""
    if data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone carriage return ends a line: the row engine numbers those
    view = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(view == 10)
    starts = np.concatenate(([0], breaks + 1)).astype(np.int64)
    if starts[-1] != len(data):
        starts = np.append(starts, len(data))
    if len(starts) > 1 and int(np.diff(starts).max()) > MAX_RECORD:
        return None
    offsets = pa.array(starts.astype(np.int32 if len(data) < 2**31 else np.int64))
    kind = pa.string() if len(data) < 2**31 else pa.large_string()
    lines = pa.Array.from_buffers(
        kind, len(starts) - 1, [None, offsets.buffers()[1], pa.py_buffer(data)]
    )
    try:
        lines.validate(full=True)  # UTF-8
    except pa.ArrowInvalid:
        return None
    block = _Plain(data, starts, lines)
    if b'"' in data:
        quotes = np.flatnonzero(view == 34)
        for k in np.unique(np.searchsorted(starts, quotes, side="right") - 1).tolist():
            if not _closes(block.text(k)):
                return None
    return block


def _fields(block: _Plain, header: Header) -> tuple[npt.NDArray[np.bool_], dict[str, pa.Array]]:
    """Which lines split into the header's fields at commas, and the kernel's columns of those."""
    content = pc.utf8_rtrim(block.lines, characters="\r\n")
    split = pc.split_pattern(content, ",")
    width = header.width
    simple = np.asarray(pc.equal(pc.list_value_length(split), width), dtype=np.bool_)
    simple &= ~np.asarray(pc.match_substring(block.lines, '"'), dtype=np.bool_)
    simple &= np.diff(block.starts) <= _FIELD
    values = pc.list_flatten(split.filter(pa.array(simple)))
    rows = int(simple.sum())
    columns = {}
    for position, name in enumerate(header.names):
        if name in KERNEL_COLUMNS:
            columns[name] = values.take(pa.array(np.arange(position, rows * width, width)))
    return simple, columns


Settings = tuple[object, object, object]


def check_csv(
    stream: IO[bytes],
    encoding: str,
    checker: RowChecker,
    tally: Tally,
    on_batch: Callable[[int], None] | None,
    whole: Callable[[IO[bytes]], CheckReport],
) -> CheckReport:
    """Check a CSV stream of bytes into ``tally``; ``whole`` checks a stream with the row engine.

    Returns:
        The report.
    """
    head, stream = _head(stream)
    zipped = head == _GZIP
    if zipped:
        import gzip

        stream = cast(IO[bytes], gzip.GzipFile(fileobj=stream, mode="rb"))
        head, stream = _head(stream)
    if as_encoding(encoding) not in ("utf-8", "utf-8-sig") or head in _UTF16_BOMS:
        return whole(stream)
    blocks = _Blocks(stream, zipped=zipped)
    data = blocks.next()
    start = len(_BOM) if data.startswith(_BOM) else 0
    cut = data.find(b"\n", start)
    first = data[start : cut + 1 if cut >= 0 else len(data)]
    if not first or b'"' in first or (plain := _plain(first)) is None or blocks.error is not None:
        return whole(blocks.rest(data))
    header = read_columns(next(csv.reader([plain.text(0)]), []))
    tally.warn(*header.warnings)
    parser = Parser(header)
    data = data[len(first) + start :] or blocks.next()
    row = 0
    line = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        while data:
            block = _plain(data)
            if block is None:
                break
            count = len(block.starts) - 1
            _check_block(block, header, parser, checker, tally, row, line)
            row += count
            line += count
            if on_batch is not None:
                on_batch(count)
            data = blocks.next()
        if data or blocks.error is not None:
            _read_on(blocks.rest(data), header, parser, checker, tally, row, line)
            return tally.report()
    tally.lines = line
    return tally.report()


def _read_on(
    stream: IO[bytes],
    header: Header,
    parser: Parser,
    checker: RowChecker,
    tally: Tally,
    row: int,
    line: int,
) -> None:
    """The rest of the file, from line ``line + 1`` (data row ``row + 1``), by the row engine."""
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="kyluat.check.mark", newline="")
    lines = Lines(text, "utf-8", before=line)
    delimiter = Delimiter(lines)
    delimiter.start = line
    pieces = delimiter.csv_pieces(header.width)
    add = tally.add
    try:
        for result in piece_results(pieces, row, line, parser, checker):
            add(result)
    finally:
        text.detach()
    tally.lines = lines.number


def _check_block(
    block: _Plain,
    header: Header,
    parser: Parser,
    checker: RowChecker,
    tally: Tally,
    row: int,
    line: int,
) -> None:
    """Count a plain block's rows; ``row`` and ``line`` are those before it."""
    count = len(block.starts) - 1
    simple, columns = _fields(block, header)
    positions = np.flatnonzero(simple)
    found = verdicts(columns, checker)
    ok = found.ok
    slow = np.ones(count, dtype=np.bool_)
    slow[positions[ok]] = False
    ids = np.empty(count, dtype=object)
    ids[:] = ""
    ids[positions] = columns["id"].to_numpy(zero_copy_only=False)
    seen, tally.ids = tally.ids, None  # ids are looked at once for the whole block, in order
    try:
        record_of = parser.record
        check = checker.check
        add = tally.add
        for k in np.flatnonzero(slow).tolist():
            number = row + k + 1
            parsed = record_of(block.text(k), line + k + 1)
            result: RowResult | None
            if type(parsed) is dict:
                result = check(number, parsed)
            elif parsed is not None:
                result = error_result(number, parsed[1], {}, parsed[0])  # type: ignore[index]
            else:
                result = None  # a blank line keeps its number
            if result is not None:
                add(result)
                ids[k] = result.id
            else:
                ids[k] = ""
    finally:
        tally.ids = seen
    passed = int(ok.sum())
    tally.records += passed
    tally.ok += passed
    tally.provisional += int((found.provisional & ok).sum())
    tally.see_ids(row, ids.tolist())


_ = Finding
