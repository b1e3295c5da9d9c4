"""``kyluat serve``: uvicorn running the application, in one process or several (private)."""

from __future__ import annotations

import inspect
import socket
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from kyluat.errors import InvalidInputError

__all__ = ["serve"]

_APP = "kyluat.server._app:served_app"
"""The factory each worker process calls (an import string: workers are spawned)."""


class _Config(uvicorn.Config):
    """uvicorn's configuration, whose pre-bound socket says it is TCP.

    With several workers uvicorn binds the listening socket itself and leaves its protocol
    number at 0; accepted connections inherit it and asyncio then never sets ``TCP_NODELAY``
    on them, so on Linux every keep-alive answer after the first waits ~40 ms for the client's
    delayed ACK (uvicorn issue 3149, open). The socket is re-wrapped as ``IPPROTO_TCP``.
    """

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, sock.detach())
            sock.set_inheritable(True)
        return sock


def serve(*, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> int:
    """Serve until stopped; the exit status (see `kyluat.server.serve`).

    Each worker process builds its own application (its calendars included); with one worker
    it runs in this process.

    Raises:
        InvalidInputError: ``workers`` below 1, or a port outside 0–65535.
    """
    if type(workers) is not int or workers < 1:
        raise InvalidInputError("must be a whole number, 1 or more", field="workers")
    if type(port) is not int or not 0 <= port <= 65535:
        raise InvalidInputError("must be a port number from 0 to 65535", field="port")
    config = _Config(_APP, factory=True, host=host, port=port, workers=workers, server_header=False)
    server = uvicorn.Server(config)
    try:
        if workers == 1:
            server.run()
            return 0 if server.started else 2
        sock = config.bind_socket()  # exits when the address cannot be bound
        supervisor: Any = Multiprocess  # its arguments changed in uvicorn 0.30
        if "target" in inspect.signature(Multiprocess).parameters:
            supervisor(config, target=server.run, sockets=[sock]).run()
        else:
            supervisor(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        return 0
    except SystemExit as exc:  # uvicorn exits when it cannot bind
        return 0 if exc.code in (0, None) else 2
    return 0
