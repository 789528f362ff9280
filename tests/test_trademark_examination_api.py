"""Trademark examination through the API and the pages, on both backends: the office's date
is fixed per test (the actions take the office's date as the date of receipt)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.trademarks import examination_api, examination_web
from ipoffice.web.access import CSRF_COOKIE
from ipoffice.web.i18n import MESSAGES
from tests.conftest import PASSWORD, Account, Factory
from tests.trademark_examination_fixtures import cast, mark_in_examination

BASE = "/api/v1/trademark-examination"
OPPOSITION = {
    "grounds": ["art30", "art4"],
    "statement": "被异议商标与异议人在先商标近似，且申请人大量囤积商标。",
    "earlier_right": "第12345678号“瑞澜”商标",
}


class Today:
    """The office's date, as the API and the pages see it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.set(date(2026, 11, 20))

    def set(self, value: date) -> None:
        for module in (examination_api, examination_web):
            self.monkeypatch.setattr(module, "office_today", lambda: value)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Today:
    return Today(monkeypatch)


def _post(client: TestClient, path: str, account: Account, body: dict[str, Any]) -> Any:
    return client.post(f"{BASE}{path}", json=body, headers=account.headers)


def _announced(client: TestClient, db: Database, factory: Factory) -> tuple[str, Any]:
    people = cast(db, factory)
    number = mark_in_examination(db, people, filing=date(2026, 2, 2))
    body = {"issue_number": "1915", "announced_on": "2026-09-01", "expected_version": 3}
    response = _post(client, f"/applications/{number}/announcement", people.examiner, body)
    assert response.status_code == 200, response.text
    return number, people


