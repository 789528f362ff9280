"""Bad-faith review in the browser: an examiner, on a phone-sized screen, opens the profile of
an applicant that files famous names across many classes, queues the assessment, reads the
evidence, confirms it and proposes a credit record."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Browser, ViewportSize, expect
from sqlalchemy import select

from ipoffice.core import audit
from ipoffice.core.identity import principal_of
from ipoffice.core.models import User
from ipoffice.demo.seed import DEMO_PASSWORD
from ipoffice.parties.schemas import PartyCreate
from ipoffice.parties.service import do_create_party
from ipoffice.trademarks.register import do_register_mark
from ipoffice.trademarks.schemas import MarkCreate
from tests.e2e.conftest import LiveServer

PHONE: ViewportSize = {"width": 390, "height": 844}
TEXTS = ("星巴克", "Gucci", "谷爱凌", "鑫彧昶", "淼琮晟", "焱琨昊", "垚琰旻", "犇瑄暄")


def _copier(live_server: LiveServer) -> int:
    with live_server.db.session(write=True) as session:
        examiner = principal_of(
            session.scalars(select(User).where(User.username == "examiner")).one()
        )
        party = do_create_party(
            session,
            actor=audit.SYSTEM,
            data=PartyCreate(kind="organisation", name_zh="广州市囤标贸易有限公司"),
        )
        for i, text in enumerate(TEXTS):
            data = MarkCreate.model_validate(
                {
                    "kind": "word",
                    "text": text,
                    "goods": [{"code": str(1 + (i * 5 + j) % 45)} for j in range(5)],
                    "applicant_id": party.id,
                    "filing_date": date(2026, 9, 1) + timedelta(days=i),
                }
            )
            do_register_mark(session, actor=examiner, data=data)
        return party.id


def test_examiner_confirms_bad_faith_and_proposes_a_credit_record(
    browser: Browser, live_server: LiveServer
) -> None:
    party = _copier(live_server)
    context = browser.new_context(base_url=live_server.base_url, viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto("/login?next=/trademarks/bad-faith")
    page.fill("#username", "examiner")
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("恶意商标注册审查队列")

    page.fill("#applicant", f"party:{party}")
    page.get_by_role("button", name="查看申请人画像").click()
    expect(page.get_by_test_id("profile-title")).to_contain_text("广州市囤标贸易有限公司")
    expect(page.get_by_test_id("rule-id")).to_have_text("tm_art4_2019")
    copies = page.locator('[data-testid="signal"][data-code="copies"]')
    expect(copies).to_have_attribute("data-level", "high")
    expect(copies.get_by_test_id("matches")).to_contain_text("星巴克")
    expect(copies.get_by_test_id("matches")).to_contain_text("谷爱凌")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.get_by_test_id("assess").click()
    expect(page.get_by_test_id("notice")).to_have_text("评估已保存并加入队列。")
    expect(page.get_by_test_id("risk")).to_have_text("高")
    page.fill("#reason", "在二十余个类别申请并复制知名品牌及运动员姓名")
    page.get_by_role("button", name="确认为恶意注册").click()
    expect(page.get_by_test_id("notice")).to_have_text("已确认。")
    expect(page.get_by_test_id("assessment-status")).to_have_text("已确认")

    page.get_by_role("button", name="提出信用记录建议").click()
    expect(page.get_by_test_id("notice")).to_have_text("已提出信用记录建议。")
    expect(page.get_by_test_id("credit-proposal")).to_be_visible()

    page.goto("/trademarks/bad-faith?status=confirmed")
    expect(page.get_by_test_id("bad-faith-queue")).to_contain_text("广州市囤标贸易有限公司")
    context.close()
