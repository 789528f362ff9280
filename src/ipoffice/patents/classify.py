"""IPC subclass suggestion: votes of the nearest classified documents, plus the IPC scheme.

Neighbours come from the hybrid prior-art search; each votes for its subclasses with a weight
that falls with its rank. Where the scheme is loaded, the text is also compared with every
subclass's profile (its title and main-group titles) in the multilingual embedding space, which
lets a Chinese text meet the English scheme and covers fields the corpus lacks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ipoffice.db.engine import Database
from ipoffice.patents.document import ipc_subclass
from ipoffice.patents.ipc_scheme import subclass_profiles, subclass_titles
from ipoffice.patents.store import get_documents
from ipoffice.search.filters import SearchFilters
from ipoffice.search.indexes import SearchIndexes
from ipoffice.search.searcher import Query, Searcher, validate_text

NEIGHBOURS = 20
RANK_DAMPING = 5.0
# Share of the final score the neighbours' votes carry when the scheme is also used.
VOTE_WEIGHT = 0.75
SCHEME_CANDIDATES = 10


@dataclass(frozen=True)
class IpcSuggestion:
    ipc: str
    score: float
    title: str | None
    neighbours: tuple[str, ...] = field(default=())
    scheme_similarity: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "ipc": self.ipc,
            "score": round(self.score, 4),
            "title": self.title,
            "neighbours": list(self.neighbours),
            "scheme_similarity": None
            if self.scheme_similarity is None
            else round(self.scheme_similarity, 4),
        }


class SchemeProfiles:
    """Subclass profile vectors, cached on disk and rebuilt when the scheme or encoder change."""

    def __init__(self, db: Database, indexes: SearchIndexes) -> None:
        self.db = db
        self.indexes = indexes
        self._codes: list[str] = []
        self._vectors: np.ndarray | None = None

    def _load(self) -> bool:
        if self._vectors is not None:
            return True
        with self.db.session(write=False) as session:
            profiles = subclass_profiles(session)
        if not profiles:
            return False
        codes = sorted(profiles)
        semantic = self.indexes.semantic
        key = hashlib.sha256(
            ("\n".join(f"{c}\t{profiles[c]}" for c in codes) + semantic.encoder_name).encode()
        ).hexdigest()[:16]
        cache: Path = self.indexes.root / f"ipc-profiles-{key}.npy"
        if cache.exists():
            vectors = np.load(cache)
        else:
            vectors = semantic.encode([profiles[c] for c in codes])
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_suffix(".tmp.npy")
            np.save(temporary, vectors)
            temporary.replace(cache)
        self._codes, self._vectors = codes, vectors
        return True

    def similar(self, text: str, top: int) -> list[tuple[str, float]]:
        if not self._load():
            return []
        assert self._vectors is not None
        query = self.indexes.semantic.encode([text])[0]
        scores = self._vectors @ query
        best = np.argsort(-scores)[:top]
        return [(self._codes[i], float(scores[i])) for i in best]


class IpcClassifier:
    def __init__(self, db: Database, indexes: SearchIndexes) -> None:
        self.db = db
        self.searcher = Searcher(db, indexes)
        self.scheme = SchemeProfiles(db, indexes)

    def _votes(self, text: str, exclude: tuple[str, ...]) -> dict[str, tuple[float, list[str]]]:
        hits = self.searcher.search(
            Query(
                text=text,
                filters=SearchFilters(exclude_ids=exclude),
                top=NEIGHBOURS,
                with_passages=False,
            )
        )
        with self.db.session(write=False) as session:
            documents = get_documents(session, [hit.id for hit in hits])
        votes: dict[str, tuple[float, list[str]]] = {}
        for rank, hit in enumerate(hits):
            doc = documents.get(hit.id)
            if doc is None:
                continue
            codes = doc.ipc or doc.cpc
            subclasses = {s for s in (ipc_subclass(c) for c in codes) if s}
            weight = 1.0 / (RANK_DAMPING + rank)
            for subclass in subclasses:
                total, who = votes.get(subclass, (0.0, []))
                votes[subclass] = (total + weight, [*who, hit.id])
        return votes

    def suggest(
        self, text: str, *, top: int = 3, exclude_ids: tuple[str, ...] = ()
    ) -> list[IpcSuggestion]:
        text = validate_text(text)
        votes = self._votes(text, exclude_ids)
        vote_total = sum(v for v, _ in votes.values()) or 1.0
        scheme = dict(self.scheme.similar(text, SCHEME_CANDIDATES))
        combined: dict[str, float] = {}
        for code, (weight, _who) in votes.items():
            combined[code] = weight / vote_total
        if scheme:
            # Similarities become shares over the candidates, above the weakest of them.
            floor = min(scheme.values())
            spread = sum(s - floor for s in scheme.values()) or 1.0
            vote_weight = VOTE_WEIGHT if votes else 0.0
            for code in set(combined) | set(scheme):
                share = (scheme[code] - floor) / spread if code in scheme else 0.0
                combined[code] = vote_weight * combined.get(code, 0.0) + (1 - vote_weight) * share
        ranked = sorted(combined, key=lambda c: (-combined[c], c))[:top]
        with self.db.session(write=False) as session:
            titles = subclass_titles(session, ranked)
        return [
            IpcSuggestion(
                ipc=code,
                score=combined[code],
                title=titles.get(code),
                neighbours=tuple(votes.get(code, (0.0, []))[1][:5]),
                scheme_similarity=scheme.get(code),
            )
            for code in ranked
        ]
