"""The command line's output: safe --out files, streamed findings, exit codes, terminals.

Issue 12 (hostile and careless input), the output side: ``--out`` never replaces an input and
never leaves a half file; cells a spreadsheet would run are neutralised and the file opens in
Excel with Vietnamese intact; ``--json`` and ``--out`` are written as findings are found, with
the same bytes as the report's JSON; exit codes 0/1/2/3 and one line for a crash; a closed pipe
ends quietly; ids and values reach a terminal escaped and cut.
"""

from __future__ import annotations

import csv
import decimal
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kyluat.cli as cli
from kyluat import Duration
from kyluat.check import check_file
from kyluat.cli import main

HEADER = "id,received_at,limit,due_date,finished_at,status,unit,pauses\n"
MISMATCH = "{id},2025-12-31,5 ngày làm việc,2026-01-08,,,X,\n"  # due 2026-01-09
OK = "{id},2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,early,X,\n"
BAD = "{id},2026-02-30,5 ngày làm việc,2026-03-10,,,X,\n"  # impossible date


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_line_error(err: str, *needles: str) -> None:
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


# --- 2. --out never replaces an input, and never leaves a half file --------------------------


def _input(tmp_path: Path) -> tuple[Path, str]:
    text = HEADER + MISMATCH.format(id="A") + OK.format(id="B")
    return write(tmp_path, "in.csv", text), text


def test_out_refuses_the_input_itself(tmp_path, capsys):
    path, text = _input(tmp_path)
    code, out, err = run(capsys, "check", str(path), "--out", str(path))
    assert code == 2
    assert out == ""
    _one_line_error(err, "--out", "input")
    assert path.read_text(encoding="utf-8") == text


def test_out_refuses_the_input_by_another_spelling(tmp_path, capsys, monkeypatch):
    path, text = _input(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "in.csv", "--out", str(tmp_path / "." / "in.csv"))
    assert code == 2
    _one_line_error(err, "--out")
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_out_refuses_a_symbolic_link_to_the_input(tmp_path, capsys):
    path, text = _input(tmp_path)
    link = tmp_path / "link.csv"
    link.symlink_to(path)
    code, _, err = run(capsys, "check", str(path), "--out", str(link))
    assert code == 2
    _one_line_error(err, "--out")
    assert path.read_text(encoding="utf-8") == text
    assert link.is_symlink()


def test_out_refuses_a_hard_link_to_the_input(tmp_path, capsys):
    path, text = _input(tmp_path)
    twin = tmp_path / "twin.csv"
    os.link(path, twin)
    code, _, err = run(capsys, "check", str(path), "--out", str(twin))
    assert code == 2
    _one_line_error(err, "--out")
    assert path.read_text(encoding="utf-8") == text


def test_out_is_written_to_a_temporary_file_then_renamed(tmp_path, capsys, monkeypatch):
    path, _ = _input(tmp_path)
    target = tmp_path / "mismatches.csv"
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src, dst):
        renames.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    code, _, _ = run(capsys, "check", str(path), "--out", str(target))
    assert code == 1
    assert len(renames) == 1
    temporary, final = renames[0]
    assert Path(final) == target
    assert Path(temporary).parent == target.parent
    assert Path(temporary) != target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "mismatches.csv"]


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_an_interrupted_check_leaves_the_old_out_file_and_no_temporary(
    tmp_path, capsys, monkeypatch, engine
):
    rows = "".join(MISMATCH.format(id=f"R{k}") for k in range(50))
    path = write(tmp_path, "in.csv", HEADER + rows)
    target = tmp_path / "mismatches.csv"
    target.write_text("old\n", encoding="utf-8")
    from kyluat.check._rows import RowChecker
    from kyluat.columnar._files import Mismatched

    real_check = RowChecker.check
    real_result = Mismatched.result

    def failing(self, number, record):
        if number == 30:
            raise RuntimeError("disk on fire")
        return real_check(self, number, record)

    def failing_result(self, at, number, row_id):
        if number == 30:
            raise RuntimeError("disk on fire")
        return real_result(self, at, number, row_id)

    monkeypatch.setattr(RowChecker, "check", failing)
    monkeypatch.setattr(Mismatched, "result", failing_result)
    code, _, err = run(capsys, "check", str(path), "--out", str(target), "--engine", engine)
    assert code == 3
    _one_line_error(err, "internal error", "RuntimeError")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "mismatches.csv"]


