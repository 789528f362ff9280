"""Claim-by-claim search report: an aid for the examiner, never an examination opinion.

For each independent claim the claim is searched (published before the cut-off, the document
itself excluded); each top document is compared element by element, and each element gets the
document's best-matching passage with the share of the element's terms it contains. The
suggested category follows the search-report convention:

- X: one document contains every element of the claim;
- Y: no single document does, but two together do;
- A: neither; the closest document is given as background.

"Contains" means a passage holds at least `DISCLOSURE_COVERAGE` of the element's index terms.
That is a lexical signal with its evidence shown, for a person to check; the examiner decides.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ipoffice.db.engine import Database
from ipoffice.patents.claims import ParsedClaim, parse_claims
from ipoffice.patents.document import PatentDocument
from ipoffice.search.filters import make_filters
from ipoffice.search.indexes import SearchIndexes
from ipoffice.search.passages import candidate_passages
from ipoffice.search.searcher import Query, Searcher
from ipoffice.text.analyze import tokens

Category = Literal["X", "Y", "A"]
DOCUMENTS_PER_CLAIM = 5
DISCLOSURE_COVERAGE = 0.6
REPORT_NOTICE = (
    "AI-assisted search: candidate documents and passages for the examiner to check. "
    "It is not an examination opinion."
)


@dataclass(frozen=True)
class ElementMatch:
    element: str
    passage: str
    field: str
    coverage: float
    matched: tuple[str, ...]

    @property
    def disclosed(self) -> bool:
        return self.coverage >= DISCLOSURE_COVERAGE


@dataclass(frozen=True)
class CandidateDocument:
    id: str
    title: str
    publication_date: date | None
    score: float
    elements: tuple[ElementMatch, ...]

    @property
    def disclosed_count(self) -> int:
        return sum(e.disclosed for e in self.elements)


@dataclass(frozen=True)
class ClaimReport:
    number: int
    text: str
    elements: tuple[str, ...]
    category: Category
    cited: tuple[str, ...]
    reasoning: str
    reasoning_zh: str
    documents: tuple[CandidateDocument, ...]


@dataclass(frozen=True)
class SearchReport:
    document_id: str
    title: str
    cutoff: date | None
    claims: tuple[ClaimReport, ...]
    problems: tuple[str, ...] = field(default=())
    notice: str = REPORT_NOTICE

    def as_dict(self) -> dict[str, Any]:
        def iso(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "document_id": self.document_id,
            "title": self.title,
            "cutoff": iso(self.cutoff),
            "notice": self.notice,
            "problems": list(self.problems),
            "claims": [
                {
                    "number": c.number,
                    "text": c.text,
                    "elements": list(c.elements),
                    "category": c.category,
                    "cited": list(c.cited),
                    "reasoning": c.reasoning,
                    "reasoning_zh": c.reasoning_zh,
                    "documents": [
                        {
                            "id": d.id,
                            "title": d.title,
                            "publication_date": iso(d.publication_date),
                            "score": round(d.score, 6),
                            "elements": [
                                {
                                    "element": e.element,
                                    "passage": e.passage,
                                    "field": e.field,
                                    "coverage": round(e.coverage, 3),
                                    "matched": list(e.matched),
                                    "disclosed": e.disclosed,
                                }
                                for e in d.elements
                            ],
                        }
                        for d in c.documents
                    ],
                }
                for c in self.claims
            ],
        }


def match_element(
    element: str, doc: PatentDocument, units: list[tuple[str, str, set[str]]]
) -> ElementMatch:
    terms = set(tokens(element, doc.lang))
    best = ElementMatch(element, "", "", 0.0, ())
    if not terms:
        return best
    for field_name, text, unit_terms in units:
        matched = terms & unit_terms
        coverage = len(matched) / len(terms)
        # Prefer higher coverage, then the shorter passage (it is more specific).
        if coverage > best.coverage or (
            coverage == best.coverage and coverage > 0 and len(text) < len(best.passage)
        ):
            best = ElementMatch(element, text, field_name, coverage, tuple(sorted(matched)))
    return best


def categorise(
    elements: tuple[str, ...], documents: list[CandidateDocument]
) -> tuple[Category, tuple[str, ...], str, str]:
    """(category, cited documents, reasoning in English, reasoning in Chinese)."""
    count = len(elements)
    for doc in documents:
        if doc.disclosed_count == count:
            return (
                "X",
                (doc.id,),
                f"{doc.id} contains all {count} elements",
                f"{doc.id} 包含全部 {count} 项技术特征",
            )
    for first, second in itertools.combinations(documents, 2):
        pairs = zip(first.elements, second.elements, strict=True)
        covered = [a.disclosed or b.disclosed for a, b in pairs]
        if all(covered):
            return (
                "Y",
                (first.id, second.id),
                f"no single document contains all {count} elements; "
                f"{first.id} and {second.id} together do",
                f"没有单篇文献包含全部 {count} 项技术特征；{first.id} 与 {second.id} 结合后包含",
            )
    if not documents:
        return "A", (), "no prior art found before the cut-off", "截止日前未检索到现有技术"
    best = max(documents, key=lambda d: (d.disclosed_count, d.score))
    return (
        "A",
        (best.id,),
        f"closest: {best.id} contains {best.disclosed_count} of {count} elements",
        f"最接近的文献 {best.id} 包含 {count} 项技术特征中的 {best.disclosed_count} 项",
    )


def build_report(
    db: Database,
    indexes: SearchIndexes,
    document_id: str,
    *,
    cutoff: date | None = None,
    documents_per_claim: int = DOCUMENTS_PER_CLAIM,
) -> SearchReport:
    searcher = Searcher(db, indexes)
    doc = searcher.document(document_id)
    cut = cutoff or doc.prior_art_date
    claims = parse_claims(doc.claims, doc.lang, strict=False) if doc.claims else []
    problems = [p for c in claims for p in c.problems]
    independent: list[ParsedClaim] = [c for c in claims if c.is_independent]
    if not independent:
        problems.append("the document has no claims; its abstract was searched instead")
        text = doc.abstract or doc.title
        independent = [ParsedClaim(number=0, text=text, depends_on=(), elements=(text,))]
    filters = make_filters(published_before=cut, exclude_ids=[doc.id])
    reports = []
    for claim in independent:
        hits = searcher.search(
            Query(claim.text, filters, top=documents_per_claim, with_passages=False)
        )
        candidates = []
        for hit in hits:
            other = searcher.document(hit.id)
            units = [(f, t, set(tokens(t, other.lang))) for f, t in candidate_passages(other)]
            matches = tuple(match_element(e, other, units) for e in claim.elements)
            candidates.append(
                CandidateDocument(hit.id, other.title, other.publication_date, hit.score, matches)
            )
        category, cited, reasoning, reasoning_zh = categorise(claim.elements, candidates)
        reports.append(
            ClaimReport(
                number=claim.number,
                text=claim.text,
                elements=claim.elements,
                category=category,
                cited=cited,
                reasoning=reasoning,
                reasoning_zh=reasoning_zh,
                documents=tuple(candidates),
            )
        )
    return SearchReport(doc.id, doc.title, cut, tuple(reports), tuple(problems))
