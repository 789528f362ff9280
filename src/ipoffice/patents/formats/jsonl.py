"""The project's JSON Lines interchange format: one patent document (a JSON object) a line.

Fields, all optional but `id` and `title` (`docs/formats.md` has the full rules):

    id, title                        non-empty strings (surrounding white space is dropped)
    kind                             "invention" (default) | "utility_model" | "design"
    lang                             "zh" | "en"; by default "zh" when CJK characters make up at
                                     least 0.2 of the letters of title + abstract, else "en"
    abstract, description            strings
    claims, applicants, inventors,   lists of strings; ipc and cpc are normalised
    ipc, cpc, citations
    agency, family_id                string or null
    filing_date, priority_date,      "YYYY-MM-DD" or null
    publication_date
    jurisdiction                     two capital letters or ""; by default the id's first two
                                     characters when both are letters, else ""

`null` counts as absent for every optional field. Any other key is an error.

Reading gives one `ParsedRecord` per non-blank line, in order. A line that is not a valid
document gives a record with an error naming the file, the line and the field; reading goes on.
A second line with an id already read is an error too, and only the first is kept.
`read_lines` gives chosen lines unparsed (`RawLine`), for a reader that parses elsewhere: a batch
hands lines to worker processes, which parse them in parallel.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import IO, TypeVar, cast

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import DocumentKind, Language, PatentDocument, normalize_ipc
from ipoffice.patents.formats.records import ParsedRecord

__all__ = [
    "DEFAULT_MAX_LINE_BYTES",
    "FIELDS",
    "ParsedRecord",
    "RawLine",
    "detect_language",
    "document_from_json",
    "document_to_json",
    "read_jsonl",
    "read_lines",
    "write_jsonl",
]

DEFAULT_MAX_LINE_BYTES = 8_000_000
FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "lang",
    "title",
    "abstract",
    "claims",
    "description",
    "applicants",
    "inventors",
    "agency",
    "filing_date",
    "priority_date",
    "publication_date",
    "ipc",
    "cpc",
    "citations",
    "family_id",
    "jurisdiction",
    "addresses",
    "contacts",
    "agents",
)
KINDS: tuple[DocumentKind, ...] = ("invention", "utility_model", "design")
LANGUAGES: tuple[Language, ...] = ("zh", "en")
CJK_SHARE_FOR_ZH = 0.2

_KNOWN = frozenset(FIELDS)
_TEXT_FIELDS = ("abstract", "description")
_NULLABLE_TEXT_FIELDS = ("agency", "family_id")
_LIST_FIELDS = (
    "claims", "applicants", "inventors", "ipc", "cpc", "citations",
    "addresses", "contacts", "agents",
)  # fmt: skip
_DATE_FIELDS = ("filing_date", "priority_date", "publication_date")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OFFICE_CODE = re.compile(r"[A-Z]{2}")
_UTF8_BOM = b"\xef\xbb\xbf"
_Choice = TypeVar("_Choice", bound=str)
# Han ideographs (with extensions and compatibility forms), kana and Hangul syllables.
_CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


# --------------------------------------------------------------------------------------------
# Reading


def read_jsonl(
    path: Path, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[ParsedRecord]:
    """One record per non-blank line of a JSON Lines file, in order.

    `source` is `path:line`. A line longer than `max_line_bytes` (its end-of-line not counted)
    is an error and is skipped over without being held in memory. Raises `InvalidInput` at once
    when `path` is not a file or the limit is not positive; every other problem is a record.
    """
    path = Path(path)
    if isinstance(max_line_bytes, bool) or not isinstance(max_line_bytes, int):
        raise InvalidInput("max_line_bytes must be a whole number", field="max_line_bytes")
    if max_line_bytes < 1:
        raise InvalidInput("max_line_bytes must be at least 1", field="max_line_bytes")
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", field="path")
    return _read(path, max_line_bytes)


def _read(path: Path, max_line_bytes: int) -> Iterator[ParsedRecord]:
    first_lines: dict[str, int] = {}
    with path.open("rb") as stream:
        for number, offset, content in _physical_lines(stream, max_line_bytes):
            source = f"{path}:{number}"
            try:
                if isinstance(content, int):
                    raise InvalidInput(
                        f"line is {content} bytes long, over the limit of {max_line_bytes}",
                        field=None,
                    )
                line = RawLine.of(number, offset, content)
                if not line.content.strip():
                    continue
                document = line.document()
                first = first_lines.setdefault(document.id, number)
                if first != number:
                    raise InvalidInput(
                        f"duplicate id {document.id}, first on line {first}", field="id"
                    )
            except InvalidInput as exc:
                yield ParsedRecord(
                    None, source, f"{path}, line {number}: {exc.message}", line=number
                )
            else:
                yield ParsedRecord(document, source, line=number)


@dataclass(frozen=True, slots=True)
class RawLine:
    """One line of a JSON Lines file as read (without its end, nor a byte-order mark on the
    first line), to be parsed later or elsewhere."""

    number: int
    offset: int  # of the content in the file, for error messages
    content: bytes

    @classmethod
    def of(cls, number: int, offset: int, content: bytes) -> RawLine:
        if number == 1 and content.startswith(_UTF8_BOM):
            return cls(number, offset + len(_UTF8_BOM), content[len(_UTF8_BOM) :])
        return cls(number, offset, content)

    def document(self) -> PatentDocument:
        """The document on the line; raises `InvalidInput` as `read_jsonl` reports it."""
        return document_from_json(_load(self.content, self.offset))


def read_lines(
    path: Path, numbers: Container[int], *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[RawLine]:
    """The lines of `path` numbered in `numbers` (numbered as by `read_jsonl`), unparsed, in
    order; a line over `max_line_bytes` is never one `read_jsonl` accepted and is left out."""
    with Path(path).open("rb") as stream:
        for number, offset, content in _physical_lines(stream, max_line_bytes):
            if number in numbers and not isinstance(content, int):
                yield RawLine.of(number, offset, content)


def _physical_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, int, bytes | int]]:
    """(line number, byte offset in the file, the line without its end) for every line; a line
    over `limit` bytes gives its length instead and is read past in pieces."""
    number = 0
    offset = 0
    while piece := stream.readline(limit + 2):  # + 2 leaves room for "\r\n"
        number += 1
        start = offset
        offset += len(piece)
        if piece.endswith(b"\n") or len(piece) < limit + 2:
            content = _without_line_end(piece)
            yield number, start, content if len(content) <= limit else len(content)
            continue
        length = len(piece)
        last = piece
        while not last.endswith(b"\n"):
            last = stream.readline(1 << 20)
            if not last:
                break
            length += len(last)
            offset += len(last)
        yield number, start, length - (len(last) - len(_without_line_end(last)))


def _without_line_end(line: bytes) -> bytes:
    if line.endswith(b"\r\n"):
        return line[:-2]
    if line.endswith(b"\n"):
        return line[:-1]
    return line


def _load(content: bytes, offset: int) -> object:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"invalid UTF-8 at byte {exc.start} of the line (byte {offset + exc.start} of the "
            "file)",
            field=None,
        ) from None
    try:
        return cast(
            object,
            json.loads(text, object_pairs_hook=_object_without_repeats, parse_constant=_no_nan),
        )
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"invalid JSON at column {exc.colno}: {exc.msg}", field=None) from None
    except RecursionError:
        raise InvalidInput("invalid JSON: nested too deeply", field=None) from None


def _object_without_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidInput(f"field '{key}' appears twice", field=key)
        result[key] = value
    return result


def _no_nan(name: str) -> object:
    raise InvalidInput(f"invalid JSON: {name} is not a JSON number", field=None)


# --------------------------------------------------------------------------------------------
# Validation


def document_from_json(data: object) -> PatentDocument:
    """A document from one decoded JSON value; raises `InvalidInput` naming the bad field."""
    if not isinstance(data, dict):
        raise InvalidInput(f"expected a JSON object, got {_json_type(data)}", field=None)
    fields = cast(dict[str, object], data)
    if not _KNOWN.issuperset(fields):
        unknown = [key for key in fields if key not in _KNOWN]
        names = ", ".join(f"'{key}'" for key in unknown)
        raise InvalidInput(
            f"unknown field{'s' if len(unknown) > 1 else ''} {names}", field=unknown[0]
        )
    for name in ("id", "title"):
        if name not in fields:
            raise InvalidInput(f"missing required field '{name}'", field=name)
    identifier = _required_text(fields, "id")
    title = _required_text(fields, "title")
    texts = {name: _text(fields, name) for name in _TEXT_FIELDS}
    lists = {name: _strings(fields, name) for name in _LIST_FIELDS}
    dates = {name: _date(fields, name) for name in _DATE_FIELDS}
    kind = _choice(fields, "kind", KINDS) or "invention"
    lang = _choice(fields, "lang", LANGUAGES) or detect_language(f"{title} {texts['abstract']}")
    jurisdiction = _jurisdiction(fields, identifier)
    return PatentDocument(
        id=identifier,
        title=title,
        kind=kind,
        lang=lang,
        abstract=texts["abstract"],
        claims=lists["claims"],
        description=texts["description"],
        applicants=lists["applicants"],
        inventors=lists["inventors"],
        agency=_nullable_text(fields, "agency"),
        filing_date=dates["filing_date"],
        priority_date=dates["priority_date"],
        publication_date=dates["publication_date"],
        ipc=_symbols(lists["ipc"], "ipc"),
        cpc=_symbols(lists["cpc"], "cpc"),
        citations=lists["citations"],
        family_id=_nullable_text(fields, "family_id"),
        jurisdiction=jurisdiction,
        addresses=lists["addresses"],
        contacts=lists["contacts"],
        agents=lists["agents"],
    )


def detect_language(text: str) -> Language:
    """ "zh" when CJK characters are at least 0.2 of the letters of `text`, else "en"."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    cjk = sum(1 for c in letters if any(low <= ord(c) <= high for low, high in _CJK_RANGES))
    return "zh" if cjk / len(letters) >= CJK_SHARE_FOR_ZH else "en"


