"""The similar-goods table (类似商品和服务区分表): codes, reading the official file, loading it.

The table has three levels: 45 Nice classes (`09`), similar groups (`0907`, the first two
digits are the class) and items (`090719`; China-specific items carry a `C`, `C090146`). Goods in
one group are similar goods (Trademark Law Art. 30); the loader keeps each edition beside the
others, because a mark keeps the edition it was filed under.

The file is JSON Lines, one object a line: `code, name, type (class/group/item), parentCode,
version` (`version` is the year the row was last revised). The compilation warns of rare OCR
errors, so every line is checked (shape of the code, its type, its parent) and a bad line is
reported with its line number and left out; everything good is loaded in the caller's single
transaction, so a failed load leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.errors import Conflict, InvalidInput
from ipoffice.trademarks.models import GoodsEdition, GoodsEntry

Level = Literal["class", "group", "item"]

CLASS_CODE = re.compile(r"\d{2}")
GROUP_CODE = re.compile(r"\d{4}")
ITEM_CODE = re.compile(r"C?\d{6}")
EDITION_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
MAX_LINE_CHARS = 4000
MAX_NAME_CHARS = 1000
# More bad lines than good ones: this is not the goods table (or not this format).
MAX_BAD_SHARE = 0.5


@dataclass(frozen=True)
class GoodsCode:
    """A goods code of any level, in canonical form, with the class it belongs to."""

    level: Level
    code: str
    class_number: int

    @property
    def group_code(self) -> str | None:
        return self.code if self.level == "group" else None


def class_of(code: str) -> int:
    """The Nice class number a well-formed class, group or item code belongs to."""
    return int(code.removeprefix("C")[:2])


def parse_goods_code(raw: object, *, field: str = "goods") -> GoodsCode:
    """A class number (`9`, `09`), group code (`0907`) or item code (`090719`, `C090146`).

    Full-width digits and a lower-case `c` are accepted; anything else is an error naming it.
    """
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise InvalidInput(f"a goods code must be text, got {raw!r}", field=field)
    text = str(raw).strip().translate(_FULL_WIDTH).upper()
    if text.isdigit() and len(text) <= 2:
        number = int(text)
        if not 1 <= number <= 45:
            raise InvalidInput(f"class {text} does not exist: classes run 1 to 45", field=field)
        return GoodsCode("class", f"{number:02d}", number)
    if GROUP_CODE.fullmatch(text):
        level: Level = "group"
    elif ITEM_CODE.fullmatch(text):
        level = "item"
    else:
        raise InvalidInput(
            f"{str(raw)[:40]!r} is not a goods code: a class is 1-45, a similar group 4 digits "
            "(0907), an item 6 digits or C and 6 digits (090719, C090146)",
            field=field,
        )
    number = class_of(text)
    if not 1 <= number <= 45:
        raise InvalidInput(f"{text}: its class {number:02d} does not exist", field=field)
    return GoodsCode(level, text, number)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｃＣ", "0123456789CC")


# --- reading the file ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    line: int
    code: str
    level: Level
    name: str
    parent: str | None
    revised: str | None

    @property
    def class_number(self) -> int:
        return class_of(self.code)


@dataclass
class TableFile:
    """The checked content of a table file: good rows and the problems, by line number."""

    rows: list[TableRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    lines: int = 0
    digest: str = ""

    def count(self, level: Level) -> int:
        return sum(1 for row in self.rows if row.level == level)


def _level_of_code(code: str) -> Level | None:
    if CLASS_CODE.fullmatch(code):
        return "class"
    if GROUP_CODE.fullmatch(code):
        return "group"
    if ITEM_CODE.fullmatch(code):
        return "item"
    return None


def _parse_line(number: int, raw: bytes) -> TableRow | str:
    """One line as a row, or what is wrong with it (parents are checked afterwards)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start})"
    if len(text) > MAX_LINE_CHARS:
        return f"line longer than {MAX_LINE_CHARS} characters"
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"not a JSON object: {exc.msg} at column {exc.colno}"
    if not isinstance(obj, dict):
        return "not a JSON object"
    code, kind, name = obj.get("code"), obj.get("type"), obj.get("name")
    parent, revised = obj.get("parentCode"), obj.get("version")
    if not isinstance(code, str) or not isinstance(kind, str) or not isinstance(name, str):
        return "code, type and name must be strings"
    if kind not in ("class", "group", "item"):
        return f"type {kind!r} is not class, group or item"
    level = _level_of_code(code)
    if level != kind:
        article = "an" if kind == "item" else "a"
        return f"code {code!r} does not have the shape of {article} {kind} code"
    if not 1 <= class_of(code) <= 45:
        return f"code {code!r}: class {code.removeprefix('C')[:2]} does not exist"
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_CHARS:
        return f"{code}: name is empty or longer than {MAX_NAME_CHARS} characters"
    if parent is not None and not isinstance(parent, str):
        return f"{code}: parentCode must be a string or null"
    if revised is not None and not isinstance(revised, str | int):
        return f"{code}: version must be a string"
    return TableRow(
        number, code, level, name, parent, str(revised)[:8] if revised is not None else None
    )


