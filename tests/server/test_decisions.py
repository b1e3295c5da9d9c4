"""`kyluat serve` honours a decisions file named by KYLUAT_DECISIONS (issue 16)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from tests.server.conftest import _MISSING, ROOT, _free_port, _start, _stop

FICTIONAL_2027 = ROOT / "tests" / "data" / "decisions" / "2027-fictional.json"


@pytest.fixture(scope="module")
def decided_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if _MISSING:
        pytest.skip(f"the server extra and httpx are needed: missing {_MISSING}")
    port = _free_port()
    log: Path = tmp_path_factory.mktemp("decided") / "kyluat-serve.log"
    command = [sys.executable, "-m", "kyluat", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with mock.patch.dict(os.environ, {"KYLUAT_DECISIONS": str(FICTIONAL_2027)}):
        process = _start(command, port, log)
    yield f"http://127.0.0.1:{port}"
    _stop(process)


def test_a_decisions_file_settles_2027_in_the_service(decided_server, server):
    import httpx

    decided = httpx.get(f"{decided_server}/v1/days/2027-02-05", timeout=10).json()
    assert decided["provisional"] is False
    assert "2027-fictional.json" in decided["reasons"][-1]["source"]
    bundled = httpx.get(f"{server}/v1/days/2027-02-05", timeout=10).json()
    assert bundled["provisional"] is True
    calendar = httpx.get(f"{decided_server}/v1/calendars/2027", timeout=10).json()
    assert calendar["provisional"] is False
