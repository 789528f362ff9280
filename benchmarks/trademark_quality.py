"""Quality of the word-mark similarity judgement on pairs with known answers, and its speed.

    .venv/bin/python benchmarks/trademark_quality.py [--per-type 1000] [--seed 30]

Pairs (every source stated in the output):

(a) positives
    - documented: imitations of Chinese brands that courts decided on or that were widely
      reported as 山寨 / 傍名牌 products (`DOCUMENTED`, a note each);
    - transformations of real company short names (../shared/data/cn_names/
      company_short_names.txt): homophone substitution (one character replaced by another
      character of the file with the same toneless pinyin), look-alike substitution (one
      character replaced by another of the file with the same four-corner code), an added generic
      word (`ipoffice.trademarks.generic_words`), the traditional form (OpenCC s2t), and the
      pinyin spelling as one Latin word (`华为` -> `Huawei`); look-alike substitution by textbook
      形近字 pairs (`TEXTBOOK_LOOK_ALIKES`, independent of the measures);
    - sound-keeping respellings of the first distinctive words of real organisation names
      (`RESPELLINGS`: `xerox` -> `zerox`, `kodak` -> `codak`);
(b) negatives
    - random pairs of distinct real short names; a name against the pinyin spelling of another,
      and two such spellings; random pairs of the first distinctive words of distinct real
      organisation names (../shared/data/applicants/air-umass-assignees-benchmark.csv:
      `xerox`, `motorola` ...), for Latin marks;
    - hard negatives: same-length names sharing exactly one character at the same place while
      every other place differs in character and in toneless pinyin; and names sharing one
      syllable at the same place written with different characters, all else different.

The names are split in two halves by the seed before any pair is built, so no name is in both
halves; documented pairs are split by the same seed. The per-aspect thresholds of the judgement
are fitted on the training half only (coordinate ascent on F1, see
`ipoffice.trademarks.similarity_model`) and reported on the test half, beside the baseline:
rapidfuzz `ratio` on the normalised text with its best threshold on the training half.
Then per-mark analysis time and comparison time (p50/p95).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
NAMES = REPO.parent / "shared" / "data" / "cn_names" / "company_short_names.txt"
ASSIGNEES = REPO.parent / "shared" / "data" / "applicants" / "air-umass-assignees-benchmark.csv"

from rapidfuzz import fuzz  # noqa: E402

from ipoffice.core.errors import InvalidInput  # noqa: E402
from ipoffice.text.normalize import normalize  # noqa: E402
from ipoffice.trademarks.generic_words import GENERIC_GROUPS  # noqa: E402
from ipoffice.trademarks.mark_text import MarkText, analyse_mark  # noqa: E402
from ipoffice.trademarks.similarity import judge, mark_aspects  # noqa: E402
from ipoffice.trademarks.similarity_model import (  # noqa: E402
    DEFAULT_MODEL,
    MARK_ASPECTS,
    SIMILAR_AT,
    SimilarityModel,
)

# (mark, imitation, note). Only pairs decided by a court or widely reported as imitations.
DOCUMENTED: tuple[tuple[str, str, str], ...] = (
    ("康师傅", "康帅傅", "instant noodles; widely reported 山寨 product of rural markets"),
    ("雪碧", "雷碧", "soft drink; widely reported in 2018 as a 山寨 of Sprite's Chinese mark"),
    ("奥利奥", "粤利粤", "biscuits; widely reported 山寨 of OREO's Chinese mark"),
    ("大白兔", "大白免", "milk candy; widely reported 山寨"),
    ("洽洽", "治治", "sunflower seeds; widely reported 山寨"),
    ("红牛", "红午", "energy drink; widely reported 山寨"),
    ("娃哈哈", "哇哈哈", "drinks; widely reported 山寨"),
    (
        "LAFITE",
        "拉菲庄园",
        "wine; Supreme People's Court retrial judgment of 2016: 拉菲 is the "
        "Chinese name the public knows for LAFITE, the 拉菲庄园 mark was held similar",
    ),
    (
        "STARBUCKS",
        "星巴克",
        "coffee; Shanghai No. 2 Intermediate People's Court, 2006: 星巴克 is "
        "the Chinese name of STARBUCKS (translation and transliteration)",
    ),
)
# Look-alike characters as taught in Chinese schools (形近字 lists of primary-school textbooks),
# independent of the measures under test: a second, harder look-alike substitution.
TEXTBOOK_LOOK_ALIKES = (
    "己已", "已巳", "戊戌", "戌戍", "未末", "日曰", "士土", "人入", "大太", "太犬",
    "贝见", "鸟乌", "王玉", "玉主", "午牛", "师帅", "雪雷", "兔免", "洽治", "奥粤",
    "娃哇", "傅博", "析折", "拔拨", "侯候", "辨辩", "辩辫", "即既", "壁璧", "栽裁",
    "裁载", "刺剌", "徒徙", "爪瓜", "冶治", "洒酒", "今令", "竞竟", "住往", "杨扬",
    "历厉", "喝渴", "晴睛", "清情", "情请", "跟根", "很狠", "持特", "玩完", "蓝篮",
    "幕墓", "墓慕", "崇祟", "茶荼", "采彩", "胃胄", "季李", "天夫", "问间", "木本",
    "白自", "田由", "由甲", "甲申", "干于", "方万", "刀力", "旺汪", "粮梁",
)  # fmt: skip
POSITIVE_TYPES = (
    "documented", "homophone", "look_alike", "look_alike_textbook", "generic_added",
    "traditional", "pinyin_spelling", "latin_respelling",
)  # fmt: skip
# Respellings that keep an English word's sound, as imitations of Latin marks use them
# (`Kodak`/`Codak`, `Xerox`/`Zerox`, `Apple`/`Appel`); one is applied per word.
RESPELLINGS = (
    ("ph", "f"),
    ("f", "ph"),
    ("c", "k"),
    ("k", "c"),
    ("ck", "k"),
    ("x", "z"),
    ("s", "z"),
    ("z", "s"),
    ("i", "y"),
    ("y", "i"),
    ("le", "el"),
    ("er", "or"),
    ("ee", "ea"),
    ("oo", "u"),
    ("qu", "kw"),
    ("tt", "t"),
    ("ll", "l"),
    ("ss", "s"),
)
NEGATIVE_TYPES = ("random", "random_latin", "random_english", "shared_character",
                  "shared_syllable")  # fmt: skip
Pair = tuple[str, str, str, bool]  # (type, mark a, mark b, similar)


def load_names(seed: int) -> tuple[list[str], list[str], list[str]]:
    if not NAMES.exists():
        sys.exit(f"{NAMES} is absent: the benchmark needs ../shared/data beside the repository")
    raw = [line.strip() for line in NAMES.read_text(encoding="utf-8").splitlines()]
    names = sorted(
        {n for n in raw if 2 <= len(n) <= 6 and all("\u4e00" <= c <= "\u9fff" for c in n)}
    )
    order = names[:]
    random.Random(seed).shuffle(order)
    half = len(order) // 2
    return names, order[:half], order[half:]


class Indexes:
    """Pinyin and four-corner indexes of the characters of a list of names."""

    def __init__(self, marks: dict[str, MarkText]) -> None:
        reading_votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.code: dict[str, str] = {}
        self.count: dict[str, int] = defaultdict(int)
        for mark in marks.values():
            for char, syllable, code in zip(mark.han, mark.pinyin, mark.four_corner, strict=True):
                reading_votes[char][syllable] += 1
                self.code[char] = code
                self.count[char] += 1
        self.reading = {c: max(v, key=lambda s: v[s]) for c, v in reading_votes.items()}
        self.by_syllable: dict[str, list[str]] = defaultdict(list)
        self.by_code: dict[str, list[str]] = defaultdict(list)
        for char in sorted(self.reading):
            if self.count[char] >= 5:  # characters that real names use, not one-off rarities
                self.by_syllable[self.reading[char]].append(char)
                if self.code[char]:
                    self.by_code[self.code[char]].append(char)


def _substitute(rng: random.Random, name: str, choices: Callable[[str], list[str]]) -> str | None:
    places = list(range(len(name)))
    rng.shuffle(places)
    for i in places:
        options = [c for c in choices(name[i]) if c != name[i]]
        if options:
            return name[:i] + rng.choice(options) + name[i + 1 :]
    return None


def positive_pairs(
    rng: random.Random, names: list[str], marks: dict[str, MarkText], idx: Indexes, per_type: int
) -> list[Pair]:
    import opencc

    to_traditional = opencc.OpenCC("s2t").convert
    generic = [w for note, words in GENERIC_GROUPS for w in words if not w.isascii()]
    partners: dict[str, list[str]] = defaultdict(list)
    for pair in TEXTBOOK_LOOK_ALIKES:
        partners[pair[0]].append(pair[1])
        partners[pair[1]].append(pair[0])
    pairs: list[Pair] = []
    makers: dict[str, Callable[[str], str | None]] = {
        "homophone": lambda n: _substitute(
            rng, n, lambda c: idx.by_syllable.get(idx.reading.get(c, ""), [])
        ),
        "look_alike": lambda n: _substitute(
            rng, n, lambda c: idx.by_code.get(idx.code.get(c, ""), [])
        ),
        "look_alike_textbook": lambda n: _substitute(rng, n, lambda c: partners.get(c, [])),
        "generic_added": lambda n: n + rng.choice(generic),
        "traditional": lambda n: t if (t := to_traditional(n)) != n else None,
        "pinyin_spelling": lambda n: "".join(marks[n].pinyin).capitalize(),
    }
    for kind, make in makers.items():
        pool = names[:]
        rng.shuffle(pool)
        made = 0
        for name in pool:
            other = make(name)
            if other and other != name:
                pairs.append((kind, name, other, True))
                made += 1
                if made == per_type:
                    break
    return pairs


def english_words(seed: int) -> tuple[list[str], list[str]]:
    """First distinctive words of real organisation names (one per organisation), in halves."""
    import csv

    from ipoffice.trademarks.generic_words import GENERIC_LATIN

    by_word: dict[str, str] = {}
    with ASSIGNEES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            words = [w.lower() for w in row["organization"].replace("-", " ").split()]
            words = [w for w in words if w.isascii() and w.isalpha() and w not in GENERIC_LATIN]
            if words and len(words[0]) >= 4:
                by_word.setdefault(words[0], row["unique_id"])
    words = sorted(by_word)
    random.Random(seed).shuffle(words)
    return words[: len(words) // 2], words[len(words) // 2 :]


def respell(rng: random.Random, word: str) -> str | None:
    options = [(a, b) for a, b in RESPELLINGS if a in word]
    if options:
        a, b = rng.choice(options)
        at = [i for i in range(len(word)) if word.startswith(a, i)]
        i = rng.choice(at)
        return word[:i] + b + word[i + len(a) :]
    if len(word) >= 5:  # else double the first consonant after the first letter
        for i in range(1, len(word) - 1):
            if word[i] not in "aeiou":
                return word[: i + 1] + word[i:]
    return None


def _hard_negative(a: MarkText, b: MarkText, shared: str) -> bool:
    same_char = [x == y for x, y in zip(a.han, b.han, strict=True)]
    same_syllable = [x == y for x, y in zip(a.pinyin, b.pinyin, strict=True)]
    if shared == "shared_character":
        return sum(same_char) == 1 and sum(same_syllable) == 1
    return sum(same_char) == 0 and sum(same_syllable) == 1


def negative_pairs(
    rng: random.Random, names: list[str], marks: dict[str, MarkText], per_type: int
) -> list[Pair]:
    pairs: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    while len(pairs) < per_type:
        a, b = rng.sample(names, 2)
        if (a, b) not in seen:
            seen.add((a, b))
            pairs.append(("random", a, b, False))

    def spelling(name: str) -> str:
        return "".join(marks[name].pinyin).capitalize()

    # Cross-script and Latin negatives: a name against another name's pinyin spelling, and two
    # spellings of different names.
    for i in range(per_type):
        a, b = rng.sample(names, 2)
        pairs.append(("random_latin", a if i % 2 else spelling(a), spelling(b), False))
    for kind in ("shared_character", "shared_syllable"):
        buckets: dict[tuple[int, int, str], list[str]] = defaultdict(list)
        for name in names:
            units = name if kind == "shared_character" else marks[name].pinyin
            for i, unit in enumerate(units):
                buckets[(len(name), i, unit)].append(name)
        keys = sorted(k for k, v in buckets.items() if len(v) > 1)
        made, tries = 0, 0
        while made < per_type and tries < per_type * 50:
            tries += 1
            a, b = rng.sample(buckets[rng.choice(keys)], 2)
            if (a, b) not in seen and _hard_negative(marks[a], marks[b], kind):
                seen.add((a, b))
                pairs.append((kind, a, b, False))
                made += 1
    return pairs


def documented_split(seed: int) -> tuple[list[Pair], list[Pair]]:
    rows = [("documented", a, b, True) for a, b, _ in DOCUMENTED]
    random.Random(seed).shuffle(rows)
    half = len(rows) // 2
    return rows[:half], rows[half:]


# --- fitting and scoring ----------------------------------------------------------------------

Row = tuple[str, bool, dict[str, float]]  # (type, truth, aspect scores)


def f1(truth: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def predict(model: SimilarityModel, scores: dict[str, float]) -> bool:
    return max((model.evidence(n, s) for n, s in scores.items()), default=0.0) >= SIMILAR_AT


def fit(rows: list[Row]) -> SimilarityModel:
    """Per-aspect thresholds by coordinate ascent on F1 over the training rows.

    An aspect decides alone exactly when its score reaches its threshold, so a pair is judged
    similar when any aspect does: each step keeps the other aspects' verdicts and tries every
    threshold of one aspect (or none).
    """
    import numpy as np

    names = (*MARK_ASPECTS, "overall")
    scores = {n: np.array([s.get(n, -1.0) for _, _, s in rows]) for n in names}
    truth = np.array([t for _, t, _ in rows])
    grid: list[float | None] = [None, *[round(0.5 + i / 100, 2) for i in range(51)]]
    current: dict[str, float | None] = {n: DEFAULT_MODEL.thresholds.get(n) for n in names}

    def verdict(name: str, value: float | None) -> Any:
        return np.zeros(len(rows), bool) if value is None else scores[name] >= value

    def f1_of(predicted: Any) -> float:
        tp = int(np.sum(predicted & truth))
        fp, fn = int(np.sum(predicted & ~truth)), int(np.sum(~predicted & truth))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    # Many thresholds often tie on the training half; the middle of the best plateau is taken
    # (the largest margin on both sides), "none" only when it alone is best.
    for _ in range(6):
        changed = False
        for name in names:
            others = np.any([verdict(n, current[n]) for n in names if n != name], axis=0)
            results = [(f1_of(others | verdict(name, value)), value) for value in grid]
            top = max(r for r, _ in results)
            plateau = [v for r, v in results if r >= top - 1e-12 and v is not None]
            choice = plateau[len(plateau) // 2] if plateau else None
            if choice != current[name]:
                current[name], changed = choice, True
        if not changed:
            break
    thresholds = {k: v for k, v in current.items() if v is not None}
    return SimilarityModel(thresholds, "benchmark training half")


def report(title: str, rows: list[Row], predicted: list[bool]) -> None:
    print(f"\n{title}")
    print("| pair type | pairs | judged similar | P | R | F1 |\n|---|---:|---:|---:|---:|---:|")
    positives = [i for i, (_, t, _) in enumerate(rows) if t]
    negatives = [i for i, (_, t, _) in enumerate(rows) if not t]
    for kind in (*POSITIVE_TYPES, *NEGATIVE_TYPES):
        mine = [i for i, (k, _, _) in enumerate(rows) if k == kind]
        if not mine:
            continue
        # A positive type is scored against all negatives, a negative type against all positives.
        pool = mine + (negatives if kind in POSITIVE_TYPES else positives)
        p, r, f = f1([rows[i][1] for i in pool], [predicted[i] for i in pool])
        flagged = sum(predicted[i] for i in mine)
        print(f"| {kind} | {len(mine)} | {flagged} | {p:.3f} | {r:.3f} | {f:.3f} |")
    p, r, f = f1([t for _, t, _ in rows], predicted)
    print(f"| **all** | {len(rows)} | {sum(predicted)} | {p:.3f} | {r:.3f} | {f:.3f} |")


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(normalize(a).replace(" ", ""), normalize(b).replace(" ", "")) / 100.0


def baseline_threshold(pairs: list[Pair]) -> float:
    truth = [p[3] for p in pairs]
    values = [_ratio(p[1], p[2]) for p in pairs]
    best = max(
        (f1(truth, [v >= t for v in values])[2], t) for t in [i / 100 for i in range(1, 101)]
    )
    return best[1]


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timings(names: Iterable[str], pairs: list[tuple[MarkText, MarkText]]) -> None:
    analyse_ns: list[int] = []
    for name in names:
        start = time.perf_counter_ns()
        analyse_mark(name)
        analyse_ns.append(time.perf_counter_ns() - start)
    compare_ns: list[int] = []
    for a, b in pairs:
        start = time.perf_counter_ns()
        judge(mark_aspects(a, b))
        compare_ns.append(time.perf_counter_ns() - start)
    print("\n| step | runs | p50 µs | p95 µs | mean µs |\n|---|---:|---:|---:|---:|")
    for label, ns in (("analyse_mark", analyse_ns), ("compare_texts (warm)", compare_ns)):
        us = [n / 1000 for n in ns]
        print(f"| {label} | {len(us)} | {percentile(us, 0.5):.1f} | {percentile(us, 0.95):.1f} "
              f"| {statistics.fmean(us):.1f} |")  # fmt: skip


def rows_of(pairs: list[Pair], cache: dict[str, MarkText]) -> list[Row]:
    def mark(text: str) -> MarkText:
        if text not in cache:
            cache[text] = analyse_mark(text)
        return cache[text]

    rows: list[Row] = []
    for kind, a, b, truth in pairs:
        aspects = mark_aspects(mark(a), mark(b))
        rows.append((kind, truth, {n: x.score for n, x in aspects.items()}))
    return rows


def build(seed: int, per_type: int) -> tuple[list[Pair], list[Pair], list[str]]:
    all_names, train_names, test_names = load_names(seed)
    marks: dict[str, MarkText] = {}
    for name in all_names:
        try:
            marks[name] = analyse_mark(name)
        except InvalidInput:
            continue
    idx = Indexes(marks)
    rng = random.Random(seed)
    doc_train, doc_test = documented_split(seed)
    english = english_words(seed)
    halves = []
    for half, (names, documented) in enumerate(((train_names, doc_train), (test_names, doc_test))):
        names = [n for n in names if n in marks]
        pairs = documented + positive_pairs(rng, names, marks, idx, per_type)
        pairs += negative_pairs(rng, names, marks, per_type)
        words = english[half]
        pairs += [("random_english", *rng.sample(words, 2), False) for _ in range(per_type)]
        respelled = [(w, respell(rng, w)) for w in words]
        respelled = [(w, r) for w, r in respelled if r and r != w]
        rng.shuffle(respelled)
        pairs += [("latin_respelling", w.capitalize(), r.capitalize(), True)
                  for w, r in respelled[:per_type]]  # fmt: skip
        halves.append(pairs)
    print(f"names: {len(all_names)} real short names of {NAMES.name} (Han only, 2-6 characters), "
          f"{len(train_names)} train / {len(test_names)} test")  # fmt: skip
    return halves[0], halves[1], test_names


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=30)
    parser.add_argument("--per-type", type=int, default=1000)
    args = parser.parse_args(argv)
    train, test, test_names = build(args.seed, args.per_type)
    counts = defaultdict(lambda: [0, 0])
    for half, pairs in enumerate((train, test)):
        for kind, *_ in pairs:
            counts[kind][half] += 1
    print(
        "pairs by type (train / test): "
        + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in counts.items())
    )
    cache: dict[str, MarkText] = {}
    train_rows, test_rows = rows_of(train, cache), rows_of(test, cache)
    fitted = fit(train_rows)
    print("\nthresholds fitted on the training half:", dict(sorted(fitted.thresholds.items())))
    print("thresholds shipped (similarity_model.DEFAULT_MODEL):",
          dict(sorted(DEFAULT_MODEL.thresholds.items())))  # fmt: skip
    report("Test half, fitted thresholds", test_rows, [predict(fitted, s) for *_, s in test_rows])
    if dict(fitted.thresholds) != dict(DEFAULT_MODEL.thresholds):
        report("Test half, shipped thresholds", test_rows,
               [predict(DEFAULT_MODEL, s) for *_, s in test_rows])  # fmt: skip
    threshold = baseline_threshold(train)
    baseline = [_ratio(a, b) >= threshold for _, a, b, _ in test]
    report(f"Test half, baseline: rapidfuzz ratio >= {threshold:.2f} (best on train)",
           test_rows, baseline)  # fmt: skip
    print("\nDocumented pairs (half of them in training):")
    for kind, a, b, _ in (p for p in train + test if p[0] == "documented"):
        result = judge(mark_aspects(analyse_mark(a), analyse_mark(b)), fitted)
        half = "train" if (kind, a, b, True) in train else "test"
        print(f"  [{half}] {a} / {b}: score {result.score:.3f}, similar {result.similar}, "
              f"decisive {', '.join(result.decisive)}")  # fmt: skip
    marks = [cache[n] for n in test_names[:20000] if n in cache]
    rng = random.Random(args.seed + 1)
    timings(test_names[:20000], [tuple(rng.sample(marks, 2)) for _ in range(20000)])  # type: ignore[misc]


if __name__ == "__main__":
    main()
