"""The elements (features) of one claim, for `ipoffice.patents.claims`: where the body starts
after the preamble and the transitional phrase, and how it is cut (semicolons and line breaks
outside brackets, ", and" / "，" without them, "wherein" / "其中" clauses, item labels). The
rules are in the docstring of `ipoffice.patents.claims`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Literal

Language = Literal["zh", "en"]

# Transitional phrases. An element body starts where one of them starts; `_*_BODY_START` then
# skips the phrase itself and an introduction such as "the steps of:" or "以下步骤：".
_EN_TRANSITIONS = (
    r"comprising|comprises|consisting\s+essentially\s+of|consisting\s+of|consists\s+of"
    r"|including|includes|characteri[sz]ed\s+in\s+that|characteri[sz]ed\s+by|wherein|having"
)
_EN_OPEN = re.compile(r"\b(?:" + _EN_TRANSITIONS + r")\b(?P<colon>\s*:)?", re.IGNORECASE)
# What a dependent claim adds comes after one of these (after its reference).
_EN_ADDED = re.compile(
    r"\b(?:wherein|further\s+comprising|further\s+comprises|characteri[sz]ed\s+in\s+that"
    r"|characteri[sz]ed\s+by|in\s+which)\b",
    re.IGNORECASE,
)
_EN_BODY_START = re.compile(
    r"^[\s,:]*(?:(?:further\s+)?(?:" + _EN_TRANSITIONS + r"|in\s+which)\b[\s,:]*)?"
    r"(?:(?:the\s+)?(?:following\s+)?steps?\s+of\b\s*:?\s*)?",
    re.IGNORECASE,
)
_ZH_FEATURE = r"其特[征徵](?:在[于於]|是|为|為)"
_ZH_OPEN = re.compile(_ZH_FEATURE + r"|包括|包含")
_ZH_ADDED = re.compile(_ZH_FEATURE + r"|其中|还包括|還包括|还包含|還包含")
_ZH_BODY_START = re.compile(
    r"^[\s,，:：]*(?:(?:" + _ZH_FEATURE + r"|其中)[\s,，:：]*)?"
    r"(?:(?:还|還)?(?:包括|包含)[\s,，:：]*)?"
    r"(?:(?:以下|如下)(?:的)?(?:步骤|步驟|部件|组分|结构|特征)?[\s,，:：]*)?"
)
_ZH_COMMA_AFTER = re.compile(r"[，,]")

_OPENERS = "([{（【［｛"
_CLOSERS = ")]}）】］｝"
_EN_SPLIT = re.compile(r";|\n")
_EN_AND = re.compile(r",\s*and\s+", re.IGNORECASE)
_EN_WHEREIN = re.compile(r",\s*(?=wherein\b)", re.IGNORECASE)
_ZH_SPLIT = re.compile(r"[；;\n]")
_ZH_COMMA = re.compile(r"，")
_ZH_WHEREIN = re.compile(r"[，,]\s*(?=其中)")

_EN_LEAD = re.compile(
    r"^(?:\s|and/or\b|and\b|or\b|wherein\b|whereby\b|further\s+comprising\b|[,:])*", re.IGNORECASE
)
_EN_LABEL = re.compile(
    r"^(?:step\s+)?(?:\(\s*(?:[a-z]{1,2}|[ivx]{1,4}|\d{1,3})\s*\)|(?:[a-z]{1,2}|[ivx]{1,4}|\d{1,3})\)"
    r"|(?:[a-z]|[ivx]{1,4}|\d{1,3})\.(?=\s))\s*",
    re.IGNORECASE,
)
_ZH_LEAD = re.compile(
    r"^(?:[\s,，:：]|以及|及|和|或者|其中|其特[征徵](?:在[于於]|是|为|為)|还包括|還包括)*"
)
_ZH_LABEL = re.compile(
    r"^(?:步骤|步驟)?\s*(?:[(（]\s*(?:[a-zA-Z]|\d{1,2}|[一二三四五六七八九十]{1,3}|[ivxIVX]{1,4})\s*[)）]"
    r"|[\u2460-\u2473]|[Ss]\d{1,3}(?:\s*[)）.．、:：,，])?"
    r"|(?:\d{1,2}|[a-zA-Z]|[一二三四五六七八九十]{1,3})\s*[)）.．、:：](?!\d))\s*"
)
# What `_without_trail` removes at the end of an element: blanks, these marks, and "and/or",
# "and" or "or" after a blank (any case).
_TRAIL_MARKS = ".;,:。；，："
_TRAIL_WORDS = ("and/or", "and", "or")
# Item labels inside a body: "(a)", "a)", "a." (English), "（1）", "1）". A run of them counts
# up from the start of the body ("(a) ...; (b) ... and (c) ..."); each after the first follows
# a separator, so "a connector body (1) containing" is not a label.
_ITEM_LABEL = re.compile(
    r"(?<![\w.])(?:[(（]\s*(?P<p>[A-Za-z]|[ivx]{1,4}|\d{1,2})\s*[)）]"
    r"|(?P<b>[A-Za-z]|[ivx]{1,4}|\d{1,2})[)）]|(?P<d>[A-Za-z]|[ivx]{1,4}|\d{1,2})\.(?=\s))"
)
_AFTER_SEPARATOR = re.compile(
    r"(?:^|[,;:，；：]|\s(?:and|or)|[,;]\s*(?:and|or))\s*$|以及$|和$", re.IGNORECASE
)
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii")
_LABEL_SERIES: tuple[tuple[str, ...], ...] = (
    tuple("abcdefghijklmnopqrstuvwxyz"),
    tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    _ROMAN,
    tuple(str(n) for n in range(1, 100)),
)


_BRACKET = re.compile("[" + re.escape("".join(sorted(set(_OPENERS) | set(_CLOSERS)))) + "]")


class _Nesting:
    """Where a text is inside brackets: the bracket depth before a character is above zero
    exactly in the spans [start, end) kept here. An opener's own character is outside the
    bracket it opens, a closer's own character outside the one it closes; unbalanced closers
    count as zero."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.starts: list[int] = []
        self.ends: list[int] = []
        depth = 0
        for match in _BRACKET.finditer(text):  # brackets are few: no loop over every character
            at = match.start()
            if text[at] in _OPENERS:
                if depth == 0:
                    self.starts.append(at + 1)
                depth += 1
            elif depth > 0:
                depth -= 1
                if depth == 0:
                    self.ends.append(at)
        if depth > 0:
            self.ends.append(self.length)

    def top(self, at: int) -> bool:
        """Whether the character at `at` is outside all brackets."""
        if at >= self.length:
            return False
        span = bisect_right(self.starts, at) - 1
        return span < 0 or at >= self.ends[span]


