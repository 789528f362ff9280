"""Planted copying, substitution, patchwork and simple combination (Order No. 77 Art. 3(1) second
half and Art. 3(2)), built from real claims and abstracts.

`plant_content_cases(en_claims, en_abstracts, zh_abstracts, zh_titles, rng)` returns a batch, a
reference corpus and the truth:

- Normal applications: an English one has a real independent claim and a real abstract; a
  Chinese one a real abstract, its title and a claim written from the abstract's clauses
  ("一种<title>，其特征在于，包括：<clause>；<clause>。"). They come from the same few fields
  (neural networks, software), so every normal application has same-topic neighbours: the hard
  negatives. Texts sharing a sentence with another (real continuations repeat their parent's
  abstract) are left out, so that normal means genuinely different. `per_kind` of them (per
  language) form the reference corpus instead of the batch; some come after every planted case.
- Hard negatives besides: standard sentences in the description ("The present invention
  relates to...", disclaimers, "以上所述仅为本发明的较佳实施例..."); a background quoting one or
  two sentences of an earlier application; claims taking one feature from one earlier
  application, or one each from two, among their own features.
- Planted copies of one earlier application (its claim and most of its abstract, plus other
  content): verbatim, with synonyms swapped (`synonyms.SYNONYMS_*`), with clauses reordered,
  with numbers changed. Some take their source from the reference corpus.
- Patchworks: the claim of one earlier application and the abstracts of one or two others.
- Simple combinations: a claim made of elements of two or three earlier applications' claims
  (the rest as dependent claims), with an abstract patched from theirs.

Copies and patchworks are abnormal under "fabricated_or_copied"; copies that take the whole
claim are duplicates under "duplicate_or_combination" as well; simple combinations are both.
`expected` gives what each of the two detectors of this family should find (the copying
detector: copies, patchworks and combinations; the combination detector: combinations only).
Every planted application is dated after its sources.
"""

from __future__ import annotations

import csv
import html
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.claims import parse_claims
from ipoffice.patents.document import PatentDocument
from ipoffice.screening.planting.rewrites import join, some, swap_synonyms, transform
from ipoffice.text.analyze import sentences

COPY_KINDS = ("verbatim", "synonym", "reordered", "numbers")
PLANTED_KINDS = (*COPY_KINDS, "patchwork", "combination")

EN_BOILERPLATE = (
    "The present invention relates to the field of {field}.",
    "Those skilled in the art will appreciate that various modifications can be made without "
    "departing from the spirit and scope of the invention.",
    "The foregoing description of the embodiments has been provided for purposes of "
    "illustration and is not intended to limit the invention.",
)
ZH_BOILERPLATE = (
    "本发明涉及{field}技术领域。",
    "本领域技术人员可以理解，在不脱离本发明的原理和精神的情况下可以对实施例进行多种变化。",
    "以上所述仅为本发明的较佳实施例而已，并不用以限制本发明，凡在本发明的精神和原则之内所作的"
    "任何修改、等同替换和改进等，均应包含在本发明的保护范围之内。",
)
_START = date(2018, 1, 1)


@dataclass
class PlantedContent:
    documents: list[PatentDocument]
    reference: list[PatentDocument]  # prior art outside the batch, for the constructors
    abnormal: dict[str, frozenset[str]]  # behaviour -> truly abnormal ids
    expected: dict[str, frozenset[str]]  # detector name -> ids it should flag
    kinds: dict[str, str]  # id -> planted kind or negative kind
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)  # planted id -> sources


