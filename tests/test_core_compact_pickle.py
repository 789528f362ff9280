"""Compact pickling of dataclasses with small arrays: what is read back equals what was written."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import numpy as np
import pytest

from ipoffice.core.compact_pickle import CompactPickle


@dataclass(frozen=True, eq=False)
class _Features(CompactPickle):
    order: int
    name: str | None
    small: np.ndarray
    wide: np.ndarray
    table: np.ndarray  # 2-D: pickled as numpy does


@dataclass(frozen=True, slots=True)
class _Plain(CompactPickle):
    month: int | None
    names: tuple[str, ...]


def _roundtrip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))  # noqa: S301 (its own bytes)


def test_arrays_come_back_with_their_values_and_types_aligned() -> None:
    original = _Features(
        7,
        None,
        np.array([1, -2, 3], dtype=np.int16),  # narrow first: stored after the wide one
        np.array([2**40, 5], dtype=np.int64),
        np.arange(6, dtype=np.float32).reshape(2, 3),
    )
    back = _roundtrip(original)
    assert isinstance(back, _Features)
    assert (back.order, back.name) == (7, None)
    for name in ("small", "wide", "table"):
        mine, theirs = getattr(original, name), getattr(back, name)
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs)
    assert back.wide.flags.aligned and back.small.flags.aligned
    assert not back.small.flags.writeable  # views of the pickled bytes


def test_empty_arrays_and_a_list_of_many() -> None:
    empty = np.zeros(0, dtype=np.uint32)
    items = [
        _Features(i, str(i), np.arange(i, dtype=np.int16), empty, np.zeros((0, 2)))
        for i in range(50)
    ]
    back = _roundtrip(items)
    assert isinstance(back, list)
    assert [b.order for b in back] == list(range(50))
    assert all(np.array_equal(b.small, np.arange(i)) for i, b in enumerate(back))
    assert all(len(b.wide) == 0 and b.wide.dtype == np.uint32 for b in back)


def test_a_dataclass_with_slots_and_no_arrays() -> None:
    assert _roundtrip(_Plain(3, ("a", "b"))) == _Plain(3, ("a", "b"))


def test_what_cannot_be_rebuilt_by_its_init_is_refused() -> None:
    @dataclass(frozen=True)
    class Derived(CompactPickle):
        size: int
        double: int = field(init=False, default=0)

    class NotADataclass(CompactPickle):
        pass

    with pytest.raises(TypeError, match="every field in __init__"):
        pickle.dumps(Derived(2))
    with pytest.raises(TypeError, match="for dataclasses"):
        pickle.dumps(NotADataclass())
