r"""Checking a CSV file with the columnar kernel, in blocks of lines; the row engine where needed.

The file is read in blocks of whole lines (`BLOCK` bytes or so). A block is *plain* when it is
valid UTF-8, every line ends in ``\n`` or ``\r\n`` and no quoted field runs over a line: then
each line is one row, read for the whole block at once (`kyluat.columnar._blocks`: Arrow's CSV
reader, the csv module for unusual quoting), and the kernel (`kyluat.columnar._kernel`) checks
the rows it can; two helper threads read and check the blocks ahead. Everything else goes to
the row engine of [`kyluat.check`][kyluat.check], with the very code a check in one process
runs, so the report is the same byte for byte:

- rows the kernel leaves (a blank line, the wrong number of fields, a moment with an offset,
  pauses, …) and rows it finds mismatched (their findings carry the trace) are parsed and
  checked by the row engine, one at a time;
- from the first block that is not plain (a bad byte, a lone ``\r``, a quoted line break, an
  over-long line), the rest of the file is read by the row engine, its lines numbered on;
- a file in another encoding, or whose header is not plain, is read by the row engine whole.
"""

from __future__ import annotations

import csv
import io
import warnings
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, TYPE_CHECKING, Final, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kyluat.check._columns import Header, read_columns
from kyluat.check._readers import Delimiter, Parser
from kyluat.check._report import MAX_DUPLICATES_LISTED, Mismatch, Tally, row_result
from kyluat.check._rows import RowChecker, error_result, remember
from kyluat.check._run import piece_results
from kyluat.check._source import MAX_RECORD, Lines, _head, _Prefixed, as_encoding
from kyluat.columnar._arrow import bools, ints, numpy_of, strings
from kyluat.columnar._blocks import KERNEL_COLUMNS, Block, Bytes, columns_of, lines_of
from kyluat.columnar._kernel import OUTCOMES, Column, Texts, Verdicts, verdicts
from kyluat.errors import ProvisionalDataWarning

if TYPE_CHECKING:
    import numpy.typing as npt

    from kyluat.check._report import CheckReport, RowResult

__all__ = ["BLOCK", "KERNEL_COLUMNS", "Mismatched", "check_csv"]

HELPERS: Final = 2
"""Threads reading and checking blocks ahead of the one whose findings are worded."""

BLOCK: Final = 8 * 1024 * 1024
"""Bytes read at a time (a block ends at the last line break in it)."""


