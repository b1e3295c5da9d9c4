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

__all__ = ["bools", "empty_strings", "ints", "numpy_of", "strings"]


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


def numpy_of(array: pa.Array) -> npt.NDArray[np.int64] | npt.NDArray[np.bool_]:
    """The values of a boolean or integer array without nulls, as NumPy (int64 or bool).

    ``Array.to_numpy`` and ``numpy.asarray`` look for pandas as well.
    """
    if array.null_count:
        raise ValueError("an array with nulls")  # never given one: a defect, not bad input
    n, offset = len(array), array.offset
    data = array.buffers()[1]
    if pa.types.is_boolean(array.type):
        if data is None or n == 0:
            return np.zeros(n, dtype=np.bool_)
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
        return bits[offset : offset + n].astype(np.bool_)
    kind = "uint" if pa.types.is_unsigned_integer(array.type) else "int"
    dtype = np.dtype(f"{kind}{array.type.bit_width}")
    if data is None or n == 0:
        return np.zeros(n, dtype=np.int64)
    values = np.frombuffer(data, dtype=dtype)[offset : offset + n]
    return values.astype(np.int64)


def empty_strings(n: int) -> pa.Array:
    """``n`` empty strings."""
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(np.zeros(n + 1, dtype=np.int32)), pa.py_buffer(b"")
    )
