"""Order No. 77 Art. 3(6): linked applicants dispersing their filings (LinkedEntitiesDetector),
and the address, telephone and e-mail keys that link them."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.addresses import address_keys, contact_keys, phone_key
from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.linked import HUB_CAP, LinkedEntitiesDetector
from ipoffice.screening.planting.filing_cases import load_titles, plant_filing_cases
from tests.shared_data import shared

AS_OF = date(2024, 12, 31)
PROVINCES = ["广东省深圳市", "浙江省杭州市", "江苏省苏州市", "山东省青岛市", "四川省成都市"]
_serial = iter(range(10**7))


@pytest.mark.parametrize(
    "variant",
    [
        "广东省深圳市南山区科技园路8号5栋1201室",
        "深圳市南山区科技园路８号５号楼１２０１",
        "深圳南山区科技园路8号 5幢 1201房",
        "中国广东深圳市南山区科技园路8号五栋一千二百零一室",
        "广东深圳南山科技园路8号5座1201",
    ],
)
def test_chinese_address_variants_give_one_key(variant: str) -> None:
    assert address_keys(variant) == (
        "深圳南山科技园路8号5栋1201室",
        "深圳南山科技园路8号5栋",
        "广东",
    )


def test_address_rooms_buildings_and_places() -> None:
    room_a = address_keys("浙江省杭州市滨江区江南大道588号3幢1201室")
    room_b = address_keys("浙江省杭州市滨江区江南大道588号3幢1502室")
    assert room_a and room_b and room_a[0] != room_b[0] and room_a[1] == room_b[1]
    assert address_keys("北京市朝阳区建国路88号") == address_keys("北京朝阳建国路88号")
    assert address_keys("广西壮族自治区南宁市青秀区民族大道100号3座12楼") == (
        "南宁青秀民族大道100号3栋12层",
        "南宁青秀民族大道100号3栋",
        "广西",
    )
    assert address_keys("苏州工业园区星湖街328号")[2] == "江苏"  # type: ignore[index]
    assert address_keys("南山") is None


def test_english_address_variants_give_one_key() -> None:
    a = address_keys("Room 1201, Building 5, No. 8 Keji Road, Nanshan District, Shenzhen, China")
    b = address_keys("Shenzhen Nanshan Keji Rd. No.8 Bldg 5 Rm 1201, Guangdong Province, P.R.C.")
    assert a and b and a[:2] == b[:2] and a[2] == b[2] == "广东"
    assert "rm1201" in a[0] and "rm1201" not in a[1]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("+86 138-0013-8000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("(+86)13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("(0755)88886666", "075588886666"),
        ("+86 755 8888 6666", "075588886666"),
        ("86-755-88886666", "075588886666"),
        ("0755-88886666转123", "075588886666"),
        ("+1 650 555 0100", "+16505550100"),
        ("12345", None),
    ],
)
def test_phone_numbers_are_normalised(raw: str, key: str | None) -> None:
    assert phone_key(raw) == key


def test_contact_fields_give_emails_and_phones() -> None:
    assert contact_keys("联系人：张三 电话 0755-8888 6666 转 12，邮箱 ZhangSan@Example.COM") == (
        ("email", "zhangsan@example.com"),
        ("phone", "075588886666"),
    )


def app(
    applicant: str | list[str],
    month: int,
    *,
    address: str = "",
    contact: str = "",
    inventors: tuple[str, ...] = (),
    agents: tuple[str, ...] = (),
    ipc: str = "B65G",
    dated: bool = True,
) -> PatentDocument:
    names = [applicant] if isinstance(applicant, str) else applicant
    return PatentDocument(
        id=f"CN{next(_serial):09d}",
        title="一种输送装置",
        lang="zh",
        applicants=names,
        inventors=list(inventors) or [f"发明人{next(_serial)}"],
        agents=list(agents),
        filing_date=date(2024, month, 12) if dated else None,
        ipc=[f"{ipc} 1/00"],
        addresses=[address] if address else [],
        contacts=[contact] if contact else [],
    )


def own_address(index: int) -> str:
    return f"{PROVINCES[index % 5]}某区新华路{100 + index}号{index % 9 + 1}栋{index + 1}01室"


def ring(names: list[str], month: int, per_member: int, **links: str) -> list[PatentDocument]:
    """Members in different provinces, one field, two months, linked by `links`."""
    docs = []
    for index, name in enumerate(names):
        for k in range(per_member):
            kw: dict[str, object] = {"address": own_address(index)} | links
            docs.append(app(name, month + k % 2, **kw))  # type: ignore[arg-type]
    return docs


def background(rng: random.Random) -> list[PatentDocument]:
    docs = []
    for i in range(60):
        name, address = f"平常{i}号科技有限公司", own_address(i + 20)
        phone = f"0571-{rng.randint(20000000, 89999999)}"
        for month in range(1, 13):
            for _ in range(rng.randint(0, 3)):
                docs.append(app(name, month, address=address, contact=phone, ipc="G06F"))
    return docs


def run(docs: list[PatentDocument], context: ScreeningContext | None = None) -> dict[str, list]:  # type: ignore[type-arg]
    context = context or ScreeningContext(as_of=AS_OF)
    detector: Detector = LinkedEntitiesDetector()
    return detector.detect([(d.id, detector.prepare(d, context)) for d in docs], context)


SHELLS = ["宏盛机械有限公司", "鼎泰精密有限公司", "瑞丰智能有限公司", "嘉禾装备有限公司"]


def test_a_ring_sharing_a_phone_written_differently_is_found() -> None:
    docs = background(random.Random(1))
    forms = ["+86 139-1234-5678", "0086 13912345678", "13912345678", "139 1234 5678"]
    planted = [
        app(name, 5 + k % 2, address=own_address(i), contact=forms[i])
        for i, name in enumerate(SHELLS)
        for k in range(6)
    ]
    found = run(docs + planted)
    assert set(found) == {d.id for d in planted}
    finding = found[planted[0].id][0]
    evidence = finding.evidence
    assert finding.behaviour == "dispersed_linked_filings"
    assert evidence["member_count"] == 4 and evidence["applications"] == 24
    assert [m["applications"] for m in evidence["members"]] == [6, 6, 6, 6]
    link = evidence["members"][0]["links"][0]
    assert link["kind"] == "phone" and link["value"] == "13912345678"
    assert len(link["shared_with"]) == 3
    assert evidence["period"]["peak_share"] == 1.0
    assert evidence["top_subclass"] == {
        "subclass": "B65G",
        "applications": 24,
        "share": 1.0,
        "members": 4,
    }
    assert len(evidence["places"]) == 4
    assert {"dispersed", "same_period", "same_topic", "different_places"} <= set(
        evidence["signals"]
    )
    assert evidence["members_under_volume_threshold"] is True
    assert len(finding.related) == 23
    json.dumps(evidence)


def test_a_ring_at_one_address_in_variants_is_found() -> None:
    forms = [
        "广东省深圳市宝安区创业路88号3栋1208室",
        "深圳市宝安区创业路88号3号楼1208",
        "广东深圳宝安区创业路88号 3幢 1208房",
        "中国广东省深圳市宝安区创业路88号三栋一二零八室",
    ]
    planted = [app(name, 6, address=forms[i]) for i, name in enumerate(SHELLS) for _ in range(5)]
    found = run(background(random.Random(2)) + planted)
    assert set(found) == {d.id for d in planted}
    assert found[planted[0].id][0].evidence["places"] == ["广东"]


def test_inventors_link_only_in_pairs_or_with_a_building() -> None:
    one = [app(n, 6, address=own_address(i), inventors=("张伟",)) for i, n in enumerate(SHELLS)]
    assert run(background(random.Random(3)) + one * 5) == {}
    two = [
        app(n, 6 + k % 2, address=own_address(i), inventors=("张伟", "李娜", f"别人{i}"))
        for i, n in enumerate(SHELLS)
        for k in range(5)
    ]
    assert set(run(two)) == {d.id for d in two}
    building = [
        app(n, 6, address=f"浙江省杭州市滨江区江南大道588号3幢{i + 1}01室", inventors=("张伟",))
        for i, n in enumerate(SHELLS)
        for _ in range(5)
    ]
    found = run(building)
    kinds = {link["kind"] for link in found[building[0].id][0].evidence["members"][0]["links"]}
    assert kinds == {"building", "inventor"}


def test_shared_attorneys_do_not_link_clients() -> None:
    docs = [
        app(n, 6, address=own_address(i), agents=("刘律", "陈律", "周律", "吴律"))
        for i, n in enumerate(SHELLS)
        for _ in range(5)
    ]
    assert run(docs) == {}


def test_hub_addresses_link_nobody_and_are_reported() -> None:
    hub = "江苏省苏州市工业园区星湖街328号创意产业园A座"
    crowd = [app(f"园区{i}号科技有限公司", 6, address=hub) for i in range(HUB_CAP + 5)]
    assert run(crowd * 1) == {}
    phone = "13900001111"
    members = [app(n, 6 + k % 2, address=hub, contact=phone) for n in SHELLS for k in range(5)]
    found = run(crowd + members)
    assert set(found) == {d.id for d in members}
    evidence = found[members[0].id][0].evidence
    assert evidence["member_count"] == 4
    assert evidence["ignored_hubs"] == [
        {"kind": "address", "value": address_keys(hub)[0], "entities": HUB_CAP + 5 + 4}  # type: ignore[index]
    ]


def test_a_steady_corporate_group_is_linked_but_not_reported() -> None:
    rng = random.Random(4)
    docs = []
    for i, name in enumerate(SHELLS):
        for month in range(1, 13):
            for _ in range(rng.randint(2, 4)):
                docs.append(app(name, month, address=own_address(i), contact="0755-88886666"))
    assert run(docs) == {}


def test_shells_filing_one_after_another_are_found() -> None:
    names = [*SHELLS, "兴隆电子有限公司"]
    docs = [
        app(n, 1 + 2 * i + k % 2, address=own_address(i), contact="ring@example.com")
        for i, n in enumerate(names)
        for k in range(5)
    ]
    found = run(docs)
    assert set(found) == {d.id for d in docs}
    evidence = found[docs[0].id][0].evidence
    assert evidence["short_lived_members"] == 5 and "same_period" not in evidence["signals"]


def test_joint_applications_do_not_link_their_applicants() -> None:
    docs = [
        app([a, b], 6, contact="13900001111", inventors=("张伟", "李娜"))
        for a, b in [(SHELLS[0], SHELLS[1]), (SHELLS[1], SHELLS[2]), (SHELLS[2], SHELLS[3])]
        for _ in range(6)
    ]
    assert run(docs) == {}


def test_two_spellings_of_one_member_are_one_member() -> None:
    names = ["宏盛机械有限公司", "宏盛机械股份有限公司", "鼎泰精密有限公司", "瑞丰智能有限公司"]

    def docs() -> list[PatentDocument]:
        return [
            app(n, 6, address=own_address(i), contact="13900001111")
            for i, n in enumerate(names)
            for _ in range(5)
        ]

    found = run(docs())
    evidence = found[sorted(found)[0]][0].evidence
    assert evidence["member_count"] == 3  # not four: two spellings of one company
    assert {m["entity"]: m["applications"] for m in evidence["members"]} == {
        "宏盛机械": 10,
        "鼎泰精密": 5,
        "瑞丰智能": 5,
    }


def test_near_duplicates_between_members_are_counted() -> None:
    docs = ring(SHELLS, 6, 5, contact="13900001111")
    earlier = {
        docs[0].id: [Finding("duplicate_or_combination", 0.9, {}, (docs[5].id, docs[1].id))],
    }
    found = run(docs, ScreeningContext(as_of=AS_OF, earlier=earlier))
    assert found[docs[0].id][0].evidence["near_duplicates_across_members"] == 1


def test_documents_without_dates_or_applicants() -> None:
    docs = ring(SHELLS, 6, 5, contact="13900001111")
    docs += [app(n, 6, contact="13900001111", dated=False) for n in SHELLS[:2]]
    docs += [app([], 6, contact="13900001111") for _ in range(5)]
    found = run(docs)
    assert len(found) == 22
    assert found[docs[0].id][0].evidence["undated_applications"] == 2


def test_findings_do_not_depend_on_input_order() -> None:
    docs = background(random.Random(5)) + ring(SHELLS, 6, 5, contact="13900001111")
    first = run(docs)
    random.Random(6).shuffle(docs)
    second = run(docs)
    assert list(first) == list(second)
    assert [[f.as_dict() for f in v] for v in first.values()] == [
        [f.as_dict() for f in v] for v in second.values()
    ]


def _found(docs: list[PatentDocument], context: ScreeningContext) -> set[str]:
    detector = LinkedEntitiesDetector()
    return set(detector.detect([(d.id, detector.prepare(d, context)) for d in docs], context))


def test_planted_cases_with_generated_titles() -> None:
    cases = plant_filing_cases(random.Random(12), scale=0.3)
    found = _found(cases.documents, ScreeningContext(as_of=cases.as_of, earlier=cases.earlier))
    truth = cases.truth["dispersed_linked_filings"]
    assert len(found & truth) >= 0.9 * len(truth)
    assert len(found - truth) <= 0.1 * len(found)


def test_planted_cases_on_real_titles() -> None:
    titles = load_titles(shared("cn_ipc/cn_titles_ipc_dev.csv"))
    cases = plant_filing_cases(random.Random(77), titles)
    found = _found(cases.documents, ScreeningContext(as_of=cases.as_of, earlier=cases.earlier))
    truth = cases.truth["dispersed_linked_filings"]
    assert len(found & truth) >= 0.9 * len(truth)
    assert len(found - truth) <= 0.1 * len(found)
    hub_and_group = set(cases.planted["hub"]) | set(cases.planted["group"])
    assert not any(set(d.applicants) & hub_and_group for d in cases.documents if d.id in found)