def _expected_parent(row: TableRow) -> tuple[Level, str] | None:
    if row.level == "class":
        return None
    if row.level == "group":
        return "class", row.code[:2]
    return "group", row.code.removeprefix("C")[:2]  # the group's class prefix


def _check_parents(rows: list[TableRow], problems: list[tuple[int, str]]) -> list[TableRow]:
    """Keep rows whose parent exists, has the right level and the same class; a row whose
    parent was dropped is dropped too (classes first, then groups, then items)."""
    kept: dict[str, TableRow] = {}
    for level in ("class", "group", "item"):
        for row in (r for r in rows if r.level == level):
            expected = _expected_parent(row)
            if expected is None:
                if row.parent:
                    problems.append((row.line, f"class {row.code} must not have a parent"))
                    continue
            else:
                parent_level, class_prefix = expected
                parent = kept.get(row.parent or "")
                if parent is None:
                    problems.append((row.line, f"{row.code}: parent {row.parent!r} not in table"))
                    continue
                if parent.level != parent_level or parent.code[:2] != class_prefix:
                    problems.append(
                        (
                            row.line,
                            f"{row.code}: parent {parent.code} is not a {parent_level} "
                            f"of class {class_prefix}",
                        )
                    )
                    continue
            kept[row.code] = row
    return sorted(kept.values(), key=lambda r: r.line)