def test_announce_oppose_decide_register(
    client: TestClient, client_db: Database, api_factory: Factory, today: Today
) -> None:
    number, people = _announced(client, client_db, api_factory)
    file = client.get(f"{BASE}/applications/{number}", headers=people.examiner.headers).json()
    assert file["status"] == "preliminary_approval" and file["version"] == 4
    assert file["announcements"] == [
        {"id": 1, "issue_number": "1915", "announced_on": "2026-09-01"}
    ]
    window = file["deadlines"][0]
    assert (window["rule_id"], window["due"], window["state"]) == (
        "trademark.opposition",
        "2026-12-01",
        "soon",
    )
    assert window["source"] == "Trademark Law 2019 Art. 33" and file["actions"] == ["register"]

    opposed = _post(
        client, "/oppositions", people.third_party, {"application_number": number, **OPPOSITION}
    )
    assert opposed.status_code == 201, opposed.text
    pid = opposed.json()["id"]
    assert opposed.json()["status"] == "filed" and opposed.json()["filed_on"] == "2026-11-20"
    twice = _post(
        client, "/oppositions", people.third_party, {"application_number": number, **OPPOSITION}
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "duplicate_proceeding"
    stranger = api_factory.account(Role.APPLICANT)
    assert client.get(f"{BASE}/proceedings/{pid}", headers=stranger.headers).status_code == 404
    listed = client.get(f"{BASE}/proceedings", headers=stranger.headers).json()
    assert listed == {"total": 0, "items": []}

    served = _post(client, f"/proceedings/{pid}/service", people.examiner,
                   {"served_on": "2026-11-20", "expected_version": 1})  # fmt: skip
    assert served.status_code == 200 and served.json()["actions"] == ["decide", "extend"]
    mine = client.get(f"{BASE}/proceedings", headers=people.applicant.headers).json()
    assert mine["total"] == 1 and mine["items"][0]["statement"] == OPPOSITION["statement"]
    assert mine["items"][0]["actions"] == ["answer"]
    answered = _post(client, f"/proceedings/{pid}/answer", people.applicant,
                     {"answer": "两商标整体外观不同。", "expected_version": 2})  # fmt: skip
    assert answered.status_code == 200, answered.text
    decided = _post(client, f"/proceedings/{pid}/decision", people.examiner,
                    {"outcome": "registration_approved", "decided_on": "2026-11-20",
                     "reasons": "异议理由不成立。", "expected_version": 3})  # fmt: skip
    assert decided.status_code == 200 and decided.json()["outcome"] == "registration_approved"

    early = _post(
        client, f"/applications/{number}/registration", people.examiner, {"expected_version": 4}
    )
    assert early.status_code == 409 and early.json()["error"]["code"] == "opposition_period_running"
    assert "2026-12-01" in early.json()["error"]["message"]
    today.set(date(2026, 12, 2))
    done = _post(
        client, f"/applications/{number}/registration", people.examiner, {"expected_version": 4}
    )
    assert done.status_code == 200 and done.json()["status"] == "registered"

    public = client.get(f"/api/v1/applications/{number}/status").json()
    codes = [e["code"] for e in public["timeline"]]
    assert codes[-4:] == [
        "preliminary_approval",
        "opposition_filed",
        "opposition_decided",
        "registered",
    ]
    assert "opposition_answered" not in codes


def test_bad_input_is_refused_and_changes_nothing(
    client: TestClient, client_db: Database, api_factory: Factory, today: Today
) -> None:
    number, people = _announced(client, client_db, api_factory)
    body = {"application_number": number, **OPPOSITION}
    bad = [
        ({**body, "grounds": ["art99"]}, "unknown ground"),
        ({**body, "grounds": []}, "grounds"),
        ({**body, "earlier_right": None, "grounds": ["art30"]}, "earlier right holder"),
        ({**body, "statement": "   "}, "blank"),
        ({**body, "statement": "长" * 20_001}, "statement"),
        ({**body, "surprise": 1}, "surprise"),
    ]
    for payload, message in bad:
        response = _post(client, "/oppositions", people.third_party, payload)
        assert response.status_code == 422, payload
        assert (
            message in response.json()["error"]["message"]
            or message == response.json()["error"]["field"]
        )
    broken = client.post(
        f"{BASE}/oppositions",
        content=b'{"application_number": ',
        headers={**people.third_party.headers, "Content-Type": "application/json"},
    )
    assert broken.status_code == 422
    latin = client.post(
        f"{BASE}/oppositions",
        content='{"application_number": "1", "statement": "é"}'.encode("latin-1"),
        headers={**people.third_party.headers, "Content-Type": "application/json"},
    )
    assert latin.status_code in (400, 422)
    patent = client.post(
        "/api/v1/applications",
        json={"kind": "invention", "title": "一种电池"},
        headers=people.applicant.headers,
    ).json()["number"]
    not_mark = _post(
        client, "/oppositions", people.third_party, {**body, "application_number": patent}
    )
    assert not_mark.status_code == 404
    assert _post(client, "/oppositions", people.examiner, body).status_code == 403
    agent = _post(client, "/oppositions", people.agent, body)
    assert agent.status_code == 422 and "client" in agent.json()["error"]["message"]
    stale = _post(
        client, f"/applications/{number}/registration", people.examiner, {"expected_version": 3}
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert client.get(f"{BASE}/proceedings", headers=people.examiner.headers).json()["total"] == 0


def test_refusal_and_review_through_the_api(
    client: TestClient, client_db: Database, api_factory: Factory, today: Today
) -> None:
    people = cast(client_db, api_factory)
    number = mark_in_examination(client_db, people, filing=date(2026, 2, 2))
    partial_whole = {"scope": "whole", "refused_goods": [{"nice_class": 9, "goods": "手机"}],
                     "grounds": ["art30"], "reasons": "近似", "decided_on": "2026-11-10",
                     "notice_dispatched_on": "2026-11-10", "expected_version": 3}  # fmt: skip
    wrong = _post(client, f"/applications/{number}/refusals", people.examiner, partial_whole)
    assert (
        wrong.status_code == 422 and "leave refused_goods empty" in wrong.json()["error"]["message"]
    )
    future = {**partial_whole, "refused_goods": [], "decided_on": "2026-11-21"}
    assert (
        _post(client, f"/applications/{number}/refusals", people.examiner, future).status_code
        == 422
    )
    whole = {**partial_whole, "refused_goods": []}
    made = _post(client, f"/applications/{number}/refusals", people.examiner, whole)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    file = client.get(f"{BASE}/applications/{number}", headers=people.applicant.headers).json()
    review_deadline = next(d for d in file["deadlines"] if d["refusal_id"] == rid)
    # Not recorded as received: deemed served 15 days after dispatch (2026-11-25), then 15 days.
    assert review_deadline["start"] == "2026-11-25" and review_deadline["start_deemed"] is True
    assert review_deadline["due"] == "2026-12-10"
    asked = _post(
        client, "/reviews", people.applicant, {"refusal_id": rid, "statement": "不近似。"}
    )
    assert asked.status_code == 201 and asked.json()["kind"] == "refusal_review"
    again = _post(
        client, "/reviews", people.applicant, {"refusal_id": rid, "statement": "再次申请。"}
    )
    assert again.status_code == 409
    pid = asked.json()["id"]
    decision = asked.json()["deadlines"][0]
    assert (decision["rule_id"], decision["due"]) == ("trademark.refusal_review.decision", None)
    assert "2027" in decision["problem"]
    extended = _post(client, f"/proceedings/{pid}/extension", people.examiner,
                     {"approved_on": "2026-11-20", "approval_reference": "批〔2026〕1号",
                      "expected_version": 1})  # fmt: skip
    # Approved long before the unmoved end: recorded without the 2027 calendar.
    assert extended.status_code == 200, extended.text
    after = extended.json()["deadlines"][0]
    assert after["extended_by"] == "3 months" and after["due"] is None
    withdrawn = _post(
        client, f"/proceedings/{pid}/withdrawal", people.applicant, {"expected_version": 2}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = _post(
        client, f"/proceedings/{pid}/withdrawal", people.applicant, {"expected_version": 3}
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"


def _login(client: TestClient, account: Account) -> str:
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


def test_examiner_pages_queue_file_and_forms(
    client: TestClient, client_db: Database, api_factory: Factory, today: Today
) -> None:
    people = cast(client_db, api_factory)
    number = mark_in_examination(client_db, people, filing=date(2026, 2, 2), title="瑞澜")
    csrf = _login(client, people.examiner)
    queue = client.get("/trademark-examination")
    assert queue.status_code == 200 and MESSAGES["tmx.queue.title"][0] in queue.text
    assert f'href="/trademark-examination/{number}"' in queue.text
    # Filed 2026-02-02: the 9 months ended 2026-11-02, before the office's date 2026-11-20.
    assert 'data-state="overdue"' in queue.text and "2026-11-02" in queue.text
    page = client.get(f"/trademark-examination/{number}")
    assert 'data-testid="announce-form"' in page.text and "Trademark Law 2019 Art. 28" in page.text
    form = {"issue_number": "1916", "announced_on": "2026-11-06", "expected_version": "3"}
    assert client.post(f"/trademark-examination/{number}/announce", data=form).status_code == 403
    done = client.post(
        f"/trademark-examination/{number}/announce",
        data={**form, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?done=announced")
    page = client.get(done.headers["location"])
    assert MESSAGES["tmx.done.announced"][0] in page.text and "1916" in page.text
    stale = client.post(
        f"/trademark-examination/{number}/register",
        data={"expected_version": "3", "csrf_token": csrf},
    )
    assert stale.status_code == 409 and "reload" in stale.text
    assert client.get(f"/trademark-examination/{number}?done=bogus").status_code == 200
    assert client.get("/trademark-examination/oppositions").status_code == 200
    third = api_factory.account(Role.APPLICANT)
    body = {"application_number": number, "grounds": ["art4"], "statement": "恶意囤积商标。"}
    pid = _post(client, "/oppositions", third, body).json()["id"]
    step = f"/trademark-examination/{number}/proceedings/{pid}"
    empty = client.post(
        f"{step}/serve", data={"expected_version": "1", "served_on": "", "csrf_token": csrf}
    )
    assert empty.status_code == 422 and "served_on" in empty.text
    unknown = client.post(f"{step}/dance", data={"expected_version": "1", "csrf_token": csrf})
    assert unknown.status_code == 422 and "unknown step" in unknown.text
    served = client.post(
        f"{step}/serve",
        data={"expected_version": "1", "served_on": "2026-11-20", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert served.status_code == 303 and served.headers["location"].endswith("?done=serve")
    page = client.get(served.headers["location"])
    assert MESSAGES["tmx.done.serve"][0] in page.text and 'data-testid="decide-form"' in page.text
    opposition_list = client.get("/trademark-examination/oppositions?status=served")
    assert f"#{pid}" in opposition_list.text
    english = client.get(f"/trademark-examination/{number}", headers={"Accept-Language": "en"})
    assert MESSAGES["tmx.dossier.title"][1] in english.text
    assert MESSAGES["tmx.register"][1] in english.text
