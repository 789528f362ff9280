"""Order No. 77 Art. 3(4): inventions against technical common sense, or claims that are
degraded (变劣), piled up (堆砌) or unnecessarily narrowed (非必要缩限保护范围).

Signals, each with a strength in [0, 1] (0.5 at its threshold), combined as 1 - prod(1 - s):

- **piled_up**: `PILE_MIN` or more dependent claims (and at least `PILE_SHARE` of them) that
  each add only a trivial, non-technical feature: a colour, a decoration or pattern, a shape,
  a bare material choice, a place of use, packaging (the lexicons below, with reasons);
- **repeated**: `REPEAT_MIN` or more dependent claims of one claim tree that are identical or
  differ in one short slot ("wherein the shell is red" / "... is blue" / "... is green");
- **stacked**: an independent claim with `STACK_MIN` or more elements that share no content term
  with the rest of the application (title, abstract, description, the other elements and
  claims): features drawn from unrelated fields and piled into one claim;
- **narrowed**: an independent claim of a device with `NARROW_MIN` or more exact dimensions
  (a value with a unit of length, mass or angle, not a range or a limit) or brand and model
  specifics; an independent claim far longer than the corpus's (`LONG_Z`, when fitted) needs
  fewer of them;
- **degraded**: claims or abstract saying the change makes things worse or removes a function
  (降低效率, 增加成本, 去掉……功能, "reduces efficiency", "less durable"), unless negated or said
  of the prior art;
- **common_sense**: perpetual motion, efficiency above 100 %, energy from nothing.

Cost: a first pass runs only regular expressions over the claims (cut to `MAX_CLAIMS` claims of
`MAX_CLAIM_CHARS`); `parse_claims(..., strict=False)` runs only on the applications where the
first pass finds a candidate, and gives the claim numbers, trees and elements of the evidence.
Evidence: which signals fired, the claims concerned (number and text), counts and figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.claims import ParsedClaim, parse_claims
from ipoffice.patents.document import PatentDocument
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.text.normalize import detect_language

DEFAULT_THRESHOLD = 0.5  # one signal at its threshold is enough to report
MAX_CLAIMS = 150  # claims read; beyond, a claim set is judged on its first 150
MAX_CLAIM_CHARS = 3000  # characters read of each claim
MAX_TEXT_CHARS = 20_000  # characters of abstract and description read for term support
PILE_MIN = 4  # trivial dependent claims: real sets have one or two ("is made of plastic")
PILE_SHARE = 0.3  # ... and this share of the dependent claims
REPEAT_MIN = 3  # near-identical dependent claims of one tree: two can be a genuine pair
REPEAT_WINDOW = 6  # each dependent claim is compared with the next 6 (alternatives are listed
# one after another); a linear cost
STACK_MIN = 2  # unsupported elements in one independent claim (one can be a new component)
# An element is unsupported when less than this share of its terms occurs anywhere else in the
# application: generic words ("layer", "signal", "数据") are shared even by unrelated fields.
STACK_SUPPORT = 0.25
MAX_PIECES = 40  # pieces of one claim compared pairwise
STACK_ELEMENTS = 6  # ... of at least this many elements (short claims vary too much)
NARROW_MIN = 6  # exact dimensions in one device claim: a simple device needs two or three
LONG_Z = 4.0  # independent claim length (log characters) z-score that counts as extreme
LONG_NARROW_MIN = 3  # exact dimensions that, with an extremely long claim, count as narrowing
TRIVIAL_MAX_CHARS = 160  # a dependent claim's added text longer than this adds more than a
# trivial feature
# The first pass (regular expressions only) sends an application to the second (parse_claims)
# from this share of the threshold: its cruder elements and references must not lose cases.
PREFILTER = 0.5
EXAMPLES = 5
MIN_FIT = 20  # independent claims of a language needed for its length distribution
SNIPPET = 240

# --- lexicons (data): what each word list is for ---------------------------------------------

# Trivial, non-technical features: appearance, bare material choice, shape, place of use,
# packaging. Each is a feature a claim may legitimately name once; many dependent claims made
# only of them pile up the claim set without technical content.
TRIVIAL_EN = {
    "colour": r"red|green|blue|yellow|black|white|pink|purple|orange|gr[ae]y|brown|golden|"
    r"silver|colou?r(?:ed|s)?",
    "decoration": r"patterns?|logos?|decorat\w*|ornament\w*|cartoon\w*|printed with|"
    r"trademarks?|slogans?|pictures? of",
    "shape": r"circular|round|square|rectangular|triangular|oval|hexagonal|heart[- ]shaped|"
    r"star[- ]shaped|(?:shape|form) of an? \w+",
    "material": r"made of (?:plastic|wood|metal|stainless steel|steel|glass|rubber|ceramic|"
    r"bamboo|paper|cloth|leather|aluminium|aluminum|copper|iron)",
    "place": r"used (?:in|at|for) (?:a |the )?(?:kitchen|bathroom|living room|bedroom|office|"
    r"home|household|school|hotel|restaurant|garden|car)",
    "packaging": r"packaged|packaging|gift box|sold (?:in|as)",
}
TRIVIAL_ZH = {
    "colour": r"[红绿蓝黄黑白粉紫橙灰棕金银]色|颜色|彩色",
    "decoration": r"图案|花纹|装饰|卡通|标志|商标|标语|印有",
    "shape": r"(?:圆|方|矩|三角|椭圆|六边|心|星)形|呈\w{1,3}状",
    "material": r"(?:材质|材料)为|(?:采用|由)(?:塑料|木材|金属|不锈钢|玻璃|橡胶|陶瓷|竹子|纸|布|"
    r"皮革|铝|铜|铁)(?:材料|材质)?制成",
    "place": r"用于(?:厨房|卫生间|客厅|卧室|办公室|家庭|学校|酒店|餐厅|花园|汽车)",
    "packaging": r"包装|礼盒|销售",
}
# Degradation: the change is said to make the invention worse or to take a function away.
DEGRADED_EN = (
    r"(?:reduc|lower|decreas|impair|worsen)\w* (?:the |its )?(?:\w+ )?(?:efficiency|accuracy|"
    r"precision|performance|reliability|safety|service life|lifetime|durability)\b|"
    r"increas\w* (?:the |its )?(?:cost|energy consumption|power consumption|noise|failure rate)"
    r"\b|less (?:efficient|accurate|durable|reliable|safe|stable)\b|"
    r"more (?:expensive|fragile|easily damaged)\b|shorter (?:service )?life\b|"
    r"(?:omit|remov|eliminat|delet|dispens)\w* (?:with )?the \w+(?: \w+)? function"
)
DEGRADED_ZH = (
    r"(?:降低|减少|减小|削弱)了?(?:(?!提高|提升|改善|增加|增强)[^，。；,;]){0,16}?"
    r"(?:效率|精度|准确率|性能|可靠性|安全性|寿命)|"
    r"(?:效率|精度|准确率|性能|可靠性|安全性|寿命)(?:降低|下降|变差|缩短)|"
    r"(?:增加|提高|增大)了?(?:成本|能耗|功耗|噪音|噪声|故障率|磨损)|"
    r"(?:成本|能耗|功耗|噪音|噪声|故障率)(?:增加|提高|增大)|更容易损坏|缩短了?使用寿命|"
    r"(?:去掉|取消|省略|删除|删去)了?[^，。；,;]{0,12}?功能"
)
# A degradation is not asserted when it is negated, avoided, a condition the invention reacts
# to ("when the performance drops"), or said of the prior art.
NEGATION_EN = re.compile(
    r"\b(?:not|no|without|avoid\w*|prevent\w*|instead of|rather than|overcom\w*|solv\w*|"
    r"risk of|when|if|whether|detect\w*|monitor\w*|in response to)\b[^.;,]{0,40}$",
    re.IGNORECASE,
)
NEGATION_ZH = re.compile(
    r"(?:不|无需|无须|避免|防止|克服|解决|当|若|如果|检测|感测|监测|判断|响应)[^。；，]{0,15}$"
)
PRIOR_ART = re.compile(
    r"(?:\b(?:conventional\w*|prior art|existing|known|background)\b|现有|传统|以往|已知|背景技术)"
    r"[^.;。；]{0,80}$",
    re.IGNORECASE,
)
# Against technical common sense: machines that make energy from nothing.
COMMON_SENSE = re.compile(
    r"\b(?:perpetual[- ]motion|over[- ]unity|more energy than (?:it )?consumes|"
    r"efficiency\b[^.;]{0,40}?(?<![\d.])(?:1\d{2}|[2-9]\d{2})(?:\.\d+)? ?%)|永动|"
    r"(?:效率|转换率)[^，。；]{0,10}?(?<![\d.])(?:1\d{2}|[2-9]\d{2})(?:\.\d+)?%|无需(?:任何)?能源"
)  # matched on lower-cased text
# Exact dimensions: a value with a unit of length, mass or angle, at the scale of a hand-made
# product (micrometres and nanometres are the technical scale of films and optics, not padding).
# Ranges and limits ("between",
# "at least", "5-10 mm", "≤", "以上", "至") are how claims define scope, not narrowing.
DIMENSION = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:mm|cm|km|m|inch(?:es)?|in\.|ft|kg|g|lb|°|degrees?|毫米|"
    r"厘米|米|千克|公斤|克|度)(?![a-zA-Z])",
    re.IGNORECASE,
)
RANGE_BEFORE = re.compile(
    r"(?:to|and|between|from|at least|at most|less than|greater than|more than|up to|about|"
    r"approximately|within|over|under|[-–−+~～≤≥<>±]|至|到|不小于|不大于|大于|小于|约)\s*$",
    re.IGNORECASE,
)
RANGE_AFTER = re.compile(
    r"^\s*(?:to|[-–−~～<>≤≥]|至|到|以上|以下|以内|左右|or (?:more|less))", re.IGNORECASE
)
BRAND = re.compile(
    r"[®™]|\b(?:model|type|brand)\s*(?:no\.?\s*)?[A-Z0-9][A-Z0-9-]{2,}\b|manufactured by|"
    r"commercially available from|品牌|型号为?\s*[A-Za-z0-9-]{2,}|[\u4e00-\u9fff]{2,4}牌"
)
# Narrowing is judged on claims to a product (a device, an article): not on methods and uses,
# nor on compositions and biological material, whose numbers are concentrations and sequences.
NOT_DEVICE = re.compile(
    r"\b(?:composition|compound|method|process|use|formulation|polymer|peptide|antibody|"
    r"nucleic|cell|organism|material|system|medium)\b|组合物|化合物|方法|用途|配方|材料|系统|介质",
    re.IGNORECASE,
)
# A composition lists ingredients that need not share terms (a paste of powder, frit, vehicle).
COMPOSITION = re.compile(
    r"\b(?:composition|compound|formulation|paste|mixture|alloy|material|solution|kit)\b|"
    r"组合物|化合物|配方|混合物|合金|材料|浆料|溶液",
    re.IGNORECASE,
)
_OPENING = re.compile(r"compris\w*|consist\w* of|includ\w*|包括|其特征在于", re.IGNORECASE)
_LABEL = re.compile(
    r"\s*(?:[\[【]\s*(?:claim|权利要求)\s*\d+\s*[\]】]|\d+\s*[.．、)])", re.IGNORECASE
)
_REFERENCE = re.compile(r"(?:claims?|权利要求|權利要求)\s*(\d+)", re.IGNORECASE)
_ADDED = re.compile(
    r"\b(?:wherein|characteri[sz]ed in that|further compris\w*|in which)\b|其特征在于|其中|还包括",
    re.IGNORECASE,
)
_TERM_EN = re.compile(r"[a-z][a-z-]{3,}")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# Words and characters that say nothing about the technology, left out of term support.
_STOP_EN = frozenset(
    {
        "said", "wherein", "comprising", "comprises", "further", "claim", "claims", "having",
        "includes", "including", "which", "that", "with", "from", "into", "each", "first",
        "second", "third", "plurality", "least", "more", "than", "thereof", "such", "being",
        "configured", "adapted", "arranged", "provided", "means", "method", "system", "device",
        "apparatus", "according", "portion", "member", "element",
    }
)  # fmt: skip
_STOP_ZH = frozenset(
    "所述其特征在于包括设置一种用于以及和与及或的为是在上下内有个该通过根据权利要求中"
)
_SPLIT_ELEMENTS = re.compile(r"[;；\n]|,\s*and\s+|，")

_TRIVIAL = {
    "en": {k: re.compile(r"\b(?:" + v + r")\b", re.IGNORECASE) for k, v in TRIVIAL_EN.items()},
    "zh": {k: re.compile(v) for k, v in TRIVIAL_ZH.items()},
}
# Matched on lower-cased text (much faster than IGNORECASE), anchored at a word start.
_DEGRADED = {"en": re.compile(r"\b(?:" + DEGRADED_EN + ")"), "zh": re.compile(DEGRADED_ZH)}
_NEGATION = {"en": NEGATION_EN, "zh": NEGATION_ZH}
# The one slot near-identical dependent claims differ in: two words, four Chinese characters
# ("the shell is red" / "... is blue", "made of plastic" / "... of stainless steel"); "integrated
# into another apparatus" / "... into a pocket PC" are different claims.
_SLOT = {"en": 2, "zh": 4}
_SENTENCE_END = re.compile(r"[.;。；!?！？]")


@dataclass(frozen=True)
class _Claim:
    number: int
    text: str
    parent: int | None  # the claim it refers to (the first, when several)
    added: str  # what a dependent claim adds; an independent claim's body
    elements: tuple[str, ...]  # an independent claim's elements


@dataclass(frozen=True)
class ClaimsModel:
    """Per language, the median and scale (1.4826 MAD) of log independent-claim length; and the
    document frequency of terms, to weight them by IDF."""

    length: dict[str, tuple[float, float]]
    frequency: dict[str, int]
    documents: dict[str, int]


def _language(doc: PatentDocument) -> str:
    sample = (doc.claims[0] if doc.claims else doc.abstract)[:500]
    return detect_language(sample) if sample.strip() else doc.lang


def _claim_texts(doc: PatentDocument) -> list[str]:
    return [c[:MAX_CLAIM_CHARS] for c in doc.claims[:MAX_CLAIMS] if c.strip()]


def _quick(claims: list[str]) -> list[_Claim]:
    """Claims read with regular expressions only: the first pass."""
    out = []
    for number, text in enumerate(claims, start=1):
        label = _LABEL.match(text)
        found = _REFERENCE.search(text[:200], label.end() if label else 0)
        parent = int(found.group(1)) if found and int(found.group(1)) < number else None
        if parent is not None and found is not None:
            added = _ADDED.search(text, found.end())
            body = text[added.end() if added else found.end() :]
            out.append(_Claim(number, text, parent, body.strip(" ,，:："), ()))
        else:
            opening = _OPENING.search(text)
            body = text[opening.end() :] if opening else text
            parts = tuple(p.strip() for p in _SPLIT_ELEMENTS.split(body) if p.strip())
            out.append(_Claim(number, text, None, body, parts))
    return out


def _from_parsed(parsed: list[ParsedClaim]) -> list[_Claim]:
    return [
        _Claim(
            c.number,
            c.text,
            c.depends_on[0] if c.depends_on else None,
            "；".join(c.elements) if c.depends_on else c.text,
            () if c.depends_on else c.elements,
        )
        for c in parsed
    ]


def _roots(claims: list[_Claim]) -> dict[int, int]:
    parent = {c.number: c.parent for c in claims}
    roots: dict[int, int] = {}
    for c in claims:
        node, seen = c.number, 0
        while parent.get(node) is not None and seen < len(claims):
            node = parent[node] or node
            seen += 1
        roots[c.number] = node
    return roots


def _snippet(claim: _Claim) -> dict[str, Any]:
    return {"claim": claim.number, "text": claim.text[:SNIPPET]}


def _terms(text: str, lang: str) -> set[str]:
    if lang == "zh":
        runs = _HAN.findall(text)
        return {
            r[i : i + 2]
            for r in runs
            for i in range(len(r) - 1)
            if r[i] not in _STOP_ZH and r[i + 1] not in _STOP_ZH
        }
    return {w[:6] for w in _TERM_EN.findall(text.lower()) if w not in _STOP_EN}


# --- the signals ------------------------------------------------------------------------------


def _piled(claims: list[_Claim], lang: str) -> tuple[float, dict[str, Any]]:
    dependents = [c for c in claims if c.parent is not None]
    trivial = []
    for c in dependents:
        if len(c.added) > TRIVIAL_MAX_CHARS:
            continue
        kinds = [kind for kind, rx in _TRIVIAL[lang].items() if rx.search(c.added)]
        if kinds:
            trivial.append((c, kinds))
    count = len(trivial)
    if count < PILE_MIN or count < PILE_SHARE * len(dependents):
        return 0.0, {}
    details = {
        "trivial_dependent_claims": count,
        "dependent_claims": len(dependents),
        "claims": [_snippet(c) | {"features": kinds} for c, kinds in trivial[:EXAMPLES]],
    }
    return min(1.0, 0.5 * count / PILE_MIN), details


def _near(a: str, b: str, lang: str) -> bool:
    if a == b:
        return True
    x, y = (list(a), list(b)) if lang == "zh" else (a.lower().split(), b.lower().split())
    prefix = _common(x, y)
    suffix = _common(x[prefix:][::-1], y[prefix:][::-1])
    slot = max(len(x), len(y)) - prefix - suffix
    return slot <= _SLOT[lang] and prefix + suffix >= 0.6 * max(len(x), len(y))


def _common(a: list[str], b: list[str]) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def _repeated(claims: list[_Claim], lang: str) -> tuple[float, dict[str, Any]]:
    roots = _roots(claims)
    dependents = [c for c in claims if c.parent is not None and c.added]
    group = {c.number: c.number for c in dependents}

    def find(n: int) -> int:
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    for i, c in enumerate(dependents):
        for d in dependents[i + 1 : i + 1 + REPEAT_WINDOW]:
            if roots[c.number] == roots[d.number] and _near(c.added, d.added, lang):
                group[find(d.number)] = find(c.number)
    members: dict[int, list[_Claim]] = {}
    for c in dependents:
        members.setdefault(find(c.number), []).append(c)
    largest = max(members.values(), key=len, default=[])
    if len(largest) < REPEAT_MIN:
        return 0.0, {}
    details = {
        "near_identical_claims": len(largest),
        "claims": [_snippet(c) for c in largest[:EXAMPLES]],
    }
    return min(1.0, 0.5 * len(largest) / REPEAT_MIN), details


def _pieces(body: str, lang: str) -> list[str]:
    cut = r"[;；\n，,]" if lang == "zh" else r"[;\n]|,\s*and\s+"
    return [p.strip() for p in re.split(cut, body) if p.strip()]


def _unsupported(
    pieces: list[str], support: set[str], lang: str, model: ClaimsModel | None
) -> list[str]:
    """The pieces outside the claim's main body: pieces are linked when the lighter shares at
    least `STACK_SUPPORT` of its term weight (IDF when fitted) with the other, and to the rest
    of the application likewise; the pieces of groups linked neither to the rest of the
    application nor to the largest group are unsupported - a second subject stacked on."""

    def weight(terms: set[str]) -> float:
        if model is None or lang not in model.documents:
            return float(len(terms))
        n = model.documents[lang] + 1
        return sum(math.log(n / (model.frequency.get(t, 0) + 1)) for t in terms)

    terms = [_terms(p, lang) for p in pieces[:MAX_PIECES]]
    size = len(terms)
    group = list(range(size + 1))  # the last node is the rest of the application

    def find(n: int) -> int:
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    weights = [weight(t) for t in terms]
    small = [len(t) < 3 for t in terms]  # too short to judge: part of the main body
    for i in range(size):
        if small[i] or weight(terms[i] & support) >= STACK_SUPPORT * weights[i]:
            group[find(i)] = find(size)
        for j in range(i + 1, size):
            shared = weight(terms[i] & terms[j])
            linked = shared > 0 and shared >= STACK_SUPPORT * min(weights[i], weights[j])
            if linked and not small[i] and not small[j]:
                group[find(j)] = find(i)
    members: dict[int, list[int]] = {}
    for i in range(size):
        members.setdefault(find(i), []).append(i)
    main = {find(size), max(members, key=lambda g: (len(members[g]), -g), default=-1)}
    return [pieces[i][:SNIPPET] for i in range(size) if find(i) not in main]


def _stacked(
    claims: list[_Claim], doc: PatentDocument, lang: str, model: ClaimsModel | None
) -> tuple[float, dict[str, Any]]:
    """Independent claims whose elements (cut at semicolons; Chinese also at commas) share too
    little with everything else the application says."""
    context = " ".join((doc.title, doc.abstract[:MAX_TEXT_CHARS], doc.description[:MAX_TEXT_CHARS]))
    worst: tuple[int, _Claim | None, list[str], int] = (0, None, [], 0)
    candidates = []
    for c in claims:
        if c.parent is not None or COMPOSITION.search(c.text[:150]):
            continue
        opening = _OPENING.search(c.text)
        head, body = (c.text[: opening.start()], c.text[opening.end() :]) if opening else ("", "")
        pieces = _pieces(body, lang)
        if len(pieces) >= STACK_ELEMENTS:
            candidates.append((c, head, pieces))
    if not candidates:
        return 0.0, {}
    context_terms = _terms(context, lang)
    claim_terms = {d.number: _terms(d.text, lang) for d in claims}
    for c, head, pieces in candidates:
        support = context_terms | _terms(head, lang)
        support = support.union(*(t for n, t in claim_terms.items() if n != c.number))
        unsupported = _unsupported(pieces, support, lang, model)
        if len(unsupported) > worst[0]:
            worst = (len(unsupported), c, unsupported, len(pieces))
    count, claim, unsupported, size = worst
    if count < STACK_MIN or claim is None:
        return 0.0, {}
    details = {"claim": claim.number, "elements": size, "unsupported_elements": unsupported}
    return min(1.0, 0.5 * count / STACK_MIN), details


def _exact_values(text: str) -> list[str]:
    values = []
    for m in DIMENSION.finditer(text):
        before, after = text[max(0, m.start() - 20) : m.start()], text[m.end() : m.end() + 12]
        if not RANGE_BEFORE.search(before) and not RANGE_AFTER.search(after):
            values.append(m.group(0))
    return values


def _narrowed(
    claims: list[_Claim], lang: str, model: ClaimsModel | None
) -> tuple[float, dict[str, Any]]:
    best: tuple[float, dict[str, Any]] = (0.0, {})
    for c in claims:
        if c.parent is not None:
            continue
        preamble = re.split(r"compris|consist|includ|包括|其特征在于|[,，:：]", c.text, maxsplit=1)[
            0
        ]
        if NOT_DEVICE.search(preamble[:150]):
            continue
        values = _exact_values(c.text)
        brands = [m.group(0) for m in BRAND.finditer(c.text)]
        weight = len(values) + 2 * len(brands)
        z = None
        if model is not None and lang in model.length:
            median, scale = model.length[lang]
            z = (math.log(len(c.text) + 1) - median) / scale
        strength = 0.0
        if weight >= NARROW_MIN:
            strength = min(1.0, 0.5 * weight / NARROW_MIN)
        elif z is not None and z >= LONG_Z and weight >= LONG_NARROW_MIN:
            strength = 0.5
        if strength > best[0]:
            details: dict[str, Any] = {
                "claim": c.number,
                "exact_dimensions": values[:20],
                "brand_or_model": brands[:EXAMPLES],
                "claim_chars": len(c.text),
            }
            if z is not None:
                details["length_z"] = round(z, 2)
            best = (strength, details)
    return best


def _lowered(text: str) -> str:
    """`text` lower-cased, or as it is when lower-casing would shift the offsets."""
    low = text.lower()
    return low if len(low) == len(text) else text


def _degraded(text: str, lang: str) -> tuple[float, dict[str, Any]]:
    passages = []
    for m in _DEGRADED[lang].finditer(_lowered(text)):
        before = _SENTENCE_END.split(text[max(0, m.start() - 100) : m.start()])[-1]
        if _NEGATION[lang].search(before) or PRIOR_ART.search(before):
            continue
        start = max(0, m.start() - 80)
        passages.append(text[start : m.end() + 80].strip())
    if not passages:
        return 0.0, {}
    strength = min(1.0, 0.5 + 0.25 * (len(passages) - 1))
    return strength, {"statements": len(passages), "passages": passages[:EXAMPLES]}


def _common_sense(text: str) -> tuple[float, dict[str, Any]]:
    found = list(COMMON_SENSE.finditer(_lowered(text)))
    if not found:
        return 0.0, {}
    passages = [text[max(0, m.start() - 80) : m.end() + 80].strip() for m in found]
    return 0.75, {"statements": len(found), "passages": passages[:EXAMPLES]}


def _signals(
    claims: list[_Claim], doc: PatentDocument, lang: str, model: ClaimsModel | None
) -> dict[str, tuple[float, dict[str, Any]]]:
    prose = "\n".join(c.text for c in claims) + "\n" + doc.abstract[:MAX_TEXT_CHARS]
    found = {
        "piled_up": _piled(claims, lang),
        "repeated": _repeated(claims, lang),
        "stacked": _stacked(claims, doc, lang, model),
        "narrowed": _narrowed(claims, lang, model),
        "degraded": _degraded(prose, lang),
        "common_sense": _common_sense(prose + "\n" + doc.description[:MAX_TEXT_CHARS]),
    }
    return {name: value for name, value in found.items() if value[0] > 0}


# --- the detector ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimsFeatures:
    """The strengths of the signals that fired, and the evidence when the score reaches the
    threshold."""

    signals: dict[str, float]
    score: float
    evidence: dict[str, Any] | None


def _score(strengths: Iterable[float]) -> float:
    remaining = 1.0
    for s in strengths:
        remaining *= 1.0 - s
    return 1.0 - remaining


class ClaimsQualityDetector:
    """See the module docstring. `fit` (optional) gives the corpus length of independent claims
    for the `LONG_Z` test."""

    behaviour = "degraded_or_padded"
    name = "claims_quality"

    def __init__(
        self, threshold: float = DEFAULT_THRESHOLD, *, model: ClaimsModel | None = None
    ) -> None:
        self.threshold = threshold
        self.model = model

    def fit(self, documents: Iterable[PatentDocument]) -> ClaimsModel:
        lengths: dict[str, list[float]] = {}
        frequency: dict[str, int] = {}
        count: dict[str, int] = {}
        for doc in documents:
            claims = _claim_texts(doc)
            lang = _language(doc)
            count[lang] = count.get(lang, 0) + 1
            text = "\n".join(claims) + "\n" + doc.title + "\n" + doc.abstract[:MAX_TEXT_CHARS]
            for term in _terms(text, lang):
                frequency[term] = frequency.get(term, 0) + 1
            for c in _quick(claims):
                if c.parent is None:
                    lengths.setdefault(lang, []).append(math.log(len(c.text) + 1))
        out: dict[str, tuple[float, float]] = {}
        for lang, values in sorted(lengths.items()):
            if len(values) >= MIN_FIT:
                ordered = sorted(values)
                median = ordered[len(ordered) // 2]
                mad = sorted(abs(v - median) for v in ordered)[len(ordered) // 2]
                out[lang] = (median, max(1.4826 * mad, 0.05))
        return ClaimsModel(out, dict(sorted(frequency.items())), dict(sorted(count.items())))

    def _model(self, context: ScreeningContext) -> ClaimsModel | None:
        found = context.models.get(self.name)
        return found if isinstance(found, ClaimsModel) else self.model

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> ClaimsFeatures:
        claims = _claim_texts(doc)
        lang = _language(doc)
        model = self._model(context)
        first = _signals(_quick(claims), doc, lang, model)
        if _score(s for s, _ in first.values()) < self.threshold * PREFILTER:
            return ClaimsFeatures({}, 0.0, None)
        try:
            parsed = _from_parsed(
                parse_claims(claims, "zh" if lang == "zh" else "en", strict=False)
            )
        except InvalidInput:  # a claim number beyond any real claim set: keep the first pass
            parsed = []
        found = _signals(parsed, doc, lang, model) if parsed else first
        score = _score(s for s, _ in found.values())
        strengths = {name: round(s, 4) for name, (s, _) in sorted(found.items())}
        if score < self.threshold:
            return ClaimsFeatures(strengths, score, None)
        evidence: dict[str, Any] = {
            "signals": sorted(found),
            "strengths": strengths,
            "claims_read": len(claims),
            "language": lang,
        }
        evidence.update({name: details for name, (_, details) in sorted(found.items())})
        return ClaimsFeatures(strengths, score, evidence)

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        findings: Findings = {}
        for app_id, features in prepared:
            if features.evidence is not None and features.score >= self.threshold:
                findings[app_id] = [Finding(self.behaviour, features.score, features.evidence)]
        return dict(sorted(findings.items()))
