"""The protection demo beside its dispute cases: clues between the three bureaus (open,
acknowledged, answered, passed on, one left unacknowledged past its due date), credit records
(in effect, one linked to a decided case, one already expired) and typical cases (two
published, one draft). Through the services only."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ipoffice.core.calendar import default_calendar
from ipoffice.core.identity import Principal
from ipoffice.demo.protection_names import uscc
from ipoffice.protection import clue_service
from ipoffice.protection.case_models import DisputeCase
from ipoffice.protection.clue_schemas import ClueSend, Feedback, PassOn, VersionedNote
from ipoffice.protection.credit_schemas import ListingCreate
from ipoffice.protection.credit_service import do_list_entity
from ipoffice.protection.typical_schemas import StatusChange, TypicalCaseWrite
from ipoffice.protection.typical_service import do_create_typical_case, do_publish_typical_case

SZ, GZ, HZ = "440300", "440100", "330100"


def _send(
    session: Session,
    actor: Principal,
    on: date,
    receiver: str,
    subject: str,
    summary: str,
    ref: str,
    source: str = "ecommerce_platform",
) -> tuple[int, int]:
    data = ClueSend(
        source_kind=source,  # type: ignore[arg-type]
        source_ref=ref,
        category="patent_infringement",
        subject_name=subject,
        summary=summary,
        receiver_region=receiver,
    )
    clue, _ = clue_service.do_send_clue(
        session, actor=actor, data=data, on=on, calendar=default_calendar()
    )
    return clue.id, clue.version


def seed_clues(
    session: Session,
    rng: random.Random,
    officers: dict[str, Principal],
    cases: dict[str, list[DisputeCase]],
    *,
    today: date,
) -> int:
    """Four clues: Hangzhou to Shenzhen (being handled), Shenzhen to Guangzhou (answered with a
    case opened), Guangzhou to Hangzhou (not yet acknowledged), Hangzhou to Guangzhou passed on
    to Shenzhen."""
    day = today - timedelta(days=rng.randint(20, 24))
    summary = "电商平台投诉：店铺销售的无线充电器涉嫌侵犯发明专利权。"
    clue, version = _send(
        session, officers[HZ], day, SZ, "深圳市某数码配件经营部", summary, "HZ-EC-2026-031"
    )
    note = VersionedNote(expected_version=version)
    acked = clue_service.do_acknowledge_clue(
        session, actor=officers[SZ], clue_id=clue, request=note, on=day + timedelta(days=2)
    )
    clue_service.do_start_handling_clue(
        session, actor=officers[SZ], clue_id=clue, on=day + timedelta(days=4),
        request=VersionedNote(expected_version=acked.version, note="已联系权利人核实。"),
    )  # fmt: skip

    day = today - timedelta(days=rng.randint(55, 65))
    clue, version = _send(session, officers[SZ], day, GZ, "广州市某照明器材厂",
                          "展会现场发现展出的LED灯具与本市企业专利产品相同。", "SZ-EX-2026-007",
                          source="exhibition")  # fmt: skip
    acked = clue_service.do_acknowledge_clue(
        session, actor=officers[GZ], clue_id=clue, on=day + timedelta(days=1),
        request=VersionedNote(expected_version=version),
    )  # fmt: skip
    opened = next(iter(cases.get("handling", [])), None)
    clue_service.do_answer_clue(
        session, actor=officers[GZ], clue_id=clue, on=day + timedelta(days=15),
        request=Feedback(expected_version=acked.version, outcome="case_opened",
                         text="已立案处理，责令停止展出被诉产品。",
                         case_reference=opened.number if opened else None),
    )  # fmt: skip

    day = today - timedelta(days=rng.randint(40, 45))
    _send(session, officers[GZ], day, HZ, "杭州市某厨卫电器有限公司",
          "权利人举报：被举报人在其官方网站销售涉嫌侵权的空气净化器。", "GZ-RP-2026-112",
          source="public_report")  # fmt: skip

    day = today - timedelta(days=rng.randint(8, 12))
    summary = "平台数据显示发货地在深圳市，涉嫌侵犯实用新型专利权。"
    clue, version = _send(
        session, officers[HZ], day, GZ, "某智能门锁网店", summary, "HZ-EC-2026-044"
    )
    acked = clue_service.do_acknowledge_clue(
        session, actor=officers[GZ], clue_id=clue, on=day + timedelta(days=1),
        request=VersionedNote(expected_version=version),
    )  # fmt: skip
    clue_service.do_pass_on_clue(
        session, actor=officers[GZ], clue_id=clue, on=day + timedelta(days=2),
        request=PassOn(expected_version=acked.version, receiver_region=SZ,
                       note="经核查，被投诉人住所地在深圳市，转深圳市局处理。"),
        calendar=default_calendar(),
    )  # fmt: skip
    return 4


def seed_credit(
    session: Session,
    rng: random.Random,
    officer: Principal,
    cases: dict[str, list[DisputeCase]],
    *,
    today: date,
) -> int:
    """Three listings: a respondent that ignored a decision (linked to its case), an agency
    punished by CNIPA, and an older listing already past its end."""
    count = 0
    decided = [c for c in cases.get("decided", []) if c.region_code == SZ and c.closed_on]
    respondent = next(
        (p for c in decided for p in c.parties if p.role == "respondent" and p.uscc), None
    )
    if respondent is not None:
        case = next(c for c in decided if respondent in c.parties)
        assert case.closed_on is not None
        basis = min(case.closed_on + timedelta(days=40), today)
        do_list_entity(session, actor=officer, on=today, data=ListingCreate(
            basis_authority="深圳市市场监督管理局（知识产权局）",
            basis_document=f"深市监知执〔{basis.year}〕{rng.randint(10, 99)}号",
            basis_date=basis, dispute_case_id=case.id, subject_name=respondent.name,
            subject_type="organisation", id_type="uscc", id_number=respondent.uscc,
            category="evading_penalties", start=basis,
            note=f"拒不履行专利侵权纠纷处理决定（{case.number}）。",
        ))  # fmt: skip
        count += 1
    start = today - timedelta(days=rng.randint(60, 120))
    do_list_entity(session, actor=officer, on=today, data=ListingCreate(
        basis_authority="国家知识产权局", basis_document=f"国知罚字〔{start.year}〕第17号",
        basis_date=start, subject_name="深圳市某某专利代理事务所（普通合伙）",
        subject_type="agency", id_type="uscc", id_number=uscc(rng, SZ),
        category="illegal_agency_conduct", start=start,
    ))  # fmt: skip
    old = date(today.year - 1, 5, 20)
    do_list_entity(session, actor=officer, on=today, data=ListingCreate(
        basis_authority="深圳市市场监督管理局（知识产权局）",
        basis_document=f"深市监知认〔{old.year}〕5号", basis_date=old,
        subject_name="深圳市某某贸易有限公司", subject_type="organisation", id_type="uscc",
        id_number=uscc(rng, SZ), category="false_materials", start=old,
    ))  # fmt: skip
    return count + 2


TYPICAL: list[dict[str, object]] = [
    {
        "case_type": "patent_infringement_dispute", "region_code": SZ, "year": 2026,
        "title_zh": "某科技公司诉某电子公司电动滑板车发明专利侵权纠纷行政裁决案",
        "title_en": "Administrative ruling on an e-scooter invention patent dispute",
        "summary_zh": "合议组经口头审理认定被诉产品落入专利保护范围，责令停止侵权；当事人未起诉。",
        "summary_en": "After a hearing the panel found the scooter within the claims and ordered "
                      "the infringement to stop; no party sued.",
        "body_zh": "本案明确了折叠机构技术特征的比对方法，裁决作出后十五日内双方均未起诉。",
        "tags": ["行政裁决", "发明专利", "电动滑板车"], "source_ref": "深圳市局典型案例2026-1",
    },
    {
        "case_type": "ecommerce", "region_code": HZ, "year": 2025,
        "title_zh": "跨区域协作处理电商平台专利侵权线索案",
        "title_en": "Cross-regional handling of an e-commerce patent infringement clue",
        "summary_zh": "杭州市局将平台投诉线索移交发货地深圳市局，深圳市局立案处理并反馈。",
        "summary_en": "Hangzhou passed a platform complaint to Shenzhen, where the goods were "
                      "shipped from; Shenzhen opened a case and reported back.",
        "tags": ["线索移交", "电商平台"],
    },
    {
        "case_type": "patent_infringement_dispute", "region_code": GZ, "year": 2026,
        "title_zh": "照明器材外观设计专利侵权纠纷调解案",
        "summary_zh": "双方在调解员主持下达成协议，被请求人停止销售并赔偿损失。",
        "tags": ["调解", "外观设计"],
    },
]  # fmt: skip


def seed_typical(session: Session, officer: Principal) -> int:
    """Three typical cases; the first two are published to the public library."""
    for index, fields in enumerate(TYPICAL):
        case = do_create_typical_case(
            session, actor=officer, data=TypicalCaseWrite.model_validate(fields)
        )
        if index < 2:
            do_publish_typical_case(
                session, actor=officer, case_id=case.id,
                request=StatusChange(expected_version=case.version),
            )  # fmt: skip
    return len(TYPICAL)
