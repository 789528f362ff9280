"""Officer pages of dispute cases: the list with deadline colours, the case page with its
deadlines and sources, action forms (success, stale version, bad date) and evidence upload."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from tests.test_protection_cases_api import _create, _headers

PDF = b"%PDF-1.7\n%%EOF\n"


def test_list_page_colours_cases_by_deadline(client: TestClient, client_db: Database) -> None:
    headers, _ = _headers(client_db)
    late = _create(client, headers, received_on="2026-01-05")["number"]
    page = client.get("/protection/cases", headers=headers)
    assert page.status_code == 200
    assert f'href="/protection/cases/{late}"' in page.text
    assert 'data-flag="overdue"' in page.text and "flag-overdue" in page.text
    filtered = client.get("/protection/cases?flag=due_soon", headers=headers)
    assert late not in filtered.text
    stranger, _ = _headers(client_db, "440100")
    assert late not in client.get("/protection/cases", headers=stranger).text
    examiner, _ = _headers(client_db, "440300", Role.EXAMINER)
    assert client.get("/protection/cases", headers=examiner).status_code == 403


def test_case_page_forms(client: TestClient, client_db: Database) -> None:
    headers, _ = _headers(client_db)
    number = _create(client, headers)["number"]
    url = f"/protection/cases/{number}"
    page = client.get(url, headers=headers)
    assert page.status_code == 200
    assert "patent.dispute.acceptance_decision" in page.text
    assert "专利纠纷行政裁决和调解办法" in page.text and 'data-testid="form-accept"' in page.text
    done = client.post(
        f"{url}/act/accept",
        data={"expected_version": "1", "on": "2026-03-03"},
        headers=headers,
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"{url}?done=1"
    page = client.get(f"{url}?done=1", headers=headers).text
    assert 'data-testid="event-accepted"' in page and 'data-testid="form-serve"' in page
    assert 'data-testid="deadline-closure"' in page
    stale = client.post(f"{url}/act/serve", data={"expected_version": "1"}, headers=headers)
    assert stale.status_code == 409 and "changed by someone else" in stale.text
    bad = client.post(
        f"{url}/act/serve", data={"expected_version": "2", "on": "03/04/2026"}, headers=headers
    )
    assert bad.status_code == 422 and "is not a date" in bad.text
    future = client.post(
        f"{url}/act/serve", data={"expected_version": "2", "on": "2099-01-01"}, headers=headers
    )
    assert future.status_code == 422
    upload = client.post(
        f"{url}/evidence",
        files={"file": ("证据一.pdf", PDF, "application/pdf")},
        data={"submitted_by": "requester"},
        headers=headers,
        follow_redirects=False,
    )
    assert upload.status_code == 303
    page = client.get(url, headers=headers).text
    assert "证据一.pdf" in page and "evidence_added" in page


def test_administrators_read_without_forms(client: TestClient, client_db: Database) -> None:
    headers, _ = _headers(client_db)
    number = _create(client, headers, received_on=date(2026, 3, 2).isoformat())["number"]
    admin, _ = _headers(client_db, None, Role.ADMINISTRATOR)
    page = client.get(f"/protection/cases/{number}", headers=admin)
    assert page.status_code == 200 and 'data-testid="form-accept"' not in page.text
    refused = client.post(
        f"/protection/cases/{number}/act/accept", data={"expected_version": "1"}, headers=admin
    )
    assert refused.status_code == 403
