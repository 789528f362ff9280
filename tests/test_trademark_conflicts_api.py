"""Conflict search against the platform's register: `POST /api/v1/trademarks/search`,
`GET /api/v1/trademarks/applications/{number}/conflicts`, `ipoffice trademarks search` and
`index rebuild`, and the index kept in step as marks are entered and recognised."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ipoffice.applications.schemas import ApplicationCreate
from ipoffice.applications.service import do_file_application
from ipoffice.cli import app as cli
from ipoffice.core.identity import Principal, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.settings import get_settings
from ipoffice.trademarks.conflict_register import INDEX_DIR, forget_indexes
from ipoffice.trademarks.goods_table import clear_cache
from ipoffice.trademarks.register import do_mark_well_known, do_register_mark
from ipoffice.trademarks.schemas import MarkCreate
from tests.conftest import Factory

SEARCH = "/api/v1/trademarks/search"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    clear_cache()
    forget_indexes()
    yield
    forget_indexes()


def principal(db: Database, user_id: int) -> Principal:
    with db.session(write=False) as session:
        user = session.get(User, user_id)
        assert user is not None
        return principal_of(user)


def enter(db: Database, actor: Principal, text: str, classes: list[int], **data: Any) -> str:
    filed = data.pop("filing_date", date(2018, 3, 1))
    fields: dict[str, Any] = {
        "kind": "word",
        "text": text,
        "applicant_name": data.pop("applicant_name", f"{text}有限公司"),
        "goods": [{"code": str(c)} for c in classes],
        "filing_date": filed,
        "status": "registered",
        "registration_date": filed.replace(year=filed.year + 1),
        **data,
    }
    with db.session(write=True) as session:
        mark, _ = do_register_mark(session, actor=actor, data=MarkCreate.model_validate(fields))
        return mark.number


@pytest.fixture
def examiner(api_factory: Factory, client_db: Database) -> tuple[dict[str, str], Principal]:
    account = api_factory.account(Role.EXAMINER)
    return account.headers, principal(client_db, account.user_id)


def texts(body: dict[str, Any]) -> list[str]:
    return [c["text"] for c in body["conflicts"]]


def test_search_finds_earlier_similar_marks_and_keeps_in_step(
    client: TestClient, client_db: Database, examiner: tuple[dict[str, str], Principal]
) -> None:
    headers, actor = examiner
    empty = client.post(SEARCH, json={"text": "道香村"}, headers=headers).json()
    assert empty["conflicts"] == [] and empty["index"] == {"marks": 0, "pending": 0}
    number = enter(client_db, actor, "稻香村", [30])
    enter(client_db, actor, "稻香村", [9], applicant_name="另一家公司")
    answer = client.post(SEARCH, json={"text": "道香村", "classes": [30]}, headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [c["number"] for c in body["conflicts"]] == [number]
    first = body["conflicts"][0]
    assert first["similar"] and first["ground"] == "art30" and "pinyin" in first["aspects"]
    assert first["aspects"]["goods"]["evidence"]["relation"] == "class_only"
    assert body["notices"] and "No similar-goods table" in body["notices"][0]["en"]
    # A mark entered after the index was built is found at once (the in-memory delta).
    later = enter(client_db, actor, "稻乡村", [30], filing_date=date(2020, 1, 1))
    again = client.post(SEARCH, json={"text": "道香村", "classes": [30]}, headers=headers)
    assert later in [c["number"] for c in again.json()["conflicts"]]
    assert again.json()["index"]["pending"] == 3  # all entered after the empty first build
    # Only marks filed before the given date.
    before = client.post(
        SEARCH, json={"text": "道香村", "classes": [30], "before": "2019-01-01"}, headers=headers
    )
    assert texts(before.json()) == ["稻香村"]


def test_a_mark_recognised_as_well_known_is_found_on_other_goods(
    client: TestClient, client_db: Database, examiner: tuple[dict[str, str], Principal]
) -> None:
    headers, actor = examiner
    number = enter(client_db, actor, "五粮液", [33])
    query = {"text": "五粮夜", "classes": [9]}
    assert client.post(SEARCH, json=query, headers=headers).json()["conflicts"] == []
    with client_db.session(write=True) as session:
        do_mark_well_known(
            session, actor=actor, number=number, basis="商标驰字[2020]第1号",
            recognized_on=date(2020, 5, 1), expected_version=1,
        )  # fmt: skip
    found = client.post(SEARCH, json=query, headers=headers).json()["conflicts"]
    assert [(c["number"], c["ground"], c["well_known"]) for c in found] == [(number, "art13", True)]


def test_the_conflicts_of_an_application(
    client: TestClient, client_db: Database, api_factory: Factory,
    examiner: tuple[dict[str, str], Principal],
) -> None:  # fmt: skip
    headers, actor = examiner
    earlier = enter(client_db, actor, "康师傅", [30])
    account = api_factory.account(Role.APPLICANT)
    applicant = principal(client_db, account.user_id)
    with client_db.session(write=True) as session:
        application, _ = do_file_application(
            session, actor=applicant.actor, principal=applicant,
            data=ApplicationCreate(kind="trademark", title="康帅傅", nice_classes=[30]),
            filing_date=date(2025, 2, 3),
        )  # fmt: skip
        number = application.number
    url = f"/api/v1/trademarks/applications/{number}/conflicts"
    by_title = client.get(url, headers=headers)
    assert by_title.status_code == 200, by_title.text
    assert [c["number"] for c in by_title.json()["conflicts"]] == [earlier]
    # With its mark in the register, the mark (and not the mark itself) is searched.
    enter(client_db, actor, "康帅傅", [30], filing_date=date(2025, 2, 3), status="filed",
          registration_date=None, application_number=number, applicant_name=None,
          applicant_id=account.party_id)  # fmt: skip
    by_mark = client.get(url, params={"top": 5}, headers=headers).json()
    assert [c["number"] for c in by_mark["conflicts"]] == [earlier]
    assert by_mark["query"]["on"] == "2025-02-03"
    assert client.get(url, headers=account.headers).status_code == 403
    missing = client.get("/api/v1/trademarks/applications/99999999/conflicts", headers=headers)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "🍵☕"}, "text"),
        ({"text": "华为", "classes": [46]}, "class"),
        ({"text": "华为", "goods": ["9x9"]}, "goods"),
        ({"text": "华为", "top": 100000}, "top"),
        ({"text": "华为", "extra": 1}, None),
        ({"text": "长" * 2000}, None),
    ],
)
def test_bad_searches_get_422_and_name_the_field(
    client: TestClient, examiner: tuple[dict[str, str], Principal], body: dict[str, Any],
    field: str | None,
) -> None:  # fmt: skip
    answer = client.post(SEARCH, json=body, headers=examiner[0])
    assert answer.status_code == 422, answer.text
    if field is not None:
        assert answer.json()["error"]["field"] == field


def test_cli_search_and_rebuild(
    client_db: Database, examiner: tuple[dict[str, str], Principal], settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    enter(client_db, examiner[1], "喜之郎", [30])
    monkeypatch.setenv("IPOFFICE_HOME", str(settings.home))
    monkeypatch.setenv("IPOFFICE_DATABASE_URL", settings.resolved_database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        rebuilt = runner.invoke(cli, ["trademarks", "index", "rebuild"])
        assert rebuilt.exit_code == 0, rebuilt.output
        assert rebuilt.output.startswith("indexed 1 marks")
        assert (Path(settings.home) / INDEX_DIR / "meta.json").exists()
        args = ["trademarks", "search", "喜之郎旗舰店", "--class", "30", "--json"]
        result = runner.invoke(cli, [*args, "--before", "2025-01-01", "--top", "3"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)
        assert [(r["text"], r["similar"], r["ground"], r["classes"]) for r in rows] == [
            ("喜之郎", True, "art30", [30])
        ]
        assert {"number", "score", "aspects", "filing_date"} <= set(rows[0])
        table = runner.invoke(cli, ["trademarks", "search", "喜之郎旗舰店"])
        assert table.exit_code == 0 and "喜之郎" in table.output and "art30" in table.output
        for bad, message in (
            (["--top", "1000"], "1 to 200"),
            (["--class", "46"], "class 46 does not exist"),
            (["--before", "2025-13-01"], "not a date"),
        ):
            failed = runner.invoke(cli, ["trademarks", "search", "喜之郎", *bad])
            assert failed.exit_code == 2 and message in failed.output, failed.output
        emoji = runner.invoke(cli, ["trademarks", "search", "🍵"])
        assert emoji.exit_code == 2 and "removed symbols" in emoji.output
    finally:
        get_settings.cache_clear()


def test_a_saved_index_of_another_database_is_rebuilt(
    client: TestClient, client_db: Database, settings: Any,
    examiner: tuple[dict[str, str], Principal],
) -> None:  # fmt: skip
    headers, actor = examiner
    enter(client_db, actor, "喜之郎", [30])
    query = {"text": "喜之狼", "classes": [30]}
    assert texts(client.post(SEARCH, json=query, headers=headers).json()) == ["喜之郎"]
    meta_path = Path(settings.home) / INDEX_DIR / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["last_number"] and meta["marks"] == 1
    meta_path.write_text(json.dumps({**meta, "last_number": "99999"}), encoding="utf-8")
    forget_indexes()  # as a new process would
    assert texts(client.post(SEARCH, json=query, headers=headers).json()) == ["喜之郎"]
    assert json.loads(meta_path.read_text(encoding="utf-8"))["last_number"] == meta["last_number"]
