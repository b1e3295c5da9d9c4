r"""Reading record files: formats, records delimited from lines, records parsed into columns.

Reading has two steps, shared by the check in one process and by the worker processes, so
both read any file the same way:

1. **Delimiting** (`Delimiter`): the physical lines of the file
   ([`Lines`][kyluat.check._source.Lines]) become *pieces*, one per data row: a line, a
   `Multiline` record (a quoted field holding line breaks) or a `Broken` record that cannot be
   read (an unclosed quote, a bad byte, an over-long line), which spans the lines it names.
   A quoted field that is never closed, or that runs on over several lines into a record with
   the wrong number of fields (a stray ``"``), spoils only the line it opens on: reading
   resumes on the next line. Every physical line belongs to the header or to one piece.
2. **Parsing** (`Parser`): a piece becomes a record (its columns) or the message saying why it
   cannot be read: the wrong number of fields, a field over `MAX_FIELD` characters, JSON that
   is invalid, not an object or nested deeper than `MAX_JSON_DEPTH`.

Row numbers count data rows from 1 (a CSV header is not a row; a JSON line is a row); a
blank line is skipped but keeps its number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from enum import StrEnum
from itertools import chain
from typing import IO, Final, NamedTuple

from kyluat._text import shown
from kyluat.check._columns import Header, JsonKeys, read_columns
from kyluat.check._source import MAX_RECORD, Lines, as_encoding, is_binary, text_of
from kyluat.errors import DataError, InvalidInputError

__all__ = [
    "MAX_FIELD",
    "MAX_JSON_DEPTH",
    "Broken",
    "Delimiter",
    "FileFormat",
    "Multiline",
    "Parsed",
    "Parser",
    "Piece",
    "Record",
    "as_format",
    "format_of",
    "load_json",
    "open_lines",
    "read_header",
    "read_records",
]

MAX_FIELD: Final = 1_000_000
"""Longest field read (characters); a longer one makes its row erroneous."""

MAX_JSON_DEPTH: Final = 32
"""Deepest nesting of JSON read (a JSON line, a ``pauses`` value); deeper makes the row
erroneous."""

if csv.field_size_limit() < 2 * MAX_RECORD + 4:  # kyluat bounds records itself (below)
    csv.field_size_limit(2 * MAX_RECORD + 4)

Record = dict[str, str] | str
"""A record's columns, or the message saying why it could not be read."""

Parsed = dict[str, str] | tuple[str, str] | None
"""What parsing a piece gives: a record's columns, why it cannot be read and the row's id (when
known), or ``None`` for a blank line."""

MAX_SHOWN_ID: Final = 200
"""Longest id kept for a row that cannot be read."""


class Multiline(NamedTuple):
    """A CSV record over several physical lines (a quoted field holds line breaks)."""

    lines: int
    text: str


class Broken(NamedTuple):
    """A record that cannot be read, over ``lines`` physical lines, and why."""

    lines: int
    message: str


Piece = str | Multiline | Broken
"""What delimiting gives for each data row: a physical line (a record or a blank line), a
record over several lines, or a record that cannot be read."""


class FileFormat(StrEnum):
    """Input formats."""

    CSV = "csv"
    """Comma-separated values with a header row (RFC 4180 quoting)."""
    JSONL = "jsonl"
    """JSON Lines: one JSON object a line."""


def as_format(value: FileFormat | str) -> FileFormat:
    """The format named by ``value``.

    Raises:
        DataError: Neither ``csv`` nor ``jsonl``.
    """
    try:
        return FileFormat(value)
    except ValueError:
        message = f"unknown format {shown(value)}; expected csv or jsonl"
        raise DataError(message, field="format") from None


def format_of(path: str) -> FileFormat:
    """The format a file name implies (``.csv``, ``.jsonl`` or ``.ndjson``, maybe then ``.gz``).

    Raises:
        DataError: The extension says neither.

    Examples:
        >>> format_of("export.NDJSON").value, format_of("export.csv.gz").value
        ('jsonl', 'csv')
    """
    lowered = path.lower().removesuffix(".gz")
    if lowered.endswith(".csv"):
        return FileFormat.CSV
    if lowered.endswith((".jsonl", ".ndjson")):
        return FileFormat.JSONL
    raise DataError(
        f"cannot tell the format of {shown(path)} from its extension; pass --format csv|jsonl",
        field="format",
    )


