"""``POST /v1/check``: a records file in the body, checked, its report streamed back (private).

The body is spooled as it arrives (in memory up to 1 MiB, then to an anonymous temporary file;
the size limit is the middleware's), read by [check_stream][kyluat.check.check_stream] in a
worker thread, and each finding is written to a spool of its own as it is found, so that memory
does not grow with the file nor with its findings. The answer is the JSON of
``CheckReport.to_dict()`` with every finding (``kyluat check FILE --json``), written compactly
and streamed from the spools.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from email.message import Message
from typing import IO, Final

from starlette.requests import Request

from kyluat.calendar import WorkCalendar
from kyluat.check import CheckReport, Mismatch, RowError, check_stream, columnar_installed
from kyluat.deadline import DeadlinePolicy
from kyluat.office_hours import OfficeHours
from kyluat.server._errors import MediaTypeError

__all__ = ["MEDIA_TYPES", "Spooled", "body_format", "check_body", "spool_body"]

MEDIA_TYPES: Final = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl",
    "application/json-lines": "jsonl",
}
"""The body's media types and the format each names (``?format=`` overrides them)."""

_MEMORY: Final = 1 << 20
"""Bytes of a body or of a findings array kept in memory before spilling to a temporary file."""

_COLUMNAR_FROM: Final = 8_000_000
"""Bytes from which the columnar engine is worth its start (as ``kyluat check --engine auto``)."""

_CHUNK: Final = 1 << 16

_COMPACT: Final = {"ensure_ascii": False, "separators": (",", ":")}


def body_format(content_type: str | None, given: str | None) -> tuple[str, str | None]:
    """The body's format and the charset its media type names, if any.

    Raises:
        MediaTypeError: No ``format`` and a media type that names no records format.
    """
    charset = None
    media = ""
    if content_type:
        message = Message()
        message["content-type"] = content_type
        media = message.get_content_type()
        charset = message.get_param("charset")
    if given is not None:
        return given, charset if isinstance(charset, str) else None
    kind = MEDIA_TYPES.get(media)
    if kind is None:
        raise MediaTypeError(
            f"cannot tell the records format of {content_type or 'a body without Content-Type'}: "
            "send text/csv or application/x-ndjson, or give ?format=csv|jsonl"
        )
    return kind, charset if isinstance(charset, str) else None


async def spool_body(request: Request) -> tuple[IO[bytes], int]:
    """The request's body, spooled as it arrives, rewound; and its length in bytes."""
    body: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_MEMORY)  # noqa: SIM115 - returned
    size = 0
    try:
        async for chunk in request.stream():
            body.write(chunk)
            size += len(chunk)
    except BaseException:
        body.close()
        raise
    body.seek(0)
    return body, size


class Spooled:
    """A check's findings as JSON array elements, spooled, and the answer built around them."""

    def __init__(self) -> None:
        # Closed by `close` (the answer's end, or a failure before it).
        self.arrays = tuple(
            tempfile.SpooledTemporaryFile(max_size=_MEMORY, mode="w+", encoding="utf-8")  # noqa: SIM115
            for _ in range(2)
        )
        self.counts = [0, 0]
        self.report: CheckReport | None = None

    def take(self, finding: Mismatch | RowError) -> None:
        """Spool one finding, a mismatch or an unreadable row, as its JSON element."""
        which = 0 if isinstance(finding, Mismatch) else 1
        array = self.arrays[which]
        if self.counts[which]:
            array.write(",")
        array.write(json.dumps(finding.to_dict(), **_COMPACT))  # type: ignore[arg-type]
        self.counts[which] += 1

    def chunks(self) -> Iterator[bytes]:
        """The report's JSON: its counts, then each array copied from its spool."""
        assert self.report is not None
        marks = {"mismatches": "\x00mismatches\x00", "errors": "\x00errors\x00"}
        frame = json.dumps({**self.report.to_dict(), **marks}, **_COMPACT)  # type: ignore[arg-type]
        head, rest = frame.split(json.dumps(marks["mismatches"]), 1)
        middle, tail = rest.split(json.dumps(marks["errors"]), 1)
        try:
            for text, array in ((head, self.arrays[0]), (middle, self.arrays[1])):
                yield (text + "[").encode()
                array.seek(0)
                while piece := array.read(_CHUNK):
                    yield piece.encode()
                yield b"]"
            yield tail.encode()
        finally:
            self.close()

    def close(self) -> None:
        """Forget the spooled findings."""
        for array in self.arrays:
            array.close()


def check_body(
    body: IO[bytes],
    size: int,
    file_format: str,
    *,
    encoding: str,
    calendar: WorkCalendar,
    office_hours: OfficeHours | None,
    policy: DeadlinePolicy,
) -> Spooled:
    """Check a spooled body (blocking: run it in a worker thread); the findings spooled.

    Raises:
        KyluatError: The file is unusable (``invalid_data``) or an option is refused.
    """
    found = Spooled()
    try:
        found.report = check_stream(
            body,
            file_format,
            encoding=encoding,
            calendar=calendar,
            office_hours=office_hours,
            policy=policy,
            keep_findings=False,  # counts only: the findings go to the spools as they are found
            on_finding=found.take,
            engine="auto" if size >= _COLUMNAR_FROM and columnar_installed() else "row",
        )
    except BaseException:
        found.close()
        raise
    finally:
        body.close()
    return found
