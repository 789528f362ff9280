"""The links of the page header, as data: where each goes and who sees it.

A link shows when the visitor holds one of its roles; `PUBLIC` links show to everyone,
`SIGNED_IN` ones to every logged-in user. A link may have a second target for visitors
without its office roles (the public credit list instead of the officers' register).
"""

from __future__ import annotations

from dataclasses import dataclass

from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role

PUBLIC: frozenset[Role] = frozenset()
SIGNED_IN: frozenset[Role] = frozenset(Role)
_OFFICERS = frozenset({Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR})
_EXAMINERS = frozenset({Role.EXAMINER, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str  # a key of web.i18n.MESSAGES
    testid: str
    roles: frozenset[Role]
    # Shown instead, to visitors without `roles`, when set (the link then shows to everyone).
    otherwise: str | None = None


NAV_LINKS: tuple[NavLink, ...] = (
    NavLink("/inquiry", "nav.inquiry", "nav-inquiry", PUBLIC),
    NavLink(
        "/protection/credit",
        "nav.credit",
        "nav-credit",
        frozenset({Role.EXAMINER, Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR}),
        otherwise="/credit",
    ),
    NavLink(
        "/protection/clues",
        "nav.clues",
        "nav-clues",
        frozenset({Role.EXAMINER, Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR}),
    ),
    NavLink("/protection/cases", "nav.protection_cases", "nav-protection-cases", _OFFICERS),
    NavLink("/protection/reports", "nav.protection_reports", "nav-protection-reports", _OFFICERS),
    NavLink("/screening", "nav.screening", "nav-screening", _EXAMINERS),
    NavLink("/trademark-examination", "tmx.nav", "nav-trademark-examination", _EXAMINERS),
    NavLink("/trademarks/bad-faith", "tmbf.nav", "nav-trademark-bad-faith", _EXAMINERS),
    NavLink("/trademarks/marks", "tmr.nav", "nav-trademarks", SIGNED_IN),
)


def nav_links(principal: Principal | None) -> list[tuple[str, str, str]]:
    """(href, label key, test id) of the links this visitor sees, in order."""
    roles = principal.roles if principal is not None else frozenset()
    shown: list[tuple[str, str, str]] = []
    for link in NAV_LINKS:
        if not link.roles or roles & link.roles:
            shown.append((link.href, link.label, link.testid))
        elif link.otherwise is not None:
            shown.append((link.otherwise, link.label, link.testid))
    return shown
