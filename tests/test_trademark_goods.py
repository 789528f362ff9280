"""The similar-goods table: codes, checked loading of editions, lookup and the goods relation."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from ipoffice.cli import app as cli
from ipoffice.core import audit
from ipoffice.core.errors import Conflict, InvalidInput, NotFound
from ipoffice.db.engine import Database
from ipoffice.settings import get_settings
from ipoffice.trademarks.goods import load_goods_table, parse_goods_code, read_table
from ipoffice.trademarks.goods_table import (
    GoodsTable,
    clear_cache,
    goods_groups_for_items,
    goods_relation,
    lookup_items,
    table_for,
)
from ipoffice.trademarks.models import GoodsEdition, GoodsEntry
from tests.shared_data import shared


def row(code: str, name: str, kind: str, parent: str | None, version: str = "2025") -> str:
    return json.dumps(
        {"code": code, "name": name, "type": kind, "parentCode": parent, "version": version},
        ensure_ascii=False,
    )


SMALL_TABLE = [
    row("09", "科学仪器", "class", None),
    row("0901", "电子计算机及其外部设备", "group", "09"),
    row("0907", "通讯导航设备", "group", "09"),
    row("0909", "测量仪器", "group", "09"),
    row("090001", "计算机程序（可下载软件）", "item", "0901"),
    row("090719", "智能手机", "item", "0907"),
    row("090734", "手機，移動電話", "item", "0907"),
    row("C090146", "手机用自拍杆", "item", "0907"),
    row("090855", "智能手机用闪光灯", "item", "0909"),
    row("25", "服装", "class", None),
    row("2501", "衣物", "group", "25"),
    row("250001", "服装", "item", "2501"),
]


def write(tmp_path: Path, lines: list[str] | bytes, name: str = "ncl13-2026.jsonl") -> Path:
    path = tmp_path / name
    if isinstance(lines, bytes):
        path.write_bytes(lines)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    clear_cache()


def load(db: Database, path: Path, **options: object) -> object:
    with db.session(write=True) as session:
        return load_goods_table(session, actor=audit.SYSTEM, path=path, **options)  # type: ignore[arg-type]


def table(db: Database, on: date | None = date(2026, 6, 1)) -> GoodsTable:
    with db.session(write=False) as session:
        found = table_for(session, on=on)
    assert found is not None
    return found


# --- codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "level", "code", "cls"),
    [
        ("9", "class", "09", 9),
        (9, "class", "09", 9),
        ("45", "class", "45", 45),
        ("0907", "group", "0907", 9),
        ("０９０７", "group", "0907", 9),
        (" 090719 ", "item", "090719", 9),
        ("c090146", "item", "C090146", 9),
    ],
)
def test_codes_of_every_level_are_read(raw: object, level: str, code: str, cls: int) -> None:
    parsed = parse_goods_code(raw)
    assert (parsed.level, parsed.code, parsed.class_number) == (level, code, cls)


@pytest.mark.parametrize("raw", ["0", "46", "4607", "990001", "09071", "X090001", "", True, 3.5])
def test_malformed_codes_are_named(raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_goods_code(raw)
    assert caught.value.field == "goods"


# --- reading and loading -----------------------------------------------------------------------


def test_bad_lines_are_reported_by_number_and_the_good_ones_kept(tmp_path: Path) -> None:
    lines = [
        *SMALL_TABLE,
        "{not json",
        row("0999", "没有类别的组", "group", "08"),  # parent class absent
        row("091234", "组别不存在", "item", "0950"),  # parent group absent
        row("250002", "跨类父项", "item", "0901"),  # parent of another class
        row("0908", "形状不符", "item", "0907"),  # an item with a group-shaped code
        row("090719", "重复", "item", "0907"),  # listed twice
        row("46", "第46类", "class", None),
        json.dumps([1, 2]),
        row("090999", "", "item", "0907"),
    ]
    raw = ("\n".join(lines) + "\n").encode() + b'{"code":"\xff\xfe"}\n'
    result = read_table(write(tmp_path, raw))
    problems = dict(result.problems)
    first_bad = len(SMALL_TABLE) + 1
    assert sorted(problems) == list(range(first_bad, first_bad + 10))
    assert "not a JSON object" in problems[first_bad]
    assert "parent '08' not in table" in problems[first_bad + 1]
    assert "is not a group of class 25" in problems[first_bad + 3]
    assert "does not have the shape of an item code" in problems[first_bad + 4]
    assert f"first on line {6}" in problems[first_bad + 5]
    assert "class 46 does not exist" in problems[first_bad + 6]
    assert "not UTF-8" in problems[first_bad + 9]
    assert [r.code for r in result.rows][:3] == ["09", "0901", "0907"]
    assert len(result.rows) == len(SMALL_TABLE)


def test_a_row_whose_parent_was_dropped_is_dropped_too(tmp_path: Path) -> None:
    lines = [
        row("09", "科学仪器", "class", None),
        row("0907", "通讯", "group", "9"),
        row("090719", "智能手机", "item", "0907"),
        row("0901", "计算机", "group", "09"),
        row("090001", "程序", "item", "0901"),
    ]
    result = read_table(write(tmp_path, lines))
    assert [r.code for r in result.rows] == ["09", "0901", "090001"]
    assert [line for line, _ in result.problems] == [2, 3]


def test_load_is_idempotent_and_editions_live_side_by_side(db: Database, tmp_path: Path) -> None:
    first = load(db, write(tmp_path, SMALL_TABLE))
    assert (first.classes, first.groups, first.items) == (2, 4, 6)  # type: ignore[attr-defined]
    assert first.effective_from == date(2026, 1, 1)  # type: ignore[attr-defined]
    again = load(db, write(tmp_path, SMALL_TABLE))
    assert again.already_loaded  # type: ignore[attr-defined]
    newer = [*SMALL_TABLE, row("090999", "折叠屏手机", "item", "0907", "2027")]
    load(db, write(tmp_path, newer, "ncl13-2027.jsonl"))
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(GoodsEdition)) == 2
        assert session.scalar(select(func.count()).select_from(GoodsEntry)) == 2 * 12 + 1
        assert audit.verify(session).ok
    assert table(db, date(2026, 6, 1)).edition == "NCL13-2026"
    assert "090999" not in table(db, date(2026, 6, 1)).items
    assert table(db, date(2027, 3, 1)).edition == "NCL13-2027"
    with db.session(write=False) as session:
        assert table_for(session, on=date(2025, 12, 31)) is None
        assert table_for(session, edition="NCL13-2026").edition == "NCL13-2026"  # type: ignore[union-attr]
        with pytest.raises(NotFound):
            table_for(session, edition="NCL12-2024")


def test_an_edition_label_is_never_reused_for_other_content(db: Database, tmp_path: Path) -> None:
    load(db, write(tmp_path, SMALL_TABLE))
    changed = [*SMALL_TABLE[:-1], row("250001", "衬衫", "item", "2501")]
    with pytest.raises(Conflict, match="already loaded from different content"):
        load(db, write(tmp_path, changed))
    with pytest.raises(Conflict, match="already loaded as edition NCL13-2026"):
        load(db, write(tmp_path, SMALL_TABLE, "copy.jsonl"), edition="OTHER-2026")


def test_an_unusable_file_loads_nothing(db: Database, tmp_path: Path) -> None:
    mostly_bad = [*SMALL_TABLE[:3], *["{broken"] * 10]
    with pytest.raises(InvalidInput, match="does not look like the similar-goods table"):
        load(db, write(tmp_path, [*mostly_bad, row("090001", "程序", "item", "0901")]))
    with pytest.raises(InvalidInput, match="no usable class and item rows"):
        load(db, write(tmp_path, ["{broken"]))
    with pytest.raises(InvalidInput, match="no such file"):
        load(db, tmp_path / "absent.jsonl")
    with pytest.raises(InvalidInput, match="names no year"):
        load(db, write(tmp_path, SMALL_TABLE, "table.jsonl"))
    with pytest.raises(InvalidInput, match="edition"):
        load(db, write(tmp_path, SMALL_TABLE), edition="bad label!")
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(GoodsEntry)) == 0
        assert session.scalar(select(func.count()).select_from(GoodsEdition)) == 0


# --- lookup and relation ------------------------------------------------------------------------


@pytest.fixture
def small(db: Database, tmp_path: Path) -> GoodsTable:
    load(db, write(tmp_path, SMALL_TABLE))
    return table(db)


def test_lookup_by_name_code_and_traditional_characters(small: GoodsTable) -> None:
    assert [i.code for i in lookup_items("智能手机", table=small)] == [
        "090719",
        "090855",
    ]
    # The table's traditional spelling and the query's simplified one meet in normal form.
    names = [i.code for i in lookup_items("手机", table=small)]
    assert names[0] == "090734"  # an exact name part ranks first
    assert set(names) == {"090719", "090734", "C090146", "090855"}
    assert [i.code for i in lookup_items("移動電話", table=small)] == ["090734"]
    assert [i.code for i in lookup_items("手机 闪光", table=small)] == ["090855"]
    assert [i.code for i in lookup_items("0907", table=small)] == ["090719", "090734"]
    assert [i.code for i in lookup_items("c0901", table=small)] == ["C090146"]
    assert lookup_items("手机", table=small, class_number=25) == []
    with pytest.raises(InvalidInput):
        lookup_items("   ", table=small)


def test_goods_relation_levels(small: GoodsTable) -> None:
    same = goods_relation(["090719"], ["250001", "090719"], table=small)
    assert (same.name, same.score, same.evidence["relation"]) == ("goods", 1.0, "identical")
    assert same.evidence["identical"][0]["a_name"] == "智能手机"

    similar = goods_relation(["090719"], ["C090146"], table=small)
    assert similar.evidence["relation"] == "same_group" and similar.score == 0.8
    pair = similar.evidence["same_group"][0]
    assert (pair["group"], pair["group_name"], pair["b_name"]) == (
        "0907",
        "通讯导航设备",
        "手机用自拍杆",
    )
    assert "第三十条" in similar.explanation_zh and "Art. 30" in similar.explanation_en

    group_level = goods_relation(["0907"], ["090734"], table=small)
    assert group_level.evidence["relation"] == "same_group"

    other_group = goods_relation(["090719"], ["090855"], table=small)
    assert other_group.evidence["relation"] == "same_class" and other_group.score == 0.2
    assert "not similar by the table" in other_group.explanation_en

    class_level = goods_relation(["9"], ["090855"], table=small)
    assert class_level.evidence["relation"] == "class_only"

    apart = goods_relation(["090719"], ["250001"], table=small)
    assert (apart.score, apart.evidence["relation"]) == (0.0, "different_class")
    assert apart.evidence["classes_a"] == [9] and apart.evidence["classes_b"] == [25]


def test_unknown_codes_are_named_in_one_error(small: GoodsTable) -> None:
    with pytest.raises(InvalidInput) as caught:
        goods_relation(["090719", "099999", "0950"], ["nonsense"], table=small)
    assert "099999" in caught.value.message and "0950" in caught.value.message
    assert "NCL13-2026" in caught.value.message
    with pytest.raises(InvalidInput, match="no goods codes"):
        goods_relation([], ["090719"], table=small)


def test_groups_for_items(small: GoodsTable) -> None:
    assert goods_groups_for_items(["090719", "C090146", "0901", "25"], table=small) == {
        "0907",
        "0901",
    }
    assert goods_groups_for_items(["090719", "0901"], table=None) == {"0901"}


def test_without_a_table_goods_are_compared_by_class_and_it_says_so() -> None:
    aspect = goods_relation(["090719"], ["090855"], table=None)
    assert aspect.evidence["relation"] == "class_only" and aspect.evidence["table_edition"] is None
    assert "no similar-goods table is loaded" in aspect.explanation_en
    assert "未加载" in aspect.explanation_zh
    assert goods_relation(["090719"], ["090719"], table=None).evidence["relation"] == "identical"
    assert goods_relation(["0907"], ["0907"], table=None).evidence["relation"] == "same_group"
    assert goods_relation(["9"], ["25"], table=None).score == 0.0
    with pytest.raises(InvalidInput, match="classes 1-45"):
        goods_relation(["46"], ["9"], table=None)


def test_the_table_is_read_from_the_store_once(db: Database, small: GoodsTable) -> None:
    with db.session(write=False) as session:
        assert table_for(session, on=date(2026, 7, 1)) is small
        assert table_for(session, edition="NCL13-2026") is small
    clear_cache()
    assert table(db) is not small and table(db).items == small.items


# --- the real table ---------------------------------------------------------------------------


def test_the_real_table_loads_whole(db: Database) -> None:
    path = shared("nice_cn/ncl13-2026.jsonl")
    report = load(db, path)
    assert (report.classes, report.groups, report.items) == (45, 492, 11986)  # type: ignore[attr-defined]
    assert report.problems == []  # type: ignore[attr-defined]
    real = table(db)
    phones = [i.code for i in lookup_items("手机", table=real, limit=50)]
    assert "090734" in phones[:3] and "090719" in phones
    assert all(real.items[c].name.find("手机") >= 0 for c in phones)
    relation = goods_relation(["090719"], ["090734"], table=real)
    assert relation.evidence["relation"] == "same_group"
    assert goods_relation(["090719"], ["380022"], table=real).score == 0.0


# --- the command --------------------------------------------------------------------------------


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("IPOFFICE_HOME", str(home))
    monkeypatch.delenv("IPOFFICE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def test_load_goods_command(cli_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    path = write(tmp_path, [*SMALL_TABLE, "{broken"])
    result = runner.invoke(cli, ["reference", "load-goods", str(path)])
    assert result.exit_code == 0, result.output
    assert "loaded edition NCL13-2026 (in force from 2026-01-01)" in result.output
    assert "line 13: not a JSON object" in result.output
    result = runner.invoke(cli, ["reference", "load-goods", str(path)])
    assert result.exit_code == 0 and "nothing changed" in result.output
    result = runner.invoke(
        cli, ["reference", "load-goods", str(path), "--edition", "X-1", "--effective-from", "soon"]
    )
    assert result.exit_code == 2 and "not a date" in result.output
