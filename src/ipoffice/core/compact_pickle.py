"""Compact pickling of frozen dataclasses holding small numpy arrays.

Batch screening sends a million applications' features from its worker processes to the parent
as pickles and reads each back once. By default a dataclass is pickled as its class and a state
(with slots, restored field by field through `dataclasses.fields`) and each numpy array as an
object of its own. A `CompactPickle` dataclass is pickled as its field values with its 1-D
arrays joined in one byte string, and rebuilt by its `__init__` with the arrays as read-only
views of that string: for the combination detector's features (six arrays) 1.4x faster to write
and to read and a tenth smaller; for a slots dataclass without arrays, over ten times faster to
read when the cyclic collector runs.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

import numpy as np

# (field position, dtype, length) of each array of an instance, widest items first so that each
# view starts at a multiple of its item size.
Layout = tuple[tuple[int, str, int], ...]


class CompactPickle:
    """Mixin for frozen dataclasses whose fields all go to `__init__`."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        values = [getattr(self, name) for name in _field_names(type(self))]
        arrays = [
            (i, value)
            for i, value in enumerate(values)
            if isinstance(value, np.ndarray) and value.ndim == 1
        ]
        if not arrays:
            return (type(self), tuple(values))
        arrays.sort(key=lambda item: -item[1].itemsize)
        layout: Layout = tuple((i, array.dtype.str, len(array)) for i, array in arrays)
        blob = b"".join(array.tobytes() for _, array in arrays)
        for i, _ in arrays:
            values[i] = None
        return (_rebuild, (type(self), tuple(values), layout, blob))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = _init_fields(cls)
    return names


def _init_fields(cls: type) -> tuple[str, ...]:
    if not is_dataclass(cls):
        raise TypeError(f"{cls.__name__}: CompactPickle is for dataclasses")
    found = fields(cls)
    if not all(f.init for f in found):
        raise TypeError(f"{cls.__name__}: CompactPickle needs every field in __init__")
    return tuple(f.name for f in found)


def _rebuild(cls: type, values: tuple[Any, ...], layout: Layout, blob: bytes) -> Any:
    filled = list(values)
    start = 0
    for index, dtype, length in layout:
        array = np.frombuffer(blob, dtype=dtype, count=length, offset=start)
        filled[index] = array
        start += array.nbytes
    return cls(*filled)
