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
from dataclasses import dataclass

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.claim_elements import Language, elements
from ipoffice.text.normalize import detect_language

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
                    elements(text, language, (refs.start, refs.end), dependent)
                    if dependent or independent_elements
                    else ()
                ),
                problems=tuple(problems + bad),
            )
        )
    return parsed
