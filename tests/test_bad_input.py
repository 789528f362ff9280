"""Bad input gets a clear error that says what and where, and nothing is written."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.applications.models import Application
from ipoffice.core.models import AuditRecord
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from tests.conftest import Factory


def totals(db: Database) -> tuple[int, int]:
    with db.session(write=False) as session:
        apps = session.scalar(select(func.count()).select_from(Application))
        records = session.scalar(select(func.count()).select_from(AuditRecord))
    return int(apps or 0), int(records or 0)


def test_malformed_json(client: TestClient, api_factory: Factory, client_db: Database) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    before = totals(client_db)
    response = client.post(
        "/api/v1/applications",
        content=b'{"kind": "invention", "title": ',
        headers={**applicant.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert "not valid JSON" in error["message"]
    assert totals(client_db) == before


def test_wrong_types_name_the_field(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    before = totals(client_db)
    cases = [
        ({"kind": "invention", "title": 42}, "title"),
        ({"kind": "patent-ish", "title": "x"}, "kind"),
        ({"kind": "invention", "title": "   "}, "title"),
        ({"kind": "invention", "title": "x", "priority_date": "2024-13-01"}, "priority_date"),
        ({"kind": "invention", "title": "x", "surprise": 1}, "surprise"),
        ({"kind": "trademark", "title": "x", "nice_classes": [46]}, "nice_classes"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/applications", json=body, headers=applicant.headers)
        assert response.status_code == 422, body
        error = response.json()["error"]
        assert error["field"] == field, (body, error)
        assert field in error["message"]
    assert totals(client_db) == before


def test_oversized_body_is_refused(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    before = totals(client_db)
    huge = {"kind": "invention", "title": "x" * 2_000_000}
    response = client.post("/api/v1/applications", json=huge, headers=applicant.headers)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert totals(client_db) == before


def test_streamed_oversized_body_without_length_is_refused(
    client: TestClient, api_factory: Factory
) -> None:
    applicant = api_factory.account(Role.APPLICANT)

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    response = client.post(
        "/api/v1/applications",
        content=chunks(),
        headers={**applicant.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_title_over_the_limit_is_named(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    response = client.post(
        "/api/v1/applications",
        json={"kind": "invention", "title": "长" * 501},
        headers=applicant.headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "title"


def test_unknown_and_malformed_numbers(client: TestClient) -> None:
    unknown = client.get("/api/v1/applications/202610999999.8/status")
    assert unknown.status_code == 404
    assert unknown.json()["error"] == {
        "code": "not_found",
        "message": "no application with number 202610999999.8",
        "field": "number",
    }
    wrong_check = client.get("/api/v1/applications/202310123456.7/status")
    assert wrong_check.status_code == 422
    assert "check digit should be 6" in wrong_check.json()["error"]["message"]
    assert wrong_check.json()["error"]["field"] == "number"
    garbage = client.get("/api/v1/applications/hello-world/status")
    assert garbage.status_code == 422
    assert garbage.json()["error"]["code"] == "invalid_input"
    too_long = client.get("/api/v1/applications/" + "9" * 41 + "/status")
    assert too_long.status_code == 422


def test_non_utf8_body_is_refused(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    response = client.post(
        "/api/v1/applications",
        content='{"kind": "invention", "title": "电池"}'.encode("gb18030"),
        headers={**applicant.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unreadable_body"
    assert "UTF-8" in response.json()["error"]["message"]


def test_unknown_path_gets_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
