"""Reader of USPTO full-text XML: grants, applications and the 2001 pre-grant publications.

Supported document types (the root element decides which reader applies):

* `us-patent-grant`, DTD v4.0 (2005) to v4.5 (2014 on): utility, plant, reissue and design grants.
* `us-patent-application`, DTD v4.0 (2005) on: pre-grant publications.
* `patent-application-publication`, pap v1.5 (2001-2004 pre-grant publications), whose tags
  differ: `subdoc-bibliographic-information`, `subdoc-abstract`, `subdoc-description`,
  `subdoc-claims`, `kind-code`, `title-of-invention`, `classification-ipc-primary`...

A file may hold one document or many concatenated ones, as in the USPTO weekly bulk files: a new
document starts at each `<?xml ` declaration (or, for documents without one, at a second
`<!DOCTYPE` at the start of a line). The file is read as a stream, one document in memory at a
time, and each document gives one `ParsedRecord`; a document that cannot be read gives a record
with an error and reading goes on with the next one.

Safety: the document type declaration is never handed to the XML parser. Its external DTD is
never fetched, unparsed (`NDATA`) entity declarations for drawings are dropped, and any other
entity declaration (internal, external or parameter entity: the ingredients of XML bombs and
external-entity attacks) makes the document refused. Named entity references, which USPTO text
takes from the ISO/HTML entity sets of its DTDs (`&lsqb;`, `&mgr;`, `&thgr;`...), are replaced by
their characters; an unknown name is kept as literal text (`&name;`).

Publication numbers (ids and citations) are normalised as `CC` + number + kind, see
`normalize_publication_number`.
"""

from __future__ import annotations

import codecs
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from html.entities import html5
from pathlib import Path
from xml.parsers import expat

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import DocumentKind, PatentDocument, normalize_ipc
from ipoffice.patents.formats.records import ParsedRecord

__all__ = [
    "ParsedRecord",
    "normalize_publication_number",
    "parse_uspto_document",
    "read_uspto",
]

# A document starts at an XML declaration (`<?xml` then white space; `<?xml-stylesheet` is not one).
_DOC_START = re.compile(rb"<\?xml\s")
_DOCTYPE_LINE = re.compile(rb"\s*<!DOCTYPE")
_ENCODING_DECL = re.compile(
    rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']"""
)
_XML_DECL = re.compile(r"\A\ufeff?\s*<\?xml\s.*?\?>", re.DOTALL)
_ENTITY_REF = re.compile(r"&([A-Za-z_][A-Za-z0-9._-]*);")
_ENTITY_DECL = re.compile(r"<!ENTITY\s+(%\s*)?([^\s>]+)")
_XML_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}

# ISO 8879 Greek letters (ISOgrk1), used by USPTO text and absent from the HTML5 entity set.
_ISO_GREEK = {
    "agr": "α", "Agr": "Α", "bgr": "β", "Bgr": "Β", "ggr": "γ", "Ggr": "Γ", "dgr": "δ",
    "Dgr": "Δ", "egr": "ε", "Egr": "Ε", "zgr": "ζ", "Zgr": "Ζ", "eegr": "η", "EEgr": "Η",
    "thgr": "θ", "THgr": "Θ", "igr": "ι", "Igr": "Ι", "kgr": "κ", "Kgr": "Κ", "lgr": "λ",
    "Lgr": "Λ", "mgr": "μ", "Mgr": "Μ", "ngr": "ν", "Ngr": "Ν", "xgr": "ξ", "Xgr": "Ξ",
    "ogr": "ο", "Ogr": "Ο", "pgr": "π", "Pgr": "Π", "rgr": "ρ", "Rgr": "Ρ", "sgr": "σ",
    "Sgr": "Σ", "sfgr": "ς", "tgr": "τ", "Tgr": "Τ", "ugr": "υ", "Ugr": "Υ", "phgr": "φ",
    "PHgr": "Φ", "khgr": "χ", "KHgr": "Χ", "psgr": "ψ", "PSgr": "Ψ", "ohgr": "ω", "OHgr": "Ω",
}  # fmt: skip

