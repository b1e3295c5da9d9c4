"""Data files for everyone (issue 16): JSON per year with its schema, decisions files, iCalendar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import jsonschema
import pytest

from kyluat import (
    DECISIONS_ENV,
    DataError,
    DayKind,
    Decisions,
    InvalidInputError,
    WorkCalendar,
    datafiles,
    default_calendar,
    load_decisions,
)
from kyluat.cli import main

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "public_sector_calendar_2018_2026.csv"
FICTIONAL_2027 = DATA / "decisions" / "2027-fictional.json"
BUNDLED = WorkCalendar(decisions=Decisions())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    assert main(["data", "export", str(folder)]) == 0
    return folder


def test_the_export_has_one_file_per_year_2018_2027_and_the_schema(exported):
    names = sorted(p.name for p in exported.iterdir())
    assert names == [f"{year}.json" for year in range(2018, 2028)] + ["schema.json"]


def test_every_exported_file_validates_against_the_schema(exported):
    schema = json.loads((exported / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for year in range(2018, 2028):
        document = json.loads((exported / f"{year}.json").read_text(encoding="utf-8"))
        assert list(validator.iter_errors(document)) == [], year
        assert document["provisional"] is (year == 2027)


def test_the_schema_refuses_what_the_loader_refuses(exported):
    schema = json.loads((exported / "schema.json").read_text(encoding="utf-8"))
    document = json.loads((exported / "2026.json").read_text(encoding="utf-8"))
    document["days"][0]["kind"] = "weekend"  # not a decision
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_the_exported_files_reload_to_the_same_calendar(exported):
    reloaded = WorkCalendar(decisions=load_decisions(exported))
    assert [d.year for d in reloaded.decisions.years] == list(range(2018, 2028))
    day = date(2018, 1, 1)
    while day.year <= 2027:
        a, b = BUNDLED.day_info(day), reloaded.day_info(day)
        assert (a.working, a.provisional) == (b.working, b.provisional), day
        assert [(r.kind, r.name_vi, r.name_en) for r in a.reasons] == [
            (r.kind, r.name_vi, r.name_en) for r in b.reasons
        ], day
        for old, new in zip(a.reasons, b.reasons, strict=True):
            assert new.source.startswith(old.source) or old.kind is DayKind.WEEKEND, (day, new)
        day = date.fromordinal(day.toordinal() + 1)
    assert reloaded.last_announced_year == 2026  # 2027 was exported provisional


def test_the_export_matches_the_golden_calendar(exported):
    # tests/data holds the official calendar transcribed by hand from the notices.
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    off = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        off[row["date"]] = row
    listed = set()
    for year in range(2018, 2027):
        document = json.loads((exported / f"{year}.json").read_text(encoding="utf-8"))
        for entry in document["days"]:
            listed.add(entry["date"])
            if entry["date"] in off:
                assert entry["working"] == (off[entry["date"]]["working"] == "1"), entry
    weekdays_off = {d for d, row in off.items() if row["weekday"] not in ("Sat", "Sun")}
    worked_weekends = {d for d, row in off.items() if row["working"] == "1"}
    assert weekdays_off | worked_weekends <= listed  # every official departure is exported


def test_a_decisions_file_settles_2027():
    assert BUNDLED.day_info(date(2027, 2, 5)).provisional is True
    calendar = WorkCalendar(decisions=load_decisions(FICTIONAL_2027))
    info = calendar.day_info(date(2027, 2, 5))
    assert (info.working, info.provisional) == (False, False)
    assert "decisions file: 2027-fictional.json" in info.reasons[-1].source
    assert "FICTIONAL decision" in info.reasons[-1].source
    # The file replaces the bundled skeleton for the whole year: Thu 04/02 (a day off in the
    # statutory skeleton) is worked, Thu 11/02 is off, Sat 20/02 is a make-up working day.
    assert calendar.is_working_day(date(2027, 2, 4)) is True
    assert calendar.is_working_day(date(2027, 2, 11)) is False
    assert calendar.day_info(date(2027, 2, 20)).reasons[-1].kind is DayKind.MAKE_UP_WORKING_DAY
    assert calendar.last_announced_year == 2027
    assert not calendar.is_provisional_year(2027)
    assert calendar.is_provisional_year(2028)
    # Other years keep the bundled data.
    assert calendar.day_info(date(2026, 1, 2)) == BUNDLED.day_info(date(2026, 1, 2))


def test_the_environment_variable_reaches_the_cli(tmp_path):
    env = {**os.environ, DECISIONS_ENV: str(FICTIONAL_2027)}
    done = subprocess.run(
        [sys.executable, "-m", "kyluat", "day", "2027-02-05", "--json"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["provisional"] is False
    assert "2027-fictional.json" in info["reasons"][-1]["source"]


def test_the_environment_variable_reaches_default_calendar(monkeypatch):
    monkeypatch.setenv(DECISIONS_ENV, str(FICTIONAL_2027))
    assert default_calendar().last_announced_year == 2027
    monkeypatch.delenv(DECISIONS_ENV)
    assert default_calendar().last_announced_year == 2026


def _write(folder: Path, name: str, document: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _fictional() -> dict:
    return json.loads(FICTIONAL_2027.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["days"][2].update(kind="weekend"), "days.2.kind", "holiday"),
        (lambda d: d["days"][2].update(working=True), "days.2", "cannot be a working day"),
        (lambda d: d["days"][3].update(date="2027-02-06"), "days", "listed twice"),
        (lambda d: d["days"][3].update(date="2028-02-06"), "file", "is not in 2027"),
        (lambda d: d["days"][1].update(date="2027-02-30"), "days.1.date", "date"),
        (lambda d: d["days"][1].update(sources=[]), "days.1.sources", "at least 1"),
        (lambda d: d.update(schema_version=2), "schema_version", "1"),
        (lambda d: d.update(extra=1), "extra", "not permitted"),
    ],
    ids=["kind", "working", "twice", "year", "date", "sources", "version", "extra"],
)  # fmt: skip
def test_a_bad_file_is_a_data_error_naming_the_entry(tmp_path, change, field, words):
    document = _fictional()
    change(document)
    path = _write(tmp_path, "2027.json", document)
    with pytest.raises(DataError) as caught:
        load_decisions(path)
    assert caught.value.field == field
    assert str(path) in str(caught.value)
    assert words in str(caught.value)


def test_files_that_cannot_be_used_together(tmp_path):
    first = _write(tmp_path, "a.json", _fictional())
    second = _write(tmp_path, "b.json", _fictional())
    with pytest.raises(DataError, match=r"already settled"):
        load_decisions(first, second)
    later = _fictional() | {"year": 2029}
    for entry in later["days"]:
        entry["date"] = "2029" + entry["date"][4:]
    gap = _write(tmp_path / "..", "2029.json", later)
    with pytest.raises(DataError, match="2027 is not"):
        WorkCalendar(decisions=load_decisions(gap))


def test_unreadable_files(tmp_path):
    with pytest.raises(DataError, match="cannot be read"):
        load_decisions(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match=r"broken\.json"):
        load_decisions(broken)


def test_a_bad_environment_variable_is_a_clean_cli_error(tmp_path):
    env = {**os.environ, DECISIONS_ENV: str(tmp_path / "none.json")}
    done = subprocess.run(
        [sys.executable, "-m", "kyluat", "day", "2026-01-02"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("kyluat: error [invalid_data]")
    assert DECISIONS_ENV in done.stderr


# --- iCalendar -------------------------------------------------------------------------------

STAMP = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_ics_of_2026_parses_and_lists_every_special_day():
    text = datafiles.ics(2026, stamp=STAMP, calendar=BUNDLED)
    parsed = icalendar.Calendar.from_ical(text)
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 17  # the dates of `kyluat calendar 2026`
    by_day = {e.decoded("DTSTART"): e for e in events}
    saturday = by_day[date(2026, 1, 10)]
    assert str(saturday.get("CATEGORIES").cats[0]) == datafiles.MAKE_UP_CATEGORY
    assert str(saturday["TRANSP"]) == "OPAQUE"
    swapped = by_day[date(2026, 1, 2)]
    assert str(swapped.get("CATEGORIES").cats[0]) == datafiles.DAY_OFF_CATEGORY
    assert "12729/VPCP-KGVX" in str(swapped["DESCRIPTION"])
    assert str(swapped["SUMMARY"]).startswith("Nghỉ hoán đổi, làm bù Thứ Bảy 10/01/2026")
    assert all(str(e["STATUS"]) == "CONFIRMED" for e in events)


def test_ics_lines_are_folded_at_75_octets_with_crlf():
    text = datafiles.ics(2026, stamp=STAMP, calendar=BUNDLED)
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\n" not in "".join(lines)


def test_ics_of_a_provisional_year_is_tentative():
    parsed = icalendar.Calendar.from_ical(datafiles.ics(2027, stamp=STAMP, calendar=BUNDLED))
    events = list(parsed.walk("VEVENT"))
    assert {str(e["STATUS"]) for e in events} == {"TENTATIVE"}
    by_day = {e.decoded("DTSTART"): e for e in events}
    # Fri 12/02/2027 is named only by the proposed option 2: an event of its own category.
    assert str(by_day[date(2027, 2, 12)].get("CATEGORIES").cats[0]) == (datafiles.PROPOSED_CATEGORY)


def test_cli_ics_file_and_refusals(tmp_path, capsys):
    target = tmp_path / "2026.ics"
    assert main(["calendar", "2026", "--ics", str(target), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ics": str(target), "year": 2026, "events": 17}
    assert target.read_bytes().count(b"\r\nBEGIN:VEVENT\r\n") == 17
    assert main(["calendar", "2017", "--ics", str(target)]) == 2
    assert "out_of_coverage" in capsys.readouterr().err
    with pytest.raises(InvalidInputError) as caught:
        datafiles.ics(2026, stamp=datetime(2026, 1, 1))
    assert caught.value.field == "stamp"


def test_cli_export_refusals_name_the_option_and_write_nothing(tmp_path, capsys):
    target = tmp_path / "out"
    assert main(["data", "export", str(target), "--from", "2030", "--to", "2031"]) == 2
    assert capsys.readouterr().err.startswith("kyluat: error [out_of_coverage]: --to: ")
    assert not target.exists()
    assert main(["data", "export", str(target), "--from", "2026", "--to", "2025"]) == 2
    assert "--to: 2025 is before 2026" in capsys.readouterr().err
