"""Order No. 77 Art. 3(3): content mainly generated at random by computer (随机生成).

Each statistic below is turned into a robust z-score against the same statistic on the corpus
the detector was fitted on (median and 1.4826 MAD, per language), so every threshold is
relative to real text, not absolute:

1. **Perplexity** under a character n-gram model of the corpus: orders 1 to `ORDER`,
   interpolated Witten-Bell smoothing over hashed counts (one numpy table of n-gram counts and
   distinct-continuation counts, `2**TABLE_BITS` buckets), over the whole text and over the
   first letters of words (where word order shows). Characters in both languages:
   Chinese needs no segmenter that way, and for English a 5-gram of characters spans a short
   word with its neighbours, has no out-of-vocabulary words and costs a few array look-ups a
   character instead of a tokenizer and stemmer per word. Word salad and shuffled word order
   break the n-grams across word boundaries, character salad breaks them all. Digits are one
   symbol (numbers are unpredictable by nature). Each character's surprisal counts up to a
   high quantile of the corpus's (`SURPRISAL_CAP_QUANTILE`): a chemical name or a sequence code
   is very surprising in a few places, salad and shuffles are at every word, and the mean must
   tell the two apart. A document the model was fitted on is scored leave-one-out (its own
   counts are taken out), so fitting on a sample of the batch itself does not hide generated
   documents in the sample.
2. **Template repetition**: each sentence reduced to its frame (function words kept, and also,
   in a second frame, the words found in three or more sentences; each run of other words one
   slot); three or more sentences of the abstract and description with one frame are a
   template with slot words swapped. Claims are left out: dependent claims repeat their frame
   by nature (the claims detector judges them).
3. **Word order and stitching**: the share of unit (word, Han character) pairs no other text
   of the corpus has - high in salad and shuffles; the share of determiners followed by a word
   that never follows one ("the of"; Chinese clauses starting with 的/了 or ending with 所/其/
   该...) - shuffles; and, for text that is not a copy (most of its unit 6-grams new), too few
   new pairs or triples, or (English) new triples made of known pairs nearly always: text
   stitched together from the corpus's own n-grams (Markov chains; in written text a new
   triple of words mostly brings a new pair with it).
4. **Incoherent terms**: the share of function words (function characters in Chinese), too low
   in word salad drawn from a vocabulary; lexical cohesion, the share of a sentence's content
   terms (English words by their first `ORDER` letters, Chinese character bigrams) found in
   another sentence; topic coherence, each window of terms against the rest of the text by
   random-indexing term vectors of the corpus - real text stays on its subject, Markov-chain
   text and fragments of unrelated patents drift; and title coverage, the share of the title's
   terms found in the rest.

Signals reading the same thing count once (`GROUPS`: the highest of perplexity, word-start
surprisal and unseen pairs; of cohesion and topic drift); the combined z is the root sum of
squares of the groups' positive z-scores, and an application is reported from `FIRE_Z`.
Evidence: the perplexity, its z-score and the corpus median, the repeated frames
with example sentences, the incoherence figures, and the sentences of highest surprisal - the
passages an examiner should read.

The calibration (`fit_model`) leaves out fitted documents that are copies of others (families,
serial filings): a new application is judged against novel text. The model and the reading of
a text are in `generated_model`, `generated_text` and `generated_structure`.

Bounds: each field is cut to `FIELD_CHARS` first (a 5 MB description costs what its first
1,000 characters do) and all statistics are numpy operations on the code points. Without a
fitted model only the template signal can fire.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.generated_model import (
    MAX_FIT_CHARS,
    Calibration,
    CorpusCounter,
    GeneratedModel,
    surprisal,
    topic_coherence,
    unseen_shares,
)
from ipoffice.screening.generated_structure import TEMPLATE_MIN_REPEATS, cohesion, templates
from ipoffice.screening.generated_text import (
    COHESION_MIN_TERMS,
    FUNCTION_CHARS_ZH,
    FUNCTION_WORDS_EN,
    ORDER,
    UNIT_ORDERS,
    TextArrays,
    assemble,
    read_text,
)

# Below this many characters the statistics are too noisy to judge (a Chinese character carries
# about as much as two or three Latin letters).
MIN_CHARS = {"en": 150, "zh": 40}
CALIBRATION_DOCS = 3000  # documents per language whose statistics make the corpus distribution
MIN_CALIBRATION = 20  # a language with fewer gets no corpus-relative signals
# MAD floors (in each statistic's unit): where nearly every document has the same value (title
# coverage 1.0; a corpus of near-copies, whose leave-one-out perplexity is tiny), a small
# difference must not become a huge z-score. Real English abstracts have a MAD scale of about
# 0.2 bits per character, so the floors do not bind on a varied corpus.
SCALE_FLOOR = {
    "surprisal": 0.15,
    "boundary": 0.2,
    "pairs": 0.02,
    "novel_pairs": 0.02,
    "novel_triples": 0.02,
    "chained": 0.03,
    "function": 0.02,
    "syntax": 0.04,  # one slip in 25 determiners is no pattern
    "topic": 0.04,
    "cohesion": 0.04,
    "title": 0.35,  # few terms: a title missing from the abstract can support, never decide
}
# Text with at least this share of its unit 6-grams new to the corpus is not a copy; only then
# do too few new pairs and triples mean it was stitched together from corpus n-grams.
COPY_UNSEEN = 0.5
# Each character's surprisal counts up to this quantile of the corpus's (English: about 6.7
# bits, against a median of 0.8): a rare chemical name is surprising in a few places, salad at
# every word. Real abstracts of the quality benchmark flagged (most of them biomedical): 19 ->
# 10 of 2,000, the same generated texts found; at the 0.93 quantile a salad is missed.
SURPRISAL_CAP_QUANTILE = 0.97
SIGNAL_Z = 3.0  # a signal is named in the evidence from this z on
FIRE_Z = 5.0  # combined z from which an application is reported (see the tests for the rate)
TEMPLATE_Z_PER_SHARE = 10.0  # half the sentences in templates counts as z = 5 ...
# ... once this many sentences repeat frames (fewer count in proportion): real text has short
# runs of parallel sentences ("When the mouse is moved toward region C, a screwball is ...").
TEMPLATE_FULL_REPEATS = 6
WORST_SENTENCES = 3
MIN_SENTENCE_CHARS = 12
EXAMPLES = 3
SNIPPET_CHARS = 200

_FRAME_UNITS = re.compile(r"[A-Za-z\u00c0-\u024f]+|[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class _Measured:
    text: TextArrays
    stats: dict[str, float]  # surprisal, function, cohesion, title: those that apply
    bits: np.ndarray | None  # surprisal of each character, given a model
    template_share: float
    templates: list[list[int]]  # sentence numbers of each group of one frame


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def _mean(values: np.ndarray) -> float:
    """As ndarray.mean (the same sum), without its overhead."""
    return float(np.add.reduce(values)) / len(values)


def _read(text: str, claims: tuple[int, int], has_title: bool) -> TextArrays | None:
    """The text read, unless too short to judge."""
    if len(text) < min(MIN_CHARS.values()):
        return None
    t = read_text(text, claims, has_title)
    return t if len(text) >= MIN_CHARS[t.lang] else None


def _surprisal_stats(
    stats: dict[str, float], bits: np.ndarray, word_starts: np.ndarray, cap: float
) -> None:
    """The mean surprisal over the characters and over the first letters of words, each
    character's counted up to `cap` bits."""
    stats["surprisal"] = _mean(np.minimum(bits, cap))
    if len(word_starts) >= COHESION_MIN_TERMS:
        stats["boundary"] = _mean(np.minimum(bits.take(word_starts), cap))