# Elements whose text stands apart from its neighbours' (a space is put around it).
_BLOCK_TAGS = frozenset(
    {
        "p", "paragraph", "heading", "claim-text", "li", "ul", "ol", "dl", "dt", "dd", "br",
        "table", "tables", "tgroup", "thead", "tbody", "row", "entry", "maths", "math",
        "chemistry", "chemistry-cwu", "in-line-formula", "figure", "img", "image", "section",
        "description-of-drawings", "sequence-cwu", "table-cwu", "math-cwu",
    }
)  # fmt: skip
_PARAGRAPH_TAGS = frozenset({"p", "paragraph", "heading"})
# A claim's text starts with its number: `1. A method`, `<b>1</b>. A device`, `1.A method` (pap).
_CLAIM_NUMBER = re.compile(r"\A\s*\d+\s*[.)](?!\d)\s*")
_DATE = re.compile(r"\d{8}")
_US_PUBLICATION = re.compile(r"((?:19|20)\d\d)/?(\d{1,7})")
_LETTER_PREFIXED = re.compile(r"([A-Z]{1,2})0*(\d+)")
_NUMBER_SEPARATORS = re.compile(r"[\s,./\-]+")

_GRANT = "us-patent-grant"
_APPLICATION = "us-patent-application"
_PAP = "patent-application-publication"


def read_uspto(path: Path) -> Iterator[ParsedRecord]:
    """One record per document of a USPTO XML file (one document, or many concatenated).

    Raises `InvalidInput` at once when `path` is not a file; every other problem is a record.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", field="path")
    return _read_file(path)


def _read_file(path: Path) -> Iterator[ParsedRecord]:
    with path.open("rb") as raw:
        head = raw.read(4)
        raw.seek(0)
        utf16 = _utf16_codec(head)
        if utf16 is None:
            yield from _read_chunks(path, raw, None)
            return
        # A UTF-16 file is split on its decoded lines; each document is then UTF-8 bytes.
        with io.TextIOWrapper(raw, encoding=utf16, newline="") as text:
            lines = (line.encode("utf-8") for line in text)
            try:
                yield from _read_chunks(path, lines, "utf-8")
            except UnicodeDecodeError as exc:
                message = f"{path}: not valid {utf16.upper()}, reading stopped: {exc.reason}"
                yield ParsedRecord(None, f"{path}:1", message)


def parse_uspto_document(data: bytes) -> PatentDocument:
    """Read one USPTO XML document given as bytes; raises `InvalidInput` saying what is wrong."""
    return _parse(data, first_line=1, forced_encoding=None)


def normalize_publication_number(country: str, number: str, kind: str = "") -> str:
    """`CC` + number + kind, the form ids and citations take.

    Separators (spaces, commas, dots, slashes, hyphens) are removed and letters upper-cased.
    For `US`: grant numbers lose their leading zeros (`06859910` -> `US6859910B2`, `D0907292`
    -> `USD907292S1`, `RE038001` -> `USRE38001E`), pre-grant publications take the 11-digit
    form of the USPTO (`2001/0003163`, `20010003163` and `2001003163` -> `US20010003163A1`).
    Other offices keep their number as written, less separators (`EP 0 906 947 A1` ->
    `EP0906947A1`, `WO 03/015838` -> `WO03015838`, `JP 2004-253298 A` -> `JP2004253298A`).
    A number that already starts with its country code is not prefixed twice.
    """
    cc = country.strip().upper()
    body = re.sub(r"\s+", "", number).upper()
    kd = re.sub(r"\s+", "", kind).upper()
    if cc and body.startswith(cc) and body[len(cc) : len(cc) + 1].isdigit():
        body = body[len(cc) :]
    body = _us_number(body) if cc == "US" else _NUMBER_SEPARATORS.sub("", body)
    return f"{cc}{body}{kd}"


def _us_number(body: str) -> str:
    compact = re.sub(r"[\s,.\-]+", "", body)
    publication = _US_PUBLICATION.fullmatch(compact)
    if publication and ("/" in compact or len(compact) in (10, 11)):
        year, serial = publication.groups()
        return f"{year}{serial.zfill(7)}"
    compact = compact.replace("/", "")
    prefixed = _LETTER_PREFIXED.fullmatch(compact)
    if prefixed:
        return f"{prefixed.group(1)}{int(prefixed.group(2))}"
    if compact.isdigit() and len(compact) <= 8:
        return str(int(compact))
    return compact


# --------------------------------------------------------------------------------------------
# Splitting a stream into documents


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None  # not supported: reported by the decoder as not valid in its encoding
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    return None


def _has_content(parts: list[bytes]) -> bool:
    return any(part.strip().removeprefix(codecs.BOM_UTF8).strip() for part in parts)


def _split(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line the document starts on, its bytes) for each document of a stream of lines."""
    current: list[bytes] = []
    start_line = 1
    doctype_seen = False
    for number, line in enumerate(lines, start=1):
        if _DOCTYPE_LINE.match(line):
            if doctype_seen and _has_content(current):  # a new document without declaration
                yield start_line, b"".join(current)
                current, start_line = [], number
            doctype_seen = True
        rest = line
        match = _DOC_START.search(rest)
        while match is not None:
            current.append(rest[: match.start()])
            if _has_content(current):
                yield start_line, b"".join(current)
            current, start_line, doctype_seen = [], number, False
            rest = rest[match.start() :]
            match = _DOC_START.search(rest, 1)
        current.append(rest)
    if _has_content(current):
        yield start_line, b"".join(current)


