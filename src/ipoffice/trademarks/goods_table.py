"""The similar-goods table in memory: item lookup by name and the goods relation of two marks.

An edition is read from the store once per process (on first use, never at import) and kept
by its content digest, so every request of the process shares one index. Without a loaded
table the platform still works at class level, and says so in every explanation.

The table's own notes (cross-references between groups, such as "与0907第三部分类似") are not
part of the data file and are not applied: two groups are similar only when they are the same
group.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core.clock import office_today
from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.text.normalize import normalize
from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.goods import GoodsCode, parse_goods_code
from ipoffice.trademarks.models import GoodsEdition, GoodsEntry

# Score of each relation: the strongest pair of two goods lists decides.
SCORES = {
    "identical": 1.0,
    "same_group": 0.8,
    "class_only": 0.5,  # same class, but a level finer than the class cannot be compared
    "same_class": 0.2,  # same class, different similar groups: not similar by the table
    "different_class": 0.0,
}
MAX_PAIRS_SHOWN = 20
MAX_LOOKUP = 200


@dataclass(frozen=True)
class GoodsItem:
    code: str
    name: str
    group_code: str
    class_number: int


@dataclass(frozen=True)
class GoodsTable:
    """One edition: items, group and class names, and the search keys of item names."""

    edition: str
    effective_from: date
    digest: str
    items: dict[str, GoodsItem]
    groups: dict[str, str]
    classes: dict[int, str]
    search_keys: tuple[tuple[str, str], ...]  # (normalised name, item code), in code order

    def group_name(self, code: str) -> str:
        return self.groups.get(code, "")


_CACHE: dict[str, GoodsTable] = {}
_CACHE_LOCK = threading.Lock()


def _build(session: Session, edition: GoodsEdition) -> GoodsTable:
    items: dict[str, GoodsItem] = {}
    groups: dict[str, str] = {}
    classes: dict[int, str] = {}
    rows = session.execute(
        select(
            GoodsEntry.code,
            GoodsEntry.level,
            GoodsEntry.name,
            GoodsEntry.group_code,
            GoodsEntry.class_number,
        )
        .where(GoodsEntry.edition_id == edition.id)
        .order_by(GoodsEntry.code)
    )
    for code, level, name, group, class_number in rows:
        if level == "item":
            items[code] = GoodsItem(code, name, group or "", class_number)
        elif level == "group":
            groups[code] = name
        else:
            classes[class_number] = name
    keys = tuple((normalize(item.name), item.code) for item in items.values())
    return GoodsTable(
        edition.label, edition.effective_from, edition.digest, items, groups, classes, keys
    )


def edition_for(session: Session, *, on: date | None = None) -> GoodsEdition | None:
    """The edition in force on `on` (default: today in Beijing): the latest that took effect."""
    day = on or office_today()
    return session.scalar(
        select(GoodsEdition)
        .where(GoodsEdition.effective_from <= day)
        .order_by(GoodsEdition.effective_from.desc(), GoodsEdition.id.desc())
        .limit(1)
    )


def table_for(
    session: Session, *, on: date | None = None, edition: str | None = None
) -> GoodsTable | None:
    """The named edition, or the one in force on `on`; None when no table applies."""
    if edition is not None:
        row = session.scalar(select(GoodsEdition).where(GoodsEdition.label == edition))
        if row is None:
            raise NotFound(f"no goods table edition {edition!r} is loaded", field="edition")
    else:
        row = edition_for(session, on=on)
        if row is None:
            return None
    with _CACHE_LOCK:
        cached = _CACHE.get(row.digest)
        if cached is None:
            cached = _CACHE[row.digest] = _build(session, row)
        return cached


def clear_cache() -> None:
    """Forget the tables read so far (tests; a process after a database switch)."""
    with _CACHE_LOCK:
        _CACHE.clear()


# --- lookup -----------------------------------------------------------------------------------


def lookup_items(
    text: str, *, table: GoodsTable, limit: int = 20, class_number: int | None = None
) -> list[GoodsItem]:
    """Items whose name contains every word of `text` (Chinese or traditional, any width), or
    whose code starts with it. Exact names first, then names starting with the query, then
    the shortest names."""
    query = normalize(text)
    if not query:
        raise InvalidInput("type part of an item name or code to look up", field="q")
    if len(query) > 100:
        raise InvalidInput("the lookup text is longer than 100 characters", field="q")
    limit = max(1, min(limit, MAX_LOOKUP))
    code_query = query.upper()
    if code_query.removeprefix("C").isdigit():
        found = [item for code, item in table.items.items() if code.startswith(code_query)]
        return _in_class(found, class_number)[:limit]
    words = query.split()
    ranked: list[tuple[int, int, str]] = []
    for name, code in table.search_keys:
        if all(word in name for word in words):
            parts = [p.strip() for p in name.replace(";", ",").split(",")]
            rank = 0 if query in parts else 1 if name.startswith(query) else 2
            ranked.append((rank, len(name), code))
    ranked.sort()
    return _in_class([table.items[code] for _r, _n, code in ranked], class_number)[:limit]


def _in_class(items: list[GoodsItem], class_number: int | None) -> list[GoodsItem]:
    if class_number is None:
        return items
    return [item for item in items if item.class_number == class_number]


# --- resolving and relating codes --------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A goods code placed in the table: its class and, where known, group and item."""

    code: str
    class_number: int
    group: str | None
    item: str | None
    name: str


