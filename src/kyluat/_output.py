"""Files the command line writes, safely (private: the CLI's output plumbing; never prints).

* [`SafeFile`][kyluat._output.SafeFile]: a file written beside its target and renamed over it
  once complete, that is never one of the command's inputs.
* [`Findings`][kyluat._output.Findings]: where a check's findings go as they are found, so that
  memory does not grow with them: ``--out`` (CSV), the JSON arrays (spooled to anonymous
  temporary files until the counts that come first in the JSON are known), and the first few
  for the text.

The text itself comes from `kyluat._render`; [kyluat.cli][kyluat.cli] prints.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import IO, Final, TextIO, cast

from kyluat._render import (
    FINDINGS_SHOWN,
    JSON_ARRAY,
    MISMATCH_COLUMNS,
    mismatch_cells,
    render_check,
    render_check_json_frame,
    render_error_element,
    render_mismatch_bytes,
)
from kyluat._text import shown
from kyluat.check import CheckReport, Mismatch, RowError
from kyluat.errors import InvalidInputError

__all__ = ["Findings", "SafeFile", "same_file"]


def same_file(path: str, other: str) -> bool:
    """Whether two names reach one file (same device and inode: links too); False if one is absent.

    Examples:
        >>> same_file(".", "./"), same_file(".", "no such file")
        (True, False)
    """
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False


def _is_stream(path: str) -> bool:
    """Whether ``path`` names a character device or a named pipe (written directly)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


class SafeFile:
    """A text file written beside its target, then renamed over it once complete.

    An interrupted run leaves the target as it was (or absent) and no temporary file behind;
    the target is never one of the command's inputs (the same path, a symbolic or a hard link
    to it). Use as a context manager and call ``commit`` when the file is complete: leaving the
    block without it (an exception, Ctrl-C) discards the file. A target that is a stream, not
    a file (``/dev/stdout``, a named pipe), is written directly.

    Raises:
        InvalidInputError: The target is an input, or its folder cannot be written (the error's
            field is the option naming the file).
    """

    def __init__(
        self, path: str, option: str, *, inputs: Sequence[str] = (), encoding: str = "utf-8"
    ) -> None:
        self.path, self.option = path, option
        for source in inputs:
            if source != "-" and same_file(path, source):
                raise InvalidInputError(
                    f"{shown(path)} is the input file {shown(source)}; kyluat never writes over "
                    "its input: choose another file",
                    field=option,
                )
        folder, name = os.path.split(os.path.abspath(path))
        self.temporary: str | None = None
        try:
            if _is_stream(path):
                handle = os.open(path, os.O_WRONLY)
            else:
                handle, self.temporary = tempfile.mkstemp(
                    prefix=f".{name}.", suffix=".part", dir=folder
                )
        except OSError as exc:
            raise self.refused(exc) from None
        # Closed by commit or discard.
        self.stream: IO[str] = open(handle, "w", encoding=encoding, newline="")  # noqa: SIM115
        self.done = False

    def refused(self, exc: OSError) -> InvalidInputError:
        """The error of a file that cannot be written."""
        return InvalidInputError(
            f"cannot write {shown(self.path)}: {exc.strerror or exc}", field=self.option
        )

    def write(self, text: str) -> None:
        """Write text to the temporary file.

        Raises:
            InvalidInputError: The disk refused it (full, gone).
        """
        try:
            self.stream.write(text)
        except BrokenPipeError:
            raise  # a reader of a pipe that has gone: the command line ends quietly
        except OSError as exc:
            raise self.refused(exc) from None

    def commit(self) -> None:
        """Rename the complete file over its target.

        The file gets the target's permissions, or the default ones of a new file.

        Raises:
            InvalidInputError: The file could not be completed or renamed (it is discarded).
        """
        try:
            self.stream.close()
            if self.temporary is not None:
                try:
                    mode = stat.S_IMODE(os.stat(self.path).st_mode)
                except OSError:
                    umask = os.umask(0)
                    os.umask(umask)
                    mode = 0o666 & ~umask
                os.chmod(self.temporary, mode)
                os.replace(self.temporary, self.path)
        except OSError as exc:
            self.discard()
            raise self.refused(exc) from None
        self.done = True

    def discard(self) -> None:
        """Remove the temporary file, leaving the target as it was."""
        with contextlib.suppress(OSError):  # a full disk refusing the last buffer: it goes
            self.stream.close()
        if self.temporary is not None:
            with contextlib.suppress(FileNotFoundError):  # renamed already
                os.unlink(self.temporary)

    def __enter__(self) -> SafeFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.done:
            self.discard()


_SEPARATOR: Final = JSON_ARRAY[1].encode("utf-8")
_SPOOLED: Final = 1 << 16
"""Bytes of a JSON array kept in memory before they are written to its spool (a few
elements: memory stays flat in the findings)."""


def _utf8(encoding: object) -> bool:
    """Whether a stream's encoding is UTF-8 (without a byte-order mark)."""
    try:
        return isinstance(encoding, str) and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


_KERNEL_COPY_REFUSED: Final = frozenset(
    {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSOCK, errno.EBADF}
)


