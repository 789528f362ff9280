"""The trademark register over HTTP: multipart filing with an image, reading, goods lookup,
and bad input of every kind."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.app import create_app
from ipoffice.core import audit
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.settings import Settings
from ipoffice.trademarks.goods import load_goods_table
from ipoffice.trademarks.goods_table import clear_cache
from ipoffice.trademarks.models import Mark
from tests.conftest import Factory
from tests.test_concurrency import run_together
from tests.test_trademark_goods import SMALL_TABLE, write
from tests.test_trademark_images import encode, sun_logo

MARKS = "/api/v1/trademarks/marks"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    clear_cache()


def form(data: dict[str, Any]) -> dict[str, str]:
    return {"data": json.dumps({"kind": "word", "text": "华瑞", "goods": [{"code": "9"}], **data})}


def post(
    client: TestClient,
    headers: dict[str, str],
    image: bytes | None = None,
    filename: str = "logo.png",
    **data: Any,
) -> Any:
    files = {"image": (filename, image, "image/png")} if image is not None else None
    return client.post(MARKS, data=form(data), files=files, headers=headers)


def marks_in(db: Database) -> int:
    with db.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(Mark)) or 0


def test_register_read_list_and_fetch_the_image(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    created = post(client, applicant.headers, encode(sun_logo()), kind="combined")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["kind"] == "combined" and body["goods"] == [
        {"class_number": 9, "group_code": None, "item_code": None, "name": "09", "edition": None}
    ]
    assert body["image"]["format"] == "PNG" and len(body["image"]["phash"]) == 16
    number = body["number"]
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    read = client.get(f"{MARKS}/第{number}号", headers=officer.headers)
    assert read.status_code == 200 and read.json()["id"] == body["id"]
    image = client.get(f"{MARKS}/{number}/image", headers=officer.headers)
    assert image.headers["content-type"] == "image/png"
    assert image.content == encode(sun_logo())
    listed = client.get(MARKS, params={"q": "华瑞", "class_number": 9}, headers=officer.headers)
    assert listed.json()["total"] == 1
    word = post(client, applicant.headers, text="绿源")
    missing = client.get(f"{MARKS}/{word.json()['number']}/image", headers=officer.headers)
    assert missing.status_code == 404


def test_a_repeated_submission_answers_200_with_the_first_mark(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    first = post(client, applicant.headers, encode(sun_logo()), kind="combined")
    again = post(client, applicant.headers, encode(sun_logo()), kind="combined")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert marks_in(client_db) == 1


def test_concurrent_duplicate_submissions_enter_one_mark(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    responses = run_together(4, lambda _i: post(client, applicant.headers, text="双击"))
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
    assert len({r.json()["number"] for r in responses}) == 1
    assert marks_in(client_db) == 1
    with client_db.session(write=False) as session:
        assert audit.verify(session).ok


def test_well_known_by_an_examiner_and_a_stale_second_update(
    client: TestClient, api_factory: Factory
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    examiner = api_factory.account(Role.EXAMINER)
    number = post(client, applicant.headers).json()["number"]
    request = {
        "basis": "商标驰字[2025]第12号",
        "recognized_on": "2025-06-30",
        "expected_version": 1,
    }
    url = f"{MARKS}/{number}/well-known"
    assert client.post(url, json=request, headers=applicant.headers).status_code == 403
    done = client.post(url, json=request, headers=examiner.headers)
    assert done.status_code == 200 and done.json()["well_known"] and done.json()["version"] == 2
    stale = client.post(url, json=request, headers=examiner.headers)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"


def test_goods_lookup_with_and_without_the_table(
    client: TestClient, api_factory: Factory, client_db: Database, tmp_path: Path
) -> None:
    agent = api_factory.account(Role.AGENT)
    empty = client.get("/api/v1/trademarks/goods", params={"q": "手机"}, headers=agent.headers)
    assert empty.status_code == 200
    assert empty.json()["items"] == [] and "No similar-goods table" in empty.json()["notice_en"]
    with client_db.session(write=True) as session:
        load_goods_table(
            session,
            actor=audit.SYSTEM,
            path=write(tmp_path, SMALL_TABLE),
            effective_from=date(2020, 1, 1),
        )
    found = client.get("/api/v1/trademarks/goods", params={"q": "手机"}, headers=agent.headers)
    body = found.json()
    assert body["edition"] == "NCL13-2026" and body["notice_en"] is None
    assert body["items"][0] == {
        "code": "090734",
        "name": "手機，移動電話",
        "group_code": "0907",
        "group_name": "通讯导航设备",
        "class_number": 9,
    }
    blank = client.get("/api/v1/trademarks/goods", params={"q": " "}, headers=agent.headers)
    assert blank.status_code == 422
    # Goods filed with the table carry its edition; unknown codes are named.
    applicant = api_factory.account(Role.APPLICANT)
    mark = post(client, applicant.headers, goods=[{"code": "090719"}, {"code": "0901"}])
    assert {g["edition"] for g in mark.json()["goods"]} == {"NCL13-2026"}
    bad = post(client, applicant.headers, goods=[{"code": "099999"}, {"code": "0950"}])
    assert bad.status_code == 422
    assert "099999, 0950" in bad.json()["error"]["message"]


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "a word mark needs its text"),
        ({"text": "😀😀😀"}, "symbol or emoji"),
        ({"goods": []}, "data.goods"),
        ({"goods": [{"code": "47"}]}, "47"),
        ({"kind": "sound"}, "data.kind"),
        ({"unexpected": 1}, "data.unexpected"),
        ({"kind": "figurative", "text": ""}, "needs its image"),
    ],
)
def test_bad_marks_are_refused(
    client: TestClient,
    api_factory: Factory,
    client_db: Database,
    data: dict[str, Any],
    message: str,
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    response = post(client, applicant.headers, **data)
    assert response.status_code == 422, response.text
    assert message in response.json()["error"]["message"]
    assert marks_in(client_db) == 0


def test_malformed_data_and_files(
    client: TestClient, api_factory: Factory, client_db: Database, tmp_path: Path
) -> None:
    headers = api_factory.account(Role.APPLICANT).headers
    not_json = client.post(MARKS, data={"data": "{kind: word"}, headers=headers)
    assert not_json.status_code == 422 and "data" in not_json.json()["error"]["message"]
    no_data = client.post(MARKS, data={}, headers=headers)
    assert no_data.status_code == 422
    gif = post(client, headers, encode(sun_logo(), "GIF"), "logo.png", kind="combined")
    assert gif.status_code == 422 and "it is GIF" in gif.json()["error"]["message"]
    png = encode(sun_logo())
    truncated = post(client, headers, png[: len(png) // 3], kind="combined")
    assert truncated.status_code == 422
    assert "corrupt or truncated" in truncated.json()["error"]["message"]
    jpeg_named_gif = post(client, headers, encode(sun_logo(), "JPEG"), "logo.gif", kind="combined")
    assert jpeg_named_gif.status_code == 201  # the content decides, not the name
    assert marks_in(client_db) == 1
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".part", ".png")]


@pytest.fixture
def small_limits(tmp_path: Path, db_url: str) -> Iterator[TestClient]:
    settings = Settings(
        home=tmp_path / "small",
        database_url=db_url,
        trademark_image_max_bytes=20_000,
        trademark_image_max_pixels=250_000,
    )
    app = create_app(settings, migrate=False)
    with TestClient(app, base_url="https://testserver") as test_client:
        yield test_client
    app.state.db.dispose()


def test_huge_images_are_refused(small_limits: TestClient, tmp_path: Path) -> None:
    database: Database = small_limits.app.state.db  # type: ignore[attr-defined]
    headers = Factory(database).account(Role.APPLICANT).headers
    heavy = encode(sun_logo().resize((1200, 1200)), "JPEG")
    too_big = post(small_limits, headers, heavy, kind="combined")
    assert too_big.status_code == 422
    assert "at most 20000 are accepted" in too_big.json()["error"]["message"]
    wide = encode(sun_logo().resize((600, 600)).convert("1"))
    assert len(wide) < 20_000
    too_wide = post(small_limits, headers, wide, kind="combined")
    assert too_wide.status_code == 422 and "600x600" in too_wide.json()["error"]["message"]
    over_body = post(small_limits, headers, b"\x89PNG\r\n\x1a\n" + b"\x00" * 1_100_000)
    assert over_body.status_code == 413
    assert marks_in(database) == 0
    assert not (tmp_path / "small" / "trademarks").exists()


def test_unauthorised_callers(client: TestClient, api_factory: Factory) -> None:
    anonymous = client.post(MARKS, data=form({}))
    assert anonymous.status_code == 401
    officer = api_factory.account(Role.ENFORCEMENT_OFFICER)
    assert post(client, officer.headers).status_code == 403
    assert client.get(MARKS).status_code == 401
    assert client.get("/api/v1/trademarks/goods", params={"q": "手机"}).status_code == 401


# --- pages ---------------------------------------------------------------------------------------


def test_register_pages_say_when_there_is_no_table(
    client: TestClient, api_factory: Factory, client_db: Database, tmp_path: Path
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    number = post(client, applicant.headers, encode(sun_logo()), kind="combined").json()["number"]
    listing = client.get("/trademarks/marks", headers=applicant.headers)
    assert listing.status_code == 200
    assert 'data-testid="tmr-no-table"' in listing.text and "华瑞" in listing.text
    page = client.get(f"/trademarks/marks/{number}", headers=applicant.headers)
    assert page.status_code == 200
    assert f"/api/v1/trademarks/marks/{number}/image" in page.text
    assert "未按区分表核对" in page.text
    lookup = client.get("/trademarks/goods-lookup", params={"q": "手机"}, headers=applicant.headers)
    assert 'data-testid="tmr-no-table"' in lookup.text
    with client_db.session(write=True) as session:
        load_goods_table(
            session,
            actor=audit.SYSTEM,
            path=write(tmp_path, SMALL_TABLE),
            effective_from=date(2020, 1, 1),
        )
    listing = client.get("/trademarks/marks", headers=applicant.headers)
    assert 'data-testid="tmr-no-table"' not in listing.text and "NCL13-2026" in listing.text
    lookup = client.get("/trademarks/goods-lookup", params={"q": "手机"}, headers=applicant.headers)
    assert lookup.text.count('data-testid="tmr-lookup-item"') == 4 and "通讯导航设备" in lookup.text
    filtered = client.get(
        "/trademarks/marks", params={"q": "没有", "status": "filed"}, headers=applicant.headers
    )
    assert 'data-testid="tmr-row"' not in filtered.text
    bad = client.get("/trademarks/marks", params={"status": "bogus"}, headers=applicant.headers)
    assert bad.status_code == 422
    anonymous = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    assert anonymous.get("/trademarks/marks").status_code == 303
