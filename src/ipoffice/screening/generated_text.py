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
- whether each unit is a function unit, for the frames of templates.

Cohesion and templates are computed from these arrays in `generated_structure`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
_SPACE_TO_PERIOD = 2  # SPACE >> this is PERIOD
_CLAUSE, _NO_START, _NO_END = 64, 128, 256  # clause marks; Han particles out of place
_CLOSE, _ZERO = 512, 1024  # ")" or "." after an item label ("a)", "b."); the digit symbol
_HAN_UNIT = 1 << 40  # a Han unit's identity: its code point plus this (word keys are below)
_WORD_FUNCTION, _WORD_DETERMINER, _WORD_NOT_AFTER_DETERMINER = 1, 2, 4  # roles of a word key


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
    flags[[ord(")"), ord(".")]] |= _CLOSE
    flags[ord("0")] |= _ZERO
    return fold, flags[fold]


# Indexed by code point (beyond the Basic Multilingual Plane: the last entry, one symbol).
FOLD, FLAGS = _tables()
_LETTERS = (FLAGS & LETTER) != 0
_STEPS = (FOLD.astype(np.uint64) + np.uint64(1)) * MIX  # hash step of each symbol, see below


def code_points(text: str) -> np.ndarray:
    """The code points of a text (lone surrogates kept), the index into the tables above."""
    raw: np.ndarray = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    return raw


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


# --- hashing --------------------------------------------------------------------------------
# The key of an n-gram of symbols s_1..s_n is the top bits of (h + salt + n) * MIX, with
# h = sum of (s_i + 1) * PRIME**(n - i), all modulo 2**64. The products with MIX are carried
# through (MIX * h of an n-gram is the same sum over the steps MIX * (s_i + 1)), and an n-gram
# is its last k symbols after the n - k before them: MIX h_n[i] = MIX h_k[i] +
# PRIME**k * MIX h_(n-k)[i - k]. So each order costs two array operations.

_MASK64 = (1 << 64) - 1
_POWERS = tuple(np.uint64(int(PRIME) ** k & _MASK64) for k in range(max(ORDER, *UNIT_ORDERS)))


def _salts(orders: Sequence[int], salt: int) -> np.ndarray:
    return np.array([[(salt + n) * int(MIX) & _MASK64] for n in orders], dtype=np.uint64)


