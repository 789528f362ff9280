"""An enforcement officer in Hangzhou sends a clue to Ningbo; a Ningbo officer, on a phone,
acknowledges it and answers; the Hangzhou officer sees the feedback and the chain."""

from __future__ import annotations

import secrets

from playwright.sync_api import Browser, Page, ViewportSize, expect

from ipoffice.core import audit
from ipoffice.core.identity import do_create_user
from ipoffice.core.roles import Role
from tests.e2e.conftest import LiveServer

PHONE: ViewportSize = {"width": 390, "height": 844}
PASSWORD = "correct-horse-battery"


def officer(live_server: LiveServer, region: str) -> str:
    name = f"officer-{region}-{secrets.token_hex(3)}"
    with live_server.db.session(write=True) as session:
        do_create_user(
            session, actor=audit.SYSTEM, username=name, display_name=f"执法人员 {region}",
            password=PASSWORD, roles=frozenset({Role.ENFORCEMENT_OFFICER}), region_code=region,
        )  # fmt: skip
    return name


def log_in(browser: Browser, live_server: LiveServer, username: str, **options: object) -> Page:
    context = browser.new_context(base_url=live_server.base_url, locale="zh-CN", **options)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto("/login?next=/protection/clues")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("线索移交")
    return page


def test_a_clue_is_sent_answered_and_the_sender_sees_the_feedback(
    browser: Browser, live_server: LiveServer
) -> None:
    sender = log_in(browser, live_server, officer(live_server, "330100"))
    sender.get_by_test_id("new-clue").click()
    sender.select_option("#source_kind", "ecommerce_platform")
    sender.fill("#source_ref", f"TS-{secrets.token_hex(4)}")
    sender.select_option("#category", "patent_infringement")
    sender.fill("#subject_name", "宁波某厨具经营部")
    sender.fill("#summary", "权利人投诉：平台店铺销售的电饭煲涉嫌侵犯外观设计专利权。")
    sender.fill("#receiver_region", "330200")
    sender.fill("#due_working_days", "15")
    sender.get_by_role("button", name="移交", exact=True).click()
    expect(sender.get_by_test_id("notice")).to_have_text("线索已移交。")
    expect(sender.get_by_test_id("clue-status")).to_have_text("待签收")
    clue_url = sender.url.split("?")[0]

    receiver = log_in(browser, live_server, officer(live_server, "330200"), viewport=PHONE)
    row = receiver.get_by_test_id("clue-row").filter(has_text="宁波某厨具经营部")
    expect(row.get_by_test_id("clue-status")).to_have_text("待签收")
    row.get_by_role("link", name="宁波某厨具经营部").click()
    receiver.get_by_test_id("form-acknowledge").get_by_role("button", name="签收").click()
    expect(receiver.get_by_test_id("notice")).to_have_text("已签收。")
    feedback = receiver.get_by_test_id("form-feedback")
    feedback.locator("#outcome").select_option("case_opened")
    feedback.locator("#feedback-text").fill("已立案调查，责令当事人停止销售。")
    feedback.locator("#case_reference").fill("甬知执〔2025〕8号")
    feedback.get_by_role("button", name="反馈办理结果").click()
    expect(receiver.get_by_test_id("clue-status")).to_have_text("已反馈")
    assert receiver.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    sender.goto(clue_url)
    expect(sender.get_by_test_id("clue-status")).to_have_text("已反馈")
    expect(sender.get_by_test_id("outcome")).to_contain_text("已立案")
    expect(sender.get_by_test_id("feedback")).to_have_text("已立案调查，责令当事人停止销售。")
    expect(sender.get_by_test_id("hop")).to_have_count(1)
    expect(sender.get_by_test_id("timeline").locator("li")).to_have_count(3)