def test_an_unusable_input_writes_no_out_file(tmp_path, capsys):
    path = write(tmp_path, "in.csv", "id,limit\nA,5 ngày làm việc\n")
    target = tmp_path / "mismatches.csv"
    code, _, _ = run(capsys, "check", str(path), "--out", str(target))
    assert code == 2
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_out_into_a_missing_folder_is_exit_2(tmp_path, capsys):
    path, _ = _input(tmp_path)
    code, _, err = run(capsys, "check", str(path), "--out", str(tmp_path / "no" / "m.csv"))
    assert code == 2
    _one_line_error(err, "--out")


def test_vectors_out_is_written_the_same_safe_way(tmp_path, capsys, monkeypatch):
    renames: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda s, d: (renames.append(str(d)), real_replace(s, d)))
    target = tmp_path / "v.jsonl"
    code, _, _ = run(capsys, "vectors", "--count", "3", "--out", str(target))
    assert code == 0
    assert renames == [str(target)]
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


# --- 3. CSV injection, and a file Excel opens with Vietnamese intact ---------------------------

PAYLOADS = [
    '=HYPERLINK("http://evil.example","bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
]


@pytest.mark.parametrize("cell", [*PAYLOADS, "\t=1+1", "\r=1+1", "=", "-"])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(cell):
    from kyluat._render import neutralised

    assert neutralised(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["2026-01-09", "on_time", "Hồ sơ 1", "", "a=b", "'=x", " =1"])
def test_other_cells_are_left_as_they_are(cell):
    from kyluat._render import neutralised

    assert neutralised(cell) == cell


