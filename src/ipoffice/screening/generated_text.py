"""Reading a text for the machine-generated detector (`ipoffice.screening.generated`): the arrays
every statistic is computed from.

The fields are cut (`FIELD_CHARS`) and joined; the code points are folded (full-width to ASCII,
upper to lower case, every digit to one symbol; characters beyond the Basic Multilingual Plane
to one symbol) and classified by one table look-up each. From them, all with numpy:

- keys of the character n-grams, orders 1 to `ORDER` (a rolling polynomial hash; a key is a
  bucket of `2**TABLE_BITS` and a 16-bit fingerprint);
- sentences (。！？；!?; a line break, a full stop before a space) and Latin words, keyed by
  their first `ORDER` letters;
- units (words and Han characters) and the keys of their n-grams (`UNIT_ORDERS`);
- the share of function words (characters), content terms (words, Han bigrams) for cohesion,
  and word-order rule breaks (`DETERMINERS`, `CLAUSE_NEVER_STARTS`);
- sentence frames for templates (function units, and units found in three or more sentences,
  kept; runs of other units one slot).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ipoffice.patents.document import PatentDocument
from ipoffice.text.normalize import ZH_SHARE_THRESHOLD

ORDER = 5  # character 5-grams: a short English word with its neighbours, a Chinese phrase
# Unit (word, Han character) n-grams whose familiarity is measured: pairs and triples seen
# elsewhere in the corpus, and 6-grams, which tell a copy from text stitched of short pieces.
UNIT_ORDERS = (2, 3, 6)
TABLE_BITS = 21  # 2M buckets (16 MB, most of it stays in a CPU cache); see MAX_FIT_CHARS
# Characters of each field read: enough for stable statistics, and a bound on the cost.
FIELD_CHARS = {"title": 200, "abstract": 1500, "claims": 1000, "description": 1000}
COHESION_SENTENCES = 4  # body sentences needed to judge cohesion ...
COHESION_MIN_TERMS = 20  # ... and content terms
TEMPLATE_MIN_REPEATS = 3  # sentences sharing one frame before it is a template
TEMPLATE_MIN_TOKENS = 5  # a frame needs this many tokens and slots:
TEMPLATE_MIN_SLOTS = 2  # "the _ is _" alone is ordinary prose
# Function words of English (at most ORDER letters, so each is one n-gram) and function
# characters of Chinese: their share is stable in real text.
FUNCTION_WORDS_EN = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into",
        "onto", "upon", "via", "and", "or", "nor", "but", "is", "are", "be", "been", "was",
        "were", "has", "have", "had", "its", "it", "this", "that", "these", "those", "which",
        "said", "such", "each", "than", "then", "when", "where", "while", "as", "so", "not",
        "no", "can", "may", "being", "also", "both", "other", "only", "more", "most", "one",
        "two", "all", "any", "same", "their", "there", "thus", "about", "after", "over",
        "under",
    }
)  # fmt: skip
FUNCTION_CHARS_ZH = (
    "的了在是和与及或其所述该于为以将对由从并且而之中上下内"
    "一种个等使得可被把向到至时也还即若如此各每"
)

# Word order: a determiner is never followed by one of these words ("the of", "a the"); a
# Chinese clause never starts with the particles 的/了 nor ends with a word that needs a
# complement (所, 其, 该, 把, 被, 与, 或). Shuffled word order breaks these rules all the time.
DETERMINERS = frozenset({"the", "a", "an", "said", "its", "their"})  # not pronouns ("each of")
# (not "at", "on", "in", "via", "as", "said": "the at least one", "an on-chip buffer", "a via
# hole", "the as-deposited layer", "the said device" are real claim language)
NEVER_AFTER_DETERMINER = frozenset(
    {
        "the", "a", "an", "of", "for", "from", "with", "into", "onto", "upon", "and", "or",
        "nor", "but", "is", "are", "was", "were", "be", "been", "this", "these", "those", "its",
        "their", "which", "than", "when", "where", "while",
    }
)  # fmt: skip
CLAUSE_NEVER_STARTS = "的了"
CLAUSE_NEVER_ENDS = "所其该把被与或"

PRIME = np.uint64(0x100000001B3)
MIX = np.uint64(0x9E3779B97F4A7C15)
# A key is the top TABLE_BITS + 16 bits of the mixed hash: the bucket, then a fingerprint that
# tells the n-gram stored in the bucket from others that fall into it.
_KEY_SHIFT = np.uint64(64 - TABLE_BITS - 16)
_UNIT_SALT = 0x5A17  # unit n-grams share the table with character n-grams, in their own space
_PAD = 2  # code point of the start symbol before a text
HAN, LETTER, END, PERIOD, FUNC, SPACE = 1, 2, 4, 8, 16, 32
_CLAUSE, _NO_START, _NO_END = 64, 128, 256  # clause marks; Han particles out of place
SLOT = -1  # frame token of a run of content units
_FRAME_STEP = np.uint64(0x51ED27)


def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Code point -> folded code point, and -> class flags (Basic Multilingual Plane)."""
    fold = np.arange(0x10000, dtype=np.uint32)
    fold[0xFF01:0xFF5F] -= 0xFEE0  # full-width ASCII
    fold[0x41:0x5B] += 32  # upper case
    fold[0x30:0x3A] = 0x30  # digits: one symbol
    fold[0xFF10:0xFF1A] = 0x30
    fold[[0x09, 0x0B, 0x0C, 0x0D, 0xA0, 0x3000, 0x2028, 0x2029]] = 0x20
    flags = np.zeros(0x10000, dtype=np.uint16)
    for low, high in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)):
        flags[low:high] |= HAN
    flags[0x61:0x7B] |= LETTER
    flags[0xC0:0x250] |= LETTER
    flags[[ord(c) for c in "。！？；!?;\n"]] |= END
    flags[ord(".")] |= PERIOD
    flags[[ord(c) for c in FUNCTION_CHARS_ZH]] |= FUNC
    flags[[0x20, 0x0A]] |= SPACE
    flags[[ord(c) for c in ",;:。、!?\n"]] |= _CLAUSE
    flags[[ord(c) for c in CLAUSE_NEVER_STARTS]] |= _NO_START
    flags[[ord(c) for c in CLAUSE_NEVER_ENDS]] |= _NO_END
    return fold, flags[fold]