def read_table(path: Path) -> TableFile:
    """Every line of a table file checked; raises only if the file itself is unusable."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", field="path")
    result = TableFile()
    digest = hashlib.sha256()
    candidates: list[TableRow] = []
    seen: dict[str, int] = {}
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            digest.update(raw)
            raw = raw.rstrip(b"\r\n")
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            result.lines += 1
            parsed = _parse_line(number, raw)
            if isinstance(parsed, str):
                result.problems.append((number, parsed))
            elif parsed.code in seen:
                result.problems.append(
                    (number, f"{parsed.code} is listed again (first on line {seen[parsed.code]})")
                )
            else:
                seen[parsed.code] = number
                candidates.append(parsed)
    result.rows = _check_parents(candidates, result.problems)
    result.problems.sort()
    result.digest = digest.hexdigest()
    return result


# --- loading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadReport:
    edition: str
    effective_from: date
    classes: int
    groups: int
    items: int
    problems: list[tuple[int, str]]
    already_loaded: bool = False


def default_edition(path: Path) -> str:
    """The edition named by the file: `ncl13-2026.jsonl` -> `NCL13-2026`."""
    return path.name.split(".")[0].upper()


def _default_effective_from(label: str) -> date:
    years = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", label)
    if not years:
        raise InvalidInput(
            f"edition {label!r} names no year: give the date it takes effect (--effective-from)",
            field="effective_from",
        )
    return date(int(years[-1]), 1, 1)


def _check_usable(table: TableFile, path: Path) -> None:
    if table.count("class") == 0 or table.count("item") == 0:
        raise InvalidInput(
            f"{path}: no usable class and item rows among {table.lines} lines "
            f"(first problem: {_first_problem(table)})",
            field="path",
        )
    if len(table.problems) > MAX_BAD_SHARE * max(table.lines, 1):
        raise InvalidInput(
            f"{path}: {len(table.problems)} of {table.lines} lines are bad; this does not look "
            f"like the similar-goods table (first problem: {_first_problem(table)})",
            field="path",
        )


def _first_problem(table: TableFile) -> str:
    if not table.problems:
        return "none"
    line, message = table.problems[0]
    return f"line {line}: {message}"


def load_goods_table(
    session: Session,
    *,
    actor: audit.Actor,
    path: Path,
    edition: str | None = None,
    effective_from: date | None = None,
) -> LoadReport:
    """Load a table file as an edition (all good rows, in the caller's transaction).

    The same content loaded again under the same edition changes nothing; an edition label is
    never reused for different content, and the same content is not loaded twice.
    """
    label = (edition or default_edition(path)).strip()
    if not EDITION_LABEL.fullmatch(label):
        raise InvalidInput(
            f"edition {label!r}: use 1-32 letters, digits, '.', '_' or '-'", field="edition"
        )
    table = read_table(path)
    existing = session.scalar(select(GoodsEdition).where(GoodsEdition.label == label))
    if existing is not None:
        if existing.digest != table.digest:
            raise Conflict(
                f"edition {label} is already loaded from different content ({existing.source}); "
                "an edition is never changed once marks may refer to it: load the file under a "
                "new --edition",
                field="edition",
            )
        return _report(existing, table, already_loaded=True)
    twin = session.scalar(select(GoodsEdition).where(GoodsEdition.digest == table.digest))
    if twin is not None:
        raise Conflict(f"this file is already loaded as edition {twin.label}", field="edition")
    _check_usable(table, path)
    row = GoodsEdition(
        label=label,
        effective_from=effective_from or _default_effective_from(label),
        source=path.name[:200],
        digest=table.digest,
        class_count=table.count("class"),
        group_count=table.count("group"),
        item_count=table.count("item"),
        problem_count=len(table.problems),
        loaded_by=actor.id,
    )
    session.add(row)
    session.flush()
    _insert_entries(session, row.id, table.rows)
    audit.record(
        session,
        actor=actor,
        action="load_goods_table",
        entity="goods_edition",
        entity_id=label,
        payload={
            "source": row.source,
            "digest": row.digest,
            "effective_from": row.effective_from,
            "classes": row.class_count,
            "groups": row.group_count,
            "items": row.item_count,
            "problem_lines": [line for line, _ in table.problems][:200],
        },
    )
    return _report(row, table)


def _insert_entries(session: Session, edition_id: int, rows: list[TableRow]) -> None:
    batch = 5000
    values = [
        {
            "edition_id": edition_id,
            "code": row.code,
            "level": row.level,
            "class_number": row.class_number,
            "group_code": row.code
            if row.level == "group"
            else row.parent
            if row.level == "item"
            else None,
            "name": row.name,
            "revised": row.revised,
        }
        for row in rows
    ]
    for start in range(0, len(values), batch):
        session.execute(insert(GoodsEntry), values[start : start + batch])
    session.flush()


def _report(row: GoodsEdition, table: TableFile, *, already_loaded: bool = False) -> LoadReport:
    return LoadReport(
        edition=row.label,
        effective_from=row.effective_from,
        classes=row.class_count,
        groups=row.group_count,
        items=row.item_count,
        problems=table.problems,
        already_loaded=already_loaded,
    )
