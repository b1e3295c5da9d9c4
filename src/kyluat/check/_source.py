r"""The physical lines of a record file: bytes decoded, gzip opened, every line numbered.

A file is read as bytes and decoded as it goes, so that a byte the encoding cannot read spoils
only its line: it is kept in the text as a mark (a lone surrogate, which no valid text decodes
to), and the line is noted in `Lines.bad` with its number and the byte's offset. A gzip file is
recognised by its first bytes and read through `gzip`. Lines end at ``\n``, ``\r\n`` or a
lone ``\r`` (the old Mac ending some spreadsheets still write); a line longer than
`MAX_RECORD` characters is noted as bad and not kept in memory.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zlib
from collections.abc import Iterator
from typing import IO, Final, cast

from kyluat._text import shown
from kyluat.errors import DataError

__all__ = ["ENCODINGS", "MAX_RECORD", "Lines", "as_encoding", "is_binary", "text_of"]

MAX_RECORD: Final = 4_000_000
"""Longest physical line, and longest record over several lines, read (characters)."""

ENCODINGS: Final = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258")
"""Encodings a record file may be read in (``utf-8`` accepts a byte-order mark; ``utf-16``
needs one; ``cp1258`` is Windows-1258, the legacy Vietnamese code page)."""

_LABELS: Final = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1258": "Windows-1258",
}
_LIMIT: Final = MAX_RECORD + 2  # a line of MAX_RECORD characters and its "\r\n"
_GZIP: Final = b"\x1f\x8b"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_MARK: Final = 0xDC00  # a bad byte b is kept as chr(0xDC00 + b)
_MARKED: Final = re.compile("[\udc00-\udcff]+")
_LONE_CR: Final = re.compile(r"\r(?!\n|$)")  # a carriage return that does not end the line
_escaped = [0]  # bad bytes escaped in this process: while 0, no line needs searching


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _escaped[0] += 1
    return "".join(chr(_MARK + b) for b in error.object[error.start : error.end]), error.end


codecs.register_error("kyluat.check.mark", _escape)


def as_encoding(encoding: str) -> str:
    """The name of ``encoding`` in `ENCODINGS` (aliases such as ``UTF8`` accepted).

    Raises:
        DataError: Not an encoding kyluat reads.
    """
    try:
        name = codecs.lookup(encoding).name if isinstance(encoding, str) else ""
    except LookupError:
        name = ""
    name = {"cp1258": "cp1258", "windows-1258": "cp1258"}.get(name, name)
    if name not in ENCODINGS:
        raise DataError(
            f"unknown encoding {shown(encoding)}; expected one of {', '.join(ENCODINGS)}",
            field="encoding",
        )
    return name


def is_binary(stream: object) -> bool:
    """Whether ``stream`` gives bytes (a binary file, standard input's buffer, `io.BytesIO`)."""
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    if isinstance(stream, io.TextIOBase):
        return False
    read = getattr(stream, "read", None)
    return read is not None and isinstance(read(0), bytes)


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream that cannot look ahead, then the rest of it."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _head(binary: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The first two bytes of a stream, and a stream that still gives them."""
    peek = getattr(binary, "peek", None)
    if peek is not None:
        return peek(2)[:2], binary
    head = binary.read(2)
    return head, cast(IO[bytes], io.BufferedReader(_Prefixed(head, binary)))


def text_of(
    binary: IO[bytes], encoding: str, *, unzip: bool = True
) -> tuple[io.TextIOWrapper, str]:
    """The text of a binary stream, and the encoding it is read in.

    A gzip stream is read as its content (``unzip=False``: the stream is one's content
    already); bad bytes are marked; line endings are left as they
    are. Text in UTF-16 with its byte-order mark is read as such when ``encoding`` is the
    default ``utf-8`` (no UTF-8 text starts with those bytes). Detach the result when done
    (closing it would close ``binary``).
    """
    head, stream = _head(binary)
    if head == _GZIP and unzip:
        import gzip  # only compressed files need it

        head, stream = _head(cast(IO[bytes], gzip.GzipFile(fileobj=stream, mode="rb")))
    if encoding == "utf-8" and head in _UTF16_BOMS:
        encoding = "utf-16"
    text = io.TextIOWrapper(
        stream,
        encoding="utf-8-sig" if encoding == "utf-8" else encoding,
        errors="kyluat.check.mark",
        newline="",
    )
    return text, encoding


def _split(line: str) -> list[str]:
    r"""A line of a text stream that kept a lone ``\r``, as the lines it holds."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", line)


class Lines:
    """The physical lines of a text, numbered from 1, with the lines that cannot be read noted.

    Attributes:
        number: The file's line count, once it is read to its end.
        bad: Lines that cannot be read, by number, with the reason (taken by the reader).
    """

    __slots__ = ("_encoding", "_lines", "_stream", "bad", "number")

    def __init__(self, stream: IO[str], encoding: str | None, *, before: int = 0) -> None:
        """Read ``stream``; ``encoding`` is the one it was decoded with (``None``: given text).

        ``before`` is the number of lines of the file before the stream's first (a file's rest,
        read on from a line): lines are numbered in the whole file.
        """
        self._stream = stream
        self._encoding = encoding
        self.number = before
        self.bad: dict[int, str] = {}
        self._lines = self._given() if encoding is None else self._decoded(encoding)

    def __iter__(self) -> Iterator[str]:
        """The lines not read yet (one iterator: the header's reader and the rows' share it)."""
        return self._lines

    def _unreadable(self, exc: Exception) -> DataError:
        message = str(exc) or type(exc).__name__
        if isinstance(exc, EOFError | zlib.error) or type(exc).__name__ == "BadGzipFile":
            message = f"not a complete gzip file ({message})"
        return DataError(f"cannot read line {self.number + 1:,}: {message}", field="file")

    def _decoded(self, encoding: str) -> Iterator[str]:
        readline = self._stream.readline
        escaped = _escaped
        clean = escaped[0]
        compose = encoding == "cp1258"  # its tone marks are combining characters
        limit = _LIMIT
        number = self.number
        try:
            line = readline(limit)
            while line:
                number += 1
                if len(line) == limit and line[-1] != "\n":
                    self.number = number
                    line, ahead = self._too_long(line, number)
                    yield line
                    line = ahead or readline(limit)
                    continue
                if escaped[0] != clean and (found := _MARKED.search(line)):
                    self.bad[number] = self._bad_bytes(line, found, number, encoding)
                if compose:
                    line = unicodedata.normalize("NFC", line)
                yield line
                line = readline(limit)
        except (OSError, EOFError, zlib.error) as exc:
            self.number = number
            raise self._unreadable(exc) from None
        self.number = number

    def _given(self) -> Iterator[str]:
        readline = self._stream.readline
        limit = _LIMIT
        number = self.number
        try:
            line = readline(limit)
            if line[:1] == "\ufeff":  # a byte-order mark is not text
                line = line[1:] or readline(limit)
            while line:
                if len(line) == limit and line[-1] != "\n":
                    number += 1
                    self.number = number
                    line, ahead = self._too_long(line, number)
                    yield line
                    line = ahead or readline(limit)
                    continue
                if "\r" in line and _LONE_CR.search(line):  # a stream splitting at "\n" only
                    for part in _split(line):
                        number += 1
                        yield part
                else:
                    number += 1
                    yield line
                line = readline(limit)
        except (OSError, UnicodeError) as exc:  # a text stream may decode as it is read
            self.number = number
            raise self._unreadable(exc) from None
        self.number = number

    def _too_long(self, start: str, number: int) -> tuple[str, str | None]:
        r"""Skip the rest of an over-long line, which reads as a line break (an erroneous row).

        Returns the line break, and the next line when it had to be read to find this one's end
        (a line cut by the limit just after a ``\r`` ends there unless a ``\n`` follows).
        """
        readline = self._stream.readline
        size, part, ahead = len(start), start, None
        while len(part) == _LIMIT and part[-1] != "\n":
            if part[-1] == "\r":
                after = readline(_LIMIT)
                if after == "\n":
                    size += 1
                else:
                    ahead = after or None
                break
            part = readline(_LIMIT)
            size += len(part)
        self.bad[number] = (
            f"line {number:,}: longer than {MAX_RECORD:,} characters ({size:,}); not read"
        )
        return "\n", ahead

    def _bad_bytes(self, line: str, found: re.Match[str], number: int, encoding: str) -> str:
        codec = "utf-16-le" if encoding.startswith("utf-16") else encoding.replace("-sig", "")
        offset = len(line[: found.start()].encode(codec))
        listed = " ".join(f"0x{ord(c) - _MARK:02x}" for c in found.group()[:4])
        return f"line {number:,}, byte {offset}: not valid {_LABELS[encoding]} ({listed})"
