"""`ipoffice ingest patents`: read files, store documents idempotently, keep indexes in step.

Documents are stored in batches, each batch one transaction, so a run killed at any moment
leaves every document either fully stored or absent. The search indexes are updated after each
batch commits; a document stored but not yet indexed (the run died in between) carries an
`indexed_hash` that differs from its `content_hash` and is indexed by the next run or by
`ipoffice index rebuild`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ipoffice.core.errors import InvalidInput
from ipoffice.db.engine import Database
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.formats.jsonl import read_jsonl
from ipoffice.patents.formats.records import ParsedRecord
from ipoffice.patents.formats.uspto import read_uspto
from ipoffice.patents.store import store_batch

BATCH_SIZE = 200


class DocumentIndexer(Protocol):
    def index_pending(self, db: Database) -> int: ...


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    indexed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.read} documents read: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged; {len(self.errors)} bad records; "
            f"{self.indexed} indexed"
        )


def detect_format(path: Path) -> str:
    """`jsonl` or `uspto-xml`, by extension, else by the first non-blank byte."""
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix == ".xml":
        return "uspto-xml"
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        return "uspto-xml"
    raise InvalidInput(f"{path}: not a JSON Lines or USPTO XML file", field="file")


def read_any(path: Path) -> Iterator[ParsedRecord]:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", field="file")
    if detect_format(path) == "jsonl":
        yield from read_jsonl(path)
    else:
        yield from read_uspto(path)


def count_records(path: Path) -> int:
    """A cheap estimate of the records in a file, for the progress bar."""
    marker = b"\n" if detect_format(path) == "jsonl" else b"<?xml"
    total = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            total += chunk.count(marker)
    return max(total, 1)


def _batches(
    records: Iterable[ParsedRecord], report: IngestReport
) -> Iterator[list[PatentDocument]]:
    batch: list[PatentDocument] = []
    for record in records:
        if record.error is not None or record.document is None:
            report.errors.append(f"{record.source}: {record.error}")
            continue
        report.read += 1
        batch.append(record.document)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_files(
    db: Database,
    paths: list[Path],
    *,
    indexer: DocumentIndexer | None = None,
    on_record: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest every file; bad records are reported and skipped, good ones stored."""
    report = IngestReport()
    if indexer is not None:
        report.indexed += indexer.index_pending(db)  # finish what an interrupted run left
    for path in paths:
        seen = report.read + len(report.errors)
        for batch in _batches(read_any(path), report):
            with db.session(write=True) as session:
                result = store_batch(session, batch, source=str(path))
            report.added += len(result.added)
            report.updated += len(result.updated)
            report.unchanged += result.unchanged
            if indexer is not None and (result.added or result.updated):
                report.indexed += indexer.index_pending(db)
            if on_record is not None:
                now = report.read + len(report.errors)
                on_record(now - seen)
                seen = now
        if on_record is not None:
            on_record(report.read + len(report.errors) - seen)
    return report
