"""An enforcement officer of the Shenzhen bureau opens the dispute case list, accepts a request,
serves it, forms the panel, schedules a hearing and sees it all on the timeline."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.identity import do_create_user, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.demo.seed import DEMO_PASSWORD
from ipoffice.protection.case_service import do_register_case
from tests.e2e.conftest import LiveServer
from tests.test_protection_cases_support import request


def _case_for_the_demo_officer(live_server: LiveServer) -> tuple[str, list[str]]:
    today = office_today()
    with live_server.db.session(write=True) as session:
        user = session.scalar(select(User).where(User.username == "officer"))
        assert user is not None and user.region_code == "440300"
        mates = []
        for name in ("e2e-panel-a", "e2e-panel-b"):
            mate = do_create_user(
                session,
                actor=audit.SYSTEM,
                username=name,
                display_name=f"合议组成员{name[-1]}",
                password=DEMO_PASSWORD,
                roles=frozenset({Role.ENFORCEMENT_OFFICER}),
                region_code="440300",
            )
            mates.append(mate.username)
        case, _ = do_register_case(
            session, principal=principal_of(user), data=request(received_on=today), today=today
        )
        return case.number, mates


def test_officer_accepts_schedules_and_sees_the_timeline(
    browser: Browser, live_server: LiveServer
) -> None:
    number, mates = _case_for_the_demo_officer(live_server)
    context = browser.new_context(base_url=live_server.base_url, locale="zh-CN")
    page = context.new_page()
    page.goto("/login?next=/protection/cases")
    page.fill("#username", "officer")
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("专利侵权纠纷案件")
    row = page.get_by_test_id("case-row").filter(has_text=number)
    expect(row.get_by_test_id("case-flag")).to_have_text("即将到期")  # 5 working days to accept
    row.get_by_role("link", name=number).click()

    expect(page.get_by_test_id("case-status")).to_have_text("已收到请求")
    expect(page.get_by_test_id("deadline-acceptance")).to_contain_text("专利纠纷行政裁决和调解办法")
    page.get_by_test_id("form-accept").get_by_role("button", name="立案受理").click()
    expect(page.get_by_test_id("notice")).to_have_text("已记录。")
    expect(page.get_by_test_id("case-status")).to_have_text("已受理")
    expect(page.get_by_test_id("deadline-closure")).to_be_visible()

    page.get_by_test_id("form-serve").get_by_role("button", name="记录送达被请求人").click()
    expect(page.get_by_test_id("case-status")).to_have_text("审理中")
    expect(page.get_by_test_id("deadline-answer")).to_contain_text("被请求人")

    panel = page.get_by_test_id("form-panel")
    panel.locator("#panel-members").fill(", ".join(["officer", *mates]))
    panel.get_by_role("button", name="组成合议组").click()
    expect(page.get_by_test_id("panel")).to_contain_text("审理长")

    hearing_on = (office_today() + timedelta(days=14)).isoformat()
    form = page.get_by_test_id("form-hearing")
    form.locator("#hearing-on").fill(hearing_on)
    form.locator("#hearing-time").fill("09:30")
    form.locator("#hearing-place").fill("深圳市知识产权局第一审理庭")
    form.get_by_role("button", name="安排口头审理并通知当事人").click()
    expect(page.get_by_test_id("hearings")).to_contain_text("第一审理庭")
    timeline = page.get_by_test_id("timeline")
    for code in ("received", "accepted", "served", "panel_formed", "hearing_scheduled"):
        expect(timeline.get_by_test_id(f"event-{code}")).to_be_visible()
    expect(timeline.get_by_test_id("event-hearing_scheduled")).to_contain_text(hearing_on)
    context.close()