def _statistics(
    doc_id: str, t: TextArrays, model: GeneratedModel | None
) -> tuple[dict[str, float], np.ndarray | None]:
    """The statistics of a text that apply (see `_Measured`) and, given a model, the surprisal
    of each character."""
    stats: dict[str, float] = {}
    bits = None
    if model is not None:
        leave_out = doc_id in model.fitted and model.fitted[doc_id] == _crc(t.text)
        bits = surprisal(model, t.grams, leave_out)
        calibration = model.calibration.get(t.lang)
        cap = calibration.surprisal_cap if calibration else math.inf
        _surprisal_stats(stats, bits, t.word_starts, cap)
        if t.unit_grams.shape[1] >= COHESION_MIN_TERMS + max(UNIT_ORDERS):
            unseen = unseen_shares(model, t.unit_grams, leave_out)
            stats["pairs"], stats["long_unseen"] = unseen.pairs, unseen.long
            if unseen.long >= COPY_UNSEEN:
                stats["novel_pairs"], stats["novel_triples"] = unseen.pairs, unseen.triples
                # Word units only: a Chinese unit is a character, and a new triple of known
                # character pairs is two words newly side by side, which is ordinary writing.
                if unseen.chained is not None and t.lang == "en":
                    stats["chained"] = unseen.chained
        coherence = topic_coherence(model, t, doc_id if leave_out else None)
        if coherence is not None:
            stats["topic"] = coherence
    if t.function is not None:
        stats["function"] = t.function
    if t.syntax is not None:
        stats["syntax"] = t.syntax
    lexical, title = cohesion(t)
    if lexical is not None:
        stats["cohesion"] = lexical
    if title is not None:
        stats["title"] = title
    return stats, bits


