"""Reading record files: formats, the header (read once), CSV and JSON Lines records.

Readers only turn text into ``(row number, record)`` pairs; a record that cannot be read is
given as its error message instead. Row numbers count data rows from 1 (a CSV header is not a
row); blank lines are skipped but keep their number.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import IO, Final

from kyluat.errors import DataError

__all__ = [
    "REQUIRED_COLUMNS",
    "FileFormat",
    "Record",
    "as_format",
    "csv_records",
    "format_of",
    "json_records",
    "read_header",
    "read_records",
]

REQUIRED_COLUMNS: Final = ("id", "received_at", "limit", "due_date")
"""Columns every file must have (the header of a CSV file, the keys of a JSON object)."""

Record = dict[str, str] | str
"""A record's columns, or the message saying why it could not be read."""


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
        message = f"unknown format {value!r}; expected csv or jsonl"
        raise DataError(message, field="format") from None


def format_of(path: str) -> FileFormat:
    """The format a file name implies (``.csv``, ``.jsonl`` or ``.ndjson``).

    Raises:
        DataError: The extension says neither.

    Examples:
        >>> format_of("export.NDJSON").value
        'jsonl'
    """
    lowered = path.lower()
    if lowered.endswith(".csv"):
        return FileFormat.CSV
    if lowered.endswith((".jsonl", ".ndjson")):
        return FileFormat.JSONL
    raise DataError(
        f"cannot tell the format of {path!r} from its extension; pass --format csv|jsonl",
        field="format",
    )


def read_header(stream: IO[str]) -> list[str]:
    """Read a CSV file's header row, leaving ``stream`` at the first data row.

    The one header reader of the serial and the parallel checks: a header may contain quoted
    line breaks, and the stream is read no further than its end.

    Raises:
        DataError: No header row, or required columns missing.
    """
    header = next(csv.reader(stream), None)
    if header is None:
        raise DataError("the file is empty: no header row", field="file")
    names = [name.strip().lstrip("\ufeff") for name in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise DataError(
            f"required columns missing: {', '.join(missing)} (found: {', '.join(names)})",
            field="file",
        )
    return names


def read_records(stream: IO[str], file_format: FileFormat | str) -> Iterator[tuple[int, Record]]:
    r"""Yield (row number, record) one at a time.

    A row that cannot be read (a CSV row with the wrong number of fields, a JSON line that is
    not an object) yields its error message instead of a record. Row numbers count data rows
    from 1.

    Raises:
        DataError: The file is unusable: unknown format, no header, or required columns missing.

    Examples:
        >>> import io
        >>> list(read_records(io.StringIO('{"id": "A"}\n[1]\n'), "jsonl"))
        [(1, {'id': 'A'}), (2, 'a JSON Lines record must be an object')]
    """
    kind = as_format(file_format)
    if kind is FileFormat.CSV:
        names = read_header(stream)
        yield from csv_records(csv.reader(stream), names, 1)
        return
    yield from json_records(stream, 1)


def csv_records(
    rows: Iterable[list[str]], names: list[str], first: int
) -> Iterator[tuple[int, Record]]:
    """Records of parsed CSV rows, numbered from ``first``."""
    width = len(names)
    for number, values in enumerate(rows, start=first):
        if len(values) != width:
            if not values:
                continue  # a blank line
            yield number, f"expected {width} fields, found {len(values)}"
            continue
        yield number, dict(zip(names, values, strict=True))


def json_records(lines: Iterable[str], first: int) -> Iterator[tuple[int, Record]]:
    """Records of JSON Lines, numbered from ``first``; ``null`` values read as empty text."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON: {exc.msg} at column {exc.colno}"
            continue
        if not isinstance(value, dict):
            yield number, "a JSON Lines record must be an object"
            continue
        yield number, {k: "" if v is None else str(v) for k, v in value.items()}
