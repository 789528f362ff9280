"""Prior-art search quality on real data, beside a plain-BM25 baseline run in the same process.

(a) Family retrieval: every document of a multi-member family in
    ../shared/data/covid/covid_patents_dev.jsonl is a query (its title); its other family
    members (same earliest priority filing) should rank high: recall@10 and MRR.
(b) IPC suggestion: leave-one-out top-1/top-3 subclass accuracy on the same file (the query's
    own family is excluded from the neighbours, so a family member cannot give the answer).
(c) Cross-lingual: the 57 real Chinese abstracts of ../shared/data/cn_cpc carry English keyword
    lines; a Chinese title must find its English keywords among English distractors (real US
    abstracts from ../shared/data/patentsview), and the English keywords its Chinese abstract
    among Chinese distractors (real titles from ../shared/data/cn_ipc).

The baseline is `bm25s` over lowercased words split on non-letters (no Chinese segmentation,
no stemming, no semantic part), with the same voting for IPC.

    .venv/bin/python benchmarks/search_quality.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO / "src"))

from ipoffice.db.engine import Database  # noqa: E402
from ipoffice.db.migrate import upgrade  # noqa: E402
from ipoffice.patents.classify import IpcClassifier  # noqa: E402
from ipoffice.patents.document import PatentDocument, ipc_subclass  # noqa: E402
from ipoffice.patents.formats.jsonl import write_jsonl  # noqa: E402
from ipoffice.patents.ingest import ingest_files  # noqa: E402
from ipoffice.patents.ipc_scheme import load_scheme  # noqa: E402
from ipoffice.search.filters import make_filters  # noqa: E402
from ipoffice.search.indexes import SearchIndexes  # noqa: E402
from ipoffice.search.searcher import Query, Searcher  # noqa: E402

Ranker = Callable[[str, int, set[str]], list[str]]


def covid_documents() -> list[PatentDocument]:
    docs = []
    seen = set()
    with (DATA / "covid" / "covid_patents_dev.jsonl").open(encoding="utf-8") as handle:
        for raw in handle:
            r = json.loads(raw)
            doc_id = r["publicationKey"].replace("_", "")
            if doc_id in seen:
                continue
            seen.add(doc_id)
            keys = sorted(r.get("priorityFilingKeysActive") or [])
            docs.append(
                PatentDocument(
                    id=doc_id,
                    title=r["title"],
                    lang="en",
                    jurisdiction=r["jurisdiction"],
                    ipc=[c for c in r.get("ipcrClassifications") or [] if ipc_subclass(c)],
                    family_id=keys[0] if keys else None,
                )
            )
    return docs


def plain_tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


class Bm25Baseline:
    def __init__(self, docs: Sequence[PatentDocument], text: Callable[[PatentDocument], str]):
        import bm25s

        self.ids = [d.id for d in docs]
        self.retriever = bm25s.BM25()
        self.retriever.index([plain_tokens(text(d)) or ["∅"] for d in docs], show_progress=False)

    def rank(self, query: str, k: int, exclude: set[str]) -> list[str]:
        terms = plain_tokens(query)
        if not terms:
            return []
        import numpy as np

        scores = self.retriever.get_scores(terms)
        order = np.argsort(-scores)
        out = []
        for i in order:
            if scores[i] <= 0:
                break
            if self.ids[i] not in exclude:
                out.append(self.ids[i])
            if len(out) == k:
                break
        return out


def platform_ranker(searcher: Searcher, mode: str) -> Ranker:
    def rank(query: str, k: int, exclude: set[str]) -> list[str]:
        hits = searcher.search(
            Query(
                text=query,
                filters=make_filters(exclude_ids=sorted(exclude)),
                top=k,
                mode=mode,  # type: ignore[arg-type]
                with_passages=False,
            )
        )
        return [h.id for h in hits]

    return rank


def family_figures(docs: Sequence[PatentDocument], rank: Ranker) -> dict[str, float]:
    families: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        if d.family_id:
            families[d.family_id].append(d.id)
    by_id = {d.id: d for d in docs}
    recalls, reciprocal = [], []
    latencies = []
    for members in families.values():
        if len(members) < 2:
            continue
        for member in members:
            others = set(members) - {member}
            started = time.perf_counter()
            ranked = rank(by_id[member].title, 10, {member})
            latencies.append(time.perf_counter() - started)
            recalls.append(len(others & set(ranked)) / len(others))
            first = next((i for i, d in enumerate(ranked, 1) if d in others), None)
            reciprocal.append(1 / first if first else 0.0)
    return {
        "queries": len(recalls),
        "recall@10": statistics.fmean(recalls),
        "MRR@10": statistics.fmean(reciprocal),
        "p50 ms": statistics.median(latencies) * 1000,
    }


def ipc_figures(
    docs: Sequence[PatentDocument],
    suggest: Callable[[PatentDocument, set[str]], list[str]],
) -> dict[str, float]:
    family_members: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        family_members[d.family_id or d.id].add(d.id)
    top1 = top3 = total = 0
    for d in docs:
        truth = {s for s in (ipc_subclass(c) for c in d.ipc) if s}
        if not truth:
            continue
        guesses = suggest(d, family_members[d.family_id or d.id])
        total += 1
        top1 += bool(guesses[:1] and guesses[0] in truth)
        top3 += bool(truth & set(guesses[:3]))
    return {"queries": total, "top-1": top1 / max(total, 1), "top-3": top3 / max(total, 1)}


def vote(neighbour_ids: list[str], by_id: dict[str, PatentDocument]) -> list[str]:
    votes: Counter[str] = Counter()
    for rank, doc_id in enumerate(neighbour_ids):
        for sub in {s for s in (ipc_subclass(c) for c in by_id[doc_id].ipc) if s}:
            votes[sub] += 1 / (5 + rank)
    return [code for code, _ in votes.most_common(3)]


def print_table(title: str, rows: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    keys = list(next(iter(rows.values())))
    print(f"{'system':<28}" + "".join(f"{k:>12}" for k in keys))
    for name, figures in rows.items():
        cells = "".join(
            f"{figures[k]:>12.3f}" if isinstance(figures[k], float) else f"{figures[k]:>12}"
            for k in keys
        )
        print(f"{name:<28}{cells}")


def cross_lingual(work: Path, model: str) -> dict[str, dict[str, float]]:
    records = []
    for name in ("sample_train.csv", "sample_val.csv", "sample_test.csv"):
        with (DATA / "cn_cpc" / name).open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                text = row["text"].strip()
                if not text:
                    continue
                parts = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
                if parts.get("Keywords") and parts.get("Abstract"):
                    records.append((row["publication_number"], parts))
    english = [PatentDocument(id=f"KW-{pid}", title=p["Keywords"], lang="en") for pid, p in records]
    chinese = [
        PatentDocument(id=f"ZH-{pid}", title=p["Title"], abstract=p["Abstract"], lang="zh")
        for pid, p in records
    ]
    distract_en = []
    with (DATA / "patentsview" / "neural_network_patent_query.csv").open(encoding="utf-8") as h:
        for i, row in enumerate(csv.DictReader(h)):
            distract_en.append(
                PatentDocument(
                    id=f"US-{i}", title=row["patent_title"], abstract=row["patent_abstract"]
                )
            )
    distract_zh = []
    with (DATA / "cn_ipc" / "cn_titles_ipc_dev.csv").open(encoding="utf-8-sig") as h:
        for row in csv.DictReader(h):
            distract_zh.append(
                PatentDocument(id=row["publication_number"], title=row["title"], lang="zh")
            )
    results: dict[str, dict[str, float]] = {}
    for direction, queries, targets, distractors in (
        ("zh->en", chinese, english, distract_en),
        ("en->zh", english, chinese, distract_zh),
    ):
        home = work / direction.replace(">", "")
        db = Database(f"sqlite:///{home / 'db.sqlite'}")
        upgrade(db.engine)
        corpus = [*targets, *distractors]
        path = home / "corpus.jsonl"
        write_jsonl(corpus, path)
        indexes = SearchIndexes(home, embedding_model=model)
        ingest_files(db, [path], indexer=indexes)
        searcher = Searcher(db, indexes)
        baseline = Bm25Baseline(corpus, lambda d: f"{d.title} {d.abstract}")
        for system, rank in (
            ("bm25s (plain)", baseline.rank),
            ("platform lexical", platform_ranker(searcher, "lexical")),
            ("platform hybrid", platform_ranker(searcher, "hybrid")),
        ):
            hits10 = rr = 0.0
            for query, target in zip(queries, targets, strict=True):
                text = f"{query.title}\n{query.abstract}".strip()
                ranked = rank(text, 10, set())
                if target.id in ranked:
                    hits10 += 1
                    rr += 1 / (ranked.index(target.id) + 1)
            n = len(queries)
            results[f"{direction} {system}"] = {
                "queries": n, "recall@10": hits10 / n, "MRR@10": rr / n,
            }  # fmt: skip
        db.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="multilingual", choices=["multilingual", "hashing"])
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    args = parser.parse_args()
    docs = covid_documents()
    if args.limit:
        docs = docs[: args.limit]
    by_id = {d.id: d for d in docs}
    print(f"covid corpus: {len(docs)} documents, model {args.model}")
    with tempfile.TemporaryDirectory(prefix="ipoffice-quality-") as tmp:
        work = Path(tmp)
        db = Database(f"sqlite:///{work / 'db.sqlite'}")
        upgrade(db.engine)
        corpus = work / "covid.jsonl"
        write_jsonl(docs, corpus)
        indexes = SearchIndexes(work, embedding_model=args.model)
        started = time.perf_counter()
        ingest_files(db, [corpus], indexer=indexes)
        print(f"ingested and indexed in {time.perf_counter() - started:.1f} s")
        with db.session(write=True) as session:
            load_scheme(session, DATA / "ipc" / "all_ipc.csv")
        searcher = Searcher(db, indexes)
        baseline = Bm25Baseline(docs, lambda d: d.title)

        print_table(
            "(a) family retrieval (query: title; targets: other members of its family)",
            {
                "bm25s (plain)": family_figures(docs, baseline.rank),
                "platform lexical": family_figures(docs, platform_ranker(searcher, "lexical")),
                "platform semantic": family_figures(docs, platform_ranker(searcher, "semantic")),
                "platform hybrid": family_figures(docs, platform_ranker(searcher, "hybrid")),
            },
        )
        classifier = IpcClassifier(db, indexes)
        print_table(
            "(b) IPC subclass suggestion, leave-one-family-out",
            {
                "bm25s kNN vote": ipc_figures(
                    docs, lambda d, ex: vote(baseline.rank(d.title, 20, ex), by_id)
                ),
                "platform (kNN + scheme)": ipc_figures(
                    docs,
                    lambda d, ex: [
                        s.ipc for s in classifier.suggest(d.title, top=3, exclude_ids=tuple(ex))
                    ],
                ),
            },
        )
        db.dispose()
        print_table("(c) cross-lingual retrieval", cross_lingual(work, args.model))


if __name__ == "__main__":
    main()