def default_jurisdiction(identifier: str) -> str:
    """The id's first two characters, upper-cased, when both are ASCII letters; else ""."""
    head = identifier[:2]
    return head.upper() if len(head) == 2 and head.isascii() and head.isalpha() else ""


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _required_text(fields: Mapping[str, object], name: str) -> str:
    value = fields[name]
    if not isinstance(value, str):
        raise InvalidInput(
            f"field '{name}': expected a string, got {_json_type(value)}", field=name
        )
    if not value.strip():
        raise InvalidInput(f"field '{name}' is empty", field=name)
    return value.strip()


def _text(fields: Mapping[str, object], name: str) -> str:
    return _nullable_text(fields, name) or ""


def _nullable_text(fields: Mapping[str, object], name: str) -> str | None:
    value = fields.get(name)
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(f"field '{name}': expected a string, got {_json_type(value)}", field=name)


def _strings(fields: Mapping[str, object], name: str) -> list[str]:
    value = fields.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(
            f"field '{name}': expected a list of strings, got {_json_type(value)}", field=name
        )
    if not all(map(isinstance, value, repeat(str))):  # checked in C: lines have many lists
        index, item = next(
            (i, item)
            for i, item in enumerate(cast(list[object], value), start=1)
            if not isinstance(item, str)
        )
        raise InvalidInput(
            f"field '{name}': expected a list of strings, item {index} is {_json_type(item)}",
            field=name,
        )
    return list(cast(list[str], value))


