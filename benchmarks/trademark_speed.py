"""Trademark conflict search speed at scale: the platform's index and search over N generated
marks, beside a brute-force `rapidfuzz.process.extract` over every mark in the same run.

    .venv/bin/python benchmarks/trademark_speed.py [--marks 1000000] [--queries 300]
        [--brute 30] [--workers 2] [--seed 11] [--work DIR]

The register (numpy-free `random.Random(seed)`, read by path from ../shared/data, never copied):

* Chinese marks (70 %): a real name drawn uniformly from cn_names/company_short_names.txt
  (267k company short names, 85 %) or cn_names/brand_entities.txt (52k brand entities, 15 %;
  entries kept when they are 2-8 characters of Han, Latin letters and digits). Then: as is
  (55 %), with a generic suffix of a fixed list (`食品`, `科技`, `旗舰店`, `坊`, `优选` ...,
  25 %), one character replaced by another character of the name pool (10 %), a prefix (`小`,
  `老`, `新`, `大`, 5 %), two names joined (5 %).
* Latin marks (30 %): the toneless pinyin of a real Chinese name, capitalised (`Huawei`, half),
  or one or two English words of the PatentsView abstracts (patentsview/*.csv; alphabetic, 4-9
  letters, among the 20,000 most frequent), capitalised (half).
* Goods: 1 class (70 %), 2 (20 %) or 3 (10 %), drawn from an ASSUMED distribution (CLASS_WEIGHTS
  below: the classes Chinese filings concentrate in, 35, 9, 25, 30, 42, 43 ..., weighted by
  rank; not official statistics), each with one similar group of that class drawn uniformly from
  the real table nice_cn/ncl13-2026.jsonl.
* Filing dates uniform over 2000-2025; status registered 70 %, filed 10 %, preliminarily
  approved 5 %, refused/withdrawn/expired 15 %; 0.1 % of registered marks well known; one mark
  in five carries a synthetic 64-bit pHash (random bits: no images are drawn at this scale).

Queries (seeded): half are planted near-duplicates of a live register mark drawn uniformly: a
homophone (one character replaced by another with the same toneless pinyin, from the name
pool), a look-alike (another character with the same four-corner code), the mark inside a
longer one (generic suffix), the Latin pinyin of a Chinese mark, or a logo (the mark's pHash
with 3-6 bits flipped), each on the target's similar group, dated after it. The other half are
real names that are not in the register, on a drawn class. Recall: the planted target among
the top 50.

Measured: build time (analysis in `--workers` processes, then the arrays), index size and the
process's peak memory, save and load; `search_conflicts` top 50 p50/p95 over all queries, one
at a time in this process (candidate stages alone and whole); recall of the planted. Brute
force: `process.extract(query, all normalised texts, scorer=WRatio, limit=50, workers=1)` on
`--brute` queries (half planted, text only: no goods or date filter), its latency and recall;
it is run as `process.cdist(..., workers=1)` plus the top 50 (what `extract` computes, on one
thread: `extract` itself takes no `workers` argument).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from ipoffice.trademarks.conflict_index import ConflictIndex, IndexRecord  # noqa: E402
from ipoffice.trademarks.conflicts import make_query, search_conflicts  # noqa: E402

# ASSUMED class distribution (rank-weighted; not official statistics).
CLASS_RANK = [35, 9, 25, 30, 42, 43, 41, 29, 3, 5, 20, 11, 32, 21, 33, 18, 16, 28, 7, 44,
              10, 31, 14, 36, 39, 24, 12, 37, 40, 6, 45, 8, 19, 4, 1, 2, 17, 22, 23, 26, 27,
              13, 15, 34, 38]  # fmt: skip
CLASS_WEIGHTS = [1.0 / (rank + 2) for rank in range(len(CLASS_RANK))]
SUFFIXES = ["食品", "科技", "旗舰店", "坊", "优选", "生活", "家居", "服饰", "国际", "堂", "屋",
            "工坊", "小铺", "便利店", "餐饮", "茶业", "电器", "汽车"]  # fmt: skip
PREFIXES = ["小", "老", "新", "大"]
STATUSES = ["registered"] * 70 + ["filed"] * 10 + ["preliminarily_approved"] * 5 + \
    ["refused"] * 7 + ["withdrawn"] * 4 + ["expired"] * 4  # fmt: skip
TOP = 50
_NAME_OK = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{2,8}$")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_lines(relative: str) -> list[str]:
    path = SHARED / relative
    if not path.exists():
        sys.exit(f"{path} is missing: this benchmark reads real names from ../shared/data")
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def english_words() -> list[str]:
    counts: Counter[str] = Counter()
    csv.field_size_limit(10**7)
    for path in sorted((SHARED / "patentsview").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                counts.update(re.findall(r"\b[a-z]{4,9}\b", (row.get("patent_abstract") or "")))
    return [w for w, _n in counts.most_common(20000)]


def goods_groups() -> dict[int, list[str]]:
    import json

    groups: dict[int, list[str]] = defaultdict(list)
    for line in read_lines("nice_cn/ncl13-2026.jsonl"):
        row = json.loads(line)
        if row["type"] == "group":
            groups[int(row["code"][:2])].append(row["code"])
    return groups


class Generator:
    def __init__(self, seed: int) -> None:
        from pypinyin import lazy_pinyin

        self.rng = random.Random(seed)
        self.pinyin = lazy_pinyin
        companies = read_lines("cn_names/company_short_names.txt")
        brands = [b for b in read_lines("cn_names/brand_entities.txt") if _NAME_OK.match(b)]
        self.rng.shuffle(companies)
        self.held_out = companies[:2000]  # never in the register: unplanted queries
        self.companies, self.brands = companies[2000:], brands
        self.words = english_words()
        self.groups = goods_groups()
        chars = sorted({c for name in self.companies for c in name if "\u4e00" <= c <= "\u9fff"})
        self.chars = chars
        self.homophones: dict[str, list[str]] = defaultdict(list)
        for c in chars:
            self.homophones[lazy_pinyin(c)[0]].append(c)
        self.look_alike: dict[str, list[str]] = defaultdict(list)
        from four_corner_method import FourCornerMethod

        fcm = FourCornerMethod()
        self.code_of = {c: fcm.query(c) for c in chars}
        for c, code in self.code_of.items():
            if isinstance(code, str):
                self.look_alike[code].append(c)

    def name(self) -> str:
        rng = self.rng
        return rng.choice(self.companies) if rng.random() < 0.85 else rng.choice(self.brands)

    def text(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            if rng.random() < 0.5:
                han = "".join(c for c in self.name() if "\u4e00" <= c <= "\u9fff") or "华为"
                return "".join(self.pinyin(han)).capitalize()
            words = rng.sample(self.words, rng.choice((1, 1, 2)))
            return " ".join(w.capitalize() for w in words)
        name, roll = self.name(), rng.random()
        if roll < 0.55:
            return name
        if roll < 0.80:
            return name + rng.choice(SUFFIXES)
        if roll < 0.90:
            i = rng.randrange(len(name))
            return name[:i] + rng.choice(self.chars) + name[i + 1 :]
        if roll < 0.95:
            return rng.choice(PREFIXES) + name
        return name + self.name()

    def record(self, mark_id: int) -> IndexRecord:
        rng = self.rng
        classes = set(
            rng.choices(CLASS_RANK, CLASS_WEIGHTS, k=rng.choices((1, 2, 3), (7, 2, 1))[0])
        )
        groups = frozenset(rng.choice(self.groups[c]) for c in classes)
        status = rng.choice(STATUSES)
        return IndexRecord(
            id=mark_id,
            number=str(10_000_000 + mark_id),
            text=self.text(),
            filing_date=date(2000, 1, 1) + timedelta(days=rng.randrange(9490)),
            priority_date=None,
            classes=frozenset(classes),
            groups=groups,
            coarse_classes=frozenset(),
            status=status,
            well_known=status == "registered" and rng.random() < 0.001,
            applicant_id=rng.randrange(1, 300_000),
            phash=f"{rng.getrandbits(64):016x}" if rng.random() < 0.2 else None,
        )

    def variant(self, target: IndexRecord) -> tuple[str, str, str | None] | None:
        """(kind, query text, query pHash) imitating `target`, or None if it cannot."""
        rng, text = self.rng, target.text
        han = [i for i, c in enumerate(text) if c in self.code_of]
        kinds = ["homophone", "look-alike", "containment", "pinyin"] + (
            ["logo"] if target.phash else []
        )
        kind = rng.choice(kinds)
        if kind == "logo":
            assert target.phash is not None
            flips = sum(1 << b for b in rng.sample(range(64), rng.randint(3, 6)))
            return kind, text, f"{int(target.phash, 16) ^ flips:016x}"
        if kind == "containment":
            return kind, text + rng.choice(["旗舰店", "官方", "专卖店", "连锁"]), None
        if not han:
            return None
        if kind == "pinyin":
            return kind, "".join(self.pinyin(text)).capitalize(), None
        i = rng.choice(han)
        pool = (
            self.homophones[self.pinyin(text[i])[0]]
            if kind == "homophone"
            else self.look_alike.get(str(self.code_of[text[i]]), [])
        )
        others = [c for c in pool if c != text[i]]
        if not others:
            return None
        return kind, text[:i] + rng.choice(others) + text[i + 1 :], None


def build_register(gen: Generator, count: int) -> list[IndexRecord]:
    return [gen.record(i + 1) for i in range(count)]


def make_queries(gen: Generator, records: list[IndexRecord], count: int) -> list[dict[str, Any]]:
    rng, queries = gen.rng, []
    live = [r for r in records if r.status in ("registered", "preliminarily_approved", "filed")]
    while len(queries) < count // 2:
        target = rng.choice(live)
        made = gen.variant(target)
        if made is None:
            continue
        kind, text, phash = made
        on = target.filing_date + timedelta(days=rng.randrange(30, 2000))
        group = rng.choice(sorted(target.groups))
        queries.append({"kind": kind, "text": text, "phash": phash, "goods": [group], "on": on,
                        "target": target.number, "target_text": target.text})  # fmt: skip
    for name in rng.sample(gen.held_out, count - len(queries)):
        classes = [rng.choices(CLASS_RANK, CLASS_WEIGHTS)[0]]
        queries.append({"kind": "unplanted", "text": name, "phash": None,
                        "classes": classes, "on": date(2026, 1, 1)})  # fmt: skip
    rng.shuffle(queries)
    return queries


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


def run_queries(ix: ConflictIndex, queries: list[dict[str, Any]], rerank: int | None) -> Any:
    latencies, hits_found = [], []
    for q in queries:
        query = make_query(
            text=q["text"], goods=q.get("goods", ()), classes=q.get("classes", ()),
            on=q["on"], top=TOP, phash=q["phash"],
        )  # fmt: skip
        started = time.perf_counter()
        hits = search_conflicts([ix], query, rerank=rerank)
        latencies.append((time.perf_counter() - started) * 1000)
        hits_found.append([h.number for h in hits])
    return latencies, hits_found


def brute_force(ix: ConflictIndex, queries: list[dict[str, Any]]) -> tuple[list[float], int, int]:
    from rapidfuzz import fuzz, process

    from ipoffice.trademarks.mark_text import analyse_mark

    norms = [ix.norms[i] for i in range(len(ix))]
    latencies, found, planted = [], 0, 0
    for q in queries:
        text = analyse_mark(q["text"]).text
        started = time.perf_counter()
        # `process.extract` with one thread, written as `cdist(workers=1)` + top 50.
        scores = process.cdist([text], norms, scorer=fuzz.WRatio, workers=1)[0]
        best = np.argpartition(-scores, TOP)[:TOP]
        latencies.append((time.perf_counter() - started) * 1000)
        if "target" in q:
            planted += 1
            found += ix.row_of(int(q["target"]) - 10_000_000) in set(best.tolist())
    return latencies, found, planted


def build_and_save(records: list[IndexRecord], workers: int, work: Path | None) -> ConflictIndex:
    started = time.perf_counter()
    ix = ConflictIndex.build(records, workers=workers)
    build_s = time.perf_counter() - started
    print(f"index build: {build_s:.1f} s with {workers} workers, index {ix.nbytes / 1e6:.0f} "
          f"MB, peak RSS {peak_mb():.0f} MB, load {loadavg()}")  # fmt: skip
    work = work or Path(tempfile.mkdtemp(prefix="tm-speed-"))
    started = time.perf_counter()
    ix.save(work / "index")
    saved = time.perf_counter() - started
    started = time.perf_counter()
    loaded = ConflictIndex.load(work / "index")
    assert loaded is not None
    print(f"save {saved:.1f} s, load {time.perf_counter() - started:.1f} s ({work / 'index'})")
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--marks", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--brute", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument(
        "--index", type=Path, default=None,
        help="Load this saved index (of the same --marks and --seed) instead of building it: "
        "re-measures the queries without the build.",
    )  # fmt: skip
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {loadavg()} at start")
    started = time.perf_counter()
    gen = Generator(args.seed)
    records = build_register(gen, args.marks)
    queries = make_queries(gen, records, args.queries)
    print(f"generated {len(records):,} marks and {len(queries)} queries in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    if args.index is not None:
        started = time.perf_counter()
        loaded = ConflictIndex.load(args.index)
        if loaded is None or len(loaded) != len(records):
            sys.exit(f"{args.index} holds no index of these {len(records):,} marks")
        print(f"loaded the saved index in {time.perf_counter() - started:.1f} s (no build)")
    else:
        loaded = build_and_save(records, args.workers, args.work)
    ix = loaded
    del records
    run_queries(ix, queries[:20], None)  # warm the per-character caches of the measures
    stage, _ = run_queries(ix, queries, 0)
    whole, found = run_queries(ix, queries, None)
    planted = [(q, f) for q, f in zip(queries, found, strict=True) if "target" in q]
    recalled = sum(q["target"] in f for q, f in planted)
    print(f"candidate stages (rerank 0), {len(queries)} queries: {percentiles(stage)}")
    print(f"conflict search top {TOP}, {len(queries)} queries: {percentiles(whole)}, "
          f"load {loadavg()}")  # fmt: skip
    print(f"recall of planted conflicts in the top {TOP}: {recalled}/{len(planted)} "
          f"= {recalled / max(len(planted), 1):.3f}")  # fmt: skip
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for q, f in planted:
        by_kind[q["kind"]].append(q["target"] in f)
    for kind, flags in sorted(by_kind.items()):
        print(f"  {kind:12s} {sum(flags)}/{len(flags)}")
    text_planted = [q for q, _f in planted if q["kind"] != "logo"][: args.brute // 2]
    others = [q for q in queries if "target" not in q][: args.brute - len(text_planted)]
    brute, brute_found, brute_planted = brute_force(ix, text_planted + others)
    print(f"brute force WRatio over {len(ix):,} texts, {len(text_planted + others)} queries: "
          f"{percentiles(brute)}; planted recall {brute_found}/{brute_planted}")  # fmt: skip
    print(f"peak RSS {peak_mb():.0f} MB, load {loadavg()} at end")


if __name__ == "__main__":
    main()