def open_lines(
    stream: IO[str] | IO[bytes], encoding: str, *, unzip: bool = True
) -> tuple[Lines, io.TextIOWrapper | None]:
    """The lines of a text or binary stream, and the text layer to detach when done (if any).

    ``unzip=False``: the stream is a gzip file's content already.

    Raises:
        DataError: ``encoding`` is not one kyluat reads.
    """
    name = as_encoding(encoding)
    if is_binary(stream):
        text, name = text_of(stream, name, unzip=unzip)  # type: ignore[arg-type]
        return Lines(text, name), text
    return Lines(stream, None), None  # type: ignore[arg-type]


# --- delimiting ------------------------------------------------------------------------------


class _Feed:
    """The lines the csv reader asks for while it reads one record: the first, then more."""

    __slots__ = ("cut", "first", "lines", "pending", "size", "taken")

    def __init__(self, pending: deque[str], lines: Iterator[str]) -> None:
        self.pending = pending
        self.lines = lines
        self.first: str | None = None
        self.taken: list[str] = []
        self.size = 0
        self.cut = ""

    def start(self, line: str) -> None:
        self.first, self.taken, self.size, self.cut = line, [line], len(line), ""

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        first = self.first
        if first is not None:
            self.first = None
            return first
        if self.size > MAX_RECORD:
            self.cut = "long"
            raise StopIteration
        if self.pending:
            line = self.pending.popleft()
        else:
            following = next(self.lines, None)
            if following is None:
                self.cut = "end"
                raise StopIteration
            line = following
        self.taken.append(line)
        self.size += len(line)
        return line


def _again(pending: deque[str]) -> Iterator[str]:
    """Lines to read again, until there are none left."""
    while pending:
        yield pending.popleft()


class Delimiter:
    """Turns physical lines into pieces, one per data row.

    Attributes:
        start: The lines before the first data row (a CSV header's).
        extra: The lines of the pieces given so far beyond one each (records over several
            lines): the line before data row ``r`` is ``start + (r - 1) + extra`` then.
    """

    __slots__ = ("_lines", "extra", "start")

    def __init__(self, lines: Lines) -> None:
        self._lines = lines
        self.start = 0
        self.extra = 0

    def _taken(self, first: int, last: int) -> str | None:
        """The first reason one of lines ``first..last`` cannot be read (``None``: none)."""
        bad = self._lines.bad
        found = [number for number in bad if number <= last]
        if not found:
            return None
        message = None
        for number in sorted(found):
            reason = bad.pop(number)
            if message is None and number >= first:
                message = reason
        return message

    def csv_pieces(self, width: int | None) -> Iterator[Piece]:
        """The pieces of CSV rows, for a header of ``width`` columns (``None``: the header).

        A line without a quote is a piece as it is (the usual case, kept fast); a line with
        one is read by the csv module, with the lines after it while a quoted field is open.
        """
        bad = self._lines.bad
        lines = iter(self._lines)
        pending: deque[str] = deque()  # lines to read again, in order
        feed = _Feed(pending, lines)
        reader = csv.reader(feed)
        number = self.start + self.extra
        source = lines
        while True:
            for line in source:
                number += 1
                if '"' not in line:
                    if bad and (reason := self._taken(number, number)) is not None:
                        yield Broken(1, reason)
                    else:
                        yield line
                    continue
                feed.start(line)
                try:
                    fields: list[str] | None = next(reader)
                    problem = ""
                except csv.Error as exc:  # not expected: csv reads any line it is given
                    fields, problem = None, str(exc)
                taken = feed.taken
                last = number + len(taken) - 1
                if (
                    feed.cut
                    or fields is None
                    or (len(taken) > 1 and width is not None and len(fields) != width)
                ):
                    reason = self._taken(number, number) if bad else None
                    if reason is None:
                        reason = _unclosed(number, last, feed.cut, problem, fields, width)
                        if len(taken) > 1:
                            reason += "; the next lines are read again"
                    yield Broken(1, reason)
                    if len(taken) > 1:
                        pending.extendleft(reversed(taken[1:]))  # read again from the next line
                        source = chain(_again(pending), lines)
                        break
                    continue
                if len(taken) > 1:
                    self.extra += len(taken) - 1
                if bad and (reason := self._taken(number, last)) is not None:
                    yield Broken(len(taken), reason)
                elif len(taken) == 1:
                    yield line
                else:
                    yield Multiline(len(taken), "".join(taken))
                number = last
            else:
                return

    def jsonl_pieces(self) -> Iterator[Piece]:
        """The pieces of JSON Lines: every line is one."""
        bad = self._lines.bad
        number = self.start
        for line in self._lines:
            number += 1
            if bad and (reason := self._taken(number, number)) is not None:
                yield Broken(1, reason)
            else:
                yield line

    def header(self) -> list[str]:
        """The cells of the CSV header row (which may hold quoted line breaks).

        Raises:
            DataError: No header, or one that cannot be read.
        """
        piece = next(self.csv_pieces(None), None)
        if piece is None:
            raise DataError("the file is empty: no header row", field="file")
        if isinstance(piece, Broken):
            hint = " (is the file in another encoding?)" if ", byte " in piece.message else ""
            raise DataError(f"the header cannot be read: {piece.message}{hint}", field="file")
        self.start, self.extra = 1 + self.extra, 0
        text = piece if isinstance(piece, str) else piece.text
        return next(csv.reader([text]), [])


