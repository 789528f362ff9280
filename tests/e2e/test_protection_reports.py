"""The demo's enforcement officer opens the dispute-case report of the Shenzhen bureau: the
chart and the table show the demo's cases, and the CSV downloads and parses; an administrator
reads the province of Guangdong with a row per prefecture."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from ipoffice.demo.seed import DEMO_PASSWORD
from ipoffice.protection.case_models import DisputeCase
from tests.e2e.conftest import LiveServer

RANGE = "from=2026-01&to=2026-10"


def _received(live_server: LiveServer, prefix: str) -> int:
    """Requests received January to October 2026 by the bureaus whose codes start `prefix`."""
    with live_server.db.session(write=False) as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(DisputeCase)
                .where(
                    DisputeCase.region_code.startswith(prefix),
                    DisputeCase.received_on.between(date(2026, 1, 1), date(2026, 10, 31)),
                )
            )
            or 0
        )


def _log_in(browser: Browser, live_server: LiveServer, username: str, target: str) -> Page:
    context = browser.new_context(
        base_url=live_server.base_url, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"/login?next={quote(target)}")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    return page


def _total_received(page: Page) -> int:
    cells = page.get_by_test_id("report-total").locator('td[data-col="received"]')
    return sum(int(text) for text in cells.all_inner_texts())


def test_officer_reads_the_report_and_downloads_the_csv(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    expected = _received(live_server, "440300")
    assert expected >= 10  # the demo seeds a year of Shenzhen cases
    page = _log_in(browser, live_server, "officer", f"/protection/reports?{RANGE}")
    expect(page.locator("h1")).to_have_text("专利纠纷案件统计")
    expect(page.get_by_test_id("report-scope")).to_contain_text("440300")

    chart = page.get_by_test_id("report-chart").locator("svg")
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_contain_text("每月收案与结案")
    expect(chart.get_by_test_id("chart-bar")).to_have_count(20)  # 10 months x 2 series
    expect(chart.get_by_test_id("chart-line")).to_have_count(2)
    bars = chart.locator('[data-series="received"]')
    drawn = sum(int(bars.nth(i).get_attribute("data-value") or 0) for i in range(bars.count()))
    assert drawn == expected

    table = page.get_by_test_id("report-table")
    expect(table.get_by_test_id("report-total")).to_have_count(10)
    assert _total_received(page) == expected
    overdue = table.get_by_test_id("report-total").last.locator('td[data-col="overdue"]')
    assert int(overdue.inner_text()) >= 1  # the demo leaves cases past their closure period

    with page.expect_download() as info:
        page.get_by_test_id("report-csv").click()
    download = info.value
    assert download.suggested_filename == "protection-report-440300-2026-01-2026-10.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    totals = [r for r in rows if r["区划代码 Region code"] == "total"]
    assert len(totals) == 10 and len(rows) == 20
    assert sum(int(r["收到请求 Received"]) for r in totals) == expected
    page.context.close()


def test_administrator_reads_a_province_by_prefecture(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _log_in(browser, live_server, "admin", f"/protection/reports?region=440000&{RANGE}")
    expect(page.get_by_test_id("report-scope")).to_contain_text("广东省")
    rows = page.get_by_test_id("report-row")
    expect(rows.filter(has_text="440100").first).to_be_visible()
    expect(rows.filter(has_text="440300").first).to_be_visible()
    assert _total_received(page) == _received(live_server, "44")
    rows.filter(has_text="440100").first.get_by_role("link").click()
    expect(page.get_by_test_id("report-scope")).to_contain_text("440100")
    page.context.close()
