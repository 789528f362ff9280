import numpy as np

from ipoffice.core.arrays import distinct


def test_distinct_is_numpy_unique_without_hashing() -> None:
    rng = np.random.default_rng(3)
    for values in (
        rng.integers(0, 50, 1_000),
        rng.integers(0, 2**62, 500, dtype=np.int64),
        rng.integers(0, 9, 7).astype(np.uint32),
        np.array([5], dtype=np.int64),
        np.array([], dtype=np.int64),
    ):
        found = distinct(values)
        assert found.dtype == values.dtype
        assert np.array_equal(found, np.unique(values))
