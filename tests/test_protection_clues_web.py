"""The clue pages: send through the form (errors next to their field), the inbox and outbox
tabs with counts and overdue marks, a clue's page with only the moves the viewer may make,
and forms that need their CSRF token."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import update

from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection.clue_models import ProtectionClue
from ipoffice.web.access import CSRF_COOKIE
from tests.test_protection_clues import GUANGZHOU, HANGZHOU, NINGBO, desk
from tests.test_web_pages import login

FORM = {
    "source_kind": "ecommerce_platform",
    "source_ref": "JD-TS-7781",
    "category": "patent_infringement",
    "subject_name": "宁波某电器经营部",
    "summary": "平台投诉：店铺销售的电热水壶涉嫌侵犯实用新型专利权。",
    "receiver_region": NINGBO,
    "receiver_department": "ip_office",
    "due_working_days": "",
}


def browser(client: TestClient, db: Database, role: Role, region: str | None) -> TestClient:
    other = TestClient(client.app, base_url="https://testserver")
    login(other, desk(db, role, region).username)
    return other


def token(page: TestClient) -> str:
    return page.cookies[CSRF_COOKIE]


def test_a_clue_goes_from_the_form_to_the_receiver_and_back(
    client: TestClient, client_db: Database
) -> None:
    sender = browser(client, client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    receiver = browser(client, client_db, Role.ENFORCEMENT_OFFICER, NINGBO)
    assert 'data-testid="nav-clues"' in sender.get("/protection/clues").text
    sent = sender.post(
        "/protection/clues/new", data={**FORM, "csrf_token": token(sender)}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text
    clue_page = sent.headers["location"].split("?")[0]
    page = sender.get(sent.headers["location"])
    assert "线索已移交。" in page.text and 'data-testid="form-withdraw"' in page.text
    assert 'data-testid="form-acknowledge"' not in page.text

    inbox = receiver.get("/protection/clues")
    assert "宁波某电器经营部" in inbox.text and "st-sent" in inbox.text
    version = 1
    for action, fields in (
        ("acknowledge", {}),
        ("feedback", {"outcome": "no_infringement", "text": "经核查，涉案产品已下架。"}),
    ):
        answer = receiver.post(
            clue_page,
            data={
                "action": action,
                "expected_version": str(version),
                "csrf_token": token(receiver),
                **fields,
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        version += 1
    seen = sender.get(clue_page).text
    assert "经核查，涉案产品已下架。" in seen and "未发现侵权或违法行为" in seen
    outbox = sender.get("/protection/clues?box=outbox&lang=en").text
    assert "Answered" in outbox and "st-answered" in outbox


def test_form_errors_come_back_next_to_the_field(client: TestClient, client_db: Database) -> None:
    sender = browser(client, client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    bad = sender.post(
        "/protection/clues/new",
        data={**FORM, "receiver_region": "9902", "csrf_token": token(sender)},
    )
    assert bad.status_code == 422
    assert 'data-testid="error-receiver_region"' in bad.text and "9902" in bad.text
    forged = sender.post("/protection/clues/new", data={**FORM, "csrf_token": "x" * 43})
    assert forged.status_code == 403
    assert "宁波某电器经营部" not in sender.get("/protection/clues?box=outbox").text


def test_overdue_clues_are_marked_and_filtered(client: TestClient, client_db: Database) -> None:
    sender = browser(client, client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    for ref in ("A-1", "A-2"):
        sender.post(
            "/protection/clues/new", data={**FORM, "source_ref": ref, "csrf_token": token(sender)}
        )
    with client_db.session(write=True) as session:
        session.execute(
            update(ProtectionClue)
            .where(ProtectionClue.source_ref == "A-1")
            .values(due_date=date(2025, 1, 6))
        )
    page = sender.get("/protection/clues?box=outbox&overdue=true").text
    assert page.count('data-testid="clue-row"') == 1 and 'data-testid="overdue"' in page
    assert "逾期 1" in sender.get("/protection/clues?box=outbox").text


def test_outsiders_cannot_open_a_clue_page(client: TestClient, client_db: Database) -> None:
    sender = browser(client, client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    sent = sender.post(
        "/protection/clues/new", data={**FORM, "csrf_token": token(sender)}, follow_redirects=False
    )
    clue_page = sent.headers["location"].split("?")[0]
    outsider = browser(client, client_db, Role.ENFORCEMENT_OFFICER, GUANGZHOU)
    assert outsider.get(clue_page).status_code == 404
    acting = outsider.post(
        clue_page,
        data={
            "action": "withdraw",
            "expected_version": "1",
            "reason": "x",
            "csrf_token": token(outsider),
        },
    )
    assert acting.status_code == 404
    wrong_side = sender.post(
        clue_page,
        data={"action": "acknowledge", "expected_version": "1", "csrf_token": token(sender)},
    )
    assert wrong_side.status_code == 403 and 'data-testid="error-acknowledge"' in wrong_side.text
    agent = browser(client, client_db, Role.AGENT, None)
    assert agent.get("/protection/clues").status_code == 403
