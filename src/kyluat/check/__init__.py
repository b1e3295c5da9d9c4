r"""Re-check the deadlines and statuses an existing agency system recorded (``kyluat check``).

Reads CSV or JSON Lines one record at a time (constant memory whatever the file's length),
recomputes each record's deadline and outcome with
[compute_deadline][kyluat.compute_deadline] (or an [`SlaClock`][kyluat.SlaClock] when the
record has pauses) and reports every difference. Rows it cannot read are reported as errors
and checking goes on: every row ends up ``ok``, ``mismatched`` or ``erroneous``.

Columns (the header of a CSV file, the keys of a JSON object):

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
  ``[{"from": ..., "to": ...}]``; the clock pauses and resumes (see "SLA clocks and
  processes" in the docs).

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

from kyluat.check._readers import REQUIRED_COLUMNS, FileFormat, format_of, read_records
from kyluat.check._report import CheckReport, Mismatch, RowError, RowResult
from kyluat.check._run import check_file, check_stream, iter_results, parse_moment

__all__ = [
    "REQUIRED_COLUMNS",
    "CheckReport",
    "FileFormat",
    "Mismatch",
    "RowError",
    "RowResult",
    "check_file",
    "check_stream",
    "format_of",
    "iter_results",
    "parse_moment",
    "read_records",
]
