"""The screening record through its services, on SQLite and PostgreSQL: importing batch
reports (idempotent, all or nothing), reviewing findings (roles, versions, races), clues and
credit proposals only from confirmed findings, office rules; plus the pure parts (report
parsing, credit rule data, evidence arrangement)."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from ipoffice.core import audit
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identity import Principal, principal_of
from ipoffice.core.models import AuditRecord, User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.demo.seed import fake_uscc
from ipoffice.screening import referrals, rule_store, service
from ipoffice.screening.credit import CONDUCT_ITEMS, conduct_item, listing_period
from ipoffice.screening.evidence_view import evidence_nodes, id_candidates
from ipoffice.screening.models import RiskScore, ScreeningFinding, ScreeningRun
from ipoffice.screening.office_rules import OfficeRulesDetector
from ipoffice.screening.schemas import ClueCreate, CreditProposal, RunMeta, parse_report
from tests.conftest import Factory

META = RunMeta(source="batch-2026-11.jsonl", engine="local", as_of=date(2026, 11, 20))
PASSAGE = "一种电池热管理装置，包括壳体、设置于壳体内的电芯模组以及贴合于电芯模组表面的导热板。"


def sample_rows() -> list[dict[str, Any]]:
    return [
        {"id": "A-1", "risk": 0.84, "findings": [
            {"behaviour": "duplicate_or_combination", "detector": "near_duplicates", "score": 0.6,
             "evidence": {"similarity": 0.6, "shared_sentences": [PASSAGE], "same_applicant": True},
             "related": ["A-2"]},
            {"behaviour": "machine_generated", "detector": "generated", "score": 0.6,
             "evidence": {"signals": ["low perplexity"]}, "related": []},
        ]},
        {"id": "A-2", "risk": 0.6, "findings": [
            {"behaviour": "duplicate_or_combination", "detector": "near_duplicates", "score": 0.6,
             "evidence": {"similarity": 0.6}, "related": ["A-1"]},
        ]},
        {"id": "A-3", "risk": 0.0, "findings": []},
        {"kind": "applicant", "subject": "甲电子有限公司", "risk": 0.27, "applications": 2,
         "flagged": 2, "mean_risk": 0.72},
        {"kind": "agency", "subject": "乙专利代理事务所", "risk": 0.1, "applications": 3,
         "flagged": 1},
    ]  # fmt: skip


def as_lines(rows: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(row, ensure_ascii=False) for row in rows]


def import_sample(db: Database, rows: list[dict[str, Any]] | None = None) -> ScreeningRun:
    with db.session(write=True) as session:
        run, created = service.import_run(
            session, as_lines(rows or sample_rows()), META, actor=audit.SYSTEM
        )
        assert created
        return run


def count(db: Database, model: Any) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def person(db: Database, role: Role) -> Principal:
    account = Factory(db).account(role)
    with db.session(write=False) as session:
        user = session.get(User, account.user_id)
        assert user is not None
        return principal_of(user)


def finding_id(db: Database, application: str, behaviour: str) -> int:
    with db.session(write=False) as session:
        found = session.scalar(
            select(ScreeningFinding.id).where(
                ScreeningFinding.application_id == application,
                ScreeningFinding.behaviour == behaviour,
            )
        )
        assert found is not None
        return found


def review(
    db: Database, who: Principal, fid: int, decision: str, version: int, note: str | None = None
) -> ScreeningFinding:
    with db.session(write=True) as session:
        return service.review_finding(
            session,
            principal=who,
            finding_id=fid,
            decision=decision,  # type: ignore[arg-type]
            expected_version=version,
            note=note,
        )


def run_together(n: int, call: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)

    def go(i: int) -> Any:
        barrier.wait()
        try:
            return call(i)
        except Exception as exc:  # the loser's answer is what the test checks
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(go, range(n)))


# --- import ---------------------------------------------------------------------------------


def test_import_records_the_run_its_findings_and_risk_rows(db: Database) -> None:
    run = import_sample(db)
    assert (run.application_count, run.flagged_count, run.finding_count, run.subject_count) == (
        3, 2, 3, 2,
    )  # fmt: skip
    with db.session(write=False) as session:
        findings = session.scalars(select(ScreeningFinding).order_by(ScreeningFinding.id)).all()
        assert [(f.application_id, f.behaviour, f.status, f.version) for f in findings] == [
            ("A-1", "duplicate_or_combination", "open", 1),
            ("A-1", "machine_generated", "open", 1),
            ("A-2", "duplicate_or_combination", "open", 1),
        ]
        assert findings[0].evidence["shared_sentences"] == [PASSAGE]
        assert findings[0].related == ["A-2"] and findings[0].application_risk == 0.84
        risks = {(r.kind, r.subject): r for r in session.scalars(select(RiskScore))}
        assert len(risks) == 5
        assert (risks[("application", "A-3")].risk, risks[("application", "A-3")].flagged) == (0, 0)
        applicant = risks[("applicant", "甲电子有限公司")]
        assert (applicant.applications, applicant.flagged, applicant.mean_risk) == (2, 2, 0.72)
        assert risks[("agency", "乙专利代理事务所")].mean_risk is None
        actions = session.scalars(select(AuditRecord.action)).all()
        assert actions.count("import_screening_run") == 1
        assert audit.verify(session).ok


def test_the_same_report_imported_twice_makes_one_run(db: Database) -> None:
    first = import_sample(db)
    # The same rows, decoded and with other spacing and key order: the same report.
    again = [dict(reversed(list(row.items()))) for row in sample_rows()]
    with db.session(write=True) as session:
        run, created = service.import_run(session, again, META, actor=audit.SYSTEM)
    assert (run.id, created) == (first.id, False)
    assert count(db, ScreeningRun) == 1 and count(db, ScreeningFinding) == 3
    changed = sample_rows()
    changed[2]["risk"] = 0.1
    with db.session(write=True) as session:
        _other, created = service.import_run(session, as_lines(changed), META, actor=audit.SYSTEM)
    assert created and count(db, ScreeningRun) == 2


def test_concurrent_imports_of_one_report_make_one_run(db: Database) -> None:
    def attempt(_i: int) -> tuple[int, bool]:
        with db.session(write=True) as session:
            run, created = service.import_run(
                session, as_lines(sample_rows()), META, actor=audit.SYSTEM
            )
            return run.id, created

    results = run_together(3, attempt)
    assert all(isinstance(r, tuple) for r in results), results
    assert len({run_id for run_id, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, True]
    assert count(db, ScreeningRun) == 1 and count(db, ScreeningFinding) == 3


def test_malformed_lines_are_named_and_nothing_is_written(db: Database) -> None:
    rows = as_lines(sample_rows())
    bad = [
        rows[0],
        '{"id": "B-1", "risk": 0.5,',  # 2: cut short
        json.dumps({"id": "B-2", "risk": 0.5, "findings": [
            {"behaviour": "spam", "detector": "x", "score": 0.5, "evidence": {}}]}),  # 3
        json.dumps({"id": "B-3", "risk": 1.5, "findings": []}),  # 4: risk out of range
        rows[0],  # 5: the same application again
        json.dumps({"kind": "agency", "subject": "丙", "risk": 0.1, "applications": 1,
                    "flagged": 2}),  # 6: more flagged than filed
        "",  # 7: blank lines are skipped
        json.dumps({"id": 7, "risk": 0.1}),  # 8: an id must be text
        json.dumps(["not", "an", "object"]),  # 9
        json.dumps({"id": "B-4", "risk": 0.1, "findings": [], "extra": 1}),  # 10
    ]  # fmt: skip
    with pytest.raises(InvalidInput) as caught, db.session(write=True) as session:
        service.import_run(session, bad, META, actor=audit.SYSTEM)
    message = caught.value.message
    assert caught.value.field == "line 2"
    for number in (2, 3, 4, 5, 6, 8, 9, 10):
        assert f"line {number}:" in message, number
    assert "line 1:" not in message and "line 7:" not in message
    assert "unknown behaviour 'spam'" in message and "already on line 1" in message
    assert "8 bad line(s)" in message
    assert count(db, ScreeningRun) == 0 and count(db, ScreeningFinding) == 0
    assert count(db, RiskScore) == 0 and count(db, AuditRecord) == 0


def test_a_failure_while_writing_leaves_nothing_behind(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rows are written, then the import fails (say, the disk fills): the one transaction
    # takes the run and every row back with it.
    original = service._insert_rows

    def broken(session: Any, run_id: int, report: Any) -> None:
        original(session, run_id, report)
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "_insert_rows", broken)
    with pytest.raises(RuntimeError), db.session(write=True) as session:
        service.import_run(session, as_lines(sample_rows()), META, actor=audit.SYSTEM)
    assert count(db, ScreeningRun) == 0 and count(db, ScreeningFinding) == 0
    assert count(db, RiskScore) == 0


def test_an_empty_report_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no rows"):
        parse_report(["", "  "])


def test_report_digest_ignores_formatting_but_not_content() -> None:
    rows = sample_rows()
    compact = parse_report([json.dumps(r, separators=(",", ":")) for r in rows])
    spaced = parse_report([json.dumps(r, indent=None, sort_keys=True) for r in rows])
    assert compact.digest == spaced.digest == parse_report(rows).digest
    assert len(compact.applications) == 3 and len(compact.subjects) == 2
    reordered = parse_report(list(reversed(rows)))
    assert reordered.digest != compact.digest


def test_many_bad_lines_name_the_first_twenty() -> None:
    lines = ["{"] * 25
    with pytest.raises(InvalidInput) as caught:
        parse_report(lines)
    assert "25 bad line(s)" in caught.value.message and "(and 5 more)" in caught.value.message
    assert "line 20:" in caught.value.message and "line 21:" not in caught.value.message


# --- review ---------------------------------------------------------------------------------


def test_findings_are_listed_riskiest_application_first(db: Database) -> None:
    import_sample(db)
    with db.session(write=False) as session:
        rows, total = service.list_findings(session)
        assert total == 3
        assert [(f.application_id, f.behaviour) for f in rows] == [
            ("A-1", "duplicate_or_combination"),
            ("A-1", "machine_generated"),
            ("A-2", "duplicate_or_combination"),
        ]
        rows, total = service.list_findings(session, behaviour="machine_generated")
        assert total == 1 and rows[0].application_id == "A-1"
        assert service.list_findings(session, application="A-2")[1] == 1
        assert service.list_findings(session, min_score=0.7)[1] == 0
        assert [f.application_id for f in service.list_findings(session, limit=1, offset=2)[0]] == [
            "A-2"
        ]
        counts = service.finding_counts(session, status="open")
        assert counts["status"] == {"open": 3}
        assert counts["behaviour"] == {"duplicate_or_combination": 2, "machine_generated": 1}
        with pytest.raises(NotFound):
            service.get_finding(session, 999_999)


def test_review_rules_for_examiners_and_administrators(db: Database) -> None:
    import_sample(db)
    examiner, admin = person(db, Role.EXAMINER), person(db, Role.ADMINISTRATOR)
    applicant = person(db, Role.APPLICANT)
    dup = finding_id(db, "A-1", "duplicate_or_combination")
    gen = finding_id(db, "A-1", "machine_generated")
    with pytest.raises(PermissionDenied):
        review(db, applicant, dup, "confirm", 1)
    with pytest.raises(InvalidInput) as no_reason:
        review(db, examiner, gen, "dismiss", 1, note="  ")
    assert no_reason.value.field == "note"
    confirmed = review(db, examiner, dup, "confirm", 1, note="same claims as A-2")
    assert (confirmed.status, confirmed.version, confirmed.reviewer_id) == (
        "confirmed", 2, examiner.user_id,
    )  # fmt: skip
    with pytest.raises(Conflict) as twice:
        review(db, examiner, dup, "dismiss", 2, note="changed my mind")
    assert twice.value.code == "already_reviewed"
    with pytest.raises(PermissionDenied):
        review(db, examiner, dup, "reopen", 2, note="mistake")
    with pytest.raises(InvalidInput):
        review(db, admin, dup, "reopen", 2)
    reopened = review(db, admin, dup, "reopen", 2, note="wrong application compared")
    assert (reopened.status, reopened.reviewer_id, reopened.version) == ("open", None, 3)
    dismissed = review(db, admin, gen, "dismiss", 1, note="the text is an ordinary translation")
    assert dismissed.status == "dismissed"
    with db.session(write=False) as session:
        payloads = [
            json.loads(r.payload)
            for r in session.scalars(
                select(AuditRecord).where(AuditRecord.action == "review_finding")
            )
        ]
        assert [(p["from"], p["to"]) for p in payloads] == [
            ("open", "confirmed"), ("confirmed", "open"), ("open", "dismissed"),
        ]  # fmt: skip
        assert audit.verify(session).ok


def test_a_stale_version_is_refused(db: Database) -> None:
    import_sample(db)
    examiner = person(db, Role.EXAMINER)
    fid = finding_id(db, "A-2", "duplicate_or_combination")
    with pytest.raises(Conflict) as stale:
        review(db, examiner, fid, "confirm", 7)
    assert stale.value.code == "stale_version" and stale.value.field == "expected_version"


def test_two_reviewers_at_once_one_wins(db: Database) -> None:
    import_sample(db)
    first, second = person(db, Role.EXAMINER), person(db, Role.EXAMINER)
    fid = finding_id(db, "A-2", "duplicate_or_combination")
    results = run_together(
        2,
        lambda i: (
            review(
                db, (first, second)[i], fid, ("confirm", "dismiss")[i], 1, note=f"reviewer {i}"
            ).status
        ),
    )
    winners = [r for r in results if isinstance(r, str)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], Conflict) and losers[0].code == "stale_version"
    with db.session(write=False) as session:
        finding = service.get_finding(session, fid)
        assert (finding.status, finding.version) == (winners[0], 2)
        assert len(session.scalars(select(AuditRecord).where(
            AuditRecord.action == "review_finding")).all()) == 1  # fmt: skip


# --- clues and credit proposals -------------------------------------------------------------


def test_clues_and_credit_proposals_need_confirmed_findings(db: Database) -> None:
    import_sample(db)
    examiner, admin = person(db, Role.EXAMINER), person(db, Role.ADMINISTRATOR)
    dup = finding_id(db, "A-1", "duplicate_or_combination")
    gen = finding_id(db, "A-1", "machine_generated")
    other = finding_id(db, "A-2", "duplicate_or_combination")
    review(db, examiner, gen, "dismiss", 1, note="not generated")
    uscc = fake_uscc(random.Random(7), "440300")
    clue = {"subject_name": "甲电子有限公司", "division_code": "440300", "summary": "重复申请"}
    credit = {"subject_name": "甲电子有限公司", "subject_type": "applicant"}

    def draft(ids: list[int], **extra: Any) -> Any:
        with db.session(write=True) as session:
            data = ClueCreate.model_validate({**clue, "finding_ids": ids, **extra})
            return referrals.clue_read(
                referrals.create_clue(session, principal=examiner, data=data)
            )

    def propose(ids: list[int], **extra: Any) -> Any:
        with db.session(write=True) as session:
            data = CreditProposal.model_validate({**credit, "finding_ids": ids, **extra})
            record = referrals.propose_credit_record(
                session, principal=examiner, data=data, on=date(2026, 11, 20)
            )
            return referrals.credit_read(record)

    for ids in ([dup], [gen], [dup, gen]):  # open, dismissed, mixed
        with pytest.raises(Conflict) as refused:
            draft(ids)
        assert refused.value.code == "finding_not_confirmed"
        with pytest.raises(Conflict):
            propose(ids)
    with pytest.raises(NotFound):
        draft([999_999])
    review(db, examiner, dup, "confirm", 1)
    review(db, examiner, other, "confirm", 1)
    with pytest.raises(InvalidInput) as division:
        draft([dup], division_code="990000")
    assert division.value.field == "division_code"
    with pytest.raises(InvalidInput) as code:
        draft([dup], subject_uscc=uscc[:-1] + ("0" if uscc[-1] != "0" else "1"))
    assert code.value.field == "subject_uscc"
    made = draft([dup, other], subject_uscc=uscc.lower())
    assert (made.status, made.division_code, made.subject_uscc) == ("draft", "440300", uscc)
    assert made.finding_ids == [dup, other] and made.division_name_zh.startswith("广东省")
    proposed = propose([dup], note="两件内容相同")
    assert (proposed.status, proposed.conduct_item, proposed.listing_months) == ("proposed", 1, 12)
    assert proposed.listing_start is None and proposed.decided_by is None
    with pytest.raises(Conflict) as again:
        propose([other])
    assert again.value.code == "already_proposed"
    with pytest.raises(Conflict) as cited:
        review(db, admin, dup, "reopen", 2, note="recheck")
    assert cited.value.code == "finding_cited"
    with db.session(write=False) as session:
        actions = session.scalars(select(AuditRecord.action)).all()
        assert actions.count("create_clue") == 1 and actions.count("propose_credit_record") == 1
        assert [c.id for c in referrals.clues_citing(session, other)] == [made.id]
        assert referrals.credit_records_citing(session, other) == []


def test_credit_rule_data_carries_its_source_and_period() -> None:
    item = conduct_item("abnormal_patent_application", date(2024, 1, 20))
    assert (item.item, item.listing_months, item.effective_from) == (1, 12, date(2022, 1, 24))
    assert "信用管理规定" in item.source and all(i.source for i in CONDUCT_ITEMS)
    assert listing_period(item, date(2026, 3, 2)) == (date(2026, 3, 2), date(2027, 3, 2))
    assert listing_period(item, date(2024, 2, 29)) == (date(2024, 2, 29), date(2025, 2, 28))
    with pytest.raises(InvalidInput):
        conduct_item("abnormal_patent_application", date(2021, 12, 31))
    with pytest.raises(InvalidInput):
        conduct_item("malicious_trademark")
    with pytest.raises(InvalidInput):
        listing_period(item, date(2020, 1, 1))


# --- office rules ---------------------------------------------------------------------------

RULE = {
    "code": "R2026-01",
    "title": "实用新型权利要求数量异常",
    "score": 0.6,
    "basis": "本局通知",
    "condition": {"all": [{"field": "kind", "op": "eq", "value": "utility_model"},
                          {"field": "claims_count", "op": "gt", "value": 50}]},
}  # fmt: skip


def test_office_rules_are_kept_checked_and_versioned(db: Database) -> None:
    admin = audit.Actor(id=None, name="admin")
    with db.session(write=True) as session:
        row = rule_store.create_rule(session, actor=admin, rule=RULE)
        assert (row.code, row.active, row.version, row.rule) == ("R2026-01", True, 1, RULE)
    bad = {**RULE, "code": "R2", "condition": {"all": [{"field": "colour", "op": "eq",
                                                        "value": "red"}]}}  # fmt: skip
    with pytest.raises(InvalidInput) as caught, db.session(write=True) as session:
        rule_store.create_rule(session, actor=admin, rule=bad)
    assert caught.value.field == "condition.all[0]" and "unknown field 'colour'" in (
        caught.value.message
    )
    with pytest.raises(Conflict), db.session(write=True) as session:
        rule_store.create_rule(session, actor=admin, rule=RULE)
    with pytest.raises(Conflict) as stale, db.session(write=True) as session:
        rule_store.update_rule(session, actor=admin, code="R2026-01", expected_version=5,
                               active=False)  # fmt: skip
    assert stale.value.code == "stale_version"
    with pytest.raises(InvalidInput) as renamed, db.session(write=True) as session:
        rule_store.update_rule(session, actor=admin, code="R2026-01", expected_version=1,
                               rule={**RULE, "code": "R2026-02"})  # fmt: skip
    assert renamed.value.field == "code"
    with db.session(write=True) as session:
        row = rule_store.update_rule(
            session, actor=admin, code="R2026-01", expected_version=1,
            rule={**RULE, "score": 0.7},
        )  # fmt: skip
        assert (row.version, row.rule["score"]) == (2, 0.7)
        parsed = rule_store.office_rules(session)
        assert [r.code for r in parsed] == ["R2026-01"] and parsed[0].score == 0.7
        assert OfficeRulesDetector(parsed).rules[0].title == RULE["title"]
    with db.session(write=True) as session:
        row = rule_store.update_rule(
            session, actor=admin, code="R2026-01", expected_version=2, active=False
        )
        assert (row.active, row.version) == (False, 3)
        assert rule_store.office_rules(session) == []
        assert [r.code for r in rule_store.list_rules(session)] == ["R2026-01"]
        actions = session.scalars(select(AuditRecord.action).order_by(AuditRecord.seq)).all()
        assert actions == ["create_office_rule", "update_office_rule", "deactivate_office_rule"]
    with pytest.raises(NotFound), db.session(write=False) as session:
        rule_store.get_rule(session, "R-none")


# --- evidence arranged for the page ---------------------------------------------------------


def test_evidence_is_arranged_by_the_shape_of_each_value() -> None:
    evidence = {
        "zeta": "short",
        "similarity": 0.61234,
        "same_applicant": False,
        "shared_sentences": [PASSAGE],
        "near_duplicates": [{"id": "A-2", "similarity": 0.6}, {"id": "X-9", "similarity": 0.5}],
        "monthly_series": {"2026-01": 2, "2026-02": 8},
        "baseline": {"mean_monthly": 4.1, "months": 12},
        "tail": 1.2e-12,
        "period": {"from": "2026-01", "peak": {"to": "2026-02"}},
        "others": ["A-2", "X-9"],
    }
    nodes = evidence_nodes(
        "duplicate_or_combination",
        evidence,
        related=["A-2", "X-9"],
        links={"A-2": "/workbench/A-2"},
        label=lambda key: key.upper(),
    )
    kinds = {n.key: n.kind for n in nodes}
    assert [n.key for n in nodes][:3] == ["similarity", "shared_sentences", "same_applicant"]
    assert kinds == {
        "similarity": "figure", "shared_sentences": "passages", "same_applicant": "flag",
        "near_duplicates": "table", "monthly_series": "series", "others": "ids",
        "period": "mapping", "zeta": "text", "baseline": "mapping", "tail": "figure",
    }  # fmt: skip
    by_key = {n.key: n for n in nodes}
    assert by_key["similarity"].value == "0.6123" and by_key["similarity"].label == "SIMILARITY"
    assert [(c.text, c.href) for c in by_key["others"].value] == [
        ("A-2", "/workbench/A-2"), ("X-9", None),
    ]  # fmt: skip
    table = by_key["near_duplicates"]
    assert table.columns == ["ID", "SIMILARITY"]
    assert table.rows[0][0].href == "/workbench/A-2" and table.rows[1][0].href is None
    assert by_key["monthly_series"].value == [("2026-01", "2", 25), ("2026-02", "8", 100)]
    assert by_key["tail"].value == "1.2e-12"
    assert [(c.label, c.value) for c in by_key["baseline"].children] == [
        ("MEAN_MONTHLY", "4.1"), ("MONTHS", "12"),
    ]  # fmt: skip
    assert id_candidates(evidence, ["Q-1"]) >= {"A-2", "X-9", "Q-1", "2026-01"}
