"""Checking JSON Lines with the columnar kernel: records read as the row engine reads them.

Each line is read and parsed by the row engine's own reader and parser (its bounds, its
messages, its names for keys), so that a line that cannot be read is reported the same way; the
records are then checked `BATCH` at a time as columns, by the kernel
(`kyluat.columnar._kernel`), and what it leaves goes to the row engine, record by record.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import IO, Final

import numpy as np

from kyluat.check._readers import FileFormat, Parsed, open_lines
from kyluat.check._report import CheckReport, RowResult, Tally
from kyluat.check._rows import RowChecker, error_result
from kyluat.check._run import Reading
from kyluat.columnar._arrow import strings
from kyluat.columnar._files import KERNEL_COLUMNS, Mismatched
from kyluat.columnar._kernel import Column, verdicts
from kyluat.errors import ProvisionalDataWarning

__all__ = ["BATCH", "check_jsonl"]

BATCH: Final = 65_536
"""Records checked at a time."""


def _parsed(reading: Reading) -> Iterator[tuple[int, Parsed]]:
    """Each row's number and what parsing its line gave (numbered as `piece_results` does)."""
    record_of = reading.parser.record
    extra = reading.delimiter.start
    for row, piece in enumerate(reading.pieces, start=1):
        parsed = record_of(piece, row + extra)
        if type(piece) is not str:
            extra += piece.lines - 1  # type: ignore[union-attr]
        yield row, parsed


def check_jsonl(
    stream: IO[str] | IO[bytes],
    encoding: str,
    checker: RowChecker,
    tally: Tally,
    on_batch: Callable[[int], None] | None,
) -> CheckReport:
    """Check a JSON Lines stream (text, or bytes in ``encoding``) into ``tally``.

    Returns:
        The report.
    """
    lines, text = open_lines(stream, encoding)
    try:
        reading = Reading(lines, FileFormat.JSONL)
        reading.start(tally)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            batch: list[tuple[int, Parsed]] = []
            for item in _parsed(reading):
                batch.append(item)
                if len(batch) >= BATCH:
                    _settle(batch, checker, tally)
                    if on_batch is not None:
                        on_batch(len(batch))
                    batch = []
            if batch:
                _settle(batch, checker, tally)
                if on_batch is not None:
                    on_batch(len(batch))
        reading.finish(tally)
        return tally.report()
    finally:
        if text is not None:
            text.detach()  # the caller's stream stays open


def _settle(batch: list[tuple[int, Parsed]], checker: RowChecker, tally: Tally) -> None:
    """Count a batch of parsed lines, in order."""
    records = [parsed for _, parsed in batch if type(parsed) is dict]
    columns: dict[str, Column] = {
        name: strings([record.get(name, "") for record in records]) for name in KERNEL_COLUMNS
    }
    found = verdicts(columns, checker)
    ok = found.ok
    mismatched = Mismatched(found, columns, checker, np.flatnonzero(found.known & ~ok))
    ids: list[str] = []
    passed = provisional = 0
    seen, tally.ids = tally.ids, None  # ids are looked at once for the whole batch, in order
    try:
        add = tally.add
        k = -1
        for number, parsed in batch:
            result: RowResult | None = None
            if type(parsed) is dict:
                k += 1
                row_id = parsed.get("id", "")
                if ok[k]:
                    passed += 1
                    provisional += bool(found.provisional[k])
                    ids.append(row_id)
                    continue
                if found.known[k]:
                    result = mismatched.result(k, number, row_id)
                elif (message := found.message(k)) is not None:
                    result = error_result(number, row_id, {}, message)
                else:
                    result = checker.check(number, parsed)
            elif parsed is not None:
                result = error_result(number, parsed[1], {}, parsed[0])  # type: ignore[index]
            if result is None:
                ids.append("")  # a blank line keeps its number
                continue
            add(result)
            ids.append(result.id)
    finally:
        tally.ids = seen
    tally.records += passed
    tally.ok += passed
    tally.provisional += provisional
    tally.see_ids(batch[0][0] - 1, ids)
