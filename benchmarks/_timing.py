"""Timing helper shared by the benchmark scripts (run them from the repository root)."""

from __future__ import annotations

import timeit
from collections.abc import Callable, Sequence


def per_call(
    fn: Callable[..., object], args_list: Sequence[tuple[object, ...]], number: int, repeat: int = 5
) -> float:
    """Best of ``repeat`` runs, in microseconds per call, cycling over the argument list."""
    k = len(args_list)

    def loop() -> None:
        for i in range(number):
            fn(*args_list[i % k])

    return min(timeit.repeat(loop, number=1, repeat=repeat)) / number * 1e6
