"""A finding's evidence, arranged for a person to read on a page.

Every detector writes its own evidence (plain JSON), and new detectors keep coming, so the page
does not hard-code each one: the evidence becomes a tree of typed nodes by the shape of each
value. Figures are shown as figures, long texts as quoted passages, lists of application ids as
links to the examiner workbench (where the office holds the application), lists of records as
tables, and a mapping of months (or dates) to numbers as bars. Per behaviour, the keys
an examiner checks first come first (`LEAD_KEYS`); the rest follow in name order. The raw JSON
is always shown beside it, so nothing is hidden by the arrangement.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.applications.models import Application
from ipoffice.core.errors import DomainError
from ipoffice.core.identifiers import parse_application_number

# A text longer than this (or with a line break) is a passage, shown as a quotation.
PASSAGE_CHARS = 60
# Deeper structures are shown as compact JSON: three levels cover every detector so far.
MAX_DEPTH = 3
# Figures below this are shown in scientific notation, not rounded to 0.
SMALL = 1e-3
# A table shows at most this many rows; the raw JSON has the rest.
MAX_ROWS = 50

# What an examiner checks first, per behaviour (keys missing from a finding are skipped).
LEAD_KEYS: dict[str, tuple[str, ...]] = {
    "duplicate_or_combination": ("similarity", "estimated_similarity", "shared_sentences",
                                 "same_applicant", "near_duplicates", "other_applicants"),
    "fabricated_or_copied": ("similarity", "passages", "shared_sentences", "source"),
    "machine_generated": ("score", "perplexity", "passages", "signals"),
    "degraded_or_padded": ("signals", "passages", "claims"),
    "volume_without_capacity": ("entity", "month", "applications_in_month",
                                "ratio_to_baseline", "baseline", "monthly_series", "signals"),
    "dispersed_linked_filings": ("cluster", "signals", "member_count", "applications",
                                 "members", "period", "monthly", "places"),
    "agency_involvement": ("agency", "rate", "lower_bound", "flagged", "applications",
                           "behaviours", "agents"),
    "other_bad_faith": ("rule", "title", "basis", "tests"),
}  # fmt: skip
# Keys whose lists are application ids even when they are not all in `related`.
_ID_KEY = re.compile(r"(^|_)(ids|related|related_applications|applications_listed_ids)$")
# A mapping whose keys are all dates or months (and values numbers) is a series, drawn as bars.
_PERIOD_KEY = re.compile(r"^\d{4}(-\d{2}){0,2}$")
# Keys whose texts are quoted from the application, whatever their length.
_PASSAGE_KEY = re.compile(r"(sentence|passage|excerpt|quote|text)s?$")


@dataclass
class Cell:
    text: str
    href: str | None = None


@dataclass
class Node:
    """kind: flag, figure, text, passage, link, ids, passages, list, table, series, mapping,
    items, json."""

    kind: str
    label: str
    key: str = ""
    value: Any = None
    children: list[Node] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    more: int = 0


Labeler = Callable[[str], str]


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _figure(value: float) -> str:
    if not isinstance(value, float):
        return str(value)
    if value != 0 and abs(value) < SMALL:
        return f"{value:.3g}"  # a tail probability of 1e-12 must not read as 0
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _cell(value: Any, links: Mapping[str, str]) -> Cell:
    if isinstance(value, bool):
        return Cell("✓" if value else "✗")
    if isinstance(value, int | float):
        return Cell(_figure(value))
    if isinstance(value, str):
        return Cell(value, links.get(value))
    if value is None:
        return Cell("—")
    if isinstance(value, list) and all(_scalar(v) for v in value):
        return Cell(", ".join("—" if v is None else str(v) for v in value))
    return Cell(json.dumps(value, ensure_ascii=False, sort_keys=True))


class _Builder:
    def __init__(self, label: Labeler, related: set[str], links: Mapping[str, str]) -> None:
        self.label = label
        self.related = related
        self.links = links

    def node(self, key: str, value: Any, depth: int) -> Node:
        label = self.label(key)
        if isinstance(value, bool):
            return Node("flag", label, key, value)
        if isinstance(value, int | float):
            return Node("figure", label, key, _figure(value))
        if value is None:
            return Node("text", label, key, "—")
        if isinstance(value, str):
            if value in self.links:
                return Node("link", label, key, Cell(value, self.links[value]))
            quoted = _PASSAGE_KEY.search(key) or len(value) > PASSAGE_CHARS or "\n" in value
            return Node("passage" if quoted else "text", label, key, value)
        if depth >= MAX_DEPTH:
            return Node("json", label, key, json.dumps(value, ensure_ascii=False, indent=1))
        if isinstance(value, list):
            return self._list(key, label, value, depth)
        if isinstance(value, dict):
            return self._mapping(key, label, value, depth)
        return Node("text", label, key, str(value))

    def _list(self, key: str, label: str, value: list[Any], depth: int) -> Node:
        if all(isinstance(v, str) for v in value):
            if value and (_ID_KEY.search(key) or all(v in self.related for v in value)):
                return Node("ids", label, key, [Cell(v, self.links.get(v)) for v in value])
            if _PASSAGE_KEY.search(key) or any(len(v) > PASSAGE_CHARS or "\n" in v for v in value):
                return Node("passages", label, key, value)
            return Node("list", label, key, value)
        if value and all(isinstance(v, dict) for v in value):
            columns: list[str] = []
            for row in value:
                columns += [k for k in row if k not in columns]
            rows = [[_cell(row.get(c), self.links) for c in columns] for row in value[:MAX_ROWS]]
            return Node(
                "table", label, key, None, columns=[self.label(c) for c in columns], rows=rows,
                more=max(0, len(value) - MAX_ROWS),
            )  # fmt: skip
        if all(_scalar(v) for v in value):
            return Node("list", label, key, [_cell(v, self.links).text for v in value])
        children = [self.node(f"{i + 1}", v, depth + 1) for i, v in enumerate(value)]
        return Node("items", label, key, children=children)

    def _mapping(self, key: str, label: str, value: dict[str, Any], depth: int) -> Node:
        numbers = [v for v in value.values() if isinstance(v, int | float)]
        periods = all(_PERIOD_KEY.match(str(k)) for k in value)
        plain = not any(isinstance(v, bool) for v in numbers)
        if value and periods and len(numbers) == len(value) and plain:
            top = max(abs(v) for v in numbers) or 1
            bars = [(str(k), _figure(v), round(100 * abs(v) / top)) for k, v in value.items()]
            return Node("series", label, key, bars)
        children = [self.node(str(k), v, depth + 1) for k, v in value.items()]
        return Node("mapping", label, key, children=children)


def evidence_nodes(
    behaviour: str,
    evidence: Mapping[str, Any],
    *,
    related: list[str],
    links: Mapping[str, str],
    label: Labeler,
) -> list[Node]:
    """The evidence as nodes, the behaviour's lead keys first. `links` maps application ids to
    the workbench page of the office's application; `label` names a key for the page."""
    builder = _Builder(label, set(related), links)
    lead = [k for k in LEAD_KEYS.get(behaviour, ()) if k in evidence]
    rest = sorted(k for k in evidence if k not in lead)
    return [builder.node(k, evidence[k], 1) for k in lead + rest]


def id_candidates(evidence: Any, related: list[str]) -> set[str]:
    """Every text in the evidence that could be an application id (for looking up links)."""
    found = set(related)
    stack = [evidence]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if 0 < len(value) <= 64:
                found.add(value)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return found


def workbench_links(session: Session, ids: set[str]) -> dict[str, str]:
    """Application ids that name one of the office's applications -> its workbench page."""
    canonical: dict[str, str] = {}
    for item in ids:
        try:
            family, number = parse_application_number(item)
        except DomainError:
            continue
        if family == "patent":
            canonical[item] = number
    if not canonical:
        return {}
    held = set(
        session.scalars(
            select(Application.number).where(Application.number.in_(set(canonical.values())))
        )
    )
    return {item: f"/workbench/{n}" for item, n in canonical.items() if n in held}