def _read_chunks(
    path: Path, lines: Iterable[bytes], forced_encoding: str | None
) -> Iterator[ParsedRecord]:
    for ordinal, (line, data) in enumerate(_split(lines), start=1):
        source = f"{path}:{line}"
        try:
            document = _parse(data, first_line=line, forced_encoding=forced_encoding)
        except InvalidInput as exc:
            where = f"{path}, document {ordinal} (line {line})"
            yield ParsedRecord(None, source, f"{where}: {exc.message}")
        except RecursionError:
            message = "elements are nested too deeply to read"
            yield ParsedRecord(None, source, f"{path}, document {ordinal} (line {line}): {message}")
        else:
            yield ParsedRecord(document, source)


# --------------------------------------------------------------------------------------------
# Decoding, DOCTYPE and entities, parsing


class _DoctypeReached(Exception):
    """The XML parser met a document type declaration: none should ever reach it."""


class _TreeBuilder(ET.TreeBuilder):
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        # Called at the start of a DOCTYPE, before any entity in it is declared.
        raise _DoctypeReached(name)


def _decode(data: bytes, first_line: int, forced_encoding: str | None) -> str:
    if forced_encoding is not None:
        encoding = forced_encoding
    elif data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
    else:
        declared = _ENCODING_DECL.match(data)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codec = codecs.lookup(encoding)
        "".encode(codec.name)  # raises LookupError for bytes-to-bytes codecs (base64, zlib...)
    except LookupError:
        raise InvalidInput(
            f"unknown encoding {encoding!r} declared in the XML prolog", field="encoding"
        ) from None
    if forced_encoding is None and codec.name.startswith(("utf-16", "utf-32")):
        raise InvalidInput(
            f"declares {encoding} but its prolog is single-byte text", field="encoding"
        )
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        raise InvalidInput(
            f"not valid {encoding} at byte offset {exc.start} of the document (line {line})",
            field="encoding",
        ) from None


def _blank_out(text: str) -> str:
    """As many newlines as `text` has, so that line numbers do not move."""
    return "\n" * text.count("\n")


def _doctype_end(text: str, start: int) -> int:
    """Index just after the DOCTYPE that starts at `start` (quotes, comments and the internal
    subset skipped over); raises InvalidInput when it never ends."""
    i = start + len("<!DOCTYPE")
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            close = text.find(c, i + 1)
            i = n if close < 0 else close + 1
            continue
        if text.startswith("<!--", i):
            close = text.find("-->", i + 4)
            i = n if close < 0 else close + 3
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == ">" and depth <= 0:
            return i + 1
        i += 1
    raise InvalidInput("the document type declaration (DOCTYPE) never ends", field="doctype")


def _check_internal_subset(doctype: str) -> None:
    """Refuse every entity declaration except unparsed (NDATA) ones, which name drawings."""
    position = 0
    while (found := doctype.find("<!ENTITY", position)) >= 0:
        declaration = _ENTITY_DECL.match(doctype, found)
        end = _doctype_declaration_end(doctype, found)
        position = end
        if declaration is None:
            continue
        parameter, name = declaration.group(1), declaration.group(2)
        body = doctype[found:end]
        if parameter:
            raise InvalidInput(
                f"refused: the DOCTYPE declares parameter entity '%{name}'; entity "
                "declarations are not expanded",
                field="doctype",
            )
        if not re.search(r"\sNDATA\s", _strip_quoted(body)):
            raise InvalidInput(
                f"refused: the DOCTYPE declares entity '{name}'; internal and external entity "
                "declarations are not expanded",
                field="doctype",
            )


