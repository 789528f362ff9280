"""Order No. 77 Art. 3(8): rules the office defines itself, as data an administrator can add
without a change to the code (the catch-all "other conduct against good faith").

A rule is a JSON object:

    {"code": "R2026-01", "title": "...", "score": 0.6, "basis": "CNIPA notice ...",
     "effective_from": "2026-01-01", "effective_to": null,
     "condition": {"all": [{"field": "kind", "op": "eq", "value": "utility_model"},
                           {"field": "claims_count", "op": "gt", "value": 50}]}}

A condition is `{"all": [...]}`, `{"any": [...]}`, `{"not": condition}` or a test
`{"field", "op", "value"}` on one of `FIELDS`. The operators are deliberately plain (no regular
expressions: a badly written pattern could stall a national batch): text fields take `contains`,
`contains_any`, `starts_with`, `eq`, `ne`; lists take `contains` (a member), `contains_any`,
`prefix` (a member starts with it: IPC); numbers and dates take `eq`, `ne`, `lt`, `le`, `gt`,
`ge`, `in`. Text is compared after normalisation (width, case, traditional to simplified).

A rule is in effect for screening dates in [effective_from, effective_to). `behaviours` (what the
other detectors found) is the one field known only after the batch's other detectors ran; tests
on it are evaluated in `detect`, every other test per document in `prepare`.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import PatentDocument
from ipoffice.text.normalize import normalize

MAX_DEPTH = 8
MAX_TESTS = 64
MAX_VALUE_CHARS = 500
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")

TEXT, LIST, NUMBER, DATE = "text", "list", "number", "date"
FIELDS: dict[str, str] = {
    "kind": TEXT, "lang": TEXT, "jurisdiction": TEXT, "title": TEXT, "abstract": TEXT,
    "claims_text": TEXT, "description": TEXT, "agency": TEXT,
    "applicants": LIST, "inventors": LIST, "agents": LIST, "addresses": LIST, "contacts": LIST,
    "ipc": LIST, "behaviours": LIST,
    "claims_count": NUMBER, "applicants_count": NUMBER, "inventors_count": NUMBER,
    "title_length": NUMBER, "abstract_length": NUMBER,
    "filing_date": DATE, "priority_date": DATE,
}  # fmt: skip
OPERATORS: dict[str, frozenset[str]] = {
    TEXT: frozenset({"eq", "ne", "contains", "contains_any", "starts_with"}),
    LIST: frozenset({"contains", "contains_any", "prefix"}),
    NUMBER: frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in"}),
    DATE: frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in"}),
}
LATE_FIELDS = frozenset({"behaviours"})


@dataclass(frozen=True)
class Test:
    index: int  # position among the rule's tests: prepared results are keyed by it
    field: str
    op: str
    value: Any

    @property
    def late(self) -> bool:
        return self.field in LATE_FIELDS


Condition = tuple[str, tuple[Any, ...]] | Test  # ("all" | "any" | "not", parts) or a test


@dataclass(frozen=True)
class OfficeRule:
    code: str
    title: str
    score: float
    condition: Condition
    source: Mapping[str, Any]  # the rule as given, for storage and display
    basis: str = ""
    effective_from: date | None = None
    effective_to: date | None = None

    def in_effect(self, on: date) -> bool:
        starts = self.effective_from is None or self.effective_from <= on
        return starts and (self.effective_to is None or on < self.effective_to)

    @functools.cached_property
    def tests(self) -> tuple[Test, ...]:
        """The condition's tests in index order; collected once, as every application runs them."""
        out: list[Test] = []
        _collect(self.condition, out)
        return tuple(out)


def _collect(condition: Condition, out: list[Test]) -> None:
    if isinstance(condition, Test):
        out.append(condition)
        return
    for part in condition[1]:
        _collect(part, out)


# --- parsing ------------------------------------------------------------------------------


def parse_rule(data: object) -> OfficeRule:
    """A rule from its JSON object; raises `InvalidInput` naming what is wrong and where."""
    if not isinstance(data, Mapping):
        raise InvalidInput("a rule must be a JSON object", field="rule")
    unknown = sorted(set(data) - {"code", "title", "score", "basis", "condition",
                                  "effective_from", "effective_to"})  # fmt: skip
    if unknown:
        raise InvalidInput(f"unknown rule field {unknown[0]!r}", field=unknown[0])
    code = data.get("code")
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise InvalidInput(
            "code: 1-40 letters, digits, '_', '.' or '-', starting with a letter or digit",
            field="code",
        )
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        raise InvalidInput("title: a text of 1-200 characters is required", field="title")
    score = data.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 < score <= 1:
        raise InvalidInput("score: a number above 0 and at most 1 is required", field="score")
    basis = data.get("basis", "") or ""
    if not isinstance(basis, str) or len(basis) > 1000:
        raise InvalidInput("basis: a text of at most 1000 characters", field="basis")
    starts = _optional_date(data.get("effective_from"), "effective_from")
    ends = _optional_date(data.get("effective_to"), "effective_to")
    if starts and ends and ends <= starts:
        raise InvalidInput("effective_to must come after effective_from", field="effective_to")
    if "condition" not in data:
        raise InvalidInput("condition is required", field="condition")
    counter = [0]
    condition = _condition(data["condition"], "condition", 0, counter)
    return OfficeRule(
        code=code,
        title=title.strip(),
        score=float(score),
        condition=condition,
        source=dict(data),
        basis=basis.strip(),
        effective_from=starts,
        effective_to=ends,
    )


