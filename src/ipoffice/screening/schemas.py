"""Validated shapes of the screening record: the batch report's rows, requests and answers.

The batch report is JSON Lines, one row per line:

- an application: `{"id", "risk", "findings": [{"behaviour", "detector", "score", "evidence",
  "related": [ids]}]}` (`"kind": "application"` may be given);
- a subject: `{"kind": "applicant" | "agency", "subject", "risk", "applications", "flagged"}`
  (and optionally `"mean_risk"`, the mean risk of its applications).

Rows are checked strictly (no unknown keys, no numbers given as text): the record keeps what
the screening said, so a report in another shape is refused rather than half understood.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ipoffice.core.errors import InvalidInput
from ipoffice.screening.findings import BEHAVIOURS

FindingStatus = Literal["open", "confirmed", "dismissed"]
SubjectKind = Literal["applicant", "agency"]
SubjectType = Literal["applicant", "agency", "agent"]
Decision = Literal["confirm", "dismiss", "reopen"]

MAX_ID_CHARS = 64
MAX_SUBJECT_CHARS = 300
MAX_NOTE_CHARS = 4000
# A clue or a credit proposal cites at most this many findings (one subject's case file).
MAX_BASIS_FINDINGS = 200


def _unit(value: float, name: str) -> float:
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number from 0 to 1")
    return value


class ReportFinding(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    behaviour: str
    detector: str = Field(min_length=1, max_length=64)
    score: float
    evidence: dict[str, Any]
    related: list[str] = Field(default_factory=list, max_length=10_000)

    @field_validator("behaviour")
    @classmethod
    def _behaviour(cls, value: str) -> str:
        if value not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {value!r}; known: {', '.join(BEHAVIOURS)}")
        return value

    @field_validator("score")
    @classmethod
    def _score(cls, value: float) -> float:
        return _unit(value, "score")

    @field_validator("evidence")
    @classmethod
    def _evidence(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"evidence must be plain JSON ({exc})") from exc
        return value

    @field_validator("related")
    @classmethod
    def _related(cls, value: list[str]) -> list[str]:
        if any(not item.strip() or len(item) > MAX_ID_CHARS for item in value):
            raise ValueError(f"related ids are texts of 1-{MAX_ID_CHARS} characters")
        return value


class ReportApplication(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["application"] = "application"
    id: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    risk: float
    findings: list[ReportFinding] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if value != value.strip() or not value:
            raise ValueError("an application id has no leading or trailing spaces")
        return value

    @field_validator("risk")
    @classmethod
    def _risk(cls, value: float) -> float:
        return _unit(value, "risk")


class ReportSubject(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    kind: SubjectKind
    subject: str = Field(min_length=1, max_length=MAX_SUBJECT_CHARS)
    risk: float
    applications: int = Field(ge=0)
    flagged: int = Field(ge=0)
    mean_risk: float | None = None

    @field_validator("risk", "mean_risk")
    @classmethod
    def _risk(cls, value: float | None) -> float | None:
        return None if value is None else _unit(value, "risk")

    @model_validator(mode="after")
    def _counts(self) -> ReportSubject:
        if self.flagged > self.applications:
            raise ValueError("flagged cannot exceed applications")
        return self


# A broken report names its first bad lines, not all of a million.
MAX_REPORTED_ERRORS = 20


@dataclass
class ParsedReport:
    applications: list[ReportApplication]
    subjects: list[ReportSubject]
    # SHA-256 over the rows in canonical JSON: the same report, however it was formatted,
    # has the same digest, which is what makes an import idempotent.
    digest: str


def _decode(line: str | Mapping[str, Any]) -> tuple[Mapping[str, Any] | None, str | None]:
    """(row, None), (None, problem), or (None, None) for a blank line."""
    if isinstance(line, Mapping):
        return line, None
    if not line.strip():
        return None, None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(data, dict):
        return None, "expected a JSON object"
    return data, None


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _row(data: Mapping[str, Any]) -> ReportApplication | ReportSubject:
    kind = data.get("kind", "application")
    if kind in ("applicant", "agency"):
        return ReportSubject.model_validate(data)
    if kind == "application":
        return ReportApplication.model_validate(data)
    raise ValueError(f"kind: expected application, applicant or agency, got {kind!r}")


def parse_report(lines: Iterable[str | Mapping[str, Any]]) -> ParsedReport:
    """Every row of a report checked, or `InvalidInput` listing the bad lines by number
    (blank lines are skipped but counted)."""
    applications: list[ReportApplication] = []
    subjects: list[ReportSubject] = []
    first_seen: dict[tuple[str, str], int] = {}
    errors: list[str] = []
    digest = hashlib.sha256()
    for number, line in enumerate(lines, start=1):
        data, problem = _decode(line)
        if data is None:
            if problem is not None:
                errors.append(f"line {number}: {problem}")
            continue
        try:
            digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
            row = _row(data)
        except ValidationError as exc:
            errors.append(f"line {number}: {_problem(exc)}")
            continue
        except (TypeError, ValueError) as exc:
            errors.append(f"line {number}: {exc}")
            continue
        digest.update(b"\n")
        key = (row.kind, row.id if isinstance(row, ReportApplication) else row.subject)
        if key in first_seen:
            errors.append(
                f"line {number}: {key[0]} {key[1]!r} is already on line {first_seen[key]}"
            )
            continue
        first_seen[key] = number
        if isinstance(row, ReportApplication):
            applications.append(row)
        else:
            subjects.append(row)
    if errors:
        shown = "; ".join(errors[:MAX_REPORTED_ERRORS])
        more = (
            f" (and {len(errors) - MAX_REPORTED_ERRORS} more)"
            if len(errors) > MAX_REPORTED_ERRORS
            else ""
        )
        raise InvalidInput(
            f"the report has {len(errors)} bad line(s) and nothing was imported: {shown}{more}",
            field=errors[0].split(":", 1)[0],
        )
    if not first_seen:
        raise InvalidInput("the report has no rows", field="lines")
    return ParsedReport(applications, subjects, digest.hexdigest())


class RunMeta(BaseModel):
    """What the report file does not say about itself: where it came from and when."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, max_length=500, description="Report file or job name")
    engine: str = Field(default="local", min_length=1, max_length=32, description="local, spark")
    as_of: date = Field(description="The screening date the detectors judged up to")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Detector settings")
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @field_validator("started_at", "finished_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a time zone (e.g. 2026-11-20T08:00:00+08:00)")
        return value

    @model_validator(mode="after")
    def _order(self) -> RunMeta:
        if self.started_at and self.finished_at and self.finished_at < self.started_at:
            raise ValueError("finished_at is before started_at")
        return self


