"""The header links each kind of visitor sees (data in `web.navigation`)."""

from __future__ import annotations

from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.web.i18n import MESSAGES
from ipoffice.web.navigation import NAV_LINKS, nav_links


def _person(*roles: Role) -> Principal:
    return Principal(1, "u", "U", frozenset(roles), None, "440300")


def _hrefs(principal: Principal | None) -> list[str]:
    return [href for href, _label, _testid in nav_links(principal)]


def test_the_public_sees_the_inquiry_and_the_public_credit_list() -> None:
    assert _hrefs(None) == ["/inquiry", "/credit"]


def test_each_role_sees_its_desks() -> None:
    assert _hrefs(_person(Role.APPLICANT)) == ["/inquiry", "/credit", "/trademarks/marks"]
    officer = _hrefs(_person(Role.ENFORCEMENT_OFFICER))
    assert officer == [
        "/inquiry",
        "/protection/credit",
        "/protection/clues",
        "/protection/cases",
        "/protection/reports",
        "/trademarks/marks",
    ]
    examiner = _hrefs(_person(Role.EXAMINER))
    assert "/protection/cases" not in examiner and "/screening" in examiner
    assert "/trademark-examination" in examiner and "/protection/credit" in examiner
    every = _hrefs(_person(Role.ADMINISTRATOR))
    assert len(every) == len(NAV_LINKS) and "/credit" not in every


def test_every_link_has_a_label_and_a_unique_test_id() -> None:
    assert all(link.label in MESSAGES for link in NAV_LINKS)
    assert len({link.testid for link in NAV_LINKS}) == len(NAV_LINKS)
