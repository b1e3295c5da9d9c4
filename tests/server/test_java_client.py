"""A plain Java 17 client (``tests/server/java/Client.java``) gets the library's answers.

The client is one source file run with ``java Client.java URL`` (java.net.http, no build tool);
it prints each request and answer. Each answer must equal what the library itself gives for
that request, computed here in Python without the service: ``compute_deadline(...).to_dict()``
and ``default_calendar().day_info(...).to_dict()``. Without ``java``: skipped, or failed under
CI (the machine image has Java 17).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from kyluat import (
    DeadlinePolicy,
    Duration,
    Unit,
    compute_deadline,
    default_calendar,
)

CLIENT = Path(__file__).resolve().parent / "java" / "Client.java"


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("java (17 or later) is needed under CI for the Java client test")
        pytest.skip("no java here")
    return java


def _received(text: str) -> date | datetime:
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _library_deadline(request: dict[str, object]) -> dict[str, object]:
    """The library's answer to a /v1/deadlines request body, computed in process."""
    limit = request["limit"]
    if isinstance(limit, dict):
        duration: Duration | str = Duration(Unit(limit["unit"]), Decimal(str(limit["amount"])))
    else:
        assert isinstance(limit, str)
        duration = limit
    cutoff = request.get("cutoff")
    policy = DeadlinePolicy(
        cutoff=None if cutoff is None else datetime.strptime(str(cutoff), "%H:%M").time()
    )
    received = _received(str(request["received_at"]))
    return compute_deadline(received, duration, policy=policy).to_dict()


def test_the_java_client_gets_the_library_answers(server: str) -> None:
    java = _java()
    run = subprocess.run(
        [java, str(CLIENT), server],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 11, run.stdout
    seen = {"deadlines": 0, "days": 0, "refused": 0}
    for line in lines:
        method, path, status, body, answer = line.split("\t")
        got = json.loads(answer)
        if path == "/v1/deadlines":
            request = json.loads(body)
            received = str(request["received_at"])
            if "T" in received and not received.endswith("Z") and "+" not in received[10:]:
                # A time without its offset: refused.
                assert status == "422"
                assert (got["code"], got["field"]) == ("invalid_input", "received_at")
                seen["refused"] += 1
                continue
            assert status == "200", line
            assert got == _library_deadline(request)
            seen["deadlines"] += 1
        else:
            assert (method, status) == ("GET", "200"), line
            day = date.fromisoformat(path.rsplit("/", 1)[1])
            assert got == default_calendar().day_info(day).to_dict()
            seen["days"] += 1
    assert seen == {"deadlines": 5, "days": 5, "refused": 1}
