"""The decision of a patent dispute case: issuing it (a generated document, fixed as issued),
recording its service on the parties, and exporting it as HTML or PDF.

The document names the parties, the patent and the claims alleged, the procedure, the panel's
findings and reasons, the outcome, and the right to sue in court within the period of
`patent.dispute.appeal` from receipt. The Chinese document is stored with its SHA-256 when the
decision is issued; an English rendering of the same record is available for reference.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core.divisions import division_name
from ipoffice.core.errors import Conflict, NotFound
from ipoffice.core.identifiers import parse_patent_number
from ipoffice.core.identity import Principal
from ipoffice.core.models import User
from ipoffice.core.periods import rule_in_force
from ipoffice.patents.report_store import html_to_pdf
from ipoffice.protection.case_actions import acting_case, check_date, finish, move_case
from ipoffice.protection.case_models import CaseDecision, CaseHearing, DisputeCase
from ipoffice.protection.case_service import get_case
from ipoffice.protection.case_workflow import CaseStatus, authorize_step, authorize_transition
from ipoffice.web.i18n import translate

TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "infringement_found": ("侵权行为成立", "Infringement found"),
    "infringement_not_found": ("侵权行为不成立", "Infringement not found"),
    "request_dismissed": ("驳回请求", "Request dismissed"),
}


def _document_context(
    session: Session, case: DisputeCase, fields: dict[str, Any]
) -> dict[str, Any]:
    panel_users = {
        u.id: u
        for u in session.scalars(select(User).where(User.id.in_([m.user_id for m in case.panel])))
    }
    hearings = session.scalars(
        select(CaseHearing).where(CaseHearing.case_id == case.id).order_by(CaseHearing.hearing_on)
    ).all()
    appeal = rule_in_force("patent.dispute.appeal", fields["issued_on"])
    return {
        "case": case,
        "bureau": division_name(case.region_code, "zh"),
        "bureau_en": division_name(case.region_code, "en"),
        "patent_display": parse_patent_number(case.patent_number).display,
        "requesters": [p for p in case.parties if p.role == "requester"],
        "respondents": [p for p in case.parties if p.role == "respondent"],
        "claims": [c.claim_number for c in case.claims],
        "panel": [
            (panel_users[m.user_id].display_name, m.presiding)
            for m in sorted(case.panel, key=lambda m: (not m.presiding, m.id))
        ],
        "hearings": hearings,
        "outcome_label": OUTCOME_LABELS[fields["outcome"]],
        "appeal": appeal,
        **fields,
    }


def render_decision(context: dict[str, Any], *, lang: str = "zh") -> str:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"])
    )
    template = environment.get_template("protection_case_decision.html")
    return template.render(lang=lang, t=lambda key: translate(key, lang), **context)


def do_issue_decision(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    outcome: str,
    findings: str,
    reasons: str,
    orders: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """Issue the panel's decision: the document is generated and kept as issued."""
    case = acting_case(session, principal, number, expected_version)
    authorize_transition(CaseStatus(case.status), CaseStatus.DECIDED, roles=principal.roles)
    check_date(case, on, today)
    if len(case.panel) < 3:
        raise Conflict(
            "a decision is made by the collegial panel: form it first",
            field="members",
            code="no_panel",
        )
    fields = {
        "issued_on": on,
        "outcome": outcome,
        "findings": findings.strip(),
        "reasons": reasons.strip(),
        "orders": (orders or "").strip() or None,
    }
    html = render_decision(_document_context(session, case, fields), lang="zh")
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    session.add(
        CaseDecision(
            case_id=case.id,
            document_html=html,
            document_sha256=digest,
            issued_by=principal.user_id,
            **fields,
        )
    )
    case.closed_on = on
    return move_case(
        session,
        principal,
        case,
        CaseStatus.DECIDED,
        on=on,
        note=None,
        action="issue_decision",
        payload={"outcome": outcome, "document_sha256": digest},
    )


def get_decision(session: Session, case: DisputeCase) -> CaseDecision:
    decision = session.scalar(select(CaseDecision).where(CaseDecision.case_id == case.id))
    if decision is None:
        raise NotFound(f"case {case.number} has no decision yet", field="decision")
    return decision


def do_record_decision_service(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """The decision was served on the parties: the period to sue in court starts."""
    case = acting_case(session, principal, number, expected_version)
    step = authorize_step("decision_served", CaseStatus(case.status), roles=principal.roles)
    check_date(case, on, today)
    decision = get_decision(session, case)
    if decision.served_on is not None:
        raise Conflict(
            f"the decision was served on {decision.served_on.isoformat()}",
            field="on",
            code="already_recorded",
        )
    decision.served_on = on
    return finish(
        session,
        principal=principal,
        case=case,
        event=step.event,
        on=on,
        note=note,
        action="serve_decision",
        payload={},
    )


def decision_html(session: Session, principal: Principal, number: str, *, lang: str) -> str:
    """The decision as issued (Chinese), or an English rendering of the same record."""
    case = get_case(session, principal, number)
    decision = get_decision(session, case)
    if lang != "en":
        return decision.document_html
    fields = {
        "issued_on": decision.issued_on,
        "outcome": decision.outcome,
        "findings": decision.findings,
        "reasons": decision.reasons,
        "orders": decision.orders,
    }
    return render_decision(_document_context(session, case, fields), lang="en")


def decision_pdf(session: Session, principal: Principal, number: str, *, lang: str) -> bytes:
    return html_to_pdf(decision_html(session, principal, number, lang=lang))