FOLD, FLAGS = _tables()


def analysed_text(doc: PatentDocument) -> str:
    """What the detector reads: title, abstract, claims, description, each cut to its
    `FIELD_CHARS`, one field a line."""
    return assemble(doc)[0]


def assemble(doc: PatentDocument) -> tuple[str, tuple[int, int], bool]:
    """The text, the span of the claims in it, and whether it starts with a title."""
    claims: list[str] = []
    room = FIELD_CHARS["claims"]
    for claim in doc.claims:
        if room <= 0:
            break
        claims.append(claim[:room].strip())
        room -= len(claims[-1]) + 1
    title = doc.title[: FIELD_CHARS["title"]].strip()
    head = [p for p in (title, doc.abstract[: FIELD_CHARS["abstract"]].strip()) if p]
    head_text = "\n".join(head)
    claims_text = "\n".join(c for c in claims if c)
    description = doc.description[: FIELD_CHARS["description"]].strip()
    text = "\n".join(p for p in (head_text, claims_text, description) if p)
    start = len(head_text) + 1 if head_text else 0
    span = (start, start + len(claims_text)) if claims_text else (0, 0)
    return text, span, bool(title)


def _rolling(symbols: np.ndarray, orders: Sequence[int], salt: int = 0) -> np.ndarray:
    """Key of the n-gram of `symbols` ending at each position, one row per order in `orders`
    (positions before the n-th have partial n-grams)."""
    step = symbols.astype(np.uint64) + np.uint64(1)
    out = np.empty((len(orders), len(step)), dtype=np.int64)
    h = step
    for n in range(1, max(orders) + 1):
        if n > 1:
            longer = step.copy()
            longer[1:] += h[:-1] * PRIME
            h = longer
        if n in orders:
            out[orders.index(n)] = ((h + np.uint64(salt + n)) * MIX) >> _KEY_SHIFT
    return out


