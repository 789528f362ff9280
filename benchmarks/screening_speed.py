"""Batch screening speed at national volume: `Screening.run` with every default detector over N
synthetic applications made only of real patent text, beside `datasketch` MinHash LSH on the
same shingle sets in the same run.

    .venv/bin/python benchmarks/screening_speed.py [--apps 1000000] [--work DIR] [--reuse]
        [--baseline-apps N]

Why the text is rewritten. The texts come from the small pools of real sentences of
`benchmarks/search_speed.py` (see its docstring): ~30,000 English abstract sentences, ~2,000 claim
clauses of 399 claims, under 200 Chinese sentences for Chinese abstracts and claims alike. Drawn as
they are, every sentence of a batch of 1M recurs in hundreds of applications: a third of the
applications would look like patchworks of others to the copying detector, and every sentence would
be a "standard sentence" (shared by 25 documents or more) that counts for nothing. A national batch
is mostly unique text with a few per cent of copies, patchworks and combinations; the corpus is
built to look like that.

How each application is built (seeded; application i always gets the same text):

1. As in `search_speed` (same pools, same generator): a real title, 3-8 abstract sentences and 1-3
   claims of 2-4 claim clauses drawn with replacement from the pools; a quarter Chinese.
2. Each abstract sentence and claim clause is rewritten with a generator seeded by the application's
   index: `REWRITE_SHARE` of its distinct content words (rounded up) are replaced, each wherever it
   occurs in the sentence, by words drawn from the same language's vocabulary of the pools by their
   frequency there (never the word itself). English: content words are `[A-Za-z]+` tokens of two
   letters or more outside a small list of function words (`STOPWORDS`), which stay so that the text
   keeps its grammar. Chinese: each distinct pool sentence is segmented once by jieba (cached with
   the pools, never per application); its words of two or more Han characters outside `STOPWORDS_ZH`
   are replaced whole. Titles stay as they are (titles legitimately repeat). Two rewrites of one
   pool sentence keep at most (1 - r) / (1 + r) of their content words in common (0.43 at r = 0.4,
   when both happen to replace the same words; a drawn word that happens to be a word the other kept
   adds a little), below the copying detector's 0.7 and the combination detector's 0.6. Before
   writing, the script prints on a sample of pool sentences the Jaccard similarity between two
   rewrites (of the content-word sets, and of the term sets the detectors compare,
   `synonyms.analyse`), and after writing how many distinct sentences (abstract sentences and claim
   clauses) the corpus has against how many it holds.
3. Parties, drawn with a fixed seed: an applicant from a Zipf-like pool of 200,000 (real Chinese
   company short names of cn_names/company_short_names.txt + 有限公司, or an English `... Inc.` made
   from them), one of 2,000 agencies, an address and a telephone number of its applicant, 1-3
   inventors from a pool of 300,000 names. Filing date spread over 2024-2026 (day `(i * 1009) %
   1000`); 2 % of applicants file in bursts (all their applications in one month).
4. Planted behaviours, on applications drawn with a fixed seed among those after the first
   `FIRST_PLANTED` whose applicant does not file in bursts, each taking from earlier applications of
   its language that are planted with nothing (its sources, drawn among all earlier indices, and
   rebuilt from their index), and filed `LATER` days after its latest source:
   - `NEAR_COPY_SHARE` near copies: the claims of one source, and its abstract with 3 % of the words
     (Chinese: of the Han characters) changed;
   - `PATCHWORK_SHARE` patchworks: an abstract of 3-6 sentences taken verbatim from the (rewritten)
     abstracts of 2-3 sources, and one claim of each source verbatim;
   - `COMBINATION_SHARE` simple combinations: claims made of the (rewritten) claim clauses of two
     sources, about half from each: each claim is a claim of the first source followed, after
     semicolons, by the elements (`parse_claims`, preamble left out) of the claim of the second
     source in the same place, so that features are cut as in their sources; the abstract is the
     first source's rewritten again.

The input is written once as JSON Lines to the work directory (`apps-v2-N-SEED.jsonl`, so that
`--reuse` never takes an input of the earlier generator, which drew the pool sentences as they are),
with the ids of the planted applications, of their sources and of the burst applicants' applications
(all, and those of applicants with `MIN_BURST_COUNT` or more, the only ones that can be a burst) in
a JSON file beside it. The time to write it is printed, with its linear projection to 1,000,000
applications. Screening runs in a fresh process reading that file, as `ipoffice screen run` does;
the time of each stage (read/survey, prepare, detect per detector, explain) comes from the
pipeline's progress calls (and one row for the whole detect stage), peak memory from the child's
maximum resident set and that of its largest worker process. The same process
counts, per planted kind, how many got a finding of the detector meant for them (`MEANT`) and which
other detectors flagged them, and the share of the other applications (not planted, no source, no
burst) each detector flagged. The baseline runs in another fresh process: the same shingles
(`near_duplicates.shingles`), then `datasketch.MinHash` (128 permutations, `update_batch`) and
`MinHashLSH(threshold=0.8)` insert and query, beside the platform's rensa signatures and band sort
on the same sets, on the first `--baseline-apps` applications.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import multiprocessing
import random
import re
import resource
import sys
import tempfile
import time
from array import array
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REPO = HERE.parent
DATA = REPO.parent / "shared" / "data"

import search_speed  # noqa: E402

from ipoffice.patents.formats.jsonl import document_to_json  # noqa: E402
from ipoffice.screening.bursts import MIN_BURST_COUNT  # noqa: E402

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

# Share of the distinct content words of each sentence replaced: two rewrites of one pool
# sentence then share at most 0.43 of their content words, and about a fifth on average.
REWRITE_SHARE = 0.4
# Function words kept as they are, so that a rewritten sentence keeps its grammar.
_FUNCTION_WORDS = """
    a an the and or but nor not no of to in on at by for with from into onto upon over under
    between among through via within without about above below after before during against
    along across around toward towards per is are was were be been being am has have had having
    do does did it its this that these those which who whom whose what where when while whereby
    wherein whereof thereof therein thereto thereby thereon as than then so such if each every
    any all both either neither some other another same can could may might must shall should
    will would also only further more most less least one there their them they he she his her
    we our us you your said comprising comprises comprise including includes include claim
    claims according