def test_out_neutralises_cells_a_spreadsheet_would_run(tmp_path, capsys):
    rows = "".join(MISMATCH.format(id=csv_quote(p)) for p in PAYLOADS)
    path = write(tmp_path, "in.csv", HEADER + rows + MISMATCH.format(id="Hồ sơ Đắk Lắk"))
    target = tmp_path / "m.csv"
    code, _, _ = run(capsys, "check", str(path), "--out", str(target))
    assert code == 1
    with target.open(encoding="utf-8-sig", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    assert ids == ["'" + p for p in PAYLOADS] + ["Hồ sơ Đắk Lắk"]


def csv_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def test_out_is_utf8_with_a_byte_order_mark(tmp_path, capsys):
    path = write(tmp_path, "in.csv", HEADER + MISMATCH.format(id="Hồ sơ Đắk Lắk"))
    target = tmp_path / "m.csv"
    assert main(["check", str(path), "--out", str(target)]) == 1
    capsys.readouterr()
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrow,id,field,expected,found\r\n")
    assert "Hồ sơ Đắk Lắk".encode() in data


# --- 4. findings streamed: the same bytes as the report's JSON ---------------------------------


def _mixed(n: int) -> str:
    rows = []
    for k in range(n):
        template = (MISMATCH, BAD, OK, OK)[k % 4]
        rows.append(template.format(id=f"Hồ sơ {k}"))
    return HEADER + "".join(rows)


@pytest.mark.parametrize(
    "text",
    [
        HEADER,
        HEADER + OK.format(id="A"),
        HEADER + MISMATCH.format(id="A"),
        HEADER + BAD.format(id="A"),
        HEADER + MISMATCH.format(id='"x\u2028""\\y"') + BAD.format(id="\x1b[31m"),
        _mixed(41),
    ],
    ids=["empty", "clean", "one-mismatch", "one-error", "odd-text", "mixed"],
)
def test_streamed_json_is_the_reports_json_byte_for_byte(tmp_path, capsys, text):
    path = write(tmp_path, "in.csv", text)
    expected = json.dumps(check_file(str(path)).to_dict(), ensure_ascii=False, indent=2) + "\n"
    main(["check", str(path), "--json"])
    assert capsys.readouterr().out == expected


def _peak_bytes(tmp_path, argv):
    """Peak of Python's allocations while the CLI runs, its output going to a file."""
    import tracemalloc

    with (tmp_path / "stdout.txt").open("w", encoding="utf-8") as sink:
        real = sys.stdout
        sys.stdout = sink
        try:
            tracemalloc.start()
            main(argv)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            sys.stdout = real
    return peak


def test_memory_does_not_grow_with_findings(tmp_path):
    n = 4_000
    clean = write(tmp_path, "clean.csv", HEADER + "".join(OK.format(id=f"R{k}") for k in range(n)))
    findings = HEADER + "".join((MISMATCH, BAD)[k % 2].format(id=f"R{k}") for k in range(n))
    bad = write(tmp_path, "bad.csv", findings)
    options = ["--json", "--out", str(tmp_path / "m.csv"), "--jobs", "1", "--no-progress"]
    _peak_bytes(tmp_path, ["check", str(clean), *options])  # imports and caches, once
    base = _peak_bytes(tmp_path, ["check", str(clean), *options])
    heavy = _peak_bytes(tmp_path, ["check", str(bad), *options])
    # 2,000 mismatches with their traces and 2,000 errors, kept, would take megabytes.
    assert heavy < 2 * base + 200_000, (base, heavy)


def test_json_and_out_together(tmp_path, capsys):
    path = write(tmp_path, "in.csv", _mixed(9))
    target = tmp_path / "m.csv"
    code, out, _ = run(capsys, "check", str(path), "--json", "--out", str(target))
    assert code == 1
    report = json.loads(out)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [m["id"] for m in report["mismatches"]]
    assert len(rows) == 3


def test_text_lists_the_first_findings_and_counts_the_rest(tmp_path, capsys):
    path = write(tmp_path, "in.csv", _mixed(400))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "400 records — 200 ok, 100 mismatched, 100 erroneous" in out
    assert "… 60 more (see --json or --out)" in out
    assert "… 60 more (see --json)" in out
    assert "Hồ sơ 0 " in out
    assert "Hồ sơ 396" not in out


# --- 9. option values that overflow are usage errors naming the option ------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--working-days", "1e28"),
        ("--days", "99999999999"),
        ("--months", "96000"),
        ("--years", "99999999999"),
        ("--weeks", "1" + "0" * 40),
        ("--working-hours", "nan"),
        ("--working-days", "inf"),
    ],
)
def test_huge_deadline_options_exit_2(capsys, option, value):
    code, out, err = run(capsys, "deadline", "2026-03-06", option, value)
    assert code == 2
    assert out == ""
    _one_line_error(err, option)


@pytest.mark.parametrize(
    "exc",
    [OverflowError("int too large"), decimal.InvalidOperation(), ValueError("math domain")],
    ids=["overflow", "invalid-operation", "value"],
)
@pytest.mark.parametrize(
    ("option", "builder"), [("--days", "days"), ("--working-days", "working_days")]
)
def test_conversion_errors_of_an_option_are_usage_errors(capsys, monkeypatch, exc, option, builder):
    def boom(value):
        raise exc

    monkeypatch.setattr(Duration, builder, staticmethod(boom))
    monkeypatch.setattr(cli, "LIMIT_OPTIONS", tuple(_rebind(cli.LIMIT_OPTIONS)))
    code, _, err = run(capsys, "deadline", "2026-03-06", option, "5")
    assert code == 2
    _one_line_error(err, option)


def _rebind(options):
    for dest, option, _ in options:
        yield dest, option, getattr(Duration, dest)


# --- exit codes: 3 and one line for a crash, the traceback with --debug ------------------------


def _crash(monkeypatch):
    from kyluat.calendar import WorkCalendar

    def day_info(self, day):
        return 1 // 0

    monkeypatch.setattr(WorkCalendar, "day_info", day_info)


def test_a_crash_is_exit_3_with_one_line(capsys, monkeypatch):
    _crash(monkeypatch)
    code, out, err = run(capsys, "day", "2026-03-06")
    assert code == 3
    assert out == ""
    _one_line_error(err, "internal error (ZeroDivisionError)", "report", "--debug")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(capsys, monkeypatch, where):
    _crash(monkeypatch)
    argv = ["day", "2026-03-06"]
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    code, _, err = run(capsys, *argv)
    assert code == 3
    assert "Traceback" in err
    assert "ZeroDivisionError" in err


