"""A block's lines are read into columns exactly as the csv module reads each of them.

The columnar engine sorts a block's lines with NumPy over the positions of commas and quotes,
reads the regular ones with Arrow's CSV reader and the others with the csv module. Whatever the
commas and quotes, every line it keeps must hold the fields the csv module reads from it, and
every line the csv module reads as one record of the header's width must be kept.
"""

from __future__ import annotations

import csv

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from kyluat.check._columns import read_columns
from kyluat.columnar._blocks import columns_of, lines_of
from kyluat.columnar._kernel import Texts

NAMES = ["id", "received_at", "limit", "due_date", "status", "unit"]
HEADER = read_columns(NAMES)

fields = st.text(alphabet=st.sampled_from('ab ,"é'), max_size=6)
lines = st.lists(fields, min_size=1, max_size=8).map(",".join)
endings = st.sampled_from(["\n", "\r\n"])


def _value(column: object, k: int) -> str:
    if isinstance(column, Texts):
        start = int(column.starts[k])
        return bytes(column.data[start : start + int(column.lengths[k])]).decode()
    return column[k].as_py()  # type: ignore[index, no-any-return]


def _alone(line: str) -> list[str] | None:
    """The fields of a line read by the csv module (``None``: a quote left open takes the next
    line too)."""
    reader = csv.reader([line if line.endswith("\n") else line + "\n", "next\n"])
    values = next(reader, [])
    return values if reader.line_num == 1 else None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(lines, endings), min_size=1, max_size=40), st.booleans())
def test_kept_lines_hold_the_csv_modules_fields(rows, last_break):
    texts = [line + ending for line, ending in rows]
    if not last_break and rows[-1][0]:  # the file's last line, without its line break
        texts[-1] = rows[-1][0]
    data = "".join(texts).encode()
    assume(data)  # blocks are never empty
    block = lines_of(data)
    assert block is not None
    assert block.count == len(texts)
    found = columns_of(block, HEADER)
    read = [_alone(text) for text in texts]
    if found is None:  # not plain: some line leaves a quote open
        assert any(values is None for values in read)
        return
    kept, columns = found
    expected = [k for k, values in enumerate(read) if values is not None and len(values) == 6]
    assert sorted(kept.tolist()) == expected
    assert len(set(kept.tolist())) == len(expected)
    for at, k in enumerate(kept.tolist()):
        values = read[k]
        assert values is not None
        for position, name in enumerate(NAMES):
            if name in columns:
                assert _value(columns[name], at) == values[position], (texts[k], name)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=30), st.data())
def test_equal_ids_have_equal_fingerprints(values, data):
    """Duplicate ids are looked for by fingerprints first: equal texts must hash alike,
    wherever they lie in their buffer (short ones eight bytes at a time, long ones alone)."""
    from kyluat.columnar._arrow import strings

    shuffled = data.draw(st.permutations(values + values))
    prints = Texts.of(strings(shuffled)).fingerprints()
    by_value: dict[str, int] = {}
    for value, found in zip(shuffled, prints.tolist(), strict=True):
        assert by_value.setdefault(value, found) == found, value
    # and different texts rarely collide (a collision only costs a full comparison)
    assert len(set(prints.tolist())) == len(set(shuffled))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(max_size=80), max_size=10))
def test_a_value_has_one_fingerprint_whatever_its_neighbours(value, others):
    """Blocks are fingerprinted apart, each to the width of its longest value: a value repeated
    in a block of short values and in one of long values must hash alike."""
    from kyluat.columnar._arrow import strings

    alone = Texts.of(strings([value])).fingerprints()[0]
    among = Texts.of(strings([*others, value, "x" * 63])).fingerprints()[len(others)]
    assert alone == among


_DIGIT = st.sampled_from("0123456789")


@st.composite
def _shaped(draw: st.DrawFn) -> str:
    """Texts in (or near) the kernel's ISO shapes, real days and impossible ones."""
    year = draw(st.integers(0, 9999))
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if draw(st.booleans()):
        hour, minute = draw(st.integers(0, 25)), draw(st.integers(0, 61))
        text += draw(st.sampled_from("T x")) + f"{hour:02d}:{minute:02d}"
        if draw(st.booleans()):
            text += f":{draw(st.integers(0, 61)):02d}"
    if draw(st.integers(0, 9)) == 0:  # a character spoiled
        k = draw(st.integers(0, len(text) - 1))
        text = text[:k] + draw(st.sampled_from("a/-: 9")) + text[k + 1 :]
    return text


@settings(max_examples=400, deadline=None)
@given(st.lists(_shaped(), min_size=1, max_size=50))
def test_the_kernel_reads_iso_dates_and_moments_as_python_does(texts):
    from datetime import date, datetime

    from kyluat.columnar._arrow import strings
    from kyluat.columnar._kernel import moments

    days, seconds, valid, empty = moments(Texts.of(strings(texts)))
    for k, text in enumerate(texts):
        expected: date | datetime | None = None
        shapes = {10: "%Y-%m-%d", 16: "%Y-%m-%d{}%H:%M", 19: "%Y-%m-%d{}%H:%M:%S"}
        for separator in "T ":
            shape = shapes.get(len(text), "").format(separator)
            try:
                expected = datetime.strptime(text, shape) if shape else None
            except ValueError:
                continue
            # strptime takes one-digit fields, signs and spaces: the kernel only the fixed ISO
            # shape (the row engine reads the others)
            fields = [text[:4], text[5:7], text[8:10], text[11:13], text[14:16], text[17:19]]
            if all(field.isdigit() for field in fields if field):
                break
            expected = None
        assert bool(valid[k]) == (expected is not None), text
        assert not empty[k]
        if expected is not None:
            assert int(days[k]) == (expected.date() - date(1970, 1, 1)).days, text
            clock = expected.hour * 3600 + expected.minute * 60 + expected.second
            assert int(seconds[k]) == (clock if len(text) > 10 else -1), text


@pytest.mark.parametrize(
    ("text", "real"),
    [
        ("1900-02-29", False),  # a century: not a leap year
        ("2000-02-29", True),  # every 400 years: a leap year
        ("2100-02-29", False),
        ("2024-02-29", True),
        ("2026-02-29", False),
        ("2026-02-30", False),
        ("2026-04-31", False),
        ("2026-12-31 23:59:59", True),
        ("2026-12-31T24:00", False),
        ("0000-01-01", False),
        ("0001-01-01  0:00", False),  # a space for a digit: left to the row engine
    ],
)
def test_the_kernel_knows_leap_years_and_month_lengths(text, real):
    from kyluat.columnar._arrow import strings
    from kyluat.columnar._kernel import moments

    _, _, valid, _ = moments(Texts.of(strings([text])))
    assert bool(valid[0]) is real
