"""Clause analysis that undoes simple substitution, for the copying and combination detectors.

Order No. 77 Art. 3(2) names "simple substitution" of prior art: the copier swaps a word for a
drafting synonym (固定连接 -> 固接, "fastened" -> "secured"), changes numbers or reference signs,
or moves clauses around. `analyse` turns a sentence or a claim element into terms on which such
changes vanish:

- Text is lower-cased and NFKC-normalised (full-width forms); traditional characters are not
  converted (`ipoffice.text.normalize` does that, at twenty times the cost, and applications
  filed at CNIPA are in simplified characters).
- Claim references ("according to claim 1", "根据权利要求1所述的") and drafting boilerplate
  ("本发明涉及", "其特征在于", "所述", "一种") are cut out: they are the same in every
  application and say nothing about the technology.
- Chinese: each run of Han characters has its synonyms replaced by the group's canonical form
  (longest variant first, so 固定连接 is not read as 固定 + 连接), then becomes its character
  bigrams (id: the two code points, 16 bits each). Bigrams need no segmenter (jieba costs
  several microseconds a character) and, being cut at punctuation, are the same whatever order
  the comma clauses come in.
- Other text: words of the project's analyser (`ipoffice.text.analyze.tokens`: stopwords out,
  Snowball stems), each stem mapped to its group's canonical stem. Computed once a word and
  cached.
- Numbers and words with a digit (values, reference signs "10a", step labels "S101") are set
  aside: they are kept apart, so that a copy with changed values still matches and the change
  can be named.

`pieces` cuts a claim sentence at commas and semicolons into pieces of a minimum content size,
so that the same features give the same pieces whatever punctuation separates them.

`match_changes` names what a copy changed in its source passage: reordered (the shared terms
come in another order; the copying detector also calls a passage reordered when it was moved
before a passage it followed in the source), synonym_substituted (a synonym group both use is
written differently), numbers_changed, edited (terms added or dropped); none: verbatim.

The synonym table is data: groups of common patent-drafting synonyms and near-synonyms, the
canonical form first. A group joins words a copier swaps for one another; it does not claim
they always mean the same.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from ipoffice.text.analyze import tokens
from ipoffice.text.normalize import HAN_CLASS

# Chinese groups: canonical form first. Single characters are left out: replacing 槽 or 孔
# inside longer words would make nonsense of them.
SYNONYMS_ZH: tuple[tuple[str, ...], ...] = (
    ("固定连接", "固接", "固连", "固设", "固装", "固定安装", "紧固连接", "固定相连"),
    ("连接", "相连", "相连接", "连通", "联接", "衔接", "连结", "相接"),
    ("设置", "设有", "设置有", "安装", "安装有", "装有", "布置", "布置有", "配置有", "装设",
     "开设有", "开设", "设于", "置于"),
    ("转动连接", "铰接", "枢接", "可转动连接", "转动安装"),
    ("滑动连接", "滑接", "滑动配合", "滑动安装"),
    ("壳体", "外壳", "机壳", "壳身", "外壳体"),
    ("螺栓", "螺钉", "螺丝"),
    ("底座", "基座", "座体"),
    ("通孔", "贯穿孔", "贯通孔", "穿孔"),
    ("凹槽", "沟槽", "凹部"),
    ("弹簧", "弹性件", "弹性元件", "弹性部件"),
    ("电机", "马达", "电动机"),
    ("盖板", "盖体", "顶盖"),
    ("支架", "支撑架", "托架", "支座"),
    ("管道", "管路", "导管"),
    ("顶部", "顶端", "上端", "上部"),
    ("底部", "底端", "下端", "下部"),
    ("控制器", "控制单元", "控制模块", "控制装置"),
    ("处理器", "处理单元", "处理模块"),
    ("存储器", "存储单元", "存储模块"),
    ("传感器", "感应器", "检测器", "探测器"),
    ("获取", "获得", "得到", "采集", "收集"),
    ("发送", "传输", "传送"),
    ("确定", "判断", "判定", "确认"),
    ("利用", "使用", "采用", "运用"),
    ("用于", "用来", "用以"),
    ("多个", "若干个", "若干", "复数个"),
)  # fmt: skip

# English groups, as surface words; they are compared by stem, so "connected", "connecting"
# and "connection" all join the first group.
SYNONYMS_EN: tuple[tuple[str, ...], ...] = (
    ("fixed", "fastened", "secured", "affixed", "attached"),
    ("connected", "coupled", "joined", "linked"),
    ("disposed", "arranged", "provided", "located", "positioned", "situated", "mounted"),
    ("housing", "casing", "shell", "enclosure"),
    ("bolt", "screw"),
    ("hole", "aperture", "bore", "orifice"),
    ("groove", "slot", "recess", "notch"),
    ("rod", "bar", "shaft"),
    ("lid", "cover", "cap"),
    ("pipe", "tube", "conduit", "duct"),
    ("bracket", "holder"),
    ("upper", "top"),
    ("lower", "bottom"),
    ("sensor", "detector"),
    ("device", "apparatus"),
    ("unit", "module"),
    ("memory", "storage"),
    ("obtain", "acquire", "retrieve"),
    ("transmit", "send"),
    ("determine", "judge", "ascertain"),
    ("calculate", "compute"),
    ("use", "utilize", "utilise", "employ"),
    ("multiple", "several", "plural"),
    ("configured", "adapted", "operable"),
)

# Sentences every application may contain (disclaimers, incorporation by reference): never
# evidence of copying, whoever wrote them first.
BOILERPLATE_EN = re.compile(
    r"skilled in the art|without departing from|spirit and scope|scope of the (?:appended )?claims"
    r"|incorporated (?:herein )?by reference|for (?:the )?purposes? of illustration"
    r"|not intended to (?:be )?limit|illustrative (?:and|rather than) (?:not )?restrictive"
)
BOILERPLATE_ZH = re.compile(
    r"本领域(?:的)?(?:普通)?技术人员|不脱离本(?:发明|实用新型|申请|公开)|以上所述仅为"
    r"|较佳实施例而已|并不用以限制本|精神和原则之内|均应包含在本(?:发明|实用新型|申请)"
    r"|在此(?:全文)?引入(?:作为|以供)参考|保护范围(?:之内|内)"
)

# Drafting phrases cut out before analysis (they become a break between runs). The lookahead
# names every phrase's first character: with it the search skips ahead to them (an optional
# group first leaves the regular-expression engine no prefix to skip by; twice as fast).
_ZH_DRAFTING = re.compile(
    r"(?=[根如按权權本其所一技领])"
    r"(?:(?:根据|如|按照)?(?:权利要求|權利要求)\s*\d+(?:\s*(?:[-~至到或和、,]|或者)\s*\d+)*"
    r"(?:中?任(?:一|意一)项?)?(?:所述)?的?"
    r"|本(?:发明|实用新型|申请|公开)(?:实施例)?(?:涉及|属于|公开了?|提供了?|提出了?)?"
    r"|其特[征徵](?:在[于於]|是|为)|所述|一种|技术领域|领域)"
)
# Starts with its literal so that the search skips ahead ("according to" is a stopword).
_EN_CLAIM_REF = re.compile(r"claims?\s*\d+(?:\s*(?:-|to|or|and|,)\s*(?:claims?\s*)?\d+)*")
_EXTRA_STOP_EN = frozenset({"relat", "field", "disclosur", "invent", "embodi", "aspect"})
_TOKEN = re.compile(f"([{HAN_CLASS}]+)|([^\\W_{HAN_CLASS}]+(?:\\.\\d+)*)")
# Words of lower-cased ASCII text (`_TOKEN`'s second group there), faster than its Unicode
# classes.
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*")
_PIECE = re.compile(r"(?<=[,;，；])")
# A claim's or an item's own number at the start of a passage ("1.", "2、", "3)").
_LABEL = re.compile(r"^\s*\d{1,4}\s*[.．、)）](?!\d)\s*")
_DIGIT = re.compile(r"\d")


def term_hash(term: str) -> int:
    """A stable 32-bit id of a term: the same in every process (no hash randomisation)."""
    return _term_hash(term)


@functools.lru_cache(maxsize=1 << 20)
def _term_hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


def _zh_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical = {variant: group[0] for group in SYNONYMS_ZH for variant in group}
    variants = sorted(canonical, key=lambda v: (-len(v), v))
    return re.compile("|".join(map(re.escape, variants))), canonical


_ZH_SYNONYM, _ZH_CANONICAL = _zh_pattern()


@functools.lru_cache(maxsize=1)
def _en_canonical() -> dict[str, str]:
    """Stem -> the canonical stem of its group."""
    out: dict[str, str] = {}
    for group in SYNONYMS_EN:
        stems = [s for word in group for s in tokens(word)[:1]]
        for stem in stems:
            out.setdefault(stem, stems[0])
    return out


@functools.lru_cache(maxsize=1 << 18)
def _word(word: str) -> tuple[int, str] | None:
    """(term id, stem if it is in a synonym group else "") of a word; (-1, "") for a number or
    a word with a digit; None for a stopword. One cached look-up a word does it all."""
    if _DIGIT.search(word):
        return -1, ""
    analysed = tokens(word)
    if not analysed:
        return None
    stem = analysed[0]
    if stem in _EXTRA_STOP_EN:
        return None
    canonical = _en_canonical().get(stem)
    if canonical is None:
        return term_hash(stem), ""
    return term_hash(canonical), stem


@dataclass(frozen=True, slots=True)
class Analysed:
    # Canonical term ids in text order (Chinese bigrams and English stems, numbers left out).
    terms: tuple[int, ...]
    # The numbers and reference signs, in text order.
    numbers: tuple[str, ...]
    # The words found in synonym groups, as written (Chinese) or stemmed (English), sorted:
    # two passages with the same terms but different lists had a synonym swapped.
    synonyms: tuple[str, ...]
    # Content size: distinct English terms plus half the distinct Chinese bigrams (a Chinese
    # word is about two characters, so two bigrams weigh about one word).
    size: float


_EMPTY = Analysed((), (), (), 0.0)


def fast_normalize(text: str) -> str:
    text = text.lower()
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def analyse(text: str) -> Analysed:
    """The terms of one passage, with substitution undone (see the module docstring)."""
    text = fast_normalize(text)
    if text[:1].isspace() or text[:1].isdigit():  # the only starts a label can have
        text = _LABEL.sub("", text, count=1)
    if "claim" in text:
        text = _EN_CLAIM_REF.sub(" ", text)
    terms: list[int] = []
    synonyms: list[str] = []
    bigrams = 0
    if text.isascii():
        words = _ASCII_WORD.findall(text)
    else:
        words, bigrams = _han_terms(_ZH_DRAFTING.sub("，", text), terms, synonyms)
    numbers: list[str] = []
    distinct: set[int] = set()
    # Locals: this loop runs for every word of every passage.
    word_info, add_term, add_distinct = _word, terms.append, distinct.add
    for word in words:
        info = word_info(word)
        if info is None:
            continue
        term, stem = info
        if term < 0:
            numbers.append(word)
            continue
        add_term(term)
        add_distinct(term)
        if stem:
            synonyms.append(stem)
    synonyms.sort()
    return Analysed(tuple(terms), tuple(numbers), tuple(synonyms), len(distinct) + bigrams / 2)


def _han_terms(text: str, terms: list[int], synonyms: list[str]) -> tuple[list[str], int]:
    """Adds the Han runs' bigram ids to `terms` and their synonym words to `synonyms`; returns
    the other words and the number of distinct bigrams."""
    words: list[str] = []
    grams: set[int] = set()
    for run, word in _TOKEN.findall(text):
        if not run:
            words.append(word)
            continue
        found = _ZH_SYNONYM.findall(run)
        if found:
            synonyms += found
            run = _ZH_SYNONYM.sub(_canonical_zh, run)
        codes = [ord(c) & 0xFFFF for c in run]
        # A bigram's id is its two code points (exact for the basic plane, no hashing).
        ids = [a << 16 | b for a, b in zip(codes, codes[1:], strict=False)] or codes
        terms += ids
        grams.update(ids)
    return words, len(grams)


def _canonical_zh(match: re.Match[str]) -> str:
    return _ZH_CANONICAL[match.group()]


def pieces(text: str, min_size: float) -> list[tuple[str, Analysed]]:
    """`text` cut at commas and semicolons into pieces of at least `min_size` content (a smaller
    piece joins the one before, or the next when it is first), each with its analysis.

    Claims list features with semicolons in one application and commas in another
    (`parse_claims` cuts at semicolons, or at commas when there are none): pieces are the same
    in both, so a feature moved between claims or re-punctuated is still found."""
    out: list[tuple[str, Analysed]] = []
    text_so_far, merged = "", _EMPTY
    for piece in _PIECE.split(text):
        text_so_far, merged = text_so_far + piece, _merge(merged, analyse(piece))
        if merged.size >= min_size:
            out.append((text_so_far, merged))
            text_so_far, merged = "", _EMPTY
    if out and text_so_far:
        last_text, last = out.pop()
        out.append((last_text + text_so_far, _merge(last, merged)))
    return [(t.strip(" ,;，；。."), a) for t, a in out]


def _merge(a: Analysed, b: Analysed) -> Analysed:
    synonyms = tuple(sorted(a.synonyms + b.synonyms))
    return Analysed(a.terms + b.terms, a.numbers + b.numbers, synonyms, a.size + b.size)


def synonym_group(word: str) -> str:
    """The canonical form of the group of a word listed in `Analysed.synonyms`."""
    return _ZH_CANONICAL.get(word) or _en_canonical().get(word, word)


def is_boilerplate(text: str) -> bool:
    """Whether a passage is a standard sentence (disclaimer, incorporation by reference)."""
    low = text.lower()
    if BOILERPLATE_EN.search(low) is not None:
        return True
    return not low.isascii() and BOILERPLATE_ZH.search(low) is not None


# The kinds of change, most telling first: `match_kind` names a match by the first it has.
CHANGE_KINDS = ("reordered", "synonym_substituted", "numbers_changed", "edited")


def match_changes(copy: Analysed, source: Analysed) -> list[str]:
    """What was changed between a source passage and its copy (empty: verbatim)."""
    changes: list[str] = []
    mine, theirs = set(copy.terms), set(source.terms)
    shared = mine & theirs
    if _first_order(copy.terms, shared) != _first_order(source.terms, shared):
        changes.append("reordered")
    if _swapped(copy.synonyms, source.synonyms):
        changes.append("synonym_substituted")
    if sorted(copy.numbers) != sorted(source.numbers):  # moved numbers are not changed ones
        changes.append("numbers_changed")
    if mine != theirs:
        changes.append("edited")
    return changes


def match_kind(changes: Sequence[str]) -> str:
    return next((kind for kind in CHANGE_KINDS if kind in changes), "verbatim")


def _first_order(terms: Sequence[int], keep: set[int]) -> list[int]:
    seen: set[int] = set()
    out: list[int] = []
    for term in terms:
        if term in keep and term not in seen:
            seen.add(term)
            out.append(term)
    return out


def _swapped(copy: Sequence[str], source: Sequence[str]) -> bool:
    """Whether a synonym group present in both passages is written differently in them."""
    groups: dict[str, list[list[str]]] = {}
    for side, words in enumerate((copy, source)):
        for word in words:
            groups.setdefault(synonym_group(word), [[], []])[side].append(word)
    return any(a and b and sorted(a) != sorted(b) for a, b in groups.values())
