"""Analysis of Chinese, English and mixed patent text for a whitespace-tokenised BM25 index.

The search index stores `analyzed(text)` in a field tokenised on whitespace only, and a query is
run through the same function, so both sides see the same terms.

How `tokens` analyses a text:

- It is first put through `ipoffice.text.normalize.normalize` (width, case, traditional to
  simplified, spacing).
- The text is cut into runs of Han characters and runs of everything else. The analysis is
  driven by the script of each run, not by the language of the whole text: the same words give
  the same terms in a Chinese document, an English document and a one-line query, whatever
  language each is detected as. `lang` is therefore validated but does not change the result.
- Han runs are segmented by jieba in precise mode with its HMM for unknown words; every word
  longer than two characters also yields the two- and three-character words of jieba's
  dictionary inside it (what jieba's `cut_for_search` does). For recall: a query for `电池`
  finds a document where precise mode kept `锂电池` whole, and a query for `锂电池` still
  prefers documents that have the whole word. Boilerplate words are dropped *before* this
  expansion, so `其特征在于` does not come back as `特征` and `本发明` not as `发明`.
- Other runs are split into words of letters and digits; a hyphen or any other punctuation
  separates (`acetyl-CoA` -> `acetyl`, `coa`), a decimal point between digits does not
  (`2.5`, `pm2.5` stay whole). Words made only of ASCII letters are reduced to their Snowball
  (Porter 2) English stem; words with digits and non-ASCII words are kept as they are.
- References to claims ("according to claim 1 or 2", "权利要求1至3") are removed: their numbers
  say nothing about the technology.
- Stopwords (checked before stemming) and single Latin letters are dropped; numbers are kept,
  and so are single Han characters that are not stopwords (`泵`, `阀`, `轴` are content).

The term order follows the text, except that the sub-words of a long Chinese word come just
before it; positions are therefore only approximate for Chinese phrase queries.

`sentences` cuts text into sentence-like passages to show where a match is; it works on the
text as given, not on its normalised form.
"""

from __future__ import annotations

import functools
import logging
import re
import string
import threading
import warnings
from collections.abc import Callable
from typing import Any, Literal

from ipoffice.core.errors import InvalidInput
from ipoffice.text.normalize import HAN_CLASS, normalize, require_text

Language = Literal["zh", "en"]

# Words and function words of English patent text that say nothing about the technology.
# Decisions on the borderline words:
# - "method" is dropped: it is the claim category of nearly every process claim and title ("A
#   method of/for ...") and almost never part of a technical term; the method's content lies in
#   its steps. "process" is kept: "process chamber", "manufacturing process" are terms.
# - "device", "system", "apparatus", "unit", "assembly" are kept: they make up technical terms
#   ("storage device", "operating system", "drug delivery system") and tell a device from a
#   composition. BM25's IDF already gives them little weight where they are everywhere.
# - "step" is kept ("step motor", "step-down converter"); the Chinese "步骤" is dropped below
#   because Chinese uses it only for method steps.
# - "plurality", "further", "respective(ly)" are drafting words with no technical content.
# - Transitional phrases are dropped in all their forms: comprising, consisting, including,
#   having, wherein, whereby, characterized.
# - Negations ("not", "no", "without") are kept: a bag of words cannot use them, but they are
#   rare and sometimes all that distinguishes two claims in a passage shown to the examiner.
PATENT_STOPWORDS_EN: frozenset[str] = frozenset(
    {
        # articles, pronouns, determiners
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "them", "their",
        "which", "who", "whom", "whose", "what", "such", "same", "each", "every", "any", "all",
        "both", "either", "neither", "other", "another", "some", "one",
        # prepositions and conjunctions
        "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto", "upon", "via",
        "as", "than", "and", "or", "nor", "but", "if", "then", "so", "thus", "when", "where",
        "while", "whether", "within", "about", "over", "under", "per", "through", "thereafter",
        # auxiliaries
        "is", "are", "be", "been", "being", "was", "were", "has", "have", "having", "had",
        "do", "does", "did", "can", "could", "may", "might", "shall", "should", "will", "would",
        "must",
        # claim drafting
        "claim", "claims", "claimed", "according", "accordance", "said", "wherein", "whereby",
        "wherefrom", "whereof", "thereof", "therein", "thereon", "thereto", "therefrom",
        "thereby", "therewith", "therefor", "herein", "hereof", "hereto", "hereby", "comprising",
        "comprises", "comprise", "comprised", "consisting", "consists", "consist", "including",
        "includes", "include", "included", "characterized", "characterised", "method",
        "methods", "plurality", "further", "respective", "respectively", "preceding",
        "aforementioned", "aforesaid", "also", "embodiment", "embodiments", "invention",
        "present", "disclosed", "herewith", "etc", "fig", "figs",
    }
)  # fmt: skip

