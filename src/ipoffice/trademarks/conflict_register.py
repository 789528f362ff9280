"""The conflict index of the platform's register, saved under IPOFFICE_HOME and kept in step.

The index is derived data; the register is the record. Keeping them in step:

- **Base**: `<home>/indexes/trademark-conflicts/`, written whole by `rebuild` (the command
  `ipoffice trademarks index rebuild`, or the first search when none is saved). It remembers
  the audit sequence number it was read at and its last mark.
- **In step on every search**: marks named by audit records written since (entered, recognised
  as well known, any later change made by an action) and marks with a higher id are read by
  primary key. A mark the base holds gets its status and well-known flag updated in memory; a
  new mark goes to a small in-memory delta index searched beside the base. Both reads use
  primary keys only, so the check costs the same at a million marks. The audit chain is
  serialised, so no committed change is skipped.
- **Rebuild when**: the delta grows large (searches stay correct, only slower), the analysis
  changed (a base written for other `MarkText` fields is not loaded), or marks were changed in
  the database outside the actions. A base that does not belong to the database (its last mark
  is missing or numbered otherwise, or the audit chain is shorter) is rebuilt on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ipoffice.core.models import AuditRecord
from ipoffice.trademarks.conflict_index import (
    STATUS_CODE,
    ConflictIndex,
    IndexRecord,
    PreparedText,
    prepare_text,
)
from ipoffice.trademarks.images import ImageFeatures
from ipoffice.trademarks.models import Mark, MarkGoods, MarkImage

INDEX_DIR = Path("indexes") / "trademark-conflicts"
READ_BATCH = 2000


def _records_of(session: Session, marks: list[Any]) -> list[IndexRecord]:
    ids = [m.id for m in marks]
    groups: dict[int, set[str]] = {i: set() for i in ids}
    classes: dict[int, set[int]] = {i: set() for i in ids}
    coarse: dict[int, set[int]] = {i: set() for i in ids}
    for mark_id, class_number, group in session.execute(
        select(MarkGoods.mark_id, MarkGoods.class_number, MarkGoods.group_code).where(
            MarkGoods.mark_id.in_(ids)
        )
    ):
        classes[mark_id].add(class_number)
        if group:
            groups[mark_id].add(group)
        else:
            coarse[mark_id].add(class_number)
    hashes: dict[int, str] = {}
    for mark_id, phash in session.execute(
        select(MarkImage.mark_id, MarkImage.phash).where(MarkImage.mark_id.in_(ids))
    ):
        hashes[mark_id] = phash
    return [
        IndexRecord(
            id=m.id,
            number=m.number,
            text=m.text,
            filing_date=m.filing_date,
            priority_date=m.priority_date,
            classes=frozenset(classes[m.id]),
            groups=frozenset(groups[m.id]),
            coarse_classes=frozenset(coarse[m.id]),
            status=m.status,
            well_known=m.well_known,
            applicant_id=m.applicant_id,
            phash=hashes.get(m.id),
        )
        for m in marks
    ]


_COLUMNS = (
    Mark.id, Mark.number, Mark.text, Mark.filing_date, Mark.priority_date, Mark.status,
    Mark.well_known, Mark.applicant_id,
)  # fmt: skip


def read_records(session: Session, *, batch: int = READ_BATCH) -> Iterator[IndexRecord]:
    """Every mark of the register in id order, as the index keeps it (read in batches)."""
    last = 0
    while True:
        marks = session.execute(
            select(*_COLUMNS).where(Mark.id > last).order_by(Mark.id).limit(batch)
        ).all()
        if not marks:
            return
        yield from _records_of(session, list(marks))
        last = marks[-1].id


def records_changed(
    session: Session, *, numbers: Iterable[str], after_id: int
) -> list[IndexRecord]:
    """The marks with these numbers or an id above `after_id`, in id order."""
    wanted = sorted(set(numbers))
    found: list[IndexRecord] = []
    for start in range(0, max(len(wanted), 1), READ_BATCH):
        chunk = wanted[start : start + READ_BATCH]
        condition = or_(Mark.id > after_id, Mark.number.in_(chunk)) if chunk else Mark.id > after_id
        marks = session.execute(select(*_COLUMNS).where(condition).order_by(Mark.id)).all()
        found.extend(_records_of(session, list(marks)))
    unique = {r.id: r for r in found}
    return [unique[i] for i in sorted(unique)]


def image_lookup(session: Session) -> Any:
    """Stored image features by mark id, for `search_conflicts(image_lookup=...)`."""

    def lookup(ids: Iterable[int]) -> dict[int, ImageFeatures]:
        rows = session.scalars(select(MarkImage).where(MarkImage.mark_id.in_(list(ids))))
        return {
            r.mark_id: ImageFeatures.from_stored(r.phash, r.dhash, r.whash, r.keypoints)
            for r in rows
        }

    return lookup


def _audit_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(AuditRecord.seq))) or 0)


class RegisterIndex:
    """The saved base and the in-memory delta of one data home (see the module docstring)."""

    def __init__(self, home: Path) -> None:
        self.directory = home / INDEX_DIR
        self.base: ConflictIndex | None = None
        self.delta: ConflictIndex | None = None
        self._pending: dict[int, tuple[IndexRecord, PreparedText | None]] = {}
        self.seen_seq = 0
        self.max_id = 0
        self._lock = threading.Lock()

    def rebuild(self, session: Session, *, workers: int = 1) -> ConflictIndex:
        """Read the whole register, write the base, forget the delta."""
        seq = _audit_seq(session)  # first: a change after this is caught by the next refresh
        records = list(read_records(session))
        last = records[-1] if records else None
        meta = {"audit_seq": seq, "last_id": last.id if last else 0,
                "last_number": last.number if last else ""}  # fmt: skip
        index = ConflictIndex.build(records, workers=workers, meta=meta)
        index.save(self.directory)
        with self._lock:
            self._adopt(index)
        return index

    def _adopt(self, index: ConflictIndex) -> None:
        self.base, self.delta, self._pending = index, None, {}
        self.seen_seq = int(index.meta.get("audit_seq", 0))
        self.max_id = int(index.meta.get("last_id", 0))

    def _belongs(self, session: Session, index: ConflictIndex) -> bool:
        if int(index.meta.get("audit_seq", 0)) > _audit_seq(session):
            return False
        last_id = int(index.meta.get("last_id", 0))
        if last_id == 0:
            return True
        number = session.scalar(select(Mark.number).where(Mark.id == last_id))
        return number == index.meta.get("last_number")

    def indexes(self, session: Session) -> list[ConflictIndex]:
        """The base (loaded, or built when missing or foreign) and the delta, in step."""
        if self.base is None:
            saved = ConflictIndex.load(self.directory)
            if saved is not None and self._belongs(session, saved):
                with self._lock:
                    if self.base is None:
                        self._adopt(saved)
            else:
                self.rebuild(session)
        self.refresh(session)
        assert self.base is not None
        return [self.base] if self.delta is None else [self.base, self.delta]

    def refresh(self, session: Session) -> int:
        """Take in what changed since the last look; returns the number of marks read."""
        seq = _audit_seq(session)
        newest = int(session.scalar(select(func.max(Mark.id))) or 0)
        with self._lock:
            if seq <= self.seen_seq and newest <= self.max_id:
                return 0
            numbers = session.scalars(
                select(AuditRecord.entity_id).where(
                    AuditRecord.seq > self.seen_seq, AuditRecord.entity == "trademark_mark"
                )
            ).all()
            changed = records_changed(session, numbers=numbers, after_id=self.max_id)
            self._apply(changed)
            self.seen_seq = max(self.seen_seq, seq)
            return len(changed)

    def _apply(self, records: list[IndexRecord]) -> None:
        assert self.base is not None
        touched = False
        for record in records:
            row = self.base.row_of(record.id)
            if row is not None:
                self.base.status[row] = STATUS_CODE[record.status]
                self.base.well_known[row] = record.well_known
                continue
            touched = True
            self._pending[record.id] = (record, prepare_text(record.text))
            self.max_id = max(self.max_id, record.id)
        if touched:
            ordered = [self._pending[i] for i in sorted(self._pending)]
            self.delta = ConflictIndex.build(
                [r for r, _p in ordered], prepared=[p for _r, p in ordered]
            )

    @property
    def pending(self) -> int:
        """Marks searched from the in-memory delta (a rebuild takes them into the base)."""
        return len(self._pending)


_HOMES: dict[tuple[Path, str], RegisterIndex] = {}
_HOMES_LOCK = threading.Lock()


def register_index(home: Path, database_url: str) -> RegisterIndex:
    """The process's `RegisterIndex` of a data home and database (made on first use)."""
    key = (home.resolve(), database_url)
    with _HOMES_LOCK:
        found = _HOMES.get(key)
        if found is None:
            found = _HOMES[key] = RegisterIndex(home)
        return found


def forget_indexes() -> None:
    """Drop the indexes held in memory (tests; after a restore of the database)."""
    with _HOMES_LOCK:
        _HOMES.clear()
