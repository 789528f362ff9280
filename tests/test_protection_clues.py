"""Clue transfer through the API: send, inbox and outbox with counts, acknowledge, handle,
answer, pass on, withdraw; who sees what (404 outside the chain, 403 on the wrong side or
role); duplicates, stale versions and bad input."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.core import audit
from ipoffice.core.identity import do_create_user, do_issue_token
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.protection.clue_models import ProtectionClue
from ipoffice.screening.models import Clue as ScreeningClue
from tests.conftest import PASSWORD, Account, Factory

URL = "/api/v1/protection/clues"
HANGZHOU, NINGBO, SUZHOU, GUANGZHOU = "330100", "330200", "320500", "440100"
_serial = itertools.count()


def desk(db: Database, role: Role, region: str | None = None) -> Account:
    """A user with a role and a region, and a bearer token."""
    name = f"clue-{role.value.replace('_', '-')}-{next(_serial)}"
    with db.session(write=True) as session:
        user = do_create_user(
            session, actor=audit.SYSTEM, username=name, display_name=name, password=PASSWORD,
            roles=frozenset({role}), region_code=region,
        )  # fmt: skip
        _token, plain = do_issue_token(session, user=user, name="t", lifetime=timedelta(days=1))
        return Account(user.id, name, None, plain)


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "source_kind": "exhibition",
        "source_ref": "2025广交会-投诉-0031",
        "category": "patent_infringement",
        "subject_name": "宁波某五金制品有限公司",
        "summary": "展会现场投诉：展出的电动工具涉嫌侵犯发明专利权，参展企业住所地在宁波。",
        "receiver_region": NINGBO,
        "due_working_days": 15,
        **overrides,
    }


def post(client: TestClient, who: Account, path: str, data: dict[str, Any]) -> Any:
    return client.post(f"{URL}{path}", json=data, headers=who.headers)


def test_send_answer_and_the_sender_sees_the_feedback(
    client: TestClient, client_db: Database
) -> None:
    sender, receiver = (
        desk(client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU),
        desk(client_db, Role.ENFORCEMENT_OFFICER, NINGBO),
    )
    sent = post(client, sender, "", body())
    assert sent.status_code == 201, sent.text
    clue = sent.json()
    assert (clue["status"], clue["sender_name_zh"], clue["receiver_name_en"]) == (
        "sent", "浙江省 (330100)", "Zhejiang Province (330200)",
    )  # fmt: skip
    assert clue["sides"] == ["sender"] and clue["next_statuses"] == ["withdrawn"]

    inbox = client.get(URL, params={"box": "inbox"}, headers=receiver.headers).json()
    assert [c["id"] for c in inbox["items"]] == [clue["id"]]
    assert inbox["counts"]["inbox"]["open"] == 1 and inbox["desk"] == NINGBO

    version = clue["version"]
    for path, data in (
        ("acknowledge", {"note": "已签收"}),
        ("handling", {}),
        (
            "feedback",
            {"outcome": "case_opened", "text": "已立案。", "case_reference": "甬知〔2025〕3号"},
        ),
    ):
        answer = post(
            client, receiver, f"/{clue['id']}/{path}", {"expected_version": version, **data}
        )
        assert answer.status_code == 200, answer.text
        version = answer.json()["version"]

    seen = client.get(f"{URL}/{clue['id']}", headers=sender.headers).json()
    assert (seen["status"], seen["outcome"], seen["feedback"]) == (
        "answered",
        "case_opened",
        "已立案。",
    )
    assert [e["code"] for e in seen["timeline"]] == [
        "sent",
        "acknowledged",
        "handling_started",
        "answered",
    ]
    outbox = client.get(URL, params={"box": "outbox"}, headers=sender.headers).json()
    assert outbox["counts"]["outbox"]["by_status"] == {"answered": 1}


def test_outsiders_get_404_and_wrong_sides_or_roles_403(
    client: TestClient, client_db: Database, api_factory: Factory
) -> None:
    sender = desk(client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    receiver = desk(client_db, Role.ENFORCEMENT_OFFICER, NINGBO)
    clue = post(client, sender, "", body()).json()
    cid = clue["id"]
    for outsider in (
        desk(client_db, Role.ENFORCEMENT_OFFICER, GUANGZHOU),
        desk(client_db, Role.EXAMINER),
        desk(client_db, Role.ADMINISTRATOR),
    ):
        assert client.get(f"{URL}/{cid}", headers=outsider.headers).status_code == 404
        assert (
            post(
                client, outsider, f"/{cid}/withdraw", {"expected_version": 1, "reason": "x"}
            ).status_code
            == 404
        )
    assert (
        client.get(f"{URL}/{cid}", headers=api_factory.account(Role.APPLICANT).headers).status_code
        == 403
    )
    wrong_side = post(client, sender, f"/{cid}/acknowledge", {"expected_version": 1})
    assert wrong_side.status_code == 403
    assert (
        post(
            client, receiver, f"/{cid}/withdraw", {"expected_version": 1, "reason": "x"}
        ).status_code
        == 403
    )
    assert client.get(f"{URL}/{cid}", headers=sender.headers).json()["status"] == "sent"


def test_pass_on_shows_the_chain_to_the_sender(client: TestClient, client_db: Database) -> None:
    sender = desk(client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    ningbo = desk(client_db, Role.ENFORCEMENT_OFFICER, NINGBO)
    suzhou = desk(client_db, Role.ENFORCEMENT_OFFICER, SUZHOU)
    clue = post(client, sender, "", body()).json()
    acked = post(
        client, ningbo, f"/{clue['id']}/acknowledge", {"expected_version": clue["version"]}
    )
    passed = post(client, ningbo, f"/{clue['id']}/pass-on", {
        "expected_version": acked.json()["version"], "receiver_region": SUZHOU,
        "note": "参展企业实际生产地在苏州", "due_working_days": 10,
    })  # fmt: skip
    assert passed.status_code == 200, passed.text
    assert passed.json()["status"] == "sent" and passed.json()["sides"] == []
    suzhou_inbox = client.get(URL, headers=suzhou.headers).json()
    assert [c["id"] for c in suzhou_inbox["items"]] == [clue["id"]]
    chain = client.get(f"{URL}/{clue['id']}", headers=sender.headers).json()["chain"]
    assert [(h["from_region"], h["to_region"], h["outcome"]) for h in chain] == [
        (HANGZHOU, NINGBO, "passed_on"), (NINGBO, SUZHOU, None),
    ]  # fmt: skip


def test_duplicates_return_the_first_clue(client: TestClient, client_db: Database) -> None:
    sender = desk(client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    first = post(client, sender, "", body())
    again = post(client, sender, "", body(summary="再次提交"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    keyed = {**sender.headers, "Idempotency-Key": "k-1"}
    one = client.post(URL, json=body(source_ref=None), headers=keyed)
    two = client.post(URL, json=body(source_ref=None), headers=keyed)
    assert (one.status_code, two.status_code) == (201, 200)
    assert one.json()["id"] == two.json()["id"]
    with client_db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ProtectionClue)) == 2


def test_a_stale_version_is_409(client: TestClient, client_db: Database) -> None:
    sender = desk(client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    receiver = desk(client_db, Role.ENFORCEMENT_OFFICER, NINGBO)
    clue = post(client, sender, "", body()).json()
    assert (
        post(client, receiver, f"/{clue['id']}/acknowledge", {"expected_version": 1}).status_code
        == 200
    )
    stale = post(
        client, sender, f"/{clue['id']}/withdraw", {"expected_version": 1, "reason": "撤回"}
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert (
        client.get(f"{URL}/{clue['id']}", headers=sender.headers).json()["status"] == "acknowledged"
    )


def test_bad_input_is_refused_and_changes_nothing(client: TestClient, client_db: Database) -> None:
    sender = desk(client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    cases = [
        (body(receiver_region="999999"), 422, "receiver_region"),
        (body(source_kind="screening"), 422, "source_kind"),
        (body(category="rumour"), 422, "category"),
        (body(summary="长" * 8001), 422, "summary"),
        (body(subject_name=""), 422, "subject_name"),
        (body(due_working_days=200), 422, "due_working_days"),
        (body(unknown_field=1), 422, "unknown_field"),
    ]
    for data, status, field in cases:
        answer = post(client, sender, "", data)
        assert answer.status_code == status, (field, answer.text)
        assert answer.json()["error"]["field"] == field, answer.text
    headers = {**sender.headers, "Content-Type": "application/json"}
    broken = client.post(URL, content=b'{"source_kind": ', headers=headers)
    assert broken.status_code == 422 and "not valid JSON" in broken.json()["error"]["message"]
    gb18030 = client.post(URL, content='{"summary": "侵权"}'.encode("gb18030"), headers=headers)
    assert gb18030.status_code == 400
    assert gb18030.json()["error"]["code"] == "unreadable_body"
    no_desk = desk(client_db, Role.ENFORCEMENT_OFFICER)
    assert post(client, no_desk, "", body()).status_code == 403
    listing = client.get(URL, headers=no_desk.headers)
    assert listing.status_code == 422 and listing.json()["error"]["field"] == "region_code"
    assert client.get(URL, params={"box": "trash"}, headers=sender.headers).status_code == 422
    with client_db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ProtectionClue)) == 0


def test_a_screening_draft_is_transferred_by_the_national_desk(
    client: TestClient, client_db: Database
) -> None:
    examiner = desk(client_db, Role.EXAMINER)
    receiver = desk(client_db, Role.ENFORCEMENT_OFFICER, NINGBO)
    with client_db.session(write=True) as session:
        draft = ScreeningClue(
            subject_name="宁波某科技有限公司", division_code=NINGBO, status="draft",
            summary="同一申请人集中提交内容高度相似的实用新型专利申请。",
        )  # fmt: skip
        session.add(draft)
        session.flush()
        draft_id = draft.id
    sent = post(client, examiner, "/from-screening", {"screening_clue_id": draft_id})
    assert sent.status_code == 201, sent.text
    assert sent.json()["sender_name_zh"] == "国家知识产权局"
    assert (
        post(client, examiner, "/from-screening", {"screening_clue_id": draft_id}).status_code
        == 200
    )
    officer = desk(client_db, Role.ENFORCEMENT_OFFICER, HANGZHOU)
    assert (
        post(client, officer, "/from-screening", {"screening_clue_id": draft_id}).status_code == 403
    )
    inbox = client.get(URL, headers=receiver.headers).json()
    assert inbox["items"][0]["source_kind"] == "screening"
    with client_db.session(write=False) as session:
        assert session.get(ScreeningClue, draft_id).status == "transferred"  # type: ignore[union-attr]