# Boilerplate and function words of Chinese patent text. Decisions on the borderline words:
# - "方法" is dropped like "method"; "装置", "系统", "设备" are kept like "device"/"system".
# - "设置" is dropped: in claims it is the positional verb "is provided/arranged (on)" (所述A设置
#   在B上), the Chinese twin of "disposed"/"provided", which says nothing about the technology.
#   Its software sense "settings" mostly comes as "参数设置", where "参数" remains.
# - "用于" ("used for"), "通过" ("by means of"), "进行" (a light verb: "进行加热" = "heat"),
#   "具有" ("having") and "涉及" ("relates to") carry no content of their own.
# - "步骤" is dropped: Chinese uses it only for "step" of a method ("步骤S1").
# - "用" alone is dropped: it is the "for" of titles ("充电桩用散热装置" = cooling device for
#   charging piles); "用途", "使用", "应用" are other words and stay.
# - "第一"/"第二" (first/second), "上"/"下", "内"/"外" and "至少" are kept: they label or place
#   elements and are sometimes what a passage turns on.
# - Whole boilerplate phrases ("其特征在于", "权利要求", "本发明", "本实用新型") are words of the
#   segmenter's dictionary (see `_load_segmenter`) so that they come out whole and are dropped.
PATENT_STOPWORDS_ZH: frozenset[str] = frozenset(
    {
        # claim and abstract boilerplate
        "所述", "其特征在于", "其特征是", "其特征为", "一种", "包括", "包含", "根据", "如",
        "权利要求", "任一", "任一项", "任意一项", "一项", "其中", "设置", "用于", "用以",
        "步骤", "方法", "本发明", "本实用新型", "本申请", "本公开", "本发明实施例", "涉及",
        "公开", "提供", "具有", "通过", "进行", "所示", "上述", "前述", "该", "此", "所",
        # function words
        "的", "地", "得", "之", "和", "与", "及", "以及", "或", "或者", "并", "并且", "且", "而",
        "其", "中", "为", "是", "在", "于", "将", "把", "被", "对", "由", "从", "向", "以",
        "使", "使得", "了", "着", "等", "有", "也", "还", "可", "可以", "能够", "即", "则",
        "若", "如果", "当", "时", "个", "种", "至", "到", "及其", "一类", "用",
    }
)  # fmt: skip

# Boilerplate phrases added to the segmenter's dictionary so that precise mode keeps them whole.
_ZH_PHRASES = (
    "其特征在于", "其特征是", "其特征为", "权利要求", "所述", "任一", "任一项", "任意一项",
    "本发明", "本实用新型", "本申请", "本公开", "本发明实施例",
)  # fmt: skip
_ZH_PHRASE_FREQ = 100_000

_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
# A reference to other claims in normalised text ("of claims 1 to 3", "权利要求1或2"): its numbers
# are not content and are removed before analysis.
_CLAIM_REFERENCE = re.compile(
    r"(?:(?<![a-z])claims?|权利要求)\s*\d+"
    r"(?:\s*(?:[-~,、\u2013\u2014]|\bto\b|\bthrough\b|\bor\b|\band\b|至|到|或|和|及)\s*"
    r"(?:claims?\s*|权利要求\s*)?\d+)*"
)
# A decimal number (possibly glued to letters: `pm2.5`) or a run of letters and digits.
_WORD = re.compile(r"[^\W_]*\d(?:\.\d+)+|[^\W_]+")
_LATIN_LETTER = re.compile("[a-z\u00c0-\u024f]")

_LOAD_LOCK = threading.Lock()
_STEM_LOCK = threading.Lock()


