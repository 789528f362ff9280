"""Filing and moving applications through the API, on both backends."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.applications.models import ApplicationEvent
from ipoffice.core import audit
from ipoffice.core.identifiers import parse_patent_number
from ipoffice.core.models import AuditRecord
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from tests.conftest import Factory

INVENTION = {"kind": "invention", "title": "一种锂电池热管理方法", "title_en": "Battery cooling"}


def file(client: TestClient, headers: dict[str, str], **extra: Any) -> Any:
    response = client.post("/api/v1/applications", json={**INVENTION, **extra}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def count(db: Database, model: Any) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_applicant_files_and_gets_a_valid_number(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    body = file(client, applicant.headers)
    number = parse_patent_number(body["number"])
    assert number.kind == "invention"
    assert body["display_number"] == number.display
    assert body["status"] == "filed" and body["version"] == 1
    assert body["applicant_id"] == applicant.party_id
    assert [e["code"] for e in body["timeline"]] == ["filed"]
    second = file(client, applicant.headers, kind="utility_model", title="一种电池固定装置")
    assert parse_patent_number(second["number"]).kind == "utility_model"
    third = file(client, applicant.headers)
    assert parse_patent_number(third["number"]).serial == number.serial + 1


def test_trademark_needs_classes_and_gets_a_serial(
    client: TestClient, api_factory: Factory
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    bad = client.post(
        "/api/v1/applications",
        json={"kind": "trademark", "title": "华瑞"},
        headers=applicant.headers,
    )
    assert bad.status_code == 422
    assert "nice_classes" in bad.json()["error"]["message"]
    body = file(client, applicant.headers, kind="trademark", title="华瑞", nice_classes=[9, 35, 9])
    assert body["number"].isdigit()
    assert body["nice_classes"] == [9, 35]


def test_agent_files_for_a_client(client: TestClient, api_factory: Factory) -> None:
    agent = api_factory.account(Role.AGENT)
    missing = client.post("/api/v1/applications", json=INVENTION, headers=agent.headers)
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "applicant_id"
    client_party = api_factory.party()
    body = file(client, agent.headers, applicant_id=client_party)
    assert (body["applicant_id"], body["agency_id"]) == (client_party, agent.party_id)


def test_applicant_cannot_file_in_someone_elses_name(
    client: TestClient, api_factory: Factory
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    other = api_factory.party()
    response = client.post(
        "/api/v1/applications", json={**INVENTION, "applicant_id": other}, headers=applicant.headers
    )
    assert response.status_code == 403


def test_examiner_moves_an_invention_to_grant(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = file(client, applicant.headers)["number"]
    path = f"/api/v1/applications/{number}/transitions"
    steps = ["preliminary_examination", "published", "substantive_examination", "granted"]
    for version, target in enumerate(steps, start=1):
        response = client.post(
            path, json={"to_status": target, "expected_version": version}, headers=examiner.headers
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == target
    body = response.json()
    assert body["version"] == 5 and body["next_statuses"] == []
    assert body["publication_date"] is not None and body["decision_date"] is not None
    with client_db.session(write=False) as session:
        actions = session.scalars(select(AuditRecord.action).order_by(AuditRecord.seq)).all()
        assert actions.count("change_status") == 4
        assert audit.verify(session).ok


def test_trademark_steps_with_a_record_are_refused_as_bare_status_changes(
    client: TestClient, api_factory: Factory
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = file(client, applicant.headers, kind="trademark", title="华瑞", nice_classes=[9])[
        "number"
    ]
    path = f"/api/v1/applications/{number}/transitions"
    for version, target in enumerate(["formality_examination", "substantive_examination"], 1):
        moved = client.post(
            path, json={"to_status": target, "expected_version": version}, headers=examiner.headers
        )
        assert moved.status_code == 200, moved.text
    # Announcing and refusing keep their own records: the bare change names where they are made.
    assert moved.json()["next_statuses"] == ["withdrawn"]
    for target, place in (("preliminary_approval", "announcement"), ("refused", "refusals")):
        refused = client.post(
            path, json={"to_status": target, "expected_version": 3}, headers=examiner.headers
        )
        assert refused.status_code == 409
        error = refused.json()["error"]
        assert error["code"] == "dedicated_action"
        assert f"/api/v1/trademark-examination/applications/{number}/{place}" in error["message"]
    status = client.get(f"/api/v1/applications/{number}", headers=examiner.headers).json()
    assert status["status"] == "substantive_examination" and status["version"] == 3


def test_applicant_may_withdraw_but_not_grant(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    stranger = api_factory.account(Role.APPLICANT)
    number = file(client, applicant.headers)["number"]
    path = f"/api/v1/applications/{number}/transitions"
    grant = {"to_status": "granted", "expected_version": 1}
    assert client.post(path, json=grant, headers=applicant.headers).status_code == 409
    withdraw = {"to_status": "withdrawn", "expected_version": 1}
    # Someone else's application does not even exist for a stranger.
    assert client.post(path, json=withdraw, headers=stranger.headers).status_code == 404
    response = client.post(path, json=withdraw, headers=applicant.headers)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_stale_version_is_refused_and_changes_nothing(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = file(client, applicant.headers)["number"]
    path = f"/api/v1/applications/{number}/transitions"
    move = {"to_status": "preliminary_examination", "expected_version": 1}
    assert client.post(path, json=move, headers=examiner.headers).status_code == 200
    events_before = count(client_db, ApplicationEvent)
    stale = client.post(
        path, json={"to_status": "published", "expected_version": 1}, headers=examiner.headers
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert "version 2" in stale.json()["error"]["message"]
    assert count(client_db, ApplicationEvent) == events_before


def test_visibility_of_full_records(client: TestClient, api_factory: Factory) -> None:
    owner = api_factory.account(Role.APPLICANT)
    stranger = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = file(client, owner.headers)["number"]
    path = f"/api/v1/applications/{number}"
    assert client.get(path, headers=owner.headers).status_code == 200
    assert client.get(path, headers=examiner.headers).status_code == 200
    assert client.get(path, headers=stranger.headers).status_code == 404
    listing = client.get("/api/v1/applications", headers=stranger.headers).json()
    assert listing == {"total": 0, "items": []}
    assert client.get("/api/v1/applications", headers=owner.headers).json()["total"] == 1


def test_priority_claim_rules(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    too_old = client.post(
        "/api/v1/applications",
        json={**INVENTION, "priority_date": "2001-01-01"},
        headers=applicant.headers,
    )
    assert too_old.status_code == 422
    assert too_old.json()["error"]["field"] == "priority_date"
    assert "12 months" in too_old.json()["error"]["message"]
