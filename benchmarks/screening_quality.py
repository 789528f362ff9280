"""Screening quality on real data: family grouping by the near-duplicate detector, and each
detector's precision and recall on planted cases built from real text.

    .venv/bin/python benchmarks/screening_quality.py

(a) Real families. In ../shared/data/covid/covid_patents_dev.jsonl, documents sharing an active
    priority filing key are the same invention filed again (the file holds bibliographic records,
    so the title is the only text). Every pair of documents is judged: a true pair shares a
    priority key; a predicted pair is one the near-duplicate detector links (the `related` of its
    findings, after the exact check). Pairwise precision, recall and F1, beside an exact-match
    baseline (the same normalised title) in the same run.
(b) Planted cases. Each generator of `ipoffice.screening.planting` builds documents from real
    abstracts, claims and titles of ../shared/data with known abnormal ones (copies, paraphrases,
    substitutions, combinations, machine-scrambled text, padded claims, bursts, linked-entity rings,
    agencies) and hard normal ones; the whole default screening runs on each set and, per
    behaviour, an application counts as predicted when it has a finding of that behaviour.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))  # the real-data loaders of the tests

from tests.shared_data import biopat_texts, cn_abstracts, us_claims  # noqa: E402

from ipoffice.patents.document import PatentDocument  # noqa: E402
from ipoffice.patents.formats.uspto import read_uspto  # noqa: E402
from ipoffice.screening.agencies import AgencyRateDetector  # noqa: E402
from ipoffice.screening.detector import ScreeningContext  # noqa: E402
from ipoffice.screening.detectors import default_detectors  # noqa: E402
from ipoffice.screening.near_duplicates import NearDuplicateDetector  # noqa: E402
from ipoffice.screening.pipeline import DocumentsSource, Screening  # noqa: E402
from ipoffice.screening.planting.content_cases import (  # noqa: E402
    load_patentsview_abstracts,
    plant_content_cases,
)
from ipoffice.screening.planting.filing_cases import load_titles, plant_filing_cases  # noqa: E402
from ipoffice.screening.planting.text_cases import (  # noqa: E402
    claims_from_abstract,
    claims_quality_cases,
    document_from_text,
    machine_generated_cases,
)
from ipoffice.text.normalize import normalize  # noqa: E402

AS_OF = date(2026, 11, 21)
Pair = tuple[str, str]


def covid() -> tuple[list[PatentDocument], dict[str, set[str]]]:
    docs: list[PatentDocument] = []
    keys: dict[str, set[str]] = {}
    with (DATA / "covid" / "covid_patents_dev.jsonl").open(encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            doc_id = record["publicationKey"].replace("_", "")
            if doc_id in keys:
                continue
            keys[doc_id] = set(record.get("priorityFilingKeysActive") or [])
            docs.append(
                PatentDocument(
                    id=doc_id,
                    title=record["title"],
                    lang="en",
                    applicants=record.get("applicants") or [],
                    inventors=record.get("inventors") or [],
                )
            )
    return docs, keys


def pairwise(predicted: set[Pair], truth: set[Pair]) -> dict[str, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": len(predicted), "P": precision, "R": recall, "F1": f1}


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def family_figures() -> None:
    docs, keys = covid()
    by_key: dict[str, list[str]] = {}
    for doc_id, doc_keys in keys.items():
        for key in doc_keys:
            by_key.setdefault(key, []).append(doc_id)
    truth = {_pair(a, b) for ids in by_key.values() for a, b in combinations(sorted(ids), 2)}
    by_title: dict[str, list[str]] = {}
    for doc in docs:
        by_title.setdefault(normalize(doc.title), []).append(doc.id)
    exact = {_pair(a, b) for ids in by_title.values() for a, b in combinations(sorted(ids), 2)}
    rows = {"exact normalised title (baseline)": pairwise(exact, truth)}
    for threshold in (0.8, 0.6):
        screening = Screening([NearDuplicateDetector(threshold)], as_of=AS_OF)
        result = screening.run(DocumentsSource(docs))
        predicted = {
            _pair(a.id, other)
            for a in result.applications
            for f in a.findings
            for other in f.related
        }
        rows[f"near-duplicate detector, threshold {threshold}"] = pairwise(predicted, truth)
    print(f"\n## (a) Real families: {len(docs)} COVID documents, {len(truth):,} true pairs")
    print("\n| method | predicted pairs | P | R | F1 |")
    print("|---|---:|---:|---:|---:|")
    for name, row in rows.items():
        print(f"| {name} | {row['pairs']:,} | {row['P']:.4f} | {row['R']:.4f} | {row['F1']:.4f} |")


# Documents, per behaviour the truly abnormal ids, the screening date, the prior-art reference.
Planted = tuple[list[PatentDocument], dict[str, set[str]], date, list[PatentDocument]]


def filing_suite(rng: random.Random) -> Planted:
    titles = load_titles(DATA / "cn_ipc" / "cn_titles_ipc_dev.csv")
    cases = plant_filing_cases(rng, titles)
    return cases.documents, cases.truth, cases.as_of, []


def content_suite(rng: random.Random) -> Planted:
    abstracts = load_patentsview_abstracts(DATA / "patentsview" / "neural_network_patent_query.csv")
    with (DATA / "cn_ipc" / "cn_titles_ipc_dev.csv").open(encoding="utf-8") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    zh, claims = cn_abstracts(), us_claims()
    planted = plant_content_cases(
        [claims[k] for k in sorted(claims)], abstracts, [zh[k] for k in sorted(zh)], titles, rng
    )
    truth = {behaviour: set(ids) for behaviour, ids in planted.abnormal.items()}
    return planted.documents, truth, AS_OF, list(planted.reference)


def generated_suite(rng: random.Random) -> Planted:
    docs = []
    for name in ("baseball_patent_query.csv", "neural_network_patent_query.csv"):
        with (DATA / "patentsview" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                abstract = row["patent_abstract"].strip().strip('"').replace('""', '"').strip()
                title = row["patent_title"].strip().strip('"')
                docs.append(PatentDocument(id=f"PV{row['patent_number']}", title=title,
                                           abstract=abstract))  # fmt: skip
    unique = list({d.id: d for d in docs}.values())
    biomedical = [document_from_text(k, t, "en") for k, t in sorted(biopat_texts().items())]
    sources = random.Random(11).sample(unique, 1500) + biomedical[:500]
    cases = machine_generated_cases(sources, rng, per_kind=8)
    return cases.documents, {"machine_generated": set(cases.abnormal)}, AS_OF, []


def claims_suite(rng: random.Random) -> Planted:
    sources = [PatentDocument(id=f"US{k}", title="", claims=[t]) for k, t in us_claims().items()]
    for path in sorted((DATA / "uspto").glob("*/*.xml")):
        sources += [r.document for r in read_uspto(path) if r.document and r.document.claims]
    sources += [
        claims_from_abstract(document_from_text(k, t, "zh")) for k, t in cn_abstracts().items()
    ]
    cases = claims_quality_cases(sources, rng, per_kind=8)
    return cases.documents, {"degraded_or_padded": set(cases.abnormal)}, AS_OF, []


def planted_suites() -> dict[str, Callable[[random.Random], Planted]]:
    """name -> builder(rng) giving documents and, per behaviour, the truly abnormal ids."""
    return {
        "copies and combinations": content_suite,
        "machine-generated text": generated_suite,
        "degraded or padded claims": claims_suite,
        "filings (bursts, linked rings, agencies)": filing_suite,
    }


def planted_figures(suites: dict[str, Callable[[random.Random], Planted]]) -> None:
    print("\n## (b) Planted cases from real text, whole default screening")
    print("\n| set | behaviour | documents | abnormal | flagged | P | R |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, build in suites.items():
        docs, truth, as_of, reference = build(random.Random(77))
        detectors = default_detectors(reference=reference)
        result = Screening(detectors, as_of=as_of).run(DocumentsSource(docs))
        for behaviour, abnormal in sorted(truth.items()):
            flagged = {
                a.id
                for a in result.applications
                if any(f.behaviour == behaviour for f in a.findings)
            }
            row = _ids_figures(flagged, abnormal)
            print(
                f"| {name} | {behaviour} | {len(docs):,} | {len(abnormal):,} | {len(flagged):,} "
                f"| {row['P']:.3f} | {row['R']:.3f} |"
            )


def _ids_figures(flagged: Iterable[str], abnormal: Sequence[str] | set[str]) -> dict[str, Any]:
    flagged, abnormal = set(flagged), set(abnormal)
    hits = len(flagged & abnormal)
    return {
        "P": hits / len(flagged) if flagged else 1.0,
        "R": hits / len(abnormal) if abnormal else 1.0,
    }


def agency_given_findings() -> None:
    """The agency detector alone, given the planted findings of the others as `earlier`: the
    whole screening cannot reproduce those, as the planted applications are titles only."""
    titles = load_titles(DATA / "cn_ipc" / "cn_titles_ipc_dev.csv")
    cases = plant_filing_cases(random.Random(77), titles)
    detector = AgencyRateDetector()
    context = ScreeningContext(as_of=cases.as_of, earlier=cases.earlier)
    prepared = [(d.id, detector.prepare(d, context)) for d in cases.documents]
    flagged = set(detector.detect(prepared, context))
    row = _ids_figures(flagged, cases.truth["agency_involvement"])
    print(
        f"| filings, agency detector given the planted findings | agency_involvement "
        f"| {len(cases.documents):,} | {len(cases.truth['agency_involvement']):,} "
        f"| {len(flagged):,} | {row['P']:.3f} | {row['R']:.3f} |"
    )


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"needs the shared data at {DATA}")
    family_figures()
    planted_figures(planted_suites())
    agency_given_findings()


if __name__ == "__main__":
    main()
