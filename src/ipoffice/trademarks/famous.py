"""Copies of famous names: filings that take a well-known mark, a famous brand or a public
figure's name.

The references are the register's marks recognised as well known (Trademark Law Art. 13-14),
the package's lists (`famous_data`: brands, public figures and events) and, if the office keeps
one, the file `<IPOFFICE_HOME>/trademarks/famous_reference.txt` in the same line format
(`Chinese|English|flags`, flags `common`, `person`, `event`; `#` starts a comment), which adds
entries to the package's.

Matching goes through `retrieval_keys`: every reference name is indexed under its keys, and a
filing is compared with `compare_texts` only against the references that share a key with it,
never against every reference. The families keyed on single characters (`char`,
`four_corner`) are left out: one shared character is no sign of a copy and would make every
filing a candidate of hundreds of references.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core.errors import InvalidInput
from ipoffice.text.normalize import normalize
from ipoffice.trademarks.applicant_profile import applicant_key
from ipoffice.trademarks.famous_data import BRANDS, BRANDS_SOURCE, FIGURES, FIGURES_SOURCE
from ipoffice.trademarks.models import Mark
from ipoffice.trademarks.similarity import MarkText, analyse_mark, compare_texts, retrieval_keys

OFFICE_FILE = Path("trademarks") / "famous_reference.txt"
SKIP_FAMILIES = frozenset({"char", "four_corner"})
KINDS = ("brand", "person", "event", "well_known_mark")
_FLAGS = frozenset({"common", "person", "event"})
KIND_TITLES: dict[str, tuple[str, str]] = {
    "brand": ("知名品牌", "famous brand"),
    "person": ("公众人物姓名", "public figure's name"),
    "event": ("重大事件名称", "name of a major event"),
    "well_known_mark": ("驰名商标", "well-known mark"),
}
# The ground the examiner weighs for each kind of reference.
KIND_BASIS: dict[str, str] = {
    "brand": "Trademark Law Art. 4, 32 (pre-emptive filing of a mark in use with influence), 44(1)",
    "person": "Trademark Law Art. 10(1)(8) (harmful influence), 32 (prior name right), 44(1)",
    "event": "Trademark Law Art. 10(1)(8) (harmful influence), 44(1)",
    "well_known_mark": "Trademark Law Art. 13 (well-known marks), 44(1)",
}


@dataclass(frozen=True)
class Reference:
    """A famous name: a brand, a person, an event, or a well-known mark of the register."""

    key: str  # "brand:华为", "person:姚明", "mark:12345678"
    kind: str
    names: tuple[str, ...]
    common: bool
    source: str
    owner: str = ""  # the holder of a well-known mark (its applicant key)


@dataclass(frozen=True)
class CopyMatch:
    """A filing alike to a reference, with the comparison that says so."""

    reference: Reference
    name: str
    score: float
    decisive: tuple[str, ...]
    explanation_zh: str
    explanation_en: str
    counted: bool
    not_counted_because: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "reference": self.reference.key,
            "kind": self.reference.kind,
            "name": self.name,
            "names": list(self.reference.names),
            "score": round(self.score, 4),
            "decisive": list(self.decisive),
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "counted": self.counted,
            "not_counted_because": self.not_counted_because,
            "source": self.reference.source,
            "basis": KIND_BASIS[self.reference.kind],
        }


def parse_lines(text: str, *, source: str, default_kind: str, where: str) -> list[Reference]:
    """References from `Chinese|English|flags` lines; a bad line is an error naming it."""
    references = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise InvalidInput(
                f"{where} line {number}: expected 'Chinese|English|flags', got {raw.strip()!r}",
                field="reference",
            )
        zh, en, flag_text = parts
        flags = {f.strip() for f in flag_text.split(",") if f.strip()}
        if not zh and not en or flags - _FLAGS:
            problem = "no name" if not zh and not en else f"unknown flags {sorted(flags - _FLAGS)}"
            raise InvalidInput(f"{where} line {number}: {problem}", field="reference")
        kind = "person" if "person" in flags else "event" if "event" in flags else default_kind
        names = tuple(n for n in (zh, en) if n)
        references.append(Reference(f"{kind}:{names[0]}", kind, names, "common" in flags, source))
    return references


@dataclass(frozen=True)
class _Entry:
    reference: Reference
    name: str
    analysed: MarkText


class ReferenceIndex:
    """References indexed by the retrieval keys of each of their names."""

    def __init__(self, references: Iterable[Reference]) -> None:
        self.entries: list[_Entry] = []
        self.postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for reference in references:
            for name in reference.names:
                try:
                    analysed = analyse_mark(name, field="reference")
                except InvalidInput:
                    continue  # a name of symbols only has nothing to compare
                index = len(self.entries)
                self.entries.append(_Entry(reference, name, analysed))
                for family, keys in retrieval_keys(analysed).items():
                    if family not in SKIP_FAMILIES:
                        for key in keys:
                            self.postings[(family, key)].append(index)

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, mark: MarkText) -> list[int]:
        found: set[int] = set()
        for family, keys in retrieval_keys(mark).items():
            if family not in SKIP_FAMILIES:
                for key in keys:
                    found.update(self.postings.get((family, key), ()))
        return sorted(found)

    def matches(self, mark: MarkText, *, applicant: str, applicant_key: str) -> list[CopyMatch]:
        """The references `mark` is similar to (the best name of each), strongest first."""
        best: dict[str, CopyMatch] = {}
        for index in self.candidates(mark):
            entry = self.entries[index]
            reference = entry.reference
            if reference.owner and reference.owner == applicant_key:
                continue  # the holder's own well-known mark
            comparison = compare_texts(mark, entry.analysed)
            if not comparison.similar:
                continue
            reason = _not_counted(reference, applicant)
            match = CopyMatch(
                reference,
                entry.name,
                comparison.score,
                comparison.decisive,
                comparison.explanation_zh,
                comparison.explanation_en,
                counted=not reason,
                not_counted_because=reason,
            )
            held = best.get(reference.key)
            if held is None or match.score > held.score:
                best[reference.key] = match
        return sorted(best.values(), key=lambda m: (-m.score, m.reference.key))


def _not_counted(reference: Reference, applicant: str) -> str:
    own = normalize(applicant) if applicant else ""
    if own and any(len(n) >= 2 and normalize(n) in own for n in reference.names):
        return "applicant_name"  # the applicant's own name carries the reference: likely its own
    if reference.common:
        return "common_word"
    return ""


@functools.lru_cache(maxsize=1)
def package_index() -> ReferenceIndex:
    """The package's lists, indexed once per process (on first use, not at import)."""
    references = parse_lines(BRANDS, source=BRANDS_SOURCE, default_kind="brand", where="brands")
    references += parse_lines(
        FIGURES, source=FIGURES_SOURCE, default_kind="person", where="figures"
    )
    return ReferenceIndex(references)