def _measure(
    doc_id: str, text: str, claims: tuple[int, int], has_title: bool, model: GeneratedModel | None
) -> _Measured | None:
    t = _read(text, claims, has_title)
    if t is None:
        return None
    stats, bits = _statistics(doc_id, t, model)
    share, groups = templates(t)
    return _Measured(t, stats, bits, share, groups)


def _calibrate(rows: list[tuple[dict[str, float], np.ndarray, np.ndarray]]) -> Calibration:
    """The corpus distribution of each statistic over one language's rows (statistics, the
    surprisal of each character, the first letters of words), once the surprisal is capped at
    the corpus's `SURPRISAL_CAP_QUANTILE`."""
    cap = float(np.quantile(np.concatenate([bits for _, bits, _ in rows]), SURPRISAL_CAP_QUANTILE))
    for stats, bits, word_starts in rows:
        _surprisal_stats(stats, bits, word_starts, cap)
    median: dict[str, float] = {}
    scale: dict[str, float] = {}
    for name, floor in SCALE_FLOOR.items():
        values = np.array([stats[name] for stats, _, _ in rows if name in stats])
        if len(values) >= MIN_CALIBRATION:
            median[name] = float(np.median(values))
            scale[name] = max(1.4826 * float(np.median(np.abs(values - median[name]))), floor)
    return Calibration(len(rows), median, scale, cap)


def fit_model(documents: Iterable[PatentDocument]) -> GeneratedModel:
    """The character model of the documents (up to `MAX_FIT_CHARS`, taken in the order of their
    ids' CRC-32, so the model does not depend on the input order) and, per language, the corpus
    distribution of each statistic over up to `CALIBRATION_DOCS` of them, leave-one-out."""
    by_id: dict[str, PatentDocument] = {}
    for doc in documents:
        by_id.setdefault(doc.id, doc)
    chosen: list[tuple[str, str, tuple[int, int], bool]] = []
    used = 0
    for doc_id in sorted(by_id, key=lambda i: (zlib.crc32(i.encode("utf-8", "replace")), i)):
        text, claims, has_title = assemble(by_id[doc_id])
        if text and used + len(text) <= MAX_FIT_CHARS:
            chosen.append((doc_id, text, claims, has_title))
            used += len(text)
    counter = CorpusCounter()
    for doc_id, text, claims, has_title in chosen:
        counter.add(doc_id, read_text(text, claims, has_title))
    fitted = {doc_id: _crc(text) for doc_id, text, _, _ in chosen}
    topics, frequency = counter.topics()
    model = GeneratedModel(
        counter.table(), counter.total, counter.alphabet, fitted, {}, topics, frequency, len(chosen)
    )
    rows: dict[str, list[tuple[dict[str, float], np.ndarray, np.ndarray]]] = {}
    for doc_id, text, claims, has_title in chosen:
        t = _read(text, claims, has_title)
        if t is None or len(rows.get(t.lang, ())) >= CALIBRATION_DOCS:
            continue  # (a language calibrated in full needs no more)
        stats, bits = _statistics(doc_id, t, model)  # (templates are not calibrated)
        # Copies of other fitted documents (families, serial filings) are left out: a new
        # application is judged against novel text, not against near-copies of the corpus.
        if bits is not None and stats.get("long_unseen", 1.0) >= COPY_UNSEEN:
            rows.setdefault(t.lang, []).append((stats, bits, t.word_starts))
    calibration = {
        lang: _calibrate(found)
        for lang, found in sorted(rows.items())
        if len(found) >= MIN_CALIBRATION
    }
    return replace(model, calibration=calibration)


