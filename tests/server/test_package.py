"""The service's package: kept out of ``import kyluat``, and ``kyluat serve``'s own checks."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")


def test_import_kyluat_never_imports_the_web_stack() -> None:
    code = (
        "import sys, kyluat, kyluat.cli, kyluat.check, kyluat.followup; "
        "print(sorted(m for m in ('fastapi', 'starlette', 'uvicorn', 'httpx') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"


def test_serve_refuses_bad_arguments() -> None:
    from kyluat.errors import InvalidInputError
    from kyluat.server import serve

    with pytest.raises(InvalidInputError) as caught:
        serve(port=8000, workers=0)
    assert caught.value.field == "workers"
    with pytest.raises(InvalidInputError) as caught:
        serve(port=70_000)
    assert caught.value.field == "port"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_on_a_busy_port_exits_2(workers: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "kyluat", "serve", "--port", str(port), "--workers", workers],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert run.returncode == 2, run.stderr
    assert "address already in use" in run.stderr.lower()
    assert "Traceback" not in run.stderr


def test_several_workers_answer_keep_alive_requests_at_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """With ``--workers 2``, a keep-alive connection gets each answer at once.

    uvicorn's pre-bound socket would leave Nagle's algorithm on (uvicorn issue 3149): each
    answer after the first would wait ~40 ms for the client's delayed ACK; 20 answers would take
    0.8 s at least.
    """
    import time

    httpx = pytest.importorskip("httpx")
    from .conftest import _free_port, _start, _stop

    port = _free_port()
    log = tmp_path_factory.mktemp("workers") / "serve.log"
    command = [sys.executable, "-m", "kyluat", "serve", "--port", str(port), "--workers", "2"]
    process = _start(command, port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            assert http.get("/v1/days/2026-01-02").status_code == 200
            started = time.perf_counter()
            for _ in range(20):
                assert http.get("/v1/days/2026-01-02").status_code == 200
            elapsed = time.perf_counter() - started
    finally:
        _stop(process)
    assert elapsed < 0.5, f"20 keep-alive answers took {elapsed:.2f} s"
