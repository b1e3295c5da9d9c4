"""The HTTP service under load on loopback, against calling the library in process, one run.

Run: ``python benchmarks/service_bench.py [--requests 4000] [--clients 32] [--workers 1]
[--json]`` (needs the ``server`` extra).

Starts ``kyluat serve`` (uvicorn, as people run it, access log included) on a free port of
127.0.0.1 and waits for ``GET /v1/health``. Then, for each load — ``GET /v1/days/{date}``,
``POST /v1/deadlines`` with a published limit text, and ``POST /v1/deadlines`` with the
policy fields and office hours — ``--requests`` requests are shared out between ``--clients``
concurrent clients, each on its own keep-alive connection (asyncio streams writing HTTP/1.1 by
hand, so that the client costs little next to the server), after a warm-up of 200 requests.
Every answer must be 200 and the first one of each load equal to the library's own.

Figures per load: requests per second; p50 and p99 latency in ms (from sending a request to
reading its whole answer); the library's own time per call in process (the same inputs, the
answer's ``to_dict`` and ``json.dumps`` included: what the endpoint does); and, measured in the
same run, the ratios service p50 / in-process call and in-process calls per second / service
requests per second. The server and the clients share the machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from _timing import per_call
from kyluat import (
    VIETNAM,
    DeadlinePolicy,
    OfficeHours,
    ProvisionalDataWarning,
    compute_deadline,
    default_calendar,
)

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = 200


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: dict[str, Any] | None

    def wire(self) -> bytes:
        payload = b"" if self.body is None else json.dumps(self.body).encode()
        head = (
            f"{self.method} {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Accept: application/json\r\n"
            + ("Content-Type: application/json\r\n" if self.body is not None else "")
            + f"Content-Length: {len(payload)}\r\n\r\n"
        )
        return head.encode() + payload


def _days(rng: random.Random, n: int) -> list[date]:
    first = date(2025, 1, 1)
    return [first + timedelta(days=rng.randrange(730)) for _ in range(n)]


def _moments(rng: random.Random, n: int) -> list[datetime]:
    return [
        datetime.combine(d, datetime.min.time(), VIETNAM)
        + timedelta(hours=rng.randrange(7, 17), minutes=rng.randrange(60))
        for d in _days(rng, n)
    ]


LIMITS = ["5 ngày làm việc", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "15 ngày"]
OPTIONS = {"office_hours": "08:00-12:00,13:30-17:00", "cutoff": "15:00", "end_of_day": "midnight"}


def loads(rng: random.Random, n: int) -> dict[str, list[Request]]:
    days = _days(rng, n)
    moments = _moments(rng, n)
    return {
        "GET /v1/days/{date}": [Request("GET", f"/v1/days/{d.isoformat()}", None) for d in days],
        "POST /v1/deadlines": [
            Request(
                "POST",
                "/v1/deadlines",
                {"received_at": m.isoformat(), "limit": LIMITS[i % len(LIMITS)]},
            )
            for i, m in enumerate(moments)
        ],
        "POST /v1/deadlines + options": [
            Request(
                "POST",
                "/v1/deadlines",
                {"received_at": m.isoformat(), "limit": "8 giờ làm việc", **OPTIONS},
            )
            for m in moments
        ],
    }


def in_process(requests: list[Request]) -> float:
    """The library's time per call for these requests, in µs (answer rendered as JSON)."""
    calendar = default_calendar()
    hours = OfficeHours.parse(OPTIONS["office_hours"])
    policy = DeadlinePolicy(
        cutoff=datetime.strptime("15:00", "%H:%M").time(), end_of_day="midnight"
    )

    def answer(request: Request) -> str:
        if request.body is None:
            day = date.fromisoformat(request.path.rsplit("/", 1)[1])
            return json.dumps(calendar.day_info(day).to_dict(), ensure_ascii=False)
        body = request.body
        received = datetime.fromisoformat(body["received_at"])
        if "office_hours" in body:
            deadline = compute_deadline(
                received, body["limit"], calendar=calendar, office_hours=hours, policy=policy
            )
        else:
            deadline = compute_deadline(received, body["limit"], calendar=calendar)
        return json.dumps(deadline.to_dict(), ensure_ascii=False)

    return per_call(answer, [(r,) for r in requests], number=len(requests), repeat=3)


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, wire: bytes
) -> tuple[int, bytes]:
    writer.write(wire)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if not chunked:
        return status, await reader.readexactly(length)
    body = b""
    while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
        body += await reader.readexactly(size + 2)
    await reader.readuntil(b"\r\n")
    return status, body