def _optional_date(value: object, name: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(f"{name}: expected a date YYYY-MM-DD, got {value!r}", field=name)


def _condition(data: object, where: str, depth: int, counter: list[int]) -> Condition:
    if depth > MAX_DEPTH:
        raise InvalidInput(f"{where}: nested more than {MAX_DEPTH} deep", field=where)
    if not isinstance(data, Mapping) or not data:
        raise InvalidInput(f"{where}: expected an object", field=where)
    if set(data) <= {"all", "any"} and len(data) == 1:
        ((joiner, parts),) = data.items()
        if not isinstance(parts, list) or not parts:
            raise InvalidInput(f"{where}.{joiner}: expected a non-empty list", field=where)
        return joiner, tuple(
            _condition(part, f"{where}.{joiner}[{i}]", depth + 1, counter)
            for i, part in enumerate(parts)
        )
    if set(data) == {"not"}:
        return "not", (_condition(data["not"], f"{where}.not", depth + 1, counter),)
    if set(data) != {"field", "op", "value"}:
        raise InvalidInput(
            f"{where}: expected all/any/not or a test with field, op and value", field=where
        )
    return _test(data, where, counter)


def _test(data: Mapping[str, object], where: str, counter: list[int]) -> Test:
    name, op, value = data["field"], data["op"], data["value"]
    if not isinstance(name, str) or name not in FIELDS:
        raise InvalidInput(
            f"{where}: unknown field {name!r}; fields: {', '.join(sorted(FIELDS))}", field=where
        )
    kind = FIELDS[name]
    if not isinstance(op, str) or op not in OPERATORS[kind]:
        allowed = ", ".join(sorted(OPERATORS[kind]))
        raise InvalidInput(f"{where}: {name} ({kind}) takes {allowed}, not {op!r}", field=where)
    if counter[0] >= MAX_TESTS:
        raise InvalidInput(f"a rule may have at most {MAX_TESTS} tests", field=where)
    test = Test(counter[0], name, op, _value(kind, op, value, where))
    counter[0] += 1
    return test


def _value(kind: str, op: str, value: object, where: str) -> Any:
    many = op in ("contains_any", "in")
    items = value if many else [value]
    if not isinstance(items, list) or not items or len(items) > 100:
        raise InvalidInput(f"{where}: {op} takes a list of 1-100 values", field=where)
    out: list[Any] = []
    for item in items:
        if kind in (TEXT, LIST):
            if not isinstance(item, str) or not item.strip() or len(item) > MAX_VALUE_CHARS:
                raise InvalidInput(
                    f"{where}: expected a text of 1-{MAX_VALUE_CHARS} characters", field=where
                )
            out.append(normalize(item.strip()))
        elif kind == NUMBER:
            if (
                isinstance(item, bool)
                or not isinstance(item, int | float)
                or not math.isfinite(item)
            ):
                raise InvalidInput(f"{where}: expected a number, got {item!r}", field=where)
            out.append(float(item))
        else:
            parsed = _optional_date(item, where)
            if parsed is None:
                raise InvalidInput(f"{where}: expected a date YYYY-MM-DD", field=where)
            out.append(parsed)
    return tuple(out) if many else out[0]


# --- evaluation ---------------------------------------------------------------------------


def field_value(doc: PatentDocument, name: str) -> Any:
    """The value a test on `name` compares (texts and list members normalised)."""
    match name:
        case "claims_text":
            return normalize("\n".join(doc.claims))
        case "claims_count":
            return float(len(doc.claims))
        case "applicants_count":
            return float(len(doc.applicants))
        case "inventors_count":
            return float(len(doc.inventors))
        case "title_length":
            return float(len(doc.title))
        case "abstract_length":
            return float(len(doc.abstract))
        case "filing_date" | "priority_date":
            return getattr(doc, name)
        case _ if FIELDS[name] == LIST:
            return [normalize(item) for item in getattr(doc, name)]
        case _:
            text = getattr(doc, name)
            return normalize(text) if text else ""


def check(test: Test, value: Any) -> bool:
    """Whether `value` (from `field_value`) passes `test`; a missing date or text fails."""
    op, wanted = test.op, test.value
    kind = FIELDS[test.field]
    if value is None or (kind == TEXT and value == "" and op != "ne"):
        return False
    if kind == LIST:
        if op == "contains":
            return wanted in value
        if op == "contains_any":
            return any(item in value for item in wanted)
        return any(str(item).startswith(wanted) for item in value)
    if kind == TEXT:
        if op == "contains":
            return bool(wanted in value)
        if op == "contains_any":
            return any(w in value for w in wanted)
        if op == "starts_with":
            return bool(value.startswith(wanted))
    if op == "in":
        return bool(value in wanted)
    return _COMPARE[op](value, wanted)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def evaluate(condition: Condition, results: Mapping[int, bool]) -> bool:
    """The condition's truth from the results of its tests, by test index."""
    if isinstance(condition, Test):
        return results[condition.index]
    joiner, parts = condition
    if joiner == "all":
        return all(evaluate(part, results) for part in parts)
    if joiner == "any":
        return any(evaluate(part, results) for part in parts)
    return not evaluate(parts[0], results)


def describe(test: Test) -> str:
    shown = list(test.value) if isinstance(test.value, tuple) else test.value
    return f"{test.field} {test.op} {shown}"


def parse_rules(items: Sequence[object]) -> list[OfficeRule]:
    """Several rules; codes must be unique."""
    rules = [parse_rule(item) for item in items]
    seen: set[str] = set()
    for rule in rules:
        if rule.code in seen:
            raise InvalidInput(f"rule code {rule.code} appears twice", field="code")
        seen.add(rule.code)
    return rules
