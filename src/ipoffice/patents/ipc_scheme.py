"""The IPC scheme (WIPO's code/title list), loaded by path into the store.

The file is tab-separated `code<TAB>title`, codes from sections (`A`) to subgroups in WIPO's
padded form (`A01B0001020000`). Each subclass gets a profile (its title and its main groups'
titles) that the classifier compares application text with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import normalize_ipc
from ipoffice.patents.models import IpcEntry

_REFERENCE = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class SchemeLine:
    code: str
    title: str
    level: str
    subclass: str | None


def _level(raw: str) -> str | None:
    if re.fullmatch(r"[A-H]", raw):
        return "section"
    if re.fullmatch(r"[A-H]\d{2}", raw):
        return "class"
    if re.fullmatch(r"[A-H]\d{2}[A-Z]", raw):
        return "subclass"
    if re.fullmatch(r"[A-H]\d{2}[A-Z]\d{10}", raw):
        return "main_group" if raw.endswith("000000") else "subgroup"
    return None


def read_scheme(path: Path) -> Iterator[SchemeLine]:
    """Every line of the scheme file; a malformed line is an error naming its line number."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", field="path")
    pending: SchemeLine | None = None
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if line[:1].isspace() and pending is not None:
                # A title wrapped onto the next line (WIPO's file has a few).
                title = f"{pending.title} {line.strip()}"
                pending = SchemeLine(pending.code, title, pending.level, pending.subclass)
                continue
            raw, sep, title = line.partition("\t")
            level = _level(raw.strip())
            if not sep or level is None or not title.strip():
                raise InvalidInput(
                    f"{path}, line {number}: expected 'CODE<TAB>TITLE' with an IPC code, "
                    f"got {line[:60]!r}",
                    field="path",
                )
            if pending is not None:
                yield pending
            code = raw.strip() if level in ("section", "class") else normalize_ipc(raw) or raw
            subclass = code[:4] if level not in ("section", "class") else None
            pending = SchemeLine(code, title.strip(), level, subclass)
    if pending is not None:
        yield pending


def load_scheme(session: Session, path: Path) -> int:
    """Replace the stored scheme with the file's content (all or nothing). A code listed twice
    (a guide heading above its group) keeps both titles."""
    merged: dict[str, SchemeLine] = {}
    for line in read_scheme(path):
        first = merged.get(line.code)
        if first is not None:
            line = SchemeLine(line.code, f"{first.title}; {line.title}", line.level, line.subclass)
        merged[line.code] = line
    session.execute(delete(IpcEntry))
    session.add_all(
        IpcEntry(code=x.code, title=x.title, level=x.level, subclass=x.subclass)
        for x in merged.values()
    )
    session.flush()
    return len(merged)


def clean_title(title: str) -> str:
    """A title without its cross-references in parentheses."""
    previous = None
    while previous != title:
        previous, title = title, _REFERENCE.sub("", title)
    return " ".join(title.replace(";", ",").split())


def subclass_profiles(session: Session) -> dict[str, str]:
    """Subclass -> its title plus the titles of its main groups."""
    profiles: dict[str, list[str]] = {}
    rows = session.execute(
        select(IpcEntry.code, IpcEntry.title, IpcEntry.level, IpcEntry.subclass)
        .where(IpcEntry.level.in_(["subclass", "main_group"]))
        .order_by(IpcEntry.code)
    )
    for code, title, level, subclass in rows:
        key = code if level == "subclass" else subclass
        if key:
            profiles.setdefault(key, []).append(clean_title(title))
    return {code: ". ".join(parts) for code, parts in profiles.items()}


def subclass_titles(session: Session, codes: list[str]) -> dict[str, str]:
    rows = session.execute(select(IpcEntry.code, IpcEntry.title).where(IpcEntry.code.in_(codes)))
    return {code: clean_title(title) for code, title in rows}
