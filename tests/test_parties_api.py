"""Registering applicants and agencies with validated identifiers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ipoffice.core.roles import Role
from tests.conftest import Factory

# Tencent's published unified social credit code (Shenzhen, 440300).
TENCENT_USCC = "9144030071526726XG"


def test_agent_registers_a_client_with_checked_codes(
    client: TestClient, api_factory: Factory
) -> None:
    agent = api_factory.account(Role.AGENT)
    body = {
        "kind": "organisation",
        "name_zh": "深圳市腾讯计算机系统有限公司",
        "name_en": "Shenzhen Tencent Computer Systems Co., Ltd.",
        "uscc": " 9144 0300 7152 6726 xg ",
        "region_code": "440305",
    }
    created = client.post("/api/v1/parties", json=body, headers=agent.headers)
    assert created.status_code == 201, created.text
    assert created.json()["uscc"] == TENCENT_USCC
    again = client.post("/api/v1/parties", json=body, headers=agent.headers)
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "uscc"


def test_bad_codes_are_named(client: TestClient, api_factory: Factory) -> None:
    admin = api_factory.account(Role.ADMINISTRATOR)
    cases = [
        ({"uscc": "9144030071526726XA"}, "uscc"),
        ({"region_code": "990000"}, "region_code"),
        ({"name_zh": None}, None),
    ]
    for change, field in cases:
        body = {"kind": "organisation", "name_zh": "某公司", **change}
        response = client.post("/api/v1/parties", json=body, headers=admin.headers)
        assert response.status_code == 422, change
        if field:
            assert response.json()["error"]["field"] == field
    person = {"kind": "person", "name_zh": "王伟", "uscc": TENCENT_USCC}
    response = client.post("/api/v1/parties", json=person, headers=admin.headers)
    assert response.status_code == 422
    assert "organisation" in response.json()["error"]["message"]


def test_only_administrators_register_agencies(client: TestClient, api_factory: Factory) -> None:
    agent = api_factory.account(Role.AGENT)
    admin = api_factory.account(Role.ADMINISTRATOR)
    agency = {"kind": "organisation", "name_zh": "某知识产权代理有限公司", "is_agency": True}
    assert client.post("/api/v1/parties", json=agency, headers=agent.headers).status_code == 403
    assert client.post("/api/v1/parties", json=agency, headers=admin.headers).status_code == 201
