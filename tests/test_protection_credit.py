"""The credit register through its services, on SQLite and PostgreSQL: listing (directly and
by deciding a screening proposal), the period and its end date, extension for a repeat offence
(capped at 3 years), credit repair (waiting time, another officer reviews), removal on
revocation, the public list on a date, the measures other modules read, roles, bad input and
concurrent edits."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identity import Principal, principal_of
from ipoffice.core.models import AuditRecord, User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.demo.seed import fake_uscc
from ipoffice.parties.models import Party
from ipoffice.protection import credit_queries as queries
from ipoffice.protection import credit_service as service
from ipoffice.protection.credit_schemas import (
    ExtensionCreate,
    ListingCreate,
    RepairCreate,
    RepairReview,
    Revocation,
)
from ipoffice.protection.credit_workflow import CreditStatus
from ipoffice.screening import referrals
from ipoffice.screening.models import CreditRecord as Proposal
from ipoffice.screening.schemas import CreditProposal
from tests.conftest import Factory
from tests.test_screening_records import finding_id, import_sample, review

LISTED_ON = date(2026, 3, 1)
USCC = fake_uscc(random.Random(11), "440300")
NAME = "深圳市甲乙电子有限公司"


def person(db: Database, role: Role, **fields: Any) -> Principal:
    account = Factory(db).account(role, **fields)
    with db.session(write=False) as session:
        user = session.get(User, account.user_id)
        assert user is not None
        return principal_of(user)


def listing(**fields: Any) -> ListingCreate:
    data = {
        "subject_name": NAME,
        "subject_type": "organisation",
        "id_type": "uscc",
        "id_number": USCC,
        "category": "abnormal_patent_application",
        "basis_authority": "国家知识产权局",
        "basis_document": "国知专认字〔2026〕第1号",
        "basis_date": date(2026, 2, 20),
        "start": LISTED_ON,
        **fields,
    }
    return ListingCreate.model_validate(data)


def list_one(db: Database, officer: Principal, on: date = LISTED_ON, **fields: Any) -> int:
    with db.session(write=True) as session:
        return service.do_list_entity(session, actor=officer, data=listing(**fields), on=on).id


def extend(
    db: Database,
    officer: Principal,
    rid: int,
    version: int,
    on: date,
    doc: str,
    basis: date | None = None,
) -> Any:
    data = ExtensionCreate(basis_authority="国家知识产权局", basis_document=doc,
                           basis_date=basis or on, expected_version=version)  # fmt: skip
    with db.session(write=True) as session:
        record = service.do_extend_listing(session, actor=officer, record_id=rid, data=data, on=on)
        return record.end_on, record.version


def apply(db: Database, who: Principal, rid: int, version: int, on: date) -> tuple[int, bool]:
    data = RepairCreate(statement="已撤回全部非正常申请并完成整改", expected_version=version)
    with db.session(write=True) as session:
        repair = service.do_apply_repair(session, actor=who, record_id=rid, data=data, on=on)
        return repair.id, repair.on_paper


def decide(
    db: Database, who: Principal, rid: int, repair: int, decision: str, on: date, version: int = 1
) -> str:
    data = RepairReview.model_validate(
        {"decision": decision, "reason": "整改到位", "expected_version": version}
    )
    with db.session(write=True) as session:
        return service.do_review_repair(
            session, actor=who, record_id=rid, repair_id=repair, data=data, on=on
        ).status


def state(db: Database, rid: int, on: date) -> Any:
    with db.session(write=False) as session:
        return queries.record_read(queries.get_record(session, rid), on)


def public_ids(db: Database, on: date, q: str = "") -> list[int]:
    with db.session(write=False) as session:
        rows, _total = queries.public_list(session, on=on, q=q)
        return [r.id for r in rows]


def actions(db: Database) -> list[str]:
    with db.session(write=False) as session:
        stmt = select(AuditRecord.action).where(AuditRecord.entity == "credit_record")
        return list(session.scalars(stmt.order_by(AuditRecord.seq)).all())


def test_a_listing_runs_one_year_to_the_same_day_and_then_leaves_the_public_list(
    db: Database,
) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    read = state(db, rid, LISTED_ON)
    # Civil Code Art. 201-202: the period ends on the corresponding day a year later, the last
    # day on the list.
    assert (read.start_on, read.end_on, read.status) == (LISTED_ON, date(2027, 3, 1), "in_effect")
    assert (read.max_end_on, read.repair_from) == (date(2029, 3, 1), date(2026, 9, 1))
    assert read.category_item == 1 and "信用管理规定" in read.category_source
    assert state(db, rid, date(2026, 2, 28)).status == "not_started"
    assert state(db, rid, date(2027, 3, 1)).published
    expired = state(db, rid, date(2027, 3, 2))
    assert (expired.status, expired.published, expired.stored_status) == (
        "expired",
        False,
        "in_effect",
    )
    assert public_ids(db, date(2026, 2, 28)) == []
    assert public_ids(db, LISTED_ON) == public_ids(db, date(2027, 3, 1)) == [rid]
    assert public_ids(db, date(2027, 3, 2)) == []
    # The expired record stays in the register.
    with db.session(write=False) as session:
        rows, total = queries.list_register(
            session, on=date(2027, 3, 2), status=CreditStatus.EXPIRED
        )
        assert total == 1 and rows[0].id == rid
        assert (
            queries.list_register(session, on=date(2027, 3, 2), status=CreditStatus.IN_EFFECT)[1]
            == 0
        )
    assert actions(db) == ["list_entity"]


def test_a_listing_on_the_29th_of_february_ends_on_the_28th(db: Database) -> None:
    officer = person(db, Role.ADMINISTRATOR)
    rid = list_one(db, officer, on=date(2028, 3, 1), start=date(2028, 2, 29),
                   basis_date=date(2028, 2, 29))  # fmt: skip
    assert state(db, rid, date(2028, 3, 1)).end_on == date(2029, 2, 28)


def test_the_public_list_is_searchable_by_name_part_and_credit_code(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    other_code = fake_uscc(random.Random(12), "110000")
    other = list_one(db, officer, subject_name="北京丙丁科技有限公司", id_number=other_code,
                     basis_document="国知专认字〔2026〕第2号")  # fmt: skip
    on = date(2026, 4, 1)
    assert public_ids(db, on) == [other, rid]
    assert public_ids(db, on, "甲乙电子") == [rid]
    assert public_ids(db, on, "ＡＢＣ 甲乙") == []
    assert public_ids(db, on, other_code.lower()) == [other]
    assert public_ids(db, on, "%") == []  # a wildcard is a character, not a pattern
    with db.session(write=False) as session:
        entry = queries.public_entry(queries.get_record(session, rid), on)
        assert (entry.id_shown, entry.status) == (USCC, "in_effect")


def test_a_repeat_offence_extends_the_listing_never_beyond_three_years(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    with pytest.raises(InvalidInput) as outside:
        extend(db, officer, rid, 1, date(2026, 4, 1), "X-0", basis=date(2026, 2, 25))
    assert outside.value.field == "basis_date"
    assert extend(db, officer, rid, 1, date(2026, 9, 1), "X-1") == (date(2028, 3, 1), 2)
    assert state(db, rid, date(2026, 8, 31)).status == "in_effect"
    assert state(db, rid, date(2026, 9, 1)).status == "extended"
    assert extend(db, officer, rid, 2, date(2027, 6, 1), "X-2") == (date(2029, 3, 1), 3)
    with pytest.raises(Conflict) as capped:
        extend(db, officer, rid, 3, date(2028, 1, 10), "X-3")
    assert capped.value.code == "maximum_reached"
    read = state(db, rid, date(2029, 3, 1))
    assert (read.end_on, read.status) == (date(2029, 3, 1), "extended")
    assert [(e.previous_end, e.new_end, e.basis_document) for e in read.extensions] == [
        (date(2027, 3, 1), date(2028, 3, 1), "X-1"),
        (date(2028, 3, 1), date(2029, 3, 1), "X-2"),
    ]
    assert state(db, rid, date(2029, 3, 2)).status == "expired"
    assert public_ids(db, date(2029, 3, 2)) == []
    with pytest.raises(Conflict) as late:
        extend(db, officer, rid, 3, date(2029, 3, 2), "X-4")
    assert late.value.code == "transition_not_allowed"
    assert actions(db) == ["list_entity", "listing_extended", "listing_extended"]


def test_an_extension_after_a_short_first_period_stops_at_three_years(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    end, version = extend(db, officer, rid, 1, date(2027, 2, 1), "Y-1")
    end, version = extend(db, officer, rid, version, date(2028, 2, 1), "Y-2")
    assert end == date(2029, 3, 1)


def test_repair_is_refused_before_six_months_and_reviewed_by_another_officer(
    db: Database,
) -> None:
    officer, other = person(db, Role.ENFORCEMENT_OFFICER), person(db, Role.ADMINISTRATOR)
    rid = list_one(db, officer)
    with pytest.raises(Conflict) as early:
        apply(db, officer, rid, 1, date(2026, 8, 31))
    assert early.value.code == "too_early" and "2026-09-01" in early.value.message
    repair, on_paper = apply(db, officer, rid, 1, date(2026, 9, 1))
    assert on_paper
    with pytest.raises(Conflict) as twice:
        apply(db, officer, rid, 2, date(2026, 9, 2))
    assert twice.value.code == "repair_pending"
    with pytest.raises(PermissionDenied, match="another officer"):
        decide(db, officer, rid, repair, "approve", date(2026, 9, 10))
    assert decide(db, other, rid, repair, "approve", date(2026, 9, 10)) == "approved"
    read = state(db, rid, date(2026, 9, 10))
    assert (read.status, read.removed_on, read.pending_repair_id) == (
        "repaired",
        date(2026, 9, 10),
        None,
    )
    assert "整改到位" in (read.removal_reason or "")
    assert public_ids(db, date(2026, 9, 9)) == [rid]
    assert public_ids(db, date(2026, 9, 10)) == []
    assert state(db, rid, date(2026, 9, 9)).status == "in_effect"
    with pytest.raises(Conflict):
        decide(db, other, rid, repair, "refuse", date(2026, 9, 11), version=2)
    assert actions(db) == ["list_entity", "apply_credit_repair", "repair_approved"]


def test_a_refused_repair_leaves_the_listing_and_allows_a_new_application(db: Database) -> None:
    officer, other = person(db, Role.ENFORCEMENT_OFFICER), person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    first, _ = apply(db, officer, rid, 1, date(2026, 10, 1))
    with pytest.raises(ValidationError, match="must not be empty"):
        RepairReview.model_validate({"decision": "refuse", "reason": "  ", "expected_version": 1})
    assert decide(db, other, rid, first, "refuse", date(2026, 10, 8)) == "refused"
    read = state(db, rid, date(2026, 10, 8))
    assert (read.status, read.pending_repair_id, read.repairs[0].review_reason) == (
        "in_effect",
        None,
        "整改到位",
    )
    second, _ = apply(db, officer, rid, read.version, date(2026, 11, 2))
    assert second != first
    with pytest.raises(NotFound):
        decide(db, other, rid, 999_999, "approve", date(2026, 11, 3))


def test_the_subject_applies_for_its_own_repair_and_nobody_else_may(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    factory = Factory(db)
    own = person(db, Role.APPLICANT, party_id=factory.party(name_zh=NAME, uscc=USCC))
    by_name = person(db, Role.APPLICANT, party_id=factory.party(name_zh="深圳市甲乙电子有限公司 "))
    stranger = person(db, Role.APPLICANT)
    examiner = person(db, Role.EXAMINER)
    rid = list_one(db, officer)
    with pytest.raises(PermissionDenied, match="not about your party"):
        apply(db, stranger, rid, 1, date(2026, 9, 1))
    with pytest.raises(PermissionDenied):
        apply(db, examiner, rid, 1, date(2026, 9, 1))
    with db.session(write=False) as session:
        record = queries.get_record(session, rid)
        party = session.get(Party, by_name.party_id)
        assert party is not None and queries.party_matches(party, record) is False  # no uscc
    repair, on_paper = apply(db, own, rid, 1, date(2026, 9, 1))
    assert not on_paper
    with pytest.raises(PermissionDenied):
        decide(db, own, rid, repair, "approve", date(2026, 9, 2))


def test_revocation_removes_the_record_and_closes_a_pending_repair(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    apply(db, officer, rid, 1, date(2026, 9, 1))

    def revoke(version: int, revoked_on: date, on: date) -> Any:
        data = Revocation(
            revoking_authority="国家知识产权局",
            revoking_document="国知复决字〔2026〕第9号",
            revoked_on=revoked_on,
            reason="认定决定经行政复议撤销",
            expected_version=version,
        )
        with db.session(write=True) as session:
            return service.do_remove_on_revocation(
                session, actor=officer, record_id=rid, data=data, on=on
            ).status

    with pytest.raises(InvalidInput) as before:
        revoke(2, date(2026, 2, 1), date(2026, 9, 20))
    assert before.value.field == "revoked_on"
    with pytest.raises(Conflict) as stale:
        revoke(1, date(2026, 9, 15), date(2026, 9, 20))
    assert stale.value.code == "stale_version"
    assert revoke(2, date(2026, 9, 15), date(2026, 9, 20)) == "removed_revoked"
    read = state(db, rid, date(2026, 9, 20))
    assert (read.status, read.removed_on, read.published) == (
        "removed_revoked",
        date(2026, 9, 15),
        False,
    )
    assert read.repairs[0].status == "refused" and read.pending_repair_id is None
    assert "国知复决字" in (read.removal_reason or "")
    assert public_ids(db, date(2026, 9, 14)) == [rid] and public_ids(db, date(2026, 9, 15)) == []
    with pytest.raises(Conflict) as again:
        revoke(read.version, date(2026, 9, 16), date(2026, 9, 20))
    assert again.value.code == "transition_not_allowed"


def test_an_expired_record_can_still_be_marked_revoked(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    data = Revocation(revoking_authority="某中级人民法院", revoking_document="(2027)行初1号",
                      revoked_on=date(2027, 5, 1), reason="判决撤销",
                      expected_version=1)  # fmt: skip
    with db.session(write=True) as session:
        service.do_remove_on_revocation(
            session, actor=officer, record_id=rid, data=data, on=date(2027, 5, 2)
        )
    assert state(db, rid, date(2027, 3, 2)).status == "expired"
    assert state(db, rid, date(2027, 5, 1)).status == "removed_revoked"


def test_deciding_a_screening_proposal_lists_its_subject(db: Database) -> None:
    import_sample(db)
    examiner = person(db, Role.EXAMINER)
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    fid = finding_id(db, "A-1", "duplicate_or_combination")
    review(db, examiner, fid, "confirm", 1)
    with db.session(write=True) as session:
        proposal = referrals.propose_credit_record(
            session,
            principal=examiner,
            data=CreditProposal(finding_ids=[fid], subject_name=NAME, subject_uscc=USCC,
                                subject_type="applicant"),
            on=date(2026, 2, 1),
        ).id  # fmt: skip
    data = {"subject_name": None, "subject_type": None, "id_type": None, "id_number": None,
            "category": None, "proposal_id": proposal}  # fmt: skip
    with pytest.raises(PermissionDenied):
        list_one(db, examiner, **data)
    rid = list_one(db, officer, **data)
    read = state(db, rid, LISTED_ON)
    assert (read.subject_name, read.id_number, read.subject_type, read.category) == (
        NAME,
        USCC,
        "organisation",
        "abnormal_patent_application",
    )
    assert read.screening_proposal_id == proposal
    with db.session(write=False) as session:
        decided = session.get(Proposal, proposal)
        assert decided is not None
        assert (decided.status, decided.listing_start, decided.listing_end) == (
            "in_effect",
            LISTED_ON,
            date(2027, 3, 1),
        )
        assert decided.decided_by == officer.user_id and decided.decided_at is not None
    with pytest.raises(Conflict) as again:
        list_one(db, officer, **data, basis_document="另一决定")
    assert again.value.code == "already_decided"
    with pytest.raises(NotFound):
        list_one(db, officer, **{**data, "proposal_id": 999_999})

    def propose_again(on: date) -> int:
        with db.session(write=True) as session:
            return referrals.propose_credit_record(
                session,
                principal=examiner,
                data=CreditProposal(finding_ids=[fid], subject_name=NAME, subject_uscc=USCC,
                                    subject_type="applicant"),
                on=on,
            ).id  # fmt: skip

    # While the listing runs, a new offence extends it instead; once it has ended, a new
    # proposal may be made.
    with pytest.raises(Conflict) as standing:
        propose_again(date(2027, 3, 1))
    assert standing.value.code == "already_proposed"
    assert propose_again(date(2027, 3, 2)) != proposal


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"id_number": USCC[:-1] + ("0" if USCC[-1] != "0" else "1")}, "id_number"),
        ({"subject_type": "person"}, "id_type"),
        (
            {
                "subject_type": "person",
                "id_type": "resident_id",
                "id_number": "11010519491231002" + "0",
            },
            "id_number",
        ),  # fmt: skip
        ({"id_type": "other", "id_number": "A?"}, "id_number"),
        ({"id_type": None}, "id_type"),
        ({"subject_name": "  "}, "subject_name"),
        ({"category": "speeding"}, "conduct"),
        ({"category": None}, "category"),
        ({"basis_date": date(2026, 3, 2)}, "basis_date"),
        ({"start": date(2026, 3, 2)}, "start"),
        (
            {
                "category": "abnormal_patent_application",
                "start": date(2021, 3, 1),
                "basis_date": date(2021, 3, 1),
            },
            "conduct",
        ),  # fmt: skip
    ],
)
def test_bad_listings_are_refused_and_change_nothing(
    db: Database, fields: dict[str, Any], field: str
) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    with pytest.raises(InvalidInput) as refused:
        list_one(db, officer, **fields)
    assert refused.value.field == field
    assert public_ids(db, LISTED_ON) == [] and actions(db) == []


def test_a_person_is_listed_under_an_identity_number_shown_masked(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    body = "11010519491231002"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    rid = list_one(db, officer, subject_name="张三", subject_type="person",
                   id_type="resident_id", id_number=f"{body[:6]} {body[6:]}{check.lower()}",
                   category="false_materials")  # fmt: skip
    with db.session(write=False) as session:
        record = queries.get_record(session, rid)
        assert record.id_number == body + check
        entry = queries.public_entry(record, LISTED_ON)
        assert entry.id_shown == "*" * 14 + (body + check)[-4:] and entry.category_item == 4


def test_the_same_subject_and_conduct_cannot_be_listed_twice(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    list_one(db, officer)
    with pytest.raises(Conflict) as twice:
        list_one(db, officer, basis_document="another decision")
    assert twice.value.code == "already_listed"
    # Another item of conduct is another listing.
    list_one(db, officer, category="malicious_trademark_application")
    # After the first listing ends, a new offence is a new listing.
    list_one(db, officer, on=date(2027, 3, 2), start=date(2027, 3, 2),
             basis_date=date(2027, 3, 2), basis_document="2027-1")  # fmt: skip


def test_unauthorised_roles_are_refused(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    for role in (Role.EXAMINER, Role.APPLICANT, Role.AGENT, Role.ZONE_EVALUATOR):
        who = person(db, role)
        with pytest.raises(PermissionDenied):
            list_one(db, who, basis_document=f"doc-{role}")
        with pytest.raises(PermissionDenied):
            extend(db, who, rid, 1, date(2026, 9, 1), f"ext-{role}")
    assert actions(db) == ["list_entity"]


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


def test_two_officers_extending_at_once_one_wins(db: Database) -> None:
    first, second = person(db, Role.ENFORCEMENT_OFFICER), person(db, Role.ADMINISTRATOR)
    rid = list_one(db, first)
    results = run_together(
        2, lambda i: extend(db, (first, second)[i], rid, 1, date(2026, 9, 1), f"Z-{i}")
    )
    winners = [r for r in results if isinstance(r, tuple)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], Conflict) and losers[0].code == "stale_version"
    read = state(db, rid, date(2026, 9, 1))
    assert (read.version, len(read.extensions), read.end_on) == (2, 1, date(2028, 3, 1))
    assert actions(db).count("listing_extended") == 1


def test_two_repair_applications_at_once_make_one(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    results = run_together(2, lambda i: apply(db, officer, rid, 1, date(2026, 9, 1)))
    assert sum(isinstance(r, tuple) for r in results) == 1, results
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, tuple))
    assert len(state(db, rid, date(2026, 9, 1)).repairs) == 1


def test_measures_in_force_against_a_listed_subject(db: Database) -> None:
    officer = person(db, Role.ENFORCEMENT_OFFICER)
    rid = list_one(db, officer)
    with db.session(write=False) as session:
        by_code = queries.credit_measures(session, uscc=USCC.lower(), name=None, on=LISTED_ON)
        assert {m.measure for m in by_code} >= {
            "fee_reduction_review",
            "priority_examination_review",
        }
        assert all(m.record_id == rid and "信用管理规定" in m.source for m in by_code)
        assert by_code[0].basis_document == "国知专认字〔2026〕第1号"
        full_width = "深圳市甲乙電子有限公司"  # traditional script matches after normalisation
        assert len(
            queries.credit_measures(session, uscc=None, name=full_width, on=LISTED_ON)
        ) == len(by_code)
        assert queries.credit_measures(session, uscc=USCC, name=None, on=date(2027, 3, 2)) == []
        assert queries.credit_measures(session, uscc=None, name="别的公司", on=LISTED_ON) == []
        with pytest.raises(InvalidInput) as nothing:
            queries.credit_measures(session, uscc=" ", name="", on=LISTED_ON)
        assert nothing.value.field == "uscc"
        with pytest.raises(InvalidInput):
            queries.credit_measures(session, uscc="123", name=None, on=LISTED_ON)