def _copy(source: IO[bytes], target: IO[bytes]) -> None:
    """The rest of a file, to a binary stream: copied by the kernel (``sendfile``) where the
    stream has a descriptor that takes it, otherwise read and written."""  # noqa: D205, D209
    sendfile = getattr(os, "sendfile", None)
    try:
        into = target.fileno() if sendfile is not None else None
    except (AttributeError, OSError, io.UnsupportedOperation):
        into = None
    if into is not None and sendfile is not None:
        target.flush()
        start = offset = source.tell()
        size = os.fstat(source.fileno()).st_size
        try:
            while offset < size:
                sent = sendfile(into, source.fileno(), offset, size - offset)
                if not sent:
                    break
                offset += sent
        except OSError as exc:
            if offset != start or exc.errno not in _KERNEL_COPY_REFUSED:
                raise
        source.seek(offset)
    shutil.copyfileobj(source, target)  # what the kernel did not copy (nothing, usually)


class _Spool:
    """A JSON array's elements kept in an anonymous temporary file until they are written.

    The file holds them as UTF-8; an answer written in UTF-8 without line-end translation gets
    the bytes as they are, any other the text read back.
    """

    def __init__(self) -> None:
        # Closed by write_to (or with the process: the file has no name).
        self.file = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        self.count = 0
        self.pending: list[bytes] = []  # written a few elements at a time
        self.size = 0

    def add(self, element: str) -> None:
        """Add an element."""
        self.add_bytes(element.encode("utf-8"))

    def add_bytes(self, element: bytes) -> None:
        """Add an element already in UTF-8."""
        self.pending.append(_SEPARATOR + element if self.count else element)
        self.count += 1
        self.size += len(element)
        if self.size >= _SPOOLED:
            self._flush()

    def _flush(self) -> None:
        self.file.write(b"".join(self.pending))
        self.pending, self.size = [], 0

    def write_to(self, out: TextIO) -> None:
        """Write the array as ``render_json`` does."""
        opening, _, closing, empty = JSON_ARRAY
        if not self.count:
            out.write(empty)
            return
        out.write(opening)
        self._flush()
        self.file.seek(0)
        raw = getattr(out, "buffer", None)
        if raw is not None and os.linesep == "\n" and _utf8(getattr(out, "encoding", None)):
            out.flush()  # what was written before goes first
            _copy(self.file, raw)
        else:
            text = io.TextIOWrapper(cast(IO[bytes], self.file), encoding="utf-8", newline="")
            shutil.copyfileobj(text, out)
            text.detach()
        out.write(closing)


class Findings:
    """Where a check's findings go as they are found (the counts come from the library).

    A context manager: leaving the block by an exception closes the spools; otherwise the
    answer's ``emit`` closes them once written.

    Args:
        out: The ``--out`` file (CSV, UTF-8 with a byte-order mark, cells neutralised), if any.
        json: Whether the answer is the report's JSON (its arrays are spooled to disk) or text
            (the first ``FINDINGS_SHOWN`` mismatches and errors are kept).
    """

    def __init__(self, out: SafeFile | None, *, json: bool) -> None:
        self.out = out
        self.mismatches: list[Mismatch] = []
        self.errors: list[RowError] = []
        self.spools = (_Spool(), _Spool()) if json else None
        if out is not None:
            out.write("\ufeff")  # UTF-8 with a BOM: Excel shows Vietnamese intact
            self.rows = csv.writer(out)
            self.rows.writerow(MISMATCH_COLUMNS)

    def close(self) -> None:
        """Forget the spooled arrays."""
        for spool in self.spools or ():
            spool.file.close()

    def __enter__(self) -> Findings:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self.close()

    def take(self, finding: Mismatch | RowError) -> None:
        """Take one finding, a mismatch or an unreadable row."""
        if isinstance(finding, Mismatch):
            self.mismatch(finding)
        else:
            self.error(finding)

    def mismatch(self, mismatch: Mismatch) -> None:
        """Take one mismatch."""
        if len(self.mismatches) < FINDINGS_SHOWN:
            self.mismatches.append(mismatch)
        if self.spools is not None:
            self.spools[0].add_bytes(render_mismatch_bytes(mismatch))
        if self.out is not None:
            self.rows.writerow(mismatch_cells(mismatch))

    def error(self, error: RowError) -> None:
        """Take one unreadable row."""
        if len(self.errors) < FINDINGS_SHOWN:
            self.errors.append(error)
        if self.spools is not None:
            self.spools[1].add(render_error_element(error))

    def emitter(self, path: str, report: CheckReport) -> Callable[[TextIO], None]:
        """How to write the answer: the report's JSON, or its text.

        The JSON is the same text as ``render_json`` of ``report.to_dict()`` with every finding.
        """
        spools = self.spools

        def emit(out: TextIO) -> None:
            if spools is None:
                out.write(render_check(path, report, self.mismatches, self.errors) + "\n")
                return
            head, middle, tail = render_check_json_frame(report.to_dict())
            try:
                out.write(head)
                spools[0].write_to(out)
                out.write(middle)
                spools[1].write_to(out)
                out.write(tail + "\n")
            finally:
                self.close()

        return emit
