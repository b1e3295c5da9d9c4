"""Every refusal of a real server is JSON ``{"code", "field", "message"}``, never a traceback.

Refused input is 422 with the library's stable code; the HTTP layer's refusals are 404, 405,
413 and 415 with the service's codes; a bug is 500 ``internal_error`` (tested in process: a
healthy server has none to show).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dossiers.csv"


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as http:
        yield http


def refused(answer: httpx.Response, status: int, code: str, field: str | None) -> str:
    """The refusal's message, after checking its shape."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert "Traceback" not in answer.text
    body = answer.json()
    assert set(body) == {"code", "field", "message"}
    assert (body["code"], body["field"]) == (code, field)
    assert isinstance(body["message"], str)
    assert body["message"]
    return str(body["message"])


DEADLINE = {"received_at": "2026-03-06T15:00:00+07:00", "limit": "5 ngày làm việc"}


@pytest.mark.parametrize("moment", ["2026-03-06T15:00", "2026-03-06 15:00", "06/03/2026 15:00"])
def test_a_moment_without_its_offset_is_refused(client: httpx.Client, moment: str) -> None:
    answer = client.post("/v1/deadlines", json={**DEADLINE, "received_at": moment})
    assert "offset" in refused(answer, 422, "invalid_input", "received_at")


def test_a_clock_log_without_offsets_is_refused(client: httpx.Client) -> None:
    start = {"kind": "start", "at": "2026-03-03T09:00", "limit": "5 ngày làm việc"}
    answer = client.post(
        "/v1/clocks/replay", json={"events": [start], "as_of": "2026-03-12T09:00:00+07:00"}
    )
    assert "offset" in refused(answer, 422, "invalid_input", "events.0.at")
    start["at"] = "2026-03-03T09:00:00+07:00"
    answer = client.post("/v1/clocks/replay", json={"events": [start], "as_of": "2026-03-12T09:00"})
    assert "offset" in refused(answer, 422, "invalid_input", "as_of")
    answer = client.post("/v1/clocks/replay", json={"events": [start], "as_of": "2026-03-12"})
    refused(answer, 422, "invalid_input", "as_of")


def test_a_log_must_begin_with_its_start(client: httpx.Client) -> None:
    pause = {"kind": "pause", "at": "2026-03-03", "reason": "supplement_request"}
    answer = client.post(
        "/v1/clocks/replay", json={"events": [pause], "as_of": "2026-03-12T09:00Z"}
    )
    refused(answer, 422, "invalid_data", "events")


def test_an_impossible_date_is_refused(client: httpx.Client) -> None:
    refused(client.get("/v1/days/2026-02-30"), 422, "invalid_input", "date")
    refused(client.get("/v1/days/yesterday"), 422, "invalid_input", "date")


def test_years_outside_the_data_are_out_of_coverage(client: httpx.Client) -> None:
    refused(client.get("/v1/days/2017-06-01"), 422, "out_of_coverage", "date")
    refused(client.get("/v1/calendars/2099"), 422, "out_of_coverage", "year")
    refused(client.get("/v1/calendars/-4"), 422, "out_of_coverage", "year")
    answer = client.post("/v1/deadlines", json={**DEADLINE, "received_at": "2016-01-04"})
    refused(answer, 422, "out_of_coverage", "received_at")


def test_a_strict_answer_refuses_an_unannounced_year(client: httpx.Client) -> None:
    answer = client.get("/v1/days/2029-05-02", params={"strict": "true"})
    refused(answer, 422, "provisional_data", "date")
    answer = client.post(
        "/v1/deadlines", json={**DEADLINE, "received_at": "2029-05-02", "strict": True}
    )
    refused(answer, 422, "provisional_data", "received_at")


def test_the_library_codes_of_limits(client: httpx.Client) -> None:
    compound = "03 ngày làm việc; trường hợp phải xác minh thì không quá 10 ngày làm việc"
    answer = client.post("/v1/deadlines", json={**DEADLINE, "limit": compound})
    assert "2 cases" in refused(answer, 422, "compound_limit", "limit")
    answer = client.post("/v1/deadlines", json={**DEADLINE, "limit": "từ 3 đến 5 ngày làm việc"})
    refused(answer, 422, "ambiguous_limit", "limit")
    answer = client.post(
        "/v1/deadlines", json={**DEADLINE, "limit": {"unit": "days", "amount": 1.5}}
    )
    refused(answer, 422, "invalid_input", "limit.amount")
    answer = client.post("/v1/deadlines", json={**DEADLINE, "limit": {"unit": "fortnights"}})
    refused(answer, 422, "invalid_input", "limit")
    answer = client.post("/v1/deadlines", json={**DEADLINE, "limit": 5})
    refused(answer, 422, "invalid_input", "limit")
    answer = client.post("/v1/limits", json={"text": " "})
    refused(answer, 422, "invalid_input", "text")


