"""Bad-faith screening on realistically built filings: a hoarder filing 300 marks in 30 classes
that copies famous names and resells, against a real manufacturer filing 40 marks in three
related classes; the switch of the law rule at 2027-01-01; the examiner's decision and the
credit proposal that follows."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ipoffice.core import audit
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identity import Principal, principal_of
from ipoffice.core.models import AuditRecord, User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection.credit_schemas import ListingCreate
from ipoffice.protection.credit_service import do_list_entity
from ipoffice.screening.models import CreditRecord
from ipoffice.trademarks.applicant_profile_records import (
    do_record_assignment,
    do_record_use_evidence,
    do_set_business_scope,
)
from ipoffice.trademarks.bad_faith import do_assess_applicant, do_assess_mark, screen_applicant
from ipoffice.trademarks.bad_faith_decisions import (
    do_decide_assessment,
    do_propose_credit,
    do_reopen_assessment,
    list_assessments,
)
from ipoffice.trademarks.bad_faith_models import BadFaithAssessment
from ipoffice.trademarks.bad_faith_schemas import (
    AssignmentCreate,
    CreditProposalCreate,
    DecisionCreate,
    ReopenRequest,
    ScopeSet,
    UseEvidenceCreate,
)
from ipoffice.trademarks.register import do_register_mark
from ipoffice.trademarks.schemas import MarkCreate
from tests.conftest import Factory

ON = date(2026, 11, 20)
HOARDER_USCC = "91440300MA5DABCD1K"
# Designed copies: famous brands, a public figure, an event's mascot, altered spellings.
COPIES = (
    "星巴克",
    "星巴客",
    "华伪",
    "Gucci",
    "GOOGLE",
    "谷爱凌",
    "钟南山",
    "冰墩墩",
    "可口可乐",
    "路易威登",
    "Starbucks",
    "耐克",
    "阿迪达斯",
    "香奈儿",
    "劳力士",
    "茅台",
    "五粮液",
    "康师傅",
    "老干妈",
    "海底捞",
)
# Coined words for the rest: characters no famous name is made of.
_A = "鑫淼焱垚犇骉"
_B = "彧琮琨琰瑄璟"
_C = "昶晟昊旻暄曦"
MAKER_WORDS = ("禾穗", "稻田香", "麦丰", "鲜味坊", "禾穗坊")
MAKER_CLASSES = ((29, "2901"), (30, "3001"), (32, "3202"))


def staff(db: Database, factory: Factory, role: Role = Role.EXAMINER) -> Principal:
    account = factory.account(role)
    with db.session(write=False) as session:
        user = session.get(User, account.user_id)
        assert user is not None
        return principal_of(user)


def enter(
    session: object,
    actor: Principal,
    *,
    text: str,
    goods: list[str],
    filed: date,
    registered: date | None = None,
    party: int | None = None,
    name: str | None = None,
) -> str:
    data = MarkCreate.model_validate(
        {
            "kind": "word",
            "text": text,
            "goods": [{"code": g} for g in goods],
            "filing_date": filed,
            "status": "registered" if registered else "filed",
            "registration_date": registered,
            "applicant_id": party,
            "applicant_name": name,
        }
    )
    mark, _ = do_register_mark(session, actor=actor, data=data)  # type: ignore[arg-type]
    return mark.number


def coined() -> list[str]:
    orders = (itertools.product(_A, _B, _C), itertools.product(_A, _C, _B))
    return ["".join(p) for p in itertools.chain(*orders)]


@dataclass
class Filings:
    hoarder: str
    maker: str
    hoarder_copy: str  # a recent mark of the hoarder copying 星巴克
    maker_recent: str
    hoarder_marks: int
    maker_marks: int


def build_hoarder(session: object, actor: Principal, party: int) -> tuple[str, int]:
    """300 marks: 40 filed in 2020 and registered in 2021 (a dozen resold within months, none
    used), 260 in the last 12 months across 30 classes, 20 of them copying famous names."""
    words = iter(coined())
    count, copy_number = 0, ""
    for i in range(40):
        filed = date(2020, 3, 2) + timedelta(days=4 * i)
        cls = 1 + (i * 7) % 30
        number = enter(
            session,
            actor,
            text=next(words),
            goods=[f"{cls}"],
            filed=filed,
            registered=filed + timedelta(days=300),
            party=party,
        )
        count += 1
        if i < 12:
            do_record_assignment(
                session,  # type: ignore[arg-type]
                actor=actor,
                number=number,
                data=AssignmentCreate(
                    kind="assignment",
                    assignor="聚宝盆",
                    assignee=f"买家{i}有限公司",
                    dated_on=filed + timedelta(days=300 + 60),
                ),
                today=ON,
            )
        elif i < 17:
            do_record_assignment(
                session,  # type: ignore[arg-type]
                actor=actor,
                number=number,
                data=AssignmentCreate(kind="offer", assignor="聚宝盆", dated_on=date(2025, 5, 1)),
                today=ON,
            )
    for i in range(260):
        filed = date(2025, 12, 1) + timedelta(days=i % 350)
        cls = 1 + i % 30
        text = COPIES[i // 13] if i % 13 == 0 else next(words)
        number = enter(session, actor, text=text, goods=[f"{cls}"], filed=filed, party=party)
        if text == "星巴克":
            copy_number = number
        count += 1
    return copy_number, count


def build_maker(session: object, actor: Principal, party: int) -> tuple[str, int]:
    """40 marks in classes 29, 30 and 32 since 2019-12, used, within the recorded scope."""
    suffixes = ("", "鲜", "园", "家", "源", "坊", "乡", "记")
    count, recent = 0, ""
    for i in range(40):
        filed = date(2019, 12, 2) + timedelta(days=62 * i)
        word = MAKER_WORDS[i % len(MAKER_WORDS)] + suffixes[i // len(MAKER_WORDS)]
        cls, group = MAKER_CLASSES[i % 3]
        registered = filed + timedelta(days=330) if filed < date(2025, 6, 1) else None
        number = enter(
            session,
            actor,
            text=word,
            goods=[group],
            filed=filed,
            registered=registered,
            party=party,
        )
        count += 1
        recent = number
        if registered is not None and registered < date(2024, 1, 1):
            do_record_use_evidence(
                session,  # type: ignore[arg-type]
                actor=actor,
                number=number,
                data=UseEvidenceCreate(
                    used_from=date(2024, 1, 1),
                    used_to=date(2026, 6, 30),
                    description="销售发票与超市陈列照片",
                ),
                today=ON,
            )
        if i == 3:
            do_record_assignment(
                session,  # type: ignore[arg-type]
                actor=actor,
                number=number,
                data=AssignmentCreate(
                    kind="assignment",
                    assignor="禾穗食品",
                    assignee="禾穗食品（杭州）分公司",
                    dated_on=date(2025, 3, 1),
                ),
                today=ON,
            )
    return recent, count


def build_population(session: object, actor: Principal) -> None:
    """Thirty small applicants (name only) with one to four recent filings each."""
    words = iter(reversed(coined()))
    for i in range(30):
        for j in range(1 + i % 4):
            enter(
                session,
                actor,
                text=next(words),
                goods=[f"{1 + (i + j) % 45}"],
                filed=date(2026, 1, 5) + timedelta(days=9 * i + j),
                name=f"个体户{i}",
            )


@pytest.fixture
def examiner(db: Database, factory: Factory) -> Principal:
    return staff(db, factory)


@pytest.fixture
def filings(db: Database, factory: Factory, examiner: Principal) -> Filings:
    hoarder = factory.party(name_zh="深圳市聚宝盆商贸有限公司", uscc=HOARDER_USCC)
    maker = factory.party(name_zh="浙江禾穗食品有限公司")
    with db.session(write=True) as session:
        copy_number, hoarded = build_hoarder(session, examiner, hoarder)
        recent, made = build_maker(session, examiner, maker)
        build_population(session, examiner)
        do_set_business_scope(
            session,
            actor=examiner,
            data=ScopeSet(
                applicant=f"party:{maker}",
                classes=[29, 30, 32, 35],
                description="食品生产、饮料生产与销售",
                source="营业执照（经营范围）",
            ),
        )
    return Filings(f"party:{hoarder}", f"party:{maker}", copy_number, recent, hoarded, made)


def signals_of(row: BadFaithAssessment) -> dict[str, dict[str, object]]:
    return {s["code"]: s for s in row.signals}


def test_hoarder_is_high_risk_with_every_signal_and_its_evidence(
    db: Database, filings: Filings, examiner: Principal
) -> None:
    with db.session(write=True) as session:
        row, created = do_assess_applicant(
            session, actor=examiner, applicant=filings.hoarder, on=ON
        )
        assert created and filings.hoarder_marks == 300
        signals = signals_of(row)
        assert row.risk == "high" and row.rule_id == "tm_art4_2019"
        volume = signals["volume"]
        assert volume["level"] == "high"
        assert volume["figures"]["filed_12m"] == 260  # type: ignore[index]
        assert volume["figures"]["filed_total"] == 300  # type: ignore[index]
        assert volume["figures"]["percentile"] > 96  # type: ignore[index, operator]
        spread = signals["spread"]
        assert spread["level"] == "high" and spread["figures"]["classes"] == 30  # type: ignore[index]
        copies = signals["copies"]
        assert copies["level"] == "high"
        copied = {m["text"] for m in copies["matches"] if m["counted"]}  # type: ignore[attr-defined, index]
        assert {"星巴克", "谷爱凌", "冰墩墩", "Gucci", "华伪"} <= copied
        figure = next(m for m in copies["matches"] if m["text"] == "谷爱凌")  # type: ignore[attr-defined, index]
        assert figure["kind"] == "person" and "10(1)(8)" in figure["basis"]
        resale = signals["resale"]
        assert resale["level"] == "high"
        assert resale["figures"]["assigned_soon"] == 12 and resale["figures"]["offered"] == 5  # type: ignore[index]
        non_use = signals["non_use"]
        assert non_use["figures"]["without_use_evidence"] == 40  # type: ignore[index]
        assert non_use["level"] == "high" and "Art. 49" in str(non_use["basis"])
        assert "不以使用为目的" in row.profile["risk"]["explanation_zh"]


def test_real_manufacturer_is_not_flagged(
    db: Database, filings: Filings, examiner: Principal
) -> None:
    with db.session(write=True) as session:
        screening = screen_applicant(session, applicant=filings.maker, on=ON)
        levels = {s.code: s.level for s in screening.signals}
        assert filings.maker_marks == 40
        assert levels == {"volume": 0, "spread": 0, "copies": 0, "resale": 0, "non_use": 0}
        assert screening.risk.name == "none"
        spread = next(s for s in screening.signals if s.code == "spread")
        assert spread.figures["classes"] == 3 and spread.figures["outside_scope"] == []
        assert spread.figures["groups"] == 3
        volume = next(s for s in screening.signals if s.code == "volume")
        # One filing every 62 days: four in the 12 months up to ON.
        assert volume.figures["filed_total"] == 40 and volume.figures["filed_12m"] == 4


def test_an_application_copying_a_famous_name_is_high_on_its_own(
    db: Database, filings: Filings, examiner: Principal
) -> None:
    with db.session(write=True) as session:
        row, _ = do_assess_mark(session, actor=examiner, number=filings.hoarder_copy, on=ON)
        copies = signals_of(row)["copies"]
        assert row.scope == "application" and row.risk == "high"
        first = copies["matches"][0]  # type: ignore[index]
        assert first["number"] == filings.hoarder_copy and first["reference"] == "brand:星巴克"
        maker, _ = do_assess_mark(session, actor=examiner, number=filings.maker_recent, on=ON)
        assert maker.risk == "none"


def _resale_applicant(session: object, actor: Principal) -> tuple[str, str]:
    """Fifteen marks in two classes, ten assigned within months of registration, and two new
    filings on 2026-12-31 and 2027-01-01."""
    name = "王某某"
    for i in range(15):
        filed = date(2024, 1, 8) + timedelta(days=7 * i)
        number = enter(
            session,
            actor,
            text=f"{_A[i % 6]}{_C[i // 6]}",
            goods=["25"],
            filed=filed,
            registered=filed + timedelta(days=280),
            name=name,
        )
        if i < 10:
            do_record_assignment(
                session,  # type: ignore[arg-type]
                actor=actor,
                number=number,
                data=AssignmentCreate(
                    kind="assignment",
                    assignor=name,
                    assignee=f"服装{i}厂",
                    dated_on=filed + timedelta(days=330),
                ),
                today=ON,
            )
    before = enter(session, actor, text="琮璟", goods=["25"], filed=date(2026, 12, 31), name=name)
    after = enter(session, actor, text="琨曦", goods=["18"], filed=date(2027, 1, 1), name=name)
    return before, after


def test_the_rule_switches_on_2027_01_01(db: Database, examiner: Principal) -> None:
    with db.session(write=True) as session:
        before, after = _resale_applicant(session, examiner)
        old, _ = do_assess_mark(session, actor=examiner, number=before, on=date(2027, 3, 1))
        new, _ = do_assess_mark(session, actor=examiner, number=after, on=date(2027, 3, 1))
        assert old.rule_id == "tm_art4_2019" and new.rule_id == "tm_bad_faith_2027"
        assert signals_of(old)["resale"]["level"] == signals_of(new)["resale"]["level"] == "high"
        # 2019: not intended for use suffices; 2027: it must also exceed business needs.
        assert old.risk == "high"
        assert new.risk == "none"
        assert new.profile["risk"]["elements"] == {"not_for_use": 3, "exceeds_needs": 0}
        assert "明显超出" in new.profile["risk"]["explanation_zh"]


def test_filings_before_the_2019_ground_are_refused_clearly(
    db: Database, examiner: Principal
) -> None:
    with db.session(write=True) as session:
        number = enter(
            session, examiner, text="琮昶", goods=["9"], filed=date(2019, 10, 31), name="李某"
        )
        with pytest.raises(InvalidInput, match="2019-11-01"):
            do_assess_mark(session, actor=examiner, number=number, on=ON)


def test_decision_audit_and_credit_proposal_reach_the_credit_register(
    db: Database, factory: Factory, filings: Filings, examiner: Principal
) -> None:
    officer = staff(db, factory, Role.ENFORCEMENT_OFFICER)
    with db.session(write=True) as session:
        row, _ = do_assess_applicant(session, actor=examiner, applicant=filings.hoarder, on=ON)
        assessment_id = row.id
        with pytest.raises(Conflict, match="only a confirmed finding"):
            do_propose_credit(
                session,
                actor=examiner,
                assessment_id=row.id,
                data=CreditProposalCreate(expected_version=1),
                on=ON,
            )
        decided = do_decide_assessment(
            session,
            actor=examiner,
            assessment_id=row.id,
            data=DecisionCreate(
                decision="confirm", reason="囤积商标并复制知名品牌", expected_version=1
            ),
        )
        assert decided.status == "confirmed" and decided.decided_by == examiner.user_id
        proposal = do_propose_credit(
            session,
            actor=examiner,
            assessment_id=row.id,
            data=CreditProposalCreate(expected_version=decided.version),
            on=ON,
        )
        assert proposal.conduct == "malicious_trademark_application"
        assert proposal.subject_uscc == HOARDER_USCC and proposal.status == "proposed"
        listing = do_list_entity(
            session,
            actor=officer,
            data=ListingCreate(
                proposal_id=proposal.id,
                basis_authority="国家知识产权局",
                basis_document="商标驳字[2026]第1号",
                basis_date=ON,
            ),
            on=ON,
        )
        assert listing.category == "malicious_trademark_application"
        actions = session.scalars(
            select(AuditRecord.action).where(
                AuditRecord.entity == "trademark_bad_faith_assessment",
                AuditRecord.entity_id == str(assessment_id),
            )
        ).all()
        assert actions == ["assess_bad_faith", "bad_faith_confirmed"]
    admin = staff(db, factory, Role.ADMINISTRATOR)
    with db.session(write=True) as session, pytest.raises(Conflict, match="cannot be reopened"):
        current = session.get(BadFaithAssessment, assessment_id)
        assert current is not None
        do_reopen_assessment(
            session,
            actor=admin,
            assessment_id=assessment_id,
            data=ReopenRequest(reason="复核", expected_version=current.version),
        )


def test_nothing_is_decided_without_an_examiner(
    db: Database, factory: Factory, filings: Filings, examiner: Principal
) -> None:
    admin = staff(db, factory, Role.ADMINISTRATOR)
    applicant = factory.account(Role.APPLICANT)
    with db.session(write=True) as session:
        row, _ = do_assess_applicant(session, actor=admin, applicant=filings.hoarder, on=ON)
        assert row.status == "open"
        with pytest.raises(PermissionDenied):
            do_decide_assessment(
                session,
                actor=admin,
                assessment_id=row.id,
                data=DecisionCreate(decision="dismiss", reason="不构成", expected_version=1),
            )
        user = session.get(User, applicant.user_id)
        assert user is not None
        with pytest.raises(PermissionDenied):
            do_assess_applicant(session, actor=principal_of(user), applicant=filings.hoarder, on=ON)
        with pytest.raises(Conflict, match="stale|version"):
            do_decide_assessment(
                session,
                actor=examiner,
                assessment_id=row.id,
                data=DecisionCreate(decision="dismiss", reason="不构成", expected_version=7),
            )
        assert row.status == "open"


def test_assessing_again_is_idempotent_and_supersedes_an_outdated_one(
    db: Database, filings: Filings, examiner: Principal
) -> None:
    with db.session(write=True) as session:
        first, created = do_assess_applicant(
            session, actor=examiner, applicant=filings.hoarder, on=ON
        )
        again, created_again = do_assess_applicant(
            session, actor=examiner, applicant=filings.hoarder, on=ON
        )
        assert created and not created_again and again.id == first.id
        later, created_later = do_assess_applicant(
            session, actor=examiner, applicant=filings.hoarder, on=ON + timedelta(days=1)
        )
        assert created_later and later.id != first.id
        assert first.status == "superseded" and later.status == "open"
        rows, total = list_assessments(session, status="open")
        assert total == 1 and rows[0].id == later.id


def test_records_refuse_bad_input_and_duplicates(
    db: Database, filings: Filings, examiner: Principal
) -> None:
    with db.session(write=True) as session:
        number = filings.maker_recent
        data = AssignmentCreate(kind="offer", assignor="某人", dated_on=date(2026, 11, 1))
        first, created = do_record_assignment(
            session, actor=examiner, number=number, data=data, today=ON
        )
        twice, created_twice = do_record_assignment(
            session, actor=examiner, number=number, data=data, today=ON
        )
        assert created and not created_twice and twice.id == first.id
        with pytest.raises(InvalidInput, match="future"):
            do_record_assignment(
                session,
                actor=examiner,
                number=number,
                today=ON,
                data=AssignmentCreate(kind="offer", assignor="某人", dated_on=ON + timedelta(1)),
            )
        with pytest.raises(NotFound):
            do_record_use_evidence(
                session,
                actor=examiner,
                number="99999999",
                today=ON,
                data=UseEvidenceCreate(used_from=ON, used_to=ON, description="发票"),
            )
        with pytest.raises(Conflict, match="version"):
            do_set_business_scope(
                session,
                actor=examiner,
                data=ScopeSet(
                    applicant=filings.maker,
                    classes=[29],
                    description="食品",
                    source="营业执照",
                    expected_version=9,
                ),
            )
        with pytest.raises(InvalidInput, match="party:<id>"):
            screen_applicant(session, applicant="nobody", on=ON)
        with pytest.raises(NotFound):
            screen_applicant(session, applicant="name:不存在的人", on=ON)
    with pytest.raises(ValueError, match="assignee"):
        AssignmentCreate(kind="assignment", assignor="甲", dated_on=ON)
    with pytest.raises(ValueError, match="twice"):
        ScopeSet(applicant="party:1", classes=[3, 3], description="日化", source="执照")


def test_office_reference_file_adds_names(
    db: Database, examiner: Principal, tmp_path: Path
) -> None:
    (tmp_path / "trademarks").mkdir()
    (tmp_path / "trademarks" / "famous_reference.txt").write_text(
        "# office additions\n琮璟堂|Congjing Hall|\n", encoding="utf-8"
    )
    with db.session(write=True) as session:
        number = enter(
            session, examiner, text="琮璟堂", goods=["30"], filed=date(2026, 5, 6), name="赵某"
        )
        plain, _ = do_assess_mark(session, actor=examiner, number=number, on=ON)
        assert signals_of(plain)["copies"]["level"] == "none"
        with_file, _ = do_assess_mark(session, actor=examiner, number=number, on=ON, home=tmp_path)
        assert signals_of(with_file)["copies"]["level"] == "high"
    (tmp_path / "trademarks" / "famous_reference.txt").write_text("bad line\n", encoding="utf-8")
    with db.session(write=True) as session, pytest.raises(InvalidInput, match="line 1"):
        do_assess_mark(session, actor=examiner, number=number, on=ON, home=tmp_path)


def test_system_actor_is_never_used(db: Database, filings: Filings) -> None:
    """Assessments are made by a person: the audit records name the examiner."""
    with db.session(write=False) as session:
        actors = set(
            session.scalars(
                select(AuditRecord.actor).where(AuditRecord.action == "set_business_scope")
            )
        )
    assert audit.SYSTEM.name not in actors and len(actors) == 1
    with db.session(write=False) as session:
        assert session.scalar(select(CreditRecord.id)) is None