def load_patentsview_abstracts(path: Path) -> list[str]:
    """The abstracts of a PatentsView export (`patent_abstract,...` CSV), unquoted."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row["patent_abstract"] for row in csv.DictReader(handle)]
    return [re.sub(r'"+', '"', text).strip(' "') for text in rows if text.strip()]


def split_cn_text(text: str) -> tuple[str, str]:
    """(title, abstract) of a cn_cpc text ("Title: ... Abstract: ..." or "t [SEP] k [SEP] a")."""
    if "[SEP]" in text:
        parts = [p.strip() for p in text.split("[SEP]")]
        return parts[0], parts[-1]
    title = re.search(r"Title:\s*(.+)", text)
    abstract = re.search(r"Abstract:\s*(.+)", text, re.DOTALL)
    return (title.group(1).strip() if title else ""), (
        abstract.group(1).strip() if abstract else ""
    )


@dataclass
class _Source:
    lang: str
    title: str
    claim: str
    abstract: str
    elements: list[str]
    preamble: str


def _distinct(texts: Sequence[str]) -> list[str]:
    """The texts, less those sharing three word 6-grams (Chinese: character 12-grams) with one
    kept before: real corpora hold continuations that repeat or reword their parent's abstract,
    which are no normal negatives."""
    owner: dict[str, int] = {}
    out: list[str] = []
    for text in texts:
        words = re.findall(r"\w+", text.lower())
        if text.isascii():
            grams = {" ".join(words[i : i + 6]) for i in range(len(words) - 5)}
        else:
            joined = "".join(words)
            grams = {joined[i : i + 12] for i in range(len(joined) - 11)}
        shared: dict[int, int] = {}
        for gram in grams:
            if gram in owner:
                shared[owner[gram]] = shared.get(owner[gram], 0) + 1
        if any(count >= 3 for count in shared.values()):
            continue
        for gram in grams:
            owner.setdefault(gram, len(out))
        out.append(text)
    return out


def _en_source(claim: str, abstract: str) -> _Source | None:
    # Real US claims carry HTML entities ("&#x3c;" for "<"), whose ";" would cut elements.
    claim, abstract = html.unescape(claim), html.unescape(abstract)
    try:
        parsed = parse_claims([claim], "en", strict=False)[0]
    except InvalidInput:
        return None
    elements = list(parsed.elements)
    start = claim.find(elements[0]) if elements else -1
    wordy = [e for e in elements if len(re.findall(r"[A-Za-z]{3,}", e)) >= 4]
    if len(wordy) < 3 or start <= 0 or len(sentences(abstract)) < 3:
        return None  # formulas and tables are no features to combine
    preamble = claim[:start].rstrip(" :;,\n")
    return _Source("en", "", claim, abstract, wordy, preamble)


def _zh_source(title: str, abstract: str) -> _Source | None:
    body = abstract.split("：", 1)[1] if "：" in abstract else abstract
    clauses = [c.strip("，。 ") for c in re.split(r"[；;。]", body) if len(c.strip("，。 ")) >= 10]
    if len(clauses) < 3:
        clauses = [c.strip() for c in body.split("，") if len(c.strip()) >= 10]
    if len(clauses) < 3 or not title:
        return None
    core = title.removeprefix("一种")
    preamble = f"一种{core}，其特征在于，包括"
    claim = f"{preamble}：" + "；".join(clauses[:6]) + "。"
    return _Source("zh", title, claim, abstract, clauses[:6], preamble)


class _Plant:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.documents: list[PatentDocument] = []
        self.reference: list[PatentDocument] = []
        self.kinds: dict[str, str] = {}
        self.sources: dict[str, tuple[str, ...]] = {}
        self.numbers = iter(rng.sample(range(10_000_000, 99_999_999), 20_000))

    def doc(
        self,
        src: _Source,
        day: date,
        kind: str,
        *,
        claims: list[str] | None = None,
        abstract: str | None = None,
        description: str = "",
        reference: bool = False,
    ) -> PatentDocument:
        prefix = "CN" if src.lang == "zh" else "US"
        new = PatentDocument(
            id=f"{prefix}{next(self.numbers)}",
            title=src.title,
            lang="zh" if src.lang == "zh" else "en",
            abstract=src.abstract if abstract is None else abstract,
            claims=[f"1. {src.claim}"] if claims is None else claims,
            description=description,
            applicants=[f"Applicant {self.rng.randint(1, 400)}"],
            filing_date=day,
        )
        (self.reference if reference else self.documents).append(new)
        self.kinds[new.id] = kind
        return new


def _dependent(src: _Source, number: int, element: str) -> str:
    if src.lang == "zh":
        core = src.title.removeprefix("一种")
        return f"{number}. 根据权利要求1所述的{core}，其特征在于，{element}。"
    found = re.match(
        r"(?:an?|the)\s+(.*?)(?:\s+(?:for|of|to|in|that|which|comprising|including|having)\b|,|$)",
        src.preamble,
        re.IGNORECASE,
    )
    noun = found.group(1) if found and found.group(1) else "apparatus"
    return f"{number}. The {noun} of claim 1, further comprising {element.rstrip('.')}."


def _other(filler: _Source, copied: int) -> str:
    """Other content for a copy: the filler's sentences up to about a third of the copied
    length (a copy is mostly copied), at least one sentence cut at a comma."""
    out: list[str] = []
    for sentence in sentences(filler.abstract):
        if out and sum(map(len, out)) + len(sentence) > copied * 0.35:
            break
        out.append(sentence)
    text = join(filler.lang, *out)
    if len(text) > copied * 0.5:
        comma = "，" if filler.lang == "zh" else ", "
        text = text[: int(copied * 0.4)].rsplit(comma, 1)[0] + (
            "。" if filler.lang == "zh" else "."
        )
    return text


def _number_count(src: _Source) -> int:
    return len(re.findall(r"\d+", src.claim + src.abstract))


def _boilerplate(lang: str, field_name: str) -> str:
    lines = ZH_BOILERPLATE if lang == "zh" else EN_BOILERPLATE
    return join(lang, lines[0].format(field=field_name), *lines[1:])


class _Language:
    """Plants one language's cases from its pool of sources."""

    def __init__(self, plant: _Plant, pool: list[_Source], fields: list[str], per_kind: int):
        self.p, self.rng, self.per_kind, self.fields = plant, plant.rng, per_kind, fields
        self.pool = pool
        reserved = max(per_kind * 3, 4)
        self.fillers = pool[:reserved]
        self.own = pool[reserved : reserved * 2]
        self.reference: list[tuple[_Source, PatentDocument]] = []
        self.normals: list[tuple[_Source, PatentDocument]] = []
        self.normals_early: list[tuple[_Source, PatentDocument]] = []  # dated before any case
        self.used: set[str] = set()  # ids of the sources of planted cases
        rest = pool[reserved * 2 :]
        for i, src in enumerate(rest):
            day = _START + timedelta(days=self.rng.randint(0, 4 * 365 - 1))
            in_reference = i < per_kind
            late = not in_reference and i % 12 == 11  # normal applications after every case
            if late:
                day = date(2024, 1, 1) + timedelta(days=self.rng.randint(0, 300))
            description = _boilerplate(src.lang, self.field()) if i % 2 else ""
            doc = plant.doc(src, day, "normal", description=description, reference=in_reference)
            (self.reference if in_reference else self.normals).append((src, doc))
            if not in_reference and not late:
                self.normals_early.append((src, doc))

    def field(self) -> str:
        return self.rng.choice(self.fields)

    def case_day(self) -> date:
        return date(2022, 1, 1) + timedelta(days=self.rng.randint(0, 2 * 365 - 1))

    def filler(self) -> _Source:
        return self.rng.choice(self.fillers)

    def pick(self, count: int, reference: bool = False) -> list[tuple[_Source, PatentDocument]]:
        """Random sources, those not yet copied first (a second copy of one source would find
        the first copy as its closest source)."""
        pool = self.reference if reference else self.normals_early
        drawn = self.rng.sample(pool, len(pool))
        drawn.sort(key=lambda item: item[1].id in self.used)
        return drawn[:count]

    def plant(self, kind: str, built: PatentDocument, sources: list[PatentDocument]) -> None:
        self.used.update(d.id for d in sources)
        self.p.kinds[built.id] = kind
        self.p.sources[built.id] = tuple(sorted(d.id for d in sources))

    def copies(self) -> None:
        lang = self.pool[0].lang
        for kind in COPY_KINDS:
            for i in range(self.per_kind):
                candidates = self.pick(12, reference=i % 3 == 2 and kind in ("verbatim", "synonym"))
                if kind == "numbers":
                    candidates = [c for c in candidates if _number_count(c[0]) >= 2]
                if kind == "synonym":
                    candidates = [
                        c
                        for c in candidates
                        if swap_synonyms(c[0].claim, lang, self.rng) != c[0].claim
                    ]
                if not candidates:
                    continue
                src, doc = candidates[0]
                filler = self.filler()
                share = 1.0 if kind == "numbers" else 0.8  # keep the sentences with numbers
                abstract = transform(
                    some(src.abstract, share, self.rng, lang), kind, lang, self.rng
                )
                built = self.p.doc(
                    src,
                    self.case_day(),
                    kind,
                    claims=[f"1. {transform(src.claim, kind, lang, self.rng)}"],
                    abstract=join(lang, abstract, _other(filler, len(src.claim + abstract))),
                )
                self.plant(kind, built, [doc])

    def patchworks(self) -> None:
        lang = self.pool[0].lang
        for _ in range(self.per_kind):
            chosen = self.pick(self.rng.choice((2, 3)))
            if len(chosen) < 2:
                return
            (first, _), *others = chosen
            kind = self.rng.choice(("verbatim", "synonym"))
            abstract = join(
                lang,
                *(transform(some(s.abstract, 0.7, self.rng, lang), kind, lang, self.rng)
                  for s, _ in others),
            )  # fmt: skip
            built = self.p.doc(
                first, self.case_day(), "patchwork",
                claims=[f"1. {transform(first.claim, kind, lang, self.rng)}"], abstract=abstract,
            )  # fmt: skip
            self.plant("patchwork", built, [d for _, d in chosen])

    def combinations(self) -> None:
        lang = self.pool[0].lang
        for _ in range(self.per_kind):
            # Each source gives two or three elements of a usual length: a combination of
            # inventions, not one invention with a detail of another (nor a page of formulas).
            picked = [
                (src, doc, usual)
                for src, doc in self.pick(12)
                if len(usual := [e for e in src.elements if 20 <= len(e) <= 250]) >= 2
            ][: self.rng.choice((2, 3))]
            if len(picked) < 2:
                return
            chosen = [(src, doc) for src, doc, _ in picked]
            taken = [
                self.rng.sample(usual, min(len(usual), self.rng.randint(2, 3)))
                for _, _, usual in picked
            ]
            head = chosen[0][0]
            main = [e for part in taken for e in part[:2]]
            rest = [e for part in taken for e in part[2:]]
            joiner = "；" if lang == "zh" else "; "
            claim = (
                f"{head.preamble}：" + joiner.join(main) + "。"
                if lang == "zh"
                else (f"{head.preamble}: " + joiner.join(main) + ".")
            )
            claims = [f"1. {claim}"] + [_dependent(head, n, e) for n, e in enumerate(rest, 2)]
            abstract = join(lang, *(some(s.abstract, 0.5, self.rng, lang) for s, _ in chosen))
            built = self.p.doc(head, self.case_day(), "combination", claims=claims,
                               abstract=abstract)  # fmt: skip
            self.plant("combination", built, [d for _, d in chosen])

    def negatives(self) -> None:
        lang = self.pool[0].lang
        own = iter(self.own)
        for kind in ("quote", "one_feature", "two_features"):
            for _ in range(self.per_kind):
                src = next(own, None)
                if src is None:
                    return
                if kind == "quote":
                    quoted = [sentences(s.abstract)[0] for s, _ in self.pick(2)]
                    description = join(lang, *quoted, _boilerplate(lang, self.field()))
                    self.p.doc(src, self.case_day(), kind, description=description)
                    continue
                donors = self.pick(1 if kind == "one_feature" else 2)
                extra = [
                    _dependent(src, n, self.rng.choice(s.elements))
                    for n, (s, _) in enumerate(donors, 2)
                ]
                self.p.doc(src, self.case_day(), kind, claims=[f"1. {src.claim}", *extra])