"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())
# Chinese function and drafting words of two or more characters, kept likewise.
_FUNCTION_WORDS_ZH = """
    所述 所述的 一种 其中 包括 包含 进行 通过 用于 以及 并且 或者 根据 本发明 本申请 本实用新型
    涉及 提供 能够 可以 具有 从而 使得 以便 如果 然后 同时 之间 之后 之前 以上 以下 特征 在于
    其特征在于 采用 利用 由于 因此 所以 如下 这些 那些 一个 多个
"""
STOPWORDS_ZH = frozenset(_FUNCTION_WORDS_ZH.split())
_EN_SPLIT = re.compile(r"([A-Za-z]+)")
_EN_WORD = re.compile(r"[A-Za-z]+")
_HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff]")

# Planted behaviours: shares of the batch.
NEAR_COPY_SHARE = 0.01
PATCHWORK_SHARE = 0.01
COMBINATION_SHARE = 0.005
# Planted applications take from earlier ones: none among the first.
FIRST_PLANTED = 1000
# A planted application is filed this many days after its latest source.
LATER = 30
# Share of the words (Chinese: Han characters) a near copy changes in its source's abstract.
EDIT_SHARE = 0.03
# Claim clauses each source of a combination has at least, so that it gives two or more.
MIN_COMBINED_CLAUSES = 4
# Planted kind -> the detector meant to find it.
MEANT = {
    "near_copy": "near_duplicates",
    "patchwork": "prior_art_copying",
    "combination": "simple_combination",
    "burst": "volume_burst",
    "burst_counted": "volume_burst",
}
NORMAL, NEAR_COPY, PATCHWORK, COMBINATION = 0, 1, 2, 3


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_rss_mib() -> float:
    """The peak of the largest worker process this one has waited for."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def app_id(i: int) -> str:
    return f"CN2024{i:07d}"


# ---------- rewriting real sentences into unique ones ----------


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence cut into pieces (`text` is their concatenation) and, for each distinct
    content word, where it stands: (piece index, capitalised) for each occurrence."""

    text: str
    pieces: tuple[str, ...]
    slots: tuple[tuple[tuple[int, bool], ...], ...]