def test_a_crash_in_check_never_exits_1(tmp_path, capsys, monkeypatch):
    from kyluat.check._rows import RowChecker

    def broken(self, number, record):
        raise KeyError("oops")

    monkeypatch.setattr(RowChecker, "check", broken)
    path = write(tmp_path, "in.csv", HEADER + OK.format(id="A"))
    code, out, err = run(capsys, "check", str(path), "--json", "--engine", "row")
    assert code == 3
    assert out == ""
    _one_line_error(err, "internal error (KeyError)")


def test_a_crash_in_the_columnar_engine_never_exits_1(tmp_path, capsys, monkeypatch):
    from kyluat.columnar import _files

    def broken(columns, checker):
        raise KeyError("oops")

    monkeypatch.setattr(_files, "verdicts", broken)
    path = write(tmp_path, "in.csv", HEADER + OK.format(id="A"))
    code, out, err = run(capsys, "check", str(path), "--json", "--engine", "columnar")
    assert code == 3
    assert out == ""
    _one_line_error(err, "internal error (KeyError)")


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for needle in ("0 ", "1 ", "2 ", "3 ", "internal error", "--debug"):
        assert needle in out


# --- 15. pipes, terminals, plurals -------------------------------------------------------------


def test_a_closed_pipe_ends_quietly():
    read, write_end = os.pipe()
    os.close(read)  # the reader has gone, as `| head` does after its lines
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kyluat", "calendar", "2026", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 0


def test_a_pipe_closed_midway_ends_quietly():
    command = [sys.executable, "-m", "kyluat", "vectors", "--count", "20000"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None
        assert child.stderr is not None
        child.stdout.readline()
        child.stdout.close()
        err = child.stderr.read()
        code = child.wait()
    assert err == b""
    assert code == 0


def test_control_characters_never_reach_the_terminal_raw(tmp_path, capsys):
    evil = "HS\x1b[2J\x07-1"
    path = write(tmp_path, "in.csv", HEADER + MISMATCH.format(id=evil) + BAD.format(id=evil))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\\x1b[2J\\x07" in out


def test_c1_control_characters_are_escaped_too(tmp_path, capsys):
    evil = "HS\x9b2J-1"
    path = write(tmp_path, "in.csv", HEADER + MISMATCH.format(id=evil))
    run(capsys, "check", str(path))
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert "\x9b" not in out
    assert "\\x9b" in out


def test_a_huge_value_is_not_echoed_in_full(tmp_path, capsys):
    huge = "x" * 100_000
    rows = (
        f"A,{huge},5 ngày làm việc,2026-03-10,,,X,\n"
        + MISMATCH.format(id=huge)
        + BAD.format(id=huge)
        + f"B,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,{huge},X,\n"
    )
    path = write(tmp_path, "in.csv", HEADER + rows)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert len(out) < 3_000
    assert max(len(line) for line in out.splitlines()) < 500
    assert "(100,000 characters)" in out


def test_a_huge_argument_is_not_echoed_in_full(capsys):
    code, _, err = run(capsys, "day", "x" * 100_000)
    assert code == 2
    _one_line_error(err)
    assert len(err) < 400


def test_a_control_character_in_an_argument_is_escaped(capsys):
    code, _, err = run(capsys, "day", "2026\x1b[2J")
    assert code == 2
    assert "\x1b" not in err


def test_one_record_is_singular(tmp_path, capsys):
    path = write(tmp_path, "in.csv", HEADER + OK.format(id="A"))
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "1 record — 1 ok" in out
    assert "1 records" not in out


def test_json_counts_stay_as_they_were(tmp_path, capsys):
    path = write(tmp_path, "in.csv", HEADER + OK.format(id="A"))
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert code == 0
    assert json.loads(out)["records"] == 1


def test_report_text_is_singular_for_one_record(tmp_path, capsys):
    path = write(tmp_path, "in.csv", HEADER + OK.format(id="A"))
    code, out, _ = run(capsys, "report", str(path), "--by", "unit")
    assert code == 0
    assert "1 record (" in out


# --- reading standard input ------------------------------------------------------------------


def test_check_reads_standard_input(capsys, monkeypatch):
    data = (HEADER + MISMATCH.format(id="Hồ sơ A")).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="ascii"))
    code, out, _ = run(capsys, "check", "-", "--format", "csv", "--json")
    assert code == 1
    assert json.loads(out)["mismatches"][0]["id"] == "Hồ sơ A"


