"""Order No. 77 Art. 3(8): office-defined rules, as data, validated and applied."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import PatentDocument
from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.office_rules import OfficeRulesDetector
from ipoffice.screening.rules import parse_rule, parse_rules

MANY_CLAIMS_UM = {
    "code": "R2026-01",
    "title": "实用新型权利要求数量异常",
    "score": 0.6,
    "basis": "局令第77号第三条第（八）项；本局通知",
    "effective_from": "2026-01-01",
    "condition": {
        "all": [
            {"field": "kind", "op": "eq", "value": "utility_model"},
            {"field": "claims_count", "op": "gt", "value": 30},
            {"not": {"field": "agency", "op": "contains", "value": "示范代理"}},
        ]
    },
}
GENERATED_AND_ELECTRIC = {
    "code": "R2026-02",
    "title": "Generated text in H01",
    "score": 0.8,
    "condition": {
        "all": [
            {"field": "behaviours", "op": "contains", "value": "machine_generated"},
            {"field": "ipc", "op": "prefix", "value": "H01"},
        ]
    },
}
CONTEXT = ScreeningContext(as_of=date(2026, 11, 21))


def utility_model(doc_id: str, claims: int, agency: str = "某某代理") -> PatentDocument:
    return PatentDocument(
        id=doc_id,
        title="一种夹具",
        kind="utility_model",
        lang="zh",
        claims=[f"根据权利要求1所述的夹具，其特征在于，第{i}部分为圆形。" for i in range(claims)],
        agency=agency,
        ipc=["B25B5/00"],
    )


def run(detector: OfficeRulesDetector, docs: list[PatentDocument], ctx: ScreeningContext):  # type: ignore[no-untyped-def]
    prepared = [(doc.id, detector.prepare(doc, ctx)) for doc in docs]
    return detector.detect(prepared, ctx)


def test_a_rule_fires_with_the_values_it_saw_as_evidence() -> None:
    detector = OfficeRulesDetector(parse_rules([MANY_CLAIMS_UM]))
    found = run(detector, [utility_model("U1", 40), utility_model("U2", 5)], CONTEXT)
    assert list(found) == ["U1"]
    finding = found["U1"][0]
    assert finding.behaviour == "other_bad_faith" and finding.score == 0.6
    assert finding.evidence["rule"] == "R2026-01"
    tests = finding.evidence["tests"]
    assert tests[1] == {"test": "claims_count gt 30.0", "value": "40.0", "passed": True}
    assert tests[2]["passed"] is False  # the agency test under "not"


def test_negation_and_normalised_text() -> None:
    detector = OfficeRulesDetector(parse_rules([MANY_CLAIMS_UM]))
    # Full-width and traditional forms of the excluded agency still match it.
    assert run(detector, [utility_model("U1", 40, agency="北京示範代理所")], CONTEXT) == {}


def test_rules_on_other_findings_are_judged_after_the_other_detectors() -> None:
    detector = OfficeRulesDetector(parse_rules([GENERATED_AND_ELECTRIC]))
    doc = PatentDocument(id="C1", title="电池", lang="zh", ipc=["H01M10/0525"])
    earlier = {"C1": [Finding("machine_generated", 0.9, {})]}
    ctx = ScreeningContext(as_of=date(2026, 11, 21), earlier=earlier)
    assert run(detector, [doc], CONTEXT) == {}
    found = run(detector, [doc], ctx)
    assert found["C1"][0].evidence["tests"][0]["value"] == "machine_generated"


def test_rules_out_of_effect_do_not_run() -> None:
    detector = OfficeRulesDetector(parse_rules([MANY_CLAIMS_UM]))
    before = ScreeningContext(as_of=date(2025, 12, 31))
    assert run(detector, [utility_model("U1", 40)], before) == {}


def test_the_detector_follows_the_protocol_and_pickles() -> None:
    detector: Detector = OfficeRulesDetector(parse_rules([MANY_CLAIMS_UM]))
    prepared = detector.prepare(utility_model("U1", 40), CONTEXT)
    assert pickle.loads(pickle.dumps(prepared)) == prepared  # noqa: S301 - our own bytes


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": "R 1"}, "code", "letters, digits"),
        ({"score": 0}, "score", "above 0"),
        ({"score": True}, "score", "number"),
        ({"title": " "}, "title", "title"),
        ({"effective_to": "2025-01-01"}, "effective_to", "after effective_from"),
        ({"effective_from": "2026-02-30"}, "effective_from", "YYYY-MM-DD"),
        ({"owner": "x"}, "owner", "unknown rule field"),
        (
            {"condition": {"field": "colour", "op": "eq", "value": "x"}},
            "condition",
            "unknown field",
        ),
        (
            {"condition": {"field": "claims_count", "op": "contains", "value": 3}},
            "condition",
            "takes eq",
        ),
        (
            {"condition": {"field": "claims_count", "op": "gt", "value": "3"}},
            "condition",
            "expected a number",
        ),
        ({"condition": {"all": []}}, "condition", "non-empty list"),
        (
            {"condition": {"field": "title", "op": "contains_any", "value": "x"}},
            "condition",
            "list of 1-100",
        ),
    ],
)
def test_bad_rules_are_refused_saying_where(change: dict, field: str, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInput) as caught:
        parse_rule({**MANY_CLAIMS_UM, **change})
    assert caught.value.field is not None and caught.value.field.startswith(field)
    assert message in str(caught.value)


def test_deep_or_huge_conditions_are_refused() -> None:
    deep: dict = {"field": "kind", "op": "eq", "value": "design"}  # type: ignore[type-arg]
    for _ in range(12):
        deep = {"not": deep}
    with pytest.raises(InvalidInput, match="nested more than"):
        parse_rule({**MANY_CLAIMS_UM, "condition": deep})
    many = {"any": [{"field": "title", "op": "contains", "value": f"w{i}"} for i in range(100)]}
    with pytest.raises(InvalidInput, match="at most 64 tests"):
        parse_rule({**MANY_CLAIMS_UM, "condition": many})


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(InvalidInput, match="appears twice"):
        parse_rules([MANY_CLAIMS_UM, MANY_CLAIMS_UM])
