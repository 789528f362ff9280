"""The detector for Order No. 77 Art. 3(8): the office's own rules (`ipoffice.screening.rules`).

Rules are given to the detector when it is built (from the office's rule table or a JSON file),
so adding one is a change of data, not of code. Only rules in effect on the screening date run.
Tests on the document are evaluated per application in `prepare`; tests on what the other
detectors found (`behaviours`) in `detect`, once their findings are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.rules import OfficeRule, check, describe, evaluate, field_value

# Text shown in the evidence for a test on a long field is cut to this many characters.
MAX_SHOWN_CHARS = 120


@dataclass(frozen=True)
class PreparedRules:
    # Per rule in effect: the results of its document tests, by test index, and what they saw.
    results: tuple[tuple[str, dict[int, bool], dict[int, str]], ...]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    text = str(value) if value is not None else "(none)"
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "…"


class OfficeRulesDetector:
    behaviour = "other_bad_faith"
    name = "office_rules"

    def __init__(self, rules: Sequence[OfficeRule]) -> None:
        self.rules = tuple(rules)

    def _in_effect(self, context: ScreeningContext) -> list[OfficeRule]:
        return [rule for rule in self.rules if rule.in_effect(context.as_of)]

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> PreparedRules:
        out = []
        for rule in self._in_effect(context):
            results: dict[int, bool] = {}
            seen: dict[int, str] = {}
            for test in rule.tests:
                if test.late:
                    continue
                value = field_value(doc, test.field)
                results[test.index] = check(test, value)
                seen[test.index] = _shown(value)
            out.append((rule.code, results, seen))
        return PreparedRules(tuple(out))

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        rules = {rule.code: rule for rule in self._in_effect(context)}
        findings: Findings = {}
        for app_id, features in prepared:
            assert isinstance(features, PreparedRules)
            behaviours = sorted({f.behaviour for f in context.earlier.get(app_id, ())})
            for code, results, seen in features.results:
                rule = rules[code]
                results = dict(results)
                for test in rule.tests:
                    if test.late:
                        results[test.index] = check(test, behaviours)
                        seen = {**seen, test.index: _shown(behaviours)}
                if not evaluate(rule.condition, results):
                    continue
                findings.setdefault(app_id, []).append(
                    Finding(self.behaviour, rule.score, _evidence(rule, results, seen))
                )
        return findings


def _evidence(rule: OfficeRule, results: dict[int, bool], seen: dict[int, str]) -> dict[str, Any]:
    tests = rule.tests
    return {
        "rule": rule.code,
        "title": rule.title,
        "basis": rule.basis,
        "tests": [
            {"test": describe(t), "value": seen.get(t.index, ""), "passed": results[t.index]}
            for t in tests
        ],
    }
