"""Real servers for the service's tests: uvicorn on loopback, started here, stopped at the end.

* ``server``: ``python -m kyluat serve --port P`` (the command people run), on a free port of
  127.0.0.1, for the whole session.
* ``small_server``: the same application with small size limits (1 KiB of JSON, 4 KiB for a
  records file), to test the 413 answers without sending megabytes.

Each is ready when ``GET /v1/health`` answers; its log goes to a file (a pipe could fill and
block the server) shown when it does not start. The tests skip when the ``server`` extra or
httpx is missing.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_MISSING = [
    name for name in ("fastapi", "uvicorn", "httpx") if importlib.util.find_spec(name) is None
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(command: list[str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ}
        )
    url = f"http://127.0.0.1:{port}/v1/health"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    process.wait()
    pytest.fail(f"the server did not start: {command}\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # uvicorn shuts down on SIGTERM
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of ``kyluat serve`` on a free loopback port."""
    if _MISSING:
        pytest.skip(f"the server extra and httpx are needed: missing {_MISSING}")
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "kyluat-serve.log"
    command = [sys.executable, "-m", "kyluat", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = _start(command, port, log)
    yield f"http://127.0.0.1:{port}"
    _stop(process)


SMALL_BODY = 1024
SMALL_CHECK_BODY = 4096


@pytest.fixture(scope="session")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the application with 1 KiB and 4 KiB body limits."""
    if _MISSING:
        pytest.skip(f"the server extra and httpx are needed: missing {_MISSING}")
    port = _free_port()
    log = tmp_path_factory.mktemp("small") / "uvicorn.log"
    code = (
        "import uvicorn; from kyluat.server import create_app; "
        f"uvicorn.run(create_app(max_body={SMALL_BODY}, max_check_body={SMALL_CHECK_BODY}), "
        f"host='127.0.0.1', port={port}, log_level='warning')"
    )
    process = _start([sys.executable, "-c", code], port, log)
    yield f"http://127.0.0.1:{port}"
    _stop(process)