_CHAR_ORDERS = tuple(range(1, ORDER + 1))


def char_grams(cp: np.ndarray) -> np.ndarray:
    """Keys of the character n-grams ending at each position, orders 1..ORDER (rows), of the
    text after ORDER - 1 start symbols."""
    return _rolling(np.concatenate((np.full(ORDER - 1, _PAD, np.uint32), cp)), _CHAR_ORDERS)


def _word_bucket(word: str) -> int:
    return int(char_grams(np.array([ord(c) for c in word], dtype=np.uint32))[len(word) - 1, -1])


def _bucket_set(words: Iterable[str]) -> np.ndarray:
    return np.array(sorted({_word_bucket(w) for w in words}), np.int64)


def _member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    slot = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    found: np.ndarray = sorted_keys[slot] == keys
    return found


_FUNCTION_BUCKETS = _bucket_set(FUNCTION_WORDS_EN)
_DETERMINERS = _bucket_set(DETERMINERS)
_NOT_AFTER_DETERMINER = _bucket_set(NEVER_AFTER_DETERMINER)


def runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct values (sorted), their counts, each input's index among them, and the first
    position of each (np.unique is many times slower on short arrays)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.ones(len(values), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    run = np.cumsum(new) - 1
    index = np.empty(len(values), dtype=np.intp)
    index[order] = run
    return ordered[new], np.bincount(run, minlength=int(new.sum())), index, order[new]


@dataclass
class TextArrays:
    """One text read: its n-gram keys, sentences, function-word share, content terms, units
    (words and Han characters) with their frame tokens and their n-gram keys."""

    text: str
    lang: str
    has_title: bool
    claims: tuple[int, int]
    grams: np.ndarray  # (ORDER, ORDER - 1 + len(text)) character n-gram keys
    starts: np.ndarray  # first character of each sentence
    function: float | None
    terms: np.ndarray  # content term keys
    term_sentence: np.ndarray
    # Frame tokens (a kept unit, or SLOT for a run of others) and their sentences: with function
    # units kept, and with function units and units recurring in 3+ sentences kept.
    frames: list[tuple[np.ndarray, np.ndarray]]
    unit_grams: np.ndarray  # (len(UNIT_ORDERS), units) keys of unit n-grams
    word_starts: np.ndarray  # first letter of each Latin word
    syntax: float | None  # share of word-order rule breaks (see DETERMINERS)


def _sentences(flags: np.ndarray) -> np.ndarray:
    """Sentence number of each character: a sentence ends at 。！？；!?; or a line break, and at
    a full stop before a space."""
    end = (flags & END) != 0
    end[:-1] |= ((flags[:-1] & PERIOD) != 0) & ((flags[1:] & SPACE) != 0)
    numbers: np.ndarray = np.cumsum(end) - end
    return numbers


def words(flags: np.ndarray, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, length and key (the key of its first ORDER letters) of each Latin word."""
    edges = np.diff((flags & LETTER != 0).astype(np.int8), prepend=0, append=0)
    first = np.flatnonzero(edges == 1)
    length = np.flatnonzero(edges == -1) - first
    prefix = np.minimum(length, ORDER)
    return first, length, grams[prefix - 1, ORDER - 1 + first + prefix - 1]


def unit_keys(cp: np.ndarray, flags: np.ndarray, grams: np.ndarray) -> np.ndarray:
    """Keys of the unit n-grams (`UNIT_ORDERS`) over the words and Han characters in order
    (as `read_text` makes them)."""
    first, _, keys = words(flags, grams)
    ident = np.full(len(cp), -1, dtype=np.int64)
    ident[first] = keys
    han = (flags & HAN) != 0
    ident[han] = cp[han].astype(np.int64) + (1 << 40)
    return _rolling(ident[ident >= 0], UNIT_ORDERS, salt=_UNIT_SALT)


def _collapse(value: np.ndarray, sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of slots within a sentence made one slot."""
    repeated = np.zeros(len(value), dtype=bool)
    repeated[1:] = (value[1:] == SLOT) & (value[:-1] == SLOT)
    repeated[1:] &= sentence[1:] == sentence[:-1]
    return value[~repeated], sentence[~repeated]


def _recurring(units: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """Whether each unit occurs in `TEMPLATE_MIN_REPEATS` or more sentences: such content words
    belong to a template's frame ("fixed", "drive"; 装置, 终端), the others fill its slots."""
    if not len(units):
        return np.zeros(0, dtype=bool)
    pairs, _, _, _ = runs((units << 20) | sentence)
    ids, sentences, _, _ = runs(pairs >> 20)
    frequent = ids[sentences >= TEMPLATE_MIN_REPEATS]
    if not len(frequent):
        return np.zeros(len(units), dtype=bool)
    return _member(units, frequent)


def _syntax(
    lang: str, flags: np.ndarray, keys: np.ndarray, short: np.ndarray, sentence: np.ndarray
) -> float | None:
    """Share of determiners (Chinese: clauses) that break a word-order rule."""
    if lang == "zh":
        clause = (flags & _CLAUSE) != 0
        han = (flags & HAN) != 0
        starts = han[1:] & clause[:-1] & ((flags[1:] & _NO_START) != 0)
        ends = han[:-1] & clause[1:] & ((flags[:-1] & _NO_END) != 0)
        clauses = int(clause.sum())
        return (int(starts.sum()) + int(ends.sum())) / clauses if clauses >= 5 else None
    if len(keys) < COHESION_MIN_TERMS:
        return None
    determiner = _member(keys, _DETERMINERS) & short  # `short` is False for labels "a)"
    following = np.zeros(len(keys), dtype=bool)
    following[:-1] = _member(keys[1:], _NOT_AFTER_DETERMINER) & short[1:]
    following[:-1] &= sentence[1:] == sentence[:-1]
    count = int(determiner.sum())
    return float((determiner & following).sum()) / count if count >= 10 else None


def read_text(text: str, claims: tuple[int, int], has_title: bool) -> TextArrays:
    raw = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    raw = np.minimum(raw, 0xFFFF)
    cp, flags = FOLD[raw], FLAGS[raw]
    grams = char_grams(cp)
    pad = ORDER - 1
    sentence = _sentences(flags)
    starts = np.flatnonzero(np.concatenate(([True], sentence[1:] != sentence[:-1])))
    first, length, keys = words(flags, grams)
    # Item labels ("a)", "b.") and letters after digits ("10A") are not words.
    after = cp[np.minimum(first + length, len(cp) - 1)] if len(cp) else cp
    before = cp[np.maximum(first - 1, 0)] if len(cp) else cp
    label = (length == 1) & ((after == 0x29) | (after == 0x2E) | (before == 0x30))
    short = (length <= ORDER) & ~label
    is_function = _member(keys, _FUNCTION_BUCKETS) & short
    han = (flags & HAN) != 0
    han_function = (flags & FUNC) != 0
    han_count = int(han.sum())
    lang = "en"
    if han_count and han_count / (han_count + int(length.sum())) >= ZH_SHARE_THRESHOLD:
        lang = "zh"
    function = None
    if lang == "zh":
        function = float(han_function.sum()) / han_count
    elif len(first) >= COHESION_MIN_TERMS:
        function = float(is_function.sum()) / len(first)
    syntax = _syntax(lang, flags, keys, short, sentence[first])
    content_han = han & ~han_function
    bigram = np.flatnonzero(content_han[1:] & content_han[:-1]) + 1
    content_word = ~is_function & (length >= 3)
    terms = np.concatenate((keys[content_word], grams[1, pad + bigram]))
    term_at = np.concatenate((first[content_word], bigram))
    # Units (words and Han characters) in text order, by identity; frame tokens keep the
    # function units and make each run of content units one slot.
    ident = np.full(len(cp), -1, dtype=np.int64)
    ident[first] = keys
    ident[han] = cp[han].astype(np.int64) + (1 << 40)
    functional = han_function.copy()
    functional[first] = is_function
    unit_at = np.flatnonzero(ident >= 0)
    units, frame_sentence = ident[unit_at], sentence[unit_at]
    plain = functional[unit_at]
    frames = [
        _collapse(np.where(kept, units, SLOT), frame_sentence)
        for kept in (plain, plain | _recurring(units, frame_sentence))
    ]
    return TextArrays(
        text=text,
        lang=lang,
        has_title=has_title,
        claims=claims,
        grams=grams,
        starts=starts,
        function=function,
        terms=terms,
        term_sentence=sentence[term_at],
        frames=frames,
        unit_grams=_rolling(ident[unit_at], UNIT_ORDERS, salt=_UNIT_SALT),
        word_starts=first,
        syntax=syntax,
    )


def cohesion(t: TextArrays) -> tuple[float | None, float | None]:
    """The share of the body's (term, sentence) pairs whose term is in another sentence too,
    and the share of the title's terms found in the body; None where there is too little."""
    if not len(t.terms):
        return None, None
    pairs, _, _, _ = runs((t.terms << 20) | t.term_sentence)
    term, sentence = pairs >> 20, pairs & 0xFFFFF
    _, per_term, index, _ = runs(term)
    recurs = per_term[index] >= 2
    body = sentence >= int(t.has_title)
    cohesion = title = None
    body_sentences = np.count_nonzero(np.bincount(sentence[body])) if body.any() else 0
    if body.sum() >= COHESION_MIN_TERMS and body_sentences >= COHESION_SENTENCES:
        cohesion = float(recurs[body].mean())
    if t.has_title and (~body).sum() >= 2 and body.any():
        title = float(recurs[~body].mean())
    return cohesion, title


def _frame_groups(t: TextArrays, value: np.ndarray, us: np.ndarray) -> tuple[int, list[np.ndarray]]:
    """Body sentences (not title, not claims) and the groups of `TEMPLATE_MIN_REPEATS` or more
    of them sharing one frame."""
    if len(us) < TEMPLATE_MIN_REPEATS * TEMPLATE_MIN_TOKENS:
        return 0, []
    new = np.ones(len(us), dtype=bool)
    new[1:] = us[1:] != us[:-1]
    first = np.flatnonzero(new)
    index = (np.arange(len(us)) - first[np.cumsum(new) - 1]).astype(np.uint64)
    token = (value.astype(np.uint64) + index * _FRAME_STEP) * MIX
    frames = np.add.reduceat(token, first)
    tokens = np.diff(np.append(first, len(us)))
    slots = np.add.reduceat((value == SLOT).astype(np.intp), first)
    numbers = us[first]
    where = t.starts[numbers]
    body = (numbers >= int(t.has_title)) & ((where < t.claims[0]) | (where >= t.claims[1]))
    body &= tokens >= 3
    eligible = body & (tokens >= TEMPLATE_MIN_TOKENS) & (slots >= TEMPLATE_MIN_SLOTS)
    if eligible.sum() < TEMPLATE_MIN_REPEATS:
        return int(body.sum()), []
    _, counts, index_of, _ = runs(frames[eligible])
    members = numbers[eligible]
    return int(body.sum()), [
        members[index_of == g] for g in np.flatnonzero(counts >= TEMPLATE_MIN_REPEATS)
    ]


def templates(t: TextArrays) -> tuple[float, list[np.ndarray]]:
    """The share of body sentences in a template under either frame, and the groups, largest
    first."""
    groups: list[np.ndarray] = []
    body = 0
    for value, sentence in t.frames:
        body, found = _frame_groups(t, value, sentence)
        groups += [g for g in found if not any(np.array_equal(g, h) for h in groups)]
    if not groups or not body:
        return 0.0, []
    groups.sort(key=lambda g: (-len(g), int(g[0])))
    members = np.unique(np.concatenate(groups))
    return len(members) / body, groups