def english_sentence(text: str) -> Sentence:
    pieces = tuple(_EN_SPLIT.split(text))  # words at the odd indices
    where: dict[str, list[tuple[int, bool]]] = {}
    for k in range(1, len(pieces), 2):
        word = pieces[k]
        key = word.lower()
        if len(word) >= 2 and key not in STOPWORDS:
            where.setdefault(key, []).append((k, word[0].isupper()))
    return Sentence(text, pieces, tuple(tuple(v) for v in where.values()))


def chinese_sentence(text: str, words: list[str]) -> Sentence:
    where: dict[str, list[tuple[int, bool]]] = {}
    for k, word in enumerate(words):
        if _HAN_WORD.fullmatch(word) and word not in STOPWORDS_ZH:
            where.setdefault(word, []).append((k, False))
    return Sentence(text, tuple(words), tuple(tuple(v) for v in where.values()))


@dataclass(frozen=True)
class Vocabulary:
    """Content words with their cumulative counts, to draw words by frequency."""

    words: list[str]
    cumulative: list[int]

    def draw(self, rng: random.Random) -> str:
        return self.words[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def vocabulary(sentences: Iterable[Sentence]) -> Vocabulary:
    """The content words of `sentences` counted case-blind, each in its commonest spelling."""
    spellings = Counter(s.pieces[k] for s in sentences for slot in s.slots for k, _ in slot)
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for form, count in spellings.most_common():
        counts[form.lower()] += count
        spelling.setdefault(form.lower(), form)
    return Vocabulary([spelling[w] for w in counts], list(accumulate(counts.values())))


def rewrite(sentence: Sentence, words: Vocabulary, rng: random.Random) -> Sentence:
    """`sentence` with ceil(REWRITE_SHARE * n) of its n distinct content words replaced, each
    wherever it occurs, by a word drawn from `words` (never itself)."""
    slots = sentence.slots
    n = len(slots)
    if not n:
        return sentence
    pieces = list(sentence.pieces)
    order = list(range(n))
    draw = words.draw
    uniform = rng.random
    for t in range(math.ceil(REWRITE_SHARE * n)):
        # Partial Fisher-Yates shuffle: order[t] is the t-th word chosen.
        j = t + int(uniform() * (n - t))
        order[t], order[j] = order[j], order[t]
        slot = slots[order[t]]
        old = pieces[slot[0][0]].lower()
        new = draw(rng)
        while new.lower() == old:
            new = draw(rng)
        if len(slot) == 1:
            k, upper = slot[0]
            pieces[k] = new[0].upper() + new[1:] if upper else new
            continue
        capital = new[0].upper() + new[1:]
        for k, upper in slot:
            pieces[k] = capital if upper else new
    return Sentence("".join(pieces), tuple(pieces), slots)


@dataclass(frozen=True, slots=True)
class Parts:
    zh: bool
    abstract: list[Sentence]
    claims: list[list[Sentence]]  # the clauses of each claim


class Texts:
    """Each application's rewritten abstract sentences and claim clauses: a function of its
    index alone (generator seeded by it), so planted applications can rebuild their sources."""

    def __init__(self, src: search_speed.Sources, corpus: search_speed.Corpus, seed: int) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.corpus = corpus
        self.seed = seed
        english = np.concatenate([src.en_abstract, src.en_claim_first, src.en_claim_rest])
        chinese = np.concatenate([src.zh_abstract, src.zh_claim])
        self.pools = {False: np.unique(english).tolist(), True: np.unique(chinese).tolist()}
        self.sentences: dict[int, Sentence] = {}
        for t in self.pools[False]:
            self.sentences[t] = english_sentence(src.texts[t])
        for t in self.pools[True]:  # segmented once per distinct sentence
            self.sentences[t] = chinese_sentence(src.texts[t], jieba.lcut(src.texts[t]))
        self.vocabularies = {
            zh: vocabulary(self.sentences[t] for t in pool) for zh, pool in self.pools.items()
        }

    def zh(self, i: int) -> bool:
        return bool(self.corpus.zh[i])

    def clauses(self, i: int) -> int:
        """Claim clauses of application i."""
        c = self.corpus
        first, last = c.claim_offsets[i : i + 2].tolist()
        return int(c.claim_sentence_offsets[last] - c.claim_sentence_offsets[first])

    def parts(self, i: int) -> Parts:
        c = self.corpus
        zh = self.zh(i)
        words = self.vocabularies[zh]
        sentences = self.sentences
        rng = random.Random((self.seed << 32) | i)
        low, high = c.abstract_offsets[i : i + 2].tolist()
        abstract = [rewrite(sentences[t], words, rng) for t in c.abstract_ids[low:high].tolist()]
        first, last = c.claim_offsets[i : i + 2].tolist()
        bounds = c.claim_sentence_offsets[first : last + 1].tolist()
        ids = c.claim_ids[bounds[0] : bounds[-1]].tolist()
        base = bounds[0]
        claims = [
            [rewrite(sentences[t], words, rng) for t in ids[low - base : high - base]]
            for low, high in zip(bounds, bounds[1:], strict=False)
        ]
        return Parts(zh, abstract, claims)


def word_set(text: str, zh: bool) -> set[str]:
    """The content words of a text, as the rewriting counts them (Chinese: segmented here, on
    the sample only)."""
    if zh:
        import jieba

        return {w for w in jieba.lcut(text) if _HAN_WORD.fullmatch(w)} - STOPWORDS_ZH
    return {w for w in (m.lower() for m in _EN_WORD.findall(text)) if len(w) >= 2} - STOPWORDS


def jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def rewrite_check(texts: Texts, seed: int, sample: int = 2000) -> dict[str, Any]:
    """Jaccard similarity between two rewrites of one pool sentence, on a sample of each
    language's pool: of the content words and of the terms the detectors compare."""
    from ipoffice.screening.synonyms import analyse

    rng = random.Random(seed)
    out: dict[str, Any] = {}
    for zh, pool in texts.pools.items():
        words, terms = [], []
        for t in rng.sample(pool, min(sample, len(pool))):
            sentence = texts.sentences[t]
            one, two = (
                rewrite(sentence, texts.vocabularies[zh], random.Random(rng.getrandbits(64))).text
                for _ in range(2)
            )
            words.append(jaccard(word_set(one, zh), word_set(two, zh)))
            terms.append(jaccard(set(analyse(one).terms), set(analyse(two).terms)))
        out["zh" if zh else "en"] = {
            "sentences": len(words),
            "words_mean": float(np.mean(words)),
            "words_p99": float(np.quantile(words, 0.99)),
            "words_max": float(np.max(words)),
            "terms_mean": float(np.mean(terms)),
            "terms_p99": float(np.quantile(terms, 0.99)),
            "terms_at_06": float(np.mean(np.asarray(terms) >= 0.6)),
        }
    return out


def distinct_lines(made: dict[str, Any]) -> list[str]:
    lines = []
    for lang, total in made["sentences"].items():
        distinct = made["distinct"][lang]
        lines.append(
            f"{lang} abstract sentences and claim clauses written: {total:,}, distinct "
            f"{distinct:,} ({distinct / max(total, 1):.1%})"
        )
    return lines


def check_lines(check: dict[str, Any]) -> list[str]:
    lines = []
    for lang, c in check.items():
        lines.append(
            f"two rewrites of one pool sentence ({lang}, {c['sentences']:,} sampled): Jaccard "
            f"of content words mean {c['words_mean']:.3f}, p99 {c['words_p99']:.3f}, max "
            f"{c['words_max']:.3f}; of the detectors' terms (synonyms.analyse) mean "
            f"{c['terms_mean']:.3f}, p99 {c['terms_p99']:.3f}, >= 0.6 in "
            f"{c['terms_at_06']:.2%}"
        )
    return lines


# ---------- planted behaviours ----------

Planted = tuple[list[str], list[list[str]], list[int]]  # abstract units, claims, sources


def text_of(sentences: list[Sentence]) -> list[str]:
    return [s.text for s in sentences]


def plant_kinds(apps: int, in_burst: np.ndarray, seed: int) -> np.ndarray:
    """The planted kind of each application (NORMAL for most)."""
    kinds = np.zeros(apps, dtype=np.int8)
    eligible = np.flatnonzero(~in_burst[FIRST_PLANTED:]) + FIRST_PLANTED
    order = np.random.default_rng(seed).permutation(eligible)
    start = 0
    for kind, share in (
        (NEAR_COPY, NEAR_COPY_SHARE),
        (PATCHWORK, PATCHWORK_SHARE),
        (COMBINATION, COMBINATION_SHARE),
    ):
        count = round(apps * share)
        kinds[order[start : start + count]] = kind
        start += count
    return kinds


def sources(
    texts: Texts, kinds: np.ndarray, i: int, count: int, rng: random.Random, min_clauses: int = 0
) -> list[int]:
    """`count` distinct earlier applications of i's language, planted with nothing."""
    zh = texts.zh(i)
    taken: list[int] = []
    while len(taken) < count:
        j = rng.randrange(i)
        if kinds[j] != NORMAL or texts.zh(j) != zh or j in taken:
            continue
        if texts.clauses(j) >= min_clauses:
            taken.append(j)
    return taken


def edited(units: list[str], zh: bool, rng: random.Random) -> list[str]:
    """`units` with EDIT_SHARE of their words (Chinese: Han characters) changed, one at least."""
    if zh:
        tokens = [list(u) for u in units]
        spots = [(u, k) for u, t in enumerate(tokens) for k, c in enumerate(t) if _HAN.match(c)]
        mark, sep = "件", ""
    else:
        tokens = [u.split(" ") for u in units]
        spots = [(u, k) for u, t in enumerate(tokens) for k in range(len(t))]
        mark, sep = "member", " "
    for u, k in rng.sample(spots, min(len(spots), max(1, int(len(spots) * EDIT_SHARE)))):
        tokens[u][k] = mark
    return [sep.join(t) for t in tokens]


def near_copy(texts: Texts, kinds: np.ndarray, i: int, rng: random.Random) -> Planted:
    (j,) = sources(texts, kinds, i, 1, rng)
    source = texts.parts(j)
    abstract = edited(text_of(source.abstract), source.zh, rng)
    return abstract, [text_of(c) for c in source.claims], [j]


def patchwork(texts: Texts, kinds: np.ndarray, i: int, rng: random.Random) -> Planted:
    count = rng.choice((2, 3))
    taken = sources(texts, kinds, i, count, rng)
    parts = [texts.parts(j) for j in taken]
    size = rng.randint(3, 6)
    abstract: list[str] = []
    for k, source in enumerate(parts):
        share = size // count + (k < size % count)
        abstract += text_of(rng.sample(source.abstract, min(share, len(source.abstract))))
    claims = [text_of(rng.choice(source.claims)) for source in parts]
    return abstract, claims, taken


def combination(texts: Texts, kinds: np.ndarray, i: int, rng: random.Random) -> Planted:
    from ipoffice.patents.claims import parse_claims

    taken = sources(texts, kinds, i, 2, rng, MIN_COMBINED_CLAUSES)
    first, second = (texts.parts(j) for j in taken)
    lang = "zh" if first.zh else "en"
    sep, semicolon, stop = ("", "；", "。") if first.zh else (" ", ";", ".")
    claims = []
    for mine, theirs in zip(first.claims, second.claims, strict=False):
        # The first source's claim, then the elements of the second's (its preamble left out),
        # each after a semicolon: where the features of both are cut as in their sources.
        own = sep.join(text_of(mine)).rstrip(" .;。；") + semicolon
        added = parse_claims([sep.join(text_of(theirs))], lang, strict=False)[0].elements
        claims.append([own, *(e.rstrip(" .;。；") + semicolon for e in added)])
        claims[-1][-1] = claims[-1][-1][:-1] + stop
    words = texts.vocabularies[first.zh]
    abstract = [rewrite(s, words, rng).text for s in first.abstract]
    return abstract, claims, taken


PLANTERS: dict[int, tuple[str, Callable[[Texts, np.ndarray, int, random.Random], Planted]]] = {
    NEAR_COPY: ("near_copy", near_copy),
    PATCHWORK: ("patchwork", patchwork),
    COMBINATION: ("combination", combination),
}


# ---------- the input file ----------


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


@dataclass
class Parties:
    names: list[str]
    agencies: list[str]
    inventors: list[str]
    applicant_of: np.ndarray  # applicant index of each application
    bursting: np.ndarray  # applicant indexes that file in bursts

    @classmethod
    def draw(cls, apps: int, seed: int) -> Parties:
        rng = np.random.default_rng(seed + 7)
        names = _company_names(APPLICANTS, rng)
        agencies = [f"{PROVINCES[i % len(PROVINCES)]}某{i}专利代理事务所" for i in range(AGENCIES)]
        inventors = [
            SURNAMES[i % len(SURNAMES)]
            + GIVEN[(i // 7) % len(GIVEN)]
            + GIVEN[(i // 11) % len(GIVEN)]
            for i in range(INVENTORS)
        ]
        # Zipf-like: a few applicants file a lot, most file once or twice.
        weights = 1.0 / np.arange(1, APPLICANTS + 1) ** 0.9
        applicant_of = rng.choice(APPLICANTS, size=apps, p=weights / weights.sum())
        bursting = rng.choice(APPLICANTS, size=APPLICANTS // 50, replace=False)
        return cls(names, agencies, inventors, applicant_of, bursting)

    def assign(self, doc: Any, i: int) -> None:
        who = int(self.applicant_of[i])
        doc.applicants = [self.names[who]]
        doc.agency = self.agencies[who % AGENCIES]
        # One address per applicant; one in 50 shares a building with 2-4 others.
        building = who // 4 if who % 50 == 0 else who
        doc.addresses = [f"{PROVINCES[who % len(PROVINCES)]}高新区科技路{building}号"]
        doc.contacts = [f"0{10 + who % 89}-{60000000 + who}"]
        doc.inventors = [self.inventors[(who * 7 + k) % INVENTORS] for k in range(1 + i % 3)]


def write_input(path: Path, planted_path: Path, apps: int, seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    src = search_speed.load_sources(seed)
    corpus = search_speed.make_corpus(src, apps, seed)
    texts = Texts(src, corpus, seed)
    check = rewrite_check(texts, seed)
    for line in check_lines(check):
        print(line, flush=True)
    parties = Parties.draw(apps, seed)
    in_burst = np.isin(parties.applicant_of, parties.bursting)
    kinds = plant_kinds(apps, in_burst, seed + 11)
    start = date(2024, 1, 1).toordinal()
    days = start + (np.arange(apps) * 1009) % 1000
    days[in_burst] = start + 400 + parties.applicant_of[in_burst] % 30  # all in one month
    day_of = days.tolist()
    planted: dict[str, list[str]] = {name: [] for name, _ in PLANTERS.values()}
    taken_from: set[int] = set()
    hashes = {"en": array("q"), "zh": array("q")}  # of each sentence written, per language
    setup = time.perf_counter() - started
    with path.open("w", encoding="utf-8") as out:
        for first in range(0, apps, 10_000):
            docs = search_speed.documents(src, corpus, first, min(first + 10_000, apps))
            for offset, doc in enumerate(docs):
                i = first + offset
                doc.id = app_id(i)
                parties.assign(doc, i)
                kind = int(kinds[i])
                if kind == NORMAL:
                    parts = texts.parts(i)
                    abstract = text_of(parts.abstract)
                    claims = [text_of(c) for c in parts.claims]
                    day = day_of[i]
                else:
                    name, planter = PLANTERS[kind]
                    rng = random.Random(((seed + 1) << 32) | i)
                    abstract, claims, taken = planter(texts, kinds, i, rng)
                    day = max(day_of[j] for j in taken) + LATER
                    planted[name].append(doc.id)
                    taken_from.update(taken)
                sep = "" if doc.lang == "zh" else " "
                doc.abstract = sep.join(abstract)
                doc.claims = [sep.join(c) for c in claims]
                seen = hashes[doc.lang]
                seen.extend(hash(u) for u in abstract)
                seen.extend(hash(u) for c in claims for u in c)
                doc.filing_date = date.fromordinal(day)
                doc.priority_date = doc.filing_date
                doc.publication_date = doc.filing_date + timedelta(days=540)
                out.write(json.dumps(document_to_json(doc), ensure_ascii=False) + "\n")
    planted["source"] = [app_id(j) for j in sorted(taken_from)]
    planted["burst"] = [app_id(i) for i in np.flatnonzero(in_burst).tolist()]
    # Only an applicant with MIN_BURST_COUNT applications in a month can be a burst.
    filed = np.bincount(parties.applicant_of, minlength=APPLICANTS)
    counted = in_burst & (filed[parties.applicant_of] >= MIN_BURST_COUNT)
    planted["burst_counted"] = [app_id(i) for i in np.flatnonzero(counted).tolist()]
    seconds = time.perf_counter() - started
    made = {
        "seconds": seconds,
        "setup_s": setup,
        "bytes": path.stat().st_size,
        "rewrite_share": REWRITE_SHARE,
        "check": check,
        "sentences": {lang: len(h) for lang, h in hashes.items()},
        "distinct": {lang: int(np.unique(np.asarray(h)).size) for lang, h in hashes.items()},
        "bursting_applicants": len(parties.bursting),
        "planted_counts": {kind: len(ids) for kind, ids in planted.items()},
    }
    planted_path.write_text(json.dumps({"made": made, "planted": planted}), encoding="utf-8")
    return made


# ---------- screening and baseline processes ----------


def tally(
    planted: dict[str, list[str]], flagged: dict[str, set[str]], ids: list[str]
) -> dict[str, Any]:
    """Per planted kind, and for the applications neither planted, source nor burst: how many,
    and how many of them each detector flagged."""
    rows: dict[str, Any] = {}
    marked: set[str] = set()
    for kind, members in planted.items():
        marked.update(members)
        found = {d: len(apps.intersection(members)) for d, apps in flagged.items()}
        rows[kind] = {"count": len(members), "found": found}
    rest = [i for i in ids if i not in marked]
    found = {d: sum(1 for i in rest if i in apps) for d, apps in flagged.items()}
    rows["unplanted"] = {"count": len(rest), "found": found}
    return rows


def screen_child(path: str, planted_path: str, pipe: Any) -> None:
    from ipoffice.screening.detectors import default_detectors
    from ipoffice.screening.pipeline import JsonlSource, Screening

    spans: dict[str, list[float]] = {}
    counts: dict[str, int] = {}

    def tick(stage: str, count: int) -> None:
        now = time.perf_counter()
        span = spans.setdefault(stage, [now, now])
        span[1] = now
        counts[stage] = counts.get(stage, 0) + count

    detectors = default_detectors()
    started = time.perf_counter()
    result = Screening(detectors, as_of=date(2026, 11, 21)).run(
        JsonlSource(Path(path)), progress=tick
    )
    total = time.perf_counter() - started
    behaviours: dict[str, int] = {}
    flagged: dict[str, set[str]] = {d.name: set() for d in detectors}
    for app in result.applications:
        for finding in app.findings:
            behaviours[finding.detector] = behaviours.get(finding.detector, 0) + 1
            flagged.setdefault(finding.detector, set()).add(app.id)
    planted = json.loads(Path(planted_path).read_text(encoding="utf-8"))["planted"]
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
            "peak_rss_worker": worker_rss_mib(),
            "planted": tally(planted, flagged, [app.id for app in result.applications]),
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
        f"input: {made['bytes'] / 2**20:,.0f} MiB JSON Lines; bursting applicants "
        f"{made['bursting_applicants']:,}; sentences rewritten with REWRITE_SHARE "
        f"{made['rewrite_share']}"
    )
    for line in check_lines(made["check"]) + distinct_lines(made):
        print(line)
    print("\n| stage | starts at s | seconds | applications/s |")
    print("|---|---:|---:|---:|")
    origin = screen["started"]
    detect = {stage: span for stage, span in screen["spans"].items() if stage.startswith("detect")}
    last_detector = list(detect)[-1] if detect else None
    for stage, (first, last) in screen["spans"].items():
        seconds = last - first
        count = screen["counts"][stage]
        rate = f"{count / seconds:,.0f}" if stage in ("read", "prepare") and seconds else ""
        print(f"| {stage} | {first - origin:,.1f} | {seconds:,.1f} | {rate} |")
        if stage == last_detector:  # after the last detector: the whole stage
            start = min(s for s, _ in detect.values())
            end = max(e for _, e in detect.values())
            print(f"| detect, all detectors | {start - origin:,.1f} | {end - start:,.1f} | |")
    total = screen["total"]
    print(f"| **end to end** | | **{total:,.1f}** | **{screen['applications'] / total:,.0f}** |")
    worker = screen["peak_rss_worker"]
    workers = f"largest worker process {worker:,.0f} MiB" if worker else "no worker processes"
    print(
        f"\npeak RSS {screen['peak_rss']:,.0f} MiB ({workers}); flagged {screen['flagged']:,}; "
        f"findings per detector {screen['findings']}; refused lines {screen['errors']}"
    )
    projected = total * 1_000_000 / max(apps, 1)
    verdict = "met" if projected < 900 else "NOT met"
    print(
        "target: 1,000,000 applications in under 15 minutes (900 s): "
        f"{verdict} (projected linearly {projected:,.0f} s)"
    )
    report_planted(screen)
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


def report_planted(screen: dict[str, Any]) -> None:
    rows = screen["planted"]
    print("\n## Planted behaviours: found by the detector meant for them")
    print("\n| applications | count | detector meant | found | share | also flagged by |")
    print("|---|---:|---|---:|---:|---|")
    for kind, row in rows.items():
        if kind == "unplanted":
            continue
        meant = MEANT.get(kind)
        found = row["found"].get(meant, 0) if meant else 0
        share = f"{found / row['count']:.1%}" if meant and row["count"] else ""
        others = ", ".join(f"{d} {n:,}" for d, n in row["found"].items() if n and d != meant)
        label = kind.replace("_", " ") if kind != "burst_counted" else "burst, 20+ in the month"
        cells = f"{meant} | {found:,} | {share}" if meant else "- | | "
        print(f"| {label} | {row['count']:,} | {cells} | {others} |")
    rest = rows["unplanted"]
    count = max(rest["count"], 1)
    shares = ", ".join(f"{d} {n:,} ({n / count:.2%})" for d, n in rest["found"].items())
    print(
        f"\nunplanted applications (no planted kind, no source, no burst): {rest['count']:,}; "
        f"flagged by {shares}"
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
    # v2: rewritten sentences and planted patchworks and combinations (see the docstring).
    path = work / f"apps-v2-{args.apps}-{args.seed}.jsonl"
    planted_path = path.with_suffix(".planted.json")
    if args.reuse and path.exists() and planted_path.exists():
        made = json.loads(planted_path.read_text(encoding="utf-8"))["made"]
    else:
        made = write_input(path, planted_path, args.apps, args.seed)
        writing = made["seconds"] - made["setup_s"]
        projected = made["setup_s"] + writing * 1_000_000 / max(args.apps, 1)
        print(
            f"input written in {made['seconds']:,.0f} s (setup {made['setup_s']:,.0f} s, "
            f"applications {writing:,.0f} s; 1,000,000 would take about {projected:,.0f} s) "
            f"-> {path}",
            flush=True,
        )
    screen = run_child(screen_child, str(path), str(planted_path))
    base = run_child(baseline_child, str(path), min(args.baseline_apps, args.apps))
    report(args.apps, made, screen, base)


if __name__ == "__main__":
    main()
