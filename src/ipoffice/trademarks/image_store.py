"""Mark image files under IPOFFICE_HOME, written so that no file outlives a failed transaction.

A file is written to a temporary name in its final folder, moved into place with an atomic
rename once its row is flushed, and remembered on the session. If the transaction (or the
savepoint it was written in) rolls back, or the session closes without committing, the file is
removed again; after a commit it stays. File names carry the mark number, so two marks never
share a file and removing one never touches another's.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

IMAGE_DIR = Path("trademarks") / "images"
_PENDING = "trademark_image_files"
_HOOKED = "trademark_image_hooks"


def image_path(number: str, sha256: str, fmt: str) -> Path:
    """The path of a mark's image relative to IPOFFICE_HOME."""
    suffix = "png" if fmt == "PNG" else "jpg"
    return IMAGE_DIR / sha256[:2] / f"{number}-{sha256[:16]}.{suffix}"


def write_image(session: Session, *, home: Path, relative: Path, data: bytes) -> Path:
    """Write `data` at home/relative atomically; removed again unless the session commits."""
    target = home / relative
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _remember(session, target)
    return target


def _remember(session: Session, path: Path) -> None:
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((path, transaction))
    if not session.info.get(_HOOKED):
        event.listen(session, "after_commit", _kept)
        event.listen(session, "after_soft_rollback", _rolled_back)
        event.listen(session, "after_transaction_end", _ended)
        session.info[_HOOKED] = True


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def _remove(session: Session, keep: bool = False, ended: SessionTransaction | None = None) -> None:
    pending: list[tuple[Path, SessionTransaction | None]] = session.info.get(_PENDING, [])
    remaining = []
    for path, transaction in pending:
        if keep:
            continue
        if ended is None or _within(transaction, ended):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        else:
            remaining.append((path, transaction))
    session.info[_PENDING] = remaining


def _kept(session: Session) -> None:
    # The event also fires when a savepoint is released; only the outermost commit keeps files.
    if not session.in_nested_transaction():
        _remove(session, keep=True)


def _rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    _remove(session, ended=previous_transaction)


def _ended(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended without a commit (closed or rolled back): nothing stays.
    if transaction.parent is None and transaction.nested is False:
        _remove(session)
