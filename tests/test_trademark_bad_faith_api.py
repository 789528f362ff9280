"""The bad-faith API and pages: the queue, profiles, decisions, records, and bad input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.core.clock import office_today
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.trademarks.bad_faith_models import BadFaithAssessment, MarkAssignment
from ipoffice.web.access import CSRF_COOKIE
from tests.conftest import PASSWORD, Account, Factory

TODAY = office_today()


def mark(
    client: TestClient, staff: Account, text: str, party: int, classes: int, **extra: object
) -> str:
    data = {
        "kind": "word",
        "text": text,
        "goods": [{"code": str(c)} for c in range(1, classes + 1)],
        "applicant_id": party,
        "filing_date": (TODAY - timedelta(days=30)).isoformat(),
        **extra,
    }
    response = client.post(
        "/api/v1/trademarks/marks", data={"data": json.dumps(data)}, headers=staff.headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["number"])


@pytest.fixture
def examiner(api_factory: Factory) -> Account:
    return api_factory.account(Role.EXAMINER)


@pytest.fixture
def copier(client: TestClient, api_factory: Factory, examiner: Account) -> tuple[int, list[str]]:
    party = api_factory.party(name_zh="某某商贸有限公司")
    numbers = [
        mark(client, examiner, text, party, classes)
        for text, classes in (("星巴克", 12), ("Gucci", 20), ("鑫彧昶", 3))
    ]
    return party, numbers


def count(db: Database, model: type) -> int:
    with db.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_profile_assess_decide_and_propose(
    client: TestClient, client_db: Database, examiner: Account, copier: tuple[int, list[str]]
) -> None:
    party, numbers = copier
    base = "/api/v1/trademarks/bad-faith"
    profile = client.get(
        f"{base}/profile", params={"applicant": f"party:{party}"}, headers=examiner.headers
    )
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert body["rule"]["id"] == "tm_art4_2019" and body["risk"] == "high"
    assert {s["code"] for s in body["signals"]} == {
        "volume",
        "spread",
        "copies",
        "resale",
        "non_use",
    }
    assert count(client_db, BadFaithAssessment) == 0  # a profile is not stored

    created = client.post(
        f"{base}/assessments/applicant",
        json={"applicant": f"party:{party}"},
        headers=examiner.headers,
    )
    assert created.status_code == 201
    again = client.post(
        f"{base}/assessments/applicant",
        json={"applicant": f"party:{party}"},
        headers=examiner.headers,
    )
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    assessment = created.json()

    queue = client.get(f"{base}/assessments", headers=examiner.headers).json()
    assert queue["total"] == 1 and queue["items"][0]["id"] == assessment["id"]

    on_mark = client.post(f"{base}/assessments/marks/{numbers[0]}", headers=examiner.headers)
    assert on_mark.status_code == 201 and on_mark.json()["mark_text"] == "星巴克"

    url = f"{base}/assessments/{assessment['id']}"
    stale = client.post(
        f"{url}/decision",
        headers=examiner.headers,
        json={"decision": "confirm", "reason": "复制星巴克等知名品牌", "expected_version": 9},
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    decided = client.post(
        f"{url}/decision",
        headers=examiner.headers,
        json={
            "decision": "confirm",
            "reason": "复制星巴克等知名品牌",
            "expected_version": assessment["version"],
        },
    )
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"
    proposal = client.post(
        f"{url}/credit-proposal",
        headers=examiner.headers,
        json={"expected_version": decided.json()["version"]},
    )
    assert proposal.status_code == 201, proposal.text
    assert proposal.json()["conduct"] == "malicious_trademark_application"
    twice = client.post(
        f"{url}/credit-proposal",
        headers=examiner.headers,
        json={"expected_version": decided.json()["version"] + 1},
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_proposed"
    assert (
        client.get(url, headers=examiner.headers).json()["credit_proposal_id"]
        == (proposal.json()["id"])
    )


def test_records_and_bad_input(
    client: TestClient, client_db: Database, examiner: Account, copier: tuple[int, list[str]]
) -> None:
    party, numbers = copier
    base = "/api/v1/trademarks/bad-faith"
    offer = {"kind": "offer", "assignor": "某某商贸", "dated_on": TODAY.isoformat()}
    first = client.post(
        f"{base}/marks/{numbers[0]}/assignments", json=offer, headers=examiner.headers
    )
    twice = client.post(
        f"{base}/marks/{numbers[0]}/assignments", json=offer, headers=examiner.headers
    )
    assert (first.status_code, twice.status_code) == (201, 200)
    assert count(client_db, MarkAssignment) == 1
    bad = [
        (f"{base}/marks/{numbers[0]}/assignments", {**offer, "kind": "gift"}),
        (f"{base}/marks/{numbers[0]}/assignments", {**offer, "extra": 1}),
        (
            f"{base}/marks/{numbers[0]}/assignments",
            {"kind": "assignment", "assignor": "甲", "dated_on": TODAY.isoformat()},
        ),
        (
            f"{base}/marks/{numbers[0]}/use-evidence",
            {"used_from": "2026-05-01", "used_to": "2026-01-01", "description": "发票"},
        ),
        (f"{base}/assessments/applicant", {"applicant": "x" * 400}),
        (f"{base}/assessments/applicant", {"applicant": "nobody"}),
    ]
    for url, payload in bad:
        response = client.post(url, json=payload, headers=examiner.headers)
        assert response.status_code == 422, (url, payload, response.text)
    assert count(client_db, MarkAssignment) == 1
    missing = client.post(f"{base}/assessments/marks/99999999", headers=examiner.headers)
    assert missing.status_code == 404
    assert client.get(f"{base}/assessments/2147483647", headers=examiner.headers).status_code == 404
    scope = {
        "applicant": f"party:{party}",
        "classes": [35, 43],
        "description": "餐饮服务",
        "source": "营业执照",
    }
    saved = client.put(f"{base}/scopes", json=scope, headers=examiner.headers)
    assert saved.status_code == 200 and saved.json()["version"] == 1
    again = client.put(f"{base}/scopes", json=scope, headers=examiner.headers)
    assert again.status_code == 409  # replacing needs the version seen
    replaced = client.put(
        f"{base}/scopes",
        json={**scope, "classes": [43], "expected_version": 1},
        headers=examiner.headers,
    )
    assert replaced.status_code == 200 and replaced.json()["version"] == 2
    read = client.get(
        f"{base}/scopes", params={"applicant": f"party:{party}"}, headers=examiner.headers
    )
    assert read.json()["classes"] == [43]
    garbled = client.post(
        f"{base}/assessments/applicant",
        content=b"\xff\xfe{",
        headers={**examiner.headers, "Content-Type": "application/json"},
    )
    assert garbled.status_code == 400  # malformed JSON: refused before any work
    assert count(client_db, BadFaithAssessment) == 0


def test_only_office_staff_and_only_examiners_decide(
    client: TestClient, api_factory: Factory, examiner: Account, copier: tuple[int, list[str]]
) -> None:
    party, _ = copier
    base = "/api/v1/trademarks/bad-faith"
    applicant = api_factory.account(Role.APPLICANT)
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    admin = api_factory.account(Role.ADMINISTRATOR)
    for outsider in (applicant, officer):
        response = client.get(
            f"{base}/profile", params={"applicant": f"party:{party}"}, headers=outsider.headers
        )
        assert response.status_code == 403
    created = client.post(
        f"{base}/assessments/applicant", json={"applicant": f"party:{party}"}, headers=admin.headers
    ).json()
    decision = {"decision": "dismiss", "reason": "经营需要", "expected_version": 1}
    refused = client.post(
        f"{base}/assessments/{created['id']}/decision", json=decision, headers=admin.headers
    )
    assert refused.status_code == 403
    done = client.post(
        f"{base}/assessments/{created['id']}/decision", json=decision, headers=examiner.headers
    )
    assert done.json()["status"] == "dismissed"
    reopened = client.post(
        f"{base}/assessments/{created['id']}/reopen",
        json={"reason": "新证据", "expected_version": done.json()["version"]},
        headers=admin.headers,
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    rules = client.get(f"{base}/rules", headers=examiner.headers).json()
    assert [r["id"] for r in rules] == ["tm_art4_2019", "tm_bad_faith_2027"]
    assert rules[1]["effective_from"] == "2027-01-01"


def login(client: TestClient, account: Account) -> str:
    client.get("/login")
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    response = client.post(
        "/login",
        data={"username": account.username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return token


def test_pages_show_the_queue_profile_and_decision(
    client: TestClient, examiner: Account, copier: tuple[int, list[str]]
) -> None:
    party, numbers = copier
    token = login(client, examiner)
    profile = client.get("/trademarks/bad-faith/applicant", params={"applicant": f"party:{party}"})
    assert (
        profile.status_code == 200 and "星巴克" in profile.text and "tm_art4_2019" in profile.text
    )
    queued = client.post(
        "/trademarks/bad-faith/applicant/assess",
        data={"applicant": f"party:{party}", "csrf_token": token},
        follow_redirects=False,
    )
    assert queued.status_code == 303
    page = client.get(queued.headers["location"])
    assert page.status_code == 200 and 'data-testid="decide"' in page.text
    queue = client.get("/trademarks/bad-faith")
    assert "某某商贸有限公司" in queue.text and 'data-risk="high"' in queue.text
    assessment_id = queued.headers["location"].split("/")[-1].split("?")[0]
    empty = client.post(
        f"/trademarks/bad-faith/assessments/{assessment_id}/decide",
        data={"decision": "confirm", "reason": " ", "expected_version": 1, "csrf_token": token},
    )
    assert empty.status_code == 422 and 'data-testid="error"' in empty.text
    bad_mark = client.post(
        "/trademarks/bad-faith/marks/assess", data={"number": "abc", "csrf_token": token}
    )
    assert bad_mark.status_code == 422
    scope = client.post(
        "/trademarks/bad-faith/applicant/scope",
        data={
            "applicant": f"party:{party}",
            "classes": "35 43",
            "description": "餐饮",
            "source": "营业执照",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert scope.status_code == 303
    assert client.get("/trademarks/bad-faith", params={"risk": "extreme"}).status_code == 422
