"""Walk the whole route table: every route declares who may call it, and an anonymous caller
or a caller with a wrong role is refused everywhere except on public routes."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from ipoffice.app import FRAMEWORK_ROUTES, declared_routes
from ipoffice.core.roles import Role
from ipoffice.web.access import Guard, guard_of
from tests.conftest import Account, Factory

pytestmark = pytest.mark.usefixtures("client")


def _routes(client: TestClient) -> list[tuple[APIRoute, Guard, str]]:
    rows = []
    for route in declared_routes():
        guard = guard_of(route.dependant.dependencies)
        assert guard is not None, f"{route.path} declares no access"
        for method in sorted(route.methods - {"HEAD"}):
            rows.append((route, guard, method))
    return rows


def _concrete(path: str) -> str:
    # Any value will do: access is decided before path parameters are looked at.
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_route_declares_access(client: TestClient) -> None:
    seen = set()
    for route in declared_routes():
        assert guard_of(route.dependant.dependencies) is not None, route.path
        seen.add(route.path)
    # Routes the app holds outside the platform's routers are the framework's own.
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Route | Mount) and not isinstance(route, APIRoute):
            assert route.path in FRAMEWORK_ROUTES, f"undeclared framework route {route.path}"
    # The OpenAPI document lists exactly the declared API routes.
    documented = set(client.get("/openapi.json").json()["paths"])
    assert documented == {r.path for r in declared_routes() if r.include_in_schema}
    assert {"/inquiry", "/api/v1/applications/{number}/status", "/login"} <= seen


def test_anonymous_is_refused_except_on_public_routes(client: TestClient) -> None:
    anonymous = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    checked = 0
    for route, guard, method in _routes(client):
        response = anonymous.request(method, _concrete(route.path))
        if guard.public:
            assert response.status_code != 401, (method, route.path)
            if response.status_code == 403:  # a public form posted without its CSRF token
                assert response.json()["error"]["code"] == "csrf_failed", route.path
            continue
        checked += 1
        if guard.page:
            assert response.status_code == 303, (method, route.path)
            assert response.headers["location"].startswith("/login?next="), route.path
        else:
            assert response.status_code == 401, (method, route.path, response.text)
            assert response.json()["error"]["code"] == "not_authenticated"
    assert checked >= 10


def test_wrong_role_is_refused_everywhere(client: TestClient, api_factory: Factory) -> None:
    accounts: dict[Role, Account] = {role: api_factory.account(role) for role in Role}
    checked = 0
    for route, guard, method in _routes(client):
        if guard.public or guard.roles is None:
            continue
        for role, account in accounts.items():
            if role in guard.roles:
                continue
            response = client.request(
                method, _concrete(route.path), headers=account.headers, follow_redirects=False
            )
            assert response.status_code == 403, (role, method, route.path, response.text)
            checked += 1
    assert checked >= 20


def test_a_bad_bearer_token_is_refused_even_on_public_routes(client: TestClient) -> None:
    response = client.get("/inquiry", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    response = client.get("/healthz", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
    assert "Bearer" in response.json()["error"]["message"]


def test_revoked_token_stops_working(client: TestClient, api_factory: Factory) -> None:
    account = api_factory.account(Role.EXAMINER)
    assert client.get("/api/v1/me", headers=account.headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=account.headers).status_code == 204
    assert client.get("/api/v1/me", headers=account.headers).status_code == 401


def test_api_docs_are_served_without_internet(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger-ui-bundle-5.35.0.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/swagger-ui-bundle-5.35.0.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "ipoffice"
