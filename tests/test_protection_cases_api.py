"""The dispute-case API: registering, acting, concurrency, access by bureau and role, bad
bodies, evidence uploads within their own size limit, and the decision as HTML and PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipoffice.app import create_app
from ipoffice.core.identity import do_issue_token
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.settings import Settings
from tests.test_protection_cases_support import GUANGZHOU, officer, request

BASE = "/api/v1/protection/cases"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _headers(
    db: Database, region: str | None = "440300", role: Role = Role.ENFORCEMENT_OFFICER
) -> tuple[dict[str, str], str]:
    principal = officer(db, region, role=role)
    with db.session(write=True) as session:
        user = session.get(User, principal.user_id)
        assert user is not None
        _token, plain = do_issue_token(session, user=user, name="t", lifetime=timedelta(days=1))
    return {"Authorization": f"Bearer {plain}"}, principal.username


def _body(**changes: Any) -> dict[str, Any]:
    return request(**{"received_on": date(2026, 3, 2), **changes}).model_dump(mode="json")


@pytest.fixture
def officer_headers(client_db: Database) -> dict[str, str]:
    return _headers(client_db)[0]


def _create(client: TestClient, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    response = client.post(BASE, json=_body(**changes), headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_register_read_and_list(
    client: TestClient, client_db: Database, officer_headers: dict[str, str]
) -> None:
    retry = {**officer_headers, "Idempotency-Key": "req-1"}
    first = client.post(BASE, json=_body(), headers=retry)
    assert first.status_code == 201, first.text
    case = first.json()
    assert case["number"] == "2026-440300-0001" and case["status"] == "received"
    assert case["patent_display"] == "202310397744.0" and case["claims"] == [1, 3]
    acceptance = case["deadlines"][0]
    assert acceptance["rule_id"] == "patent.dispute.acceptance_decision"
    assert (
        acceptance["due"] == "2026-03-09" and "专利纠纷行政裁决和调解办法" in acceptance["source"]
    )
    again = client.post(BASE, json=_body(), headers=retry)
    assert again.status_code == 200 and again.json()["number"] == case["number"]
    listing = client.get(BASE, headers=officer_headers).json()
    assert listing["total"] == 1 and listing["items"][0]["requester"] == "深圳市甲科技有限公司"
    stranger, _ = _headers(client_db, GUANGZHOU)
    assert client.get(f"{BASE}/{case['number']}", headers=stranger).status_code == 404
    assert client.get(BASE, headers=stranger).json()["total"] == 0
    admin, _ = _headers(client_db, None, Role.ADMINISTRATOR)
    assert client.get(f"{BASE}/{case['number']}", headers=admin).status_code == 200
    refused = client.post(
        f"{BASE}/{case['number']}/accept", json={"expected_version": 1}, headers=admin
    )
    assert refused.status_code == 403
    examiner, _ = _headers(client_db, "440300", Role.EXAMINER)
    assert client.get(BASE, headers=examiner).status_code == 403


def test_actions_and_a_stale_version(
    client: TestClient, client_db: Database, officer_headers: dict[str, str]
) -> None:
    case = _create(client, officer_headers)
    url = f"{BASE}/{case['number']}"
    accepted = client.post(
        f"{url}/accept", json={"expected_version": 1, "on": "2026-03-03"}, headers=officer_headers
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["version"] == 2
    stale = client.post(f"{url}/serve", json={"expected_version": 1}, headers=officer_headers)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    served = client.post(
        f"{url}/serve", json={"expected_version": 2, "on": "2026-03-05"}, headers=officer_headers
    ).json()
    mates = [_headers(client_db)[1] for _ in range(2)]
    me = client.get("/api/v1/me", headers=officer_headers).json()["username"]
    two = client.post(
        f"{url}/panel",
        json={"expected_version": served["version"], "members": [me, mates[0]], "presiding": me},
        headers=officer_headers,
    )
    assert two.status_code == 422
    formed = client.post(
        f"{url}/panel",
        json={
            "expected_version": served["version"],
            "members": [me, *mates],
            "presiding": me,
            "on": "2026-03-06",
        },
        headers=officer_headers,
    )
    assert formed.status_code == 200, formed.text
    hearing = client.post(
        f"{url}/hearings",
        json={
            "expected_version": formed.json()["version"],
            "on": "2026-03-09",
            "hearing_on": "2026-03-25",
            "time_of_day": "14:00",
            "place": "第二审理庭",
        },
        headers=officer_headers,
    )
    assert hearing.status_code == 200, hearing.text
    body = hearing.json()
    assert body["hearings"][0]["place"] == "第二审理庭"
    assert [e["code"] for e in body["timeline"]][-1] == "hearing_scheduled"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"patent_number": ', 422, "invalid_input"),
        ('{"patent_number": "甲"}'.encode("gbk"), 400, "unreadable_body"),
        (b'{"patent_number": "x", "unknown": 1}', 422, "invalid_input"),
    ],
)
def test_malformed_bodies_change_nothing(
    client: TestClient, officer_headers: dict[str, str], body: bytes, status: int, code: str
) -> None:
    headers = {**officer_headers, "Content-Type": "application/json"}
    response = client.post(BASE, content=body, headers=headers)
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert client.get(BASE, headers=officer_headers).json()["total"] == 0


def test_lists_by_deadline(client: TestClient, officer_headers: dict[str, str]) -> None:
    _create(client, officer_headers, received_on="2026-01-05")
    overdue = client.get(f"{BASE}?flag=overdue", headers=officer_headers).json()
    assert overdue["total"] == 1 and overdue["items"][0]["flag"] == "overdue"
    assert overdue["items"][0]["next_due"] == "2026-01-12"
    assert client.get(f"{BASE}?flag=due_soon", headers=officer_headers).json()["total"] == 0
    assert client.get(f"{BASE}?flag=late", headers=officer_headers).status_code == 422


@pytest.fixture
def small_client(tmp_path: Path, sqlite_url: str) -> Iterator[TestClient]:
    settings = Settings(
        home=tmp_path, database_url=sqlite_url, evidence_max_bytes=2048, max_body_bytes=1024
    )
    app = create_app(settings, migrate=False)
    with TestClient(app, base_url="https://testserver") as test_client:
        yield test_client
    app.state.db.dispose()


def test_evidence_upload_has_its_own_limit(small_client: TestClient, tmp_path: Path) -> None:
    db: Database = small_client.app.state.db  # type: ignore[attr-defined]
    headers, _ = _headers(db)
    case = _create(small_client, headers)
    url = f"{BASE}/{case['number']}/evidence"
    data = PDF + b"%" * 1500  # over the general 1024-byte limit, within the evidence limit
    files = {"file": ("公证书.pdf", data, "application/pdf")}
    created = small_client.post(
        url, files=files, data={"submitted_by": "requester"}, headers=headers
    )
    assert created.status_code == 201, created.text
    evidence = created.json()
    again = small_client.post(url, files=files, data={"submitted_by": "requester"}, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == evidence["id"]
    download = small_client.get(f"{url}/{evidence['id']}", headers=headers)
    assert download.status_code == 200 and download.content == data
    assert small_client.get(f"{url}/verify", headers=headers).json()[0]["state"] == "ok"
    too_big = {"file": ("big.pdf", PDF + b"%" * 3000, "application/pdf")}
    response = small_client.post(
        url, files=too_big, data={"submitted_by": "office"}, headers=headers
    )
    assert response.status_code == 413
    disguised = {"file": ("x.pdf", b"\x89PNG\r\n\x1a\n" + bytes(10), "application/pdf")}
    response = small_client.post(
        url, files=disguised, data={"submitted_by": "office"}, headers=headers
    )
    assert response.status_code == 422 and "not one" in response.json()["error"]["message"]
    stored = [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()]
    assert len(stored) == 1
    # Other paths keep the general limit.
    other = small_client.post(BASE, json=_body(request_text="长" * 2000), headers=headers)
    assert other.status_code == 413
    # A changed file is refused on download and reported by the check.
    stored[0].write_bytes(b"%PDF-tampered")
    assert small_client.get(f"{url}/{evidence['id']}", headers=headers).status_code == 409
    assert small_client.get(f"{url}/verify", headers=headers).json()[0]["state"] == "changed"


def test_decision_document_html_and_pdf(small_client: TestClient) -> None:
    db: Database = small_client.app.state.db  # type: ignore[attr-defined]
    headers, me = _headers(db)
    mates = [_headers(db)[1] for _ in range(2)]
    number = _create(small_client, headers, request_text="请求停止侵权")["number"]
    url = f"{BASE}/{number}"

    def post(path: str, **body: Any) -> dict[str, Any]:
        current = small_client.get(url, headers=headers).json()["version"]
        response = small_client.post(
            f"{url}{path}", json={"expected_version": current, **body}, headers=headers
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    post("/accept", on="2026-03-03")
    post("/serve", on="2026-03-04")
    post("/panel", on="2026-03-05", members=[me, *mates], presiding=me)
    decided = post(
        "/decision",
        on="2026-04-30",
        outcome="infringement_found",
        findings="被诉产品具备权利要求1的全部技术特征。",
        reasons="构成侵权。",
        orders="责令被请求人立即停止销售被诉侵权产品。",
    )
    assert decided["status"] == "decided" and decided["decision"]["document_sha256"]
    html = small_client.get(f"{url}/decision.html", headers=headers).text
    for text in (
        "深圳市甲科技有限公司",
        "91440300MA5EQWER28",
        "202310397744.0",
        "1、3",
        "侵权行为成立",
        "15日内",
        "Patent Law Art. 65",
        number,
    ):
        assert text in html, text
    english = small_client.get(f"{url}/decision.html?lang=en", headers=headers).text
    assert "Infringement found" in english and "within 15 days" in english
    pdf = small_client.get(f"{url}/decision.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