class RunImport(RunMeta):
    lines: list[str | dict[str, Any]] = Field(
        min_length=1, description="The report's lines: JSON texts or already decoded objects"
    )


class RunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    digest: str
    engine: str
    as_of: date
    parameters: dict[str, Any]
    application_count: int
    flagged_count: int
    finding_count: int
    subject_count: int
    started_at: datetime | None
    finished_at: datetime | None
    imported_at: datetime
    created_by: int | None


class FindingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    run_id: int
    as_of: date
    application_id: str
    application_risk: float
    behaviour: str
    behaviour_label_zh: str
    behaviour_label_en: str
    detector: str
    score: float
    evidence: dict[str, Any]
    related: list[str]
    status: FindingStatus
    reviewer_id: int | None
    reviewed_at: datetime | None
    review_note: str | None
    version: int


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    expected_version: int = Field(ge=1, description="The version the reviewer saw (409 if stale)")
    note: str | None = Field(
        default=None, max_length=MAX_NOTE_CHARS, description="Required to dismiss"
    )


class RiskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    run_id: int
    kind: str
    subject: str
    risk: float
    applications: int
    flagged: int
    mean_risk: float | None


def _basis(value: list[int]) -> list[int]:
    if len(set(value)) != len(value):
        raise ValueError("a finding is named twice")
    return sorted(value)


def _name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("must not be blank")
    return value


def _optional(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None


def _stripped(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value.strip()


FindingIds = Annotated[
    list[int], Field(min_length=1, max_length=MAX_BASIS_FINDINGS), AfterValidator(_basis)
]
SubjectName = Annotated[
    str, Field(min_length=1, max_length=MAX_SUBJECT_CHARS), AfterValidator(_name)
]
Uscc = Annotated[str | None, Field(default=None, max_length=40), AfterValidator(_optional)]


class ClueCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    finding_ids: FindingIds
    subject_name: SubjectName
    subject_uscc: Uscc = None
    division_code: str = Field(min_length=1, max_length=20, description="GB/T 2260, 6 digits")
    summary: Annotated[
        str, Field(min_length=1, max_length=MAX_NOTE_CHARS), AfterValidator(_stripped)
    ]


class ClueRead(BaseModel):
    id: int
    subject_name: str
    subject_uscc: str | None
    division_code: str
    division_name_zh: str
    division_name_en: str
    summary: str
    status: str
    created_by: int | None
    created_at: datetime
    transferred_at: datetime | None
    finding_ids: list[int]
    version: int


class CreditProposal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    finding_ids: FindingIds
    subject_name: SubjectName
    subject_uscc: Uscc = None
    subject_type: SubjectType
    conduct: str = Field(default="abnormal_patent_application", max_length=48)
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)


class CreditRead(BaseModel):
    id: int
    subject_name: str
    subject_uscc: str | None
    subject_type: str
    conduct: str
    conduct_item: int
    conduct_title_zh: str
    conduct_title_en: str
    conduct_source: str
    listing_months: int
    note: str | None
    status: str
    proposed_by: int | None
    proposed_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    listing_start: date | None
    listing_end: date | None
    finding_ids: list[int]
    version: int


class RuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: dict[str, Any] = Field(description="The rule as JSON (see ipoffice.screening.rules)")


class RuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_version: int = Field(ge=1)
    rule: dict[str, Any] | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> RuleUpdate:
        if self.rule is None and self.active is None:
            raise ValueError("send a new rule, active, or both")
        return self


class RuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    rule: dict[str, Any]
    active: bool
    created_by: int | None
    created_at: datetime
    updated_by: int | None
    updated_at: datetime
    version: int
