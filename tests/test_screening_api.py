"""The screening record over HTTP, on SQLite and PostgreSQL: who may call what, imports,
the review, clues, credit proposals, office rules and risk rows through the API, and the
examiner pages (queue, finding, forms with CSRF, rules page)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.core.models import AuditRecord
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.screening.models import ScreeningFinding, ScreeningRun
from ipoffice.web.access import CSRF_COOKIE
from ipoffice.web.i18n import MESSAGES
from tests.conftest import PASSWORD, Account, Factory
from tests.test_screening_records import RULE, as_lines, sample_rows

RUN = {"source": "batch.jsonl", "engine": "local", "as_of": "2026-11-20"}
BASE = "/api/v1/screening"


@pytest.fixture
def staff(api_factory: Factory) -> dict[Role, Account]:
    return {role: api_factory.account(role) for role in Role}


def import_run(client: TestClient, admin: Account, rows: list[dict[str, Any]] | None = None) -> Any:
    body = {**RUN, "lines": as_lines(rows or sample_rows())}
    response = client.post(f"{BASE}/runs", json=body, headers=admin.headers)
    assert response.status_code == 201, response.text
    return response.json()


def findings(client: TestClient, account: Account, **params: Any) -> Any:
    response = client.get(f"{BASE}/findings", params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def finding_of(client: TestClient, account: Account, application: str, behaviour: str) -> Any:
    items = findings(client, account, application=application, behaviour=behaviour)["items"]
    assert len(items) == 1
    return items[0]


def decide(
    client: TestClient, account: Account, finding: dict[str, Any], decision: str, **extra: Any
) -> Any:
    body = {"decision": decision, "expected_version": finding["version"], **extra}
    return client.post(
        f"{BASE}/findings/{finding['id']}/review", json=body, headers=account.headers
    )


def test_only_office_reviewers_see_findings(client: TestClient, staff: dict[Role, Account]) -> None:
    import_run(client, staff[Role.ADMINISTRATOR])
    for role in (Role.EXAMINER, Role.ADMINISTRATOR):
        assert findings(client, staff[role])["total"] == 3
    for role in (Role.APPLICANT, Role.AGENT, Role.ENFORCEMENT_OFFICER, Role.ZONE_EVALUATOR):
        response = client.get(f"{BASE}/findings", headers=staff[role].headers)
        assert response.status_code == 403, role
    assert client.get(f"{BASE}/findings").status_code == 401
    examiner = staff[Role.EXAMINER]
    body = {**RUN, "lines": as_lines(sample_rows())}
    assert client.post(f"{BASE}/runs", json=body, headers=examiner.headers).status_code == 403
    assert client.get(f"{BASE}/rules", headers=examiner.headers).status_code == 403
    assert (
        client.post(f"{BASE}/rules", json={"rule": RULE}, headers=examiner.headers).status_code
        == 403
    )


def test_import_is_idempotent_and_all_or_nothing(
    client: TestClient, staff: dict[Role, Account], client_db: Database
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    first = import_run(client, admin)
    assert (first["application_count"], first["finding_count"]) == (3, 3)
    again = client.post(f"{BASE}/runs", json={**RUN, "lines": sample_rows()}, headers=admin.headers)
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    broken = as_lines(sample_rows()) + ['{"id": "Z", "risk": 2, "findings": []}', "not json"]
    response = client.post(f"{BASE}/runs", json={**RUN, "lines": broken}, headers=admin.headers)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "line 6" and "line 7:" in error["message"]
    runs = client.get(f"{BASE}/runs", headers=admin.headers).json()
    assert runs["total"] == 1 and runs["items"][0]["digest"] == first["digest"]
    with client_db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ScreeningFinding)) == 3
    bad_meta = client.post(
        f"{BASE}/runs", json={**RUN, "as_of": "20-11-2026", "lines": ["{}"]}, headers=admin.headers
    )
    assert bad_meta.status_code == 422 and bad_meta.json()["error"]["field"] == "as_of"
    read = client.get(f"{BASE}/runs/{first['id']}", headers=staff[Role.EXAMINER].headers)
    assert read.json()["source"] == "batch.jsonl"
    assert client.get(f"{BASE}/runs/999999", headers=admin.headers).status_code == 404


def test_findings_filter_sort_and_review(client: TestClient, staff: dict[Role, Account]) -> None:
    import_run(client, staff[Role.ADMINISTRATOR])
    examiner = staff[Role.EXAMINER]
    page = findings(client, examiner, status="open", limit=2)
    assert page["total"] == 3 and [i["application_id"] for i in page["items"]] == ["A-1", "A-1"]
    assert page["items"][0]["score"] >= page["items"][1]["score"]
    assert findings(client, examiner, min_score=0.65)["total"] == 0
    assert findings(client, examiner, behaviour="machine_generated")["total"] == 1
    assert (
        client.get(
            f"{BASE}/findings", params={"min_score": 2}, headers=examiner.headers
        ).status_code
        == 422
    )
    assert client.get(f"{BASE}/findings/999999", headers=examiner.headers).status_code == 404
    dup = finding_of(client, examiner, "A-2", "duplicate_or_combination")
    assert dup["behaviour_label_en"].startswith("applications whose content")
    one = client.get(f"{BASE}/findings/{dup['id']}", headers=examiner.headers).json()
    assert one["evidence"] == {"similarity": 0.6} and one["related"] == ["A-1"]
    no_note = decide(client, examiner, dup, "dismiss")
    assert no_note.status_code == 422 and no_note.json()["error"]["field"] == "note"
    confirmed = decide(client, examiner, dup, "confirm", note="same text as A-1")
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["version"]) == ("confirmed", 2)
    stale = decide(client, staff[Role.ADMINISTRATOR], dup, "dismiss", note="late")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    reopen = decide(client, examiner, confirmed.json(), "reopen", note="no")
    assert reopen.status_code == 403
    reopened = decide(client, staff[Role.ADMINISTRATOR], confirmed.json(), "reopen", note="check")
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    odd = client.post(
        f"{BASE}/findings/{dup['id']}/review",
        json={"decision": "approve", "expected_version": 3},
        headers=examiner.headers,
    )
    assert odd.status_code == 422


def test_clues_and_credit_records_through_the_api(
    client: TestClient, staff: dict[Role, Account], client_db: Database
) -> None:
    import_run(client, staff[Role.ADMINISTRATOR])
    examiner = staff[Role.EXAMINER]
    dup = finding_of(client, examiner, "A-1", "duplicate_or_combination")
    clue = {"finding_ids": [dup["id"]], "subject_name": "甲电子有限公司",
            "division_code": "440300", "summary": "两件申请内容相同"}  # fmt: skip
    refused = client.post(f"{BASE}/clues", json=clue, headers=examiner.headers)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "finding_not_confirmed"
    assert decide(client, examiner, dup, "confirm").status_code == 200
    wrong = client.post(
        f"{BASE}/clues", json={**clue, "division_code": "44030"}, headers=examiner.headers
    )
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "division_code"
    unknown = client.post(
        f"{BASE}/clues", json={**clue, "finding_ids": [dup["id"], 999999]}, headers=examiner.headers
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "finding_ids"
    twice = client.post(
        f"{BASE}/clues",
        json={**clue, "finding_ids": [dup["id"], dup["id"]]},
        headers=examiner.headers,
    )
    assert twice.status_code == 422
    made = client.post(f"{BASE}/clues", json=clue, headers=examiner.headers)
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "draft" and made.json()["division_name_en"].startswith(
        "Guangdong"
    )
    listed = client.get(f"{BASE}/clues", headers=staff[Role.ADMINISTRATOR].headers).json()
    assert listed["total"] == 1 and listed["items"][0]["finding_ids"] == [dup["id"]]
    assert (
        client.get(f"{BASE}/clues/{made.json()['id']}", headers=examiner.headers).status_code == 200
    )
    assert client.get(f"{BASE}/clues", headers=staff[Role.APPLICANT].headers).status_code == 403

    credit = {
        "finding_ids": [dup["id"]],
        "subject_name": "甲电子有限公司",
        "subject_type": "applicant",
    }
    bad_type = client.post(
        f"{BASE}/credit-records",
        json={**credit, "subject_type": "inventor"},
        headers=examiner.headers,
    )
    assert bad_type.status_code == 422
    proposed = client.post(f"{BASE}/credit-records", json=credit, headers=examiner.headers)
    assert proposed.status_code == 201, proposed.text
    record = proposed.json()
    assert (record["status"], record["conduct"], record["listing_start"]) == (
        "proposed", "abnormal_patent_application", None,
    )  # fmt: skip
    assert "信用管理规定" in record["conduct_source"]
    dup_proposal = client.post(f"{BASE}/credit-records", json=credit, headers=examiner.headers)
    assert dup_proposal.status_code == 409
    got = client.get(f"{BASE}/credit-records/{record['id']}", headers=examiner.headers)
    assert got.json()["finding_ids"] == [dup["id"]]
    assert client.get(f"{BASE}/credit-records/999", headers=examiner.headers).status_code == 404
    with client_db.session(write=False) as session:
        actions = session.scalars(select(AuditRecord.action)).all()
        assert {"import_screening_run", "review_finding", "create_clue",
                "propose_credit_record"} <= set(actions)  # fmt: skip


def test_office_rules_crud_for_administrators(
    client: TestClient, staff: dict[Role, Account]
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    created = client.post(f"{BASE}/rules", json={"rule": RULE}, headers=admin.headers)
    assert created.status_code == 201 and created.json()["version"] == 1
    bad = {**RULE, "code": "R-bad", "score": 1.5}
    refused = client.post(f"{BASE}/rules", json={"rule": bad}, headers=admin.headers)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "score"
    nested = {**RULE, "code": "R-op", "condition": {"field": "kind", "op": "gt", "value": "x"}}
    refused = client.post(f"{BASE}/rules", json={"rule": nested}, headers=admin.headers)
    assert refused.status_code == 422 and "kind (text) takes" in refused.json()["error"]["message"]
    assert (
        client.post(f"{BASE}/rules", json={"rule": RULE}, headers=admin.headers).status_code == 409
    )
    path = f"{BASE}/rules/{RULE['code']}"
    stale = client.put(path, json={"expected_version": 9, "active": False}, headers=admin.headers)
    assert stale.status_code == 409
    updated = client.put(
        path,
        json={"expected_version": 1, "rule": {**RULE, "title": "新名称"}},
        headers=admin.headers,
    )
    assert updated.status_code == 200 and updated.json()["rule"]["title"] == "新名称"
    assert client.put(path, json={"expected_version": 2}, headers=admin.headers).status_code == 422
    gone = client.delete(path, params={"expected_version": 2}, headers=admin.headers)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert client.get(f"{BASE}/rules", params={"active": True}, headers=admin.headers).json() == []
    assert len(client.get(f"{BASE}/rules", headers=admin.headers).json()) == 1
    assert client.get(f"{BASE}/rules/none", headers=admin.headers).status_code == 404


def test_risk_rows_of_the_latest_run(client: TestClient, staff: dict[Role, Account]) -> None:
    examiner = staff[Role.EXAMINER]
    empty = client.get(f"{BASE}/risks", params={"kind": "applicant"}, headers=examiner.headers)
    assert empty.json() == {"run": None, "total": 0, "items": []}
    import_run(client, staff[Role.ADMINISTRATOR])
    newer = sample_rows() + [
        {"kind": "applicant", "subject": "丁科技有限公司", "risk": 0.65, "applications": 5,
         "flagged": 5},
    ]  # fmt: skip
    latest = import_run(client, staff[Role.ADMINISTRATOR], newer)
    rows = client.get(f"{BASE}/risks", params={"kind": "applicant"}, headers=examiner.headers)
    body = rows.json()
    assert body["run"]["id"] == latest["id"]
    assert [r["subject"] for r in body["items"]] == ["丁科技有限公司", "甲电子有限公司"]
    agencies = client.get(f"{BASE}/risks", params={"kind": "agency", "min_risk": 0.05},
                          headers=examiner.headers).json()  # fmt: skip
    assert [r["subject"] for r in agencies["items"]] == ["乙专利代理事务所"]
    bad = client.get(f"{BASE}/risks", params={"kind": "application"}, headers=examiner.headers)
    assert bad.status_code == 422


# --- pages ----------------------------------------------------------------------------------


def login(client: TestClient, account: Account) -> str:
    client.get("/login")
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    response = client.post(
        "/login",
        data={"username": account.username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return token


def test_examiner_reviews_and_drafts_a_clue_in_the_pages(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    admin = api_factory.account(Role.ADMINISTRATOR)
    applicant = api_factory.account(Role.APPLICANT)
    filed = client.post(
        "/api/v1/applications",
        json={"kind": "invention", "title": "一种电池热管理装置"},
        headers=applicant.headers,
    ).json()["number"]
    rows = sample_rows()
    rows[1]["id"] = filed  # A-2 is one of the office's applications: linked to the workbench
    rows[0]["findings"][0]["related"] = [filed]
    import_run(client, admin, rows)
    examiner = api_factory.account(Role.EXAMINER)
    csrf = login(client, examiner)

    queue = client.get("/screening", headers={"Accept-Language": "en"})
    assert queue.status_code == 200
    assert "3" in queue.text and MESSAGES["screening.title"][1] in queue.text
    ids = re.findall(r'href="/screening/findings/(\d+)"', queue.text)
    assert len(ids) == 3
    page = client.get(f"/screening/findings/{ids[0]}")
    assert f'href="/workbench/{filed}"' in page.text
    assert "<blockquote" in page.text and MESSAGES["screening.confirm"][0] in page.text
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    assert version is not None

    review = f"/screening/findings/{ids[0]}/review"
    form = {"decision": "confirm", "expected_version": version.group(1), "note": ""}
    no_token = client.post(review, data=form, headers={"Accept": "text/html"})
    assert no_token.status_code == 403
    done = client.post(review, data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("?done=confirm")
    page = client.get(done.headers["location"])
    assert MESSAGES["screening.done.confirm"][0] in page.text
    assert 'data-testid="clue-form"' in page.text

    clue = {"csrf_token": csrf, "subject_name": "甲电子有限公司", "division_code": "440000",
            "division_detail": "4403", "summary": "两件申请内容相同"}  # fmt: skip
    wrong = client.post(f"/screening/findings/{ids[0]}/clues", data=clue)
    assert wrong.status_code == 422
    assert 'data-testid="error-clue-division_detail"' in wrong.text
    assert "6 digits" in wrong.text and "两件申请内容相同" in wrong.text
    made = client.post(
        f"/screening/findings/{ids[0]}/clues",
        data={**clue, "division_detail": "440305"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert MESSAGES["screening.done.clue"][0] in page.text and "440305" in page.text
    with client_db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ScreeningRun)) == 1
    open_finding = client.post(
        f"/screening/findings/{ids[2]}/clues", data={**clue, "division_detail": ""}
    )
    assert open_finding.status_code == 409 and 'data-testid="error-clue"' in open_finding.text
    assert client.get("/screening/findings/999999").status_code == 404
    assert client.get("/screening/rules", follow_redirects=False).status_code == 403


def test_administrator_keeps_rules_in_the_pages(client: TestClient, api_factory: Factory) -> None:
    csrf = login(client, api_factory.account(Role.ADMINISTRATOR))
    form = {"csrf_token": csrf, "code": "R2026-01", "title": "权利要求过多", "score": "0.6",
            "basis": "", "effective_from": "", "effective_to": "",
            "condition": '{"all": [{"field": "claims_count", "op": "gt", "value": 50}'}  # fmt: skip
    bad_json = client.post("/screening/rules", data=form)
    assert bad_json.status_code == 422
    assert 'data-testid="error-condition"' in bad_json.text and "not valid JSON" in bad_json.text
    assert "权利要求过多" in bad_json.text  # what was typed comes back
    unknown = {**form, "condition": json.dumps({"field": "colour", "op": "eq", "value": "x"})}
    bad_field = client.post("/screening/rules", data=unknown)
    assert bad_field.status_code == 422 and "unknown field" in bad_field.text
    bad_score = client.post("/screening/rules", data={**form, "score": "high"})
    assert 'data-testid="error-score"' in bad_score.text
    good = {**form, "condition": form["condition"] + "]}"}
    saved = client.post("/screening/rules", data=good, follow_redirects=False)
    assert saved.status_code == 303
    listing = client.get(saved.headers["location"])
    assert "R2026-01" in listing.text
    edit = client.get("/screening/rules/R2026-01")
    assert edit.status_code == 200 and "claims_count" in edit.text
    changed = client.post(
        "/screening/rules/R2026-01",
        data={**good, "title": "权利要求数量异常", "expected_version": "1"},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    stale = client.post("/screening/rules/R2026-01", data={**good, "expected_version": "1"})
    assert stale.status_code == 409
    off = client.post(
        "/screening/rules/R2026-01/active",
        data={"csrf_token": csrf, "expected_version": "2", "active": "false"},
        follow_redirects=False,
    )
    assert off.status_code == 303
    assert MESSAGES["screening.rules.inactive"][0] in client.get("/screening/rules").text