_BOM: Final = b"\xef\xbb\xbf"
_GZIP: Final = b"\x1f\x8b"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_EMPTY: Final = strings([""])
_TEXT_CHUNK: Final = 8192  # what io.TextIOWrapper reads at a time
_CHUNK: Final = 4096  # mismatched rows whose findings are prepared at a time


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
        pieces: list[bytes] = []
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

    def next(self) -> Bytes:
        """The next block of whole lines (the last may lack its line break); ``b""`` at the end.

        A read error ends the blocks; the bytes before it are kept in ``carry``.
        """
        # one read at a time (a buffered stream's readinto1), so that the bytes read before
        # an error are kept: the row engine reads them before it meets the error
        readinto = getattr(self.stream, "readinto1", None)
        if readinto is None and isinstance(self.stream, io.RawIOBase):
            readinto = self.stream.readinto
        if readinto is not None and not self.zipped:
            return self._next_into(readinto)
        while not self.eof:
            try:
                chunk = self._read()
            except (OSError, EOFError, zlib.error) as exc:
                self.error, self.eof = exc, True
                return b""
            if not chunk:
                self.eof = True
                break
            cut = chunk.rfind(b"\n")
            if cut < 0 and len(self.carry) + len(chunk) <= MAX_RECORD:
                self.carry += chunk
                continue
            cut = len(chunk) - 1 if cut < 0 else cut
            # one copy of the block: the carried bytes, then the chunk up to its last line break
            data = b"".join((self.carry, memoryview(chunk)[: cut + 1]))
            self.carry = chunk[cut + 1 :]
            return data
        return self._last()

    def _next_into(self, readinto: Callable[[memoryview], int | None]) -> Bytes:
        """`next`, the stream read straight into the block's own buffer (no copy).

        A buffered stream's ``readinto1`` that copies bytes it holds and then fails reading on
        loses them: what it holds is taken first, alone, so that every read either fills or
        fails with nothing taken.
        """
        peek = getattr(self.stream, "peek", None)
        while not self.eof:
            carry = self.carry
            buffer = bytearray(len(carry) + BLOCK)
            buffer[: len(carry)] = carry
            filled = len(carry)
            with memoryview(buffer) as view:
                try:
                    if peek is not None:  # what a buffered stream holds, taken alone first
                        held = len(peek(1)[: len(buffer) - filled])
                        filled += readinto(view[filled : filled + held]) or 0
                    while filled < len(buffer):
                        count = readinto(view[filled:])
                        if not count:
                            break
                        filled += count
                except (OSError, EOFError, zlib.error) as exc:
                    self.carry = bytes(view[:filled])
                    self.error, self.eof = exc, True
                    return b""
            if filled == len(carry):
                self.eof = True
                break
            cut = buffer.rfind(b"\n", len(carry), filled)
            if cut < 0 and filled <= MAX_RECORD:
                self.carry = bytes(buffer[:filled])
                continue
            cut = filled - 1 if cut < 0 else cut
            self.carry = bytes(buffer[cut + 1 : filled])
            del buffer[cut + 1 :]
            return buffer
        return self._last()

    def _last(self) -> Bytes:
        """At the end: the last line, without its line break; nothing after a read error (the
        bytes before it stay in ``carry`` for the row engine)."""  # noqa: D205, D209
        if self.error is not None:
            return b""
        data, self.carry = self.carry, b""
        return data

    def rest(self, head: Bytes) -> IO[bytes]:
        """``head``, then what is not read yet: the stream as the row engine reads it."""
        rest = cast(IO[bytes], _Failing(self.error)) if self.error else self.stream
        return cast(IO[bytes], io.BufferedReader(_Prefixed(bytes(head) + self.carry, rest)))


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
    if not first or b'"' in first or (plain := lines_of(first)) is None or blocks.error is not None:
        return whole(blocks.rest(data))
    header = read_columns(next(csv.reader([plain.text(0)]), []))
    tally.warn(*header.warnings)
    parser = Parser(header)
    data = data[len(first) + start :] or blocks.next()
    row = 0
    line = 1
    ids = _Ids()
    # Threads: while this one words the findings of a block (Python), helpers read and check
    # the next blocks' columns (NumPy and Arrow, which release the interpreter's lock).
    with warnings.catch_warnings(), ThreadPoolExecutor(HELPERS) as helper:
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        ahead: deque[tuple[Bytes, Future[_Analysed | None]]] = deque()

        def submit(block: Bytes) -> None:
            ahead.append((block, helper.submit(_analyse, block, header, checker)))

        if data:
            submit(data)
        data = b""
        while ahead:
            while len(ahead) < HELPERS + 1 and (following := blocks.next()):
                submit(following)
            data, pending = ahead[0]
            analysed = pending.result()
            if analysed is None:
                break
            ahead.popleft()
            data = b""
            block_ids, fingerprints = _settle(analysed, parser, checker, tally, row, line)
            ids.add(block_ids, fingerprints)
            count = len(block_ids)
            row += count
            line += count
            if on_batch is not None:
                on_batch(count)
        unread = b"".join([data, *(block for block, _ in list(ahead)[1:])]) if ahead else b""
        more = bool(unread) or blocks.error is not None
        ids.settle(tally, more=more)
        if more:
            _read_on(blocks.rest(unread), header, parser, checker, tally, row, line)
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


_Analysed = tuple[Block, "npt.NDArray[np.int64]", dict[str, Column], Verdicts, "_Fingerprints"]
_Fingerprints = tuple["npt.NDArray[np.uint64]", "npt.NDArray[np.bool_]", pa.Array]


def _analyse(data: Bytes, header: Header, checker: RowChecker) -> _Analysed | None:
    """Read a block and check its regular rows' columns (``None``: not plain)."""
    block = lines_of(data)
    if block is None:
        return None
    found = columns_of(block, header)
    if found is None:
        return None
    positions, columns = found
    identifier = columns["id"]
    assert isinstance(identifier, pa.Array)
    ids = Texts.of(identifier)
    with_blank = pa.concat_arrays([identifier.cast(pa.string()), _EMPTY])  # blank: past the end
    fingerprints = (ids.fingerprints(), ids.lengths > 0, with_blank)
    return block, positions, columns, verdicts(columns, checker), fingerprints


