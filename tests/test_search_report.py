"""Claim-by-claim search reports: categories with evidence, saved to the record, exported."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from ipoffice.applications.models import ApplicationEvent
from ipoffice.core.models import AuditRecord
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.patents.ingest import ingest_files
from ipoffice.patents.report import build_report
from ipoffice.patents.report_store import html_to_pdf, render_html
from ipoffice.search.indexes import SearchIndexes
from tests.conftest import Factory

# Hand-written, realistic test documents (not real publications).
APPLICATION = {
    "id": "CN900001A",
    "title": "一种光伏组件清洗机器人",
    "lang": "zh",
    "priority_date": "2023-03-01",
    "filing_date": "2023-06-01",
    "claims": [
        "1. 一种光伏组件清洗机器人，其特征在于，包括：行走机构；滚刷清洁组件；"
        "雨水收集箱；太阳能供电模块。",
        "2. 根据权利要求1所述的光伏组件清洗机器人，其特征在于，所述滚刷为尼龙滚刷。",
        "3. 一种无人机电池散热结构，其特征在于，包括：铝合金散热片；导热硅胶垫。",
    ],
}
PRIOR_ART = [
    {  # X for claim 1: every element.
        "id": "CN800001A",
        "title": "光伏板清扫装置",
        "publication_date": "2021-05-01",
        "abstract": "该清洗机器人包括行走机构和滚刷清洁组件，设有雨水收集箱，"
        "由太阳能供电模块供电。",
    },
    {  # Half of claim 3.
        "id": "CN800002A",
        "title": "无人机电池仓",
        "publication_date": "2020-01-01",
        "abstract": "电池仓外侧设置铝合金散热片，用于无人机电池散热。",
    },
    {  # The other half of claim 3.
        "id": "CN800003A",
        "title": "手机导热结构",
        "publication_date": "2019-01-01",
        "abstract": "处理器与外壳之间设置导热硅胶垫，提高散热效率。",
    },
    {  # Discloses claim 3 fully but is published after the priority date: not prior art.
        "id": "CN800004A",
        "title": "无人机电池散热结构",
        "publication_date": "2024-01-01",
        "abstract": "无人机电池散热结构包括铝合金散热片和导热硅胶垫。",
    },
]


def corpus(db: Database, tmp_path: Path) -> SearchIndexes:
    path = tmp_path / "corpus.jsonl"
    lines = [APPLICATION, *PRIOR_ART]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    indexes = SearchIndexes(tmp_path / "home", embedding_model="hashing")
    report = ingest_files(db, [path], indexer=indexes)
    assert report.errors == []
    return indexes


def test_categories_follow_the_evidence(db: Database, tmp_path: Path) -> None:
    report = build_report(db, corpus(db, tmp_path), "CN900001A")
    assert str(report.cutoff) == "2023-03-01"
    by_claim = {c.number: c for c in report.claims}
    assert set(by_claim) == {1, 3}, "only independent claims are searched"
    first = by_claim[1]
    assert first.elements == ("行走机构", "滚刷清洁组件", "雨水收集箱", "太阳能供电模块")
    assert (first.category, first.cited) == ("X", ("CN800001A",))
    evidence = next(d for d in first.documents if d.id == "CN800001A")
    assert all(e.disclosed and e.passage for e in evidence.elements)
    third = by_claim[3]
    assert third.category == "Y"
    assert set(third.cited) == {"CN800002A", "CN800003A"}
    cited_anywhere = {d.id for c in report.claims for d in c.documents}
    assert "CN800004A" not in cited_anywhere  # published after the cut-off


def test_report_is_saved_to_the_record_and_exported(
    client: TestClient, client_db: Database, api_factory: Factory, tmp_path: Path
) -> None:
    app = client.app
    indexes = corpus(client_db, tmp_path)
    app.state.indexes = indexes  # type: ignore[attr-defined]
    applicant = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = client.post(
        "/api/v1/applications",
        json={"kind": "invention", "title": APPLICATION["title"]},
        headers=applicant.headers,
    ).json()["number"]
    body = {"document_id": "CN900001A", "application_number": number}
    refused = client.post("/api/v1/search/reports", json=body, headers=applicant.headers)
    assert refused.status_code == 403
    created = client.post("/api/v1/search/reports", json=body, headers=examiner.headers)
    assert created.status_code == 201, created.text
    report = created.json()
    assert [c["category"] for c in report["claims"]] == ["X", "Y"]
    assert "not an examination opinion" in report["notice"]
    with client_db.session(write=False) as session:
        events = session.scalars(
            select(ApplicationEvent).where(ApplicationEvent.code == "ai_search")
        ).all()
        assert len(events) == 1 and events[0].public is False
        assert "claim 1: X" in (events[0].note or "")
        actions = session.scalars(select(AuditRecord.action)).all()
        assert "save_search_report" in actions
    public = client.get(f"/api/v1/applications/{number}/status").json()
    assert "ai_search" not in {e["code"] for e in public["timeline"]}
    again = client.get(f"/api/v1/search/reports/{report['id']}", headers=examiner.headers)
    assert again.json() == report
    html = client.get(f"/api/v1/search/reports/{report['id']}/html", headers=examiner.headers)
    assert html.status_code == 200
    assert "不构成审查意见" in html.text and "雨水收集箱" in html.text
    missing = client.get("/api/v1/search/reports/999/html", headers=examiner.headers)
    assert missing.status_code == 404


def test_pdf_export_prints_with_chromium(db: Database, tmp_path: Path) -> None:
    report = build_report(db, corpus(db, tmp_path), "CN900001A")
    pdf = html_to_pdf(render_html(report.as_dict(), report_id=1, lang="en"))
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5_000


def test_document_without_claims_is_searched_by_its_abstract(db: Database, tmp_path: Path) -> None:
    indexes = corpus(db, tmp_path)
    report = build_report(db, indexes, "CN800002A")
    assert report.problems == ("the document has no claims; its abstract was searched instead",)
    assert len(report.claims) == 1
