"""Bad-faith screening of trademark filings (Trademark Law Art. 4; the revised law from
2027-01-01): an applicant's profile, its signals and the risk under the law rule in force, and
the assessments examiners review.

    screen_applicant(session, applicant="party:12", on=...) -> Screening (not stored)
    do_assess_applicant(session, actor=..., applicant="party:12", on=...)  -> stored, queued
    do_assess_mark(session, actor=..., number="12345678", on=...)          -> stored, queued

An application (a mark in the register) is judged under the rule in force on its filing date,
with the applicant's filings up to that date; an applicant under the rule in force on the day
of the assessment. The history that comes later (assignments, use evidence) is read as it
stands on the day of the assessment. Decisions are in `bad_faith_decisions`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.errors import InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.trademarks.applicant_profile import (
    ApplicantFacts,
    ApplicantRef,
    applicant_key,
    load_facts,
    resolve_applicant_key,
)
from ipoffice.trademarks.applicant_profile_records import require_staff
from ipoffice.trademarks.bad_faith_models import BadFaithAssessment
from ipoffice.trademarks.bad_faith_rules import (
    DEFAULT_PRACTICE,
    LawRule,
    Practice,
    law_rule_for,
)
from ipoffice.trademarks.bad_faith_signals import (
    Risk,
    Signal,
    combine,
    copies_signal,
    non_use_signal,
    resale_signal,
    spread_signal,
    volume_signal,
)
from ipoffice.trademarks.bad_faith_workflow import AssessmentStatus, authorize_transition
from ipoffice.trademarks.famous import CopyMatch, famous_indexes
from ipoffice.trademarks.models import Mark
from ipoffice.trademarks.register import get_mark
from ipoffice.trademarks.similarity import analyse_mark


@dataclass(frozen=True)
class Screening:
    """The signals of an applicant (or of one of its filings) on a day, not stored."""

    scope: str
    ref: ApplicantRef
    mark: Mark | None
    reference_date: date
    as_of: date
    rule: LawRule
    risk: Risk
    signals: list[Signal]
    facts: ApplicantFacts
    references: int

    def profile(self) -> dict[str, Any]:
        return {
            "applicant": {"key": self.ref.key, "name": self.ref.name, "uscc": self.ref.uscc},
            "marks": len(self.facts.marks),
            "scope_on_record": self.facts.scope is not None,
            "references_compared": self.references,
            "risk": {
                "elements": dict(self.risk.elements),
                "copies": self.risk.direct,
                "explanation_zh": self.risk.explanation_zh,
                "explanation_en": self.risk.explanation_en,
            },
        }

    def signal_dicts(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.signals]


def _copies(
    session: Session, facts: ApplicantFacts, home: Path | None
) -> tuple[dict[int, list[CopyMatch]], int]:
    indexes = famous_indexes(session, home=home)
    found: dict[int, list[CopyMatch]] = {}
    for mark in facts.marks:
        if not mark.text:
            continue
        try:
            analysed = analyse_mark(mark.text)
        except InvalidInput:
            continue  # a text of symbols only: nothing a name could be copied into
        matches = indexes.matches(analysed, applicant=facts.ref.name, applicant_key=facts.ref.key)
        if matches:
            found[mark.id] = matches
    return found, indexes.size


def _screen(
    session: Session,
    ref: ApplicantRef,
    *,
    scope: str,
    mark: Mark | None,
    window_end: date,
    as_of: date,
    rule: LawRule,
    home: Path | None,
    practice: Practice,
) -> Screening:
    facts = load_facts(session, ref, window_end=window_end, as_of=as_of)
    matches, size = _copies(session, facts, home)
    signals = [
        volume_signal(facts, practice),
        spread_signal(facts, practice),
        copies_signal(facts, matches, practice, focus=mark.id if mark else None),
        resale_signal(facts, practice),
        non_use_signal(facts, practice),
    ]
    return Screening(
        scope, ref, mark, window_end, as_of, rule, combine(signals, rule), signals, facts, size
    )


def screen_applicant(
    session: Session,
    *,
    applicant: str,
    on: date,
    home: Path | None = None,
    practice: Practice = DEFAULT_PRACTICE,
) -> Screening:
    """An applicant's signals on `on`, under the rule in force that day."""
    ref = resolve_applicant_key(session, applicant)
    return _screen(
        session, ref, scope="applicant", mark=None, window_end=on, as_of=on,
        rule=law_rule_for(on), home=home, practice=practice,
    )  # fmt: skip


