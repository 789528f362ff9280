"""The typical-case pages: the public search with marked matches, pages and clear errors; the
case page; an officer drafting through the form, publishing and unpublishing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from ipoffice.core.roles import Role
from tests.conftest import Factory
from tests.test_typical_cases import CASES, publish_all
from tests.test_web_pages import login


def test_the_public_searches_and_reads_published_cases(
    client: TestClient, api_factory: Factory
) -> None:
    ids = publish_all(client, api_factory.account(Role.ENFORCEMENT_OFFICER), CASES)
    page = client.get("/cases", params={"q": "专利侵权"})
    assert page.status_code == 200
    assert page.text.count('data-testid="case-hit"') == 2
    assert "<mark>专利侵权</mark>" in page.text
    english = client.get("/cases", params={"q": "infringing", "lang": "en"}).text
    assert "<mark>infringement</mark>" in english
    browse = client.get("/cases", params={"q": "", "year": "2024"}).text
    assert browse.count('data-testid="case-hit"') == 3
    second = client.get("/cases", params={"page": 2}).text
    assert 'data-testid="no-cases"' in second  # eight cases fit on the first page
    case = client.get(f"/cases/{ids[6]}")  # English only, read on a Chinese page
    assert case.status_code == 200 and "该案例暂无中文版本" in case.text
    assert client.get("/cases/99999").status_code == 404


def test_bad_searches_are_explained_on_the_page(client: TestClient) -> None:
    for params, words in (
        ({"q": "的"}, "no searchable words"),
        ({"q": "专" * 201}, "200"),
        ({"type": "piracy"}, "unknown case type"),
    ):
        page = client.get("/cases", params=params)
        assert page.status_code == 422
        assert re.search(r'data-testid="search-error">[^<]*' + re.escape(words), page.text), params


def test_an_officer_drafts_publishes_and_unpublishes(
    client: TestClient, api_factory: Factory
) -> None:
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    login(client, officer.username)
    token = client.cookies["ipoffice_csrf"]
    form = {
        "case_type": "geographical_indication", "year": "2024", "region_code": "330200",
        "title_zh": "擅自使用地理标志专用标志案",
        "summary_zh": "当事人未经核准使用地理标志专用标志。",
        "tags": "地理标志，茶叶", "csrf_token": token,
    }  # fmt: skip
    bad = client.post("/protection/typical-cases/new", data={**form, "year": "1900"})
    assert bad.status_code == 422 and 'data-testid="error-year"' in bad.text
    made = client.post("/protection/typical-cases/new", data=form, follow_redirects=False)
    assert made.status_code == 303, made.text
    edit_url = made.headers["location"].split("?")[0]
    case_id = int(edit_url.rsplit("/", 1)[1])
    assert client.get(f"/cases/{case_id}").status_code == 404
    published = client.post(
        f"{edit_url}/status",
        data={"target": "published", "expected_version": "1", "csrf_token": token},
    )
    assert (
        published.status_code == 200
        and "已发布。" in published.text
        and "readonly" in published.text
    )
    assert "地理标志" in client.get(f"/cases/{case_id}").text
    stale = client.post(
        f"{edit_url}/status",
        data={"target": "unpublished", "expected_version": "1", "csrf_token": token},
    )
    assert stale.status_code == 409
    client.post(
        f"{edit_url}/status",
        data={"target": "unpublished", "expected_version": "2", "csrf_token": token},
    )
    assert client.get(f"/cases/{case_id}").status_code == 404
    listing = client.get("/protection/typical-cases").text
    assert "擅自使用地理标志专用标志案" in listing and "已撤下" in listing
