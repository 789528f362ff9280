"""The faiss vector index: add, replace, remove, search with filters, save and load, crashes.

Vectors come from `HashingEncoder` (no model needed), over short patent-like titles made here.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ipoffice.search import semantic
from ipoffice.search.embeddings import HashingEncoder
from ipoffice.search.semantic import (
    FORMAT_VERSION,
    KIND_FLAT,
    KIND_IVF,
    IncompatibleIndexError,
    IndexFormatError,
    SemanticIndex,
)

ENCODER = HashingEncoder(dim=64)

SUBJECTS = [
    "lithium battery separator",
    "wind turbine blade de-icing",
    "crop pest image recognition",
    "recycled aggregate concrete",
    "coronavirus nucleic acid test kit",
    "baseball bat sweet spot",
    "neural network accelerator chip",
    "steel plate fatigue life",
]
ASPECTS = ["method", "system", "device", "composition", "apparatus"]


def _corpus(count: int) -> tuple[list[str], np.ndarray]:
    texts = [
        f"{ASPECTS[i % len(ASPECTS)]} for {SUBJECTS[i % len(SUBJECTS)]}, variant {i}"
        for i in range(count)
    ]
    return [f"doc-{i}" for i in range(count)], ENCODER.encode(texts)


@pytest.fixture
def small() -> tuple[SemanticIndex, list[str], np.ndarray]:
    ids, vectors = _corpus(40)
    index = SemanticIndex.for_encoder(ENCODER)
    index.add(ids, vectors)
    return index, ids, vectors


def _load(directory: Path) -> SemanticIndex:
    return SemanticIndex.load(directory, encoder_name=ENCODER.name, dim=ENCODER.dim)


def test_add_and_search(small: tuple[SemanticIndex, list[str], np.ndarray]) -> None:
    index, ids, vectors = small
    assert len(index) == 40
    assert index.kind == KIND_FLAT
    assert "doc-3" in index
    assert "doc-99" not in index
    for i in (0, 7, 39):
        hits = index.search(vectors[i], 5)
        assert hits[0][0] == ids[i]
        assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
        assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)
        assert len(hits) == 5
    assert len(index.search(vectors[0], 100)) == 40


def test_replace_keeps_one_entry_per_id(
    small: tuple[SemanticIndex, list[str], np.ndarray],
) -> None:
    index, _, vectors = small
    index.add(["doc-0"], vectors[5:6])
    assert len(index) == 40
    hits = index.search(vectors[5], 2)
    assert {name for name, _ in hits} == {"doc-0", "doc-5"}
    assert index.search(vectors[0], 1)[0][0] != "doc-0"
    # Within one call, the last row for an id wins.
    index.add(["new", "new"], vectors[[1, 2]])
    assert len(index) == 41
    assert {name for name, _ in index.search(vectors[2], 2)} == {"new", "doc-2"}


def test_remove(small: tuple[SemanticIndex, list[str], np.ndarray]) -> None:
    index, _, vectors = small
    assert index.remove(["doc-1", "doc-2", "unknown"]) == 2
    assert index.remove(["doc-1"]) == 0
    assert len(index) == 38
    names = {name for name, _ in index.search(vectors[1], 40)}
    assert "doc-1" not in names
    assert "doc-2" not in names
    index.add(["doc-1"], vectors[1:2])
    assert index.search(vectors[1], 1)[0][0] == "doc-1"


def test_filter_over_fetches(small: tuple[SemanticIndex, list[str], np.ndarray]) -> None:
    index, _, vectors = small
    calls: list[str] = []

    def even(name: str) -> bool:
        calls.append(name)
        return int(name.split("-")[1]) % 2 == 0

    hits = index.search(vectors[1], 5, allowed=even)
    assert len(hits) == 5
    assert all(even(name) for name, _ in hits)
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)
    # Each id is checked at most once per search.
    assert len(calls) - 5 == len(set(calls[:-5]))
    unfiltered = [name for name, _ in index.search(vectors[1], 40) if even(name)][:5]
    assert [name for name, _ in hits] == unfiltered


def test_selective_filter_still_finds_the_only_allowed_id() -> None:
    ids, vectors = _corpus(600)
    index = SemanticIndex.for_encoder(ENCODER)
    index.add(ids, vectors)
    hits = index.search(vectors[0], 3, allowed=lambda name: name == "doc-599")
    assert [name for name, _ in hits] == ["doc-599"]
    assert index.search(vectors[0], 3, allowed=lambda name: False) == []


def test_empty_index_zero_query_and_bad_shapes() -> None:
    index = SemanticIndex.for_encoder(ENCODER)
    query = ENCODER.encode(["battery"])[0]
    assert index.search(query, 5) == []
    assert len(index) == 0
    index.add(["a"], ENCODER.encode(["battery"]))
    assert index.search(np.zeros(64, dtype=np.float32), 5) == []
    assert index.search(query, 0) == []
    with pytest.raises(ValueError, match="shape"):
        index.add(["b"], np.zeros((1, 32), dtype=np.float32))
    with pytest.raises(ValueError, match="shape"):
        index.add(["b", "c"], np.zeros((1, 64), dtype=np.float32))
    with pytest.raises(ValueError, match="finite"):
        index.add(["b"], np.full((1, 64), np.nan, dtype=np.float32))
    with pytest.raises(ValueError, match="non-empty"):
        index.add([""], np.zeros((1, 64), dtype=np.float32))
    with pytest.raises(TypeError):
        index.add("b", np.zeros((1, 64), dtype=np.float32))
    with pytest.raises(ValueError, match="64 values"):
        index.search(np.zeros(10, dtype=np.float32), 1)


def test_save_load_round_trip(
    small: tuple[SemanticIndex, list[str], np.ndarray], tmp_path: Path
) -> None:
    index, _, vectors = small
    index.remove(["doc-4"])
    index.save(tmp_path / "idx")
    loaded = _load(tmp_path / "idx")
    assert len(loaded) == 39
    assert "doc-4" not in loaded
    for i in (0, 9, 33):
        assert loaded.search(vectors[i], 5) == index.search(vectors[i], 5)
    meta = SemanticIndex.read_metadata(tmp_path / "idx")
    assert meta.format_version == FORMAT_VERSION
    assert (meta.encoder_name, meta.dim, meta.count, meta.kind) == (
        ENCODER.name,
        64,
        39,
        KIND_FLAT,
    )
    # New ids after loading do not reuse numbers of removed ones.
    loaded.add(["doc-new"], vectors[4:5])
    assert loaded.search(vectors[4], 1)[0][0] == "doc-new"
    assert len(loaded) == 40
    # Saving again replaces the files: one generation is left on disk.
    loaded.save(tmp_path / "idx")
    assert len(list((tmp_path / "idx").iterdir())) == 3
    assert len(_load(tmp_path / "idx")) == 40


def test_other_encoder_or_dim_is_rejected(
    small: tuple[SemanticIndex, list[str], np.ndarray], tmp_path: Path
) -> None:
    index, _, _ = small
    index.save(tmp_path)
    with pytest.raises(IncompatibleIndexError, match="hashing-char1-3/v1.*rebuild"):
        SemanticIndex.load(tmp_path, encoder_name="use-multilingual-v3/other==0.3", dim=64)
    with pytest.raises(IncompatibleIndexError, match="dim 64"):
        SemanticIndex.load(tmp_path, encoder_name=ENCODER.name, dim=512)


def test_missing_or_foreign_directory_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(IndexFormatError, match="no semantic index"):
        _load(tmp_path)
    ids, vectors = _corpus(3)
    index = SemanticIndex.for_encoder(ENCODER)
    index.add(ids, vectors)
    index.save(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "format_version": 99}))
    with pytest.raises(IndexFormatError, match="format version 99"):
        _load(tmp_path)
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "count": 4}))
    with pytest.raises(IndexFormatError, match="inconsistent"):
        _load(tmp_path)


def _saved_twice(tmp_path: Path) -> tuple[SemanticIndex, np.ndarray]:
    """An index saved with 40 ids, then changed in memory (doc-0 removed, doc-extra added)."""
    ids, vectors = _corpus(40)
    index = SemanticIndex.for_encoder(ENCODER)
    index.add(ids, vectors)
    index.save(tmp_path)
    index.remove(["doc-0"])
    index.add(["doc-extra"], vectors[0:1])
    return index, vectors


def _assert_old_index(tmp_path: Path, vectors: np.ndarray) -> None:
    old = _load(tmp_path)
    assert len(old) == 40
    assert "doc-0" in old
    assert "doc-extra" not in old
    assert old.search(vectors[0], 1)[0][0] == "doc-0"


def test_crash_while_writing_vectors_keeps_the_previous_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import faiss

    index, vectors = _saved_twice(tmp_path)

    def write_half_then_die(_index: Any, path: str) -> None:
        Path(path).write_bytes(b"IxFI partial")
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", write_half_then_die)
    with pytest.raises(OSError, match="disk full"):
        index.save(tmp_path)
    monkeypatch.undo()
    _assert_old_index(tmp_path, vectors)
    # The next save succeeds and clears what the failed one left behind.
    index.save(tmp_path)
    assert len(list(tmp_path.iterdir())) == 3
    assert "doc-extra" in _load(tmp_path)


def test_crash_before_the_commit_keeps_the_previous_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, vectors = _saved_twice(tmp_path)
    real_replace: Callable[[Any, Any], None] = os.replace

    def replace_but_not_meta(src: Any, dst: Any) -> None:
        if Path(dst).name == "meta.json":
            raise OSError("power cut")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_but_not_meta)
    with pytest.raises(OSError, match="power cut"):
        index.save(tmp_path)
    monkeypatch.undo()
    assert len(list(tmp_path.iterdir())) > 3  # the new data files are there, not committed
    _assert_old_index(tmp_path, vectors)
    index.save(tmp_path)
    assert len(list(tmp_path.iterdir())) == 3


def test_growing_past_the_threshold_switches_to_ivf(tmp_path: Path) -> None:
    ids, vectors = _corpus(500)
    index = SemanticIndex.for_encoder(ENCODER, flat_threshold=300)
    index.add(ids[:300], vectors[:300])
    assert index.kind == KIND_FLAT
    index.add(ids[300:], vectors[300:])
    assert index.kind == KIND_IVF
    assert len(index) == 500
    meta = index.metadata()
    assert meta.nlist == semantic.ivf_nlist(500)
    assert meta.nprobe == min(semantic.MAX_NPROBE, meta.nlist)
    found = sum(index.search(vectors[i], 1)[0][0] == ids[i] for i in range(0, 500, 5))
    assert found >= 95  # of 100: 8-bit quantised vectors, every list probed at this size
    # Replace and remove work on the IVF kind too.
    index.add(["doc-10"], vectors[11:12])
    assert len(index) == 500
    assert {name for name, _ in index.search(vectors[11], 2)} == {"doc-10", "doc-11"}
    assert index.remove(["doc-11"]) == 1
    assert "doc-11" not in {name for name, _ in index.search(vectors[11], 10)}
    hits = index.search(vectors[3], 4, allowed=lambda name: name.endswith("7"))
    assert len(hits) == 4
    assert all(name.endswith("7") for name, _ in hits)
    index.save(tmp_path)
    loaded = _load(tmp_path)
    assert loaded.kind == KIND_IVF
    assert len(loaded) == 499
    assert loaded.search(vectors[20], 3) == index.search(vectors[20], 3)


def test_concurrent_searches_and_adds() -> None:
    ids, vectors = _corpus(400)
    index = SemanticIndex.for_encoder(ENCODER)
    index.add(ids[:100], vectors[:100])
    errors: list[BaseException] = []

    def search_many() -> None:
        try:
            for i in range(200):
                hits = index.search(vectors[i % 100], 3, allowed=lambda n: n != "doc-1")
                assert hits
                assert all(name != "doc-1" for name, _ in hits)
        except BaseException as exc:  # collected and re-raised by the test thread
            errors.append(exc)

    def add_many(first: int) -> None:
        try:
            for start in range(first, first + 150, 10):
                index.add(ids[start : start + 10], vectors[start : start + 10])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=search_many) for _ in range(3)]
    threads += [threading.Thread(target=add_many, args=(first,)) for first in (100, 250)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(index) == 400
    assert all(index.search(vectors[i], 1)[0][0] == ids[i] for i in range(0, 400, 7))