def _strip_quoted(text: str) -> str:
    return re.sub(r"\"[^\"]*\"|'[^']*'", '""', text)


def _doctype_declaration_end(text: str, start: int) -> int:
    i = start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            close = text.find(c, i + 1)
            i = len(text) if close < 0 else close + 1
            continue
        if c == ">":
            return i + 1
        i += 1
    return len(text)


def _remove_doctype(text: str) -> str:
    start = text.find("<!DOCTYPE")
    if start < 0:
        return text
    if re.search(r"<[A-Za-z_]", text[:start]):
        # After the root element started: not a prolog DOCTYPE; the parser rejects it.
        return text
    end = _doctype_end(text, start)
    doctype = text[start:end]
    _check_internal_subset(doctype)
    return text[:start] + _blank_out(doctype) + text[end:]


def _entity_text(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_PREDEFINED:
        return match.group(0)
    character = _ISO_GREEK.get(name) or html5.get(f"{name};")
    if character is None:
        return f"&amp;{name};"  # unknown: kept as the literal text `&name;`
    return "".join(_TEXT_ESCAPES.get(c, c) for c in character)


def _parse_xml(text: str, first_line: int) -> ET.Element:
    parser = ET.XMLParser(target=_TreeBuilder())  # noqa: S314 - no DOCTYPE reaches it
    try:
        parser.feed(text)
        root = parser.close()
    except _DoctypeReached:
        raise InvalidInput(
            "refused: a document type declaration in an unexpected place", field="doctype"
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise InvalidInput(
            f"malformed XML at line {first_line + line - 1}, column {column + 1}: "
            f"{expat.ErrorString(exc.code)}",
            field="xml",
        ) from None
    if not isinstance(root, ET.Element):
        raise InvalidInput("no root element", field="xml")
    return root


def _parse(data: bytes, *, first_line: int, forced_encoding: str | None) -> PatentDocument:
    text = _decode(data, first_line, forced_encoding)
    text = _XML_DECL.sub(lambda m: _blank_out(m.group(0)), text, count=1).lstrip("\ufeff")
    text = _remove_doctype(text)
    text = _ENTITY_REF.sub(_entity_text, text)
    root = _parse_xml(text, first_line)
    if root.tag in (_GRANT, _APPLICATION):
        return _read_v4(root)
    if root.tag == _PAP:
        return _read_pap(root)
    raise InvalidInput(
        f"unsupported root element <{root.tag}>; expected <{_GRANT}>, <{_APPLICATION}> or <{_PAP}>",
        field="root",
    )


# --------------------------------------------------------------------------------------------
# Text of elements


def _collect(element: ET.Element, parts: list[str], skip: frozenset[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if child.tag not in skip:
            block = child.tag in _BLOCK_TAGS
            if block:
                parts.append(" ")
            _collect(child, parts, skip)
            if block:
                parts.append(" ")
        if child.tail:
            parts.append(child.tail)


def _flatten(element: ET.Element | None, skip: frozenset[str] = frozenset()) -> str:
    """All the text under `element`, white space collapsed to single spaces."""
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, parts, skip)
    return " ".join("".join(parts).split())


def _text(element: ET.Element | None, path: str) -> str:
    return _flatten(element.find(path)) if element is not None else ""


def _paragraphs(
    element: ET.Element | None, skip: frozenset[str] = frozenset(), *, headings: bool = True
) -> str:
    """Headings and paragraphs, one a line, in document order; sections are walked into."""
    if element is None:
        return ""
    lines: list[str] = []
    _walk_paragraphs(element, lines, skip, headings)
    return "\n".join(lines)


def _walk_paragraphs(
    element: ET.Element, lines: list[str], skip: frozenset[str], headings: bool
) -> None:
    for child in element:
        if child.tag in skip or (child.tag == "heading" and not headings):
            continue
        if child.tag in _PARAGRAPH_TAGS or not any(d.tag in _PARAGRAPH_TAGS for d in child.iter()):
            text = _flatten(child, skip)
            if text:
                lines.append(text)
        else:
            _walk_paragraphs(child, lines, skip, headings)


def _claims(claims: Iterable[ET.Element]) -> list[str]:
    texts = (_CLAIM_NUMBER.sub("", _flatten(claim), count=1) for claim in claims)
    return [text for text in texts if text]


def _unique(items: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


# --------------------------------------------------------------------------------------------
# Dates and classifications


def _date(text: str, field: str) -> date | None:
    value = text.strip()
    if not value:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise InvalidInput(f"{field} {value!r} is not a date (YYYYMMDD)", field=field) from None


def _earliest(texts: Iterable[str]) -> date | None:
    """The earliest of the valid dates; priority claims with unknown days are passed over."""
    dates: list[date] = []
    for text in texts:
        try:
            found = _date(text, "priority_date")
        except InvalidInput:
            continue
        if found is not None:
            dates.append(found)
    return min(dates, default=None)


def _ipc_text(text: str) -> str | None:
    """`G06F015/00`, `G06F 15/00`, `H01J001/62` and the fixed-width `G06F01760`."""
    code = normalize_ipc(text)
    if code is not None:
        return code
    compact = text.strip().upper()
    fixed = re.fullmatch(r"([A-H]\d{2}[A-Z])\s*(\d{3})(\d{2,6})", compact)
    if fixed:
        return normalize_ipc(f"{fixed.group(1)}{fixed.group(2)}/{fixed.group(3)}")
    return None


def _symbol(element: ET.Element) -> str | None:
    """A `classification-ipcr` / `classification-cpc` element's symbol, normalised."""
    head = "".join(_text(element, part) for part in ("section", "class", "subclass"))
    group, subgroup = _text(element, "main-group"), _text(element, "subgroup")
    return normalize_ipc(f"{head}{group}/{subgroup}" if group else head)


# --------------------------------------------------------------------------------------------
# The v4 grants and applications


def _party_name(party: ET.Element) -> str:
    book = party.find("addressbook")
    if book is None:
        book = party
    organisation = _text(book, "orgname")
    if organisation:
        return organisation
    parts = ("first-name", "middle-name", "last-name", "suffix")
    return " ".join(filter(None, (_text(book, part) for part in parts)))


def _citations(bibliographic: ET.Element) -> list[str]:
    numbers: list[str] = []
    for listing in ("us-references-cited", "references-cited"):
        for patcit in bibliographic.iterfind(f"{listing}/*/patcit"):
            document_id = patcit.find("document-id")
            number = _text(document_id, "doc-number")
            if number:
                country = _text(document_id, "country")
                numbers.append(
                    normalize_publication_number(country, number, _text(document_id, "kind"))
                )
    return _unique(numbers)


def _document_kind(application_type: str, kind: str, number: str) -> DocumentKind:
    if application_type == "design" or kind.startswith("S") or number.upper().startswith("D"):
        return "design"
    return "invention"


def _read_v4(root: ET.Element) -> PatentDocument:
    bibliographic = root.find(
        "us-bibliographic-data-grant" if root.tag == _GRANT else "us-bibliographic-data-application"
    )
    if bibliographic is None:
        raise InvalidInput(f"<{root.tag}> has no bibliographic data", field="bibliographic")
    publication = bibliographic.find("publication-reference/document-id")
    number = _text(publication, "doc-number")
    if not number:
        raise InvalidInput("no publication-reference doc-number", field="id")
    country = _text(publication, "country") or "US"
    kind_code = _text(publication, "kind")
    title = _flatten(bibliographic.find("invention-title"))
    if not title:
        raise InvalidInput("no invention-title", field="title")
    application = bibliographic.find("application-reference")
    application_type = application.get("appl-type", "") if application is not None else ""

    parties = bibliographic.find("us-parties")
    if parties is None:
        parties = bibliographic.find("parties")
    applicant_elements: list[ET.Element] = []
    inventor_elements: list[ET.Element] = []
    agents: list[ET.Element] = []
    if parties is not None:
        applicant_elements = [
            *parties.iterfind("us-applicants/us-applicant"),
            *parties.iterfind("applicants/applicant"),
        ]
        inventor_elements = list(parties.iterfind("inventors/inventor"))
        agents = list(parties.iterfind("agents/agent"))
    if not inventor_elements:  # v4.0-v4.2: inventors are the applicants marked so
        inventor_elements = [
            e for e in applicant_elements if e.get("app-type") == "applicant-inventor"
        ]
    assignees = [_party_name(e) for e in bibliographic.iterfind("assignees/assignee")]
    agency = next(
        (name for agent in agents if (name := _text(agent.find("addressbook"), "orgname"))), None
    )

    ipc = [_symbol(e) for e in bibliographic.iterfind("classifications-ipcr/classification-ipcr")]
    for path in (
        "classification-ipc/main-classification",
        "classification-ipc/further-classification",
    ):
        ipc += [_ipc_text(_flatten(e)) for e in bibliographic.iterfind(path)]
    cpc = [
        _symbol(e)
        for path in ("main-cpc", "further-cpc")
        for e in bibliographic.iterfind(f"classifications-cpc/{path}/classification-cpc")
    ]
    return PatentDocument(
        id=normalize_publication_number(country, number, kind_code),
        title=title,
        kind=_document_kind(application_type, kind_code, number),
        lang="en",
        abstract=_paragraphs(root.find("abstract"), headings=False),
        claims=_claims(root.iterfind("claims/claim")),
        description=_paragraphs(root.find("description")),
        applicants=_unique([*(_party_name(e) for e in applicant_elements), *assignees]),
        inventors=_unique(_party_name(e) for e in inventor_elements),
        agency=agency,
        filing_date=_date(_text(application, "document-id/date"), "filing_date"),
        priority_date=_earliest(
            _flatten(e) for e in bibliographic.iterfind("priority-claims/priority-claim/date")
        ),
        publication_date=_date(_text(publication, "date"), "publication_date"),
        ipc=_unique(ipc),
        cpc=_unique(cpc),
        citations=_citations(bibliographic),
        family_id=None,
        jurisdiction="US",
    )


# --------------------------------------------------------------------------------------------
# The 2001 pre-grant publications (pap v1.5)


def _pap_name(person: ET.Element) -> str:
    name = person.find("name")
    if name is None:
        return ""
    organisation = _text(name, "organization-name")
    if organisation:
        return organisation
    parts = ("given-name", "middle-name", "family-name", "name-suffix")
    return " ".join(filter(None, (_text(name, part) for part in parts)))


def _read_pap(root: ET.Element) -> PatentDocument:
    bibliographic = root.find("subdoc-bibliographic-information")
    if bibliographic is None:
        raise InvalidInput(
            "<patent-application-publication> has no subdoc-bibliographic-information",
            field="bibliographic",
        )
    document_id = bibliographic.find("document-id")
    number = _text(document_id, "doc-number")
    if not number:
        raise InvalidInput("no document-id doc-number", field="id")
    kind_code = _text(document_id, "kind-code")
    country = _text(document_id, "country-code") or "US"
    technical = bibliographic.find("technical-information")
    title = _text(technical, "title-of-invention")
    if not title:
        raise InvalidInput("no title-of-invention", field="title")

    inventors = [
        *bibliographic.iterfind("inventors/first-named-inventor"),
        *bibliographic.iterfind("inventors/inventor"),
    ]
    inventor_applicants = [e for e in inventors if _text(e, "authority-applicant")]
    assignees = [
        _text(e, "organization-name") or _pap_name(e) for e in bibliographic.iterfind("assignee")
    ]
    ipc_paths = (
        "classification-ipc/classification-ipc-primary/ipc",
        "classification-ipc/classification-ipc-secondary/ipc",
    )
    ipc = [
        _ipc_text(_flatten(e))
        for path in ipc_paths
        for e in (technical.iterfind(path) if technical is not None else ())
    ]
    paragraph_numbers = frozenset({"number"})
    return PatentDocument(
        id=normalize_publication_number(country, number, kind_code),
        title=title,
        kind=_document_kind("", kind_code, number),
        lang="en",
        abstract=_paragraphs(root.find("subdoc-abstract"), headings=False),
        claims=_claims(root.iterfind("subdoc-claims/claim")),
        description=_paragraphs(root.find("subdoc-description"), paragraph_numbers),
        applicants=_unique([*(_pap_name(e) for e in inventor_applicants), *assignees]),
        inventors=_unique(_pap_name(e) for e in inventors),
        agency=None,
        filing_date=_date(_text(bibliographic, "domestic-filing-data/filing-date"), "filing_date"),
        priority_date=_earliest(
            _flatten(e) for e in bibliographic.iterfind("foreign-priority-data/filing-date")
        ),
        publication_date=_date(_text(document_id, "document-date"), "publication_date"),
        ipc=_unique(ipc),
        cpc=[],
        citations=[],
        family_id=None,
        jurisdiction="US",
    )
