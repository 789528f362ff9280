"""The officer's form to register a dispute request (`/protection/cases/new`): success, a double
submission, bad input coming back on the form with its values, who may use it, CSRF."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection.case_models import DisputeCase
from tests.test_protection_cases_api import _headers
from tests.test_protection_cases_support import REQUESTER_USCC, RESPONDENT_USCC
from tests.test_web_pages import login

URL = "/protection/cases/new"


def _form(**changes: str) -> dict[str, str]:
    data = {
        "submission_key": "form-key-0001",
        "requester_kind": "organisation",
        "requester_name": "深圳市甲科技有限公司",
        "requester_uscc": REQUESTER_USCC,
        "requester_address": "深圳市南山区科技园",
        "respondent_kind": "organisation",
        "respondent_name": "深圳市乙电子有限公司",
        "respondent_uscc": RESPONDENT_USCC,
        "respondent_address": "",
        "patent_number": "ZL 2023 1 0397744.0",
        "patent_title": "一种折叠式电动自行车车架",
        "claims": "3，1",
        "request_text": "请求责令被请求人停止侵权。",
        "received_on": "2026-03-02",
    }
    data.update(changes)
    return data


def _count(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(DisputeCase)) or 0)


def _post(client: TestClient, headers: dict[str, str], **changes: str) -> Any:
    return client.post(URL, data=_form(**changes), headers=headers, follow_redirects=False)


def test_officer_registers_a_request_once(client: TestClient, client_db: Database) -> None:
    headers, _ = _headers(client_db)
    page = client.get(URL, headers=headers)
    assert page.status_code == 200 and 'data-testid="new-case-form"' in page.text
    key = re.search(r'name="submission_key" value="([^"]+)"', page.text)
    assert key is not None and len(key.group(1)) >= 16
    done = _post(client, headers)
    assert done.status_code == 303
    number = done.headers["location"].removeprefix("/protection/cases/").removesuffix("?done=1")
    assert number == "2026-440300-0001"
    again = _post(client, headers)  # a double click or a reload sends the same key
    assert again.status_code == 303 and again.headers["location"] == done.headers["location"]
    assert _count(client_db) == 1
    case = client.get(f"/api/v1/protection/cases/{number}", headers=headers).json()
    assert case["claims"] == [1, 3] and case["received_on"] == "2026-03-02"
    assert [(p["role"], p["kind"]) for p in case["parties"]] == [
        ("requester", "organisation"),
        ("respondent", "organisation"),
    ]
    listed = client.get("/protection/cases", headers=headers).text
    assert 'href="/protection/cases/new"' in listed
    other = _post(client, headers, submission_key="form-key-0002", respondent_kind="person",
                  respondent_uscc="", respondent_name="张三")  # fmt: skip
    assert other.status_code == 303 and _count(client_db) == 2


def test_bad_input_comes_back_on_the_form(client: TestClient, client_db: Database) -> None:
    headers, _ = _headers(client_db)
    for changes, field, status in (
        ({"claims": "1, x"}, "claims", 422),
        ({"claims": ""}, "claims", 422),
        ({"claims": "1, 1"}, "claims", 422),
        ({"received_on": "02/03/2026"}, "received_on", 422),
        ({"received_on": "2099-01-01"}, "received_on", 422),
        ({"respondent_uscc": "91440300MA5EQWER20"}, "respondent_uscc", 422),
        ({"requester_uscc": ""}, "requester_uscc", 422),
        ({"respondent_kind": "person"}, "respondent_uscc", 422),
        ({"requester_kind": "robot"}, "requester_kind", 422),
        ({"requester_name": ""}, "requester_name", 422),
        ({"patent_number": "123"}, "patent_number", 422),
        ({"request_text": ""}, "request_text", 422),
    ):
        response = _post(client, headers, **changes)
        assert response.status_code == status, (changes, response.text[:300])
        assert f'data-testid="error-{field}"' in response.text, changes
        assert "一种折叠式电动自行车车架" in response.text  # the values are kept
    assert _count(client_db) == 0


def test_who_may_register(client: TestClient, client_db: Database) -> None:
    admin, _ = _headers(client_db, None, Role.ADMINISTRATOR)
    assert client.get(URL, headers=admin).status_code == 403
    assert _post(client, admin).status_code == 403
    regionless, _ = _headers(client_db, None)
    response = _post(client, regionless)
    assert response.status_code == 422 and 'data-testid="error-form"' in response.text
    anonymous = client.get(URL, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert _count(client_db) == 0


def test_a_browser_form_needs_the_csrf_token(client: TestClient, client_db: Database) -> None:
    _headers_unused, username = _headers(client_db)
    login(client, username)
    refused = client.post(URL, data=_form(), follow_redirects=False)
    assert refused.status_code == 403 and _count(client_db) == 0
    token = client.cookies.get("ipoffice_csrf")
    assert token
    done = client.post(URL, data={**_form(), "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and _count(client_db) == 1
