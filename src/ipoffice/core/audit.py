"""Append-only, hash-chained audit log.

Every action function calls `record()` inside its own transaction, so a state change and its
audit record commit or roll back together. Concurrent writers are serialised by the UPDATE on
the single `audit_head` row (a row lock on PostgreSQL, the write lock on SQLite), so the chain
never forks. `verify()` recomputes the chain and names the first record that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ipoffice.core.models import AuditHead, AuditRecord
from ipoffice.db.base import utcnow

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who did it: a user, or the system itself (demo seed, migrations, batch jobs)."""

    id: int | None
    name: str


SYSTEM = Actor(id=None, name="system")


def canonical_json(payload: dict[str, Any]) -> str:
    def default(value: object) -> str:
        if isinstance(value, date | datetime):
            return value.isoformat()
        raise TypeError(f"audit payload value of type {type(value).__name__} is not serialisable")

    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=default
    )


def record_hash(entry: AuditRecord) -> str:
    """SHA-256 over the previous hash and every field of the record, in a fixed order."""
    fields = [
        entry.prev_hash,
        str(entry.seq),
        entry.at.isoformat(),
        str(entry.actor_id),
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.payload,
    ]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str | int,
    payload: dict[str, Any],
) -> AuditRecord:
    """Append one record to the chain in the caller's transaction."""
    row = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + 1)
        .returning(AuditHead.seq, AuditHead.last_hash)
    ).one()
    seq, prev_hash = int(row[0]), str(row[1])
    entry = AuditRecord(
        seq=seq,
        at=utcnow(),
        actor_id=actor.id,
        actor=actor.name,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        payload=canonical_json(payload),
        prev_hash=prev_hash,
    )
    entry.hash = record_hash(entry)
    session.add(entry)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=entry.hash))
    session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.checked} records verified"
        return (
            f"audit chain broken at record {self.first_bad_seq}: {self.reason} "
            f"({self.checked} records before it verified)"
        )


def verify(session: Session, *, batch: int = 5000) -> VerifyResult:
    """Recompute the whole chain in order; report the first record that does not fit."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    last_seen = 0
    while True:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.seq > last_seen)
            .order_by(AuditRecord.seq)
            .limit(batch)
        ).all()
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return VerifyResult(
                    False, checked, expected_seq, f"record {expected_seq} is missing"
                )
            if entry.prev_hash != prev_hash:
                return VerifyResult(
                    False, checked, entry.seq, "its link to the previous record does not match"
                )
            recomputed = record_hash(entry)
            if recomputed != entry.hash:
                return VerifyResult(
                    False, checked, entry.seq, "its content does not match its hash"
                )
            prev_hash = entry.hash
            expected_seq += 1
            checked += 1
            last_seen = entry.seq
        session.expunge_all()
    head = session.get(AuditHead, 1)
    if head is None:
        return VerifyResult(False, checked, None, "the chain head row is missing")
    if head.seq != checked or head.last_hash != prev_hash:
        return VerifyResult(
            False,
            checked,
            checked + 1,
            f"the chain head names record {head.seq} but only {checked} records are present",
        )
    return VerifyResult(True, checked)