def screen_mark(
    session: Session,
    *,
    number: str,
    on: date,
    home: Path | None = None,
    practice: Practice = DEFAULT_PRACTICE,
) -> Screening:
    """A filing's signals: its applicant's filings up to its filing date, judged under the
    rule in force on that date; history (assignments, use) as it stands on `on`."""
    mark = get_mark(session, number)
    if mark.filing_date > on:
        raise InvalidInput(
            f"mark {mark.number} is filed on {mark.filing_date}, after {on}", field="number"
        )
    key = applicant_key(mark.applicant_id, mark.applicant_name)
    ref = resolve_applicant_key(session, key)
    return _screen(
        session, ref, scope="application", mark=mark, window_end=mark.filing_date, as_of=on,
        rule=law_rule_for(mark.filing_date), home=home, practice=practice,
    )  # fmt: skip


RISK_RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}


def _digest(screening: Screening) -> str:
    body = {
        "scope": screening.scope,
        "applicant": screening.ref.key,
        "mark": screening.mark.id if screening.mark else None,
        "reference_date": screening.reference_date,
        "as_of": screening.as_of,
        "rule": screening.rule.id,
        "signals": screening.signal_dicts(),
    }
    text = json.dumps(body, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _supersede_open(session: Session, actor: Principal, screening: Screening) -> list[int]:
    stmt = select(BadFaithAssessment).where(
        BadFaithAssessment.status == AssessmentStatus.OPEN.value,
        BadFaithAssessment.scope == screening.scope,
        BadFaithAssessment.applicant_key == screening.ref.key,
    )
    if screening.mark is not None:
        stmt = stmt.where(BadFaithAssessment.mark_id == screening.mark.id)
    superseded = []
    for row in session.scalars(stmt):
        transition = authorize_transition(
            AssessmentStatus.OPEN, AssessmentStatus.SUPERSEDED, roles=actor.roles
        )
        row.status = AssessmentStatus.SUPERSEDED.value
        superseded.append(row.id)
        audit.record(
            session,
            actor=actor.actor,
            action=transition.event,
            entity="trademark_bad_faith_assessment",
            entity_id=row.id,
            payload={"by_new_assessment_of": screening.ref.key},
        )
    return superseded


def store_screening(
    session: Session, *, actor: Principal, screening: Screening
) -> tuple[BadFaithAssessment, bool]:
    """Store a screening as an open assessment; (row, created). The same screening twice is
    one row; an earlier open assessment of the same subject is superseded."""
    require_staff(actor, "assessing bad faith")
    key = _digest(screening)
    existing = session.scalar(
        select(BadFaithAssessment).where(BadFaithAssessment.dedupe_key == key)
    )
    if existing is not None:
        return existing, False
    row = BadFaithAssessment(
        scope=screening.scope,
        mark_id=screening.mark.id if screening.mark else None,
        applicant_key=screening.ref.key,
        applicant_name=screening.ref.name,
        party_id=screening.ref.party_id,
        reference_date=screening.reference_date,
        assessed_on=screening.as_of,
        rule_id=screening.rule.id,
        risk=screening.risk.name,
        risk_rank=RISK_RANK[screening.risk.name],
        profile=screening.profile(),
        signals=screening.signal_dicts(),
        status=AssessmentStatus.OPEN.value,
        dedupe_key=key,
        created_by=actor.user_id,
    )
    try:
        with session.begin_nested():
            superseded = _supersede_open(session, actor, screening)
            session.add(row)
            session.flush()
    except IntegrityError:
        winner = session.scalar(
            select(BadFaithAssessment).where(BadFaithAssessment.dedupe_key == key)
        )
        if winner is None:
            raise
        return winner, False
    audit.record(
        session,
        actor=actor.actor,
        action="assess_bad_faith",
        entity="trademark_bad_faith_assessment",
        entity_id=row.id,
        payload={
            "scope": row.scope,
            "applicant": row.applicant_key,
            "mark": screening.mark.number if screening.mark else None,
            "rule": row.rule_id,
            "risk": row.risk,
            "levels": {s.code: s.as_dict()["level"] for s in screening.signals},
            "superseded": superseded,
        },
    )
    return row, True


def do_assess_applicant(
    session: Session,
    *,
    actor: Principal,
    applicant: str,
    on: date,
    home: Path | None = None,
    practice: Practice = DEFAULT_PRACTICE,
) -> tuple[BadFaithAssessment, bool]:
    """Screen an applicant and queue the assessment for an examiner; (row, created)."""
    require_staff(actor, "assessing bad faith")
    screening = screen_applicant(session, applicant=applicant, on=on, home=home, practice=practice)
    return store_screening(session, actor=actor, screening=screening)


def do_assess_mark(
    session: Session,
    *,
    actor: Principal,
    number: str,
    on: date,
    home: Path | None = None,
    practice: Practice = DEFAULT_PRACTICE,
) -> tuple[BadFaithAssessment, bool]:
    """Screen one filing and queue the assessment for an examiner; (row, created)."""
    require_staff(actor, "assessing bad faith")
    screening = screen_mark(session, number=number, on=on, home=home, practice=practice)
    return store_screening(session, actor=actor, screening=screening)