@functools.lru_cache(maxsize=4)
def _office_index(path: str, _mtime_ns: int, _size: int) -> ReferenceIndex:
    text = Path(path).read_text(encoding="utf-8")
    return ReferenceIndex(
        parse_lines(text, source=f"office list {OFFICE_FILE}", default_kind="brand", where=path)
    )


def office_index(home: Path | None) -> ReferenceIndex | None:
    """The office's own list under `home`, if there is one (re-read when the file changes)."""
    if home is None:
        return None
    path = home / OFFICE_FILE
    if not path.is_file():
        return None
    stat = path.stat()
    try:
        return _office_index(str(path), stat.st_mtime_ns, stat.st_size)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path} is not UTF-8 text", field="reference") from exc


def well_known_index(session: Session) -> ReferenceIndex:
    """The register's well-known marks (with a word element)."""
    rows = session.execute(
        select(Mark.number, Mark.text, Mark.applicant_id, Mark.applicant_name).where(
            Mark.well_known.is_(True), Mark.text != ""
        )
    ).all()
    references = [
        Reference(
            f"mark:{number}",
            "well_known_mark",
            (text,),
            False,
            f"register mark {number} (well known)",
            owner=applicant_key(applicant_id, applicant_name),
        )
        for number, text, applicant_id, applicant_name in rows
    ]
    return ReferenceIndex(references)


@dataclass(frozen=True)
class FamousIndexes:
    """Every reference index in force for a screening: match against all of them."""

    indexes: tuple[ReferenceIndex, ...]

    def matches(self, mark: MarkText, *, applicant: str, applicant_key: str) -> list[CopyMatch]:
        found = [
            match
            for index in self.indexes
            for match in index.matches(mark, applicant=applicant, applicant_key=applicant_key)
        ]
        return sorted(found, key=lambda m: (-m.score, m.reference.key))

    @property
    def size(self) -> int:
        return sum(len(index) for index in self.indexes)


def famous_indexes(session: Session, *, home: Path | None) -> FamousIndexes:
    """The package's lists, the office's file (if any) and the register's well-known marks."""
    indexes = [package_index(), well_known_index(session)]
    office = office_index(home)
    if office is not None:
        indexes.append(office)
    return FamousIndexes(tuple(indexes))