async def _load(port: int, requests: list[Request], clients: int) -> tuple[float, list[float], int]:
    """Send every request from ``clients`` connections; wall time, latencies, failures."""
    wires = [r.wire() for r in requests]
    latencies: list[float] = []
    failures = 0
    cursor = iter(range(len(wires)))

    async def client() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for i in cursor:
                started = time.perf_counter()
                status, _ = await _exchange(reader, writer, wires[i])
                latencies.append(time.perf_counter() - started)
                failures += status != 200
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started, latencies, failures


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kyluat", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def _check_first(port: int, request: Request) -> bool:
    """The service's first answer equals the library's (the benchmark measures real work)."""
    data = None if request.body is None else json.dumps(request.body).encode()
    url = f"http://127.0.0.1:{port}{request.path}"
    call = urllib.request.Request(url, data=data, method=request.method)
    if data is not None:
        call.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(call, timeout=10) as answer:
        got = json.loads(answer.read())
    calendar = default_calendar()
    if request.body is None:
        day = date.fromisoformat(request.path.rsplit("/", 1)[1])
        return bool(got == calendar.day_info(day).to_dict())
    body = request.body
    policy = DeadlinePolicy(
        cutoff=datetime.strptime("15:00", "%H:%M").time(), end_of_day="midnight"
    )
    extra: dict[str, Any] = (
        {"office_hours": OfficeHours.parse(body["office_hours"]), "policy": policy}
        if "office_hours" in body
        else {}
    )
    expected = compute_deadline(
        datetime.fromisoformat(body["received_at"]), body["limit"], **extra
    ).to_dict()
    return bool(got == expected)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore", ProvisionalDataWarning)  # as the service: the JSON says it
    rng = random.Random(args.seed)
    port = _free_port()
    server = _start(port, args.workers)
    results: dict[str, Any] = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "requests": args.requests,
        "clients": args.clients,
        "workers": args.workers,
        "loads": {},
    }
    try:
        for name, requests in loads(rng, args.requests).items():
            same = _check_first(port, requests[0])
            asyncio.run(_load(port, requests[:WARM_UP], args.clients))
            wall, latencies, failures = asyncio.run(_load(port, requests, args.clients))
            library_us = in_process(requests)
            quantiles = statistics.quantiles(latencies, n=100)
            p50, p99 = quantiles[49] * 1e3, quantiles[98] * 1e3
            rate = len(requests) / wall
            results["loads"][name] = {
                "requests_per_s": round(rate),
                "p50_ms": round(p50, 3),
                "p99_ms": round(p99, 3),
                "failures": failures,
                "same_answer_as_library": same,
                "library_us_per_call": round(library_us, 1),
                "p50_over_library_call": round(p50 * 1e3 / library_us, 1),
                "library_calls_per_s_over_service": round(1e6 / library_us / rate, 1),
            }
    finally:
        server.terminate()
        server.wait(timeout=10)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"Python {results['python']}, {results['cpus']} CPUs; {args.requests:,} requests per "
        f"load from {args.clients} concurrent clients; kyluat serve with {args.workers} "
        "worker(s) on loopback"
    )
    for name, r in results["loads"].items():
        print(
            f"  {name:<30} {r['requests_per_s']:>7,} req/s  p50 {r['p50_ms']:7.2f} ms  "
            f"p99 {r['p99_ms']:7.2f} ms  failures {r['failures']}  same answer "
            f"{r['same_answer_as_library']}"
        )
        print(
            f"  {'':<30} in process {r['library_us_per_call']:7.1f} µs/call; service p50 = "
            f"{r['p50_over_library_call']:,}× a call; in-process throughput = "
            f"{r['library_calls_per_s_over_service']:,}× the service's"
        )
    failed = any(
        r["failures"] or not r["same_answer_as_library"] for r in results["loads"].values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
