"""Arrow arrays from NumPy arrays and Python lists, built from their buffers.

``pyarrow.array`` looks for pandas on every call (importing it takes longer than checking a
block of records); these build the same arrays from buffers directly, so that ``kyluat check``
never imports pandas.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["bools", "ints", "strings"]


def _validity(valid: npt.NDArray[np.bool_] | None) -> pa.Buffer | None:
    if valid is None or bool(valid.all()):
        return None
    return pa.py_buffer(np.packbits(valid, bitorder="little"))


def ints(values: npt.ArrayLike, *, valid: npt.NDArray[np.bool_] | None = None) -> pa.Array:
    """An int64 array (null where ``valid`` is false)."""
    array = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(array), [_validity(valid), pa.py_buffer(array)])


def bools(values: npt.ArrayLike) -> pa.Array:
    """A boolean array."""
    array = np.asarray(values, dtype=np.bool_)
    bits = np.packbits(array, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(array), [None, pa.py_buffer(bits)])


def strings(values: Sequence[str]) -> pa.Array:
    """A string array of Python strings."""
    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(value) for value in encoded], out=offsets[1:])
    if offsets[-1] < 2**31:
        return pa.StringArray.from_buffers(
            len(encoded), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))
        )
    return pa.LargeStringArray.from_buffers(
        len(encoded), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))
    )
