"""The typical-case library: officers draft, edit, publish and unpublish (audited, versioned);
the public searches published cases in Chinese and English with filters, ranking, highlights
and pages; unpublished cases stay invisible; bad queries get clear errors.

The cases below are written for the tests in the manner of the typical cases CNIPA and local
bureaus publish; parties are anonymised and no figure in them is a real statistic.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.models import AuditRecord
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection.typical_search import highlight, query_terms
from ipoffice.protection.typical_workflow import TRANSITIONS, CaseStatus, authorize
from tests.conftest import Account, Factory

URL = "/api/v1/protection/typical-cases"

CASES: list[dict[str, Any]] = [
    {
        "case_type": "patent_infringement_dispute",
        "region_code": "330100",
        "year": 2023,
        "title_zh": "某家电公司与某电商经营者外观设计专利侵权纠纷行政裁决案",
        "title_en": "Administrative ruling on a design patent infringement dispute between "
        "a home-appliance maker and an online seller",
        "summary_zh": "请求人持有空气炸锅外观设计专利，被请求人在电商平台销售的产品与涉案专利"
        "整体视觉效果无实质性差异。知识产权局经口头审理认定构成侵权，责令停止销售并删除链接。",
        "summary_en": "The requester holds a design patent for an air fryer. The products the "
        "respondent sold online created the same overall visual impression; the "
        "office found infringement and ordered the sales and listings stopped.",
        "body_zh": "本案是电商领域专利侵权纠纷快速处理的典型。办案机关通过平台调取销售记录，"
        "组织双方口头审理，比对外观设计的形状与图案。",
        "tags": ["外观设计", "电商", "行政裁决"],
        "source_ref": "杭州市知识产权局行政裁决书（示例）",
    },
    {
        "case_type": "patent_infringement_dispute",
        "region_code": "440300",
        "year": 2024,
        "title_zh": "某通信企业发明专利侵权纠纷行政裁决案",
        "title_en": "Invention patent infringement ruling for a telecommunications company",
        "summary_zh": "被请求人生产的路由器落入请求人发明专利权利要求的保护范围，"
        "裁决责令停止制造、销售侵权产品。",
        "summary_en": "Routers made by the respondent fell within the claims of the requester's "
        "invention patent; the ruling ordered manufacture and sale of the infringing "
        "products to stop.",
        "tags": ["发明专利", "技术调查官"],
        "source_ref": "深圳市市场监督管理局行政裁决书（示例）",
    },
    {
        "case_type": "patent_counterfeiting",
        "region_code": "320500",
        "year": 2022,
        "title_zh": "某医疗器械公司假冒专利案",
        "summary_zh": "当事人在产品包装上标注已失效的专利号，构成假冒专利行为，"
        "依法责令改正并予以罚款。",
        "tags": ["专利标识"],
        "source_ref": "苏州市知识产权局行政处罚决定书（示例）",
    },
    {
        "case_type": "trademark_counterfeiting",
        "region_code": "310000",
        "year": 2023,
        "title_zh": "某服饰店销售假冒注册商标商品案",
        "title_en": "Sale of goods bearing a counterfeit registered trademark by a clothing shop",
        "summary_zh": "执法人员在检查中发现当事人销售标有他人注册商标的运动鞋，"
        "经权利人鉴定为假冒商品。",
        "summary_en": "Inspectors found sports shoes bearing another party's registered mark; the "
        "right holder identified them as counterfeit.",
        "tags": ["商标", "假冒"],
    },
    {
        "case_type": "geographical_indication",
        "region_code": "330200",
        "year": 2024,
        "title_zh": "擅自使用地理标志专用标志案",
        "title_en": "Unauthorised use of the special sign for geographical indication products",
        "summary_zh": "当事人未经核准在茶叶包装上使用地理标志专用标志，被责令停止使用。",
        "summary_en": "The party used the special geographical indication sign on tea packaging "
        "without approval and was ordered to stop.",
        "tags": ["地理标志", "茶叶"],
    },
    {
        "case_type": "abnormal_patent_filing",
        "region_code": "370100",
        "year": 2024,
        "title_zh": "某企业非正常专利申请行为处理案",
        "summary_zh": "申请人在短期内提交大量内容明显相同的实用新型专利申请，"
        "经审查认定为非正常专利申请，"
        "依法予以驳回并通报。",
        "tags": ["非正常申请"],
    },
    {
        "case_type": "malicious_trademark_filing",
        "region_code": None,
        "year": 2023,
        "title_en": "Bad-faith filing of trademarks copying well-known names",
        "summary_en": "An applicant filed many marks copying public figures' and well-known "
        "brands' names without intent to use; the applications were refused as "
        "malicious filings.",
        "tags": ["bad faith"],
    },
    {
        "case_type": "agency_misconduct",
        "region_code": "320100",
        "year": 2022,
        "title_zh": "某专利代理机构代理非正常专利申请案",
        "title_en": "A patent agency handling abnormal patent applications",
        "summary_zh": "代理机构明知委托人的申请属于非正常专利申请仍予以代理，被给予警告并罚款。",
        "summary_en": "The agency knowingly handled abnormal patent applications for its clients "
        "and was warned and fined.",
        "tags": ["代理监管"],
    },
]

_serial = itertools.count()


def editor(factory: Factory) -> Account:
    return factory.account(Role.ENFORCEMENT_OFFICER)


def publish_all(client: TestClient, who: Account, cases: list[dict[str, Any]]) -> list[int]:
    ids = []
    for case in cases:
        made = client.post(URL, json=case, headers=who.headers)
        assert made.status_code == 201, made.text
        done = client.post(
            f"{URL}/{made.json()['id']}/publish", json={"expected_version": 1}, headers=who.headers
        )
        assert done.status_code == 200, done.text
        ids.append(made.json()["id"])
    return ids


def search(client: TestClient, **params: Any) -> Any:
    answer = client.get(URL, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def marked(segments: list[dict[str, Any]]) -> list[str]:
    return [s["text"] for s in segments if s["match"]]


@pytest.fixture
def library(client: TestClient, api_factory: Factory) -> list[int]:
    return publish_all(client, editor(api_factory), CASES)


def test_chinese_search_finds_the_longer_compound_and_ranks_titles_first(
    client: TestClient, library: list[int]
) -> None:
    found = search(client, q="专利侵权")
    ids = [hit["id"] for hit in found["items"]]
    assert set(ids[:2]) == {library[0], library[1]}  # 专利侵权纠纷 in the title
    assert found["total"] == 2 and found["terms"] == ["专利", "侵权"]
    assert "专利侵权" in "".join(marked(found["items"][0]["title"]))
    # Traditional characters and full-width forms are folded before matching.
    assert {h["id"] for h in search(client, q="專利侵權")["items"]} == set(ids)
    assert [h["id"] for h in search(client, q="地理标志")["items"]] == [library[4]]


def test_english_search_matches_word_forms(client: TestClient, library: list[int]) -> None:
    found = search(client, q="infringing", lang="en")
    assert {h["id"] for h in found["items"]} == {library[0], library[1]}
    hit = next(h for h in found["items"] if h["id"] == library[1])
    assert hit["lang"] == "en" and marked(hit["title"]) == ["infringement"]
    assert "infringing" in marked(hit["snippet"])
    # A case with only an English text is found, and shown in English on a Chinese page.
    bad_faith = search(client, q="malicious filings")["items"]
    assert [h["id"] for h in bad_faith] == [library[6]] and bad_faith[0]["lang"] == "en"


def test_filters_by_type_region_and_year(client: TestClient, library: list[int]) -> None:
    zhejiang = search(client, region="330000")
    assert {h["id"] for h in zhejiang["items"]} == {library[0], library[4]}
    assert search(client, region="330100")["total"] == 1
    assert [h["id"] for h in search(client, type="patent_counterfeiting")["items"]] == [library[2]]
    in_2024 = search(client, year=2024)
    assert {h["id"] for h in in_2024["items"]} == {library[1], library[4], library[5]}
    abnormal = search(client, q="非正常专利申请", year=2022)
    assert [h["id"] for h in abnormal["items"]] == [library[7]]


def test_pages_and_newest_first_without_a_query(client: TestClient, library: list[int]) -> None:
    first = search(client, size=3)
    assert (first["total"], first["pages"]) == (8, 3)
    years = [h["year"] for h in first["items"]]
    assert years == sorted(years, reverse=True) and years[0] == 2024
    seen = [h["id"] for p in (1, 2, 3) for h in search(client, size=3, page=p)["items"]]
    assert sorted(seen) == sorted(library)
    assert search(client, size=3, page=9)["items"] == []


def test_unpublished_and_draft_cases_are_invisible_to_the_public(
    client: TestClient, api_factory: Factory
) -> None:
    who = editor(api_factory)
    (shown,) = publish_all(client, who, [CASES[0]])
    draft = client.post(URL, json=CASES[1], headers=who.headers).json()
    assert client.get(f"{URL}/{draft['id']}").status_code == 404
    assert search(client, q="路由器")["total"] == 0
    assert client.get(f"{URL}/{shown}").status_code == 200
    down = client.post(
        f"{URL}/{shown}/unpublish", json={"expected_version": 2}, headers=who.headers
    )
    assert down.status_code == 200 and down.json()["status"] == "unpublished"
    assert client.get(f"{URL}/{shown}").status_code == 404
    assert search(client, q="外观设计")["total"] == 0
    everything = client.get(f"{URL}/manage", headers=who.headers).json()
    assert {c["status"] for c in everything["items"]} == {"draft", "unpublished"}


def test_bad_queries_get_clear_errors(client: TestClient, library: list[int]) -> None:
    for params, field, words in (
        ({"q": ""}, "q", "empty"),
        ({"q": "   "}, "q", "empty"),
        ({"q": "的 和"}, "q", "no searchable words"),
        ({"q": "专" * 201}, "q", "200"),
        ({"type": "piracy"}, "type", "patent_infringement_dispute"),
        ({"region": "12345"}, "region", "6 digits"),
        ({"year": 1900}, "year", "1985"),
        ({"size": 500}, "size", "50"),
    ):
        answer = client.get(URL, params=params)
        assert answer.status_code == 422, (params, answer.text)
        error = answer.json()["error"]
        assert error["field"] == field and words in error["message"], (params, error)


def test_officer_writes_are_audited_versioned_and_refused_to_others(
    client: TestClient, client_db: Database, api_factory: Factory
) -> None:
    who = editor(api_factory)
    made = client.post(URL, json=CASES[2], headers=who.headers)
    assert made.status_code == 201
    case_id = made.json()["id"]
    duplicate = client.post(URL, json=CASES[2], headers=who.headers)
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "duplicate_case"
    edited = client.put(
        f"{URL}/{case_id}", json={**CASES[2], "year": 2021, "expected_version": 1},
        headers=who.headers,
    )  # fmt: skip
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = client.put(
        f"{URL}/{case_id}", json={**CASES[2], "expected_version": 1}, headers=who.headers
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    client.post(f"{URL}/{case_id}/publish", json={"expected_version": 2}, headers=who.headers)
    locked = client.put(
        f"{URL}/{case_id}", json={**CASES[2], "expected_version": 3}, headers=who.headers
    )
    assert locked.status_code == 409 and "unpublish" in locked.json()["error"]["message"]
    again = client.post(
        f"{URL}/{case_id}/publish", json={"expected_version": 3}, headers=who.headers
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"
    for outsider in (api_factory.account(Role.APPLICANT), api_factory.account(Role.EXAMINER)):
        assert client.post(URL, json=CASES[3], headers=outsider.headers).status_code == 403
    assert client.post(URL, json=CASES[3]).status_code == 401
    with client_db.session(write=False) as session:
        actions = session.scalars(
            select(AuditRecord.action).where(AuditRecord.entity == "typical_case")
        ).all()
    assert actions == ["create_typical_case", "update_typical_case", "typical_case_published"]


def test_bad_drafts_are_refused_with_the_field_named(
    client: TestClient, api_factory: Factory
) -> None:
    who = editor(api_factory)
    for change, field in (
        ({"title_zh": None, "title_en": None}, None),
        ({"case_type": "piracy"}, "case_type"),
        ({"region_code": "99"}, "region_code"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"body_zh": "文" * 100_001}, "body_zh"),
    ):
        answer = client.post(URL, json={**CASES[0], **change}, headers=who.headers)
        assert answer.status_code == 422, (change, answer.text)
        if field:
            assert answer.json()["error"]["field"] == field
    headers = {**who.headers, "Content-Type": "application/json"}
    broken = client.post(URL, content=b'{"case_type": "other", ', headers=headers)
    assert broken.status_code == 422 and "not valid JSON" in broken.json()["error"]["message"]
    gb18030 = client.post(URL, content='{"title_zh": "侵权"}'.encode("gb18030"), headers=headers)
    assert gb18030.status_code == 400
    assert gb18030.json()["error"]["code"] == "unreadable_body"
    assert client.get(f"{URL}/manage", headers=who.headers).json()["total"] == 0


@pytest.mark.parametrize(("current", "target"), list(itertools.product(CaseStatus, CaseStatus)))
def test_transition_pair(current: CaseStatus, target: CaseStatus) -> None:
    transition = TRANSITIONS.get((current, target))
    for role in Role:
        roles = frozenset({role})
        if transition is None:
            with pytest.raises(Conflict, match="cannot go from"):
                authorize(current, target, roles=roles)
        elif role in transition.roles:
            assert authorize(current, target, roles=roles) is transition
        else:
            with pytest.raises(PermissionDenied, match="needs one of the roles"):
                authorize(current, target, roles=roles)


def test_analysis_and_highlighting_line_up() -> None:
    assert query_terms("Infringing  DESIGNS") == ["infring", "design"]
    segments = highlight("專利侵權糾紛 and infringement", ["专利", "侵权", "infring"])
    assert [(s.text, s.match) for s in segments] == [
        ("專利侵權", True), ("糾紛 and ", False), ("infringement", True),
    ]  # fmt: skip