def _settle(
    analysed: _Analysed,
    parser: Parser,
    checker: RowChecker,
    tally: Tally,
    row: int,
    line: int,
) -> tuple[_LineIds, npt.NDArray[np.uint64]]:
    """Count a block's rows (``row`` and ``line`` are those before it).

    Returns:
        The id of each line of the block, as the row engine sees it (``""``: none), and the
        fingerprints of those that are not empty.
    """
    block, positions, columns, found, (fingerprints, named, with_blank) = analysed
    count = len(block.starts) - 1
    ok = found.ok
    # Each row that is not ok, in order: its findings from the kernel (known rows: the trace
    # is computed for them alone) or from the row engine (every other row).
    simple = len(positions)
    by_line = np.full(count, simple, dtype=np.int64)  # past the end: no simple row
    by_line[positions] = np.arange(simple)
    not_ok = np.ones(count, dtype=np.bool_)
    not_ok[positions[ok]] = False
    lines = np.flatnonzero(not_ok)
    at_lines = by_line[lines]
    # what the kernel knows of each such line: 1 mismatched, 2 an error it words, 0 neither
    kinds = np.zeros(len(lines), dtype=np.int64)
    inside = at_lines < simple
    kinds[inside] = np.where(
        found.known[at_lines[inside]], 1, 2 * (found.error[at_lines[inside]] > 0)
    )
    raw = with_blank.take(ints(at_lines)).to_pylist()
    mismatched = Mismatched(found, columns, checker, at_lines[kinds == 1])
    read: list[int] = []  # lines whose id the row engine read (stripped, or none)
    read_ids: list[str] = []
    seen, tally.ids = tally.ids, None  # ids are looked at once, vectorised
    try:
        record_of = parser.record
        check = checker.check
        add = tally.add
        message_of = found.message
        for k, at, kind, row_id in zip(
            lines.tolist(), at_lines.tolist(), kinds.tolist(), raw, strict=True
        ):
            number = row + k + 1
            result: RowResult | None
            if kind == 1:
                result = mismatched.result(at, number, row_id)
            elif kind == 2 and (message := message_of(at)) is not None:
                result = error_result(number, row_id, {}, message)
            else:
                parsed = record_of(block.text(k), line + k + 1)
                if type(parsed) is dict:
                    result = check(number, parsed)
                elif parsed is not None:
                    result = error_result(number, parsed[1], {}, parsed[0])  # type: ignore[index]
                else:
                    result = None  # a blank line keeps its number
                read.append(k)
                read_ids.append("" if result is None else result.id)
            if result is not None:
                add(result)
    finally:
        tally.ids = seen
    passed = int(ok.sum())
    tally.records += passed
    tally.ok += passed
    tally.provisional += int((found.provisional & ok).sum())
    line_prints = np.zeros(count, dtype=np.uint64)
    line_prints[positions] = fingerprints
    line_named = np.zeros(count, dtype=np.bool_)
    line_named[positions] = named
    replaced = strings(read_ids)
    if read:
        texts = Texts.of(replaced)
        line_prints[read] = texts.fingerprints()
        line_named[read] = texts.lengths > 0
    return _LineIds(with_blank, by_line, read, replaced), line_prints[line_named]


class _LineIds:
    """The id of each line of a block, as the row engine sees it (``""``: none), kept as the
    kernel's ids and the row engine's; put together only when ids may repeat."""  # noqa: D205, D209

    __slots__ = ("by_line", "kernel", "read", "replaced")

    def __init__(
        self, kernel: pa.Array, by_line: npt.NDArray[np.int64], read: list[int], replaced: pa.Array
    ) -> None:
        self.kernel = kernel  # each simple row's id, then ""
        self.by_line = by_line  # each line's simple row (past the end: none)
        self.read = read  # lines whose id the row engine read
        self.replaced = replaced  # and those ids

    def __len__(self) -> int:
        return len(self.by_line)

    def array(self) -> pa.Array:
        """The ids, line by line."""
        ids = self.kernel.take(ints(self.by_line))
        if not self.read:
            return ids
        mask = np.zeros(len(self.by_line), dtype=np.bool_)
        mask[self.read] = True
        return pc.replace_with_mask(ids, bools(mask), self.replaced)


class _Ids:
    """The ids of the rows read so far, looked at for repeats all at once (Arrow, NumPy).

    Each block's ids are fingerprinted as they come; when no two fingerprints are equal, no id
    repeats and the ids need not be compared at all.
    """

    __slots__ = ("fingerprints", "parts")

    def __init__(self) -> None:
        self.parts: list[_LineIds] = []
        self.fingerprints: list[npt.NDArray[np.uint64]] = []

    def add(self, ids: _LineIds, fingerprints: npt.NDArray[np.uint64]) -> None:
        """The ids of the next lines (``""``: a line without one), and the fingerprints of
        those that are not empty (`Texts.fingerprints`)."""  # noqa: D205, D209
        self.parts.append(ids)
        self.fingerprints.append(fingerprints)

    def _distinct(self) -> bool:
        """No two ids are equal (``False``: some may be)."""
        every = np.sort(np.concatenate(self.fingerprints))
        return not bool((every[1:] == every[:-1]).any())

    def settle(self, tally: Tally, *, more: bool) -> None:
        """Count the rows repeating an earlier row's id, in order.

        With ``more``, the tally is given these ids, to look for repeats of them in the rows
        it counts after.
        """
        if not self.parts:
            return
        if not more and self._distinct():
            self.parts, self.fingerprints = [], []
            return
        ids = pa.concat_arrays([part.array() for part in self.parts])
        self.parts, self.fingerprints = [], []
        encoded = pc.dictionary_encode(ids)
        codes = numpy_of(encoded.indices)
        order = np.argsort(codes, kind="stable")
        ranked = codes[order]
        later = np.ones(len(ranked), dtype=np.bool_)
        later[1:] = ranked[1:] == ranked[:-1]
        later[0] = False
        words = encoded.dictionary
        blank = np.flatnonzero(numpy_of(pc.equal(words, _EMPTY[0])))
        repeats = np.sort(order[later & ~np.isin(ranked, blank)])
        listed = repeats[: max(MAX_DUPLICATES_LISTED - len(tally.duplicates), 0)]
        for position, row_id in zip(
            listed.tolist(), ids.take(ints(listed)).to_pylist(), strict=True
        ):
            tally.duplicate(position + 1, row_id)
        tally.duplicate_ids += len(repeats) - len(listed)
        if not more:
            return
        assert tally.ids is not None
        tally.ids.seen = set(words.to_pylist()) - {""}  # for the rows read after these
        tally.ids.ordered = []


