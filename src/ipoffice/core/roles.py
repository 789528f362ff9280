"""The roles a user may hold. Each endpoint declares which of them may call it."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    AGENT = "agent"
    EXAMINER = "examiner"
    ENFORCEMENT_OFFICER = "enforcement_officer"
    ZONE_EVALUATOR = "zone_evaluator"
    ADMINISTRATOR = "administrator"


ALL_ROLES: frozenset[Role] = frozenset(Role)
OFFICE_STAFF: frozenset[Role] = frozenset(
    {Role.EXAMINER, Role.ENFORCEMENT_OFFICER, Role.ZONE_EVALUATOR, Role.ADMINISTRATOR}
)
FILERS: frozenset[Role] = frozenset({Role.APPLICANT, Role.AGENT})

ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.APPLICANT: ("申请人", "Applicant"),
    Role.AGENT: ("代理师", "Patent/trademark agent"),
    Role.EXAMINER: ("审查员", "Examiner"),
    Role.ENFORCEMENT_OFFICER: ("执法人员", "Enforcement officer"),
    Role.ZONE_EVALUATOR: ("示范区评估人员", "Zone evaluator"),
    Role.ADMINISTRATOR: ("系统管理员", "Administrator"),
}