def _unclosed(
    number: int, last: int, cut: str, problem: str, fields: list[str] | None, width: int | None
) -> str:
    if problem:
        return f"line {number:,}: {problem}"
    if cut == "end":
        return f"line {number:,}: a quoted field is never closed"
    if cut == "long":
        return f"line {number:,}: a quoted field runs on over {MAX_RECORD:,} characters"
    return (
        f"line {number:,}: a quoted field runs on to line {last:,}, giving "
        f"{len(fields or ()):,} fields instead of {width or 0:,}"
    )


def read_header(delimiter: Delimiter) -> Header:
    """Read and recognise a CSV file's header, leaving ``delimiter`` at the first data row.

    The one header reader of the serial and the parallel checks.

    Raises:
        DataError: No header, one that cannot be read, a column named twice, or required
            columns missing.
    """
    return read_columns(delimiter.header())


# --- parsing ---------------------------------------------------------------------------------

_BRACKETS: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(text: str) -> bool:
    """Whether JSON text nests arrays and objects deeper than `MAX_JSON_DEPTH` (strings aside)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for token in _BRACKETS.findall(text):
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif token in "]}":
            depth -= 1
    return False


def load_json(text: str, field: str) -> object:
    """JSON text read with a bound on its depth.

    Raises:
        InvalidInputError: Not JSON, or nested deeper than `MAX_JSON_DEPTH` (names ``field``).
    """
    if _too_deep(text):
        raise InvalidInputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", field=field)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"not valid JSON: {exc.msg} at column {exc.colno}", field=field
        ) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        raise InvalidInputError(f"not readable JSON: {exc}", field=field) from None


def _as_text(value: object) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class _One:
    """The one line the csv parser reads next."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text: str | None = None

    def __iter__(self) -> _One:
        return self

    def __next__(self) -> str:
        text = self.text
        if text is None:
            raise StopIteration
        self.text = None
        return text


def _csv_parser(header: Header) -> Callable[[Piece, int], Parsed]:
    """The parser of CSV pieces for ``header`` (a closure: the hottest path of a check)."""
    names, width, id_index = header.names, header.width, header.id_index
    one = _One()
    reader = csv.reader(one)

    def too_long(values: list[str]) -> Parsed:
        for name, value in zip(names, values, strict=True):
            if len(value) > MAX_FIELD:
                return (
                    f"column {shown(name or '(unnamed)')} is {len(value):,} characters, over "
                    f"the maximum of {MAX_FIELD:,}",
                    values[id_index].strip()[:MAX_SHOWN_ID],
                )
        return dict(zip(names, values, strict=True))

    def parse(piece: Piece, line: int) -> Parsed:
        if type(piece) is str:
            if '"' in piece:
                one.text = piece
                values = next(reader)
            else:
                values = piece.rstrip("\r\n").split(",")
            if len(values) != width:
                if not values or values == [""]:
                    return None  # a blank line
                return f"line {line:,}: expected {width} fields, found {len(values)}", ""
            if len(piece) > MAX_FIELD:
                return too_long(values)
            return dict(zip(names, values, strict=False))  # the width was checked
        if type(piece) is Multiline:
            one.text = piece.text
            values = next(reader)
            if len(values) != width:  # not expected: the delimiter checked
                return f"line {line:,}: expected {width} fields, found {len(values)}", ""
            return too_long(values)
        return piece.message, ""  # type: ignore[union-attr]

    return parse


