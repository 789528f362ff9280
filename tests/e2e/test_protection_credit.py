"""An enforcement officer lists the demo applicant on the dishonesty list; the public sees it on
a phone; the applicant applies for credit repair from its own page; an administrator (not the
officer who listed) approves it, and the subject is gone from the public list."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from sqlalchemy import select

from ipoffice.core.calendar import add_months
from ipoffice.core.clock import office_today
from ipoffice.core.models import User
from ipoffice.demo.seed import DEMO_PASSWORD
from ipoffice.parties.models import Party
from tests.e2e.conftest import LiveServer

PHONE: ViewportSize = {"width": 390, "height": 844}


def _applicant_party(live_server: LiveServer) -> tuple[str, str]:
    with live_server.db.session(write=False) as session:
        party_id = session.scalar(select(User.party_id).where(User.username == "applicant"))
        party = session.get(Party, party_id)
        assert party is not None and party.uscc and party.name_zh
        return party.name_zh, party.uscc


def _log_in(browser: Browser, live_server: LiveServer, username: str, target: str) -> Page:
    context = browser.new_context(base_url=live_server.base_url, viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"/login?next={target}")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    return page


def _public_search(context: BrowserContext, name: str) -> Page:
    page = context.new_page()
    page.goto("/credit")
    page.fill("#q", name)
    page.get_by_role("button", name="查询").click()
    return page


def test_list_publish_repair_review_and_leave_the_public_list(
    browser: Browser, live_server: LiveServer
) -> None:
    name, uscc = _applicant_party(live_server)
    start = add_months(office_today(), -7).isoformat()

    officer = _log_in(browser, live_server, "officer", "/protection/credit")
    expect(officer.locator("h1")).to_have_text("知识产权领域失信主体登记")
    form = officer.get_by_test_id("credit-list-form")
    form.locator("#list-subject_name").fill(name)
    form.locator("#list-subject_type").select_option("organisation")
    form.locator("#list-id_type").select_option("uscc")
    form.locator("#list-id_number").fill(uscc)
    form.locator("#list-category").select_option("abnormal_patent_application")
    form.locator("#list-basis_authority").fill("国家知识产权局")
    form.locator("#list-basis_document").fill("国知专认字〔2026〕第88号")
    form.locator("#list-basis_date").fill(start)
    form.locator("#list-start").fill(start)
    form.get_by_role("button", name="列入").click()
    expect(officer.get_by_test_id("notice")).to_have_text("已列入失信名单。")
    expect(officer.get_by_test_id("credit-status")).to_have_text("列入中")
    record_url = officer.url.split("?")[0]
    officer.context.close()

    public = browser.new_context(base_url=live_server.base_url, viewport=PHONE, locale="zh-CN")
    listed = _public_search(public, name)
    entry = listed.get_by_test_id("credit-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(name)
    expect(entry).to_contain_text(uscc)
    expect(entry).to_contain_text("非正常专利申请")
    expect(entry).to_contain_text("国知专认字〔2026〕第88号")
    assert listed.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    applicant = _log_in(browser, live_server, "applicant", "/credit/mine")
    expect(applicant.get_by_test_id("credit-mine-entry")).to_contain_text(name)
    applicant.fill("#repair-statement", "已主动撤回全部相关申请，并建立内部申请审核制度。")
    applicant.fill("#repair-evidence_reference", "撤回通知书及整改报告")
    applicant.get_by_role("button", name="提交申请").click()
    expect(applicant.get_by_test_id("notice")).to_have_text("信用修复申请已提交。")
    applicant.context.close()

    admin = _log_in(browser, live_server, "admin", record_url.replace(live_server.base_url, ""))
    repair = admin.get_by_test_id("credit-repair")
    expect(repair).to_contain_text("待审核")
    expect(repair).to_contain_text("主体在线申请")
    admin.fill("#review-reason", "已撤回相关申请，整改措施到位。")
    admin.get_by_role("button", name="准予修复").click()
    expect(admin.get_by_test_id("notice")).to_have_text("已准予信用修复，主体已移出公示名单。")
    expect(admin.get_by_test_id("credit-status")).to_have_text("已信用修复移出")
    admin.context.close()

    gone = _public_search(public, name)
    expect(gone.get_by_test_id("credit-entry")).to_have_count(0)
    expect(gone.get_by_test_id("credit-public-none")).to_be_visible()
    public.close()