def _date(fields: Mapping[str, object], name: str) -> date | None:
    value = fields.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(
            f"field '{name}': expected a date string YYYY-MM-DD, got {_json_type(value)}",
            field=name,
        )
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"field '{name}': '{value}' is not a valid date (YYYY-MM-DD)", field=name
        ) from None


def _choice(
    fields: Mapping[str, object], name: str, allowed: tuple[_Choice, ...]
) -> _Choice | None:
    value = fields.get(name)
    if value is None:
        return None
    for choice in allowed:
        if value == choice:
            return choice
    shown = f"'{value}'" if isinstance(value, str) else _json_type(value)
    raise InvalidInput(f"field '{name}': {shown} is not one of {', '.join(allowed)}", field=name)


def _jurisdiction(fields: Mapping[str, object], identifier: str) -> str:
    value = fields.get("jurisdiction")
    if value is None:
        return default_jurisdiction(identifier)
    if not isinstance(value, str):
        raise InvalidInput(
            f"field 'jurisdiction': expected a string, got {_json_type(value)}",
            field="jurisdiction",
        )
    if value and not _OFFICE_CODE.fullmatch(value):
        raise InvalidInput(
            f"field 'jurisdiction': '{value}' is not a two-letter office code such as CN or US",
            field="jurisdiction",
        )
    return value