# --- judging --------------------------------------------------------------------------------

# signal -> (statistic, direction): its z is the highest over its statistics, where direction
# 1 means high values are abnormal, -1 low values, 0 both.
_CALIBRATED: dict[str, tuple[tuple[str, int], ...]] = {
    "perplexity": (("surprisal", 1),),
    "word_boundaries": (("boundary", 1),),
    "unusual_pairs": (("pairs", 1),),
    "stitched": (("novel_pairs", -1), ("novel_triples", -1), ("chained", 1)),
    "function_words": (("function", 0),),
    "word_order": (("syntax", 1),),
    "topic_drift": (("topic", -1),),
    "cohesion": (("cohesion", -1),),
    "title_coverage": (("title", -1),),
}
_LABELS = {
    "surprisal": "surprisal_bits_per_char",
    "boundary": "word_start_bits",
    "pairs": "unseen_unit_pairs",
    "novel_triples": "unseen_unit_triples",
    "chained": "new_triples_of_known_pairs",
    "function": "function_word_ratio",
    "syntax": "word_order_breaks",
    "topic": "topic_coherence",
    "cohesion": "cohesion",
    "title": "title_coverage",
}


def _signals(measured: _Measured, calibration: Calibration | None) -> dict[str, float]:
    repeats = len(set().union(*measured.templates))
    ramp = min(1.0, max(0.0, (repeats - TEMPLATE_MIN_REPEATS + 1) / (TEMPLATE_FULL_REPEATS - 2)))
    z = {"template": measured.template_share * TEMPLATE_Z_PER_SHARE * ramp}
    if calibration is None:
        return z
    for signal, stats in _CALIBRATED.items():
        values = []
        for stat, direction in stats:
            if stat in measured.stats and stat in calibration.median:
                delta = (measured.stats[stat] - calibration.median[stat]) / calibration.scale[stat]
                values.append(abs(delta) if direction == 0 else delta * direction)
        if values:
            z[signal] = max(values)
    return z


# Signals that read the same thing (local n-gram statistics) count once, by their highest z.
GROUPS = (
    ("perplexity", "word_boundaries", "unusual_pairs"),
    ("stitched",),
    ("function_words",),
    ("word_order",),
    ("cohesion", "topic_drift"),
    ("title_coverage",),
    ("template",),
)


def combine(z: dict[str, float]) -> float:
    """Root sum of squares over `GROUPS` of each group's highest positive z."""
    highest = [max([z[name] for name in group if name in z], default=0.0) for group in GROUPS]
    return math.sqrt(sum(max(value, 0.0) ** 2 for value in highest))


def _sentence(t: TextArrays, number: int) -> str:
    end = int(t.starts[number + 1]) if number + 1 < len(t.starts) else len(t.text)
    return t.text[int(t.starts[number]) : end].strip()[:SNIPPET_CHARS]


def _frame_text(sentence: str) -> str:
    out: list[str] = []
    for unit in _FRAME_UNITS.findall(sentence):
        kept = unit.lower() in FUNCTION_WORDS_EN or unit in FUNCTION_CHARS_ZH
        piece = unit.lower() if kept else "…"
        if not (piece == "…" and out and out[-1] == "…"):
            out.append(piece)
    return " ".join(out)


def _worst_sentences(t: TextArrays, bits: np.ndarray) -> list[dict[str, Any]]:
    ends = np.append(t.starts[1:], len(bits))
    means = np.add.reduceat(bits, t.starts) / np.maximum(ends - t.starts, 1)
    ranked = sorted(
        (-float(means[k]), k)
        for k in range(len(t.starts))
        if len(_sentence(t, k)) >= MIN_SENTENCE_CHARS
    )
    return [
        {"text": _sentence(t, k), "bits_per_char": round(-score, 3)}
        for score, k in ranked[:WORST_SENTENCES]
    ]


