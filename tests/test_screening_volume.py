"""Order No. 77 Art. 3(5): bursts of filings without R&D capacity (VolumeBurstDetector)."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import pytest

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.bursts import FilingHistory, poisson_tail
from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.planting.filing_cases import load_titles, plant_filing_cases
from ipoffice.screening.volume import MAX_RELATED, VolumeBurstDetector
from tests.shared_data import shared

AS_OF = date(2024, 12, 31)
FIELDS = ["G06F", "A01K", "B65G", "C08L", "E04B", "F16K", "H01M", "A61B", "B23K", "D06F"]
_serial = iter(range(10**7))


def app(
    applicant: str | None,
    year: int,
    month: int,
    *,
    ipc: str = "G06F",
    inventors: tuple[str, ...] = ("王伟", "李娜"),
    kind: str = "invention",
    dated: bool = True,
) -> PatentDocument:
    return PatentDocument(
        id=f"CN{next(_serial):09d}",
        title="一种数据处理方法",
        kind=kind,  # type: ignore[arg-type]
        lang="zh",
        applicants=[applicant] if applicant else [],
        inventors=list(inventors),
        filing_date=date(year, month, 10) if dated else None,
        ipc=[f"{ipc} 1/00"],
    )


def monthly(applicant: str, counts: list[int], **kw: object) -> list[PatentDocument]:
    """`counts[i]` applications in month i of 2024."""
    return [app(applicant, 2024, m + 1, **kw) for m, n in enumerate(counts) for _ in range(n)]  # type: ignore[arg-type]


def flood(applicant: str, month: int, count: int) -> list[PatentDocument]:
    """Unrelated fields, one inventor, mostly utility models."""
    return [
        app(
            applicant,
            2024,
            month,
            ipc=FIELDS[i % len(FIELDS)],
            inventors=("赵敏",),
            kind="utility_model" if i % 5 else "invention",
        )
        for i in range(count)
    ]


def run(
    docs: list[PatentDocument], context: ScreeningContext | None = None, **kw: object
) -> dict[str, list]:  # type: ignore[type-arg]
    context = context or ScreeningContext(as_of=AS_OF)
    detector: Detector = VolumeBurstDetector(**kw)  # type: ignore[arg-type]
    prepared = [(d.id, detector.prepare(d, context)) for d in docs]
    return detector.detect(prepared, context)


def population(rng: random.Random) -> list[PatentDocument]:
    """Steady filers of every size: 300, 40, 8, 2 and 0.3 a month."""
    docs = []
    for name, rate in [
        ("大华电子有限公司", 300),
        ("恒通机械有限公司", 40),
        ("瑞达科技有限公司", 8),
    ]:
        docs += monthly(name, [max(0, round(rng.gauss(rate, rate**0.5))) for _ in range(12)])
    for i in range(40):
        docs += monthly(f"小微{i}号科技有限公司", [rng.choice([0, 1, 2, 3]) for _ in range(12)])
    for i in range(80):
        docs += monthly(f"偶发{i}号设备有限公司", [int(rng.random() < 0.3) for _ in range(12)])
    return docs


def test_a_small_firm_flooding_a_month_is_found_and_steady_big_filers_are_not() -> None:
    docs = population(random.Random(1))
    docs += monthly("鑫源新材料有限公司", [1, 0, 2, 1, 0, 1, 2, 0, 1])
    burst = flood("鑫源新材料有限公司", 10, 80)
    found = run(docs + burst)
    assert set(found) == {d.id for d in burst}
    finding = found[burst[0].id][0]
    evidence = finding.evidence
    assert finding.behaviour == "volume_without_capacity"
    assert evidence["entity"] == "鑫源新材料"
    assert evidence["period"] == {"from": "2024-10", "to": "2024-10", "months": 1}
    assert evidence["applications_in_period"] == 80
    assert evidence["baseline"]["mean_monthly"] == pytest.approx(8 / 9, abs=1e-3)
    assert evidence["monthly_series"]["2024-10"] == 80
    assert evidence["poisson_tail_probability"] < 1e-30
    assert evidence["peers"]["entities"] > 15  # compared with the filers of one or two a month
    assert evidence["peers"]["p99_monthly"] <= 5
    assert set(evidence["signals"]) == {
        "burst",
        "incoherent_fields",
        "inventor_overload",
        "utility_model_heavy",
    }
    assert evidence["inventors"]["top"][0] == {"name": "赵敏", "applications": 80}
    assert evidence["fields"]["distinct_sections"] >= 5
    assert evidence["kinds"] == {"invention": 16, "utility_model": 64}
    assert len(finding.related) == MAX_RELATED and burst[0].id not in finding.related
    assert evidence["applications_total"] == 80
    assert 0.9 < finding.score <= 1.0
    json.dumps(evidence)


def test_a_coherent_burst_scores_lower_than_an_incoherent_one() -> None:
    docs = population(random.Random(2))
    docs += monthly("甲科技有限公司", [1] * 9) + monthly("乙科技有限公司", [1] * 9)
    coherent = [app("甲科技有限公司", 2024, 10, inventors=(f"发明人{i}",)) for i in range(40)]
    incoherent = flood("乙科技有限公司", 10, 40)
    found = run(docs + coherent + incoherent)
    assert found[coherent[0].id][0].evidence["signals"] == ["burst"]
    assert found[coherent[0].id][0].score < found[incoherent[0].id][0].score


def test_steady_filers_growth_and_small_spikes_are_not_bursts() -> None:
    docs = population(random.Random(3))
    docs += monthly("成长科技有限公司", [1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 22, 26])
    docs += monthly("忙碌科技有限公司", [2, 1, 3, 2, 2, 16, 2, 1, 2, 3, 2, 2])  # under 20
    docs += monthly("年终冲刺有限公司", [60] * 11 + [150])  # 2.5 times its usual month
    assert run(docs) == {}


def test_a_flood_spread_over_a_quarter_is_found() -> None:
    docs = population(random.Random(4))
    docs += monthly("慢涨科技有限公司", [0, 1, 0, 1, 0, 1, 0])
    spread = flood("慢涨科技有限公司", 8, 16) + flood("慢涨科技有限公司", 9, 15)
    spread += flood("慢涨科技有限公司", 10, 17)
    found = run(docs + spread)
    assert set(found) == {d.id for d in spread}
    evidence = found[spread[0].id][0].evidence
    assert evidence["period"] == {"from": "2024-08", "to": "2024-10", "months": 3}
    assert evidence["applications_in_period"] == 48


def test_two_spellings_of_one_firm_count_as_one_applicant() -> None:
    docs = population(random.Random(5))
    docs += monthly("华创科技有限公司", [1, 0, 1, 0, 1, 0, 1, 0, 1])
    halves = flood("华创科技有限公司", 10, 12) + flood("華創科技股份有限公司", 10, 12)
    found = run(docs + halves)  # 12 + 12: neither spelling alone reaches 20
    assert set(found) == {d.id for d in halves}
    assert found[halves[0].id][0].evidence["applications_in_period"] == 24
    # The resolved entities the pipeline passes win over the fallback key.
    context = ScreeningContext(as_of=AS_OF, entities={"華創科技股份有限公司": "别的公司"})
    assert run(docs + halves, context) == {}


def test_documents_without_dates_or_applicants() -> None:
    docs = population(random.Random(6))
    docs += monthly("新星科技有限公司", [1, 0, 1, 0, 1, 0, 1, 0, 1])
    burst = flood("新星科技有限公司", 10, 30)
    undated = [app("新星科技有限公司", 2024, 10, dated=False) for _ in range(4)]
    future = [app("新星科技有限公司", 2025, 3) for _ in range(2)]  # after as_of
    by_priority = app("新星科技有限公司", 2024, 10, dated=False)
    by_priority.priority_date = date(2024, 10, 2)
    nobody = [app(None, 2024, 10) for _ in range(30)] + [app("  ", 2024, 10)]
    found = run(docs + burst + undated + future + [by_priority] + nobody)
    assert set(found) == {d.id for d in burst} | {by_priority.id}
    evidence = found[burst[0].id][0].evidence
    assert evidence["applications_in_period"] == 31
    assert evidence["undated_applications"] == 6
    assert "not placed" in evidence["undated_note"]


def test_history_from_the_store_changes_the_baseline() -> None:
    docs = population(random.Random(7))
    burst = flood("老牌制造有限公司", 8, 60)
    assert set(run(docs + burst)) == {d.id for d in burst}
    # The store, for every applicant, shows last year like this year, and that the firm filed
    # about 50 a month until the batch started: its 60 in August are no burst.
    context = ScreeningContext(as_of=AS_OF)
    counts: dict[str, dict[str, int]] = {"老牌制造有限公司": {}}
    for doc in docs:
        assert doc.filing_date is not None
        month = f"2023-{doc.filing_date.month:02d}"
        months = counts.setdefault(doc.applicants[0], {})
        months[month] = months.get(month, 0) + 1
    counts["老牌制造有限公司"] = {f"2023-{m:02d}": 50 for m in range(1, 13)}
    history = FilingHistory.from_names(counts, "2023-01", "2023-12", context)
    assert history.counts["老牌制造"] == {f"2023-{m:02d}": 50 for m in range(1, 13)}
    assert run(docs + burst, history=history) == {}


def test_history_is_validated() -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        FilingHistory({"a": {"2024-13": 1}}, "2024-01", "2024-12")
    with pytest.raises(ValueError, match="negative"):
        FilingHistory({"a": {"2024-02": -1}}, "2024-01", "2024-12")
    with pytest.raises(ValueError, match="after its end"):
        FilingHistory({}, "2024-12", "2024-01")


def test_a_batch_too_short_for_a_baseline_gives_nothing() -> None:
    docs = flood("短期科技有限公司", 12, 80) + monthly("别家有限公司", [0] * 11 + [3])
    assert run(docs) == {}


def test_poisson_tail() -> None:
    assert poisson_tail(0, 3.0) == 1.0
    direct = 1 - sum(math.exp(-3.0) * 3.0**k / math.factorial(k) for k in range(7))
    assert poisson_tail(7, 3.0) == pytest.approx(direct, rel=1e-9)
    assert poisson_tail(80, 1.0) < 1e-100


def test_findings_do_not_depend_on_input_order() -> None:
    docs = population(random.Random(8))
    docs += monthly("鑫源新材料有限公司", [1, 0, 2, 1, 0, 1, 2, 0, 1]) + flood(
        "鑫源新材料有限公司", 10, 60
    )
    first = run(docs)
    random.Random(9).shuffle(docs)
    second = run(docs)
    assert list(first) == list(second)
    assert [[f.as_dict() for f in v] for v in first.values()] == [
        [f.as_dict() for f in v] for v in second.values()
    ]


def _scores(cases_docs: list[PatentDocument], as_of: date) -> set[str]:
    context = ScreeningContext(as_of=as_of)
    detector = VolumeBurstDetector()
    return set(detector.detect([(d.id, detector.prepare(d, context)) for d in cases_docs], context))


def test_planted_cases_with_generated_titles() -> None:
    cases = plant_filing_cases(random.Random(11), scale=0.3)
    found = _scores(cases.documents, cases.as_of)
    truth = cases.truth["volume_without_capacity"]
    assert len(found & truth) >= 0.95 * len(truth)
    assert len(found - truth) <= 0.05 * len(found)


def test_planted_cases_on_real_titles() -> None:
    titles = load_titles(shared("cn_ipc/cn_titles_ipc_dev.csv"))
    cases = plant_filing_cases(random.Random(77), titles)
    found = _scores(cases.documents, cases.as_of)
    truth = cases.truth["volume_without_capacity"]
    assert len(found & truth) >= 0.95 * len(truth)
    assert len(found - truth) <= 0.05 * len(found)
    steady = {cases.documents[0].applicants[0]} | set(cases.planted["steady_large"])
    assert not any(
        set(d.applicants) & steady for d in cases.documents if d.id in found
    )  # the large steady filers are never flagged