def _symbols(codes: list[str], name: str) -> list[str]:
    normalised: list[str] = []
    for index, code in enumerate(codes, start=1):
        symbol = normalize_ipc(code)
        if symbol is None:
            raise InvalidInput(
                f"field '{name}': item {index} '{code}' is not an IPC/CPC symbol", field=name
            )
        normalised.append(symbol)
    return normalised


# --------------------------------------------------------------------------------------------
# Writing


def document_to_json(document: PatentDocument) -> dict[str, object]:
    """The JSON object of a document: fields in `FIELDS` order, empty ones left out.

    `id`, `title`, `kind` and `lang` are always written; `jurisdiction` is written when it is
    not empty or when reading would otherwise give the id's prefix.
    """
    data: dict[str, object] = {}
    for name in FIELDS:
        value = getattr(document, name)
        if name in _DATE_FIELDS:
            value = _iso_date(value, name)
        elif name == "jurisdiction":
            # "" is written only where reading would otherwise take the id's prefix.
            if value or default_jurisdiction(str(document.id)):
                data[name] = value
            continue
        if name in ("id", "title", "kind", "lang") or value not in (None, "", []):
            data[name] = list(value) if isinstance(value, list | tuple) else value
    return data


def _iso_date(value: object, name: str) -> object:
    if value is None or not isinstance(value, date):
        return value  # left to the validation, which names the field
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def write_jsonl(documents: Iterable[PatentDocument], path: Path) -> int:
    """Write `documents` one a line to `path` (replaced whole, only once all are written);
    returns how many. What is written reads back with `read_jsonl` as the same documents, with
    IPC/CPC symbols normalised. Raises `InvalidInput` for a document that would not read back
    (bad field, repeated id, line over `DEFAULT_MAX_LINE_BYTES`), and then writes nothing."""
    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidInput(f"no such directory: {path.parent}", field="path")
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as out:
            count = _write_lines(documents, out)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count


def _write_lines(documents: Iterable[PatentDocument], out: IO[str]) -> int:
    positions: dict[str, int] = {}
    count = 0
    for count, document in enumerate(documents, start=1):
        label = f"document {count} ({getattr(document, 'id', None)!r})"
        try:
            checked = document_from_json(document_to_json(document))
        except InvalidInput as exc:
            raise InvalidInput(f"{label}: {exc.message}", field=exc.field) from None
        first = positions.setdefault(checked.id, count)
        if first != count:
            raise InvalidInput(
                f"{label}: duplicate id {checked.id}, first as document {first}", field="id"
            )
        line = json.dumps(document_to_json(checked), ensure_ascii=False)
        # JSON allows these two raw in strings; escaped, no line splitter can break the line.
        line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        size = len(line.encode("utf-8"))
        if size > DEFAULT_MAX_LINE_BYTES:
            raise InvalidInput(
                f"{label}: its line would be {size} bytes, over the {DEFAULT_MAX_LINE_BYTES} "
                "bytes read_jsonl accepts by default",
                field=None,
            )
        out.write(line + "\n")
    return count
