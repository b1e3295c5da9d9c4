r"""Re-check the deadlines and statuses an existing agency system recorded (``kyluat check``).

Reads CSV or JSON Lines one record at a time (constant memory whatever the file's length; a
path, or a stream of text or bytes in UTF-8, UTF-16 or Windows-1258, gzip-compressed or
not), recomputes each record's deadline and outcome with
[compute_deadline][kyluat.compute_deadline] (or an [`SlaClock`][kyluat.SlaClock] when the
record has pauses) and reports every difference. Rows it cannot read are reported as errors
and checking goes on: every row ends up ``ok``, ``mismatched`` or ``erroneous``, and every
physical line of the file is accounted for (``CheckReport.lines``): a record whose quote is
never closed, a bad byte, a field over `MAX_FIELD` characters or JSON nested deeper than
`MAX_JSON_DEPTH` spoils only its row.

Columns (the header of a CSV file, the keys of a JSON object; names are matched whatever
their case, with or without Vietnamese marks, and in Vietnamese too: see `COLUMNS`):

- ``id`` (required): the record's id.
- ``received_at`` (required): date or moment of receipt, ISO or DD/MM/YYYY; a moment without
  an offset is Vietnam time.
- ``limit`` (required): the limit as published, "5 ngày làm việc", "8 giờ làm việc",
  "5 working days".
- ``due_date`` (required): the deadline the system recorded (a date; a time after it is
  ignored).
- ``finished_at``: when the result was ready (date or moment).
- ``status``: early / on_time / late, or trước hạn / đúng hạn / quá hạn.
- ``unit``, ``procedure``, ``person``: for reports
  ([summarise][kyluat.metrics.summarise]).
- ``pauses``: JSON list of paused intervals, ``[["2026-03-06", "2026-03-11"]]`` or
  ``[{"from": ..., "to": ...}]`` (in JSON Lines, the list itself or a string holding it);
  the clock pauses and resumes (see "SLA clocks and processes" in the docs).
- ``case``: for a compound limit text, the case to apply.

Unknown columns are listed once in the report's ``warnings``; a column named twice makes the
file unusable; ids met on an earlier row are counted (``duplicate_ids``) and listed.

The package's parts: reading files (formats, the header, records), the row rules, the report
values, and the worker processes that check large files in parallel.

Examples:
    >>> import io
    >>> text = (
    ...     "id,received_at,limit,due_date,finished_at,status\n"
    ...     "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,early\n"
    ...     "B,2025-12-31,5 ngày làm việc,2026-01-08,,\n"
    ...     "C,2026-02-30,5 ngày làm việc,2026-03-10,,\n"
    ... )
    >>> report = check_stream(io.StringIO(text), "csv")
    >>> report.records, report.ok, report.mismatched, report.erroneous
    (3, 1, 1, 1)
    >>> report.mismatches[0].field, report.mismatches[0].expected, report.mismatches[0].found
    ('due_date', '2026-01-09', '2026-01-08')
"""

from __future__ import annotations

from kyluat.check._columns import COLUMNS, REQUIRED_COLUMNS
from kyluat.check._readers import (
    MAX_FIELD,
    MAX_JSON_DEPTH,
    FileFormat,
    format_of,
    read_records,
)
from kyluat.check._report import CheckReport, DuplicateId, Mismatch, RowError, RowResult
from kyluat.check._run import (
    ENGINES,
    CheckRun,
    check_file,
    check_stream,
    columnar_installed,
    iter_results,
    parse_moment,
)
from kyluat.check._source import ENCODINGS, MAX_RECORD

__all__ = [
    "COLUMNS",
    "ENCODINGS",
    "ENGINES",
    "MAX_FIELD",
    "MAX_JSON_DEPTH",
    "MAX_RECORD",
    "REQUIRED_COLUMNS",
    "CheckReport",
    "CheckRun",
    "DuplicateId",
    "FileFormat",
    "Mismatch",
    "RowError",
    "RowResult",
    "check_file",
    "check_stream",
    "columnar_installed",
    "format_of",
    "iter_results",
    "parse_moment",
    "read_records",
]
