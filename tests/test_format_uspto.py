"""USPTO XML reader: every real sample, bulk files of many documents, and hostile input."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.formats.uspto import (
    ParsedRecord,
    normalize_publication_number,
    parse_uspto_document,
    read_uspto,
)
from tests.shared_data import shared as sample


def only_document(path: Path) -> PatentDocument:
    records = list(read_uspto(path))
    assert len(records) == 1, records
    assert records[0].error is None, records[0].error
    assert records[0].source == f"{path}:1"
    document = records[0].document
    assert document is not None
    return document


@dataclass(frozen=True)
class Sample:
    file: str
    id: str
    title: str
    claims: int
    first_claim: str
    filing: date
    publication: date
    priority: date | None
    first_ipc: str | None
    citations: int
    kind: str = "invention"


SAMPLES = [
    Sample(
        "uspto/xml2004/US06859910.xml",
        "US6859910B2",
        "Methods and systems for transactional tunneling",
        2,
        "A method of executing an electronic transaction, comprising: establishing a persistent",
        date(2001, 4, 10),
        date(2005, 2, 22),
        None,
        "G06F15/00",
        8,
    ),
    Sample(
        "uspto/xml2004/US06970935.xml",
        "US6970935B1",
        "Conversational networking via transport, coding and control conversational protocols",
        30,
        "A communication system, comprising: a communication stack comprising:",
        date(2000, 11, 1),
        date(2005, 11, 29),
        None,
        "G06F15/16",
        11,
    ),
    Sample(
        "uspto/xml2006/US07272630B2.xml",
        "US7272630B2",
        "Locating potentially identical objects across multiple computers based on stochastic "
        "partitioning of workload",
        17,
        "A method implemented in a computer, the method comprising: generating an imprint",
        date(2004, 11, 18),
        date(2007, 9, 18),
        None,
        "G06F15/13",
        78,
    ),
    Sample(
        "uspto/xml2014/US08926509.xml",
        "US8926509B2",
        "Wireless physiological sensor patches and systems",
        31,
        "A system for measuring physiological signals, comprising: (a) a patch-ASIC chip",
        date(2008, 6, 5),
        date(2015, 1, 6),
        None,
        "A61B5/00",
        129,  # 130 patcit elements; WO 03/015838 A3 is cited twice
    ),
    Sample(
        "uspto/xml2014/US08927118.xml",
        "US8927118B2",
        "Material for organic electroluminescence device and organic electroluminescence device "
        "using the same",
        45,
        "A material for an organic electroluminescence device represented by the formula (5): "
        "wherein: X5 and X6 represent N\u2014R1;",
        date(2012, 1, 12),
        date(2015, 1, 6),
        date(2008, 6, 5),
        "H05B33/14",
        76,
    ),
    Sample(
        "uspto/xml2014/US08930553.xml",
        "US8930553B2",
        "Managing mid-dialog session initiation protocol (SIP) messages",
        8,
        "A system for processing mid-dialog SIP messages, the system comprising:",
        date(2012, 10, 9),
        date(2015, 1, 6),
        None,
        "G06F15/16",
        16,
    ),
    Sample(
        "uspto/pap/US20010000044A1.xml",
        "US20010000044A1",
        "Systems and Methods For Transacting Business Over A Global Communications Network "
        "Such As The Internet",
        21,
        "A method of doing business over a global communications network comprising the steps: "
        "communicating to a buyer",
        date(1999, 6, 29),
        date(2001, 3, 15),
        None,
        "G06F17/60",
        0,
    ),
    Sample(
        "uspto/pap/US20010000943A1.xml",
        "US20010000943A1",
        "Organic electroluminescence device and method of manufacturing same",
        13,
        "An organic electroluminescence device containing an organic layer formed between",
        date(2000, 12, 4),
        date(2001, 5, 10),
        date(1999, 4, 5),
        "H01J1/62",
        0,
    ),
    Sample(
        "uspto/pap/US20010009014A1.xml",
        "US20010009014A1",
        "Facilitating real-time, multi-point communications over the internet",
        55,
        "A method for facilitating communication between a plurality of clients on a network",
        date(2001, 2, 5),
        date(2001, 7, 19),
        None,
        "G06F15/16",
        0,
    ),
    Sample(
        "uspto/xmlApp2004/US20050004437A1.xml",
        "US20050004437A1",
        "Simulation device for playful evaluation and display of blood sugar levels",
        10,
        "A simulation device for displaying and evaluating blood sugar readings, comprising: "
        "a housing; a display means; and",
        date(2004, 4, 23),
        date(2005, 1, 6),
        date(2001, 10, 26),
        "A61B5/00",
        0,
    ),
    Sample(
        "uspto/xmlApp2004/US20050004974A1.xml",
        "US20050004974A1",
        "Device model agent",
        21,
        "A device model agent (DMA) comprising: at least one device API",
        date(2003, 10, 16),
        date(2005, 1, 6),
        None,
        "G06F15/16",
        0,
    ),
    Sample(
        "design_us/USD0907292-20210105/USD0907292-20210105.XML",
        "USD907292S1",
        "Shaving blade cartridge",
        1,
        "The ornamental design for a shaving blade cartridge, as shown and described.",
        date(2019, 2, 20),
        date(2021, 1, 5),
        date(2013, 9, 25),
        None,
        63,
        kind="design",
    ),
]


@pytest.mark.parametrize("expected", SAMPLES, ids=[s.id for s in SAMPLES])
def test_every_sample_file_reads_as_its_published_document(expected: Sample) -> None:
    document = only_document(sample(expected.file))
    assert document.id == expected.id
    assert document.title == expected.title
    assert document.kind == expected.kind
    assert len(document.claims) == expected.claims
    assert document.claims[0].startswith(expected.first_claim), document.claims[0][:200]
    assert document.filing_date == expected.filing
    assert document.publication_date == expected.publication
    assert document.priority_date == expected.priority
    assert (document.ipc[0] if document.ipc else None) == expected.first_ipc
    assert len(document.citations) == expected.citations
    assert document.lang == "en" and document.jurisdiction == "US"
    assert document.abstract or expected.kind == "design"
    assert document.description


def test_claims_are_flattened_without_their_numbers_and_keep_claim_references() -> None:
    document = only_document(sample("uspto/xml2004/US06859910.xml"))
    assert document.claims[1] == (
        "A method of claim 1, further comprising: caching static content from the set of pages."
    )
    application = only_document(sample("uspto/xmlApp2004/US20050004437A1.xml"))
    assert application.claims[1] == (
        "The simulation device as set forth in claim 1, wherein said simulation device has an "
        "input device."
    )
    assert all(not claim[0].isdigit() for claim in application.claims)


def test_grant_parties_classifications_and_citations() -> None:
    document = only_document(sample("uspto/xml2014/US08930553.xml"))
    assert document.applicants == ["International Business Machines Corporation"]
    assert document.inventors == ["Nitzan Nissim", "Brian Pulito", "Asaf Zinger"]
    assert document.agency == "Cuenot, Forsythe & Kim, LLC"
    assert document.citations[0] == "US7844851B2"
    assert document.citations[-1] == "US20140101322A1"

    sensor = only_document(sample("uspto/xml2014/US08926509.xml"))
    assert sensor.cpc[0] == "A61B5/0205" and len(sensor.cpc) == 15
    assert len(sensor.ipc) == 14
    assert sensor.applicants[-1] == "Hmicro, Inc."
    assert sensor.agency == "Wilson Sonsini Goodrich & Rosati"
    # Numbers as written, separators dropped, in one form with the documents' own ids.
    for expected in ("US20010003163A1", "EP1070479A2", "WO2008035151A2", "KR1020040032451"):
        assert expected in sensor.citations
    assert sensor.description.startswith("CROSS-REFERENCE\nThis application claims the benefit")


def test_v40_grant_takes_inventors_from_applicants_and_adds_assignees() -> None:
    document = only_document(sample("uspto/xml2004/US06859910.xml"))
    assert document.inventors == ["John Charles Croy"]
    assert document.applicants == ["John Charles Croy", "Bluestreak.com"]
    assert document.agency == "Foley Hoag LLP"
    assert document.ipc == ["G06F15/00", "G06F17/00", "G06F17/21", "G06F17/24"]
    assert document.citations[:3] == ["US5793966A", "US6205482B1", "US20020055909A1"]


def test_pap_entities_paragraph_numbers_and_parties() -> None:
    document = only_document(sample("uspto/pap/US20010000943A1.xml"))
    assert "5-\u03b1 ,\u03b1-dimethylbenzyl" in document.description  # &agr;
    assert "Min\u221220 nm<t<Min+20 nm (a)" in document.abstract  # &minus; and &lt;
    assert "&" not in document.abstract
    assert document.applicants == ["Kenichi Fukuoka", "Mitsura Eida", "IDEMITSU KOSAN CO., LTD."]
    assert document.inventors == ["Kenichi Fukuoka", "Mitsura Eida"]

    first = only_document(sample("uspto/pap/US20010000044A1.xml"))
    assert first.inventors == ["Wayne W Lin"]
    lines = first.description.splitlines()
    assert lines[0] == "Field OF Invention"
    assert lines[1].startswith("The present invention relates generally to systems")
    assert first.abstract.startswith("A business model / process is described")
    assert "buyer's performance" in first.abstract


# --------------------------------------------------------------------------------------------
# Documents built here


def grant(
    number: str = "07000001",
    title: str = "Widget",
    *,
    kind: str = "B2",
    prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
    doctype: str = '<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v42-2006-08-23.dtd" [ ]>\n',
    claim: str = "1. A widget comprising a part.",
    filing: str = "20040101",
) -> str:
    return (
        f"{prolog}{doctype}"
        '<us-patent-grant lang="EN" dtd-version="v4.2 2006-08-23">\n'
        "<us-bibliographic-data-grant>\n"
        "<publication-reference><document-id><country>US</country>"
        f"<doc-number>{number}</doc-number><kind>{kind}</kind><date>20060103</date>"
        "</document-id></publication-reference>\n"
        '<application-reference appl-type="utility"><document-id><country>US</country>'
        f"<doc-number>10123456</doc-number><date>{filing}</date></document-id>"
        "</application-reference>\n"
        f"<invention-title>{title}</invention-title>\n"
        "</us-bibliographic-data-grant>\n"
        '<abstract><p id="p-0001">An abstract.</p></abstract>\n'
        f'<claims><claim id="CLM-00001" num="00001"><claim-text>{claim}</claim-text></claim>'
        "</claims>\n"
        "</us-patent-grant>\n"
    )


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def errors(records: list[ParsedRecord]) -> list[str]:
    return [record.error for record in records if record.error is not None]


def test_parse_one_document_from_bytes() -> None:
    document = parse_uspto_document(grant().encode())
    assert document.id == "US7000001B2"
    assert document.claims == ["A widget comprising a part."]
    assert document.abstract == "An abstract."


def test_bulk_file_of_concatenated_samples_with_a_malformed_one_in_the_middle(
    tmp_path: Path,
) -> None:
    first = sample("uspto/xml2004/US06859910.xml").read_bytes()
    second = sample("uspto/xmlApp2004/US20050004437A1.xml").read_bytes()
    broken = grant("07000002", "Broken <b>title</invention-title>").encode()
    bulk = write(tmp_path, "ipg050222.xml", first + broken + second)
    records = list(read_uspto(bulk))

    assert len(records) == 3
    assert [r.document.id if r.document else None for r in records] == [
        "US6859910B2",
        None,
        "US20050004437A1",
    ]
    broken_line = first.count(b"\n") + 1
    assert records[1].source == f"{bulk}:{broken_line}"
    title_line = broken_line + 6  # the <invention-title> line of the broken document
    assert records[1].error == (
        f"{bulk}, document 2 (line {broken_line}): malformed XML at line {title_line}, "
        "column 35: mismatched tag"
    )
    third_line = broken_line + broken.count(b"\n")
    assert records[2].source == f"{bulk}:{third_line}"


def test_documents_concatenated_on_one_line_and_without_declarations(tmp_path: Path) -> None:
    one_line = grant("07000003").rstrip("\n") + grant("07000004", "Gadget")
    records = list(read_uspto(write(tmp_path, "one-line.xml", one_line)))
    assert [r.document.id for r in records if r.document] == ["US7000003B2", "US7000004B2"]

    no_prolog = grant("07000005", prolog="") + grant("07000006", prolog="")
    records = list(read_uspto(write(tmp_path, "no-prolog.xml", no_prolog)))
    assert [r.document.id for r in records if r.document] == ["US7000005B2", "US7000006B2"]


def test_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP-SECRET")
    doctype = f'<!DOCTYPE us-patent-grant [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    path = write(tmp_path, "xxe.xml", grant(title="&xxe;", doctype=doctype))
    [record] = read_uspto(path)
    assert record.document is None
    assert record.error == (
        f"{path}, document 1 (line 1): refused: the DOCTYPE declares entity 'xxe'; internal and "
        "external entity declarations are not expanded"
    )


def test_billion_laughs_and_parameter_entities_are_refused(tmp_path: Path) -> None:
    laughs = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};") * 10}">' for i in range(1, 10)
    )
    bomb = grant(title="&lol9;", doctype=f"<!DOCTYPE us-patent-grant [{laughs}]>\n")
    parameter = grant(
        doctype='<!DOCTYPE us-patent-grant [<!ENTITY % dtd SYSTEM "http://127.0.0.1/x">%dtd;]>\n'
    )
    path = write(tmp_path, "bombs.xml", bomb + parameter + grant("07000009"))
    records = list(read_uspto(path))
    assert "refused: the DOCTYPE declares entity 'lol0'" in (records[0].error or "")
    assert "refused: the DOCTYPE declares parameter entity '%dtd'" in (records[1].error or "")
    assert records[2].document is not None and records[2].document.id == "US7000009B2"


def test_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    dtd = write(tmp_path, "grant.dtd", '<!ENTITY secret "FROM-THE-DTD">')
    doctype = f'<!DOCTYPE us-patent-grant SYSTEM "{dtd}" [ ]>\n'
    document = only_document(
        write(tmp_path, "dtd.xml", grant(title="A &secret; x", doctype=doctype))
    )
    assert document.title == "A &secret; x"


def test_unparsed_drawing_entities_are_allowed() -> None:
    doctype = (
        '<!DOCTYPE us-patent-grant SYSTEM "x.dtd" [\n'
        '<!ENTITY US1-D00001.TIF SYSTEM "US1-D00001.TIF" NDATA TIF>\n]>\n'
    )
    assert parse_uspto_document(grant(doctype=doctype).encode()).title == "Widget"


def test_html_and_iso_entities_are_mapped_and_unknown_ones_kept_as_text() -> None:
    title = "&thgr; and &mgr;m &lsqb;1&rsqb; &ldquo;x&rdquo; &amp; &lt;&#x2014;&nosuch;"
    document = parse_uspto_document(grant(title=title).encode())
    assert document.title == "\u03b8 and \u03bcm [1] \u201cx\u201d & <\u2014&nosuch;"


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252"])
def test_document_in_a_declared_single_byte_encoding(tmp_path: Path, encoding: str) -> None:
    text = grant(
        title="Caf\u00e9 grinder with 5 \u00b5m burrs",
        prolog=f'<?xml version="1.0" encoding="{encoding}"?>\n',
        claim="1. A grinder for caf\u00e9 \u00e0 la fran\u00e7aise.",
    )
    path = write(tmp_path, "latin.xml", text.encode(encoding))
    document = only_document(path)
    assert document.title == "Caf\u00e9 grinder with 5 \u00b5m burrs"
    assert document.claims == ["A grinder for caf\u00e9 \u00e0 la fran\u00e7aise."]


def test_utf16_file_with_two_documents(tmp_path: Path) -> None:
    prolog = '<?xml version="1.0" encoding="UTF-16"?>\n'
    text = grant("07000010", "\u4e00\u79cd Widget", prolog=prolog) + grant(
        "07000011", prolog=prolog
    )
    path = write(tmp_path, "utf16.xml", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    records = list(read_uspto(path))
    assert [r.document.title for r in records if r.document] == ["\u4e00\u79cd Widget", "Widget"]
    assert records[1].source == f"{path}:{text.count(chr(10)) // 2 + 1}"


def test_bytes_invalid_in_the_declared_encoding_and_unknown_encodings(tmp_path: Path) -> None:
    bad_utf8 = grant(title="Widget \udcff", prolog='<?xml version="1.0"?>\n')
    data = bad_utf8.encode("utf-8", "surrogateescape")
    unknown = grant(prolog='<?xml version="1.0" encoding="klingon"?>\n').encode()
    path = write(tmp_path, "bad.xml", data + unknown)
    records = list(read_uspto(path))
    offset = data.index(b"\xff")
    assert records[0].error == (
        f"{path}, document 1 (line 1): not valid utf-8 at byte offset {offset} of the document "
        "(line 7)"
    )
    assert records[1].error == (
        f"{path}, document 2 (line 12): unknown encoding 'klingon' declared in the XML prolog"
    )


def test_unsupported_root_missing_title_and_bad_dates_are_errors(tmp_path: Path) -> None:
    other = '<?xml version="1.0"?>\n<trademark><name>X</name></trademark>\n'
    path = write(tmp_path, "mixed.xml", other + grant(title="") + grant(filing="20040231"))
    messages = errors(list(read_uspto(path)))
    assert messages == [
        f"{path}, document 1 (line 1): unsupported root element <trademark>; expected "
        "<us-patent-grant>, <us-patent-application> or <patent-application-publication>",
        f"{path}, document 2 (line 3): no invention-title",
        f"{path}, document 3 (line 14): filing_date '20040231' is not a date (YYYYMMDD)",
    ]


def test_design_kind_follows_kind_code_and_application_type() -> None:
    document = parse_uspto_document(grant("D0512345", "Bottle", kind="S1").encode())
    assert (document.id, document.kind) == ("USD512345S1", "design")


def test_missing_file_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as raised:
        read_uspto(tmp_path / "absent.xml")
    assert raised.value.field == "path"


@pytest.mark.parametrize(
    ("country", "number", "kind", "expected"),
    [
        ("US", "06859910", "B2", "US6859910B2"),
        ("US", "5793966", "A", "US5793966A"),
        ("US", "D0907292", "S1", "USD907292S1"),
        ("US", "RE038001", "E", "USRE38001E"),
        ("US", "20050004437", "A1", "US20050004437A1"),
        ("US", "2001/0003163", "A1", "US20010003163A1"),
        ("US", "2004123456", "A1", "US20040123456A1"),
        ("EP", "0 906 947", "A1", "EP0906947A1"),
        ("EP", "1234567", "A1", "EP1234567A1"),
        ("WO", "WO 2004/108756", "A2", "WO2004108756A2"),
        ("WO", "03/015838", "A3", "WO03015838A3"),
        ("JP", "2004-253298", "A", "JP2004253298A"),
        ("KR", "10-2004-0032451", "", "KR1020040032451"),
    ],
)
def test_publication_numbers(country: str, number: str, kind: str, expected: str) -> None:
    assert normalize_publication_number(country, number, kind) == expected
