"""Each endpoint of a real server answers what the command line (or the library) answers.

The service and ``kyluat ... --json`` are two presentations of one library: for the same input
their JSON must be equal, object for object (the command line indents, the service does not).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kyluat import VIETNAM, Duration, SlaClock
from kyluat.cli import main
from kyluat.followup import iso_working_time

httpx = pytest.importorskip("httpx")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dossiers.csv"


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as http:
        yield http


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else None


def test_health(client: httpx.Client) -> None:
    from kyluat import __version__, default_calendar

    answer = client.get("/v1/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    calendar = default_calendar()
    assert body["calendar"] == {
        "first_date": calendar.first_date.isoformat(),
        "last_date": calendar.last_date.isoformat(),
        "last_announced_year": calendar.last_announced_year,
    }


@pytest.mark.parametrize(
    "day", ["2026-01-02", "2026-01-10", "2026-02-17", "2026-03-06", "2028-05-01"]
)
def test_day_is_the_cli_answer(
    client: httpx.Client, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    answer = client.get(f"/v1/days/{day}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == cli(capsys, "day", day)[1]


def test_day_of_the_private_sector(
    client: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = client.get("/v1/days/2026-01-02", params={"sector": "private"})
    assert answer.json() == cli(capsys, "day", "2026-01-02", "--sector", "private")[1]
    assert answer.json()["working"] is True  # the swap binds public bodies only


@pytest.mark.parametrize("year", ["2018", "2025", "2026", "2027"])
def test_calendar_is_the_cli_answer(
    client: httpx.Client, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    answer = client.get(f"/v1/calendars/{year}")
    assert answer.status_code == 200
    assert answer.json() == cli(capsys, "calendar", year)[1]


DEADLINES = [
    # (request body, the same question on the command line)
    (
        {"received_at": "2026-03-06T15:00:00+07:00", "limit": "5 ngày làm việc"},
        ["2026-03-06T15:00+07:00", "--limit", "5 ngày làm việc"],
    ),
    (
        {"received_at": "2026-03-06", "limit": "15 ngày"},
        ["2026-03-06", "--limit", "15 ngày"],
    ),
    (
        {"received_at": "2026-03-06T08:00:00Z", "limit": {"unit": "working_hours", "amount": 8}},
        ["2026-03-06T08:00Z", "--working-hours", "8"],
    ),
    (
        {
            "received_at": "2026-02-13T10:00:00+07:00",
            "limit": {"unit": "working_days", "amount": "10"},
        },
        ["2026-02-13T10:00+07:00", "--working-days", "10"],
    ),
    (
        {"received_at": "2026-03-06T15:30:00+07:00", "limit": {"unit": "same_day"}},
        ["2026-03-06T15:30+07:00", "--same-day"],
    ),
    (
        {"received_at": "2026-03-06T14:00:00+07:00", "limit": {"unit": "months", "amount": 1}},
        ["2026-03-06T14:00+07:00", "--months", "1"],
    ),
    (
        {
            "received_at": "2026-03-06T15:10:00+07:00",
            "limit": "3 ngày làm việc",
            "office_hours": "08:00-12:00,13:30-17:00",
            "cutoff": "15:00",
            "count_receipt_day": True,
            "end_of_day": "midnight",
        },
        [
            "2026-03-06T15:10+07:00",
            "--limit",
            "3 ngày làm việc",
            "--office-hours",
            "08:00-12:00,13:30-17:00",
            "--cutoff",
            "15:00",
            "--count-receipt-day",
            "--end-of-day",
            "midnight",
        ],
    ),
    (
        {"received_at": "2026-12-28T09:00:00+07:00", "limit": "10 ngày làm việc"},
        ["2026-12-28T09:00+07:00", "--limit", "10 ngày làm việc"],
    ),
    (
        {
            "received_at": "2026-01-02T09:00:00+07:00",
            "limit": "5 ngày làm việc",
            "sector": "private",
        },
        ["2026-01-02T09:00+07:00", "--limit", "5 ngày làm việc", "--sector", "private"],
    ),
]


@pytest.mark.parametrize(
    ("body", "argv"), DEADLINES, ids=lambda v: json.dumps(v, ensure_ascii=False)[:40]
)
def test_deadline_is_the_cli_answer(
    client: httpx.Client,
    capsys: pytest.CaptureFixture[str],
    body: dict[str, object],
    argv: list[str],
) -> None:
    answer = client.post("/v1/deadlines", json=body)
    assert answer.status_code == 200, answer.text
    code, expected = cli(capsys, "deadline", *argv)
    assert code == 0
    assert answer.json() == expected


def test_a_published_cutoff_applies_as_in_the_library(client: httpx.Client) -> None:
    from kyluat import compute_deadline

    text = (
        "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả "
        "trong ngày làm việc tiếp theo"
    )
    received = datetime(2026, 3, 6, 15, 30, tzinfo=VIETNAM)
    answer = client.post("/v1/deadlines", json={"received_at": received.isoformat(), "limit": text})
    assert answer.status_code == 200
    assert answer.json() == compute_deadline(received, text).to_dict()
    assert answer.json()["due_date"] == "2026-03-09"  # after 15:00: the next working day


LIMITS = [
    ("05 (năm) ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "working"),
    (
        "03 ngày làm việc; trường hợp phải xác minh thì thời hạn giải quyết không quá "
        "10 ngày làm việc",
        "working",
    ),
    ("8 Giờ", "clock"),
    ("Không quá 3-5 ngày", "working"),
]


@pytest.mark.parametrize(("text", "bare"), LIMITS)
def test_limit_is_the_cli_answer(
    client: httpx.Client, capsys: pytest.CaptureFixture[str], text: str, bare: str
) -> None:
    answer = client.post("/v1/limits", json={"text": text, "bare_hours": bare})
    assert answer.status_code == 200
    assert answer.json() == cli(capsys, "limit", text, "--bare-hours", bare)[1]


def _as_jsonl(tmp_path: Path) -> Path:
    import csv

    with EXAMPLE.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    path = tmp_path / "dossiers.jsonl"
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return path


def test_check_of_the_example_is_the_cli_report(
    client: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = client.post(
        "/v1/check", content=EXAMPLE.read_bytes(), headers={"Content-Type": "text/csv"}
    )
    assert answer.status_code == 200
    code, expected = cli(capsys, "check", str(EXAMPLE))
    assert code == 1  # the example has findings
    report = answer.json()
    assert report == expected
    assert report["summary"]["mismatched"] > 0
    assert report["summary"]["erroneous"] > 0


def test_check_of_json_lines_streamed_in_chunks(
    client: httpx.Client, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _as_jsonl(tmp_path)
    data = path.read_bytes()

    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        for start in range(0, len(data), 7_000):
            yield data[start : start + 7_000]

    answer = client.post(
        "/v1/check", content=chunks(), headers={"Content-Type": "application/x-ndjson"}
    )
    assert answer.status_code == 200
    assert answer.json() == cli(capsys, "check", str(path))[1]


def test_check_options_are_the_cli_options(
    client: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    options = {
        "office_hours": "08:00-12:00,13:30-17:00",
        "cutoff": "15:00",
        "end_of_day": "midnight",
    }
    answer = client.post(
        "/v1/check",
        params={**options, "format": "csv"},
        content=gzip.compress(EXAMPLE.read_bytes()),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert answer.status_code == 200
    expected = cli(
        capsys,
        "check",
        str(EXAMPLE),
        "--office-hours",
        options["office_hours"],
        "--cutoff",
        "15:00",
        "--end-of-day",
        "midnight",
    )[1]
    assert answer.json() == expected


def test_clock_replay_is_the_library_clock(client: httpx.Client) -> None:
    start = datetime(2026, 3, 3, 9, tzinfo=VIETNAM)
    clock = (
        SlaClock.start(start, Duration.working_days(10))
        .pause(datetime(2026, 3, 6, 10, tzinfo=VIETNAM), reason="supplement_request")
        .resume(datetime(2026, 3, 11, 14, tzinfo=VIETNAM))
    )
    as_of = datetime(2026, 3, 23, 9, tzinfo=VIETNAM)
    events = json.loads(clock.to_json())
    answer = client.post("/v1/clocks/replay", json={"events": events, "as_of": as_of.isoformat()})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["due_at"] == clock.due_at.isoformat()
    assert body["due_date"] == "2026-03-20"
    assert body["status"] == clock.status(as_of).value == "overdue"
    assert body["outcome"] is None
    assert body["remaining_seconds"] == int(clock.remaining(as_of).total_seconds()) < 0
    assert body["remaining"] == iso_working_time(body["remaining_seconds"])
    assert body["elapsed_seconds"] == int(clock.elapsed(as_of).total_seconds())
    assert body["deadline"] == clock.deadline.to_dict()
    assert body["events"] == 3

    stopped = clock.stop(datetime(2026, 3, 19, 10, tzinfo=VIETNAM))
    answer = client.post(
        "/v1/clocks/replay",
        json={"events": json.loads(stopped.to_json()), "as_of": as_of.isoformat()},
    )
    assert answer.json()["status"] is None
    assert answer.json()["outcome"] == stopped.outcome.value == "early"
    assert answer.json()["stopped_at"] == "2026-03-19T10:00:00+07:00"


def test_a_paused_clock_has_no_due_moment(client: httpx.Client) -> None:
    events = [
        {"kind": "start", "at": "2026-03-03T09:00:00+07:00", "limit": "10 working days"},
        {"kind": "pause", "at": "2026-03-06T10:00:00+07:00", "reason": "supplement_request"},
    ]
    answer = client.post(
        "/v1/clocks/replay", json={"events": events, "as_of": "2026-04-30T09:00:00+07:00"}
    )
    body = answer.json()
    assert (body["paused"], body["due_at"], body["due_date"], body["status"]) == (
        True,
        None,
        None,
        "within",
    )


def test_the_openapi_document_lists_every_endpoint(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/v1/health",
        "/v1/days/{date}",
        "/v1/calendars/{year}",
        "/v1/deadlines",
        "/v1/limits",
        "/v1/check",
        "/v1/clocks/replay",
    }
    check = document["paths"]["/v1/check"]["post"]
    assert {"text/csv", "application/x-ndjson"} <= set(check["requestBody"]["content"])
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "field", "message"}


def test_check_reads_the_charset_of_the_media_type(
    client: httpx.Client, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "dossiers-utf16.csv"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    answer = client.post(
        "/v1/check",
        content=path.read_bytes(),
        headers={"Content-Type": "text/csv; charset=UTF-16"},
    )
    assert answer.status_code == 200
    expected = cli(capsys, "check", str(path), "--encoding", "utf-16")[1]
    assert answer.json() == expected
    assert answer.json() == cli(capsys, "check", str(EXAMPLE))[1]


def test_replay_gives_the_late_notice_of_the_regime(client: httpx.Client) -> None:
    # Received 03/03/2026 (NĐ 118/2025 regime): the late notice is the apology and extension
    # request, form 04 of TT 03/2025/TT-VPCP; the answer says so, as the library does.
    start = datetime(2026, 3, 3, 9, tzinfo=VIETNAM)
    clock = SlaClock.start(start, Duration.working_days(10)).reappoint(
        date(2026, 3, 24), at=datetime(2026, 3, 13, 9, tzinfo=VIETNAM), reason="thiếu hồ sơ"
    )
    events = json.loads(clock.to_json())
    as_of = "2026-03-16T09:00:00+07:00"
    answer = client.post("/v1/clocks/replay", json={"events": events, "as_of": as_of})
    assert answer.status_code == 200, answer.text
    notice = answer.json()["reappointment"]
    assert notice["kind"] == clock.reappointment.kind.value == "extension_request"
    assert notice["form"] == clock.reappointment.form
    assert "Mẫu số 04" in notice["form"]