def place(code: GoodsCode, table: GoodsTable | None) -> Placed:
    """Where a parsed code sits; with a table, unknown group and item codes are errors."""
    if code.level == "class":
        name = table.classes.get(code.class_number, "") if table else ""
        return Placed(code.code, code.class_number, None, None, name)
    if code.level == "group":
        if table is not None and code.code not in table.groups:
            raise InvalidInput(
                f"similar group {code.code} is not in the goods table {table.edition}",
                field="goods",
            )
        name = table.group_name(code.code) if table else ""
        return Placed(code.code, code.class_number, code.code, None, name)
    if table is None:
        # Without the table an item cannot be placed in its group.
        return Placed(code.code, code.class_number, None, code.code, "")
    item = table.items.get(code.code)
    if item is None:
        raise InvalidInput(
            f"item {code.code} is not in the goods table {table.edition}", field="goods"
        )
    return Placed(item.code, item.class_number, item.group_code, item.code, item.name)


def place_all(codes: Iterable[object], table: GoodsTable | None) -> list[Placed]:
    """Every code placed; all unknown or malformed codes are named in one error."""
    placed: list[Placed] = []
    bad: list[str] = []
    for raw in codes:
        try:
            placed.append(place(parse_goods_code(raw), table))
        except InvalidInput:
            bad.append(str(raw)[:20])
    if bad:
        where = f"the goods table {table.edition}" if table else "classes 1-45"
        raise InvalidInput(
            f"unknown or malformed goods codes (checked against {where}): {', '.join(bad[:20])}",
            field="goods",
        )
    if not placed:
        raise InvalidInput("no goods codes given", field="goods")
    return placed


def goods_groups_for_items(codes: Iterable[object], *, table: GoodsTable | None) -> set[str]:
    """The similar groups of items and groups (classes have none). Without a table, item codes
    cannot be placed: only group codes given directly are returned."""
    return {p.group for p in place_all(codes, table) if p.group is not None}


def _relation(a: Placed, b: Placed) -> str:
    if a.class_number != b.class_number:
        return "different_class"
    if a.item is not None and a.item == b.item:
        return "identical"
    if a.group is not None and b.group is not None:
        return "same_group" if a.group == b.group else "same_class"
    return "class_only"


def _pair(a: Placed, b: Placed, table: GoodsTable | None) -> dict[str, Any]:
    group = a.group if a.group == b.group else None
    return {
        "a": a.code,
        "a_name": a.name,
        "b": b.code,
        "b_name": b.name,
        "group": group,
        "group_name": table.group_name(group) if table and group else "",
    }


def goods_relation(
    codes_a: Iterable[object], codes_b: Iterable[object], *, table: GoodsTable | None
) -> Aspect:
    """The "goods" aspect of two marks: identical items, similar goods (same group, Art. 30),
    same class but other groups, or different classes, with the pairs behind it."""
    placed_a, placed_b = place_all(codes_a, table), place_all(codes_b, table)
    pairs: dict[str, list[dict[str, Any]]] = {k: [] for k in SCORES if k != "different_class"}
    counts = dict.fromkeys(SCORES, 0)
    for a in placed_a:
        for b in placed_b:
            kind = _relation(a, b)
            counts[kind] += 1
            if kind in pairs and len(pairs[kind]) < MAX_PAIRS_SHOWN:
                pairs[kind].append(_pair(a, b, table))
    best = max((k for k, n in counts.items() if n), key=SCORES.__getitem__)
    classes_a = {p.class_number for p in placed_a}
    classes_b = {p.class_number for p in placed_b}
    zh, en = _explain(best, counts[best], sorted(classes_a & classes_b), table)
    evidence: dict[str, Any] = {
        "relation": best,
        "table_edition": table.edition if table else None,
        "classes_a": sorted(classes_a),
        "classes_b": sorted(classes_b),
        "counts": counts,
        **pairs,
    }
    return Aspect("goods", SCORES[best], zh, en, evidence)


_TEXTS = {
    "identical": ("指定商品/服务中有相同项目（{n} 对）", "{n} identical goods/services item(s)"),
    "same_group": (
        "指定商品/服务中有 {n} 对属于同一类似群，"
        "按《类似商品和服务区分表》构成类似商品（商标法第三十条）",
        "{n} pair(s) of goods in the same similar group: similar goods by the table "
        "(Trademark Law Art. 30)",
    ),
    "class_only": (
        "同属第 {classes} 类，但无法细分到类似群比较，只能按类别判断",
        "same class {classes}, but the goods cannot be compared below class level",
    ),
    "same_class": (
        "同属第 {classes} 类但不在同一类似群，按区分表不构成类似商品"
        "（区分表注释中的交叉类似未纳入）",
        "same class {classes} but different similar groups: not similar by the table "
        "(the table's cross-references between groups are not applied)",
    ),
    "different_class": ("指定商品/服务属于不同类别", "the goods/services are in different classes"),
}
_NO_TABLE = (
    "（未加载类似商品和服务区分表，项目无法归入类似群，按类别比较）",
    " (no similar-goods table is loaded: items could not be placed in groups, so they were "
    "compared by class)",
)


def _explain(
    best: str, count: int, shared_classes: list[int], table: GoodsTable | None
) -> tuple[str, str]:
    zh, en = _TEXTS[best]
    values = {"n": count, "classes": "、".join(map(str, shared_classes))}
    zh = zh.format(**values)
    en = en.format(**{**values, "classes": ", ".join(map(str, shared_classes))})
    if table is None:
        zh, en = zh + _NO_TABLE[0], en + _NO_TABLE[1]
    return zh, en