def _evidence(
    measured: _Measured, z: dict[str, float], combined: float, calibration: Calibration | None
) -> dict[str, Any]:
    t, stats = measured.text, measured.stats
    evidence: dict[str, Any] = {
        "method": f"robust z-scores against the fitted corpus (median, 1.4826 MAD): character "
        f"{ORDER}-gram perplexity (each character's surprisal counted up to the corpus's "
        f"{SURPRISAL_CAP_QUANTILE:.0%} quantile), function-word share, lexical cohesion, title "
        "coverage; share of sentences in repeated frames",
        "language": t.lang,
        "analysed_chars": len(t.text),
        "combined_z": round(combined, 3),
        "signals": sorted(name for name, value in z.items() if value >= SIGNAL_Z),
        "z_scores": {name: round(value, 3) for name, value in sorted(z.items())},
        "corpus_documents": calibration.documents if calibration else 0,
        "template_share": round(measured.template_share, 3),
        "templates": [
            {
                "frame": _frame_text(_sentence(t, int(group[0]))),
                "sentences": len(group),
                "examples": [_sentence(t, int(k)) for k in group[:EXAMPLES]],
            }
            for group in measured.templates[:EXAMPLES]
        ],
    }
    for stat, label in _LABELS.items():
        if stat in stats:
            evidence[label] = round(stats[stat], 4)
        if calibration is not None and stat in calibration.median:
            evidence[f"corpus_median_{label}"] = round(calibration.median[stat], 4)
    if "surprisal" in stats:
        evidence["perplexity"] = round(2 ** stats["surprisal"], 3)
    if calibration is not None:
        evidence["surprisal_cap_bits"] = round(calibration.surprisal_cap, 3)
        if "surprisal" in calibration.median:
            evidence["corpus_median_perplexity"] = round(2 ** calibration.median["surprisal"], 3)
    if measured.bits is not None:
        evidence["worst_sentences"] = _worst_sentences(t, measured.bits)
    return evidence


@dataclass(frozen=True)
class GeneratedFeatures:
    """What `prepare` keeps of one application: the z-scores, and the evidence only when the
    combined z reaches the threshold (a million normal applications carry no text)."""

    lang: str
    chars: int
    z: dict[str, float]
    combined: float
    evidence: dict[str, Any] | None


class MachineGeneratedDetector:
    """See the module docstring. The model comes from `context.models[name]` (the pipeline
    fits it on its sample) or, failing that, from the constructor."""

    behaviour = "machine_generated"
    name = "machine_generated"

    def __init__(self, threshold: float = FIRE_Z, *, model: GeneratedModel | None = None) -> None:
        self.threshold = threshold
        self.model = model

    def fit(self, documents: Iterable[PatentDocument]) -> GeneratedModel:
        return fit_model(documents)

    def _model(self, context: ScreeningContext) -> GeneratedModel | None:
        found = context.models.get(self.name)
        return found if isinstance(found, GeneratedModel) else self.model

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> GeneratedFeatures:
        model = self._model(context)
        text, claims, has_title = assemble(doc)
        measured = _measure(doc.id, text, claims, has_title, model)
        if measured is None:
            return GeneratedFeatures(doc.lang, len(text), {}, 0.0, None)
        calibration = model.calibration.get(measured.text.lang) if model else None
        z = _signals(measured, calibration)
        combined = combine(z)
        evidence = None
        if combined >= self.threshold:
            evidence = _evidence(measured, z, combined, calibration)
            evidence["threshold"] = self.threshold
        rounded = {name: round(value, 4) for name, value in sorted(z.items())}
        return GeneratedFeatures(measured.text.lang, len(text), rounded, combined, evidence)

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        findings: Findings = {}
        for app_id, features in prepared:
            if features.evidence is None or features.combined < self.threshold:
                continue
            score = features.combined / (features.combined + self.threshold)
            findings[app_id] = [Finding(self.behaviour, score, features.evidence)]
        return dict(sorted(findings.items()))
