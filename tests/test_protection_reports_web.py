"""Dispute-case reports through the API, the page and the CSV, on cases built by the services
(SQLite and PostgreSQL): who sees which region, the figures, bad filters.

Cases (January to March 2026):
1 Shenzhen, accepted 2025-10-13, served, open: closure due 2026-01-13, overdue from January.
2 Shenzhen, received 2026-01-12, accepted 01-13, served 01-15, mediated 02-10: 28 days.
3 Guangzhou, received 2026-02-03, refused 02-05.
4 Guangzhou, received 2026-01-20, accepted 01-21, suspended 01-25 to 02-04 (10 days), withdrawn
  03-02: 40 days less 10 = 30.
5 Hangzhou, received 2026-01-10: only in the national view.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipoffice.core.identity import Principal, do_issue_token
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection import case_actions as actions
from ipoffice.protection import case_proceedings as proceedings
from ipoffice.protection.case_reports_query import load_records
from tests.test_protection_cases_support import GUANGZHOU, SHENZHEN, act, officer, register

API = "/api/v1/protection/reports"
RANGE = "from=2026-01&to=2026-03"


def _headers(db: Database, principal: Principal) -> dict[str, str]:
    with db.session(write=True) as session:
        user = session.get(User, principal.user_id)
        assert user is not None
        _token, plain = do_issue_token(session, user=user, name="t", lifetime=timedelta(days=1))
    return {"Authorization": f"Bearer {plain}"}


def _cases(db: Database) -> None:
    shenzhen, guangzhou = officer(db, SHENZHEN), officer(db, GUANGZHOU)
    one = register(db, shenzhen, received_on=date(2025, 10, 10))
    act(db, actions.do_accept_case, shenzhen, one, on=date(2025, 10, 13))
    act(db, actions.do_record_service, shenzhen, one, on=date(2025, 10, 20))
    two = register(db, shenzhen, received_on=date(2026, 1, 12))
    act(db, actions.do_accept_case, shenzhen, two, on=date(2026, 1, 13))
    act(db, actions.do_record_service, shenzhen, two, on=date(2026, 1, 15))
    act(db, proceedings.do_start_mediation, shenzhen, two, on=date(2026, 2, 2))
    act(
        db,
        proceedings.do_end_mediation,
        shenzhen,
        two,
        on=date(2026, 2, 10),
        agreement_text="被请求人停止销售并赔偿。",
    )
    three = register(db, guangzhou, received_on=date(2026, 2, 3))
    act(db, actions.do_refuse_case, guangzhou, three, on=date(2026, 2, 5), reasons="不属于受案范围")
    four = register(db, guangzhou, received_on=date(2026, 1, 20))
    act(db, actions.do_accept_case, guangzhou, four, on=date(2026, 1, 21))
    act(db, actions.do_suspend_case, guangzhou, four, on=date(2026, 1, 25), reason="party_request")
    act(db, actions.do_resume_case, guangzhou, four, on=date(2026, 2, 4))
    act(db, actions.do_withdraw_case, guangzhou, four, on=date(2026, 3, 2))
    register(db, officer(db, "330100"), received_on=date(2026, 1, 10))


@pytest.fixture
def built(client_db: Database) -> Database:
    _cases(client_db)
    return client_db


def _rows(body: dict[str, Any]) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {(r["month"], r["region_code"]): r for r in body["rows"]}


FIELDS = ("received", "accepted", "refused", "closed_mediation", "withdrawn", "open_at_end")


def _pick(row: dict[str, Any]) -> list[Any]:
    return [row[f] for f in (*FIELDS, "overdue", "closure_days_mean")]


def test_province_officer_reads_its_prefectures(client: TestClient, built: Database) -> None:
    province = _headers(built, officer(built, "440000"))
    response = client.get(f"{API}?{RANGE}", headers=province)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scope"] == "440000" and body["scope_name_zh"] == "广东省"
    assert [r["code"] for r in body["regions"]] == ["440100", "440300"]
    rows = _rows(body)
    assert _pick(rows["2026-01", "440300"]) == [1, 1, 0, 0, 0, 2, 1, None]
    assert _pick(rows["2026-01", "440100"]) == [1, 1, 0, 0, 0, 1, 0, None]
    assert _pick(rows["2026-01", None]) == [2, 2, 0, 0, 0, 3, 1, None]
    assert _pick(rows["2026-02", "440300"]) == [0, 0, 0, 1, 0, 1, 1, 28.0]
    assert _pick(rows["2026-02", "440100"]) == [1, 0, 1, 0, 0, 1, 0, None]
    assert _pick(rows["2026-03", "440100"]) == [0, 0, 0, 0, 1, 0, 0, 30.0]
    assert _pick(rows["2026-03", None]) == [0, 0, 0, 0, 1, 1, 1, 30.0]
    assert rows["2026-03", None]["as_of"] == "2026-03-31" and not rows["2026-03", None]["partial"]
    assert "suspended" in body["notes"]["closure_days"]


def test_who_sees_which_region(client: TestClient, built: Database) -> None:
    shenzhen = _headers(built, officer(built, SHENZHEN))
    own = client.get(f"{API}?{RANGE}", headers=shenzhen).json()
    assert own["scope"] == "440300" and [r["code"] for r in own["regions"]] == ["440300"]
    assert client.get(f"{API}?region=440305&{RANGE}", headers=shenzhen).status_code == 200
    refused = client.get(f"{API}?region=440000&{RANGE}", headers=shenzhen)
    assert refused.status_code == 403 and "440300" in refused.json()["error"]["message"]
    assert client.get(f"{API}?region=440100", headers=shenzhen).status_code == 403
    admin = _headers(built, officer(built, None, role=Role.ADMINISTRATOR))
    national = client.get(f"{API}?{RANGE}", headers=admin).json()
    assert national["scope"] is None and national["scope_name_en"] == "Nationwide"
    assert [r["code"] for r in national["regions"]] == ["330000", "440000"]
    assert _rows(national)["2026-01", None]["received"] == 3
    examiner = _headers(built, officer(built, "440300", role=Role.EXAMINER))
    assert client.get(API, headers=examiner).status_code == 403
    assert client.get(API).status_code == 401
    regionless = _headers(built, officer(built, None))
    assert client.get(API, headers=regionless).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("region=44", "region"),
        ("region=4403OO", "region"),
        ("from=2026-13", "from"),
        ("from=2026-03&to=2026-01", "from"),
        ("to=2099-01", "to"),
        ("from=2015-01&to=2026-01", "from"),
    ],
)
def test_bad_filters_are_named(
    client: TestClient, client_db: Database, query: str, field: str
) -> None:
    admin = _headers(client_db, officer(client_db, None, role=Role.ADMINISTRATOR))
    response = client.get(f"{API}?{query}", headers=admin)
    assert response.status_code == 422 and response.json()["error"]["field"] == field
    page = client.get(f"/protection/reports?{query}", headers=admin)
    assert page.status_code == 422 and 'data-testid="error"' in page.text
    assert 'data-testid="report-filters"' in page.text
    too_long = client.get(f"{API}?from=2026-001", headers=admin)
    assert too_long.status_code == 422


def test_page_shows_chart_and_table(client: TestClient, built: Database) -> None:
    province = _headers(built, officer(built, "440000"))
    page = client.get(f"/protection/reports?{RANGE}", headers=province)
    assert page.status_code == 200
    text = page.text
    assert '<svg class="report-chart" role="img" aria-labelledby="chart-title chart-desc"' in text
    assert '<title id="chart-title">每月收案与结案: 广东省' in text
    assert text.count('data-testid="chart-bar"') == 6  # 3 months x (received, closed)
    assert 'data-series="received" data-month="2026-01" data-value="2"' in text
    assert (
        text.count('data-testid="report-row"') == 6
        and text.count('data-testid="report-total"') == 3
    )
    assert 'href="/protection/reports?region=440300&from=2026-01&to=2026-03"' in text
    assert 'href="/protection/reports.csv?region=440000&amp;from=2026-01&amp;to=2026-03"' in text
    english = client.get(
        f"/protection/reports?{RANGE}", headers={**province, "Cookie": "ipoffice_lang=en"}
    )
    assert "Cases received and closed per month" in english.text


def test_csv_download_opens_in_excel_and_parses(client: TestClient, built: Database) -> None:
    province = _headers(built, officer(built, "440000"))
    response = client.get(f"/protection/reports.csv?{RANGE}", headers=province)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        'filename="protection-report-440000-2026-01-2026-03.csv"'
        in response.headers["content-disposition"]
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["月份 Month", "区划代码 Region code", "辖区 Region (zh)"]
    assert len(rows) == 1 + 9 and all(len(r) == len(rows[0]) for r in rows)
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["区划代码 Region code"] == "total" and total["月份 Month"] == "2026-03"
    assert (
        total["撤回结案 Withdrawn"] == "1" and total["平均办案天数 Mean days to closure"] == "30.0"
    )
    refused = client.get(
        "/protection/reports.csv?region=440000", headers=_headers(built, officer(built, SHENZHEN))
    )
    assert refused.status_code == 403


def test_loader_selects_only_cases_open_in_the_range(built: Database) -> None:
    with built.session(write=False) as session:
        everything = load_records(
            session, scope=None, first=date(2026, 1, 1), last=date(2026, 3, 1)
        )
        later = load_records(session, scope="440000", first=date(2026, 4, 1), last=date(2026, 4, 1))
        earlier = load_records(
            session, scope="440100", first=date(2025, 1, 1), last=date(2025, 12, 1)
        )
    assert len(everything) == 5
    suspended = [r for r in everything if r.suspensions]
    assert [(s.started_on, s.ended_on) for s in suspended[0].suspensions] == [
        (date(2026, 1, 25), date(2026, 2, 4))
    ]
    # April: only case 1 is still open; 2025: Guangzhou had nothing yet.
    assert [r.received_on for r in later] == [date(2025, 10, 10)]
    assert earlier == []


def test_public_home_links_to_the_case_library_and_the_credit_list(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    links = home.text.split('data-testid="home-public-links"')[1].split("</ul>")[0]
    assert 'href="/cases"' in links and 'href="/credit"' in links
    assert "知识产权保护典型案例" in links
    assert client.get("/cases").status_code == 200 and client.get("/credit").status_code == 200
