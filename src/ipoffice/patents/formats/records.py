"""What every reader of a patent document format yields: one record per document read."""

from __future__ import annotations

from dataclasses import dataclass

from ipoffice.patents.document import PatentDocument


@dataclass(frozen=True)
class ParsedRecord:
    """One document of a source file: the document, or why it could not be read.

    `source` says where the record came from as `path:line` (the line the document starts on).
    Exactly one of `document` and `error` is set; `error` names the file, the place in it and the
    problem, so it can be shown to a person as it is. `line`: the line number, for readers of
    one document a line (so that the line can be read again by number).
    """

    document: PatentDocument | None
    source: str
    error: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        if (self.document is None) == (self.error is None):
            raise ValueError("a ParsedRecord carries either a document or an error")

    @property
    def ok(self) -> bool:
        return self.error is None