def _split_top(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` cut at the matches of `separator` that are outside brackets (matches removed)."""
    nesting: _Nesting | None = None  # most texts have no separator: no need to look at brackets
    parts: list[str] = []
    start = 0
    for match in separator.finditer(text):
        if nesting is None:
            nesting = _Nesting(text)
        if nesting.top(match.start()):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _clean(part: str, lang: Language) -> str:
    lead, label = (_ZH_LEAD, _ZH_LABEL) if lang == "zh" else (_EN_LEAD, _EN_LABEL)
    previous = None
    while previous != part:
        previous = part
        part = lead.sub("", part, count=1)
        part = label.sub("", part, count=1)
    return _without_trail(part)


def _without_trail(text: str) -> str:
    """`text` stripped, and without the marks and dangling "and"/"or" at its end (see
    `_TRAIL_MARKS`), read backwards from the end: a pattern anchored at the end would be tried
    at every blank and mark of the text."""
    end = len(text)
    while end > 0:
        if text[end - 1].isspace() or text[end - 1] in _TRAIL_MARKS:
            end -= 1
            continue
        if text[end - 1] not in "dDrR":
            break  # (the last letter of every word in _TRAIL_WORDS)
        word = next((w for w in _TRAIL_WORDS if _ends_with_word(text, end, w)), None)
        if word is None:
            break
        end -= len(word)
    return text[:end].strip()


def _ends_with_word(text: str, end: int, word: str) -> bool:
    """Whether `text[:end]` ends with a blank and `word` (any case)."""
    start = end - len(word)
    return start > 0 and text[start - 1].isspace() and text[start:end].lower() == word


def _item_labels(body: str) -> list[tuple[int, str]]:
    """The item labels of `body` outside brackets: where each starts, and the label."""
    nesting = _Nesting(body)
    return [
        (match.start(), match.group("p") or match.group("b") or match.group("d"))
        for match in _ITEM_LABEL.finditer(body)
        if nesting.top(match.start())
    ]


def _after_separator(body: str, at: int) -> bool:
    """Whether `body[:at]` matches `_AFTER_SEPARATOR`. Every match ends at `at` (or before a
    last line break) and starts at most four characters before the blanks that end the
    prefix, so only that tail is searched: the whole prefix would make `_label_starts`
    quadratic."""
    end = at
    while end > 0 and body[end - 1].isspace():
        end -= 1
    return _AFTER_SEPARATOR.search(body, max(end - 4, 0), at) is not None


def _label_starts(body: str, series: tuple[str, ...], labels: list[tuple[int, str]]) -> list[int]:
    starts: list[int] = []
    for start, label in labels:
        if len(starts) >= len(series) or label != series[len(starts)]:
            continue
        if starts:
            if not _after_separator(body, start):
                continue
        elif body[:start].strip():
            return []
        starts.append(start)
    return starts


def _split_labels(body: str) -> list[str]:
    """`body` cut before each item label of a run that counts up from its start."""
    labels = _item_labels(body)
    for series in _LABEL_SERIES:
        starts = _label_starts(body, series, labels)
        if len(starts) >= 2:
            bounds = [*starts[1:], len(body)]
            return [body[start:end] for start, end in zip(starts, bounds, strict=True)]
    return [body]


def _split_body(body: str, lang: Language) -> list[str]:
    if lang == "zh":
        split, fallback, wherein = _ZH_SPLIT, _ZH_COMMA, _ZH_WHEREIN
    else:
        split, fallback, wherein = _EN_SPLIT, _EN_AND, _EN_WHEREIN
    items = _split_labels(body)
    parts = [part for item in items for part in _split_top(item, split)]
    if len(parts) == 1:
        parts = _split_top(body, fallback)
    pieces = [piece for part in parts for piece in _split_top(part, wherein)]
    return [cleaned for piece in pieces if (cleaned := _clean(piece, lang))]


def _body_start(
    text: str, lang: Language, reference: tuple[int, int], dependent: bool
) -> int | None:
    """Where the elements of a claim start in `text`, or None when it has no structure.

    A claim that names another claim only inside its body ("A kit comprising the compound of
    claim 1 and ...") has its elements cut like an independent claim's."""
    opening = (_ZH_OPEN if lang == "zh" else _EN_OPEN).search(text)
    if dependent and (opening is None or opening.start() > reference[0]):
        after = reference[1]
        found = (_ZH_ADDED if lang == "zh" else _EN_ADDED).search(text, after)
        if found is not None:
            return found.start()
        if lang == "zh":
            # No transitional word: what it adds follows "所述的装置，".
            comma = _ZH_COMMA_AFTER.search(text, after)
            return comma.end() if comma is not None else after
        return after
    if opening is None:
        return None
    if lang == "zh":
        return opening.start()
    if opening.group("colon") or ":" not in text:
        return opening.start()
    later = _EN_OPEN.finditer(text, opening.end())  # the matches after `opening`
    with_colon = next((m for m in later if m.group("colon")), None)
    return (with_colon or opening).start()


def elements(
    text: str, lang: Language, reference: tuple[int, int], dependent: bool
) -> tuple[str, ...]:
    """A claim's elements (see `ipoffice.patents.claims`); `reference`: where the first
    reference phrase of a dependent claim starts and ends."""
    start = _body_start(text, lang, reference, dependent)
    elements: list[str] = []
    if start is not None:
        body_start = _ZH_BODY_START if lang == "zh" else _EN_BODY_START
        body = body_start.sub("", text[start:], count=1)
        elements = _split_body(body, lang)
    if not elements:
        whole = _without_trail(text)
        elements = [whole] if whole else []
    return tuple(elements)