def _plan(orders: Sequence[int]) -> tuple[tuple[int, int, int], ...]:
    """The orders computed (beyond 1), ascending, each with the split n = low + (n - low)."""
    needed: set[int] = set()
    waiting = list(orders)
    while waiting:
        n = waiting.pop()
        if n > 1 and n not in needed:
            needed.add(n)
            waiting += [n // 2, n - n // 2]
    return tuple((n, n // 2, n - n // 2) for n in sorted(needed))


def _keys(steps: np.ndarray, orders: tuple[int, ...], salts: np.ndarray) -> np.ndarray:
    """Keys of the n-grams ending at each position, one row per order (ascending), from the
    steps MIX * (symbol + 1); positions before the n-th have partial n-grams."""
    out = np.empty((len(orders), len(steps)), dtype=np.uint64)
    mixed = {1: steps}  # MIX * h of each order
    for n, low, high in _PLANS[orders]:
        longer = out[orders.index(n)] if n in orders else np.empty_like(steps)
        last, before = mixed[low], mixed[high]
        longer[:low] = last[:low]  # partial n-grams
        np.multiply(before[:-low], _POWERS[low], out=longer[low:])
        longer[low:] += last[low:]
        mixed[n] = longer
    if orders[0] == 1:
        out[0] = steps
    out += salts
    out >>= _KEY_SHIFT
    return out.view(np.int64)


def hash_rows(symbols: np.ndarray, orders: tuple[int, ...], salt: int = 0) -> np.ndarray:
    """Keys of the n-grams of `symbols` (non-negative) ending at each position, one row per
    order in `orders` (ascending)."""
    _PLANS.setdefault(orders, _plan(orders))
    steps = symbols.astype(np.uint64)
    steps += np.uint64(1)
    steps *= MIX
    return _keys(steps, orders, _salts(orders, salt))


_CHAR_ORDERS = tuple(range(1, ORDER + 1))
_PLANS = {orders: _plan(orders) for orders in (_CHAR_ORDERS, UNIT_ORDERS)}
_CHAR_SALTS = _salts(_CHAR_ORDERS, 0)
_UNIT_SALTS = _salts(UNIT_ORDERS, _UNIT_SALT)
_PAD_STEP = np.uint64((_PAD + 1) * int(MIX) & _MASK64)


def char_grams(raw: np.ndarray) -> np.ndarray:
    """Keys of the character n-grams ending at each position, orders 1..ORDER (rows), of the
    text (code points) after ORDER - 1 start symbols."""
    steps = np.empty(len(raw) + ORDER - 1, dtype=np.uint64)
    steps[: ORDER - 1] = _PAD_STEP
    _STEPS.take(raw, mode="clip", out=steps[ORDER - 1 :])
    return _keys(steps, _CHAR_ORDERS, _CHAR_SALTS)


def unit_grams(units: np.ndarray) -> np.ndarray:
    """Keys of the unit n-grams (`UNIT_ORDERS`, rows) ending at each unit."""
    steps = units.astype(np.uint64)
    steps += np.uint64(1)
    steps *= MIX
    return _keys(steps, UNIT_ORDERS, _UNIT_SALTS)


def _word_bucket(word: str) -> int:
    return int(char_grams(code_points(word))[len(word) - 1, -1])


# --- words ----------------------------------------------------------------------------------


def _word_roles() -> tuple[np.ndarray, np.ndarray, int]:
    """A direct table of the words with a role (function word, determiner, never after a
    determiner): 2**16 slots, a word key in the slot of bits `shift`.. of its key (chosen so
    that no two share one), and the role bits of each slot."""
    roles: dict[int, int] = {}
    for words, role in (
        (FUNCTION_WORDS_EN, _WORD_FUNCTION),
        (DETERMINERS, _WORD_DETERMINER),
        (NEVER_AFTER_DETERMINER, _WORD_NOT_AFTER_DETERMINER),
    ):
        for word in words:
            if len(word) > ORDER:
                raise ValueError(f"{word!r}: a role word is one n-gram")
            key = _word_bucket(word)
            roles[key] = roles.get(key, 0) | role
    for shift in range(TABLE_BITS + 1):
        slots = {key >> shift & 0xFFFF for key in roles}
        if len(slots) == len(roles):
            keys = np.full(0x10000, -1, dtype=np.int64)  # no key is negative
            bits = np.zeros(0x10000, dtype=np.uint8)
            for key, role in roles.items():
                keys[key >> shift & 0xFFFF], bits[key >> shift & 0xFFFF] = key, role
            return keys, bits, shift
    raise ValueError("role words: no collision-free slots")


_ROLE_KEYS, _ROLE_BITS, _ROLE_SHIFT = _word_roles()


def _roles(keys: np.ndarray) -> np.ndarray:
    """The role bits of each word key (0 for words without a role)."""
    slot = (keys >> _ROLE_SHIFT) & 0xFFFF
    roles: np.ndarray = _ROLE_BITS.take(slot)
    roles *= _ROLE_KEYS.take(slot) == keys
    return roles


@dataclass
class TextArrays:
    """One text read: its n-gram keys, sentences, function-word share, content terms, units
    (words and Han characters) with their n-gram keys."""

    text: str
    lang: str
    has_title: bool
    claims: tuple[int, int]
    grams: np.ndarray  # (ORDER, ORDER - 1 + len(text)) character n-gram keys
    starts: np.ndarray  # first character of each sentence
    function: float | None
    terms: np.ndarray  # content term keys
    term_sentence: np.ndarray
    # Units (word keys, Han code points + `_HAN_UNIT`) in text order, their sentences, and
    # whether each is a function unit (for the templates' frames)
    units: np.ndarray
    unit_sentence: np.ndarray
    unit_function: np.ndarray
    unit_grams: np.ndarray  # (len(UNIT_ORDERS), units) keys of unit n-grams
    word_starts: np.ndarray  # first letter of each Latin word
    syntax: float | None  # share of word-order rule breaks (see DETERMINERS)


def _sentence_ends(flags: np.ndarray) -> np.ndarray:
    """Last character of each sentence: a sentence ends at 。！？；!?; or a line break, and at a
    full stop before a space. The sentence of position p is `ends.searchsorted(p)`."""
    end = flags & END
    end[:-1] |= flags[:-1] & (flags[1:] >> _SPACE_TO_PERIOD) & PERIOD
    found: np.ndarray = end.nonzero()[0]
    return found


def _sentence_starts(ends: np.ndarray, size: int) -> np.ndarray:
    starts = np.empty(len(ends) + 1, dtype=np.intp)
    starts[0] = 0
    np.add(ends, 1, out=starts[1:])
    return starts[:-1] if len(ends) and ends[-1] == size - 1 else starts


def _words(
    raw: np.ndarray, flags: np.ndarray, grams: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Start, length, key (the key of its first ORDER letters) and role bits of each Latin word;
    words longer than ORDER letters and item labels have no role."""
    letter = np.empty(len(raw) + 2, dtype=bool)
    letter[0] = letter[-1] = False
    _LETTERS.take(raw, mode="clip", out=letter[1:-1])
    edges = (letter[1:] != letter[:-1]).nonzero()[0]
    first, stop = edges[::2], edges[1::2]
    length = stop - first
    # grams[prefix - 1, ORDER - 1 + first + prefix - 1], by its index in the flat array
    width = grams.shape[1]
    at = np.minimum(length, ORDER)
    at *= width + 1
    at += first
    at += ORDER - 2 - width
    keys = grams.take(at)
    roles = _roles(keys)
    roles *= length <= ORDER
    # Item labels ("a)", "b.") and letters after digits ("10A") are not words: of the words
    # with a role, only single letters can be labels.
    single = ((length == 1) & (roles != 0)).nonzero()[0]
    if len(single):
        marks = flags.take(stop[single], mode="clip") & _CLOSE
        marks |= flags.take(first[single] - 1, mode="clip") & _ZERO
        roles[single[marks != 0]] = 0
    return first, length, keys, roles


def _word_order(roles: np.ndarray, sentence: np.ndarray) -> float | None:
    """Share of determiners followed (in their sentence) by a word that never follows one."""
    if len(roles) < COHESION_MIN_TERMS:
        return None
    determiner = roles & _WORD_DETERMINER
    count = int(np.count_nonzero(determiner))
    if count < 10:
        return None
    breaks = (roles[1:] & _WORD_NOT_AFTER_DETERMINER) != 0
    breaks &= sentence[1:] == sentence[:-1]
    breaks &= determiner[:-1] != 0
    return float(np.count_nonzero(breaks)) / count


def _clause_order(flags: np.ndarray) -> float | None:
    """Share of Chinese clauses starting with 的/了 or ending with 所/其/该... (all Han)."""
    clause = (flags & _CLAUSE) != 0
    clauses = int(np.count_nonzero(clause))
    if clauses < 5:
        return None
    starts = np.count_nonzero(clause[:-1] & ((flags[1:] & _NO_START) != 0))
    ends = np.count_nonzero(clause[1:] & ((flags[:-1] & _NO_END) != 0))
    return (int(starts) + int(ends)) / clauses


def _han_terms(
    flags: np.ndarray, grams: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Keys and sentences of the bigrams of Han characters that are not function characters."""
    content = (flags & (HAN | FUNC)) == HAN
    bigram = (content[1:] & content[:-1]).nonzero()[0]
    bigram += 1
    keys: np.ndarray = grams[1].take(bigram + (ORDER - 1))
    return keys, ends.searchsorted(bigram)


def _han_units(
    raw: np.ndarray,
    flags: np.ndarray,
    ends: np.ndarray,
    words: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Units (word keys, Han code points + `_HAN_UNIT`) in text order, their sentences, and
    whether each is a function unit; `words` are the words' starts, keys, function flags."""
    first, keys, is_function = words
    han = (flags & HAN) != 0
    ident = np.full(len(raw), -1, dtype=np.int64)
    ident[first] = keys
    ident[han] = FOLD.take(raw[han], mode="clip").astype(np.int64) + _HAN_UNIT
    at = (ident >= 0).nonzero()[0]
    functional = (flags & FUNC) != 0
    functional[first] = is_function
    return ident[at], ends.searchsorted(at), functional[at]


def read_text(text: str, claims: tuple[int, int], has_title: bool) -> TextArrays:
    raw = code_points(text)
    flags = FLAGS.take(raw, mode="clip")
    grams = char_grams(raw)
    ends = _sentence_ends(flags)
    first, length, keys, roles = _words(raw, flags, grams)
    word_sentence = ends.searchsorted(first)
    is_function = (roles & _WORD_FUNCTION) != 0
    han_count = int(np.count_nonzero(flags & HAN))
    lang = "en"
    if han_count and han_count / (han_count + int(length.sum())) >= ZH_SHARE_THRESHOLD:
        lang = "zh"
    function = syntax = None
    if lang == "zh":
        function = float(np.count_nonzero(flags & FUNC)) / han_count
        syntax = _clause_order(flags)
    else:
        if len(first) >= COHESION_MIN_TERMS:
            function = float(np.count_nonzero(is_function)) / len(first)
        syntax = _word_order(roles, word_sentence)
    content = length >= 3
    content &= ~is_function
    terms, term_sentence = keys[content], word_sentence[content]
    units, unit_sentence, plain = keys, word_sentence, is_function
    if han_count:
        han_terms, han_sentence = _han_terms(flags, grams, ends)
        terms = np.concatenate((terms, han_terms))
        term_sentence = np.concatenate((term_sentence, han_sentence))
        units, unit_sentence, plain = _han_units(raw, flags, ends, (first, keys, is_function))
    return TextArrays(
        text=text,
        lang=lang,
        has_title=has_title,
        claims=claims,
        grams=grams,
        starts=_sentence_starts(ends, len(raw)),
        function=function,
        terms=terms,
        term_sentence=term_sentence,
        units=units,
        unit_sentence=unit_sentence,
        unit_function=plain,
        unit_grams=unit_grams(units),
        word_starts=first,
        syntax=syntax,
    )
