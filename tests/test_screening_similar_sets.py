"""The batch set-similarity kernels shared by the copying and combination detectors, checked
against plain per-set Python on random sets."""

from __future__ import annotations

import random

import numpy as np
import pytest

from ipoffice.screening import similar_sets
from ipoffice.screening.similar_sets import estimates, exact_jaccard, unit_minhashes


def _units(seed: int, count: int) -> list[list[int]]:
    rng = random.Random(seed)
    # Sizes on both sides of every table width and beyond the widest, some empty; a small
    # vocabulary so that sets overlap.
    sizes = [0, 1, 3, 4, 5, 8, 9, 16, 17, 30, 33, 48, 49, 64, 65, 100]
    return [sorted(rng.sample(range(120), rng.choice(sizes))) for _ in range(count)]


def _flat(units: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    terms = np.array([t for unit in units for t in unit], dtype=np.uint32)
    return terms, np.array([len(u) for u in units], dtype=np.int64)


def _one_minhash(unit: list[int]) -> np.ndarray:
    if not unit:
        return np.full(similar_sets.PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    values = np.array(unit, dtype=np.uint64)[:, None]
    hashed = ((values * similar_sets._ODD + similar_sets._ADD) >> similar_sets._SHIFT).astype(
        np.uint32
    )
    return hashed.min(axis=0)


@pytest.mark.parametrize("chunk", [1, 7, 50, 1_000_000])
def test_minhashes_of_the_whole_batch_equal_those_of_each_unit(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks of any size, cut anywhere between units, give the same values.
    monkeypatch.setattr(similar_sets, "HASH_CHUNK", chunk)
    units = _units(1, 300)
    found = unit_minhashes(*_flat(units))
    assert found.shape == (300, similar_sets.PERMUTATIONS)
    assert np.array_equal(found, np.stack([_one_minhash(u) for u in units]))


@pytest.mark.parametrize("cells", [1, 100, 1 << 26])
def test_exact_jaccard_equals_the_set_formula_for_short_and_long_units(
    cells: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tables compared a pair at a time, a few pairs, or all at once: the same.
    monkeypatch.setattr(similar_sets, "TABLE_CELLS", cells)
    units = [u for u in _units(2, 400) if u]
    terms, sizes = _flat(units)
    rng = np.random.default_rng(3)
    pairs = np.sort(rng.integers(0, len(units), size=(3_000, 2)), axis=1)
    expected = [
        len(set(units[a]) & set(units[b])) / len(set(units[a]) | set(units[b]))
        for a, b in pairs.tolist()
    ]
    assert np.allclose(exact_jaccard(terms, sizes, pairs), expected)


def test_estimates_are_one_for_equal_sets_and_near_the_truth_otherwise() -> None:
    base = list(range(1_000, 1_040))
    half = list(range(1_020, 1_060))  # 20 shared of 60: Jaccard 1/3
    other = list(range(5_000, 5_040))
    minima = unit_minhashes(*_flat([base, list(base), half, other]))
    found = estimates(minima, np.array([[0, 1], [0, 2], [0, 3]], dtype=np.int64))
    assert found[0] == 1.0
    assert 0.1 <= found[1] <= 0.6
    assert found[2] <= 0.15


def test_blocks_in_threads_give_what_one_thread_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    units = _units(4, 2_000)
    terms, sizes = _flat(units)
    rng = np.random.default_rng(5)
    pairs = np.sort(rng.integers(0, len(units), size=(5_000, 2)), axis=1)
    monkeypatch.setattr(similar_sets, "VERIFY_CHUNK", 300)
    monkeypatch.setattr(similar_sets, "HASH_CHUNK", 500)
    found = {}
    for threads in (1, 3):
        monkeypatch.setattr(similar_sets, "THREADS", threads)
        minima = unit_minhashes(terms, sizes)
        candidates, crowded = similar_sets.similar_pairs(
            minima, bands=6, rows=3, max_bucket=8, min_estimate=0.3
        )
        found[threads] = (minima, exact_jaccard(terms, sizes, pairs), candidates, crowded)
    for one, many in zip(found[1], found[3], strict=True):
        assert np.array_equal(one, many)
    assert len(found[1][2]) > 0 and found[1][3].any()  # the banding had pairs and crowds


def test_estimates_are_the_share_of_equal_values() -> None:
    rng = np.random.default_rng(6)
    minima = rng.integers(0, 3, size=(200, similar_sets.PERMUTATIONS)).astype(np.uint32)
    pairs = np.sort(rng.integers(0, 200, size=(1_000, 2)), axis=1)
    expected = (minima[pairs[:, 0]] == minima[pairs[:, 1]]).mean(axis=1)
    assert np.array_equal(estimates(minima, pairs), expected)


def _member(name: str, order: int, units: list[list[int]]) -> similar_sets.Member:
    terms, offsets = similar_sets.set_arrays(units)
    sizes = np.array([len(u) for u in units], dtype=np.float32)
    features = similar_sets.SetFeatures(order, None, (), terms, offsets, sizes)
    return similar_sets.Member(name, features, False)


def test_covers_are_left_out_below_the_share_asked_for() -> None:
    unit = [list(range(start, start + 10)) for start in range(0, 1_000, 100)]
    source = _member("S", 1, unit[:5])
    mostly = _member("A", 2, unit[:4] + unit[8:9])  # 4 of its 5 units in S: 0.8
    little = _member("B", 3, unit[:1] + unit[5:8])  # 1 of 4: 0.25
    settings = {
        "bands": 6,
        "rows": 3,
        "max_bucket": 64,
        "threshold": 0.6,
        "margin": 0.25,
        "standard": 9,
    }
    members = [source, mostly, little]
    every = similar_sets.match_members(members, **settings)  # type: ignore[arg-type]
    enough = similar_sets.match_members(members, **settings, min_covered=0.8)  # type: ignore[arg-type]
    assert set(every.covers) == {1, 2}
    assert enough.covers == {1: every.covers[1]}
    assert sorted(enough.covers[1][0]) == [0, 1, 2, 3]


@pytest.mark.parametrize("heads", [None, 1, 3, 70])
def test_pairs_in_runs_are_every_pair_of_each_run(heads: int | None) -> None:
    # Runs paired a size at a time and, beyond GROUPED_RUN, pair by pair; some runs empty.
    rng = np.random.default_rng(7)
    sizes = np.array([2, 3, 3, 0, 5, 64, 65, 130, 2], dtype=np.int64)
    order = rng.permutation(int(sizes.sum()) + 10).astype(np.int64)
    starts = np.cumsum(sizes) - sizes + 4
    expected = set()
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        run = order[start : start + size].tolist()
        for i in range(size if heads is None else min(size, heads)):
            expected.update((min(run[i], b), max(run[i], b)) for b in run[i + 1 :])
    found = similar_sets.pairs_in_runs(order, starts, sizes, heads)
    assert found.shape[1] == 2 and len(found) == len(expected)
    assert set(map(tuple, found.tolist())) == expected
