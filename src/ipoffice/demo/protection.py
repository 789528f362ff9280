"""Demo data of administrative protection: patent dispute cases in three bureaus (Shenzhen, the
demo officer's, Guangzhou and Hangzhou) in every state, clues passed between them, credit
records and typical cases. Everything goes through the services (`do_*` actions), so the demo's
timelines, audit chain and versions are what real work leaves behind.

Deterministic: its own generator (`DEMO_SEED + 23`) and dates counted back from the demo's
today, so the rest of the demo does not shift when this part changes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.identifiers import make_patent_number
from ipoffice.core.identity import Principal, do_create_user, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.demo.protection_extras import seed_clues, seed_credit, seed_typical
from ipoffice.demo.protection_names import (
    CITY,
    COLLEAGUES,
    PLANS,
    claim_set,
    organisation,
    person,
    request_text,
)
from ipoffice.protection import case_actions as actions
from ipoffice.protection import case_proceedings as proceedings
from ipoffice.protection import decision as decisions
from ipoffice.protection.case_models import DisputeCase
from ipoffice.protection.case_schemas import CaseCreate
from ipoffice.protection.case_service import do_register_case


@dataclass(frozen=True)
class ProtectionSeed:
    cases: int
    clues: int
    credit_records: int
    typical_cases: int


@dataclass
class Desk:
    """A bureau's officers: who handles the cases, who sits on the collegial panel."""

    region: str
    handler: Principal
    panel: list[Principal]


def _user(session: Session, username: str, name: str, region: str, password: str) -> Principal:
    user = do_create_user(
        session,
        actor=audit.SYSTEM,
        username=username,
        display_name=name,
        password=password,
        roles=frozenset({Role.ENFORCEMENT_OFFICER}),
        region_code=region,
    )
    return principal_of(user)


def _desks(session: Session, officer: User, password: str) -> dict[str, Desk]:
    desks: dict[str, Desk] = {}
    for region, people in COLLEAGUES.items():
        made = [_user(session, u, n, region, password) for u, n in people]
        handler = principal_of(officer) if region == officer.region_code else made.pop(0)
        panel = [handler, *made[:2]] if len(made) >= 2 else []
        desks[region] = Desk(region, handler, panel)
    return desks


class _Walk:
    """One case moved step by step; a step that would fall after today is not taken."""

    def __init__(self, session: Session, rng: random.Random, desk: Desk, today: date) -> None:
        self.session, self.rng, self.desk, self.today = session, rng, desk, today
        self.case: DisputeCase | None = None
        self.on = today
        self.hearing_on: date | None = None

    def later(self, low: int, high: int) -> date:
        return self.on + timedelta(days=self.rng.randint(low, high))

    def step(self, action: Callable[..., DisputeCase], on: date, by: Principal | None = None,
             **fields: Any) -> bool:  # fmt: skip
        if on > self.today:
            return False
        assert self.case is not None
        self.case = action(
            self.session,
            principal=by or self.desk.handler,
            number=self.case.number,
            expected_version=self.case.version,
            on=on,
            today=self.today,
            **fields,
        )
        self.on = on
        return True


def _register(walk: _Walk, received: date, organisation_respondent: bool) -> None:
    rng = walk.rng
    year, kind, serial = rng.randint(2019, 2024), rng.choice((1, 2, 3)), rng.randint(1, 999_999)
    requester = organisation(rng, walk.desk.region)
    respondent = organisation(rng, walk.desk.region) if organisation_respondent else person(rng)
    title, text = request_text(rng)
    data = CaseCreate.model_validate(
        {
            "patent_number": make_patent_number(year, kind, serial).canonical,
            "patent_title": title,
            "request_text": text,
            "claims": claim_set(rng),
            "parties": [{"role": "requester", **requester}, {"role": "respondent", **respondent}],
            "received_on": received,
        }
    )
    walk.case, _ = do_register_case(
        walk.session, principal=walk.desk.handler, data=data, today=walk.today
    )
    walk.on = received


def _hear(walk: _Walk) -> bool:
    """Form the panel (the handler presiding) and schedule a hearing."""
    if not walk.desk.panel:  # a desk of one officer cannot form a collegial panel
        return False
    members = [m.username for m in walk.desk.panel]
    presiding = walk.desk.handler.username
    if not walk.step(
        proceedings.do_form_panel, walk.later(3, 10), members=members, presiding=presiding
    ):
        return False
    notified = walk.later(2, 6)
    walk.hearing_on = notified + timedelta(days=walk.rng.randint(15, 25))
    place = f"{CITY[walk.desk.region]}知识产权局第一审理庭"
    return walk.step(
        proceedings.do_schedule_hearing,
        notified,
        hearing_on=walk.hearing_on,
        place=place,
        time_of_day="09:30",
    )


