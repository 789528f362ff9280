"""Batch screening speed at national volume: `Screening.run` with every default detector over N
synthetic applications made only of real patent text, beside `datasketch` MinHash LSH on the
same shingle sets in the same run.

    .venv/bin/python benchmarks/screening_speed.py [--apps 1000000] [--work DIR] [--reuse]
        [--baseline-apps N]

The applications' texts are those of `benchmarks/search_speed.py` (same pools of real sentences
from ../shared/data, same generator; see its docstring): a real title, 3-8 real abstract sentences,
1-3 claims of real claim clauses; a quarter Chinese. Each application then gets parties drawn with
a fixed seed: an applicant from a Zipf-like pool of 200,000 (real Chinese company short names of
cn_names/company_short_names.txt + 有限公司, or an English `... Inc.` made from them), one of
2,000 agencies, an address and a telephone number of its applicant, 1-3 inventors from a pool of
300,000 names, and a filing date spread over 2024-2026. Planted so that every detector has work:
1 % near copies of an earlier application (3 % of the words changed), and 2 % of applicants file
in bursts.

The input is written once as JSON Lines to the work directory (`--reuse` keeps it). Screening
runs in a fresh process reading that file, as `ipoffice screen run` does; the time of each stage
(read/survey, prepare, detect per detector, explain) comes from the pipeline's progress calls,
peak memory from the child's maximum resident set. The baseline runs in another fresh process:
the same shingles (`near_duplicates.shingles`), then `datasketch.MinHash` (128 permutations,
`update_batch`) and `MinHashLSH(threshold=0.8)` insert and query, beside the platform's rensa
signatures and band sort on the same sets, on the first `--baseline-apps` applications.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REPO = HERE.parent
DATA = REPO.parent / "shared" / "data"

import search_speed  # noqa: E402

from ipoffice.patents.formats.jsonl import document_to_json  # noqa: E402

SEED = 20261121
APPLICANTS = 200_000
AGENCIES = 2_000
INVENTORS = 300_000
PROVINCES = ("北京市", "上海市", "广东省深圳市", "江苏省苏州市", "浙江省杭州市", "山东省青岛市",
             "四川省成都市", "湖北省武汉市", "河南省郑州市", "陕西省西安市")  # fmt: skip
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓"
    "曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红文斌"


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _company_names(count: int, rng: np.random.Generator) -> list[str]:
    path = DATA / "cn_names" / "company_short_names.txt"
    with path.open(encoding="utf-8") as handle:
        short = [line.strip() for line in handle if 2 <= len(line.strip()) <= 8]
    picks = rng.choice(len(short), size=count, replace=count > len(short))
    out = []
    for k, i in enumerate(picks.tolist()):
        base = short[i]
        out.append(f"{base}科技有限公司{k}" if k % 4 else f"{base} Technology Inc. {k}")
    return out


def write_input(path: Path, apps: int, seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    src = search_speed.load_sources(seed)
    corpus = search_speed.make_corpus(src, apps, seed)
    rng = np.random.default_rng(seed + 7)
    names = _company_names(APPLICANTS, rng)
    agencies = [f"{PROVINCES[i % len(PROVINCES)]}某{i}专利代理事务所" for i in range(AGENCIES)]
    inventors = [
        SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[(i // 11) % len(GIVEN)]
        for i in range(INVENTORS)
    ]
    # Zipf-like: a few applicants file a lot, most file once or twice.
    weights = 1.0 / np.arange(1, APPLICANTS + 1) ** 0.9
    applicant_of = rng.choice(APPLICANTS, size=apps, p=weights / weights.sum())
    bursting = set(rng.choice(APPLICANTS, size=APPLICANTS // 50, replace=False).tolist())
    start = date(2024, 1, 1).toordinal()
    copies = 0
    with path.open("w", encoding="utf-8") as out:
        for first in range(0, apps, 10_000):
            docs = search_speed.documents(src, corpus, first, min(first + 10_000, apps))
            for offset, doc in enumerate(docs):
                i = first + offset
                who = int(applicant_of[i])
                doc.id = f"CN2024{i:07d}"
                doc.applicants = [names[who]]
                doc.agency = agencies[who % AGENCIES]
                # One address per applicant; one in 50 shares a building with 2-4 others.
                building = who // 4 if who % 50 == 0 else who
                doc.addresses = [f"{PROVINCES[who % len(PROVINCES)]}高新区科技路{building}号"]
                doc.contacts = [f"0{10 + who % 89}-{60000000 + who}"]
                doc.inventors = [inventors[(who * 7 + k) % INVENTORS] for k in range(1 + i % 3)]
                day = start + (i * 1009) % 1000
                if who in bursting:
                    day = start + 400 + (who % 30)  # all in one month
                doc.filing_date = date.fromordinal(day)
                doc.priority_date = doc.filing_date
                doc.publication_date = doc.filing_date + timedelta(days=540)
                if i > 1000 and i % 100 == 0:
                    doc.claims = list(docs[offset - 1].claims) if offset else doc.claims
                    doc.abstract = _edit(docs[offset - 1].abstract if offset else doc.abstract, i)
                    copies += 1
                out.write(json.dumps(document_to_json(doc), ensure_ascii=False) + "\n")
    return {
        "seconds": time.perf_counter() - started,
        "bytes": path.stat().st_size,
        "planted_copies": copies,
        "bursting_applicants": len(bursting),
    }


def _edit(text: str, seed: int) -> str:
    words = text.split(" ")
    rng = np.random.default_rng(seed)
    for k in rng.choice(len(words), size=max(1, len(words) * 3 // 100), replace=False).tolist():
        words[k] = "member"
    return " ".join(words)


def screen_child(path: str, apps: int, pipe: Any) -> None:
    from ipoffice.screening.detectors import default_detectors
    from ipoffice.screening.pipeline import Screening

    class Source:
        def records(self):  # type: ignore[no-untyped-def]
            from ipoffice.patents.formats.jsonl import read_jsonl

            return read_jsonl(Path(path))

    spans: dict[str, list[float]] = {}
    counts: dict[str, int] = {}

    def tick(stage: str, count: int) -> None:
        now = time.perf_counter()
        span = spans.setdefault(stage, [now, now])
        span[1] = now
        counts[stage] = counts.get(stage, 0) + count

    detectors = default_detectors()
    started = time.perf_counter()
    result = Screening(detectors, as_of=date(2026, 11, 21)).run(Source(), progress=tick)
    total = time.perf_counter() - started
    behaviours: dict[str, int] = {}
    for app in result.applications:
        for finding in app.findings:
            behaviours[finding.detector] = behaviours.get(finding.detector, 0) + 1
    pipe.send(
        {
            "total": total,
            "spans": spans,
            "counts": counts,
            "started": started,
            "applications": len(result.applications),
            "flagged": result.flagged,
            "errors": len(result.errors),
            "findings": behaviours,
            "detectors": [d.name for d in detectors],
            "peak_rss": rss_mib(),
        }
    )


def baseline_child(path: str, apps: int, pipe: Any) -> None:
    from datasketch import MinHash, MinHashLSH

    from ipoffice.patents.formats.jsonl import read_jsonl
    from ipoffice.screening.near_duplicates import (
        DEFAULT_THRESHOLD,
        NUM_PERM,
        candidate_pairs,
        content_of,
        shingles,
        signature,
    )

    out: dict[str, Any] = {}
    started = time.perf_counter()
    sets = []
    for record in read_jsonl(Path(path)):
        if record.document is not None:
            sets.append(shingles(content_of(record.document)))
            if len(sets) >= apps:
                break
    out["shingles_s"] = time.perf_counter() - started
    out["apps"] = len(sets)

    started = time.perf_counter()
    signatures = np.stack([signature(s) for s in sets])
    out["ours_sign_s"] = time.perf_counter() - started
    started = time.perf_counter()
    pairs = candidate_pairs(signatures)
    estimates = (signatures[pairs[:, 0]] == signatures[pairs[:, 1]]).mean(axis=1)
    out["ours_lsh_s"] = time.perf_counter() - started
    out["ours_pairs"] = int((estimates >= DEFAULT_THRESHOLD).sum())
    out["ours_rss"] = rss_mib()

    started = time.perf_counter()
    hashes = []
    for tokens in sets:
        minhash = MinHash(num_perm=NUM_PERM, seed=1)
        minhash.update_batch([t.encode("utf-8") for t in sorted(tokens)])
        hashes.append(minhash)
    out["ds_sign_s"] = time.perf_counter() - started
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=DEFAULT_THRESHOLD, num_perm=NUM_PERM)
    for i, minhash in enumerate(hashes):
        lsh.insert(i, minhash)
    found = 0
    for i, minhash in enumerate(hashes):
        found += sum(1 for j in lsh.query(minhash) if j > i and hashes[j].jaccard(minhash) >= 0.8)
    out["ds_lsh_s"] = time.perf_counter() - started
    out["ds_pairs"] = found
    out["ds_rss"] = rss_mib()
    pipe.send(out)


def run_child(target: Any, *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, send))
    process.start()
    result: dict[str, Any] = receive.recv()
    process.join()
    return result


def report(apps: int, made: dict[str, Any], screen: dict[str, Any], base: dict[str, Any]) -> None:
    print(f"\n## Screening {screen['applications']:,} applications (2 cores, in-process engine)")
    print(
        f"input: {made['bytes'] / 2**20:,.0f} MiB JSON Lines; "
        f"planted near copies {made.get('planted_copies', '?')}, "
        f"bursting applicants {made.get('bursting_applicants', '?')}"
    )
    print("\n| stage | starts at s | seconds | applications/s |")
    print("|---|---:|---:|---:|")
    origin = screen["started"]
    for stage, (first, last) in screen["spans"].items():
        seconds = last - first
        count = screen["counts"][stage]
        rate = f"{count / seconds:,.0f}" if stage in ("read", "prepare") and seconds else ""
        print(f"| {stage} | {first - origin:,.1f} | {seconds:,.1f} | {rate} |")
    total = screen["total"]
    print(f"| **end to end** | | **{total:,.1f}** | **{screen['applications'] / total:,.0f}** |")
    print(
        f"\npeak RSS {screen['peak_rss']:,.0f} MiB; flagged {screen['flagged']:,}; "
        f"findings per detector {screen['findings']}; refused lines {screen['errors']}"
    )
    projected = total * 1_000_000 / max(apps, 1)
    verdict = "met" if projected < 900 else "NOT met"
    print(
        "target: 1,000,000 applications in under 15 minutes (900 s): "
        f"{verdict} (projected linearly {projected:,.0f} s)"
    )
    n = base["apps"]
    print(f"\n## Near-duplicate stage beside datasketch on the first {n:,} applications")
    print(f"shared: shingling {base['shingles_s']:,.1f} s")
    print("\n| | signatures s | LSH s | pairs >= 0.8 (est.) | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|")
    for label, key in (
        ("platform (rensa + band sort)", "ours"),
        ("datasketch 2.0 MinHash + MinHashLSH", "ds"),
    ):
        print(
            f"| {label} | {base[key + '_sign_s']:,.1f} | {base[key + '_lsh_s']:,.1f} "
            f"| {base[key + '_pairs']:,} | {base[key + '_rss']:,.0f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=1_000_000)
    parser.add_argument("--baseline-apps", type=int, default=200_000)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="keep the input file of a run")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ipoffice-screening-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"apps-{args.apps}-{args.seed}.jsonl"
    if args.reuse and path.exists():
        made = {"bytes": path.stat().st_size}
    else:
        made = write_input(path, args.apps, args.seed)
        print(f"input written in {made['seconds']:,.0f} s -> {path}", flush=True)
    screen = run_child(screen_child, str(path), args.apps)
    base = run_child(baseline_child, str(path), min(args.baseline_apps, args.apps))
    report(args.apps, made, screen, base)


if __name__ == "__main__":
    main()
