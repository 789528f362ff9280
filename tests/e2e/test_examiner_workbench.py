"""An examiner works an application in the browser: claims, search with highlighted
passages, side-by-side comparison, and a drafted search report."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from ipoffice.applications.models import Application
from ipoffice.demo.seed import DEMO_PASSWORD
from ipoffice.patents.models import PatentDocumentRow
from tests.e2e.conftest import LiveServer

# A copy a person can look at after the run.
SCREENSHOT_COPY = Path(tempfile.gettempdir()) / "ipoffice-workbench-search.png"


def test_examiner_searches_compares_and_drafts_a_report(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    with live_server.db.session(write=False) as session:
        number = session.scalar(
            select(Application.number)
            .join(PatentDocumentRow, PatentDocumentRow.doc_id == Application.number)
            .where(Application.kind == "invention", Application.status == "filed")
            .order_by(Application.filing_date.desc())
        )
    assert number, "the demo has inventions with texts waiting for examination"
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    page.goto("/login?next=/workbench")
    page.fill("#username", "examiner")
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("审查工作台")
    page.get_by_role("link", name=number).click()
    claims = page.get_by_test_id("claims")
    expect(claims.locator("li.independent")).to_have_count(1)
    expect(claims.locator("ul.elements li")).to_have_count(4)

    page.get_by_test_id("search-form").get_by_role("button", name="检索").click()
    results = page.get_by_test_id("results")
    expect(results.locator("> li")).to_have_count(10)
    expect(results.locator("mark").first).to_be_visible()
    page.screenshot(path=tmp_path / "workbench-search.png", full_page=True)

    results.get_by_test_id("compare-link").first.click()
    table = page.get_by_test_id("compare-table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.locator("mark").first).to_be_visible()
    page.go_back()

    page.get_by_test_id("draft-report").click()
    expect(page.locator("h1")).to_contain_text("检索报告")
    expect(page.get_by_role("note")).to_contain_text("不构成审查意见")
    claim = page.get_by_test_id("report-claim").first
    expect(claim.locator("h2 .status")).to_have_text("X")
    page.screenshot(path=tmp_path / "workbench-report.png", full_page=True)
    shutil.copyfile(tmp_path / "workbench-search.png", SCREENSHOT_COPY)
    context.close()