def test_standard_input_is_csv_unless_told(capsys, monkeypatch):
    data = json.dumps(
        {
            "id": "A",
            "received_at": "2026-03-03",
            "limit": "5 ngày làm việc",
            "due_date": "2026-03-10",
        }
    ).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, _, err = run(capsys, "check", "-")
    assert code == 2  # read as CSV: the required columns are missing
    _one_line_error(err, "received_at")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "check", "-", "--format", "jsonl")
    assert code == 0
    assert "1 record — 1 ok" in out


# --- what the reader found beyond rows: lines, duplicate ids, unknown columns ------------------


def test_text_says_the_lines_read_and_the_duplicate_ids(tmp_path, capsys):
    rows = OK.format(id="A") + "\n" + OK.format(id="B") + OK.format(id="A") + OK.format(id="A")
    path = write(tmp_path, "in.csv", HEADER + rows)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "4 records — 4 ok, 0 mismatched, 0 erroneous (6 lines)" in out
    assert "Duplicate ids: 2 rows repeat the id of an earlier row" in out
    assert "      4  A\n      5  A" in out


def test_unknown_columns_are_a_warning_on_standard_error(tmp_path, capsys):
    path = write(tmp_path, "in.csv", HEADER.replace("pauses", "Ghi chú") + OK.format(id="A"))
    for argv in (["check", str(path)], ["check", str(path), "--json"]):
        code, _, err = run(capsys, *argv)
        assert code == 0
        assert err.count("kyluat: warning: ") == 1
        assert "'Ghi chú'" in err
    code, _, err = run(capsys, "report", str(path), "--by", "unit")
    assert code == 0
    assert "'Ghi chú'" in err


# --- input plumbing: gzip, encodings, standard input for report --------------------------------


def test_check_reads_a_gzip_file(tmp_path, capsys):
    import gzip

    path = tmp_path / "in.csv.gz"
    path.write_bytes(gzip.compress((HEADER + MISMATCH.format(id="Hồ sơ A")).encode("utf-8")))
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert code == 1
    assert json.loads(out)["mismatches"][0]["id"] == "Hồ sơ A"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_check_reads_the_encoding_it_is_told(tmp_path, capsys, encoding):
    path = tmp_path / "in.csv"
    path.write_bytes((HEADER + MISMATCH.format(id="Hồ sơ Đắk Lắk")).encode(encoding))
    code, out, _ = run(capsys, "check", str(path), "--encoding", encoding, "--json")
    assert code == 1
    assert json.loads(out)["mismatches"][0]["id"] == "Hồ sơ Đắk Lắk"


def test_check_reads_windows_1258(tmp_path, capsys):
    # "5 ngày làm việc" in cp1258: "ệ" is "ê" (0xEA) + combining dot below (0xF2).
    row = b"S\xf5\xd2 A,2025-12-31,5 ng\xe0y l\xe0m vi\xea\xf2c,2026-01-08,,,X,\n"
    path = tmp_path / "legacy.csv"
    path.write_bytes(HEADER.encode("ascii") + row)
    code, out, _ = run(capsys, "check", str(path), "--encoding", "cp1258", "--json")
    assert code == 1
    assert json.loads(out)["mismatches"][0]["id"] == "Sở A"


def test_standard_input_in_utf16(capsys, monkeypatch):
    data = (HEADER + MISMATCH.format(id="Hồ sơ A")).encode("utf-16")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "check", "-", "--encoding", "utf-16", "--json")
    assert code == 1
    assert json.loads(out)["mismatches"][0]["id"] == "Hồ sơ A"


def test_report_reads_standard_input(capsys, monkeypatch):
    data = (HEADER + OK.format(id="A")).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "report", "-", "--by", "unit", "--json")
    assert code == 0
    assert json.loads(out)["records"] == 1


