"""Risk scores from findings: per application, per applicant entity and per agency.

An application's risk combines its findings as independent signals (noisy-OR over the strongest
finding of each behaviour): two behaviours at 0.6 give 0.84, one at 0.6 reported twice stays 0.6.
An applicant's or agency's risk is the Wilson lower bound (95 % one-sided) of the share of its
applications whose risk reaches `FLAGGED_RISK`: one flagged application out of one is weak
evidence (0.27), five out of five 0.65, fifty out of sixty 0.74. Scores rank work for
examiners; they decide nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ipoffice.screening.findings import Finding
from ipoffice.screening.names import party_key

# An application counts as flagged for its applicant's and agency's rates from this risk.
FLAGGED_RISK = 0.5
# One-sided 95 % normal quantile for the Wilson bound.
Z = 1.645


def application_risk(findings: Sequence[Finding]) -> float:
    strongest: dict[str, float] = {}
    for finding in findings:
        strongest[finding.behaviour] = max(strongest.get(finding.behaviour, 0.0), finding.score)
    clear = 1.0
    for score in strongest.values():
        clear *= 1.0 - score
    return 1.0 - clear


def wilson_lower_bound(successes: int, trials: int, z: float = Z) -> float:
    if trials <= 0:
        return 0.0
    share = successes / trials
    centre = share + z * z / (2 * trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return max(0.0, (centre - spread) / (1 + z * z / trials))


@dataclass(frozen=True)
class SubjectRisk:
    kind: str  # "applicant" or "agency"
    subject: str  # the resolved entity (applicant) or the agency's name as first written
    risk: float
    applications: int
    flagged: int
    mean_risk: float

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "risk": round(self.risk, 4),
            "applications": self.applications,
            "flagged": self.flagged,
            "mean_risk": round(self.mean_risk, 4),
        }


def subject_risks(
    ids: Sequence[str],
    applicants: Mapping[str, Sequence[str]],
    agencies: Mapping[str, str],
    risks: Mapping[str, float],
    entities: Mapping[str, str] | None = None,
) -> list[SubjectRisk]:
    """Risk rows for every applicant entity and agency with an application in the batch,
    highest risk first (ties by subject)."""
    entities = entities or {}
    by_applicant: dict[str, list[float]] = {}
    by_agency: dict[str, list[float]] = {}
    agency_names: dict[str, str] = {}
    for app_id in ids:
        risk = risks.get(app_id, 0.0)
        for name in sorted({entities.get(a) or party_key(a) for a in applicants.get(app_id, ())}):
            by_applicant.setdefault(name, []).append(risk)
        agency = agencies.get(app_id)
        if agency:
            key = party_key(agency)
            agency_names.setdefault(key, agency)
            by_agency.setdefault(key, []).append(risk)
    rows = [_row("applicant", name, values) for name, values in by_applicant.items()]
    rows += [_row("agency", agency_names[key], values) for key, values in by_agency.items()]
    rows.sort(key=lambda r: (-r.risk, -r.flagged, r.kind, r.subject))
    return rows


def _row(kind: str, subject: str, values: list[float]) -> SubjectRisk:
    flagged = sum(1 for v in values if v >= FLAGGED_RISK)
    return SubjectRisk(
        kind=kind,
        subject=subject,
        risk=wilson_lower_bound(flagged, len(values)),
        applications=len(values),
        flagged=flagged,
        mean_risk=sum(values) / len(values),
    )
