"""The public status inquiry returns only public fields."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ipoffice.core.roles import Role
from tests.conftest import Factory

PUBLIC_FIELDS = {
    "number", "display_number", "kind", "kind_label_zh", "kind_label_en", "title", "title_en",
    "status", "status_label_zh", "status_label_en", "filing_date", "priority_date",
    "publication_date", "decision_date", "timeline", "deadlines",
}  # fmt: skip


def test_inquiry_shows_public_fields_only(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = client.post(
        "/api/v1/applications",
        json={"kind": "invention", "title": "一种中药组合物", "title_en": "A TCM composition"},
        headers=applicant.headers,
    ).json()["number"]
    status = client.get(f"/api/v1/applications/{number}/status").json()
    assert set(status) == PUBLIC_FIELDS
    # Before publication an invention's content is confidential.
    assert status["title"] is None and status["title_en"] is None
    assert [e["code"] for e in status["timeline"]] == ["filed"]
    path = f"/api/v1/applications/{number}/transitions"
    for version, target in enumerate(["preliminary_examination", "published"], start=1):
        moved = client.post(
            path,
            json={"to_status": target, "expected_version": version, "note": "内部备注"},
            headers=examiner.headers,
        )
        assert moved.status_code == 200
    status = client.get(f"/api/v1/applications/{number}/status").json()
    assert status["title"] == "一种中药组合物"
    assert status["status"] == "published" and status["status_label_zh"] == "已公布"
    assert [e["code"] for e in status["timeline"]] == ["filed", "preliminary_started", "published"]
    assert "内部备注" not in str(status)


def test_any_written_form_of_a_number_finds_it(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    body = client.post(
        "/api/v1/applications",
        json={"kind": "design", "title": "茶叶包装盒"},
        headers=applicant.headers,
    ).json()
    canonical, display = body["number"], body["display_number"]
    spaced = f"{canonical[:4]} {canonical[4]} {canonical[5:12]}.{canonical[12]}"
    for form in (canonical, display, spaced, f"CN{display}", f"ZL{canonical}"):
        response = client.get(f"/api/v1/applications/{form}/status")
        assert response.status_code == 200, form
        assert response.json()["number"] == canonical
