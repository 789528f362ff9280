"""The office's own screening rules (Order No. 77 Art. 3(8)) as records an administrator keeps:
each rule's JSON exactly as given, checked by `ipoffice.screening.rules.parse_rule`, with who
added or changed it. Rules are never erased (findings cite their codes), only deactivated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound
from ipoffice.db.base import utcnow
from ipoffice.screening.models import OfficeRuleRow
from ipoffice.screening.rules import OfficeRule, parse_rule


def _as_given(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The rule checked by `parse_rule`, kept exactly as given (plain JSON)."""
    parse_rule(rule)
    try:
        stored: dict[str, Any] = json.loads(json.dumps(rule, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"the rule is not plain JSON ({exc})", field="rule") from exc
    return stored


def get_rule(session: Session, code: str) -> OfficeRuleRow:
    row = session.scalar(select(OfficeRuleRow).where(OfficeRuleRow.code == code))
    if row is None:
        raise NotFound(f"no office rule with code {code!r}", field="code")
    return row


def list_rules(session: Session, *, active: bool | None = None) -> list[OfficeRuleRow]:
    stmt = select(OfficeRuleRow).order_by(OfficeRuleRow.code)
    if active is not None:
        stmt = stmt.where(OfficeRuleRow.active == active)
    return list(session.scalars(stmt).all())


def office_rules(session: Session) -> list[OfficeRule]:
    """The active rules, parsed, for the screening detector of Art. 3(8)."""
    return [parse_rule(row.rule) for row in list_rules(session, active=True)]


def create_rule(session: Session, *, actor: audit.Actor, rule: Mapping[str, Any]) -> OfficeRuleRow:
    stored = _as_given(rule)
    code = str(stored["code"])
    if session.scalar(select(OfficeRuleRow.id).where(OfficeRuleRow.code == code)) is not None:
        raise Conflict(f"an office rule with code {code} exists; edit it instead", field="code")
    row = OfficeRuleRow(
        code=code, rule=stored, active=True, created_by=actor.id, updated_by=actor.id
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"an office rule with code {code} was just added by someone else", field="code"
        ) from exc
    audit.record(
        session, actor=actor, action="create_office_rule", entity="office_rule",
        entity_id=code, payload={"rule": stored},
    )  # fmt: skip
    return row


def update_rule(
    session: Session,
    *,
    actor: audit.Actor,
    code: str,
    expected_version: int,
    rule: Mapping[str, Any] | None = None,
    active: bool | None = None,
) -> OfficeRuleRow:
    """Replace a rule's JSON and/or switch it on or off. The code cannot change: findings
    cite it, so a different rule gets a new code."""
    row = get_rule(session, code)
    check_version(row.version, expected_version, f"office rule {code}")
    payload: dict[str, Any] = {}
    if rule is not None:
        stored = _as_given(rule)
        if stored["code"] != code:
            raise InvalidInput(
                f"the code of rule {code} cannot change; add a new rule instead", field="code"
            )
        payload.update(before=row.rule, rule=stored)
        row.rule = stored
    if active is not None:
        payload.update(active=active, was_active=row.active)
        row.active = active
    row.updated_by = actor.id
    row.updated_at = utcnow()  # always an UPDATE, so the version moves on every save
    flush_or_conflict(session, f"office rule {code}")
    action = "update_office_rule" if rule is not None or active else "deactivate_office_rule"
    audit.record(
        session, actor=actor, action=action, entity="office_rule", entity_id=code, payload=payload
    )
    return row