class _Segmenter:
    """jieba's tokenizer with the dictionary loaded, behind a typed face."""

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer
        self._freq: dict[str, int] = tokenizer.FREQ

    def cut(self, text: str) -> list[str]:
        words: list[str] = list(self._tokenizer.cut(text, HMM=True))
        return words

    def is_word(self, text: str) -> bool:
        return bool(self._freq.get(text))


@functools.lru_cache(maxsize=1)
def _load_segmenter() -> _Segmenter:
    # jieba logs its dictionary loading to stderr at DEBUG level through the "jieba" logger.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources (deprecated in recent setuptools) and has regular
        # expressions with invalid escapes; neither is ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", UserWarning)
        import jieba  # loaded on first use, not at import

        jieba.setLogLevel(logging.WARNING)
        # A private tokenizer: words added here do not leak into other users of jieba.
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
    for phrase in _ZH_PHRASES:
        tokenizer.add_word(phrase, freq=_ZH_PHRASE_FREQ)
    return _Segmenter(tokenizer)


def _segmenter() -> _Segmenter:
    with _LOAD_LOCK:
        return _load_segmenter()


@functools.lru_cache(maxsize=1)
def _load_stemmer() -> Callable[[str], str]:
    import snowballstemmer  # loaded on first use, not at import

    stemmer = snowballstemmer.stemmer("english")

    def stem(word: str) -> str:
        # A Snowball stemmer keeps its state in the instance: one caller at a time.
        with _STEM_LOCK:
            result: str = stemmer.stemWord(word)
        return result

    return stem


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    with _LOAD_LOCK:
        stem = _load_stemmer()
    return stem(word)


def _check_lang(lang: object) -> None:
    if lang not in (None, "zh", "en"):
        raise InvalidInput(f"unknown language {lang!r}: use 'zh', 'en' or none", field="lang")


def _han_tokens(run: str, out: list[str]) -> None:
    segmenter = _segmenter()
    for word in segmenter.cut(run):
        if word in PATENT_STOPWORDS_ZH:
            continue
        size = len(word)
        if size > 2:
            for n in (2, 3) if size > 3 else (2,):
                for i in range(size - n + 1):
                    gram = word[i : i + n]
                    if gram not in PATENT_STOPWORDS_ZH and segmenter.is_word(gram):
                        out.append(gram)
        out.append(word)


def _latin_tokens(run: str, out: list[str]) -> None:
    for word in _WORD.findall(run):
        if word in PATENT_STOPWORDS_EN:
            continue
        if len(word) == 1 and _LATIN_LETTER.match(word):
            continue
        if word.isascii() and word.isalpha():
            word = _stem(word)
        out.append(word)


def tokens(text: str, lang: Language | None = None) -> list[str]:
    """The index terms of `text`: normalised, segmented, stemmed, without stopwords.

    `lang` ("zh", "en" or None to detect) is accepted for callers that know the language; the
    result does not depend on it (see the module docstring), so None costs no detection.
    """
    _check_lang(lang)
    text = _CLAIM_REFERENCE.sub(" ", normalize(text))
    out: list[str] = []
    start = 0
    for match in _HAN_RUN.finditer(text):
        if match.start() > start:
            _latin_tokens(text[start : match.start()], out)
        _han_tokens(match.group(), out)
        start = match.end()
    if start < len(text):
        _latin_tokens(text[start:], out)
    return out


def latin_terms_and_han_runs(text: str) -> tuple[list[str], list[str]]:
    """The terms of the non-Han parts of `text` and its normalised Han runs, unsegmented.

    For callers that match known Chinese terms by substring (passages, highlighting) and so
    need not pay for segmenting every sentence: `tokens` costs several microseconds a Han
    character, this a fraction of one.
    """
    text = _CLAIM_REFERENCE.sub(" ", normalize(text))
    latin: list[str] = []
    han: list[str] = []
    start = 0
    for match in _HAN_RUN.finditer(text):
        if match.start() > start:
            _latin_tokens(text[start : match.start()], latin)
        han.append(match.group())
        start = match.end()
    if start < len(text):
        _latin_tokens(text[start:], latin)
    return latin, han


