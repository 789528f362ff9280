"""Planted cases for the text detectors: machine-generated content (Order No. 77 Art. 3(3)) and
degraded, piled-up or narrowed claims (Art. 3(4)), made from real applications.

Every generator is deterministic: the same sources and the same `random.Random` state give the
same documents, ids and order. Each returns `PlantedCases`: the real sources (the negatives,
unchanged) and the planted documents, shuffled together, the ids that are truly abnormal and the
kind of each document.

Machine-generated kinds, in both languages (Chinese "words" are characters, so a Chinese chain
of order 2-3 characters is about as fluent as an English one of order 1-2 words):

- `word_salad`: words (characters) drawn uniformly from the sources' vocabulary;
- `frequency_salad`: drawn by their frequency in the sources (keeps the function-word share);
- `shuffled`: a real abstract with the words of each sentence (chunks of 1-3 characters of each
  clause) in random order;
- `markov1`, `markov2`: a Markov chain of order 1 and 2 over the sources' words (Chinese:
  order 2 and 3 over characters);
- `template`: a frame cut from a real sentence (its content words, or character pairs, are
  slots) filled again and again with random content words;
- `patchwork`: runs of sentences from 3-5 unrelated sources put together.

Each planted document takes a generated abstract about as long as a real one and the title of
the source its text starts from (a random source for salad).

Claims kinds (`CLAIMS_KINDS`), added to a real claim set:

- `piled_up`: 5-8 dependent claims each adding a trivial feature (a colour, shape, material,
  place of use, printed pattern, packaging, or a smooth surface, "easy to clean");
- `repeated`: 4-6 dependent claims differing in one slot (materials, colours, counts);
- `stacked`: 2-3 elements of an unrelated application's claim put into claim 1;
- `narrowed`: 6-9 exact dimensions (and sometimes a model number) added to claim 1;
- `degraded`: a dependent claim removing a part and saying it makes things worse;
- `common_sense`: a dependent claim with an efficiency above 100 % or energy from nothing.

There are no real Chinese claims in the shared data, so `claims_from_abstract` builds Chinese
claim sets from real abstracts (claim 1 from the first sentence, dependent claims from the next
ones); English claim sets are real.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ipoffice.patents.document import Language, PatentDocument
from ipoffice.text.analyze import sentences

GENERATED_KINDS = (
    "word_salad",
    "frequency_salad",
    "shuffled",
    "markov1",
    "markov2",
    "template",
    "patchwork",
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Function words and characters: never slots of a template frame, never template fillers.
_FUNCTION_EN = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and",
        "or", "is", "are", "be", "been", "was", "were", "has", "have", "it", "its", "this",
        "that", "these", "those", "which", "said", "such", "each", "than", "then", "when",
        "where", "as", "so", "not", "no", "can", "may", "into", "onto", "upon", "via", "being",
        "also", "both", "other", "only", "more", "one", "all", "any", "their", "there", "thus",
    }
)  # fmt: skip
_FUNCTION_ZH = (
    "的了在是和与及或其所述该于为以将对由从并且而之中上下内"
    "一种个等使得可被把向到至时也还即若如此各每"
)
_CLAUSE_ZH = re.compile(r"[^，。；：、]+[，。；：、]?")


@dataclass(frozen=True)
class PlantedCases:
    documents: list[PatentDocument]
    abnormal: frozenset[str]
    kinds: dict[str, str] = field(default_factory=dict)  # id -> kind ("normal" for sources)


def document_from_text(doc_id: str, text: str, lang: Language) -> PatentDocument:
    """A document from a real "title + abstract" text as the shared data writes it:
    "Title: ...\\nKeywords: ...\\nAbstract: ...", "title [SEP] keywords [SEP] abstract", or
    "Title. Abstract ..." (the title is then the first sentence)."""
    if "[SEP]" in text:
        parts = [p.strip() for p in text.split("[SEP]")]
        return PatentDocument(id=doc_id, title=parts[0], abstract=parts[-1], lang=lang)
    found = re.search(r"Title:\s*(.*?)\s*(?:\n|$)", text)
    if found is not None:
        abstract = text.split("Abstract:", 1)[1].strip() if "Abstract:" in text else ""
        return PatentDocument(id=doc_id, title=found.group(1), abstract=abstract, lang=lang)
    stop = "。" if lang == "zh" else ". "
    title, _, rest = text.partition(stop)
    if not rest:
        return PatentDocument(id=doc_id, title="", abstract=text.strip(), lang=lang)
    return PatentDocument(id=doc_id, title=title.strip(), abstract=rest.strip(), lang=lang)


# --- machine-generated ----------------------------------------------------------------------


def _units(text: str, lang: Language) -> list[str]:
    """Tokens a chain runs over: whitespace tokens (words with their punctuation), or
    characters."""
    return list(text) if lang == "zh" else text.split()


def _join(units: list[str], lang: Language) -> str:
    return "".join(units) if lang == "zh" else " ".join(units)


def _markov(
    texts: list[str], order: int, size: int, lang: Language, rng: random.Random
) -> tuple[str, int]:
    chain: dict[tuple[str, ...], list[str]] = {}
    starts: list[tuple[str, ...]] = []
    owners: list[int] = []
    for number, text in enumerate(texts):
        units = _units(text, lang)
        if len(units) <= order:
            continue
        starts.append(tuple(units[:order]))
        owners.append(number)
        for i in range(len(units) - order):
            chain.setdefault(tuple(units[i : i + order]), []).append(units[i + order])
    pick = rng.randrange(len(starts))
    state = starts[pick]
    out = list(state)
    while len(_join(out, lang)) < size:
        following = chain.get(state)
        if not following:
            state = rng.choice(starts)
            out.extend(state)
            continue
        out.append(rng.choice(following))
        state = tuple(out[-order:])
    return _join(out, lang), owners[pick]


def _salad(pool: list[str], size: int, lang: Language, rng: random.Random) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        count = rng.randint(10, 24)
        words = [rng.choice(pool) for _ in range(count)]
        if lang == "zh":
            for cut in range(rng.randint(5, 9), len(words) - 1, rng.randint(5, 9)):
                words[cut] += "，"
            sentence = "".join(words) + "。"
        else:
            sentence = " ".join(words).capitalize() + "."
        out.append(sentence)
        length += len(sentence) + 1
    return ("" if lang == "zh" else " ").join(out)


def _shuffled(text: str, lang: Language, rng: random.Random) -> str:
    if lang == "zh":
        clauses = _CLAUSE_ZH.findall(text)
        out = []
        for clause in clauses:
            body, mark = (clause[:-1], clause[-1]) if clause[-1] in "，。；：、" else (clause, "")
            chunks: list[str] = []
            i = 0
            while i < len(body):
                step = rng.randint(1, 3)
                chunks.append(body[i : i + step])
                i += step
            rng.shuffle(chunks)
            out.append("".join(chunks) + mark)
        return "".join(out)
    out_en = []
    for sentence in sentences(text):
        words = sentence.rstrip(".").split()
        rng.shuffle(words)
        out_en.append(" ".join(words) + ".")
    return " ".join(out_en)


def _content_words(texts: list[str]) -> list[str]:
    found = {w.lower() for t in texts for w in _WORD.findall(t) if len(w) >= 4} - _FUNCTION_EN
    return sorted(found)


def _content_pairs(texts: list[str]) -> list[str]:
    pairs = set()
    for text in texts:
        for i in range(len(text) - 1):
            a, b = text[i], text[i + 1]
            if _HAN.match(a) and _HAN.match(b) and a not in _FUNCTION_ZH and b not in _FUNCTION_ZH:
                pairs.add(a + b)
    return sorted(pairs)


def _template(texts: list[str], size: int, lang: Language, rng: random.Random) -> tuple[str, int]:
    """One real sentence as a frame, its slots filled again and again."""
    if lang == "zh":
        frames = [
            (s, n) for n, t in enumerate(texts) for s in re.findall(r"[^。；]{20,80}[。；]", t)
        ]
        fillers = _content_pairs(texts)
        frame, source = rng.choice(frames)
        spots = [i for i in range(len(frame) - 1) if frame[i : i + 2] in set(fillers)]
        chosen: list[int] = []
        for i in rng.sample(spots, len(spots)):
            if all(abs(i - j) >= 2 for j in chosen) and len(chosen) < 4:
                chosen.append(i)
        out: list[str] = []
        while sum(len(s) for s in out) < size:
            chars = list(frame)
            for i in chosen:
                chars[i : i + 2] = list(rng.choice(fillers))
            out.append("".join(chars))
        return "".join(out), source
    candidates = [
        (s, n) for n, t in enumerate(texts) for s in sentences(t) if 8 <= len(s.split()) <= 30
    ]
    words = _content_words(texts)
    chosen_frame, source = rng.choice(candidates)
    frame = chosen_frame.split()
    out_en: list[str] = []
    while sum(len(s) + 1 for s in out_en) < size:
        filled = [
            rng.choice(words)
            if len(w) >= 4 and w.isalpha() and w.lower() not in _FUNCTION_EN
            else w
            for w in frame
        ]
        sentence = " ".join(filled).rstrip(".")
        out_en.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(out_en), source


def _patchwork(texts: list[str], size: int, lang: Language, rng: random.Random) -> tuple[str, int]:
    out: list[str] = []
    picks = rng.sample(range(len(texts)), min(len(texts), rng.randint(3, 5)))
    source = picks[0]
    while sum(len(s) for s in out) < size:
        for pick in picks:
            found = sentences(texts[pick])
            if not found:
                continue
            start = rng.randrange(len(found))
            out.extend(found[start : start + rng.randint(1, 2)])
        picks = rng.sample(range(len(texts)), min(len(texts), rng.randint(3, 5)))
    return ("" if lang == "zh" else " ").join(out), source


def _generate(
    kind: str, texts: list[str], size: int, lang: Language, rng: random.Random
) -> tuple[str, int]:
    """The generated text and the source it starts from (-1 when none)."""
    units = [u for t in texts for u in (_HAN.findall(t) if lang == "zh" else _WORD.findall(t))]
    if kind == "word_salad":
        return _salad(sorted(set(units)), size, lang, rng), -1
    if kind == "frequency_salad":
        return _salad(units, size, lang, rng), -1
    if kind == "shuffled":
        source = rng.choice([n for n, t in enumerate(texts) if len(t) >= size // 2])
        return _shuffled(texts[source], lang, rng), source
    if kind in ("markov1", "markov2"):
        order = int(kind[-1]) + (1 if lang == "zh" else 0)
        return _markov(texts, order, size, lang, rng)
    if kind == "template":
        return _template(texts, size, lang, rng)
    return _patchwork(texts, size, lang, rng)


def machine_generated_cases(
    sources: Sequence[PatentDocument], rng: random.Random, *, per_kind: int = 10
) -> PlantedCases:
    """The sources (negatives) and `per_kind` planted documents of each of `GENERATED_KINDS`
    per language present among the sources (at least 20 abstracts of it needed)."""
    documents = list(sources)
    kinds = {doc.id: "normal" for doc in sources}
    abnormal: set[str] = set()
    for lang in ("en", "zh"):
        # A generator names its output after the source it starts from, as a real one would.
        own = [
            d
            for d in sources
            if d.lang == lang
            and d.title.strip()
            and len(d.abstract) >= (150 if lang == "zh" else 300)
        ]
        texts = [d.abstract for d in own]
        if len(texts) < 20:
            continue
        for kind in GENERATED_KINDS:
            for k in range(per_kind):
                size = min(max(len(rng.choice(texts)), 300 if lang == "en" else 200), 1500)
                doc_id = f"planted-mg-{lang}-{kind}-{k:03d}"
                abstract, source = _generate(kind, texts, size, lang, rng)
                title = own[source if source >= 0 else rng.randrange(len(own))].title
                documents.append(
                    PatentDocument(id=doc_id, title=title, abstract=abstract, lang=lang)
                )
                kinds[doc_id] = kind
                abnormal.add(doc_id)
    rng.shuffle(documents)
    return PlantedCases(documents, frozenset(abnormal), kinds)


# --- claims -----------------------------------------------------------------------------------

CLAIMS_KINDS = ("piled_up", "repeated", "stacked", "narrowed", "degraded", "common_sense")
_COLOURS_EN = ("red", "blue", "green", "yellow", "black", "white", "pink", "purple", "grey")
_SHAPES_EN = ("circular", "square", "rectangular", "triangular", "oval", "hexagonal")
_MATERIALS_EN = ("plastic", "wood", "stainless steel", "glass", "rubber", "ceramic", "bamboo")
_PLACES_EN = ("kitchen", "bathroom", "living room", "office", "school", "hotel", "garden")
_TRIVIA_EN = (
    "wherein the {part} is {colour}.",
    "wherein the {part} has a {shape} cross-section.",
    "wherein the {part} is made of {material}.",
    "wherein the {subject} is used in a {place}.",
    "wherein a cartoon pattern is printed on the {part}.",
    "wherein the {subject} is packaged in a gift box.",
    "wherein the {part} has a smooth surface.",
    "wherein the {part} is easy to clean.",
)
_COLOURS_ZH = "红蓝绿黄黑白粉紫橙灰"
_SHAPES_ZH = ("圆", "方", "三角", "椭圆", "心", "星")
_MATERIALS_ZH = ("塑料", "木材", "不锈钢", "玻璃", "橡胶", "陶瓷", "竹子")
_PLACES_ZH = ("厨房", "卫生间", "客厅", "办公室", "学校", "酒店")
_TRIVIA_ZH = (
    "所述{part}为{colour}色。",
    "所述{part}呈{shape}形。",
    "所述{part}采用{material}制成。",
    "所述{subject}用于{place}。",
    "所述{part}的表面印有卡通图案。",
    "所述{subject}采用礼盒包装。",
    "所述{part}表面光滑。",
    "所述{part}便于清洗。",
)
_DEGRADED_EN = (
    "wherein the {part} is omitted, which reduces the efficiency of the {subject}.",
    "wherein the {part} is removed, so that the {subject} is less durable.",
    "wherein the {part} is replaced by two separate parts, which increases the cost.",
    "wherein the {part} is thinner, giving the {subject} a shorter service life.",
)
_DEGRADED_ZH = (
    "去掉所述{part}，降低了所述{subject}的工作效率。",
    "所述{part}由两个部件拼接而成，增加了成本。",
    "省略所述{part}的自动检测功能。",
    "所述{part}的厚度减小，缩短了使用寿命。",
)
_NONSENSE_EN = (
    "wherein the {subject} outputs more energy than it consumes.",
    "wherein the energy conversion efficiency of the {subject} is 130%.",
)
_NONSENSE_ZH = ("所述{subject}的能量转换效率为130%。", "所述{subject}构成永动机构，无需外部能源。")
_DIMENSIONS_EN = ("length", "width", "thickness", "diameter", "height")
_DIMENSIONS_ZH = ("长度", "宽度", "厚度", "直径", "高度")


def claims_from_abstract(doc: PatentDocument) -> PatentDocument:
    """A Chinese claim set made from a real abstract: claim 1 from its first sentence that
    describes the invention, dependent claims from the next ones (at most four)."""
    subject = _subject_zh(doc.title)
    found = [x.strip("，, ") for x in re.split(r"[。；]", doc.abstract) if len(x.strip()) >= 8]
    found = [x for x in found if not re.match(r"本(?:发明|申请|实用新型)涉及", x)] or found
    if not found:
        return doc
    body = re.sub(r"^.*?(?:包括|包含)(?:以下步骤)?[：:]?", "", found[0], count=1) or found[0]
    claims = [f"1. 一种{subject}，其特征在于，包括：{body}。"]
    for number, sentence in enumerate(found[1:5], start=2):
        claims.append(f"{number}. 根据权利要求1所述的{subject}，其特征在于，{sentence}。")
    return replace(doc, claims=claims)


def _subject_zh(title: str) -> str:
    head = re.split(r"[、及和与]", title.removeprefix("一种"))[0].strip()
    return head or "装置"


def _subject_en(claim: str) -> str:
    found = re.match(
        r"\s*(?:\d+\.\s*)?(?:an?|the)\s+([\w\- ]+?)(?:\s+(?:for|of|comprising|including|having|"
        r"that|which|wherein|configured|to|in|on)\b|[,:;])",
        claim,
        re.IGNORECASE,
    )
    words = found.group(1).split() if found else []
    return words[-1].lower() if words else "device"


def _parts(claim: str, lang: Language) -> list[str]:
    if lang == "zh":
        found = re.findall(
            r"所述([\u4e00-\u9fff]{2,6}?)(?:[，。；、的和与及]|包括|设置|连接|通过)", claim
        )
        return sorted(set(found)) or ["主体"]
    found = re.findall(r"\b(?:a|an)\s+((?:[a-z\-]+\s)?[a-z\-]{4,})\b", claim)
    return sorted({f for f in found if not f.startswith(("plurality", "first", "second"))}) or [
        "housing"
    ]


def _dependent(number: int, subject: str, tail: str, lang: Language) -> str:
    if lang == "zh":
        return f"{number}. 根据权利要求1所述的{subject}，其特征在于，{tail}"
    return f"{number}. The {subject} of claim 1, {tail}"


def _fill(template: str, subject: str, parts: list[str], lang: Language, rng: random.Random) -> str:
    zh = lang == "zh"
    return template.format(
        subject=subject,
        part=rng.choice(parts),
        colour=rng.choice(_COLOURS_ZH if zh else _COLOURS_EN),
        shape=rng.choice(_SHAPES_ZH if zh else _SHAPES_EN),
        material=rng.choice(_MATERIALS_ZH if zh else _MATERIALS_EN),
        place=rng.choice(_PLACES_ZH if zh else _PLACES_EN),
    )


def _with_elements(claim: str, extra: list[str], lang: Language) -> str:
    stop, sep = ("。", "；") if lang == "zh" else (".", "; ")
    return claim.rstrip().rstrip(stop) + sep + sep.join(extra) + stop


def _words_of(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}|[\u4e00-\u9fff]{2}", text.lower()))


def _foreign(
    base: PatentDocument, donors: list[PatentDocument], lang: Language, rng: random.Random
) -> list[str]:
    """2-3 elements of a donor claim: of five random donors with enough elements, the one
    that shares the fewest words with the base claim."""
    cut = r"[；，。]" if lang == "zh" else r";|, and |:"

    def pieces(doc: PatentDocument) -> list[str]:
        found = [p.strip(" .。") for p in re.split(cut, " ".join(doc.claims))]
        if lang == "zh":
            return [p for p in found if len(p) >= 8 and not re.match(r"包括|本(?:发明|申请)", p)]
        return [p for p in found if len(p.split()) >= 5 and not re.search(r"claim \d", p)]

    usable = [d for d in donors if len(pieces(d)) >= 3]
    mine = _words_of(base.claims[0])
    picks = rng.sample(usable, min(5, len(usable)))
    donor = min(picks, key=lambda d: (len(mine & _words_of(" ".join(d.claims))), d.id))
    found = pieces(donor)
    return rng.sample(found, min(len(found), rng.randint(2, 3)))


def _narrowed(claim: str, parts: list[str], lang: Language, rng: random.Random) -> str:
    extra = []
    for _ in range(rng.randint(6, 9)):
        value = rng.choice((round(rng.uniform(2, 400), 1), rng.randint(2, 400)))
        if lang == "zh":
            extra.append(f"所述{rng.choice(parts)}的{rng.choice(_DIMENSIONS_ZH)}为{value}mm")
        else:
            extra.append(
                f"the {rng.choice(parts)} having a {rng.choice(_DIMENSIONS_EN)} of {value} mm"
            )
    if rng.random() < 0.5:
        extra.append(
            f"型号为XR-{rng.randint(100, 999)}"
            if lang == "zh"
            else f"a motor of model XR-{rng.randint(100, 999)}"
        )
    return _with_elements(claim, extra, lang)


def _plant_claims(
    kind: str,
    base: PatentDocument,
    donors: list[PatentDocument],
    lang: Language,
    rng: random.Random,
) -> list[str]:
    claims = list(base.claims)
    subject = _subject_zh(base.title) if lang == "zh" else _subject_en(claims[0])
    parts = _parts(claims[0], lang)
    nxt = len(claims) + 1
    zh = lang == "zh"
    if kind == "piled_up":
        trivia = _TRIVIA_ZH if zh else _TRIVIA_EN
        for k in range(rng.randint(5, 8)):
            tail = _fill(rng.choice(trivia), subject, parts, lang, rng)
            claims.append(_dependent(nxt + k, subject, tail, lang))
    elif kind == "repeated":
        part = rng.choice(parts)
        if rng.random() < 0.5:
            values = rng.sample(_MATERIALS_ZH if zh else _MATERIALS_EN, rng.randint(4, 6))
            tails = [
                f"所述{part}采用{v}制成。" if zh else f"wherein the {part} is made of {v}."
                for v in values
            ]
        else:
            counts = rng.sample(range(2, 12), rng.randint(4, 6))
            tails = [
                f"所述{part}的数量为{n}个。" if zh else f"wherein the number of the {part}s is {n}."
                for n in counts
            ]
        claims.extend(_dependent(nxt + k, subject, t, lang) for k, t in enumerate(tails))
    elif kind == "stacked":
        claims[0] = _with_elements(claims[0], _foreign(base, donors, lang, rng), lang)
    elif kind == "narrowed":
        claims[0] = _narrowed(claims[0], parts, lang, rng)
    else:
        pool = (
            (_DEGRADED_ZH if zh else _DEGRADED_EN)
            if kind == "degraded"
            else (_NONSENSE_ZH if zh else _NONSENSE_EN)
        )
        claims.append(
            _dependent(nxt, subject, _fill(rng.choice(pool), subject, parts, lang, rng), lang)
        )
    return claims


def claims_quality_cases(
    sources: Sequence[PatentDocument], rng: random.Random, *, per_kind: int = 10
) -> PlantedCases:
    """The sources (negatives) and `per_kind` planted documents of each of `CLAIMS_KINDS` per
    language with at least 10 claim sets among the sources; each planted document is a source
    with claims made abnormal (see the module docstring). Sources without claims stay as
    negatives."""
    documents = list(sources)
    kinds = {doc.id: "normal" for doc in sources}
    abnormal: set[str] = set()
    for lang in ("en", "zh"):
        own = [d for d in sources if d.lang == lang and d.claims]
        if len(own) < 10:
            continue
        devices = [d for d in own if _is_device(d.claims[0], lang)] or own
        for kind in CLAIMS_KINDS:
            for k in range(per_kind):
                base = rng.choice(devices if kind == "narrowed" else own)
                donors = [d for d in own if d.id != base.id]
                doc_id = f"planted-cq-{lang}-{kind}-{k:03d}"
                claims = _plant_claims(kind, base, donors, lang, rng)
                documents.append(replace(base, id=doc_id, claims=claims))
                kinds[doc_id] = kind
                abnormal.add(doc_id)
    rng.shuffle(documents)
    return PlantedCases(documents, frozenset(abnormal), kinds)


_DEVICE = {
    "en": r"\b(?:device|apparatus|assembly|tool|holder|container|mechanism|machine|instrument)\b",
    "zh": r"装置|设备|结构|机构|器",
}
_NOT_DEVICE = r"\b(?:method|process|composition|compound|use|system)\b|方法|组合物|化合物|用途|系统"


def _is_device(claim: str, lang: Language) -> bool:
    """A claim to a physical device: its preamble names one and no method or composition."""
    preamble = re.split(r"compris|consist|includ|其特征在于|包括|[,，:：]", claim, maxsplit=1)[0]
    preamble = preamble[:150]
    return bool(re.search(_DEVICE[lang], preamble)) and not re.search(
        _NOT_DEVICE, preamble, re.IGNORECASE
    )
