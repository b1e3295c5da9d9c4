"""The columnar engine gives the row engine's report, byte for byte (issue 13).

Random files, of rows the kernel can check (receipts over two years, every limit kind, cut-offs
in the text, the policies) and of careless and hostile rows, are checked by ``kyluat check
--json --engine row`` and ``--engine columnar``: the two outputs are the same bytes. Blocks are
made tiny, so that even small files are read in several blocks and a block the kernel cannot
read hands the rest of the file to the row engine mid-way. `check_table` agrees with the row
engine row by row.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import warnings
from datetime import date, datetime, time, timedelta
from pathlib import Path
from unittest import mock

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.property.test_check_files import csv_files, jsonl_files

from kyluat import KyluatError, compute_deadline
from kyluat._moments import VIETNAM
from kyluat.check import check_file, check_stream
from kyluat.cli import main
from kyluat.columnar import _files, _jsonl, _table, check_table
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import ProvisionalDataWarning

HEADER = "id,received_at,limit,due_date,finished_at,status,unit,pauses,case"
LIMITS = [
    "03 ngày làm việc",
    "15 ngày làm việc",
    "0 ngày làm việc",
    "trong ngày",
    "Trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu "
    "sau 15 giờ hàng ngày.",
    "8 giờ làm việc",
    "4 giờ",
    "24 giờ",
    "30 ngày",
    "01 tháng",
    "2 tuần",
    "1 năm",
    "0,5 ngày làm việc",
    "-3 ngày làm việc",
    "sớm nhất có thể",
    " 5 ngày làm việc ",
]
STATUSES = ["", "early", "on_time", "late", "trước hạn", "Đúng hạn", "QUÁ HẠN", "soon", " late"]


def _moment(rng: random.Random) -> str:
    day = date(2024, 12, 25) + timedelta(days=rng.randrange(0, 750))
    shape = rng.randrange(8)
    if shape == 0:
        return day.isoformat()
    clock = time(rng.randrange(24), rng.choice([0, 30, 59, rng.randrange(60)]), rng.randrange(60))
    if shape == 1:
        return f"{day.isoformat()}T{clock.isoformat()}"
    if shape == 2:
        return f"{day:%d/%m/%Y} {clock:%H:%M}"
    if shape == 3:
        return f"{day.isoformat()} {clock:%H:%M}+07:00"
    if shape == 4:
        return f"{day.isoformat()} {clock:%H}:{clock:%M}"
    return f"{day.isoformat()} {clock:%H:%M}"


def _expected(received: str, limit: str, policy: DeadlinePolicy | None) -> date | None:
    try:
        when = datetime.fromisoformat(received.replace(" ", "T")).replace(tzinfo=VIETNAM)
    except ValueError:
        return None
    moment: date | datetime = when if len(received) > 10 else when.date()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            return compute_deadline(moment, limit.strip(), policy=policy).due_date
    except KyluatError:
        return None


def kernel_rows(seed: int, count: int, policy: DeadlinePolicy | None = None) -> str:
    """Rows the kernel mostly can check; most due dates right, some a day off."""
    rng = random.Random(seed)
    lines = [HEADER]
    for number in range(count):
        received = _moment(rng)
        limit = rng.choice(LIMITS)
        due = _expected(received, limit, policy) or date(2026, 3, 10)
        due += timedelta(days=rng.choice([0, 0, 0, 0, 0, 1, -1]))
        finished = ""
        if rng.random() < 0.7:
            finished = (due + timedelta(days=rng.randrange(-4, 3))).isoformat()
            if rng.random() < 0.2:
                finished += " 16:30"
        status = rng.choice(STATUSES) if rng.random() < 0.2 else ""
        if finished and not status and rng.random() < 0.8:
            status = rng.choice(["early", "on_time", "late"])
        row_id = f"HS-{number:05d}" if rng.random() < 0.95 else rng.choice(["", " X", "HS-00001"])
        pauses = rng.choice(["", "", "", "[]", '"[[""2026-03-06"",""2026-03-11""]]"'])
        due_text = due.isoformat() + (" 17:00" if rng.random() < 0.1 else "")
        lines.append(f"{row_id},{received},{limit},{due_text},{finished},{status},Sở A,{pauses},")
    return "\n".join(lines) + "\n"


def _cli(capsys: pytest.CaptureFixture[str], path: Path, engine: str, *extra: str) -> str:
    capsys.readouterr()
    code = main(["check", str(path), "--json", "--engine", engine, "--no-progress", *extra])
    out, _ = capsys.readouterr()
    return f"{code}\n{out}"


def _same(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> None:
    row = _cli(capsys, path, "row", *extra)
    with mock.patch.object(_files, "BLOCK", 97):  # several blocks, even for small files
        columnar = _cli(capsys, path, "columnar", *extra)
    assert columnar == row
    assert _cli(capsys, path, "columnar", *extra) == row  # one block


_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@_SETTINGS
@given(st.integers(0, 2**32), st.integers(1, 60), st.booleans())
def test_rows_the_kernel_checks_give_the_row_engines_json(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    seed: int,
    count: int,
    zipped: bool,
) -> None:
    folder = tmp_path_factory.mktemp("files")
    data = kernel_rows(seed, count).encode("utf-8")
    path = folder / ("records.csv.gz" if zipped else "records.csv")
    path.write_bytes(gzip.compress(data) if zipped else data)
    _same(capsys, path)


@pytest.mark.parametrize(
    "options",
    [
        ("--cutoff", "15:00"),
        ("--count-receipt-day",),
        ("--end-of-day", "midnight"),
    ],
)
def test_policies_give_the_row_engines_json(tmp_path, capsys, options):
    path = tmp_path / "records.csv"
    path.write_text(kernel_rows(7, 400), encoding="utf-8")
    _same(capsys, path, *options)


@pytest.mark.parametrize("distinct", [False, True])
def test_many_distinct_limits_and_cases_give_the_row_engines_json(tmp_path, capsys, distinct):
    """Limits are grouped by counting (few distinct texts) or by sorting (many: every row its
    own limit and case); both give the row engine's report."""
    rng = random.Random(11)
    lines = [HEADER]
    for number in range(600):
        amount = rng.randrange(1, 40) if distinct else rng.choice([3, 15])
        received = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 300))
        limit = f"{amount} ngày làm việc" if rng.random() < 0.9 else f"{amount} ngày"
        due = _expected(received.isoformat(), limit, None) or date(2026, 3, 10)
        due += timedelta(days=rng.choice([0, 0, 1]))
        case = f"trường hợp {number}" if distinct else ""
        lines.append(f"HS-{number},{received},{limit},{due},,,Sở A,,{case}")
    path = tmp_path / "records.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _same(capsys, path)


