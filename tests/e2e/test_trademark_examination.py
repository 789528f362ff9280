"""Trademark examination in the browser: the examiner approves and announces a mark, a third
party opposes it, the applicant answers, and the examiner decides the opposition."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from ipoffice.applications.schemas import ApplicationCreate
from ipoffice.applications.service import do_change_status, do_file_application
from ipoffice.applications.workflow import Kind, Status
from ipoffice.core import audit
from ipoffice.core.identity import do_create_user, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.demo.seed import DEMO_PASSWORD
from ipoffice.parties.schemas import PartyCreate
from ipoffice.parties.service import do_create_party
from tests.e2e.conftest import LiveServer

OPPOSER = "e2e-opposer"


def _mark_in_examination(live_server: LiveServer) -> str:
    """A mark of the demo applicant in substantive examination, and an opposer's account."""
    with live_server.db.session(write=True) as session:
        applicant = session.scalars(select(User).where(User.username == "applicant")).one()
        examiner = principal_of(
            session.scalars(select(User).where(User.username == "examiner")).one()
        )
        application, _ = do_file_application(
            session,
            actor=audit.SYSTEM,
            principal=None,
            data=ApplicationCreate(
                kind=Kind.TRADEMARK,
                title="澜途",
                nice_classes=[9, 42],
                applicant_id=applicant.party_id,
            ),
            filing_date=date(2026, 6, 1),
        )
        for version, target in enumerate(
            [Status.FORMALITY_EXAMINATION, Status.SUBSTANTIVE_EXAMINATION], start=1
        ):
            do_change_status(
                session,
                principal=examiner,
                number=application.number,
                target=target,
                expected_version=version,
                on=date(2026, 6, 2),
            )
        party = do_create_party(
            session,
            actor=audit.SYSTEM,
            data=PartyCreate(kind="organisation", name_zh="澜图科技有限公司"),
        )
        do_create_user(
            session,
            actor=audit.SYSTEM,
            username=OPPOSER,
            display_name="澜图科技（异议人）",
            password=DEMO_PASSWORD,
            roles=frozenset({Role.APPLICANT}),
            party_id=party.id,
        )
        return application.number


def _login(
    browser: Browser, live_server: LiveServer, username: str, path: str
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=live_server.base_url, locale="zh-CN")
    page = context.new_page()
    page.goto(f"/login?next={path}")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    return context, page


def test_announce_oppose_and_decide(browser: Browser, live_server: LiveServer) -> None:
    number = _mark_in_examination(live_server)
    path = f"/trademark-examination/{number}"

    examiner, page = _login(browser, live_server, "examiner", "/trademark-examination")
    expect(page.locator("h1")).to_have_text("商标审查队列")
    page.get_by_test_id("tm-queue").get_by_role("link", name=number).click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("实质审查")
    form = page.get_by_test_id("announce-form")
    form.locator("#issue_number").fill("1921")
    form.get_by_role("button", name="初步审定并公告").click()
    expect(page.get_by_test_id("notice")).to_have_text("已初步审定并公告。")
    expect(page.get_by_test_id("dossier-status")).to_have_text("初审公告")
    expect(page.get_by_test_id("announcement")).to_contain_text("1921")
    # The opposition period ends in 2027, a year without an official calendar yet: shown as
    # a problem, not as a guessed date.
    window = page.locator('[data-rule="trademark.opposition"]')
    expect(window.get_by_test_id("deadline-problem")).to_contain_text("2027")

    opposer, third = _login(browser, live_server, OPPOSER, path)
    oppose = third.get_by_test_id("oppose-form")
    oppose.locator("#oppose-art30").check()
    oppose.locator("#earlier_right").fill("第23456789号“澜图”商标（第9类）")
    oppose.locator("#statement").fill("被异议商标与异议人在先商标构成类似商品上的近似商标。")
    oppose.get_by_role("button", name="提交异议").click()
    expect(third.get_by_test_id("notice")).to_have_text("异议已提交。")
    expect(third.get_by_test_id("proceeding-status")).to_have_text("已提出")
    opposer.close()

    page.goto(path)
    page.get_by_test_id("serve-form").get_by_role("button", name="登记送达被异议人").click()
    expect(page.get_by_test_id("proceeding-status")).to_have_text("已送达被异议人")

    owner, mine = _login(browser, live_server, "applicant", path)
    answer = mine.get_by_test_id("answer-form")
    answer.locator("textarea").fill("两商标读音、含义均不同，不构成近似。")
    answer.get_by_role("button", name="提交答辩").click()
    expect(mine.get_by_test_id("proceeding-status")).to_have_text("已答辩")
    owner.close()

    page.goto(path)
    decide = page.get_by_test_id("decide-form")
    decide.locator("select").select_option("registration_refused")
    decide.locator("textarea[name=reasons]").fill(
        "两商标文字构成近似，指定商品类似，异议理由成立。"
    )
    decide.get_by_role("button", name="作出决定").click()
    expect(page.get_by_test_id("notice")).to_have_text("决定已作出。")
    expect(page.get_by_test_id("proceeding-outcome")).to_contain_text("不予注册")
    expect(page.get_by_test_id("dossier-status")).to_have_text("已驳回")
    expect(page.get_by_test_id("timeline")).to_contain_text("异议决定")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    examiner.close()