class Mismatched:
    """The findings of rows the kernel knows to be mismatched, as the row engine words them.

    Built with those rows in the order their results are asked for; what the findings need of
    them is taken from the columns `_CHUNK` rows at a time (memory stays flat however many
    rows of a block are mismatched).
    """

    __slots__ = (
        "asked",
        "ats",
        "checker",
        "columns",
        "due_differs",
        "due_texts",
        "found",
        "keys",
        "rows",
        "start",
        "status",
        "status_differs",
        "status_texts",
    )

    def __init__(
        self,
        found: Verdicts,
        columns: dict[str, Column],
        checker: RowChecker,
        rows: npt.NDArray[np.int64],
    ) -> None:
        self.found = found
        self.columns = columns
        self.checker = checker
        self.rows = rows
        self.asked = 0  # results given so far
        self._load(0)

    def _load(self, start: int) -> None:
        """Take what the findings of rows ``start`` to ``start + _CHUNK`` need."""
        found = self.found
        rows = self.rows[start : start + _CHUNK]
        self.start = start
        self.ats: list[int] = rows.tolist()
        limits = found.limits
        self.keys = [
            (received, second, limits[group])
            for received, second, group in zip(
                found.received[rows].tolist(),
                found.second[rows].tolist(),
                found.group[rows].tolist(),
                strict=True,
            )
        ]
        self.due_differs: list[bool] = found.due_differs[rows].tolist()
        self.status_differs: list[bool] = found.status_differs[rows].tolist()
        self.status: list[int] = found.status[rows].tolist()
        self.due_texts = _texts(self.columns.get("due_date"), rows)
        self.status_texts = _texts(self.columns.get("status"), rows)

    def result(self, at: int, number: int, row_id: str) -> RowResult:
        """The result of the block's simple row ``at`` (data row ``number``), the next row."""
        checker = self.checker
        j = self.asked - self.start
        if j >= len(self.ats):
            self._load(self.asked)
            j = 0
        if self.ats[j] != at:
            raise RuntimeError(f"mismatched rows asked out of order: {at}, not {self.ats[j]}")
        self.asked += 1
        key = self.keys[j]
        known = checker.traced.get(key)
        if known is None:
            computed = self.found.deadline(at, checker)
            trace = tuple(step.to_dict() for step in computed.trace)
            known = remember(checker.traced, key, (computed, trace))
        deadline, trace = known
        mismatches: tuple[Mismatch, ...] = ()
        if self.due_differs[j]:
            expected = deadline.due_date.isoformat()
            found_text = self.due_texts[j]
            mismatches = (Mismatch(number, row_id, "due_date", expected, found_text, trace),)
        status = self.status[j]
        outcome = None if status < 0 else OUTCOMES[status]
        if self.status_differs[j]:
            assert outcome is not None
            found_text = self.status_texts[j]
            mismatches += (Mismatch(number, row_id, "status", outcome.value, found_text, trace),)
        finished = None  # not kept: the tally does not read it
        return row_result(
            (
                number,
                row_id,
                {},
                deadline,
                outcome,
                mismatches,
                None,
                finished,
                deadline.due_date,
                None,
            )
        )


def _texts(column: Column | None, rows: npt.NDArray[np.int64]) -> list[str]:
    """The values of a column at ``rows``, as the row engine reads them (stripped)."""
    if column is None:
        return [""] * len(rows)
    if isinstance(column, Texts):
        data, starts, lengths = column.data, column.starts[rows], column.lengths[rows]
        return [
            data[start : start + length].tobytes().decode()
            for start, length in zip(starts.tolist(), lengths.tolist(), strict=True)
        ]
    return [str(value).strip() for value in column.take(ints(rows)).to_pylist()]
