"""The semantic index of a data home: an encoder and a vector index kept on disk together."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipoffice.patents.document import PatentDocument

if TYPE_CHECKING:
    import numpy as np

    from ipoffice.search.embeddings import Encoder
    from ipoffice.search.semantic import SemanticIndex

# What a document is embedded from: the parts that state the invention.
SEMANTIC_CHARS = 2000


def semantic_text(doc: PatentDocument) -> str:
    first_claim = doc.claims[0] if doc.claims else ""
    return "\n".join(part for part in (doc.title, doc.abstract, first_claim) if part)[
        :SEMANTIC_CHARS
    ]


def make_encoder(model: str) -> Encoder:
    from ipoffice.search.embeddings import HashingEncoder, default_encoder

    if model == "hashing":
        return HashingEncoder()
    return default_encoder()


class SemanticStore:
    def __init__(self, directory: Path, model: str) -> None:
        self.directory = directory
        self.model = model
        self._encoder: Encoder | None = None
        self._index: SemanticIndex | None = None
        self._lock = threading.Lock()

    @property
    def encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = make_encoder(self.model)
            return self._encoder

    @property
    def encoder_name(self) -> str:
        return self.encoder.name

    @property
    def index(self) -> SemanticIndex:
        from ipoffice.search.semantic import SemanticIndex

        encoder = self.encoder
        with self._lock:
            if self._index is None:
                if (self.directory / "meta.json").exists():
                    self._index = SemanticIndex.load(
                        self.directory, encoder_name=encoder.name, dim=encoder.dim
                    )
                else:
                    self._index = SemanticIndex.for_encoder(encoder)
            return self._index

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(list(texts))

    def upsert(self, documents: Sequence[PatentDocument]) -> None:
        """Add or replace documents' vectors in memory; `save` makes them durable."""
        if not documents:
            return
        vectors = self.encode([semantic_text(doc) for doc in documents])
        self.index.add([doc.id for doc in documents], vectors)

    def save(self) -> None:
        """Write the vectors added since the last save (atomically)."""
        if self._index is not None:
            self._index.save(self.directory)

    def search(self, text: str, k: int) -> list[tuple[str, float]]:
        return self.search_vector(self.encode([text])[0], k)

    def search_vector(self, vector: Any, k: int) -> list[tuple[str, float]]:
        index = self.index
        if len(index) == 0:
            return []
        return index.search(vector, k)
