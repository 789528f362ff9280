"""The audit log: one record per state change, chained, append-only, tampering found."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from ipoffice.core import audit
from ipoffice.core.models import AuditRecord
from ipoffice.db.engine import Database


def _write(db: Database, n: int) -> None:
    for i in range(n):
        with db.session(write=True) as session:
            audit.record(
                session,
                actor=audit.SYSTEM,
                action="test_action",
                entity="thing",
                entity_id=i,
                payload={"i": i, "name": "甲乙丙"},
            )


def test_chain_links_every_record(db: Database) -> None:
    _write(db, 5)
    with db.session(write=False) as session:
        rows = session.scalars(select(AuditRecord).order_by(AuditRecord.seq)).all()
        assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
        assert rows[0].prev_hash == audit.GENESIS_HASH
        for before, after in zip(rows, rows[1:], strict=False):
            assert after.prev_hash == before.hash
        result = audit.verify(session)
    assert result.ok and result.checked == 5


def test_rolled_back_change_leaves_no_record(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session(write=True) as session:
        audit.record(
            session, actor=audit.SYSTEM, action="x", entity="thing", entity_id=1, payload={}
        )
        raise RuntimeError("the action failed after writing its audit record")
    with db.session(write=False) as session:
        assert session.scalar(select(AuditRecord.seq)) is None
        assert audit.verify(session).ok


def test_database_refuses_update_and_delete(db: Database) -> None:
    _write(db, 1)
    for statement in ("UPDATE audit_records SET actor = 'x'", "DELETE FROM audit_records"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))


def _drop_guard(db: Database) -> None:
    """What someone with direct database access would do before tampering."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_records_no_update"))
            conn.execute(text("DROP TRIGGER audit_records_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_records_no_change ON audit_records"))


def test_tampered_payload_is_found(db: Database) -> None:
    _write(db, 6)
    _drop_guard(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_records SET payload = :p WHERE seq = 4"), {"p": '{"i":99}'})
    with db.session(write=False) as session:
        result = audit.verify(session)
    assert not result.ok
    assert result.first_bad_seq == 4
    assert result.checked == 3
    assert "record 4" in result.describe()


def test_rehashed_record_breaks_the_next_link(db: Database) -> None:
    _write(db, 4)
    _drop_guard(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_records SET hash = :h WHERE seq = 2"), {"h": "f" * 64})
    with db.session(write=False) as session:
        result = audit.verify(session)
    assert (result.ok, result.first_bad_seq) == (False, 2)


def test_deleted_record_is_found(db: Database) -> None:
    _write(db, 5)
    _drop_guard(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_records WHERE seq = 3"))
    with db.session(write=False) as session:
        result = audit.verify(session)
    assert (result.ok, result.first_bad_seq) == (False, 3)
    assert "missing" in result.reason


def test_truncated_tail_is_found(db: Database) -> None:
    _write(db, 5)
    _drop_guard(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_records WHERE seq = 5"))
    with db.session(write=False) as session:
        result = audit.verify(session)
    assert (result.ok, result.first_bad_seq) == (False, 5)