def plant_content_cases(
    en_claims: Sequence[str],
    en_abstracts: Sequence[str],
    zh_abstracts: Sequence[str],
    zh_titles: Sequence[str],
    rng: random.Random,
    *,
    per_kind: int = 8,
    zh_per_kind: int = 2,
) -> PlantedContent:
    """A planted batch (see the module docstring). English sources pair the claims and abstracts
    given (`load_patentsview_abstracts`, biomedical abstracts...), in the order `rng` shuffles
    them; Chinese sources are the cn_cpc texts given (`split_cn_text`). `zh_titles` (real CN
    titles, `cn_ipc`) name the fields of the Chinese standard sentences and title the abstracts
    that have none. `per_kind` cases of each kind in English, `zh_per_kind` in Chinese (the real
    Chinese abstracts are few)."""
    plant = _Plant(rng)
    claims, abstracts = _distinct(en_claims), _distinct(en_abstracts)
    rng.shuffle(claims)
    rng.shuffle(abstracts)
    en_pool = [
        s for c, a in zip(claims, abstracts, strict=False) if (s := _en_source(c, a)) is not None
    ]
    titles = [t.removeprefix("一种") for t in zh_titles if t.strip()] or ["数据处理"]
    zh_pool = []
    for text in _distinct(zh_abstracts):
        title, abstract = split_cn_text(text)
        found = _zh_source(title or f"一种{rng.choice(titles)}", abstract)
        if found is not None:
            zh_pool.append(found)
    rng.shuffle(zh_pool)
    en_fields = ["neural networks", "data processing", "computer systems", "signal processing"]
    for pool, fields, count in ((en_pool, en_fields, per_kind), (zh_pool, titles, zh_per_kind)):
        if len(pool) < count * 8:
            continue  # too few texts to plant this language
        language = _Language(plant, pool, fields, count)
        language.copies()
        language.patchworks()
        language.combinations()
        language.negatives()
    copied = {i for i, k in plant.kinds.items() if k in PLANTED_KINDS}
    combined = {i for i, k in plant.kinds.items() if k == "combination"}
    duplicates = {i for i, k in plant.kinds.items() if k in COPY_KINDS}
    batch = {d.id for d in plant.documents}
    return PlantedContent(
        documents=plant.documents,
        reference=plant.reference,
        abnormal={
            "fabricated_or_copied": frozenset(copied & batch),
            "duplicate_or_combination": frozenset((combined | duplicates) & batch),
        },
        expected={
            "prior_art_copying": frozenset(copied & batch),
            "simple_combination": frozenset(combined & batch),
        },
        kinds={i: plant.kinds[i] for i in sorted(batch)},
        sources=dict(sorted(plant.sources.items())),
    )
