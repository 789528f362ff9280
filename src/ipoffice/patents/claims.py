"""Claims as numbered, linked lists of features, for claim-by-claim search reports.

`split_claims` cuts a block of claims text into claims; `parse_claims` numbers them, finds what
each refers to (English and Chinese phrasings, ranges expanded) and cuts each into its elements
(features).

Dependencies. A claim refers to the claims named after "claim"/"claims"/"权利要求" ("according
to claim 3", "as claimed in claim 1 or 2", "of any one of claims 1 to 4", "of claims 1-3",
"根据权利要求1所述", "如权利要求1或2所述", "根据权利要求1至3中任一项所述", "权利要求1-3任一所述")
or to all claims before it ("any preceding claim", "前述任一项权利要求"); "the preceding claim"
is the one just before. A reference to a claim that does not exist, to the claim itself or to a
later claim is an error: `InvalidInput` by default; with `strict=False` the reference is dropped
and the problem recorded in `ParsedClaim.problems`.

Elements. The preamble is not an element. For an independent English claim the body starts after
the transitional phrase ("comprising", "consisting of", "including", "characterized in that",
"wherein", ...); when one of them ends with a colon the first such is taken ("A circuit for a
PFC circuit including an inductor, the circuit comprising: ..."), else the first of them. A
dependent claim's elements are what it adds after "wherein"/"further comprising"/"其特征在于"/
"其中", or, without such a word, what follows the reference ("The method of claim 1, performed
at 37 °C"). A Chinese claim's body starts after "其特征在于"/"包括"/"包含", whichever comes
first, skipping "以下步骤：". The body is cut at semicolons and line breaks outside brackets;
when it has none, an English body is cut at ", and" and a Chinese one at "，". ", wherein" and
"，其中" clauses are elements of their own. Labels ("a)", "(ii)", "b.", "步骤S1：", "（1）", "①")
and leading "and"/"wherein"/"以及"/"其中" are removed. A claim without recognisable structure
has one element: its text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from ipoffice.core.errors import InvalidInput
from ipoffice.text.normalize import detect_language

Language = Literal["zh", "en"]

# Highest claim number and widest range accepted: far beyond any real claim set, small enough
# that a typo ("claims 1 to 10000000") cannot exhaust memory.
MAX_CLAIM_NUMBER = 9999

_CLAIM_WORD = r"(?:claim|权利要求|權利要求)"
# A claim's own number at its start: "1.", "1．", "1、", "1)", "1:", "[Claim 1]", "Claim 1.",
# "【权利要求1】". A decimal ("2.5 g") is not a number label.
_NUMBER = re.compile(
    r"\s*(?:[\[【]\s*" + _CLAIM_WORD + r"\s*(?P<a>\d{1,4})\s*[\]】]\s*[.:：．、]?"
    r"|" + _CLAIM_WORD + r"\s*(?P<b>\d{1,4})\s*[.:：．、]"
    r"|(?P<c>\d{1,4})\s*[.．、:：)）](?!\d))\s*",
    re.IGNORECASE,
)
_ABBREVIATION_END = re.compile(
    r"(?<![A-Za-z])(?:figs?|nos?|e\.g|i\.e|eqs?|refs?|vol|pat|al|approx|ca|cf|ex)\.$", re.IGNORECASE
)
_HEADING = re.compile(
    r"(?:what\s+is\s+claimed\s+is|what\s+we\s+claim\s+is|we\s+claim|i\s+claim|the\s+claims\s+are"
    r"|claims?|权利要求书|權利要求書|权利要求|權利要求)\s*[:：]?",
    re.IGNORECASE,
)

# References. Separators inside a list of claim numbers, and those that make a range.
_SEP_EN = r"(?:[,，、/~～\-－\u2013\u2014]|\bto\b|\bthrough\b|\bor\b|\band\b)"
_SEP_ZH = r"(?:[,，、/~～\-－\u2013\u2014]|至|到|或者|或|和|及|以及)"
_RANGE = re.compile(r"^(?:[~～\-－\u2013\u2014]|to|through|至|到)$", re.IGNORECASE)
_REF_EN = re.compile(
    r"(?<![a-z])claims?\s*(?P<list>\d{1,6}(?:(?:\s*" + _SEP_EN + r"\s*)+(?:claims?\s*)?\d{1,6})*)",
    re.IGNORECASE,
)
_REF_ZH = re.compile(
    r"(?:权利要求|權利要求)\s*(?P<list>\d{1,6}(?:(?:\s*"
    + _SEP_ZH
    + r"\s*)+(?:(?:权利要求|權利要求)\s*)?\d{1,6})*)"
)
_REF_TOKEN = re.compile(r"\d+|[~～\-－\u2013\u2014]|\bto\b|\bthrough\b|至|到", re.IGNORECASE)
_ALL_PRECEDING = re.compile(
    r"\b(?:any|one|each|all)\s+(?:one\s+)?(?:of\s+)?(?:the\s+)?(?:preceding|previous|foregoing)"
    r"\s+claims?\b|\b(?:preceding|previous|foregoing)\s+claims\b"
    r"|(?:前述|上述|前面)(?:任一项|任意一项|任一|各项)?(?:所述的?)?(?:权利要求|權利要求)(?!\s*\d)",
    re.IGNORECASE,
)
_PREVIOUS = re.compile(r"\bthe\s+(?:preceding|previous)\s+claim\b", re.IGNORECASE)
# Every reference phrase above names a claim: a text without these words has no reference, and
# finding that is much cheaper than running the patterns ("claim" alone: an alternation would
# make IGNORECASE scan slowly).
_CLAIM_HINT = re.compile("claim", re.IGNORECASE)
_CLAIM_WORDS_ZH = ("权利要求", "權利要求")

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


@dataclass(frozen=True)
class ParsedClaim:
    """One claim: its number, its text without the number, the claims it refers to and its
    elements (features). `problems` lists the references dropped by `parse_claims(...,
    strict=False)`."""

    number: int
    text: str
    depends_on: tuple[int, ...]
    elements: tuple[str, ...]
    problems: tuple[str, ...] = ()

    @property
    def is_independent(self) -> bool:
        return not self.depends_on


# --- splitting a block ----------------------------------------------------------------------


def _label_number(match: re.Match[str]) -> int:
    return int(match.group("a") or match.group("b") or match.group("c"))


def _opens_claim(text: str, match: re.Match[str], first: bool) -> bool:
    """Whether the number label `match` can start a claim: followed by words on its line, the
    first at the start of the text or after a heading, the others at the start of a line or
    after a full stop that does not end an abbreviation ("FIG. 2. 3. The method")."""
    following = text[match.end() : match.end() + 1]
    if not following or following.isdigit() or following in "\n\r":
        return False
    before = text[: match.start()].rstrip(" \t\u3000")
    if first:
        head = before.strip()
        return not head or _HEADING.fullmatch(head) is not None
    if not before or before[-1] in "\n\r。":
        return True
    return before[-1] == "." and _ABBREVIATION_END.search(before) is None


def split_claims(text: str) -> list[str]:
    """The claims of a block of claims text, each as written (with its number), trimmed.

    Claims are found by their number labels ("1.", "1、", "1．", "[Claim 1]", "Claim 1:"), which
    must count up from the first one by one: the first at the start of the text (after an
    optional heading such as "What is claimed is:" or "权利要求书"), each next one at the start
    of a line or after a full stop. A label that does not fit ("FIG. 2." inside a claim, a list
    "1、...；2、..." inside a step) is part of the claim text. A text without labels is one
    claim; a blank text has none.
    """
    if not isinstance(text, str):
        raise InvalidInput("claims text must be a string", field="text")
    starts: list[int] = []
    expected: int | None = None
    for match in _NUMBER.finditer(text):
        number = _label_number(match)
        if expected is not None and number != expected:
            continue
        if not _opens_claim(text, match, first=expected is None):
            continue
        starts.append(match.start())
        expected = number + 1
    if not starts:
        return [text.strip()] if text.strip() else []
    bounds = [*starts[1:], len(text)]
    return [text[start:end].strip() for start, end in zip(starts, bounds, strict=True)]


# --- references -----------------------------------------------------------------------------


@dataclass
class _References:
    numbers: list[int]
    all_preceding: bool
    previous: bool
    start: int  # where the first reference phrase starts
    end: int  # and where it ends


def _expand(listing: str) -> list[int]:
    numbers: list[int] = []
    in_range = False
    for token in _REF_TOKEN.findall(listing):
        if token.isdigit():
            number = min(int(token), MAX_CLAIM_NUMBER + 1)
            if in_range and numbers:
                low, high = sorted((numbers[-1], number))
                numbers.extend(range(low + 1, high + 1))
                if number < high:
                    numbers.append(number)
            else:
                numbers.append(number)
            in_range = False
        elif _RANGE.match(token):
            in_range = True
    return numbers


def _names_claims(text: str) -> bool:
    """Whether `text` has a word that every reference phrase contains (see `_CLAIM_HINT`)."""
    return any(word in text for word in _CLAIM_WORDS_ZH) or _CLAIM_HINT.search(text) is not None


def _find_references(text: str) -> _References:
    numbers: list[int] = []
    spans: list[tuple[int, int]] = []
    if not _names_claims(text):
        return _References(numbers, all_preceding=False, previous=False, start=0, end=0)
    for pattern in (_REF_EN, _REF_ZH):
        for match in pattern.finditer(text):
            numbers.extend(_expand(match.group("list")))
            spans.append(match.span())
    preceding = _ALL_PRECEDING.search(text)
    previous = _PREVIOUS.search(text)
    spans.extend(found.span() for found in (preceding, previous) if found is not None)
    start, end = min(spans) if spans else (0, 0)
    return _References(
        numbers=numbers,
        all_preceding=preceding is not None,
        previous=previous is not None,
        start=start,
        end=end,
    )


def _reference_problems(
    number: int, refs: _References, existing: set[int]
) -> tuple[list[int], list[str]]:
    """The valid references of claim `number` and the problems with the others."""
    wanted = set(refs.numbers)
    problems: list[str] = []
    if refs.all_preceding or refs.previous:
        earlier = sorted(n for n in existing if n < number)
        if not earlier:
            problems.append(f"claim {number} refers to preceding claims, but it is the first claim")
        elif refs.all_preceding:
            wanted.update(earlier)
        else:
            wanted.add(earlier[-1])
    valid: list[int] = []
    missing: list[int] = []
    for ref in sorted(wanted):
        if ref == number:
            problems.append(f"claim {number} refers to itself")
        elif ref not in existing:
            missing.append(ref)
        elif ref > number:
            problems.append(f"claim {number} refers to claim {ref}, a later claim")
        else:
            valid.append(ref)
    problems.extend(_missing_problems(number, missing))
    return valid, problems


def _missing_problems(number: int, missing: list[int]) -> list[str]:
    """One problem per run of consecutive missing claims ("claims 7 to 9, which do not exist")."""
    runs: list[list[int]] = []
    for ref in missing:
        if runs and ref == runs[-1][-1] + 1:
            runs[-1].append(ref)
        else:
            runs.append([ref])
    return [
        f"claim {number} refers to claim {run[0]}, which does not exist"
        if len(run) == 1
        else f"claim {number} refers to claims {run[0]} to {run[-1]}, which do not exist"
        for run in runs
    ]


# --- elements -------------------------------------------------------------------------------


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


def _body_start(text: str, lang: Language, refs: _References, dependent: bool) -> int | None:
    """Where the elements of a claim start in `text`, or None when it has no structure.

    A claim that names another claim only inside its body ("A kit comprising the compound of
    claim 1 and ...") has its elements cut like an independent claim's."""
    opening = (_ZH_OPEN if lang == "zh" else _EN_OPEN).search(text)
    if dependent and (opening is None or opening.start() > refs.start):
        after = refs.end
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


def _elements(text: str, lang: Language, refs: _References, dependent: bool) -> tuple[str, ...]:
    start = _body_start(text, lang, refs, dependent)
    elements: list[str] = []
    if start is not None:
        body_start = _ZH_BODY_START if lang == "zh" else _EN_BODY_START
        body = body_start.sub("", text[start:], count=1)
        elements = _split_body(body, lang)
    if not elements:
        whole = _without_trail(text)
        elements = [whole] if whole else []
    return tuple(elements)


# --- parsing --------------------------------------------------------------------------------


def _number_claims(claims: list[str], strict: bool) -> list[tuple[int, str, list[str]]]:
    numbered: list[tuple[int, str, list[str]]] = []
    previous = 0
    for position, raw in enumerate(claims, start=1):
        if not isinstance(raw, str):
            raise InvalidInput(f"claim {position} is not text", field="claims")
        problems: list[str] = []
        label = _NUMBER.match(raw)
        text = raw[label.end() :] if label is not None else raw
        text = text.strip()
        if not text:
            raise InvalidInput(f"claim {position} is empty", field="claims")
        number = previous + 1
        if label is not None:
            given = _label_number(label)
            if given > MAX_CLAIM_NUMBER:
                raise InvalidInput(f"claim number {given} is too high", field="claims")
            if given <= previous:
                message = f"claim numbered {given} follows claim {previous}: numbers must increase"
                if strict:
                    raise InvalidInput(message, field="claims")
                problems.append(f"{message}; numbered {number}")
            else:
                number = given
        numbered.append((number, text, problems))
        previous = number
    return numbered


def parse_claims(
    claims: list[str],
    lang: Language | None = None,
    *,
    strict: bool = True,
    independent_elements: bool = True,
) -> list[ParsedClaim]:
    """The claims, numbered, with their dependencies and elements (see the module docstring).

    Each item is one claim's text, with or without its number ("1. A method ...", "1、一种……",
    "1．", "[Claim 1]"); an item without a number follows the one before (the first is 1).
    `lang` says how to cut elements; None detects it from all the claims together.
    With `strict` (the default) a bad reference or a number that does not increase raises
    `InvalidInput`; otherwise the reference is dropped, the claim renumbered, and the problem
    recorded in `problems`. With `independent_elements=False` independent claims get no
    elements, for a caller that reads only what dependent claims add (cutting the elements is
    most of the cost).
    """
    if not isinstance(claims, list):
        raise InvalidInput("claims must be a list of claim texts", field="claims")
    if lang not in (None, "zh", "en"):
        raise InvalidInput(f"unknown language {lang!r}: use 'zh', 'en' or none", field="lang")
    numbered = _number_claims(claims, strict)
    if not numbered:
        return []
    language: Language = lang or detect_language(" ".join(text for _, text, _ in numbered))
    existing = {number for number, _, _ in numbered}
    parsed: list[ParsedClaim] = []
    for number, text, problems in numbered:
        refs = _find_references(text)
        valid, bad = _reference_problems(number, refs, existing)
        if bad and strict:
            raise InvalidInput(bad[0], field="claims")
        dependent = bool(refs.numbers or refs.all_preceding or refs.previous)
        parsed.append(
            ParsedClaim(
                number=number,
                text=text,
                depends_on=tuple(valid),
                elements=(
                    _elements(text, language, refs, dependent)
                    if dependent or independent_elements
                    else ()
                ),
                problems=tuple(problems + bad),
            )
        )
    return parsed
