"""The HTTP service (``kyluat serve``; extra ``server``: FastAPI and uvicorn).

The library as a stateless JSON API, versioned under ``/v1``; each answer is the JSON of the
matching ``kyluat ... --json`` command:

* ``GET /v1/days/{date}`` and ``GET /v1/calendars/{year}`` — ``kyluat day`` and
  ``kyluat calendar``;
* ``POST /v1/deadlines`` — ``{"received_at", "limit", "office_hours"?, policy fields?}``, the
  limit as published text or ``{"unit", "amount"}``: ``kyluat deadline``;
* ``POST /v1/limits`` — ``{"text"}``: ``kyluat limit``;
* ``POST /v1/check`` — a CSV or JSON Lines body, streamed: ``kyluat check``;
* ``POST /v1/clocks/replay`` — an [`SlaClock`][kyluat.SlaClock]'s event log and ``as_of``: the
  due moment, status and outcome;
* ``GET /v1/health``, and the OpenAPI document at ``/openapi.json``.

Every refusal is a 4xx JSON ``{"code", "field", "message"}`` with the library's stable codes
(422 for refused input; 404, 405, 413 and 415 from the HTTP layer), a failure a 500
``internal_error`` without traceback. Moments in request bodies carry their offset: a time
without one is refused, never guessed (kyluat's rule for text written by machines). Request
bodies have size limits (64 KiB of JSON, 64 MiB for a records file). Calendars are built when
the application is (a decisions file named by ``KYLUAT_DECISIONS`` applies); nothing is kept
between requests. Only this package imports FastAPI, Starlette and uvicorn: ``import kyluat``
never does.

See the docs page "HTTP service" (reference) for the endpoints, examples and the Java client.
"""

from __future__ import annotations

from kyluat.server._app import MAX_BODY, MAX_CHECK_BODY, create_app

__all__ = ["MAX_BODY", "MAX_CHECK_BODY", "create_app", "serve"]


def serve(*, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> int:
    """Serve the application with uvicorn until stopped (Ctrl-C, SIGTERM); the exit status.

    Each worker process builds its own application (its calendars included); with one worker
    it runs in this process. uvicorn is imported here, when serving.

    Args:
        host: The address to listen on (default: loopback only).
        port: The port.
        workers: Worker processes (1 or more).

    Returns:
        0 once stopped; 2 when the server could not start (the address is in use, say: uvicorn
        has logged why).

    Raises:
        InvalidInputError: ``workers`` below 1, or a port outside 0–65535.
    """
    from kyluat.server._serve import serve as run

    return run(host=host, port=port, workers=workers)
