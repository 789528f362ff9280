"""The stable interfaces of word-mark comparison: `ipoffice trademarks compare` and
`POST /api/v1/trademarks/compare`, with their answers to bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ipoffice.cli import app as cli
from ipoffice.core.roles import Role
from ipoffice.settings import get_settings
from ipoffice.trademarks.goods_table import clear_cache
from tests.conftest import Factory
from tests.shared_data import shared

runner = CliRunner()


def test_cli_compare_json() -> None:
    result = runner.invoke(cli, ["trademarks", "compare", "康师傅", "康帅傅", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["similar"] is True and 0.5 <= data["score"] <= 1.0
    assert {"text", "pinyin", "glyph", "containment", "overall"} <= set(data["aspects"])
    glyph = data["aspects"]["glyph"]
    assert set(glyph) == {"score", "explanation_zh", "explanation_en", "evidence"}
    assert "师/帅" in glyph["explanation_zh"]


def test_cli_compare_table_in_both_languages() -> None:
    zh = runner.invoke(cli, ["trademarks", "compare", "华为", "小米"])
    assert zh.exit_code == 0, zh.output
    assert zh.output.startswith("华为 / 小米: 不近似")
    assert "拼音读音" in zh.output and "字形" in zh.output
    en = runner.invoke(cli, ["trademarks", "compare", "苹果", "Apple", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "苹果 / Apple: similar" in en.output
    assert "* meaning" in en.output  # the decisive aspect is starred


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "华为"], "no Chinese character, letter or digit"),
        (["🍎🍏", "华为"], "removed symbols: 🍎🍏"),
        (["华为", "长" * 101], "at most 100"),
        (["华为", "小米", "--goods-a", "0901"], "both marks"),
        (["华为", "小米", "--goods-b", "0901"], "error (goods_a)"),
        (["华为", "小米", "--lang", "fr"], "lang must be zh or en"),
    ],
)
def test_cli_bad_input_is_a_clear_error_with_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["trademarks", "compare", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("IPOFFICE_HOME", str(home))
    monkeypatch.delenv("IPOFFICE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    clear_cache()
    yield home
    get_settings.cache_clear()
    clear_cache()


def test_cli_goods_without_a_table_compare_by_class(cli_home: Path) -> None:
    result = runner.invoke(
        cli, ["trademarks", "compare", "华为", "华为", "--goods-a", "0901,0907",
              "--goods-b", "0907", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    goods = data["aspects"]["goods"]
    assert goods["evidence"]["relation"] == "same_group"
    assert "no similar-goods table is loaded" in goods["explanation_en"]
    assert data["similar"] is True and "goods" not in data["decisive"]


def test_cli_unknown_goods_codes_are_an_error_naming_the_side(cli_home: Path) -> None:
    result = runner.invoke(
        cli, ["trademarks", "compare", "华为", "小米", "--goods-a", "09", "--goods-b", "99"]
    )
    assert result.exit_code == 2, result.output
    assert "error (goods_b)" in result.output and "99" in result.output


def test_cli_goods_with_the_real_table(cli_home: Path) -> None:
    table = shared("nice_cn/ncl13-2026.jsonl")
    loaded = runner.invoke(cli, ["reference", "load-goods", str(table), "--show", "0"])
    assert loaded.exit_code == 0, loaded.output
    same_group = runner.invoke(
        cli, ["trademarks", "compare", "华为", "華為", "--goods-a", "090146",
              "--goods-b", "090045", "--json"],
    )  # fmt: skip
    assert same_group.exit_code == 0, same_group.output
    goods = json.loads(same_group.output)["aspects"]["goods"]
    assert goods["evidence"]["relation"] == "same_group"
    assert goods["evidence"]["table_edition"]
    unknown = runner.invoke(
        cli, ["trademarks", "compare", "华为", "小米", "--goods-a", "099999", "--goods-b", "0907"]
    )
    assert unknown.exit_code == 2 and "error (goods_a)" in unknown.output


def test_api_compare_for_staff_and_filers(client: TestClient, api_factory: Factory) -> None:
    for role in (Role.EXAMINER, Role.ENFORCEMENT_OFFICER, Role.AGENT, Role.APPLICANT):
        account = api_factory.account(role)
        response = client.post(
            "/api/v1/trademarks/compare",
            json={"mark_a": "稻香村", "mark_b": "道香村"},
            headers=account.headers,
        )
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["similar"] is True and "pinyin" in data["decisive"]
        assert data["aspects"]["pinyin"]["evidence"]["same_with_tones"] is True


def test_api_compare_with_goods(client: TestClient, api_factory: Factory) -> None:
    account = api_factory.account(Role.APPLICANT)
    body = {"mark_a": "雪碧", "mark_b": "雷碧", "goods_a": ["3202"], "goods_b": ["3202", "30"]}
    response = client.post("/api/v1/trademarks/compare", json=body, headers=account.headers)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["aspects"]["goods"]["evidence"]["relation"] == "same_group"
    assert "商品/服务" in data["explanation_zh"]


def test_api_compare_refuses_anonymous_callers(client: TestClient) -> None:
    response = client.post("/api/v1/trademarks/compare", json={"mark_a": "a", "mark_b": "b"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mark_a": "🍎", "mark_b": "华为"}, "mark_a"),
        ({"mark_a": "华为", "mark_b": "长" * 101}, "mark_b"),
        ({"mark_a": "华为", "mark_b": "小米", "goods_b": ["0901"]}, "goods_a"),
        ({"mark_a": "华为", "mark_b": "小米", "goods_a": ["0901"], "goods_b": ["46"]}, "goods_b"),
    ],
)
def test_api_bad_marks_name_the_field(
    client: TestClient, api_factory: Factory, body: dict[str, object], field: str
) -> None:
    account = api_factory.account(Role.EXAMINER)
    response = client.post("/api/v1/trademarks/compare", json=body, headers=account.headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["field"] == field


@pytest.mark.parametrize(
    "body",
    [
        {"mark_a": "华为"},
        {"mark_a": "华为", "mark_b": "小米", "colour": "red"},
        {"mark_a": "华为", "mark_b": "长" * 5000},
        {"mark_a": 12, "mark_b": "小米"},
    ],
)
def test_api_malformed_bodies_are_refused(
    client: TestClient, api_factory: Factory, body: dict[str, object]
) -> None:
    account = api_factory.account(Role.AGENT)
    response = client.post("/api/v1/trademarks/compare", json=body, headers=account.headers)
    assert response.status_code == 422, response.text
