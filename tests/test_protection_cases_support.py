"""Builders shared by the dispute-case tests: officers of a bureau and a valid request."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from ipoffice.core import audit
from ipoffice.core.identity import Principal, do_create_user, principal_of
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection import case_actions, case_proceedings
from ipoffice.protection.case_models import DisputeCase
from ipoffice.protection.case_schemas import CaseCreate
from ipoffice.protection.case_service import do_register_case
from tests.conftest import PASSWORD

SHENZHEN = "440300"
GUANGZHOU = "440100"
REQUESTER_USCC = "91440300MA5DABCD1K"
RESPONDENT_USCC = "91440300MA5EQWER28"
PATENT = "ZL 2023 1 0397744.0"
_serial = itertools.count()


def officer(
    db: Database, region: str | None = SHENZHEN, *, role: Role = Role.ENFORCEMENT_OFFICER
) -> Principal:
    name = f"pc-{role.value.replace('_', '-')}{next(_serial)}"
    with db.session(write=True) as session:
        user = do_create_user(
            session,
            actor=audit.SYSTEM,
            username=name,
            display_name=f"执法人员{name}",
            password=PASSWORD,
            roles=frozenset({role}),
            region_code=region,
        )
        return principal_of(user)


def request(**changes: Any) -> CaseCreate:
    data: dict[str, Any] = {
        "patent_number": PATENT,
        "patent_title": "一种折叠式电动自行车车架",
        "request_text": "请求责令被请求人停止制造、销售侵犯涉案专利权的产品。",
        "claims": [3, 1],
        "parties": [
            {
                "role": "requester",
                "kind": "organisation",
                "name": "深圳市甲科技有限公司",
                "uscc": REQUESTER_USCC,
                "address": "深圳市南山区科技园",
            },
            {
                "role": "respondent",
                "kind": "organisation",
                "name": "深圳市乙电子有限公司",
                "uscc": RESPONDENT_USCC,
            },
            {"role": "respondent", "kind": "person", "name": "张三"},
        ],
        "received_on": date(2026, 3, 2),
    }
    data.update(changes)
    return CaseCreate.model_validate(data)


def register(db: Database, principal: Principal, **changes: Any) -> str:
    with db.session(write=True) as session:
        case, _ = do_register_case(
            session, principal=principal, data=request(**changes), today=date(2026, 11, 20)
        )
        return case.number


def version(db: Database, number: str) -> int:
    with db.session(write=False) as session:
        from sqlalchemy import select

        return int(
            session.scalar(select(DisputeCase.version).where(DisputeCase.number == number)) or 0
        )


def act(db: Database, action: Any, principal: Principal, number: str, **kw: Any) -> DisputeCase:
    """Run one action at the case's current version, `today` fixed in 2026."""
    with db.session(write=True) as session:
        return action(  # type: ignore[no-any-return]
            session,
            principal=principal,
            number=number,
            expected_version=kw.pop("expected_version", None) or version(db, number),
            today=date(2026, 11, 20),
            **kw,
        )


def panel(db: Database, number: str, chair: Principal, on: date) -> list[Principal]:
    members = [chair, officer(db), officer(db)]
    act(
        db,
        case_proceedings.do_form_panel,
        chair,
        number,
        members=[m.username for m in members],
        presiding=chair.username,
        on=on,
    )
    return members


def accepted_and_served(
    db: Database, principal: Principal, *, accepted: date, served: date, **changes: Any
) -> str:
    number = register(db, principal, received_on=accepted, **changes)
    act(db, case_actions.do_accept_case, principal, number, on=accepted)
    act(db, case_actions.do_record_service, principal, number, on=served)
    return number
