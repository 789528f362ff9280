"""Prior-art search speed at scale: the platform's whole query path over N synthetic documents
made only of real patent text, beside a plain `bm25s` baseline built and queried in the same run.

    .venv/bin/python benchmarks/search_speed.py [--docs 1000000] [--queries 300] [--work DIR]

Real text is read by path from ../shared/data (never copied into the repository) and cut into
sentences with `ipoffice.text.analyze.sentences`:

* English titles: PatentsView `patent_title` (patentsview/*.csv), the distinct COVID titles
  (covid/covid_patents_dev.jsonl) and the first sentence of each BioPAT text
  (claims/biopat_claims.jsonl, which holds "title. abstract").
* English abstract sentences: PatentsView `patent_abstract` and the rest of each BioPAT text.
* English claim sentences: the 399 claims of claims/single_claim.tsv (a claim cuts at `;` into
  clauses); the first clause of each claim (its preamble) is kept apart.
* Chinese titles: cn_ipc/cn_titles_ipc_dev.csv (with their real IPC subclasses), the `Title:`
  lines of cn_cpc/*.csv and the titles of cn_ipc/cn_duplicate_examples.csv.
* Chinese abstract sentences: the `Abstract:` lines of cn_cpc/*.csv (57 abstracts; the other
  rows of those files are empty) and the abstracts of cn_ipc/cn_duplicate_examples.csv. This
  pool is small (a few hundred sentences): the data holds no more Chinese abstracts and no
  Chinese claims, so Chinese claims are built from the same Chinese sentences.

Held out for queries (drawn with the seed, removed from the corpus pools): 200 English titles,
120 PatentsView abstracts, 60 claims, 200 Chinese titles of cn_titles_ipc_dev.csv and 20 Chinese
abstracts. A sentence that also occurs in a kept text is removed from the corpus pool as well.

Each synthetic document (numpy generator, fixed seed): Chinese with probability 1/4; a real title
of its language drawn uniformly; an abstract of 3-8 sentences drawn uniformly (with replacement)
from its language's abstract-sentence pool, joined by a space (English) or nothing (Chinese);
1-3 claims of 2-4 sentences each (English: a real claim preamble, then real claim clauses;
Chinese: Chinese abstract sentences). Publication date uniform over 2000-01-01..2025-12-31,
filing date 180-1,099 days earlier. Jurisdiction CN for Chinese, otherwise US / EP / WO with
probabilities 1/2, 1/4, 1/4. IPC: a Chinese title from cn_titles_ipc_dev.csv brings its own
subclasses (and a publication number ending in U makes it a utility model); every other
document takes one real code list drawn uniformly from the pool of the 5,844 Chinese subclass
lists and the COVID IPC lists.

Vectors (an approximation, printed as such): encoding 1M documents with the multilingual
encoder would take hours on 2 cores, so the benchmark measures the encoder's real throughput on
2,000 corpus documents (their `semantic_text`, as the platform encodes them) and then builds each
document's vector as the L2-normalised mean of the vectors of its units (title, abstract
sentences, first-claim sentences) that start inside the platform's 2,000-character
`semantic_text` window, each distinct unit encoded once by the real encoder. The mean is weighted
by each unit's length in the encoder's length units (a Han character or a word), the rule the
encoder itself uses to average the chunks of a long text; on the 2,000-document sample it prints
how close this comes to the real document vectors, and how close the unweighted mean comes.
Vectors go into the platform's `SemanticIndex` (500 at a time up to the 50,000-vector flat
threshold, so it converts to IVF-SQ8 exactly where production would, then larger batches) saved
where `SearchIndexes(home)` opens it, under the real encoder's name, so queries are encoded by
the real model.

Lexical index: `LexicalIndex.upsert` in batches of 10,000. Database: SQLite in the work
directory, `store_batch` in transactions of 5,000, then `indexed_hash = content_hash`.

Queries (half English, half Chinese, from held-out text): English title / whole claim / one
abstract sentence in equal parts; Chinese title (half), one abstract sentence (a quarter), two
consecutive abstract sentences (a quarter). Filters: none (50 %), prior-art cut-off date (20 %,
uniform 2005..2025), IPC subclass prefix (20 %, the query's own subclass when it has one) or both
(10 %). `Searcher.search` (top 10, passages on) runs in a fresh process that opens the work
directory as a server would, one query at a time; the three modes (lexical, semantic, hybrid) take
turns query by query in a rotating order, so load from other work falls on all three alike, after
20 warm-up queries in each mode that are not counted. A second pass times the parts of the path.

Baseline: `bm25s` over the same documents' title, abstract and claims as lowercased runs of
letters and digits (`[^\\W_]+`, the tokens of benchmarks/search_quality.py; Chinese runs stay
unsegmented), in its own process, queried with the same texts without filters (top 10). If it
runs out of memory (its process is capped below the machine's free memory) it is retried at half
the size.

Each phase prints the load average before it, its wall time, the CPU time of this process (and
its finished children), the CPU time the whole machine used meanwhile and the peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO / "src"))

from ipoffice.patents.document import PatentDocument, ipc_subclass  # noqa: E402
from ipoffice.search.embeddings import chunk_spans  # noqa: E402
from ipoffice.text.analyze import sentences  # noqa: E402

SEED = 20261121
TARGET_MS = 50.0
WARMUP = 20
MODES = ("lexical", "semantic", "hybrid")
STORE_BATCH = 5_000
LEXICAL_BATCH = 10_000
SEMANTIC_SMALL_BATCH = 500  # production indexes 500 documents at a time (INDEX_BATCH)
SEMANTIC_LARGE_BATCH = 50_000
ENCODER_SAMPLE = 2_000
HELD_EN_TITLES, HELD_EN_ABSTRACTS, HELD_EN_CLAIMS = 200, 120, 60
HELD_ZH_TITLES, HELD_ZH_ABSTRACTS = 200, 20
FIRST_DAY = date(2000, 1, 1).toordinal()
LAST_DAY = date(2025, 12, 31).toordinal()
_PLAIN = re.compile(r"[^\W_]+")


# ---------- machine and process meters ----------


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (user, system, irq, steal...)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def reset_peak_rss() -> None:
    with contextlib.suppress(OSError):  # Linux: "5" resets VmHWM to the current RSS
        Path("/proc/self/clear_refs").write_text("5")


def rss_mib(key: str = "VmHWM") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class PhaseRecord:
    name: str
    load_before: str
    wall: float = 0.0
    cpu: float = 0.0
    machine_busy: float = 0.0
    peak_rss: float = 0.0
    notes: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        others = self.machine_busy - self.cpu
        return (
            f"   [{self.name}] wall {self.wall:.1f} s | CPU of this process {self.cpu:.1f} s "
            f"({self.cpu / max(self.wall, 1e-9):.2f} cores) | whole machine busy "
            f"{self.machine_busy:.1f} CPU-s of {self.wall * os.cpu_count():.1f} | others "
            f"{others:.1f} CPU-s | peak RSS {self.peak_rss:.0f} MiB | load before "
            f"{self.load_before}"
        )


class Meter:
    def __init__(self) -> None:
        self.records: list[PhaseRecord] = []

    @contextmanager
    def phase(self, name: str) -> Iterator[PhaseRecord]:
        record = PhaseRecord(name=name, load_before=loadavg())
        print(f"\n== {name} (load average {record.load_before})", flush=True)
        reset_peak_rss()
        wall, cpu, busy = time.perf_counter(), own_cpu_seconds(), machine_busy_seconds()
        yield record
        record.wall = time.perf_counter() - wall
        record.cpu = own_cpu_seconds() - cpu
        record.machine_busy = machine_busy_seconds() - busy
        record.peak_rss = max(record.peak_rss, rss_mib())
        self.records.append(record)
        print(record.line(), flush=True)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def mib(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


# ---------- real text ----------


def _clean(text: str) -> str:
    return " ".join(text.replace('""', '"').strip().strip('"').split())


@dataclass
class Sources:
    texts: list[str]
    en_titles: np.ndarray
    zh_titles: np.ndarray
    en_abstract: np.ndarray
    zh_abstract: np.ndarray
    en_claim_first: np.ndarray
    en_claim_rest: np.ndarray
    zh_claim: np.ndarray
    # title text id -> (IPC subclasses, kind) for Chinese titles of cn_titles_ipc_dev.csv
    zh_title_meta: dict[int, tuple[list[str], str]]
    ipc_lists: list[list[str]]
    held_en_titles: list[str]
    held_en_claims: list[str]
    held_en_sentences: list[str]
    held_zh_titles: list[tuple[str, list[str]]]
    held_zh_abstracts: list[list[str]]
    lengths: list[int] = field(default_factory=list)
    # length units of each text as the encoder counts them (a Han character or a word)
    unit_lengths: list[int] = field(default_factory=list)


class _Pool:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.ids: dict[str, int] = {}

    def id(self, text: str) -> int:
        number = self.ids.get(text)
        if number is None:
            number = self.ids[text] = len(self.texts)
            self.texts.append(text)
        return number


def _sentences(text: str, min_chars: int) -> list[str]:
    if not text.strip():
        return []
    return [s for s in sentences(text) if len(s) >= min_chars]


def _read_english() -> tuple[list[str], list[str], list[str], list[list[str]]]:
    """(titles, PatentsView abstracts, BioPAT abstracts, COVID IPC lists)."""
    titles: list[str] = []
    patentsview: list[str] = []
    for path in sorted((DATA / "patentsview").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                titles.append(_clean(row["patent_title"]))
                patentsview.append(_clean(row["patent_abstract"]))
    covid_ipc: list[list[str]] = []
    with (DATA / "covid" / "covid_patents_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            titles.append(_clean(record["title"]))
            codes = [c for c in record.get("ipcrClassifications") or [] if ipc_subclass(c)]
            if codes:
                covid_ipc.append(codes)
    biopat: list[str] = []
    with (DATA / "claims" / "biopat_claims.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            parts = sentences(json.loads(line)["text"])
            if len(parts) >= 2:
                titles.append(parts[0].rstrip("."))
                biopat.append(" ".join(parts[1:]))
    return titles, patentsview, biopat, covid_ipc


def _read_chinese() -> tuple[list[tuple[str, list[str], str]], list[str], list[str]]:
    """(cn_ipc titles with subclasses and kind, other titles, abstracts)."""
    ipc_titles = []
    with (DATA / "cn_ipc" / "cn_titles_ipc_dev.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            kind = "utility_model" if row["publication_number"].endswith("U") else "invention"
            subclasses = [s for s in row["ipc_subclasses"].split("|") if s]
            ipc_titles.append((row["title"].strip(), subclasses, kind))
    titles, abstracts = [], []
    for path in sorted((DATA / "cn_cpc").glob("*.csv")):
        with path.open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                lines = [x for x in row["text"].splitlines() if ": " in x]
                parts = dict(x.split(": ", 1) for x in lines)
                if parts.get("Title"):
                    titles.append(parts["Title"].strip())
                if parts.get("Abstract"):
                    abstracts.append(parts["Abstract"].strip())
    with (DATA / "cn_ipc" / "cn_duplicate_examples.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            text = row["文本示例"].strip()
            if row["查重字段"] == "专利名称":
                titles.append(text)
            elif row["查重字段"] == "专利摘要":
                abstracts.append(text)
            else:  # title + abstract: the first sentence is the title
                parts = sentences(text)
                titles.append(parts[0].rstrip("。"))
                abstracts.append("".join(parts[1:]))
    return ipc_titles, titles, abstracts


def load_sources(seed: int) -> Sources:
    rng = np.random.default_rng(seed + 1)
    en_titles_all, patentsview, biopat, covid_ipc = _read_english()
    ipc_titles, zh_other_titles, zh_abstracts = _read_chinese()
    with (DATA / "claims" / "single_claim.tsv").open(encoding="utf-8") as handle:
        claims = [line.split("\t", 1)[1].strip() for line in handle if "\t" in line]

    en_titles = list(dict.fromkeys(t for t in en_titles_all if len(t) >= 8))
    held_en_titles = [en_titles[i] for i in rng.permutation(len(en_titles))[:HELD_EN_TITLES]]
    held_abs = set(rng.permutation(len(patentsview))[:HELD_EN_ABSTRACTS].tolist())
    held_en_sentences = [
        s for i in sorted(held_abs) for s in _sentences(patentsview[i], 40) if len(s) <= 400
    ]
    kept_en_abstracts = [a for i, a in enumerate(patentsview) if i not in held_abs] + biopat
    held_claims = set(rng.permutation(len(claims))[:HELD_EN_CLAIMS].tolist())
    held_en_claims = [claims[i] for i in sorted(held_claims)]
    kept_claims = [c for i, c in enumerate(claims) if i not in held_claims]

    ipc_order = rng.permutation(len(ipc_titles))
    held_zh = [ipc_titles[i] for i in ipc_order[:HELD_ZH_TITLES]]
    kept_zh_ipc = [ipc_titles[i] for i in ipc_order[HELD_ZH_TITLES:]]
    zh_abs_order = rng.permutation(len(zh_abstracts))
    held_zh_abstracts = [_sentences(zh_abstracts[i], 8) for i in zh_abs_order[:HELD_ZH_ABSTRACTS]]
    kept_zh_abstracts = [zh_abstracts[i] for i in zh_abs_order[HELD_ZH_ABSTRACTS:]]

    held_text = set(held_en_titles) | set(held_en_sentences) | set(held_en_claims)
    held_text |= {t for t, _, _ in held_zh} | {s for a in held_zh_abstracts for s in a}
    pool = _Pool()

    def ids(items: list[str]) -> np.ndarray:
        kept = [pool.id(t) for t in dict.fromkeys(items) if t not in held_text]
        return np.asarray(kept, dtype=np.int32)

    en_title_ids = ids([t for t in en_titles if t not in held_en_titles])
    zh_title_meta: dict[int, tuple[list[str], str]] = {}
    for title, subclasses, kind in kept_zh_ipc:
        if title not in held_text:
            zh_title_meta.setdefault(pool.id(title), (subclasses, kind))
    zh_title_ids = ids([t for t, _, _ in kept_zh_ipc] + zh_other_titles)
    en_abstract_ids = ids([s for a in kept_en_abstracts for s in _sentences(a, 20)])
    zh_abstract_ids = ids([s for a in kept_zh_abstracts for s in _sentences(a, 8)])
    claim_parts = [_sentences(c, 12) for c in kept_claims]
    first_ids = ids([p[0] for p in claim_parts if p])
    rest_ids = ids([s for p in claim_parts for s in p[1:]])
    ipc_lists = [s for _, s, _ in ipc_titles if s] + covid_ipc
    return Sources(
        texts=pool.texts,
        en_titles=en_title_ids,
        zh_titles=zh_title_ids,
        en_abstract=en_abstract_ids,
        zh_abstract=zh_abstract_ids,
        en_claim_first=first_ids,
        en_claim_rest=rest_ids,
        zh_claim=zh_abstract_ids,
        zh_title_meta=zh_title_meta,
        ipc_lists=ipc_lists,
        held_en_titles=held_en_titles,
        held_en_claims=held_en_claims,
        held_en_sentences=held_en_sentences,
        held_zh_titles=[(t, s) for t, s, _ in held_zh],
        held_zh_abstracts=[a for a in held_zh_abstracts if len(a) >= 2],
        lengths=[len(t) for t in pool.texts],
        unit_lengths=[sum(span[2] for span in chunk_spans(t, 10**9, 1)) for t in pool.texts],
    )


# ---------- the synthetic corpus ----------


def _ragged(counts: np.ndarray) -> np.ndarray:
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def _draw(
    rng: np.random.Generator, zh: np.ndarray, zh_pool: np.ndarray, en_pool: np.ndarray
) -> np.ndarray:
    u = rng.random(len(zh))
    pick_zh = zh_pool[(u * len(zh_pool)).astype(np.int64)]
    pick_en = en_pool[(u * len(en_pool)).astype(np.int64)]
    return np.where(zh, pick_zh, pick_en).astype(np.int32)


@dataclass
class Corpus:
    n: int
    zh: np.ndarray
    title: np.ndarray
    abstract_offsets: np.ndarray
    abstract_ids: np.ndarray
    claim_offsets: np.ndarray  # per document, into the claims
    claim_sentence_offsets: np.ndarray  # per claim, into claim_ids
    claim_ids: np.ndarray
    published: np.ndarray
    filed: np.ndarray
    jurisdiction: np.ndarray
    ipc_list: np.ndarray  # index into Sources.ipc_lists, -1: the title's own subclasses


JURISDICTIONS = ("CN", "US", "EP", "WO")


def make_corpus(src: Sources, n: int, seed: int) -> Corpus:
    rng = np.random.default_rng(seed)
    zh = rng.random(n) < 0.25
    title = _draw(rng, zh, src.zh_titles, src.en_titles)
    n_abstract = rng.integers(3, 9, n)
    abstract_offsets = _ragged(n_abstract)
    abstract_ids = _draw(rng, np.repeat(zh, n_abstract), src.zh_abstract, src.en_abstract)
    n_claims = rng.integers(1, 4, n)
    claim_offsets = _ragged(n_claims)
    claim_zh = np.repeat(zh, n_claims)
    n_parts = rng.integers(2, 5, len(claim_zh))
    claim_sentence_offsets = _ragged(n_parts)
    part_zh = np.repeat(claim_zh, n_parts)
    first = np.zeros(len(part_zh), dtype=bool)
    first[claim_sentence_offsets[:-1]] = True
    claim_ids = np.where(
        first,
        _draw(rng, part_zh, src.zh_claim, src.en_claim_first),
        _draw(rng, part_zh, src.zh_claim, src.en_claim_rest),
    )
    published = rng.integers(FIRST_DAY, LAST_DAY + 1, n)
    filed = published - rng.integers(180, 1100, n)
    jurisdiction = np.where(zh, 0, rng.choice([1, 1, 2, 3], n)).astype(np.int8)
    ipc_list = rng.integers(0, len(src.ipc_lists), n).astype(np.int32)
    own = np.fromiter((int(t) in src.zh_title_meta for t in title.tolist()), dtype=bool, count=n)
    ipc_list[own & zh] = -1
    return Corpus(
        n=n,
        zh=zh,
        title=title,
        abstract_offsets=abstract_offsets,
        abstract_ids=abstract_ids,
        claim_offsets=claim_offsets,
        claim_sentence_offsets=claim_sentence_offsets,
        claim_ids=claim_ids.astype(np.int32),
        published=published,
        filed=filed,
        jurisdiction=jurisdiction,
        ipc_list=ipc_list,
    )


def doc_id(corpus: Corpus, i: int) -> str:
    return f"{JURISDICTIONS[corpus.jurisdiction[i]]}{100_000_000 + i}A"


def documents(src: Sources, corpus: Corpus, start: int, stop: int) -> list[PatentDocument]:
    """Documents start..stop-1, built from the corpus arrays."""
    texts = src.texts
    a_off = corpus.abstract_offsets[start : stop + 1].tolist()
    a_ids = corpus.abstract_ids[a_off[0] : a_off[-1]].tolist()
    c_off = corpus.claim_offsets[start : stop + 1].tolist()
    s_off = corpus.claim_sentence_offsets[c_off[0] : c_off[-1] + 1].tolist()
    s_ids = corpus.claim_ids[s_off[0] : s_off[-1]].tolist()
    out = []
    for k, i in enumerate(range(start, stop)):
        zh = bool(corpus.zh[i])
        sep = "" if zh else " "
        base = a_off[0]
        abstract = sep.join(texts[j] for j in a_ids[a_off[k] - base : a_off[k + 1] - base])
        claims = []
        for c in range(c_off[k] - c_off[0], c_off[k + 1] - c_off[0]):
            lo, hi = s_off[c] - s_off[0], s_off[c + 1] - s_off[0]
            claims.append(sep.join(texts[j] for j in s_ids[lo:hi]))
        title_id = int(corpus.title[i])
        list_index = int(corpus.ipc_list[i])
        if list_index < 0:
            ipc, kind = src.zh_title_meta[title_id]
        else:
            ipc, kind = src.ipc_lists[list_index], "invention"
        out.append(
            PatentDocument(
                id=doc_id(corpus, i),
                title=texts[title_id],
                kind=kind,  # type: ignore[arg-type]
                lang="zh" if zh else "en",
                abstract=abstract,
                claims=claims,
                filing_date=date.fromordinal(int(corpus.filed[i])),
                priority_date=date.fromordinal(int(corpus.filed[i])),
                publication_date=date.fromordinal(int(corpus.published[i])),
                ipc=list(ipc),
                jurisdiction=JURISDICTIONS[corpus.jurisdiction[i]],
            )
        )
    return out


def semantic_units(
    src: Sources, corpus: Corpus, start: int, stop: int, window: int
) -> tuple[list[int], list[int]]:
    """Text ids of each document's units that start inside the semantic_text window, flat,
    and the offsets of each document's run (the platform encodes title, abstract, first claim
    joined by line breaks, cut at `window` characters)."""
    lengths = src.lengths
    a_off = corpus.abstract_offsets[start : stop + 1].tolist()
    a_ids = corpus.abstract_ids[a_off[0] : a_off[-1]].tolist()
    c_first = corpus.claim_offsets[start:stop].tolist()
    s_off = corpus.claim_sentence_offsets
    units: list[int] = []
    offsets = [0]
    for k, i in enumerate(range(start, stop)):
        sep = 0 if corpus.zh[i] else 1
        title = int(corpus.title[i])
        units.append(title)
        position = lengths[title] + 1
        parts = a_ids[a_off[k] - a_off[0] : a_off[k + 1] - a_off[0]]
        claim = corpus.claim_ids[s_off[c_first[k]] : s_off[c_first[k] + 1]].tolist()
        for group in (parts, claim):
            for j, text_id in enumerate(group):
                if position >= window:
                    break
                units.append(text_id)
                position += lengths[text_id] + (sep if j + 1 < len(group) else 1)
        offsets.append(len(units))
    return units, offsets


# ---------- queries ----------


@dataclass
class BenchQuery:
    text: str
    lang: str
    kind: str
    filter_kind: str
    published_before: str | None
    ipc: str | None


def make_queries(src: Sources, count: int, seed: int) -> list[BenchQuery]:
    rng = np.random.default_rng(seed + 2)

    def cycle(items: list[Any]) -> Callable[[], Any]:
        order = rng.permutation(len(items)).tolist()
        state = {"i": 0}

        def take() -> Any:
            item = items[order[state["i"] % len(order)]]
            state["i"] += 1
            return item

        return take

    en_title, en_claim = cycle(src.held_en_titles), cycle(src.held_en_claims)
    en_sentence, zh_title = cycle(src.held_en_sentences), cycle(src.held_zh_titles)
    zh_abstract = cycle(src.held_zh_abstracts)
    raw: list[tuple[str, str, str, list[str]]] = []
    for i in range(count):
        if i % 2 == 0:
            kind = ("title", "claim", "sentence")[(i // 2) % 3]
            text = {"title": en_title, "claim": en_claim, "sentence": en_sentence}[kind]()
            raw.append((text, "en", kind, []))
        else:
            kind = ("title", "sentence", "title", "two sentences")[(i // 2) % 4]
            if kind == "title":
                title, subclasses = zh_title()
                raw.append((title, "zh", kind, subclasses))
            else:
                parts = zh_abstract()
                first = int(rng.integers(0, len(parts) - 1))
                size = 1 if kind == "sentence" else 2
                raw.append(("".join(parts[first : first + size]), "zh", kind, []))
    out = []
    for text, lang, kind, subclasses in raw:
        r = rng.random()
        filter_kind = "none" if r < 0.5 else "date" if r < 0.7 else "ipc" if r < 0.9 else "both"
        cutoff = ipc = None
        if filter_kind in ("date", "both"):
            day = int(rng.integers(date(2005, 1, 1).toordinal(), LAST_DAY + 1))
            cutoff = date.fromordinal(day).isoformat()
        if filter_kind in ("ipc", "both"):
            if subclasses:
                ipc = subclasses[0]
            else:
                codes = src.ipc_lists[int(rng.integers(0, len(src.ipc_lists)))]
                ipc = ipc_subclass(codes[0])
        out.append(BenchQuery(text, lang, kind, filter_kind, cutoff, ipc))
    return out


# ---------- building ----------


def encode_units(encoder: Any, texts: list[str], unit_ids: np.ndarray) -> np.ndarray:
    vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    step = 4096
    started = time.perf_counter()
    for first in range(0, len(unit_ids), step):
        chunk = unit_ids[first : first + step]
        vectors[chunk] = encoder.encode([texts[i] for i in chunk])
        done = first + len(chunk)
        rate = done / (time.perf_counter() - started)
        print(f"   encoded {done:,}/{len(unit_ids):,} units ({rate:.0f}/s)", flush=True)
    return vectors


def approximate_vectors(
    src: Sources,
    corpus: Corpus,
    unit_vectors: np.ndarray,
    start: int,
    stop: int,
    window: int,
    *,
    weighted: bool = True,
) -> np.ndarray:
    """Documents start..stop-1: the L2-normalised mean of their units' vectors, weighted by
    each unit's length units (the encoder's own rule for averaging the chunks of a long text)
    or, with `weighted=False`, unweighted."""
    units, offsets = semantic_units(src, corpus, start, stop, window)
    rows = unit_vectors[np.asarray(units)]
    if weighted:
        rows *= np.asarray(src.unit_lengths, dtype=np.float32)[np.asarray(units)][:, None]
    summed = np.add.reduceat(rows, np.asarray(offsets[:-1]), axis=0)
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    np.divide(summed, norms, out=summed, where=norms > 0)
    return summed.astype(np.float32, copy=False)


def build_semantic(meter: Meter, src: Sources, corpus: Corpus, home: Path) -> dict[str, Any]:
    from ipoffice.search.embeddings import default_encoder
    from ipoffice.search.semantic import SemanticIndex
    from ipoffice.search.semantic_store import SEMANTIC_CHARS, semantic_text

    out: dict[str, Any] = {}
    encoder = default_encoder()
    with meter.phase("encoder: load and throughput on 2,000 corpus documents") as rec:
        loaded = time.perf_counter()
        encoder.encode(["warm-up"])
        out["encoder_load_s"] = time.perf_counter() - loaded
        sample = documents(src, corpus, 0, min(ENCODER_SAMPLE, corpus.n))
        texts = [semantic_text(d) for d in sample]
        started = time.perf_counter()
        exact = encoder.encode(texts)
        elapsed = time.perf_counter() - started
        out["encoder_docs_per_s"] = len(texts) / elapsed
        out["encoder_name"] = encoder.name
        out["sample_mean_chars"] = statistics.fmean(len(t) for t in texts)
        projected = corpus.n / out["encoder_docs_per_s"]
        rec.notes["docs/s"] = out["encoder_docs_per_s"]
        print(
            f"   {len(texts)} documents (mean {out['sample_mean_chars']:.0f} characters) in "
            f"{elapsed:.1f} s: {out['encoder_docs_per_s']:.1f} documents/s; encoding all "
            f"{corpus.n:,} would take {projected / 3600:.2f} h"
        )
    used = np.unique(np.concatenate([corpus.title, corpus.abstract_ids, corpus.claim_ids])).astype(
        np.int64
    )
    with meter.phase(f"encoder: {len(used):,} distinct real units (titles, sentences)"):
        unit_vectors = encode_units(encoder, src.texts, used)
    out["units"] = len(used)
    out["units_s"] = meter.records[-1].wall
    approx = approximate_vectors(src, corpus, unit_vectors, 0, len(sample), SEMANTIC_CHARS)
    plain = approximate_vectors(
        src, corpus, unit_vectors, 0, len(sample), SEMANTIC_CHARS, weighted=False
    )
    cosine = np.sum(approx * exact, axis=1)
    plain_cosine = np.sum(plain * exact, axis=1)
    self_match = float(np.mean(np.argmax(exact @ approx.T, axis=1) == np.arange(len(sample))))
    zh = corpus.zh[: len(sample)]
    out["approx_cosine_mean"] = float(cosine.mean())
    out["approx_cosine_p5"] = float(np.percentile(cosine, 5))
    out["approx_cosine_en"] = float(cosine[~zh].mean())
    out["approx_cosine_zh"] = float(cosine[zh].mean())
    out["plain_cosine_mean"] = float(plain_cosine.mean())
    out["approx_self_match"] = self_match
    print(
        f"   APPROXIMATION check on the {len(sample)} sampled documents: cosine(real document "
        f"vector, length-weighted mean of its sentence vectors) mean {cosine.mean():.3f} "
        f"(English {out['approx_cosine_en']:.3f}, Chinese {out['approx_cosine_zh']:.3f}), "
        f"5th percentile {np.percentile(cosine, 5):.3f}, min {cosine.min():.3f}; unweighted "
        f"mean {plain_cosine.mean():.3f}; the approximate vector nearest to a real one is its "
        f"own document's for {self_match:.1%}"
    )
    with meter.phase("vectors: approximate document vectors (mean of sentence vectors)"):
        vectors = np.empty((corpus.n, encoder.dim), dtype=np.float32)
        for first in range(0, corpus.n, 20_000):
            stop = min(corpus.n, first + 20_000)
            vectors[first:stop] = approximate_vectors(
                src, corpus, unit_vectors, first, stop, SEMANTIC_CHARS
            )
    del unit_vectors
    directory = home / "indexes" / "semantic"
    with meter.phase("semantic index: SemanticIndex.add (flat, then IVF-SQ8)") as rec:
        index = SemanticIndex(encoder.name, encoder.dim)
        first = 0
        convert_s = 0.0
        while first < corpus.n:
            size = SEMANTIC_SMALL_BATCH if index.kind == "flat" else SEMANTIC_LARGE_BATCH
            stop = min(corpus.n, first + size)
            was = index.kind
            started = time.perf_counter()
            index.add([doc_id(corpus, i) for i in range(first, stop)], vectors[first:stop])
            if was != index.kind:
                convert_s = time.perf_counter() - started
                meta = index.metadata()
                print(
                    f"   converted to {index.kind} at {len(index):,} vectors in "
                    f"{convert_s:.1f} s (nlist {meta.nlist}, nprobe {meta.nprobe})",
                    flush=True,
                )
            first = stop
        meta = index.metadata()
        out.update(kind=meta.kind, nlist=meta.nlist, nprobe=meta.nprobe, convert_s=convert_s)
        rec.notes["kind"] = meta.kind
    out["add_s"] = meter.records[-1].wall
    del vectors
    with meter.phase("semantic index: save"):
        index.save(directory)
    out["save_s"] = meter.records[-1].wall
    out["size"] = dir_size(directory)
    print(f"   {meta.kind}, {len(index):,} vectors, {mib(out['size'])} on disk")
    return out


def bring_schema_up_to_date(home: Path) -> None:
    """A reused home may predate the store's newest columns: migrate it before the queries,
    outside the measured phase."""
    from ipoffice.db.engine import Database
    from ipoffice.db.migrate import upgrade

    db = Database(f"sqlite:///{home / 'db.sqlite'}")
    upgrade(db.engine)
    db.dispose()


def build_database(meter: Meter, src: Sources, corpus: Corpus, home: Path) -> dict[str, Any]:
    from sqlalchemy import update

    from ipoffice.db.engine import Database
    from ipoffice.db.migrate import upgrade
    from ipoffice.patents.models import PatentDocumentRow
    from ipoffice.patents.store import store_batch

    out: dict[str, Any] = {}
    db = Database(f"sqlite:///{home / 'db.sqlite'}")
    upgrade(db.engine)
    with meter.phase(f"database: store_batch, {STORE_BATCH:,} per transaction") as rec:
        making = 0.0
        for first in range(0, corpus.n, STORE_BATCH):
            started = time.perf_counter()
            batch = documents(src, corpus, first, min(corpus.n, first + STORE_BATCH))
            making += time.perf_counter() - started
            with db.session(write=True) as session:
                result = store_batch(session, batch, source="benchmarks/search_speed.py")
            assert len(result.added) == len(batch)
            if (first // STORE_BATCH) % 40 == 0:
                print(f"   stored {first + len(batch):,}", flush=True)
        started = time.perf_counter()
        with db.session(write=True) as session:
            session.execute(
                update(PatentDocumentRow).values(indexed_hash=PatentDocumentRow.content_hash)
            )
        out["mark_s"] = time.perf_counter() - started
        rec.notes["making_s"] = making
    out["store_s"] = meter.records[-1].wall - making - out["mark_s"]
    out["making_s"] = making
    db.dispose()
    out["size"] = sum(dir_size(p) for p in home.glob("db.sqlite*"))
    print(
        f"   store_batch {out['store_s']:.1f} s ({corpus.n / out['store_s']:.0f} documents/s), "
        f"indexed_hash update {out['mark_s']:.1f} s, building the documents {making:.1f} s; "
        f"{mib(out['size'])} on disk"
    )
    return out


def build_lexical(meter: Meter, src: Sources, corpus: Corpus, home: Path) -> dict[str, Any]:
    from ipoffice.search.lexical import LexicalIndex

    out: dict[str, Any] = {}
    with meter.phase(f"lexical index: LexicalIndex.upsert, {LEXICAL_BATCH:,} per batch") as rec:
        index = LexicalIndex(home / "indexes" / "lexical")
        making = 0.0
        for first in range(0, corpus.n, LEXICAL_BATCH):
            started = time.perf_counter()
            batch = documents(src, corpus, first, min(corpus.n, first + LEXICAL_BATCH))
            making += time.perf_counter() - started
            index.upsert(batch)
            if (first // LEXICAL_BATCH) % 10 == 0:
                print(f"   indexed {first + len(batch):,}", flush=True)
        out["count"] = len(index)
        rec.notes["making_s"] = making
    out["build_s"] = meter.records[-1].wall - making
    out["making_s"] = making
    out["size"] = dir_size(home / "indexes" / "lexical")
    print(
        f"   {out['count']:,} documents, upsert {out['build_s']:.1f} s "
        f"({corpus.n / out['build_s']:.0f} documents/s), building the documents {making:.1f} s; "
        f"{mib(out['size'])} on disk"
    )
    return out


# ---------- the query process ----------


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def _phase_stats(started: tuple[float, float, float]) -> dict[str, float]:
    wall, cpu, busy = started
    return {
        "wall": time.perf_counter() - wall,
        "cpu": own_cpu_seconds() - cpu,
        "busy": machine_busy_seconds() - busy,
    }


def query_worker(home: str, queries: list[BenchQuery], warmup: list[BenchQuery], pipe: Any) -> None:
    """Opens the work directory like a server and runs the queries; sends figures back."""
    from ipoffice.db.engine import Database
    from ipoffice.patents.store import get_documents
    from ipoffice.search.filters import make_filters
    from ipoffice.search.indexes import SearchIndexes
    from ipoffice.search.passages import QueryTerms, best_passages

    def passages_of(docs: Any, terms: set[str]) -> list[Any]:
        query = QueryTerms(terms)  # once per query, as `Searcher.search` does
        return [best_passages(doc, query) for doc in docs]

    from ipoffice.search.searcher import Query, Searcher
    from ipoffice.text.analyze import tokens

    reset_peak_rss()
    base = Path(home)
    out: dict[str, Any] = {"open": {}, "modes": {}, "parts": {}}
    db = Database(f"sqlite:///{base / 'db.sqlite'}")
    indexes = SearchIndexes(base, embedding_model="multilingual")
    searcher = Searcher(db, indexes)
    out["open"]["lexical_ms"], count = _timed(lambda: len(indexes.lexical))
    out["open"]["semantic_load_ms"], _ = _timed(lambda: len(indexes.semantic.index))
    out["open"]["encoder_load_ms"], _ = _timed(lambda: indexes.semantic.encode(["warm-up"]))
    out["open"]["documents"] = count
    out["open"]["rss_after_open"] = rss_mib("VmRSS")

    store = indexes.semantic
    calls = {"n": 0}
    # Count the vector-index searches of one query (its widening rounds).
    counted = "search_vector" if hasattr(store, "search_vector") else "search"
    original_search = getattr(store, counted)

    def counting_search(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return original_search(*args, **kwargs)

    setattr(store, counted, counting_search)

    def run(q: BenchQuery, mode: str, **kw: Any) -> tuple[float, list[Any]]:
        filters = make_filters(
            published_before=date.fromisoformat(q.published_before) if q.published_before else None,
            ipc=[q.ipc] if q.ipc else None,
        )
        return _timed(lambda: searcher.search(Query(q.text, filters, mode=mode, **kw)))  # type: ignore[arg-type]

    for q in warmup:
        for mode in MODES:
            run(q, mode)
    load = loadavg()
    rows: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    spent = {mode: {"wall": 0.0, "cpu": 0.0, "busy": 0.0} for mode in MODES}
    for i, q in enumerate(queries):
        # The modes take turns query by query, in a rotating order, so that load from other
        # work on the machine falls on all three alike.
        for mode in MODES[i % 3 :] + MODES[: i % 3]:
            calls["n"] = 0
            busy, cpu = machine_busy_seconds(), time.process_time()
            ms, hits = run(q, mode)
            spent[mode]["busy"] += machine_busy_seconds() - busy
            spent[mode]["cpu"] += time.process_time() - cpu
            spent[mode]["wall"] += ms / 1000
            rows[mode].append({"ms": ms, "hits": len(hits), "rounds": calls["n"]})
    for mode in MODES:
        out["modes"][mode] = {"rows": rows[mode], "load_before": load, **spent[mode]}

    # The parts of the hybrid path, timed one by one on the same queries.
    parts: dict[str, list[float]] = {
        k: []
        for k in (
            "analyse query",
            "tantivy search (40)",
            "encode query",
            "faiss search (40)",
            "semantic incl. filter check",
            "fetch 10 documents",
            "passages of 10",
            "hybrid, no passages",
        )
    }
    load = loadavg()
    started = (time.perf_counter(), own_cpu_seconds(), machine_busy_seconds())
    for q in queries:
        filters = make_filters(
            published_before=date.fromisoformat(q.published_before) if q.published_before else None,
            ipc=[q.ipc] if q.ipc else None,
        )
        ms, terms = _timed(lambda q=q: set(tokens(q.text)))
        parts["analyse query"].append(ms)
        ms, _ = _timed(lambda q=q, f=filters: indexes.lexical.search(q.text, filters=f, top=40))
        parts["tantivy search (40)"].append(ms)
        ms, vector = _timed(lambda q=q: store.encode([q.text])[0])
        parts["encode query"].append(ms)
        ms, _ = _timed(lambda v=vector: store.index.search(v, 40))
        parts["faiss search (40)"].append(ms)
        ms, _ = _timed(lambda q=q, f=filters: searcher._semantic(q.text, f, 40))
        parts["semantic incl. filter check"].append(ms)
        ms, hits = run(q, "hybrid", with_passages=False)
        parts["hybrid, no passages"].append(ms)
        ids = [h.id for h in hits]

        def fetch(ids: list[str] = ids) -> dict[str, Any]:
            with db.session(write=False) as session:
                return get_documents(session, ids)

        ms, docs = _timed(fetch)
        parts["fetch 10 documents"].append(ms)
        ms, _ = _timed(lambda d=docs, t=terms: passages_of(d.values(), t))
        parts["passages of 10"].append(ms)
    out["parts"] = parts
    out["parts_load_before"] = load
    out["parts_stats"] = _phase_stats(started)
    out["peak_rss"] = rss_mib()
    db.dispose()
    pipe.send(out)
    pipe.close()


# ---------- the bm25s baseline process ----------


def plain_tokens(text: str) -> list[str]:
    return _PLAIN.findall(text.lower())


def bm25_worker(n: int, seed: int, queries: list[str], limit_bytes: int, pipe: Any) -> None:
    reset_peak_rss()
    if limit_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    out: dict[str, Any] = {"n": n}
    try:
        import bm25s

        src = load_sources(seed)
        corpus = make_corpus(src, n, seed)
        started = time.perf_counter()
        vocab: dict[str, int] = {}
        corpus_ids: list[list[int]] = []
        for first in range(0, n, 20_000):
            for doc in documents(src, corpus, first, min(n, first + 20_000)):
                text = " ".join([doc.title, doc.abstract, *doc.claims])
                corpus_ids.append([vocab.setdefault(t, len(vocab)) for t in plain_tokens(text)])
        out["tokenize_s"] = time.perf_counter() - started
        out["vocab"] = len(vocab)
        out["tokens"] = sum(len(d) for d in corpus_ids)
        del src, corpus
        started = time.perf_counter()
        retriever = bm25s.BM25()
        retriever.index((corpus_ids, vocab), show_progress=False)
        out["index_s"] = time.perf_counter() - started
        del corpus_ids
        out["size"] = sum(retriever.scores[k].nbytes for k in ("data", "indices", "indptr"))
        out["rss_after_index"] = rss_mib("VmRSS")
        latencies = []
        query_ids = []
        for text in queries:
            ids = [vocab[t] for t in plain_tokens(text) if t in vocab]
            query_ids.append(ids)
        for ids in query_ids[:WARMUP]:
            if ids:
                retriever.retrieve([ids], k=10, show_progress=False, n_threads=0)
        load = loadavg()
        phase = (time.perf_counter(), own_cpu_seconds(), machine_busy_seconds())
        for text in queries[WARMUP:]:

            def one(text: str = text) -> Any:
                ids = [vocab[t] for t in plain_tokens(text) if t in vocab]
                if not ids:
                    return None
                return retriever.retrieve([ids], k=10, show_progress=False, n_threads=0)

            ms, _ = _timed(one)
            latencies.append(ms)
        out["latencies"] = latencies
        out["load_before"] = load
        out.update(_phase_stats(phase))
        out["ok"] = True
    except MemoryError as exc:
        out["ok"] = False
        out["error"] = f"MemoryError {exc}"
    out["peak_rss"] = rss_mib()
    pipe.send(out)
    pipe.close()


def run_child(target: Callable[..., None], *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, sender))
    process.start()
    sender.close()
    try:
        result = receiver.recv()
    except EOFError:
        result = {"ok": False, "error": "the process ended without an answer"}
    process.join()
    if process.exitcode:
        result.setdefault("ok", False)
        result["error"] = result.get("error", "") + f" (exit code {process.exitcode})"
    return result


def machine_facts() -> str:
    import sqlite3
    from importlib.metadata import version

    model = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    total = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            total = int(line.split()[1]) * 1024
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("tantivy", "faiss-cpu", "numpy", "bm25s", "sqlalchemy", "jieba")
    )
    return (
        f"{os.cpu_count()} CPUs ({model}), {total / 2**30:.1f} GiB, Linux {os.uname().release}; "
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; {packages}"
    )


def code_version() -> str:
    """The commit of the code under test, and whether its search code has local changes."""
    import subprocess

    git = shutil.which("git")
    if git is None:
        return "unknown (no git)"
    head = subprocess.run(  # noqa: S603
        [git, "-C", str(REPO), "log", "-1", "--format=%h %ad %s", "--date=iso"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    changed = subprocess.run(  # noqa: S603
        [git, "-C", str(REPO), "status", "--porcelain", "--", "src/ipoffice"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    changed = [line for line in changed if line.strip()]
    return f"{head}; {len(changed)} changed files under src/ipoffice"


def mem_available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


# ---------- report ----------


def summarize(rows: list[float]) -> tuple[float, float, float]:
    return statistics.median(rows), pct(rows, 0.95), statistics.fmean(rows)


def print_report(
    args: argparse.Namespace,
    meta: dict[str, Any],
    queries: list[BenchQuery],
    q: dict[str, Any],
    bm: dict[str, Any],
) -> None:
    n = args.docs
    sem, lex, dbf = meta["semantic"], meta["lexical"], meta["db"]
    print("\n" + "=" * 100)
    print(f"RESULTS: {n:,} documents, {len(queries)} queries (+{WARMUP} warm-up), top 10")
    print(
        "NOTE: document vectors are an APPROXIMATION (L2-normalised, length-weighted mean of the "
        "real encoder's sentence vectors; cosine to the real document vector "
        f"{sem['approx_cosine_mean']:.3f} on average); query vectors are real."
    )
    print(
        f"\n{'system':<34}{'build s':>10}{'size MiB':>10}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'mean ms':>9}{'hits<10':>8}"
    )
    sizes = {"lexical": lex["size"], "semantic": sem["size"], "hybrid": lex["size"] + sem["size"]}
    builds = {
        "lexical": lex["build_s"],
        "semantic": sem["add_s"] + sem["save_s"],
        "hybrid": lex["build_s"] + sem["add_s"] + sem["save_s"],
    }
    for mode in MODES:
        rows = q["modes"][mode]["rows"]
        p50, p95, mean = summarize([r["ms"] for r in rows])
        short = sum(r["hits"] < 10 for r in rows)
        print(
            f"{'platform ' + mode:<34}{builds[mode]:>10.0f}{sizes[mode] / 2**20:>10.0f}"
            f"{p50:>9.1f}{p95:>9.1f}{mean:>9.1f}{short:>8}"
        )
    if bm.get("ok"):
        p50, p95, mean = summarize(bm["latencies"])
        label = f"bm25s baseline ({bm['n']:,} docs)"
        print(
            f"{label:<34}{bm['index_s']:>10.0f}{bm['size'] / 2**20:>10.0f}"
            f"{p50:>9.1f}{p95:>9.1f}{mean:>9.1f}{'':>8}"
        )
    print(
        f"\nbuild: lexical upsert {lex['build_s']:.0f} s; SQLite store_batch "
        f"{dbf['store_s']:.0f} s + mark {dbf['mark_s']:.0f} s ({mib(dbf['size'])}); semantic add "
        f"{sem['add_s']:.0f} s (IVF conversion {sem['convert_s']:.0f} s) + save {sem['save_s']:.0f}"
        f" s; sentence encoding {sem['units']:,} units {sem['units_s']:.0f} s; real encoder "
        f"{sem['encoder_docs_per_s']:.1f} documents/s -> {n / sem['encoder_docs_per_s'] / 3600:.1f}"
        " h for the corpus"
    )
    if bm.get("ok"):
        print(
            f"bm25s: tokenize {bm['tokenize_s']:.0f} s, index {bm['index_s']:.0f} s, "
            f"{bm['tokens']:,} tokens, vocabulary {bm['vocab']:,}, "
            f"peak RSS {bm['peak_rss']:.0f} MiB"
        )
    for attempt in meta.get("bm25_attempts", []):
        if not attempt.get("ok"):
            print(f"bm25s at {attempt['n']:,} documents failed: {attempt.get('error')}")
    opened = q["open"]
    print(
        f"query process: opened lexical {opened['lexical_ms']:.0f} ms, semantic index load "
        f"{opened['semantic_load_ms']:.0f} ms, encoder load {opened['encoder_load_ms']:.0f} ms, "
        f"RSS after opening {opened['rss_after_open']:.0f} MiB, peak RSS {q['peak_rss']:.0f} MiB"
    )
    print(f"\np50 ms by filter / language ({'/'.join(MODES)}):")
    groups: dict[str, list[int]] = {}
    for i, query in enumerate(queries):
        groups.setdefault(f"filter {query.filter_kind}", []).append(i)
        groups.setdefault(f"{query.lang} {query.kind}", []).append(i)
    for name, members in sorted(groups.items()):
        cells = []
        for mode in MODES:
            rows = q["modes"][mode]["rows"]
            cells.append(f"{statistics.median(rows[i]['ms'] for i in members):7.1f}")
        rounds = statistics.fmean(q["modes"]["semantic"]["rows"][i]["rounds"] for i in members)
        short = sum(q["modes"]["semantic"]["rows"][i]["hits"] < 10 for i in members)
        print(
            f"  {name:<20}{len(members):>5} queries {' '.join(cells)}   semantic rounds "
            f"{rounds:.2f}, semantic <10 hits {short}"
        )
    print("\nparts of the path (ms per query): p50 / p95 / mean, then p50 English / Chinese")
    english = [i for i, query in enumerate(queries) if query.lang == "en"]
    chinese = [i for i, query in enumerate(queries) if query.lang == "zh"]
    for name, rows in q["parts"].items():
        p50, p95, mean = summarize(rows)
        en = statistics.median(rows[i] for i in english)
        zh = statistics.median(rows[i] for i in chinese)
        print(f"  {name:<30}{p50:8.2f}{p95:8.2f}{mean:8.2f}   {en:8.2f}{zh:8.2f}")
    print(
        "\nload and CPU per mode, summed over its queries (wall s, CPU s of the query process, "
        "machine busy CPU-s):"
    )
    for mode in MODES:
        m = q["modes"][mode]
        print(
            f"  {mode:<9} load before {m['load_before']}: wall {m['wall']:.1f}, CPU "
            f"{m['cpu']:.1f}, machine {m['busy']:.1f} (others {m['busy'] - m['cpu']:.1f})"
        )
    if bm.get("ok"):
        print(
            f"  bm25s     load before {bm['load_before']}: wall {bm['wall']:.1f}, CPU "
            f"{bm['cpu']:.1f}, machine {bm['busy']:.1f} (others {bm['busy'] - bm['cpu']:.1f})"
        )
    hybrid_p50 = statistics.median(r["ms"] for r in q["modes"]["hybrid"]["rows"])
    verdict = "met" if hybrid_p50 < TARGET_MS and n >= 1_000_000 else "not met"
    scale = "" if n >= 1_000_000 else f" (measured at {n:,} documents, not 1M)"
    print(
        f"\nTARGET: hybrid p50 under {TARGET_MS:.0f} ms at 1M documents: {verdict} "
        f"({hybrid_p50:.1f} ms){scale}"
    )


# ---------- main ----------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--work", type=Path, default=None, help="keep everything in DIR")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip-bm25", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --work: keep the indexes and database built there by an earlier run "
        "(same --docs and --seed) and run only the query and baseline phases",
    )
    args = parser.parse_args()
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        work = args.work
    else:
        work = Path(tempfile.mkdtemp(prefix="ipoffice-search-speed-"))
    print(
        f"search speed: {args.docs:,} documents, {args.queries} queries, seed {args.seed}, "
        f"work {work}; {os.cpu_count()} CPUs, MemAvailable {mem_available() / 2**30:.1f} GiB, "
        f"load {loadavg()}"
    )
    print(f"machine: {machine_facts()}")
    print(f"code: {code_version()}")
    started = time.perf_counter()
    meter = Meter()
    try:
        with meter.phase("real text: read and cut into sentences"):
            src = load_sources(args.seed)
        print(
            f"   units {len(src.texts):,}: titles en {len(src.en_titles):,} / zh "
            f"{len(src.zh_titles):,}; abstract sentences en {len(src.en_abstract):,} / zh "
            f"{len(src.zh_abstract):,}; claim preambles {len(src.en_claim_first):,}, clauses "
            f"{len(src.en_claim_rest):,}; IPC lists {len(src.ipc_lists):,}; held out: "
            f"{len(src.held_en_titles)} en titles, {len(src.held_en_claims)} claims, "
            f"{len(src.held_en_sentences)} en sentences, {len(src.held_zh_titles)} zh titles, "
            f"{len(src.held_zh_abstracts)} zh abstracts"
        )
        with meter.phase("corpus: draw the documents"):
            corpus = make_corpus(src, args.docs, args.seed)
            all_queries = make_queries(src, args.queries + WARMUP, args.seed)
        warmup, queries = all_queries[:WARMUP], all_queries[WARMUP:]
        print(
            f"   {int(corpus.zh.sum()):,} Chinese documents; {len(corpus.abstract_ids):,} "
            f"abstract sentences, {len(corpus.claim_sentence_offsets) - 1:,} claims; "
            f"{len({q.text for q in queries})} distinct query texts"
        )
        sample = documents(src, corpus, 0, 1)[0]
        print(f"   e.g. {sample.id} {sample.title!r}: {sample.abstract[:160]!r}...")
        home = work / "home"
        saved = work / "build.json"
        if args.reuse and args.work is not None and saved.exists():
            meta = json.loads(saved.read_text())
            if meta["docs"] != args.docs or meta["seed"] != args.seed:
                raise SystemExit(f"{saved} was built with other --docs or --seed")
            print(f"   reusing the indexes and database built in {home}")
            bring_schema_up_to_date(home)
        else:
            meta = {"docs": args.docs, "seed": args.seed}
            meta["db"] = build_database(meter, src, corpus, home)
            meta["lexical"] = build_lexical(meter, src, corpus, home)
            meta["semantic"] = build_semantic(meter, src, corpus, home)
            meta["build_records"] = [record.line() for record in meter.records]
            saved.write_text(json.dumps(meta))
        del corpus
        print(f"\ncode at the query phase: {code_version()}")
        with meter.phase("queries: Searcher.search in a fresh process") as rec:
            q = run_child(query_worker, str(home), queries, warmup)
            rec.peak_rss = q.get("peak_rss", 0.0)
        if "modes" not in q:
            raise SystemExit(f"the query process failed: {q.get('error')}")
        bm: dict[str, Any] = {"ok": False}
        meta["bm25_attempts"] = []
        size = args.docs
        while not args.skip_bm25 and size >= 1000:
            limit = int(mem_available() * 0.8)
            label = f"bm25s baseline: {size:,} documents (memory cap {mib(limit)})"
            with meter.phase(label) as rec:
                bm = run_child(
                    bm25_worker, size, args.seed, [x.text for x in warmup + queries], limit
                )
                rec.peak_rss = bm.get("peak_rss", 0.0)
            meta["bm25_attempts"].append(bm)
            print(f"   peak RSS {bm.get('peak_rss', float('nan')):.0f} MiB, ok={bm.get('ok')}")
            if bm.get("ok"):
                break
            print(f"   bm25s failed at {size:,} documents: {bm.get('error')}")
            size //= 2
        print_report(args, meta, queries, q, bm)
        print(f"\ntotal wall time {(time.perf_counter() - started) / 60:.1f} min")
        if args.reuse:
            print("build phases (earlier run):")
            for line in meta.get("build_records", []):
                print(line)
        for record in meter.records:
            print(record.line())
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