class Parser:
    """Parses pieces of one file into records (one per file, or per batch in a worker).

    Attributes:
        record: ``record(piece, line)``: the record of a piece starting on ``line``: its
            columns, ``None`` for a blank line, or why it cannot be read and the row's id when
            known.
        keys: For JSON Lines, the keys met (unknown keys are warned about once).
    """

    __slots__ = ("keys", "record", "shapes")

    def __init__(self, header: Header | None) -> None:
        self.keys = JsonKeys()
        self.shapes: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.record: Callable[[Piece, int], Parsed] = (
            self._json_piece if header is None else _csv_parser(header)
        )

    def _json_piece(self, piece: Piece, line: int) -> Parsed:
        if type(piece) is str:
            return self._json_record(piece, line)
        if type(piece) is Broken:
            return piece.message, ""
        return self._json_record(piece.text, line)  # type: ignore[union-attr]

    def _json_record(self, text: str, line: int) -> Parsed:
        if not text.strip():
            return None
        try:
            value = load_json(text, "")
        except InvalidInputError as exc:
            return f"line {line:,}: {exc.message}", ""
        if not isinstance(value, dict):
            return f"line {line:,}: a JSON Lines record must be an object", ""
        column = self.keys.column
        keys = tuple(value)
        names = self.shapes.get(keys)
        if names is None:  # records of a file mostly share their keys, in the same order
            names = tuple(column(key, line) for key in keys)  # unknown keys noted here
            if len(self.shapes) < 1_000:  # never grow unbounded
                self.shapes[keys] = names
        record = dict(zip(names, map(_as_text, value.values()), strict=True))
        if len(record) != len(value):
            return f"line {line:,}: {_clash(value, column, line)}", ""
        if 5 * len(text) <= MAX_FIELD:  # a value written out is under 5 times its text ("1e15,"
            return record  # is "1000000000000000.0, "): none of these is over the maximum
        for name, item in record.items():
            if len(item) > MAX_FIELD:
                return (
                    f"key {shown(name)} is {len(item):,} characters, over the maximum of "
                    f"{MAX_FIELD:,}",
                    record.get("id", "").strip()[:MAX_SHOWN_ID],
                )
        return record


def _clash(value: dict[str, object], column: Callable[[str, int], str], line: int) -> str:
    """The message for two keys of one object naming the same column."""
    seen: dict[str, str] = {}
    for key in value:
        name = column(key, line)
        if name in seen:
            return f"keys {shown(seen[name])} and {shown(key)} both name the column {name}"
        seen[name] = key
    return "two keys name the same column"  # pragma: no cover - the caller saw a clash


def read_records(
    stream: IO[str] | IO[bytes], file_format: FileFormat | str, *, encoding: str = "utf-8"
) -> Iterator[tuple[int, Record]]:
    r"""Yield (row number, record) one at a time.

    A row that cannot be read (a CSV row with the wrong number of fields, a JSON line that is
    not an object, a bad byte, an unclosed quote) yields its error message instead of a
    record. Row numbers count data rows from 1.

    Args:
        stream: The file: text, or bytes decoded with ``encoding`` (gzip recognised).
        file_format: ``"csv"`` or ``"jsonl"``.
        encoding: For bytes: one of ``ENCODINGS`` (``utf-8``, the default, accepts a BOM).

    Raises:
        DataError: The file is unusable: unknown format or encoding, no header, a column named
            twice, or required columns missing.

    Examples:
        >>> import io
        >>> list(read_records(io.StringIO('{"id": "A"}\n[1]\n'), "jsonl"))
        [(1, {'id': 'A'}), (2, 'line 2: a JSON Lines record must be an object')]
    """
    kind = as_format(file_format)
    lines, text = open_lines(stream, encoding)
    try:
        delimiter = Delimiter(lines)
        header = read_header(delimiter) if kind is FileFormat.CSV else None
        pieces = delimiter.csv_pieces(header.width) if header else delimiter.jsonl_pieces()
        record_of = Parser(header).record
        line = delimiter.start
        for row, piece in enumerate(pieces, start=1):
            parsed = record_of(piece, line + 1)
            line += 1 if type(piece) is str else piece.lines  # type: ignore[union-attr]
            if parsed is not None:
                yield row, parsed if isinstance(parsed, dict) else parsed[0]
    finally:
        if text is not None:
            text.detach()
