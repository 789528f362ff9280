"""The status inquiry on a phone: an applicant looks up its own application, a passer-by
mistypes a number. Chinese text must render in a real CJK font and nothing may scroll
sideways at 375 px."""

from __future__ import annotations

import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from ipoffice.applications.models import Application
from ipoffice.applications.service import display_number
from ipoffice.core.models import User
from ipoffice.demo.seed import DEMO_PASSWORD

from .conftest import LiveServer

PHONE_WIDTH, PHONE_HEIGHT, PHONE_SCALE = 375, 667, 2
SCREENSHOT_COPY = Path("/tmp/ipoffice-phone-inquiry.png")  # noqa: S108 - for a person to open
CJK_FONT = "WenQuanYi Micro Hei"
CJK_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

APPLICANT_NAME = "华瑞电子（申请人）"
# Written out here rather than imported, so a wrong label in the application fails the test.
KIND_ZH = {"invention": "发明专利", "utility_model": "实用新型", "design": "外观设计"}
STATUS_ZH = {"published": "已公布", "granted": "已授权"}
EVENT_ZH = {
    "filed": "申请受理",
    "preliminary_started": "进入初步审查",
    "published": "申请公布",
    "substantive_started": "进入实质审查",
    "granted": "授权公告",
}

# A well-formed number (check digit 0, see docs) far beyond the demo's serials.
UNKNOWN_NUMBER = "2023 1 0397744.0"
WRONG_CHECK_DIGIT = "2023 1 0397744.1"


@dataclass(frozen=True)
class OwnApplication:
    number: str
    kind: str
    status: str
    title: str
    filing_date: date
    timeline: list[tuple[date, str]]

    @property
    def display(self) -> str:
        return f"{self.number[:12]}.{self.number[12]}"

    @property
    def as_a_person_writes_it(self) -> str:
        """e.g. ``2025 2 0000004.3``: year, type digit, serial, dot, check digit."""
        n = self.number
        return f"{n[:4]} {n[4]} {n[5:12]}.{n[12]}"


