"""The credit register over HTTP: the API for officers, examiners, subjects and the public, the
pages (register, record, public list, the subject's own page), and the warning on the
examiner's application page. Dates come from the office's clock, so listings start a fixed
number of months before today."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from ipoffice.core.calendar import add_months
from ipoffice.core.clock import office_today
from ipoffice.core.roles import Role
from ipoffice.demo.seed import fake_uscc
from tests.conftest import Account, Factory
from tests.test_web_pages import csrf_of, login

API = "/api/v1/protection/credit"
USCC = fake_uscc(random.Random(21), "310000")
NAME = "上海某某信息技术有限公司"


def body(months_ago: int = 7, **fields: Any) -> dict[str, Any]:
    start = add_months(office_today(), -months_ago)
    return {
        "subject_name": NAME,
        "subject_type": "organisation",
        "id_type": "uscc",
        "id_number": USCC,
        "category": "malicious_trademark_application",
        "basis_authority": "国家知识产权局商标局",
        "basis_document": "商标恶意〔2026〕第7号",
        "basis_date": start.isoformat(),
        "start": start.isoformat(),
        **fields,
    }


def list_via_api(client: TestClient, officer: Account, **fields: Any) -> dict[str, Any]:
    response = client.post(API, json=body(**fields), headers=officer.headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def public_names(client: TestClient, q: str = "") -> list[str]:
    response = client.get(f"{API}/public", params={"q": q})
    assert response.status_code == 200
    return [e["subject_name"] for e in response.json()["items"]]


def test_officers_list_examiners_read_the_public_sees_the_list(
    client: TestClient, api_factory: Factory
) -> None:
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    examiner = api_factory.account(Role.EXAMINER)
    applicant = api_factory.account(Role.APPLICANT)
    record = list_via_api(client, officer)
    assert (record["status"], record["category_item"], record["published"]) == (
        "in_effect",
        2,
        True,
    )
    assert record["end_on"] == add_months(date.fromisoformat(record["start_on"]), 12).isoformat()
    assert (
        client.post(API, json=body(basis_document="x"), headers=examiner.headers).status_code == 403
    )
    assert client.post(API, json=body()).status_code == 401
    assert client.get(API, headers=applicant.headers).status_code == 403
    page = client.get(
        API, params={"status": "in_effect", "q": "某某信息"}, headers=examiner.headers
    )
    assert [r["id"] for r in page.json()["items"]] == [record["id"]]
    assert client.get(f"{API}/{record['id']}", headers=examiner.headers).json()["id_number"] == USCC
    assert public_names(client) == [NAME] and public_names(client, USCC) == [NAME]
    entry = client.get(f"{API}/public").json()["items"][0]
    assert entry["id_shown"] == USCC and "id_number" not in entry
    past = client.get(f"{API}/public", params={"on": "2020-01-01"}).json()
    assert past == {"on": "2020-01-01", "total": 0, "items": []}
    measures = client.get(f"{API}/measures", params={"uscc": USCC}, headers=examiner.headers)
    assert measures.status_code == 200
    assert {m["measure"] for m in measures.json()} >= {"fee_reduction_review"}
    assert (
        client.get(f"{API}/measures", params={"uscc": USCC}, headers=applicant.headers).status_code
        == 403
    )
    missing = client.get(f"{API}/measures", headers=examiner.headers)
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "uscc"
    twice = client.post(API, json=body(basis_document="另一文书"), headers=officer.headers)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_listed"


def test_the_subject_applies_for_repair_another_officer_approves_it_leaves_the_list(
    client: TestClient, api_factory: Factory
) -> None:
    lister = api_factory.account(Role.ENFORCEMENT_OFFICER)
    reviewer = api_factory.account(Role.ADMINISTRATOR)
    subject = api_factory.account(
        Role.APPLICANT, party_id=api_factory.party(name_zh=NAME, uscc=USCC)
    )
    stranger = api_factory.account(Role.APPLICANT)
    record = list_via_api(client, lister)
    rid = record["id"]
    assert [r["id"] for r in client.get(f"{API}/mine", headers=subject.headers).json()] == [rid]
    assert client.get(f"{API}/mine", headers=stranger.headers).json() == []
    apply = {
        "statement": "已全部撤回并整改",
        "evidence_reference": "材料A-1",
        "expected_version": 1,
    }
    assert (
        client.post(f"{API}/{rid}/repairs", json=apply, headers=stranger.headers).status_code == 403
    )
    filed = client.post(f"{API}/{rid}/repairs", json=apply, headers=subject.headers)
    assert filed.status_code == 201, filed.text
    repair = filed.json()
    assert (repair["status"], repair["on_paper"]) == ("pending", False)
    again = client.post(f"{API}/{rid}/repairs", json={**apply, "expected_version": 2},
                        headers=subject.headers)  # fmt: skip
    assert again.status_code == 409 and again.json()["error"]["code"] == "repair_pending"
    review = {"decision": "approve", "reason": "整改到位", "expected_version": 1}
    url = f"{API}/{rid}/repairs/{repair['id']}/review"
    by_lister = client.post(url, json=review, headers=lister.headers)
    assert by_lister.status_code == 403
    assert client.post(url, json=review, headers=subject.headers).status_code == 403
    approved = client.post(url, json=review, headers=reviewer.headers)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    read = client.get(f"{API}/{rid}", headers=reviewer.headers).json()
    assert (read["status"], read["published"], read["removed_on"]) == (
        "repaired",
        False,
        office_today().isoformat(),
    )
    assert public_names(client) == []


def test_repair_before_six_months_is_refused(client: TestClient, api_factory: Factory) -> None:
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    record = list_via_api(client, officer, months_ago=1)
    apply = {"statement": "申请修复", "expected_version": 1}
    early = client.post(f"{API}/{record['id']}/repairs", json=apply, headers=officer.headers)
    assert early.status_code == 409 and early.json()["error"]["code"] == "too_early"
    assert record["repair_from"] in early.json()["error"]["message"]


def test_extension_revocation_and_stale_versions(client: TestClient, api_factory: Factory) -> None:
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    record = list_via_api(client, officer)
    rid, today = record["id"], office_today().isoformat()
    extension = {"basis_authority": "国家知识产权局", "basis_document": "再犯1号",
                 "basis_date": today, "expected_version": 1}  # fmt: skip
    extended = client.post(f"{API}/{rid}/extensions", json=extension, headers=officer.headers)
    assert extended.status_code == 200, extended.text
    assert extended.json()["status"] == "extended" and extended.json()["version"] == 2
    stale = client.post(f"{API}/{rid}/extensions", json=extension, headers=officer.headers)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    revocation = {"revoking_authority": "国家知识产权局", "revoking_document": "复议撤销1号",
                  "revoked_on": today, "reason": "复议撤销", "expected_version": 2}  # fmt: skip
    removed = client.post(f"{API}/{rid}/revocation", json=revocation, headers=officer.headers)
    assert removed.status_code == 200 and removed.json()["status"] == "removed_revoked"
    assert public_names(client) == []
    register = client.get(API, params={"status": "removed_revoked"}, headers=officer.headers)
    assert register.json()["total"] == 1


def test_bad_requests_are_refused_and_change_nothing(
    client: TestClient, api_factory: Factory
) -> None:
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    headers = {**officer.headers, "content-type": "application/json"}
    cases = [
        (b"{not json", None),
        ('{"subject_name": "\u7532"}'.encode("utf-16"), None),
        (None, "unknown"),
        (None, "id_number"),
        (None, "category"),
    ]
    for raw, case in cases:
        if raw is not None:
            response = client.post(API, content=raw, headers=headers)
            assert response.status_code in (400, 422), response.text
            continue
        data = {
            "unknown": body(surprise=1),
            "id_number": body(id_number=USCC[:-1] + ("0" if USCC[-1] != "0" else "1")),
            "category": body(category="speeding"),
        }[str(case)]
        response = client.post(API, json=data, headers=officer.headers)
        assert response.status_code == 422, response.text
    huge = client.post(API, json=body(note="长" * 5000), headers=officer.headers)
    assert huge.status_code == 422 and huge.json()["error"]["field"] == "note"
    assert client.get(f"{API}/999999", headers=officer.headers).status_code == 404
    assert client.get(API, headers=officer.headers).json()["total"] == 0


def test_pages_register_record_public_list_and_subject(
    client: TestClient, api_factory: Factory
) -> None:
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    # A form with an error comes back with the message next to the field and lists nothing.
    login(client, officer.username)
    form = {k: v for k, v in body().items() if k != "id_number"}
    refused = client.post(
        "/protection/credit", data={**form, "id_number": "123", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'data-testid="error-list-id_number"' in refused.text
    done = client.post(
        "/protection/credit", data={**form, "id_number": USCC, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].endswith("?done=listed")
    record_page = client.get(done.headers["location"])
    assert "已列入失信名单" in record_page.text and USCC in record_page.text
    assert 'data-testid="credit-extend-form"' in record_page.text
    register = client.get("/protection/credit", params={"status": "in_effect"})
    assert NAME in register.text and 'data-testid="credit-row"' in register.text
    anonymous = TestClient(client.app, base_url="https://testserver")
    public = anonymous.get("/credit", params={"q": "某某"})
    assert public.status_code == 200 and NAME in public.text and 'name="viewport"' in public.text
    assert "credit-entry" in anonymous.get("/credit", params={"lang": "en"}).text
    assert NAME not in anonymous.get("/credit", params={"q": "无此公司"}).text
    assert anonymous.get("/protection/credit", follow_redirects=False).status_code == 303


def test_the_examiner_sees_the_warning_on_the_application_page(
    client: TestClient, api_factory: Factory
) -> None:
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    party = api_factory.party(name_zh=NAME, uscc=USCC)
    applicant = api_factory.account(Role.APPLICANT, party_id=party)
    examiner = api_factory.account(Role.EXAMINER)
    filed = client.post(
        "/api/v1/applications", json={"kind": "invention", "title": "一种数据处理方法"},
        headers=applicant.headers,
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    number = filed.json()["number"]
    page = client.get(f"/applications/{number}", headers=examiner.headers)
    assert page.status_code == 200 and "credit-warning" not in page.text
    list_via_api(client, officer)
    page = client.get(f"/applications/{number}", headers=examiner.headers)
    assert 'data-testid="credit-warning"' in page.text and "从严审批专利费用减缴请求" in page.text
    own = client.get(f"/applications/{number}", headers=applicant.headers)
    assert own.status_code == 200 and "credit-warning" not in own.text
