"""An applicant's filing history as the bad-faith screening reads it, straight from the register.

An applicant is known by a key: `party:<id>` for a registered party, `name:<name>` for a mark
entered under a name only (register records of applicants not on the platform). The profile
holds the applicant's marks filed up to the reference date with their classes and similar
groups, the assignments and offers and the use evidence on record, the business scope if an
examiner recorded one, and the number of filings of every applicant in the same 12 months (the
population the applicant's volume is ranked in). Everything is read in a few queries: no
per-mark query, and the population is one grouped count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ipoffice.core.calendar import add_months
from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.parties.models import Party
from ipoffice.trademarks.bad_faith_models import BusinessScope, MarkAssignment, UseEvidence
from ipoffice.trademarks.models import Mark, MarkGoods

MAX_KEY_CHARS = 320


def applicant_key(party_id: int | None, name: str) -> str:
    """The key of a mark's applicant: its party, or its name when it has none."""
    return f"party:{party_id}" if party_id is not None else f"name:{' '.join(name.split())}"


@dataclass(frozen=True)
class ApplicantRef:
    key: str
    party_id: int | None
    name: str
    uscc: str | None = None


def resolve_applicant_key(session: Session, key: str) -> ApplicantRef:
    """The applicant a key names; `InvalidInput` for a malformed key, `NotFound` for a party
    that does not exist or a name with no mark in the register."""
    key = " ".join(key.split())
    if len(key) > MAX_KEY_CHARS:
        raise InvalidInput(
            f"the applicant key has more than {MAX_KEY_CHARS} characters", field="applicant"
        )
    kind, _, value = key.partition(":")
    if kind == "party" and value.isdigit() and value.isascii():
        party = session.get(Party, int(value))
        if party is None or party.is_agency:
            raise NotFound(f"no applicant party {value}", field="applicant")
        return ApplicantRef(key, party.id, party.display_name, party.uscc)
    if kind == "name" and value.strip():
        name = value.strip()
        exists = session.scalar(
            select(Mark.id).where(Mark.applicant_id.is_(None), Mark.applicant_name == name).limit(1)
        )
        if exists is None:
            raise NotFound(
                f"no mark in the register filed under the name {name!r}", field="applicant"
            )
        return ApplicantRef(f"name:{name}", None, name)
    raise InvalidInput(
        f"an applicant key reads 'party:<id>' or 'name:<name>', not {key[:60]!r}",
        field="applicant",
    )


def _subject(ref: ApplicantRef) -> ColumnElement[bool]:
    if ref.party_id is not None:
        return Mark.applicant_id == ref.party_id
    return and_(Mark.applicant_id.is_(None), Mark.applicant_name == ref.name)


@dataclass(frozen=True)
class FiledMark:
    id: int
    number: str
    text: str
    status: str
    filing_date: date
    registration_date: date | None
    classes: tuple[int, ...]
    groups: tuple[str, ...]

    def brief(self) -> dict[str, object]:
        filed = self.filing_date.isoformat()
        return {"number": self.number, "text": self.text, "filing_date": filed}


@dataclass(frozen=True)
class Transfer:
    kind: str
    on: date
    assignee: str


@dataclass(frozen=True)
class Scope:
    classes: tuple[int, ...]
    description: str
    source: str
    version: int


@dataclass(frozen=True)
class ApplicantFacts:
    """What the screening knows of an applicant, as of `as_of`, for filings up to `window_end`."""

    ref: ApplicantRef
    window_end: date
    as_of: date
    marks: tuple[FiledMark, ...]
    population: tuple[int, ...]
    transfers: dict[int, tuple[Transfer, ...]] = field(default_factory=dict)
    use_periods: dict[int, tuple[tuple[date, date], ...]] = field(default_factory=dict)
    scope: Scope | None = None

    @property
    def window_start(self) -> date:
        """The first day of the 12 months ending on `window_end`."""
        return twelve_months_before(self.window_end)

    def in_window(self) -> list[FiledMark]:
        start = self.window_start
        return [m for m in self.marks if start <= m.filing_date <= self.window_end]


def twelve_months_before(end: date) -> date:
    return add_months(end, -12) + timedelta(days=1)


def load_facts(
    session: Session, ref: ApplicantRef, *, window_end: date, as_of: date
) -> ApplicantFacts:
    """The applicant's profile facts (see the module docstring)."""
    rows = session.execute(
        select(
            Mark.id, Mark.number, Mark.text, Mark.status, Mark.filing_date, Mark.registration_date
        )
        .where(_subject(ref), Mark.filing_date <= window_end)
        .order_by(Mark.filing_date, Mark.id)
    ).all()
    ids = [row[0] for row in rows]
    classes: dict[int, set[int]] = defaultdict(set)
    groups: dict[int, set[str]] = defaultdict(set)
    transfers: dict[int, list[Transfer]] = defaultdict(list)
    periods: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for mark_id, number, group in session.execute(
            select(MarkGoods.mark_id, MarkGoods.class_number, MarkGoods.group_code).where(
                MarkGoods.mark_id.in_(chunk)
            )
        ):
            classes[mark_id].add(number)
            if group:
                groups[mark_id].add(group)
        for mark_id, kind, on, assignee in session.execute(
            select(
                MarkAssignment.mark_id, MarkAssignment.kind, MarkAssignment.dated_on,
                MarkAssignment.assignee,
            ).where(MarkAssignment.mark_id.in_(chunk), MarkAssignment.dated_on <= as_of)
        ):  # fmt: skip
            transfers[mark_id].append(Transfer(kind, on, assignee))
        for mark_id, used_from, used_to in session.execute(
            select(UseEvidence.mark_id, UseEvidence.used_from, UseEvidence.used_to).where(
                UseEvidence.mark_id.in_(chunk)
            )
        ):
            periods[mark_id].append((used_from, used_to))
    marks = tuple(
        FiledMark(i, number, text, status, filed, registered,
                  tuple(sorted(classes[i])), tuple(sorted(groups[i])))
        for i, number, text, status, filed, registered in rows
    )  # fmt: skip
    return ApplicantFacts(
        ref=ref,
        window_end=window_end,
        as_of=as_of,
        marks=marks,
        population=population(session, window_end=window_end),
        transfers={k: tuple(sorted(v, key=lambda t: t.on)) for k, v in transfers.items()},
        use_periods={k: tuple(v) for k, v in periods.items()},
        scope=load_scope(session, ref.key),
    )


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    # SQLite caps bound parameters; 900 keeps every IN list well below it.
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def population(session: Session, *, window_end: date) -> tuple[int, ...]:
    """Filings per applicant in the 12 months ending on `window_end`, for every applicant who
    filed in them (ascending)."""
    counts: dict[str, int] = defaultdict(int)
    for party_id, name, count in session.execute(
        select(Mark.applicant_id, Mark.applicant_name, func.count())
        .where(Mark.filing_date >= twelve_months_before(window_end), Mark.filing_date <= window_end)
        .group_by(Mark.applicant_id, Mark.applicant_name)
    ):
        counts[applicant_key(party_id, name)] += int(count)
    return tuple(sorted(counts.values()))


def load_scope(session: Session, key: str) -> Scope | None:
    row = session.scalar(select(BusinessScope).where(BusinessScope.applicant_key == key))
    if row is None:
        return None
    return Scope(tuple(sorted(row.classes)), row.description, row.source, row.version)


def percentile_of(count: int, counts: tuple[int, ...]) -> float:
    """The share (in %) of the population that filed fewer marks than `count`."""
    if not counts:
        return 0.0
    fewer = sum(1 for c in counts if c < count)
    return 100.0 * fewer / len(counts)
