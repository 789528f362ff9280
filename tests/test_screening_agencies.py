"""Order No. 77 Art. 3(7): agencies and attorneys with a high share of flagged applications
(AgencyRateDetector, agency_rows)."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import pytest

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.agencies import (
    MAX_RELATED,
    AgencyRateDetector,
    agency_rows,
    binomial_tail,
    wilson_lower_bound,
)
from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.linked import LinkedEntitiesDetector
from ipoffice.screening.planting.filing_cases import load_titles, plant_filing_cases
from ipoffice.screening.volume import VolumeBurstDetector
from tests.shared_data import shared

AS_OF = date(2024, 12, 31)
_serial = iter(range(10**7))


def app(agency: str | None, month: int = 6, agents: tuple[str, ...] = ()) -> PatentDocument:
    return PatentDocument(
        id=f"CN{next(_serial):09d}",
        title="一种装置",
        lang="zh",
        applicants=[f"申请人{next(_serial) % 50}有限公司"],
        agency=agency,
        agents=list(agents),
        filing_date=date(2024, month, 3),
    )


def flagged(docs: list[PatentDocument], share: float, rng: random.Random) -> dict[str, list]:  # type: ignore[type-arg]
    behaviours = ["duplicate_or_combination", "machine_generated", "volume_without_capacity"]
    return {d.id: [Finding(rng.choice(behaviours), 0.8, {})] for d in docs if rng.random() < share}


def batch(rng: random.Random) -> tuple[list[PatentDocument], dict[str, list]]:  # type: ignore[type-arg]
    """Ten normal agencies (one very large) at about 5 % flagged, one at about 50 %."""
    docs: list[PatentDocument] = []
    earlier: dict[str, list] = {}  # type: ignore[type-arg]
    for i in range(10):
        size = 2000 if i == 0 else 150
        own = [app(f"北京{i}号专利代理事务所（普通合伙）", 1 + k % 12) for k in range(size)]
        earlier |= flagged(own, 0.05, rng)
        docs += own
    bad = [app("广州速达知识产权代理有限公司", 1 + k % 12) for k in range(120)]
    earlier |= flagged(bad, 0.5, rng)
    return docs + bad, earlier


def run(docs: list[PatentDocument], earlier: dict[str, list]) -> dict[str, list]:  # type: ignore[type-arg]
    context = ScreeningContext(as_of=AS_OF, earlier=earlier)
    detector: Detector = AgencyRateDetector()
    return detector.detect([(d.id, detector.prepare(d, context)) for d in docs], context)


def test_statistics() -> None:
    assert wilson_lower_bound(0, 0) == 0.0
    assert 0.3 < wilson_lower_bound(50, 100) < 0.5
    assert wilson_lower_bound(50, 100) < wilson_lower_bound(500, 1000) < 0.5
    direct = sum(math.comb(20, k) * 0.1**k * 0.9 ** (20 - k) for k in range(5, 21))
    assert binomial_tail(5, 20, 0.1) == pytest.approx(direct, rel=1e-9)
    assert binomial_tail(0, 20, 0.1) == 1.0
    assert binomial_tail(600, 700, 0.05) == 0.0  # underflows to zero, does not hang


def test_the_agency_with_a_high_share_is_found_and_the_large_normal_one_is_not() -> None:
    docs, earlier = batch(random.Random(1))
    found = run(docs, earlier)
    bad = {d.id for d in docs if d.agency == "广州速达知识产权代理有限公司"}
    assert set(found) == bad & set(earlier)  # only its applications that were flagged
    finding = found[sorted(found)[0]][0]
    figures = finding.evidence["agency"]
    assert finding.behaviour == "agency_involvement"
    assert figures["agency"] == "广州速达知识产权代理有限公司"
    assert figures["applications"] == 120
    assert figures["flagged"] == len(bad & set(earlier))
    assert figures["lower_bound"] > 2 * figures["overall_rate"]
    assert figures["tail_probability"] < 1e-10
    assert sum(figures["behaviours"].values()) == figures["flagged"]
    assert finding.evidence["own_behaviours"] == sorted(
        {f.behaviour for f in earlier[sorted(found)[0]]}
    )
    assert len(finding.related) == min(MAX_RELATED, figures["flagged"] - 1)
    assert 0.5 < finding.score <= 1.0
    json.dumps(finding.evidence)
    # The large agency has more flagged applications than the bad one, at the usual share.
    rows = {
        r.agency: r
        for r in agency_rows(
            [(d.id, AgencyRateDetector().prepare(d, ScreeningContext(as_of=AS_OF))) for d in docs],
            ScreeningContext(as_of=AS_OF, earlier=earlier),
        )
    }
    large = rows["北京0号专利代理事务所（普通合伙）"]
    assert large.flagged > figures["flagged"] and not large.significant and large.score == 0.0


def test_agency_rows_cover_every_agency() -> None:
    docs, earlier = batch(random.Random(2))
    context = ScreeningContext(as_of=AS_OF, earlier=earlier)
    detector = AgencyRateDetector()
    rows = agency_rows([(d.id, detector.prepare(d, context)) for d in docs], context)
    assert len(rows) == 11
    assert rows[0].agency == "广州速达知识产权代理有限公司" and rows[0].significant
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert all(0.0 <= r.score <= 1.0 for r in rows)
    assert rows[0].as_dict()["rate"] == pytest.approx(
        rows[0].flagged / rows[0].applications, abs=1e-4
    )


def test_spellings_of_one_agency_are_one_agency() -> None:
    docs, earlier = batch(random.Random(3))
    for index, doc in enumerate(docs):
        if doc.agency == "广州速达知识产权代理有限公司" and index % 2:
            doc.agency = "广州速达知识产权代理有限公司 "
        if doc.agency and doc.agency.startswith("北京1号") and index % 2:
            doc.agency = "北京1号专利代理事务所(普通合伙)"
    found = run(docs, earlier)
    assert found[sorted(found)[0]][0].evidence["agency"]["applications"] == 120
    context = ScreeningContext(as_of=AS_OF, earlier=earlier)
    detector = AgencyRateDetector()
    rows = agency_rows([(d.id, detector.prepare(d, context)) for d in docs], context)
    assert len(rows) == 11


def test_small_agencies_and_batches_without_findings_give_nothing() -> None:
    docs, earlier = batch(random.Random(4))
    small = [app("小所知识产权代理有限公司") for _ in range(8)]
    earlier |= {d.id: [Finding("machine_generated", 0.9, {})] for d in small}
    assert not set(run(docs + small, earlier)) & {d.id for d in small}
    assert run(docs, {}) == {}
    # The detector's own earlier findings are not counted as flags.
    own = {i: [Finding("agency_involvement", 0.9, {})] for i in earlier}
    assert run(docs, own) == {}


def test_an_attorney_with_a_high_share_is_found_in_a_normal_agency() -> None:
    rng = random.Random(5)
    docs, earlier = batch(rng)
    normal = "北京3号专利代理事务所（普通合伙）"
    hers = [app(normal, 1 + k % 12, agents=("孙丽",)) for k in range(40)]
    others = [app(normal, 1 + k % 12, agents=("钱进",)) for k in range(200)]
    earlier |= flagged(hers, 0.6, rng) | flagged(others, 0.05, rng)
    found = run(docs + hers + others, earlier)
    mine = {d.id for d in hers} & set(earlier)
    assert mine <= set(found)
    assert not {d.id for d in others} & set(found)
    evidence = found[sorted(mine)[0]][0].evidence
    assert evidence["agency_flagged"] is False
    assert evidence["agents"][0]["agency"] == f"{normal} / 孙丽"


def test_documents_without_agency_or_date() -> None:
    docs, earlier = batch(random.Random(6))
    loose = [app(None) for _ in range(30)]
    undated = app("广州速达知识产权代理有限公司")
    undated.filing_date = None
    earlier |= {d.id: [Finding("machine_generated", 0.9, {})] for d in [*loose, undated]}
    found = run(docs + loose + [undated], earlier)
    assert not set(found) & {d.id for d in loose}
    assert undated.id in found
    assert found[undated.id][0].evidence["agency"]["undated_applications"] == 1


def test_findings_do_not_depend_on_input_order() -> None:
    docs, earlier = batch(random.Random(7))
    first = run(docs, earlier)
    random.Random(8).shuffle(docs)
    second = run(docs, earlier)
    assert list(first) == list(second)
    assert [[f.as_dict() for f in v] for v in first.values()] == [
        [f.as_dict() for f in v] for v in second.values()
    ]


def _scores(cases_docs: list[PatentDocument], context: ScreeningContext) -> set[str]:
    detector = AgencyRateDetector()
    prepared = [(d.id, detector.prepare(d, context)) for d in cases_docs]
    return set(detector.detect(prepared, context))


def test_planted_cases_with_generated_titles() -> None:
    cases = plant_filing_cases(random.Random(13), scale=0.3)
    found = _scores(cases.documents, ScreeningContext(as_of=cases.as_of, earlier=cases.earlier))
    truth = cases.truth["agency_involvement"]
    assert len(found & truth) >= 0.95 * len(truth)
    assert len(found - truth) <= 0.05 * len(found)


def test_planted_cases_on_real_titles_after_the_other_detectors() -> None:
    """The earlier findings of the burst and linked detectors themselves, with the simulated
    findings of the content detectors."""
    titles = load_titles(shared("cn_ipc/cn_titles_ipc_dev.csv"))
    cases = plant_filing_cases(random.Random(77), titles)
    context = ScreeningContext(as_of=cases.as_of)
    earlier: dict[str, list[Finding]] = {
        k: [
            f
            for f in v
            if f.behaviour not in ("volume_without_capacity", "dispersed_linked_filings")
        ]
        for k, v in cases.earlier.items()
    }
    for detector in (VolumeBurstDetector(), LinkedEntitiesDetector()):
        prepared = [(d.id, detector.prepare(d, context)) for d in cases.documents]
        for doc_id, items in detector.detect(prepared, context).items():
            earlier.setdefault(doc_id, []).extend(items)
    found = _scores(cases.documents, ScreeningContext(as_of=cases.as_of, earlier=earlier))
    truth = cases.truth["agency_involvement"]
    assert len(found & truth) >= 0.95 * len(truth)
    assert len(found - truth) <= 0.05 * len(found)