def test_bad_options_name_their_field(client: httpx.Client) -> None:
    cases = [
        ({"office_hours": "8h-17h"}, "office_hours"),
        ({"cutoff": "3pm"}, "cutoff"),
        ({"hours_per_day": 30}, "hours_per_day"),
        ({"end_of_day": "dusk"}, "end_of_day"),
        ({"strict": "yes"}, "strict"),
        ({"colour": "red"}, "colour"),
    ]
    for extra, field in cases:
        refused(
            client.post("/v1/deadlines", json={**DEADLINE, **extra}), 422, "invalid_input", field
        )


def test_missing_and_malformed_bodies(client: httpx.Client) -> None:
    answer = client.post("/v1/deadlines", json={"limit": "5 ngày làm việc"})
    assert "required" in refused(answer, 422, "invalid_input", "received_at")
    answer = client.post(
        "/v1/deadlines", content=b'{"received_at": ', headers={"Content-Type": "application/json"}
    )
    assert "malformed JSON" in refused(answer, 422, "invalid_input", "body")
    answer = client.post("/v1/deadlines", json=[1, 2])
    refused(answer, 422, "invalid_input", "body")
    answer = client.post("/v1/deadlines", content=b"received_at=today")
    refused(answer, 415, "unsupported_media_type", "Content-Type")


def test_check_refusals(client: httpx.Client) -> None:
    answer = client.post(
        "/v1/check", content=EXAMPLE.read_bytes(), headers={"Content-Type": "image/png"}
    )
    refused(answer, 415, "unsupported_media_type", "Content-Type")
    answer = client.post(
        "/v1/check", content=b"name,age\nAn,3\n", headers={"Content-Type": "text/csv"}
    )
    assert "id" in refused(answer, 422, "invalid_data", "body")
    answer = client.post("/v1/check", content=b"", headers={"Content-Type": "text/csv"})
    assert "empty" in refused(answer, 422, "invalid_data", "body")
    answer = client.post(
        "/v1/check",
        params={"encoding": "latin-9"},
        content=b"id\n",
        headers={"Content-Type": "text/csv"},
    )
    refused(answer, 422, "invalid_data", "encoding")
    answer = client.post(
        "/v1/check", content=b"id\n", headers={"Content-Type": "text/csv; charset=koi8-r"}
    )
    refused(answer, 422, "invalid_input", "Content-Type")


def test_unknown_paths_and_methods(client: httpx.Client) -> None:
    refused(client.get("/v2/days/2026-01-02"), 404, "not_found", None)
    refused(client.get("/"), 404, "not_found", None)
    refused(client.delete("/v1/health"), 405, "method_not_allowed", None)
    refused(client.get("/v1/deadlines"), 405, "method_not_allowed", None)


def test_a_json_body_over_its_limit_is_413(small_server: str) -> None:
    from .conftest import SMALL_BODY

    with httpx.Client(base_url=small_server, timeout=30) as http:
        big = {**DEADLINE, "office_hours": "x" * SMALL_BODY}
        refused(http.post("/v1/deadlines", json=big), 413, "payload_too_large", None)
        small = http.post("/v1/deadlines", json=DEADLINE)
        assert small.status_code == 200


def test_a_records_file_over_its_limit_is_413_announced_or_streamed(small_server: str) -> None:
    from .conftest import SMALL_CHECK_BODY

    data = EXAMPLE.read_bytes()
    assert len(data) > SMALL_CHECK_BODY
    with httpx.Client(base_url=small_server, timeout=30) as http:
        answer = http.post("/v1/check", content=data, headers={"Content-Type": "text/csv"})
        refused(answer, 413, "payload_too_large", None)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(data), 1000):
            yield data[start : start + 1000]

    with httpx.Client(base_url=small_server, timeout=30) as http:
        answer = http.post("/v1/check", content=chunks(), headers={"Content-Type": "text/csv"})
        refused(answer, 413, "payload_too_large", None)
        head = b"\n".join(data.splitlines()[:5]) + b"\n"
        assert (
            http.post("/v1/check", content=head, headers={"Content-Type": "text/csv"}).status_code
            == 200
        )


def test_a_bug_is_a_500_without_traceback() -> None:
    from kyluat.server import create_app

    app = create_app()

    @app.get("/v1/broken")
    async def broken() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await http.get("/v1/broken")

    answer = asyncio.run(call())
    message = refused(answer, 500, "internal_error", None)
    assert "secret" not in message
    assert "passwd" not in answer.text


def test_create_app_refuses_bad_arguments() -> None:
    from kyluat.errors import InvalidInputError
    from kyluat.server import create_app

    with pytest.raises(InvalidInputError) as caught:
        create_app(max_body=0)
    assert caught.value.field == "max_body"
    with pytest.raises(InvalidInputError):
        create_app(calendar="public")  # type: ignore[arg-type]