def own_public_patent(server: LiveServer) -> OwnApplication:
    """The demo applicant's newest published invention or granted patent: its title is public."""
    with server.db.session(write=False) as session:
        party_id = session.scalar(select(User.party_id).where(User.username == "applicant"))
        assert party_id is not None, "the demo user 'applicant' is not linked to a party"
        stmt = (
            select(Application)
            .where(
                Application.applicant_id == party_id,
                Application.kind.in_(list(KIND_ZH)),
                or_(
                    Application.status == "granted",
                    and_(Application.kind == "invention", Application.status == "published"),
                ),
            )
            .order_by(Application.filing_date.desc(), Application.id.desc())
            .options(selectinload(Application.events))
        )
        application = session.scalars(stmt).first()
        assert application is not None, "the demo data has no published or granted patent"
        return OwnApplication(
            number=application.number,
            kind=application.kind,
            status=application.status,
            title=application.title,
            filing_date=application.filing_date,
            timeline=[(e.occurred_on, e.code) for e in application.events if e.public],
        )


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A fresh phone (no cookies) with a Chinese locale."""
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
        device_scale_factor=PHONE_SCALE,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        base_url=live_server.base_url,
    )
    try:
        yield context
    finally:
        context.close()


def assert_no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    assert widths[0] == PHONE_WIDTH, f"layout viewport is {widths[0]} px, not the phone's"
    assert widths[1] <= PHONE_WIDTH, f"the page is {widths[1]} px wide on a {PHONE_WIDTH} px phone"


def fonts_rendering(context: BrowserContext, page: Page, selector: str) -> dict[str, int]:
    """Font family -> glyph count Chromium really used for the text of the matching element."""
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no element matches {selector!r}"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_applicant_looks_up_own_application_on_a_phone(
    phone: BrowserContext, live_server: LiveServer, tmp_path: Path
) -> None:
    own = own_public_patent(live_server)
    assert own.display == display_number(own.kind, own.number)
    assert own.timeline, "a published or granted application has timeline entries"
    page = phone.new_page()

    # Log in through the form; the session cookie is Secure and Chromium keeps it on
    # http://127.0.0.1 (a potentially trustworthy origin), so the home page knows the user.
    page.goto("/login")
    page.locator("#username").fill("applicant")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server.base_url}/")
    expect(page.get_by_test_id("whoami")).to_have_text(APPLICANT_NAME)
    expect(page.locator("h1")).to_have_text(f"欢迎，{APPLICANT_NAME}")
    session_cookie = next(c for c in phone.cookies() if c["name"] == "ipoffice_session")
    assert session_cookie["secure"] is True
    assert session_cookie["httpOnly"] is True
    expect(page.get_by_test_id("home-links").get_by_role("link")).to_have_text(
        ["案件状态查询", "我的申请"]
    )
    assert_no_horizontal_overflow(page)

    # The application is the applicant's own: it is in "my applications".
    page.get_by_test_id("home-links").get_by_role("link", name="我的申请").click()
    expect(page).to_have_url(f"{live_server.base_url}/applications")
    expect(page.get_by_role("link", name=own.display, exact=True)).to_be_visible()
    assert_no_horizontal_overflow(page)

    # Look it up, typed the way people write it, through htmx (no full page load).
    page.get_by_role("navigation").get_by_role("link", name="案件状态查询").click()
    expect(page).to_have_url(f"{live_server.base_url}/inquiry")
    page.wait_for_load_state("load")
    page.evaluate("window.e2eSamePage = true")
    page.locator("#number").fill(own.as_a_person_writes_it)
    page.get_by_role("button", name="查询").click()

    result = page.get_by_test_id("inquiry-result")
    expect(result).to_be_visible()
    expect(page.get_by_test_id("inquiry-error")).to_have_count(0)
    expect(result.locator("h2").first).to_have_text(own.display)
    expect(page.get_by_test_id("inquiry-status")).to_have_text(STATUS_ZH[own.status])
    expect(result.locator("dt:text-is('名称') + dd")).to_have_text(own.title)
    expect(result.locator("dt:text-is('类型') + dd")).to_have_text(KIND_ZH[own.kind])
    expect(result.locator("dt:text-is('申请日') + dd")).to_have_text(own.filing_date.isoformat())
    expect(result.locator("ol.timeline li")).to_have_text(
        [f"{on.isoformat()}{EVENT_ZH[code]}" for on, code in own.timeline]
    )
    assert page.evaluate("window.e2eSamePage") is True, "the result came by a full page load"
    expect(page).to_have_url(re.compile(r"/inquiry\?number=2"))
    assert_no_horizontal_overflow(page)

    # Chinese text is drawn with the Chinese font, not tofu from a fallback.
    assert CJK_FONT_FILE.exists(), f"{CJK_FONT_FILE} is missing: run `make system-deps`"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    for selector in (
        "main h1",
        "[data-testid=inquiry-status]",
        "[data-testid=inquiry-result] dd",
        "ol.timeline li",
    ):
        fonts = fonts_rendering(phone, page, selector)
        assert set(fonts) == {CJK_FONT}, f"{selector} is drawn with {fonts}, not {CJK_FONT}"
        assert sum(fonts.values()) > 0

    # A picture for a person to look at.
    screenshot = tmp_path / "phone-inquiry.png"
    page.screenshot(path=screenshot, full_page=True)
    width, height = png_size(screenshot)
    assert width == PHONE_WIDTH * PHONE_SCALE
    assert height >= PHONE_HEIGHT * PHONE_SCALE
    shutil.copyfile(screenshot, SCREENSHOT_COPY)

    # The pushed URL is a real page: reloading it shows the same result.
    page.reload()
    expect(page.get_by_test_id("inquiry-result").locator("h2").first).to_have_text(own.display)
    expect(page.locator("#number")).to_have_value(own.as_a_person_writes_it)


def test_anonymous_mistyped_and_unknown_numbers_on_a_phone(
    phone: BrowserContext, live_server: LiveServer
) -> None:
    with live_server.db.session(write=False) as session:
        taken = session.scalar(select(Application.id).where(Application.number == "2023103977440"))
    assert taken is None, "the 'unknown' number exists in the demo data"
    page = phone.new_page()
    page.goto("/inquiry")
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    expect(page.locator("h1")).to_have_text("申请状态查询")

    number = page.locator("#number")
    submit = page.get_by_role("button", name="查询")
    error = page.get_by_test_id("inquiry-error")

    number.fill(WRONG_CHECK_DIGIT)
    submit.click()
    # The Chinese page explains in Chinese, with the exact technical reason beneath.
    expect(error).to_contain_text("申请号格式不正确，请核对后重新输入。")
    expect(error).to_contain_text("the check digit should be 0, not 1")
    expect(error).to_have_attribute("role", "alert")
    expect(page.get_by_test_id("inquiry-result")).to_have_count(0)
    assert_no_horizontal_overflow(page)

    number.fill(UNKNOWN_NUMBER)
    submit.click()
    expect(error).to_contain_text("未找到该申请号的申请，请核对后重新输入。")
    expect(error).to_contain_text(f"no application with number {UNKNOWN_NUMBER}")
    expect(page.get_by_test_id("inquiry-result")).to_have_count(0)
    assert_no_horizontal_overflow(page)