FINDINGS = {
    "infringement_found": (
        "被诉产品包含涉案专利权利要求记载的全部技术特征。",
        "责令被请求人立即停止侵权行为。",
    ),
    "infringement_not_found": ("被诉产品缺少权利要求记载的技术特征。", None),
}


OUTCOMES = ("infringement_found", "infringement_found", "infringement_not_found")


def _decide(walk: _Walk) -> None:
    if not _hear(walk):
        return
    assert walk.hearing_on is not None
    on = walk.hearing_on + timedelta(days=walk.rng.randint(10, 30))
    outcome = walk.rng.choice(
        ("infringement_found", "infringement_found", "infringement_not_found")
    )
    findings, orders = FINDINGS[outcome]
    reasons = "经合议组审理，依据专利法第六十四条确定保护范围并比对。"
    if walk.step(
        decisions.do_issue_decision,
        on,
        outcome=outcome,
        findings=findings,
        reasons=reasons,
        orders=orders,
    ):
        walk.step(decisions.do_record_decision_service, walk.later(3, 7))


def _suspend(walk: _Walk, resume: bool) -> None:
    note = "被请求人已向国家知识产权局请求宣告专利权无效。"
    on = walk.later(10, 30)
    suspended = walk.step(actions.do_suspend_case, on, reason="invalidation_pending", note=note)
    if suspended and resume and walk.step(actions.do_resume_case, walk.later(30, 60)):
        _hear(walk)


def _mediate(walk: _Walk) -> None:
    if walk.step(proceedings.do_start_mediation, walk.later(5, 20)):
        agreement = "被请求人停止销售被诉产品并赔偿请求人经济损失。"
        walk.step(proceedings.do_end_mediation, walk.later(7, 25), agreement_text=agreement)


def _answer(walk: _Walk) -> bool:
    return walk.step(actions.do_record_answer, walk.later(10, 15))


def _handle(walk: _Walk, _accepted: date) -> None:
    if _answer(walk):
        _hear(walk)


def _adjudicate(walk: _Walk, _accepted: date) -> None:
    if _answer(walk):
        _decide(walk)


def _withdraw(walk: _Walk, _accepted: date) -> None:
    walk.step(actions.do_withdraw_case, walk.later(10, 40), note="双方已自行和解。")


# What each plan does once the request is accepted and served.
AFTER_SERVICE: dict[str, Callable[[_Walk, date], None]] = {
    "handling": _handle,
    "overdue": _handle,
    "decided": _adjudicate,
    "suspended": lambda walk, _accepted: _suspend(walk, resume=False),
    "resumed": lambda walk, _accepted: _suspend(walk, resume=True),
    "mediated": lambda walk, _accepted: _mediate(walk),
    "withdrawn": _withdraw,
}


def _walk(walk: _Walk, plan: str) -> None:
    """Take the steps of `plan` from the received request while the dates allow."""
    if plan == "received":
        return
    if plan == "refused":
        walk.step(actions.do_refuse_case, walk.later(2, 4), reasons="请求不属于本局受案范围。")
        return
    accepted = walk.later(1, 4)
    if not walk.step(actions.do_accept_case, accepted) or plan == "accepted":
        return
    if walk.step(actions.do_record_service, walk.later(2, 6)):
        AFTER_SERVICE[plan](walk, accepted)


def seed_protection(
    session: Session, rng: random.Random, *, officer: User, today: date, password: str
) -> ProtectionSeed:
    """Seed the protection desks; `officer` is the demo's enforcement officer (Shenzhen)."""
    desks = _desks(session, officer, password)
    planned = [
        (today - timedelta(days=rng.randint(low, high)), region, plan, i)
        for region, plans in PLANS.items()
        for i, (plan, low, high) in enumerate(plans)
    ]
    cases: dict[str, list[DisputeCase]] = {}
    for received, region, plan, _i in sorted(planned):
        walk = _Walk(session, rng, desks[region], today)
        _register(walk, received, organisation_respondent=plan in ("decided", "mediated"))
        _walk(walk, plan)
        assert walk.case is not None
        cases.setdefault(plan, []).append(walk.case)
    handlers = {region: desk.handler for region, desk in desks.items()}
    clues = seed_clues(session, rng, handlers, cases, today=today)
    credit = seed_credit(session, rng, handlers[officer.region_code or ""], cases, today=today)
    typical = seed_typical(session, handlers[officer.region_code or ""])
    return ProtectionSeed(len(planned), clues, credit, typical)