def is_han_term(term: str) -> bool:
    """Whether an index term is Chinese (terms are never mixed: runs are analysed apart)."""
    return _HAN_RUN.match(term) is not None


def analyzed(text: str, lang: Language | None = None) -> str:
    """`tokens(text)` joined by single spaces: the value for a whitespace-tokenised index field."""
    return " ".join(tokens(text, lang))


# --- sentences ------------------------------------------------------------------------------

# Words that end with a period without ending a sentence ("FIG. 1", "No. 5", "e.g.", "et al.").
_ABBREVIATIONS = frozenset(
    {
        "fig", "figs", "no", "nos", "nr", "e.g", "i.e", "eg", "ie", "cf", "vs", "viz", "al",
        "approx", "ca", "ref", "refs", "eq", "eqs", "vol", "pp", "pat", "u.s", "u.k", "e.u",
        "inc", "ltd", "co", "corp", "mr", "mrs", "ms", "dr", "prof", "st", "wt", "art", "sec",
        "para", "ser", "appl", "publ", "ex", "tab", "mol", "min", "max", "avg", "resp", "ch",
    }
)  # fmt: skip

# A candidate end of sentence: terminators, then any closing quotes and brackets.
_TERMINATOR = re.compile(r"[。！？；!?;.]+[”’」』）)\]\"']*|\r\n|[\n\r\u2028\u2029]")
_CJK_STOP = frozenset("。！？；")
_LETTERS_AND_DOT = frozenset(string.ascii_letters + ".")
_NON_SPACE = re.compile(r"\S")
_NUMBERED_ITEM = re.compile(r"\d{1,3}[.)]\s")
_LABEL = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})")
_HAN_CHAR = re.compile(f"[{HAN_CLASS}]")


def _is_sentence_end(text: str, passage_start: int, start: int, end: int) -> bool:
    # Reads characters around the mark by index, never copies the rest of the text: a long
    # description has thousands of candidate marks.
    mark = text[start:end]
    if mark[0] in "\n\r\u2028\u2029" or _CJK_STOP.intersection(mark):
        return True
    if end >= len(text):
        return True
    if not text[end].isspace():
        # "a;b", "1.5", "e.g.," - but an ASCII terminator right before Chinese ends a sentence.
        return _HAN_CHAR.match(text, end) is not None
    if mark[0] != ".":
        return True
    # A period followed by whitespace: not after a label that opens the passage ("1. A method"),
    # an abbreviation or a single initial, and only before something that can start a sentence.
    if _LABEL.fullmatch(text, passage_start, start) is not None:
        return False
    word = _word_before(text, start).lower()
    if word and (word in _ABBREVIATIONS or len(word) == 1):
        return False
    following = _NON_SPACE.search(text, end)
    if following is None:
        return True
    first = following.group()
    return (
        first.isupper()
        or first in "\"'“‘([（【《「"
        or _HAN_CHAR.match(first) is not None
        or _NUMBERED_ITEM.match(text, following.start()) is not None
    )


def _word_before(text: str, end: int) -> str:
    """The run of ASCII letters and dots ending at `end`, from its first letter ("e.g" before
    "e.g."; "" when there is none)."""
    start = end
    while start > 0 and text[start - 1] in _LETTERS_AND_DOT:
        start -= 1
    while start < end and text[start] == ".":
        start += 1
    return text[start:end]


def sentences(text: str) -> list[str]:
    """Sentence-like passages of `text`, trimmed, in order, none empty.

    Chinese: after `。！？；` (full-width or ASCII) and at line breaks. English: after `. ; ! ?`
    followed by whitespace; after a period only when the next word starts with a capital, a
    quote or bracket, a Han character or a numbered item ("2. The method"), and not after an
    abbreviation ("FIG. 1", "No. 5", "e.g. a", "et al. The") or a single initial ("J. Smith").
    A decimal ("1.5") never splits. Closing quotes and brackets stay with their sentence.
    """
    require_text(text)
    out: list[str] = []
    start = 0
    for match in _TERMINATOR.finditer(text):
        if _is_sentence_end(text, start, match.start(), match.end()):
            passage = text[start : match.end()].strip()
            if passage:
                out.append(passage)
            start = match.end()
    passage = text[start:].strip()
    if passage:
        out.append(passage)
    return out