def test_an_unknown_encoding_is_a_usage_error(tmp_path, capsys):
    path = write(tmp_path, "in.csv", HEADER)
    code, _, err = run(capsys, "check", str(path), "--encoding", "klingon")
    assert code == 2
    _one_line_error(err, "--encoding")


# --- the fast JSON element writer is json.dumps, byte for byte --------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), _JSON, max_size=6))
def test_a_json_element_is_written_as_json_dumps_writes_it(item):
    from kyluat._render import render_json_element

    text = json.dumps({"k": [item]}, ensure_ascii=False, indent=2)
    assert text == '{\n  "k": [\n' + render_json_element(item) + "\n  ]\n}"


_STEP = st.fixed_dictionaries({"rule_vi": st.text(), "rule_en": st.text(), "source": st.text()})


@given(
    st.integers(1, 10**7),
    st.text(),
    st.sampled_from(["due_date", "status"]),
    st.text(),
    st.text(),
    st.lists(_STEP, max_size=5),
)
def test_a_mismatch_is_written_as_its_dict_is(row, row_id, field, expected, found, trace):
    from kyluat._render import render_json_element, render_mismatch_element
    from kyluat.check import Mismatch

    mismatch = Mismatch(row, row_id, field, expected, found, tuple(trace))
    assert render_mismatch_element(mismatch) == render_json_element(mismatch.to_dict())
    assert render_mismatch_element(mismatch) == render_mismatch_element(mismatch)  # cached


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))  # what UTF-8 can hold
_STEP_TEXT = st.fixed_dictionaries({"rule_vi": _TEXT, "rule_en": _TEXT, "source": _TEXT})


@given(st.integers(1, 10**7), _TEXT, _TEXT, _TEXT, st.lists(_STEP_TEXT, max_size=5))
def test_a_mismatch_in_utf8_is_its_text_encoded(row, row_id, expected, found, trace):
    """The JSON answer's spool takes mismatches in UTF-8, the trace encoded once."""
    from kyluat._render import render_mismatch_bytes, render_mismatch_element
    from kyluat.check import Mismatch

    mismatch = Mismatch(row, row_id, "due_date", expected, found, tuple(trace))
    text = render_mismatch_element(mismatch)
    assert render_mismatch_bytes(mismatch) == text.encode("utf-8")
    assert render_mismatch_bytes(mismatch) == text.encode("utf-8")  # the trace cached


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_out_may_be_a_device(tmp_path, capsys):
    path, _ = _input(tmp_path)
    code, _, err = run(capsys, "check", str(path), "--out", "/dev/null")
    assert code == 1
    assert err == ""
    assert os.path.exists("/dev/null")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@given(st.integers(1, 10**7), st.text(), st.text())
def test_an_unreadable_row_is_written_as_its_dict_is(row, row_id, message):
    from kyluat._render import render_error_element, render_json_element
    from kyluat.check import RowError

    error = RowError(row, row_id, message)
    assert render_error_element(error) == render_json_element(error.to_dict())


@pytest.mark.parametrize("into", ["file", "pipe"])
def test_the_json_answer_is_the_same_into_a_file_or_a_pipe(tmp_path, capsys, into):
    """The spooled findings are copied by the kernel into a file or a pipe (``sendfile``):
    the answer is byte for byte the one written by Python (captured here), whole and in order."""
    rows = "".join(MISMATCH.format(id=f"R{k}") for k in range(3000))
    rows += "".join(f"E{k},not a date,5 ngày làm việc,2026-03-10,,,,\n" for k in range(500))
    path = write(tmp_path, "in.csv", HEADER + rows)
    code, expected, _ = run(capsys, "check", str(path), "--json", "--no-progress")
    command = [sys.executable, "-m", "kyluat", "check", str(path), "--json", "--no-progress"]
    if into == "file":
        answer = tmp_path / "answer.json"
        with answer.open("wb") as sink:
            done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, check=False)
        written = answer.read_bytes()
    else:
        done = subprocess.run(command, capture_output=True, check=False)
        written = done.stdout
    assert done.returncode == code == 1, done.stderr
    assert written.decode("utf-8") == expected
    report = json.loads(written)
    assert len(report["mismatches"]) >= 3000
    assert len(report["errors"]) == 500
