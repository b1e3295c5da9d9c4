"""Hostile and careless files through the follow-up commands (issue 15: "bad input as in
``kyluat check``: same reader, same error rows, same exit codes").

Whatever the file, ``kyluat remind`` and ``kyluat report`` (text, ``--performance``, ``--html``)
either refuse it as ``kyluat check`` does (exit 2, one line naming the problem) or read it whole:
the records and erroneous rows they count are the ones ``kyluat check`` reports, and they exit
with the code their own rule gives (remind: 1 when anything is overdue or unreadable). Nothing
else escapes and nothing exits 3.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.property.test_check_files import csv_files, jsonl_files

from kyluat.cli import main

_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _run(args: list[str], capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _same_as_check(data: bytes, name: str, capsys) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / name)
        Path(path).write_bytes(data)
        check_code, check_out, check_err = _run(
            ["check", path, "--json", "--engine", "row"], capsys
        )
        remind_code, remind_out, remind_err = _run(
            ["remind", path, "--as-of", "2026-03-12T09:00", "--json"], capsys
        )
        html = str(Path(folder) / "report.html")
        report_code, _, report_err = _run(
            ["report", path, "--html", html, "--as-of", "2026-03-12", "--json"], capsys
        )
        perf_code, perf_out, _ = _run(["report", path, "--performance", "unit", "--json"], capsys)
        assert 3 not in (check_code, remind_code, report_code, perf_code)
        if check_code == 2:  # unusable file: every command refuses it the same way
            assert (remind_code, report_code, perf_code) == (2, 2, 2)
            assert remind_err.splitlines()[-1] == check_err.splitlines()[-1]
            assert report_err.splitlines()[-1] == check_err.splitlines()[-1]
            assert not Path(html).exists()
            return
        checked = json.loads(check_out)
        found = json.loads(remind_out)
        assert (found["records"], found["erroneous"]) == (
            checked["summary"]["records"],
            checked["summary"]["erroneous"],
        )
        overdue = any(item["level"] == "overdue" for item in found["items"])
        assert remind_code == (1 if overdue or found["erroneous"] else 0)
        assert report_code == 0
        assert Path(html).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        perf = json.loads(perf_out)
        assert perf["records"] == checked["summary"]["records"]
        assert (
            perf["erroneous"] >= checked["summary"]["erroneous"]
        )  # plus unreadable objective causes


@_SETTINGS
@given(data=csv_files(), name=st.sampled_from(["records.csv", "records.csv.gz"]))
def test_hostile_csv_files(data: bytes, name: str, capsys) -> None:  # type: ignore[no-untyped-def]
    if name.endswith(".gz"):
        import gzip

        data = gzip.compress(data)
    _same_as_check(data, name, capsys)


@_SETTINGS
@given(data=jsonl_files())
def test_hostile_json_lines_files(data: bytes, capsys) -> None:  # type: ignore[no-untyped-def]
    _same_as_check(data, "records.jsonl", capsys)