def test_a_block_of_more_mismatched_rows_than_a_chunk_gives_the_row_engines_json(tmp_path, capsys):
    """The findings of a block's mismatched rows are prepared a chunk at a time."""
    rows = _files._CHUNK + 904
    lines = [HEADER]
    for number in range(rows):
        received = date(2026, 1, 5) + timedelta(days=number % 300)
        due = _expected(received.isoformat(), "5 ngày làm việc", None)
        assert due is not None
        finished = due + timedelta(days=number % 3 - 1)
        status = "late" if number % 2 else "early"  # wrong half the time
        wrong = due + timedelta(days=1 if number % 5 else 0)
        lines.append(f"HS-{number},{received},5 ngày làm việc,{wrong},{finished},{status},X,,")
    path = tmp_path / "records.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _same(capsys, path)
    report = json.loads(_cli(capsys, path, "columnar").split("\n", 1)[1])
    assert report["summary"]["mismatched"] > 4096


@_SETTINGS
@given(csv_files())
def test_careless_and_hostile_files_give_the_row_engines_json(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("files")
    path = folder / "records.csv"
    path.write_bytes(data)
    _same(capsys, path)


def _as_jsonl(text: str, rng: random.Random) -> str:
    """The rows of a kernel_rows file as JSON Lines, some keys in Vietnamese, some values null."""
    names = HEADER.split(",")
    spoken = {"received_at": "Ngày nhận", "limit": "Thời hạn", "status": "Trạng thái"}
    out = []
    for line in text.splitlines()[1:]:
        cells = line.split(",")
        if len(cells) != len(names):
            out.append(line)  # a quoted pauses cell: not JSON, an unreadable line
            continue
        record: dict[str, object] = {}
        for name, cell in zip(names, cells, strict=True):
            key = spoken.get(name, name) if rng.random() < 0.3 else name
            record[key] = None if cell == "" and rng.random() < 0.3 else cell
        if rng.random() < 0.05:
            record["pauses"] = [["2026-03-06", "2026-03-11"]]
        out.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(out) + "\n"


@_SETTINGS
@given(st.integers(0, 2**32), st.integers(1, 60))
def test_json_lines_give_the_row_engines_json(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    seed: int,
    count: int,
) -> None:
    folder = tmp_path_factory.mktemp("files")
    path = folder / "records.jsonl"
    path.write_text(_as_jsonl(kernel_rows(seed, count), random.Random(seed)), encoding="utf-8")
    with mock.patch.object(_jsonl, "BATCH", 7):
        _same(capsys, path)


@_SETTINGS
@given(jsonl_files())
def test_careless_and_hostile_json_lines_give_the_row_engines_json(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("files")
    path = folder / "records.jsonl"
    path.write_bytes(data)
    _same(capsys, path)


@pytest.mark.parametrize("block", [None, 150, 2000])
def test_a_file_spoiled_after_its_first_blocks_is_read_on_by_the_row_engine(
    tmp_path, capsys, block
):
    # With small blocks, the spoiled one comes while the blocks after it are read ahead.
    text = kernel_rows(3, 300)
    lines = text.splitlines(keepends=True)
    lines[250] = lines[250].replace(",Sở A,", ',"Sở\nXây dựng",')  # a quoted line break
    lines[270] = lines[270][:5] + "\r" + lines[270][5:]  # a lone carriage return
    path = tmp_path / "records.csv"
    path.write_bytes("".join(lines).encode("utf-8") + b"\xff\n")
    with mock.patch.object(_files, "BLOCK", block or _files.BLOCK):
        _same(capsys, path)
        report = check_file(str(path), engine="columnar")
    assert report.lines == len(path.read_bytes().splitlines())


def _verdict(result: object) -> str:
    if result.error is not None:  # type: ignore[attr-defined]
        return "erroneous"
    return "mismatched" if result.mismatches else "ok"  # type: ignore[attr-defined]


def test_check_table_agrees_with_the_row_engine_row_by_row(tmp_path):
    from kyluat.check import iter_results

    text = kernel_rows(11, 500)
    path = tmp_path / "records.csv"
    path.write_text(text, encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines()[1:]]
    names = HEADER.split(",")
    plain = [row for row in rows if len(row) == len(names)]  # quoted pauses aside
    for row in plain[::25]:  # a pause moves the expected due date on
        row[names.index("pauses")] = '[["2025-06-02", "2025-06-04"], ["2026-03-06", "2026-03-11"]]'
    table = pa.table({name: [row[k] for row in plain] for k, name in enumerate(names)})
    with pytest.warns(ProvisionalDataWarning):
        result = check_table(table)
    with mock.patch.object(_table, "BATCH", 37), pytest.warns(ProvisionalDataWarning):
        assert check_table(table).equals(result)  # in batches, rows numbered over the table
    assert result.num_rows == len(plain)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([names, *plain])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        expected = list(iter_results(str(path)))
    assert result.column("verdict").to_pylist() == [_verdict(r) for r in expected]
    assert result.column("row").to_pylist() == [r.row for r in expected]
    dues = result.column("expected_due_date").to_pylist()
    assert dues == [r.due_date for r in expected]
    statuses = result.column("expected_status").to_pylist()
    assert statuses == [
        None if r.expected_status is None else r.expected_status.value for r in expected
    ]
    messages = result.column("message").to_pylist()
    for message, r in zip(messages, expected, strict=True):
        if r.error is not None:
            assert message == r.error.message
        elif r.mismatches:
            assert message == "; ".join(
                f"{m.field}: expected {m.expected}, found {m.found}" for m in r.mismatches
            )
        else:
            assert message is None
    assert json.dumps(result.schema.names) == json.dumps(
        ["row", "id", "verdict", "expected_due_date", "expected_status", "message", "provisional"]
    )


def test_checks_in_threads_at_once_agree_and_leave_the_switch_interval_alone(tmp_path):
    import sys
    import threading

    path = tmp_path / "records.csv"
    path.write_text(kernel_rows(5, 200), encoding="utf-8")
    before = sys.getswitchinterval()
    reports = []

    def run() -> None:
        reports.append(check_file(str(path), engine="columnar").to_dict())

    threads = [threading.Thread(target=run) for _ in range(4)]
    # The warnings filters are one per process (catch_warnings in threads is not safe): set
    # them once, around all the threads.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sys.getswitchinterval() == before
    assert len(reports) == 4
    assert all(report == reports[0] for report in reports)


class _FailingDisk(io.RawIOBase):
    """A stream that gives ``data`` ``piece`` bytes at a time, then fails at byte ``fail_at``."""

    def __init__(self, data: bytes, fail_at: int, piece: int) -> None:
        self.data, self.at, self.fail_at, self.piece = data, 0, fail_at, piece

    def readable(self) -> bool:
        return True

    def readinto(self, buffer):  # type: ignore[no-untyped-def]
        if self.at >= self.fail_at:
            raise OSError(5, "Input/output error")
        count = min(len(buffer), self.fail_at - self.at, self.piece)
        buffer[:count] = self.data[self.at : self.at + count]
        self.at += count
        return count


def _outcome(data: bytes, fail_at: int, piece: int, engine: str) -> str:
    stream = io.BufferedReader(_FailingDisk(data, fail_at, piece))
    try:
        report = check_stream(stream, "csv", engine=engine)
    except (KyluatError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return json.dumps(report.summary())


_EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "dossiers.csv").read_bytes()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 3 * len(_EXAMPLE)),
    st.sampled_from([1, 1000, 9000, 1 << 20]),
    st.sampled_from([97, 5000, _files.BLOCK]),
)
def test_a_read_error_is_met_on_the_row_engines_line(fail_at, piece, block):
    """A disk that fails mid-file: the columnar engine reads every byte before the error (none
    lost in a buffered read, none taken for a last line) and fails on the row engine's line."""
    data = _EXAMPLE * 3
    expected = _outcome(data, fail_at, piece, "row")
    with mock.patch.object(_files, "BLOCK", block):
        assert _outcome(data, fail_at, piece, "columnar") == expected
