"""Server-rendered pages: login with CSRF, per-role home pages, language, status change form."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from ipoffice.core.roles import Role
from ipoffice.web.access import CSRF_COOKIE, SESSION_COOKIE
from ipoffice.web.i18n import MESSAGES
from tests.conftest import PASSWORD, Factory


def csrf_of(client: TestClient) -> str:
    client.get("/login")
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_login_sets_a_hardened_session_cookie(client: TestClient, api_factory: Factory) -> None:
    account = api_factory.account(Role.EXAMINER)
    response = client.post(
        "/login",
        data={"username": account.username, "password": PASSWORD, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if SESSION_COOKIE in c)
    for flag in ("HttpOnly", "Secure", "SameSite=lax"):
        assert flag.lower() in cookie.lower()
    home = client.get("/")
    assert account.username in home.text


def test_login_without_csrf_token_is_refused(client: TestClient, api_factory: Factory) -> None:
    account = api_factory.account(Role.EXAMINER)
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": account.username, "password": PASSWORD},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert SESSION_COOKIE not in client.cookies


def test_wrong_password_says_so_and_logs_nobody_in(
    client: TestClient, api_factory: Factory
) -> None:
    account = api_factory.account(Role.EXAMINER)
    response = client.post(
        "/login",
        data={
            "username": account.username,
            "password": "wrong-password",
            "csrf_token": csrf_of(client),
        },
    )
    assert response.status_code == 401
    assert MESSAGES["login.failed"][0] in response.text
    assert SESSION_COOKIE not in client.cookies


def test_next_only_goes_to_local_pages(client: TestClient, api_factory: Factory) -> None:
    account = api_factory.account(Role.EXAMINER)
    for target, expected in [
        ("/applications?status=filed", "/applications?status=filed"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ]:
        response = client.post(
            "/login",
            data={
                "username": account.username,
                "password": PASSWORD,
                "csrf_token": csrf_of(client),
                "next": target,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_a_page_redirects_to_login_and_keeps_the_query(client: TestClient) -> None:
    response = client.get("/applications?status=granted", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/applications%3Fstatus%3Dgranted"


def test_logout_ends_the_session(client: TestClient, api_factory: Factory) -> None:
    account = api_factory.account(Role.EXAMINER)
    login(client, account.username)
    assert client.get("/applications", follow_redirects=False).status_code == 200
    response = client.post(
        "/logout", data={"csrf_token": client.cookies[CSRF_COOKIE]}, follow_redirects=False
    )
    assert response.status_code == 303
    assert client.get("/applications", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("role", list(Role))
def test_home_lists_only_pages_that_exist_and_open(
    role: Role, client: TestClient, api_factory: Factory
) -> None:
    account = api_factory.account(role)
    login(client, account.username)
    home = client.get("/")
    assert home.status_code == 200
    block = re.search(r'data-testid="home-links">(.*?)</ul>', home.text, re.S)
    assert block is not None
    links = re.findall(r'href="([^"]+)"', block.group(1))
    assert "/inquiry" in links
    for href in links:
        assert client.get(href, follow_redirects=False).status_code == 200, (role, href)
    if role == Role.ADMINISTRATOR:
        assert {"/admin/users", "/admin/audit"} <= set(links)
    else:
        assert "/admin/users" not in links


def test_language_switch(client: TestClient) -> None:
    assert MESSAGES["inquiry.title"][0] in client.get("/inquiry").text
    response = client.get("/lang/en?next=/inquiry%3Fnumber%3D1", follow_redirects=False)
    assert response.headers["location"] == "/inquiry?number=1"
    assert MESSAGES["inquiry.title"][1] in client.get("/inquiry").text
    assert client.get("/lang/fr").status_code == 422


def test_every_label_has_both_languages() -> None:
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key
        assert re.search(r"[\u4e00-\u9fff]", zh) or key == "lang.switch", key


def test_examiner_changes_status_through_the_form(client: TestClient, api_factory: Factory) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = client.post(
        "/api/v1/applications",
        json={"kind": "design", "title": "台灯"},
        headers=applicant.headers,
    ).json()["number"]
    login(client, examiner.username)
    page = client.get(f"/applications/{number}")
    assert page.status_code == 200 and "台灯" in page.text
    token = client.cookies[CSRF_COOKIE]
    form = {"to_status": "preliminary_examination", "expected_version": "1", "csrf_token": token}
    moved = client.post(f"/applications/{number}/status", data=form, follow_redirects=False)
    assert moved.status_code == 303
    assert "已更新" in client.get(moved.headers["location"]).text
    stale = client.post(f"/applications/{number}/status", data=form)
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text
    forged = client.post(f"/applications/{number}/status", data={**form, "csrf_token": "x" * 43})
    assert forged.status_code == 403


def test_inquiry_page_answers_with_the_right_status(client: TestClient) -> None:
    assert client.get("/inquiry").status_code == 200
    unknown = client.get("/inquiry?number=202610999999.8")
    assert unknown.status_code == 404
    assert MESSAGES["inquiry.not_found"][0] in unknown.text
    malformed = client.get("/inquiry?number=202310123456.7")
    assert malformed.status_code == 422
    assert "check digit should be 6" in malformed.text
    partial = client.get("/inquiry?number=202610999999.8", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and "inquiry-error" in partial.text


def test_password_guessing_is_locked_out(client: TestClient, api_factory: Factory) -> None:
    account = api_factory.account(Role.EXAMINER)
    wrong = {"username": account.username, "password": "guess-123456"}
    for _ in range(5):
        assert client.post("/api/v1/auth/token", json=wrong).status_code == 401
    # Even the right password is refused while locked out, on the API and the login form.
    right = {"username": account.username, "password": PASSWORD}
    locked = client.post("/api/v1/auth/token", json=right)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    form = client.post(
        "/login",
        data={"username": account.username, "password": PASSWORD, "csrf_token": csrf_of(client)},
    )
    assert form.status_code == 429
    assert MESSAGES["login.locked"][0] in form.text
    # Other users are not affected.
    other = api_factory.account(Role.EXAMINER)
    token = client.post(
        "/api/v1/auth/token", json={"username": other.username, "password": PASSWORD}
    )
    assert token.status_code == 201
