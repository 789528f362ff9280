"""An examiner, on a phone-sized screen, opens the screening queue, reads a finding's evidence,
confirms it and drafts a clue for a local bureau."""

from __future__ import annotations

import json
from datetime import date

from playwright.sync_api import Browser, ViewportSize, expect
from sqlalchemy import select

from ipoffice.applications.models import Application
from ipoffice.core import audit
from ipoffice.demo.seed import DEMO_PASSWORD
from ipoffice.patents.models import PatentDocumentRow
from ipoffice.screening import service
from ipoffice.screening.schemas import RunMeta
from tests.e2e.conftest import LiveServer

PHONE: ViewportSize = {"width": 390, "height": 844}


def _import_findings(live_server: LiveServer) -> tuple[str, str]:
    """A run whose riskiest finding links two demo applications that have texts."""
    with live_server.db.session(write=False) as session:
        first, second = session.scalars(
            select(Application.number)
            .join(PatentDocumentRow, PatentDocumentRow.doc_id == Application.number)
            .order_by(Application.number)
            .limit(2)
        ).all()
        sentence = session.scalar(
            select(PatentDocumentRow.abstract).where(PatentDocumentRow.doc_id == first)
        )
    rows = [
        {"id": first, "risk": 0.97, "findings": [{
            "behaviour": "duplicate_or_combination", "detector": "near_duplicates",
            "score": 0.93, "related": [second],
            "evidence": {"similarity": 0.93, "shared_sentences": [sentence or "一种装置。"],
                         "same_applicant": True,
                         "near_duplicates": [{"id": second, "similarity": 0.93}]},
        }]},
        {"id": second, "risk": 0.4, "findings": [{
            "behaviour": "volume_without_capacity", "detector": "volume", "score": 0.4,
            "evidence": {"monthly_series": {"2026-08": 1, "2026-09": 12}}, "related": [],
        }]},
    ]  # fmt: skip
    meta = RunMeta(source="e2e.jsonl", as_of=date(2026, 11, 20))
    with live_server.db.session(write=True) as session:
        service.import_run(session, [json.dumps(r) for r in rows], meta, actor=audit.SYSTEM)
    return first, second


def test_examiner_confirms_a_finding_and_drafts_a_clue(
    browser: Browser, live_server: LiveServer
) -> None:
    first, second = _import_findings(live_server)
    context = browser.new_context(base_url=live_server.base_url, viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto("/login?next=/screening")
    page.fill("#username", "examiner")
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("非正常申请筛查复核")
    queue = page.get_by_test_id("screening-queue")
    expect(queue.get_by_test_id("finding-row").first).to_contain_text(first)

    queue.get_by_role("link", name=first).first.click()
    evidence = page.get_by_test_id("evidence")
    expect(evidence.locator("blockquote").first).to_be_visible()
    expect(page.get_by_test_id("related").get_by_role("link", name=second)).to_have_attribute(
        "href", f"/workbench/{second}"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.fill("#note", "两件申请的权利要求实质相同")
    page.get_by_role("button", name="确认", exact=True).click()
    expect(page.get_by_test_id("notice")).to_have_text("已确认该结果。")
    expect(page.get_by_test_id("finding-status")).to_have_text("已确认")

    form = page.get_by_test_id("clue-form")
    form.locator("#subject_name").fill("华瑞电子有限公司")
    form.locator("#division_code").select_option("440000")
    form.locator("#summary").fill("同日提交两件内容实质相同的发明专利申请，请核查。")
    form.get_by_role("button", name="保存线索草稿").click()
    expect(page.get_by_test_id("notice")).to_have_text("线索草稿已保存。")
    clues = page.get_by_test_id("clues")
    expect(clues).to_contain_text("华瑞电子有限公司")
    expect(clues).to_contain_text("广东省")
    expect(clues).to_contain_text("草稿")
    context.close()
