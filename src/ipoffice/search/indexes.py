"""The search indexes of a data home, kept in step with the stored documents.

`index_pending` indexes every stored document whose content the indexes do not hold yet, then
marks it; `rebuild` starts from empty. Both are safe to interrupt: what is not marked is
indexed again next time.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import or_, select, update

from ipoffice.db.engine import Database
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.models import PatentDocumentRow
from ipoffice.patents.store import to_document
from ipoffice.search.lexical import LexicalIndex, reset_directory
from ipoffice.search.semantic_store import SemanticStore

INDEX_BATCH = 500
# Vectors are saved (and their documents marked indexed) at least this often.
SAVE_EVERY = 20_000


class SearchIndexes:
    """Lexical and semantic indexes under `<home>/indexes/`, opened lazily."""

    def __init__(self, home: Path, *, embedding_model: str) -> None:
        self.root = home / "indexes"
        self.embedding_model = embedding_model
        self._lexical: LexicalIndex | None = None
        self._semantic: SemanticStore | None = None
        self._lock = threading.Lock()

    @property
    def lexical(self) -> LexicalIndex:
        with self._lock:
            if self._lexical is None:
                self._lexical = LexicalIndex(self.root / "lexical")
            return self._lexical

    @property
    def semantic(self) -> SemanticStore:
        with self._lock:
            if self._semantic is None:
                self._semantic = SemanticStore(self.root / "semantic", self.embedding_model)
            return self._semantic

    def add(self, documents: Sequence[PatentDocument]) -> None:
        self.lexical.upsert(documents)
        self.semantic.upsert(documents)

    def index_pending(self, db: Database) -> int:
        """Index stored documents the indexes do not hold in their current version.

        Documents are marked indexed only after the semantic index is saved, so a crash before
        the save leaves them pending rather than marked but missing."""
        done = 0
        unsaved: list[tuple[int, str]] = []
        while True:
            with db.session(write=False) as session:
                rows = session.scalars(
                    select(PatentDocumentRow)
                    .where(
                        or_(
                            PatentDocumentRow.indexed_hash.is_(None),
                            PatentDocumentRow.indexed_hash != PatentDocumentRow.content_hash,
                        )
                    )
                    .order_by(PatentDocumentRow.id)
                    .limit(INDEX_BATCH)
                    .offset(len(unsaved))
                ).all()
                batch = [(row.id, row.content_hash, to_document(row)) for row in rows]
            if batch:
                self.add([doc for _id, _hash, doc in batch])
                unsaved += [(row_id, digest) for row_id, digest, _doc in batch]
            if unsaved and (not batch or len(unsaved) >= SAVE_EVERY):
                self.semantic.save()
                self._mark(db, unsaved)
                done += len(unsaved)
                unsaved = []
            if not batch:
                return done

    @staticmethod
    def _mark(db: Database, indexed: list[tuple[int, str]]) -> None:
        with db.session(write=True) as session:
            for row_id, digest in indexed:
                # Only if nobody changed the document meanwhile; otherwise it stays pending.
                session.execute(
                    update(PatentDocumentRow)
                    .where(
                        PatentDocumentRow.id == row_id,
                        PatentDocumentRow.content_hash == digest,
                    )
                    .values(indexed_hash=digest)
                )

    def rebuild(self, db: Database) -> int:
        """Throw the indexes away and index every stored document again."""
        with self._lock:
            self._lexical = None
            self._semantic = None
        reset_directory(self.root)
        with db.session(write=True) as session:
            session.execute(update(PatentDocumentRow).values(indexed_hash=None))
        return self.index_pending(db)
