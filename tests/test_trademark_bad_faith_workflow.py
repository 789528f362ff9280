"""The bad-faith assessment's transition table pair by pair, and the rules as data."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from ipoffice.core.errors import Conflict, InvalidInput, PermissionDenied
from ipoffice.core.roles import Role
from ipoffice.trademarks.bad_faith_rules import (
    LAW_RULES,
    SECTOR_OF_CLASS,
    SECTORS,
    Levels,
    law_rule_for,
)
from ipoffice.trademarks.bad_faith_workflow import (
    TRANSITIONS,
    AssessmentStatus,
    authorize_transition,
)
from ipoffice.trademarks.famous import package_index, parse_lines
from ipoffice.trademarks.famous_data import BRANDS, FIGURES
from ipoffice.trademarks.similarity import analyse_mark

PAIRS = list(itertools.product(AssessmentStatus, AssessmentStatus))


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_every_pair_for_every_role(current: AssessmentStatus, target: AssessmentStatus) -> None:
    transition = TRANSITIONS.get((current, target))
    for role in Role:
        roles = frozenset({role})
        if transition is None:
            with pytest.raises(Conflict, match="cannot go"):
                authorize_transition(current, target, roles=roles)
        elif role in transition.roles:
            assert authorize_transition(current, target, roles=roles) is transition
        else:
            with pytest.raises(PermissionDenied):
                authorize_transition(current, target, roles=roles)


def test_only_examiners_decide_and_only_administrators_reopen() -> None:
    decided = {AssessmentStatus.CONFIRMED, AssessmentStatus.DISMISSED}
    for (current, target), transition in TRANSITIONS.items():
        if target in decided:
            assert transition.roles == {Role.EXAMINER}
        if target is AssessmentStatus.OPEN:
            assert current in decided and transition.roles == {Role.ADMINISTRATOR}
    assert not [pair for pair in TRANSITIONS if pair[0] is AssessmentStatus.SUPERSEDED]


@pytest.mark.parametrize(
    ("filed", "rule"),
    [
        (date(2019, 11, 1), "tm_art4_2019"),
        (date(2026, 12, 31), "tm_art4_2019"),
        (date(2027, 1, 1), "tm_bad_faith_2027"),
        (date(2031, 6, 1), "tm_bad_faith_2027"),
    ],
)
def test_the_rule_is_chosen_by_filing_date(filed: date, rule: str) -> None:
    assert law_rule_for(filed).id == rule


def test_rules_are_data_with_sources_and_no_gap() -> None:
    assert law_rule_for(date(2027, 1, 1)).elements == ("not_for_use", "exceeds_needs")
    assert law_rule_for(date(2026, 1, 1)).elements == ("not_for_use",)
    for earlier, later in itertools.pairwise(LAW_RULES):
        assert earlier.effective_to is not None
        assert (later.effective_from - earlier.effective_to).days == 1
    assert all(rule.source for rule in LAW_RULES)
    with pytest.raises(InvalidInput, match="2019-11-01"):
        law_rule_for(date(2019, 10, 31))


def test_sectors_cover_every_nice_class_once() -> None:
    classes = [c for _, members in SECTORS.values() for c in members]
    assert sorted(classes) == list(range(1, 46))
    assert SECTOR_OF_CLASS[29] == SECTOR_OF_CLASS[32] == "food"


def test_levels() -> None:
    levels = Levels(30, 60, 100)
    assert [levels.level(v) for v in (0, 29, 30, 60, 99, 100, 1000)] == [0, 0, 1, 2, 2, 3, 3]


def test_reference_lists_parse_and_are_indexed_by_keys() -> None:
    brands = parse_lines(BRANDS, source="s", default_kind="brand", where="brands")
    figures = parse_lines(FIGURES, source="s", default_kind="person", where="figures")
    assert len(brands) >= 300 and len({b.key for b in brands}) == len(brands)
    assert {f.kind for f in figures} == {"person", "event"}
    index = package_index()
    # A copy is found through shared keys, not by comparing every reference.
    candidates = index.candidates(analyse_mark("星巴客"))
    assert 0 < len(candidates) < len(index) / 20
    found = index.matches(analyse_mark("星巴客"), applicant="某公司", applicant_key="party:1")
    assert found[0].reference.key == "brand:星巴克" and found[0].counted
    own = index.matches(analyse_mark("华为"), applicant="华为技术有限公司", applicant_key="p")
    assert own and not own[0].counted and own[0].not_counted_because == "applicant_name"
    common = index.matches(analyse_mark("苹果"), applicant="某果园", applicant_key="p")
    assert common and common[0].not_counted_because == "common_word"


@pytest.mark.parametrize(
    ("text", "message"),
    [("only one|field", "expected"), ("||", "no name"), ("名字||famous", "unknown flags")],
)
def test_reference_lines_are_checked(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_lines(text, source="s", default_kind="brand", where="office.txt")
