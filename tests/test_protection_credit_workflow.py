"""The credit register's transition tables pair by pair, and the credit rules as data."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from ipoffice.core.errors import Conflict, InvalidInput, PermissionDenied
from ipoffice.core.roles import Role
from ipoffice.protection import credit_rules as rules
from ipoffice.protection.credit_workflow import (
    REPAIR_TRANSITIONS,
    STORED_STATUSES,
    TRANSITIONS,
    CreditStatus,
    RepairStatus,
    authorize_repair,
    authorize_transition,
    next_statuses,
)
from ipoffice.screening import credit as screening_credit


@pytest.mark.parametrize(("current", "target"), list(itertools.product(CreditStatus, CreditStatus)))
def test_record_transition_pair(current: CreditStatus, target: CreditStatus) -> None:
    transition = TRANSITIONS.get((current, target))
    for role in Role:
        roles = frozenset({role})
        if transition is None:
            with pytest.raises(Conflict, match="cannot go from"):
                authorize_transition(current, target, roles=roles)
        elif transition.by_date:
            with pytest.raises(PermissionDenied, match="passing of its end date"):
                authorize_transition(current, target, roles=roles)
        elif role in transition.roles:
            assert authorize_transition(current, target, roles=roles) is transition
        else:
            with pytest.raises(PermissionDenied, match="needs one of the roles"):
                authorize_transition(current, target, roles=roles)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(RepairStatus, RepairStatus)))
def test_repair_transition_pair(current: RepairStatus, target: RepairStatus) -> None:
    transition = REPAIR_TRANSITIONS.get((current, target))
    for role in Role:
        roles = frozenset({role})
        if transition is None:
            with pytest.raises(Conflict, match="cannot go from"):
                authorize_repair(current, target, roles=roles)
        elif role in transition.roles:
            assert authorize_repair(current, target, roles=roles) is transition
        else:
            with pytest.raises(PermissionDenied, match="needs one of the roles"):
                authorize_repair(current, target, roles=roles)


def test_the_shape_of_the_tables() -> None:
    # Officers act; nobody else does, and expiry is made by the date alone.
    people = {r for t in TRANSITIONS.values() for r in t.roles}
    assert people == {Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR}
    assert {pair for pair, t in TRANSITIONS.items() if t.by_date} == {
        (CreditStatus.IN_EFFECT, CreditStatus.EXPIRED),
        (CreditStatus.EXTENDED, CreditStatus.EXPIRED),
    }
    assert next_statuses(CreditStatus.REMOVED_REVOKED) == []
    assert next_statuses(CreditStatus.REPAIRED) == [CreditStatus.REMOVED_REVOKED]
    assert "expired" not in STORED_STATUSES
    assert all(frm is RepairStatus.PENDING for frm, _to in REPAIR_TRANSITIONS)


def test_seven_items_of_dishonest_conduct_with_their_source() -> None:
    assert [i.item for i in rules.CONDUCT_ITEMS] == [1, 2, 3, 4, 5, 6, 7]
    assert len({i.code for i in rules.CONDUCT_ITEMS}) == 7
    for item in rules.CONDUCT_ITEMS:
        assert "信用管理规定" in item.source and item.effective_from == date(2022, 1, 24)
        assert item.listing_months == 12 and item.title_zh and item.title_en
    # Screening keeps importing the same names from its own module.
    assert screening_credit.CONDUCT_ITEMS is rules.CONDUCT_ITEMS
    assert screening_credit.conduct_item is rules.conduct_item


def test_listing_period_extension_and_repair_waiting_time() -> None:
    item = rules.conduct_item("illegal_agency_conduct", date(2026, 3, 1))
    assert rules.listing_period(item, date(2026, 3, 1)) == (date(2026, 3, 1), date(2027, 3, 1))
    rule = rules.listing_rule(date(2026, 3, 1))
    assert (rule.extension_months, rule.max_months) == (12, 36) and "verify" in rule.source
    start = date(2026, 3, 1)
    assert rules.extended_end(start, date(2027, 3, 1), rule) == date(2028, 3, 1)
    assert rules.extended_end(start, date(2028, 3, 1), rule) == date(2029, 3, 1)
    assert rules.extended_end(start, date(2028, 9, 1), rule) == date(2029, 3, 1)
    repair = rules.repair_rule(date(2026, 3, 1))
    assert repair.waiting_months == 6 and "verify" in repair.source
    with pytest.raises(InvalidInput):
        rules.listing_rule(date(2020, 1, 1))
    with pytest.raises(InvalidInput):
        rules.repair_rule(date(2020, 1, 1))


def test_measures_carry_their_source_and_dates() -> None:
    codes = {m.code for m in rules.measures_in_force(date(2026, 3, 1))}
    assert codes == {
        "fee_reduction_review",
        "priority_examination_review",
        "state_funded_projects_review",
        "no_awards",
        "no_demonstration_status",
        "more_inspections",
    }
    assert all("信用管理规定" in m.source and m.title_zh and m.title_en for m in rules.MEASURES)
    assert rules.measures_in_force(date(2021, 12, 31)) == []
