"""JSON Lines interchange format: round trips, and every kind of bad line reported in place."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.formats.jsonl import (
    detect_language,
    document_from_json,
    document_to_json,
    read_jsonl,
    read_lines,
    write_jsonl,
)
from ipoffice.patents.formats.records import ParsedRecord
from ipoffice.patents.formats.uspto import read_uspto
from tests.shared_data import DATA

CHINESE = PatentDocument(
    id="CN112345678A",
    title="一种锂离子电池负极材料的制备方法",
    kind="invention",
    lang="zh",
    abstract="本发明公开了一种锂离子电池负极材料的制备方法，包括以下步骤。",
    claims=[
        "一种锂离子电池负极材料的制备方法，其特征在于，包括以下步骤：",
        "根据权利要求1所述的方法。",
    ],
    description="技术领域\n本发明涉及电池材料。",
    applicants=["宁德某某新能源科技有限公司"],
    inventors=["张三", "李四"],
    agency="北京某某专利代理有限公司",
    filing_date=date(2020, 12, 1),
    priority_date=date(2019, 12, 2),
    publication_date=date(2021, 3, 5),
    ipc=["H01M4/36", "H01M10/0525"],
    cpc=["H01M4/366"],
    citations=["CN108123456A", "US20150004437A1"],
    family_id="71234567",
    jurisdiction="CN",
    addresses=["福建省宁德市蕉城区某某路1号"],
    contacts=["0593-1234567", "ip@example.cn"],
    agents=["王五"],
)
ENGLISH_DESIGN = PatentDocument(
    id="USD907292S1",
    title="Shaving blade cartridge",
    kind="design",
    claims=["The ornamental design for a shaving blade cartridge, as shown and described."],
    publication_date=date(2021, 1, 5),
    jurisdiction="US",
)
UTILITY_MODEL = PatentDocument(
    id="CN212345678U",
    title="A clamp\u2028with a line separator in its title",
    kind="utility_model",
    lang="en",
    jurisdiction="",  # deliberately not the id's prefix: written as "" so that it reads back
)
NUMERIC_ID = PatentDocument(id="2020123456", title="Office file without a country prefix")


def write_lines(tmp_path: Path, *lines: str | bytes) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b"".join(
            (line.encode("utf-8") if isinstance(line, str) else line) + b"\n" for line in lines
        )
    )
    return path


def only_error(path: Path, **options: int) -> str:
    [record] = list(read_jsonl(path, **options))
    assert record.document is None and record.error is not None
    return record.error


# --------------------------------------------------------------------------------------------
# Round trips


def test_round_trip(tmp_path: Path) -> None:
    documents = [CHINESE, ENGLISH_DESIGN, UTILITY_MODEL, NUMERIC_ID]
    path = tmp_path / "out.jsonl"
    assert write_jsonl(documents, path) == 4
    records = list(read_jsonl(path))
    assert [record.error for record in records] == [None] * 4
    assert [record.document for record in records] == documents
    assert [record.source for record in records] == [f"{path}:{n}" for n in range(1, 5)]

    lines = path.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 5 and lines[-1] == ""
    first = json.loads(lines[0])
    assert list(first) == [
        "id", "kind", "lang", "title", "abstract", "claims", "description", "applicants",
        "inventors", "agency", "filing_date", "priority_date", "publication_date", "ipc", "cpc",
        "citations", "family_id", "jurisdiction", "addresses", "contacts", "agents",
    ]  # fmt: skip
    assert first["filing_date"] == "2020-12-01"
    assert "一种锂离子电池" in lines[0]  # written as text, not \u escapes
    assert json.loads(lines[1]) == {
        "id": "USD907292S1",
        "kind": "design",
        "lang": "en",
        "title": "Shaving blade cartridge",
        "claims": ["The ornamental design for a shaving blade cartridge, as shown and described."],
        "publication_date": "2021-01-05",
        "jurisdiction": "US",
    }
    assert "\\u2028" in lines[2] and json.loads(lines[2])["jurisdiction"] == ""
    assert json.loads(lines[3]) == {
        "id": "2020123456",
        "kind": "invention",
        "lang": "en",
        "title": "Office file without a country prefix",
    }


def test_round_trip_of_every_uspto_sample(tmp_path: Path) -> None:
    folder = DATA / "uspto"
    if not folder.is_dir():
        pytest.skip(
            f"real data folder {folder} is absent (shared/data is not beside the repository)"
        )
    documents = [
        record.document
        for sub in ("xml2004", "xml2006", "xml2014", "pap", "xmlApp2004")
        for file in sorted((folder / sub).glob("*.xml"))
        for record in read_uspto(file)
        if record.document is not None
    ]
    assert len(documents) == 11
    path = tmp_path / "uspto.jsonl"
    assert write_jsonl(documents, path) == 11
    assert [record.document for record in read_jsonl(path)] == documents


def test_ipc_is_normalised_on_writing(tmp_path: Path) -> None:
    document = PatentDocument(id="CN1A", title="t", ipc=["A61K 39/215", "a61k0039215000"])
    path = tmp_path / "out.jsonl"
    write_jsonl([document], path)
    assert json.loads(path.read_text(encoding="utf-8"))["ipc"] == ["A61K39/215", "A61K39/215"]


# --------------------------------------------------------------------------------------------
# Defaults


def test_language_defaults_from_the_cjk_share_of_title_and_abstract(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        '{"id": "CN1A", "title": "一种电池"}',
        '{"id": "CN2A", "title": "Battery", "abstract": "A battery pack with cells."}',
        '{"id": "CN3A", "title": "一种基于LSTM神经网络的预测方法"}',
        '{"id": "CN4A", "title": "Battery", "lang": "zh"}',
    )
    assert [r.document.lang for r in read_jsonl(path) if r.document] == ["zh", "en", "zh", "zh"]
    assert detect_language("a" * 8 + "电池") == "zh"  # 2 of 10 letters: exactly 0.2
    assert detect_language("a" * 9 + "电池") == "en"
    assert detect_language("2020 - 12") == "en"


def test_jurisdiction_defaults_to_the_id_prefix(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        '{"id": "cn1A", "title": "t"}',
        '{"id": "2020123", "title": "t"}',
        '{"id": "EP1", "title": "t", "jurisdiction": ""}',
        '{"id": "WO2004108756A2", "title": "t", "jurisdiction": "IB"}',
    )
    assert [r.document.jurisdiction for r in read_jsonl(path) if r.document] == [
        "CN",
        "",
        "",
        "IB",
    ]


def test_null_counts_as_absent_for_optional_fields() -> None:
    document = document_from_json(
        {"id": " CN1A ", "title": " t ", "agency": None, "claims": None, "filing_date": None}
    )
    assert document == PatentDocument(id="CN1A", title="t", jurisdiction="CN")
    assert document_to_json(document) == {
        "id": "CN1A",
        "kind": "invention",
        "lang": "en",
        "title": "t",
        "jurisdiction": "CN",
    }


# --------------------------------------------------------------------------------------------
# Errors, one per line


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "CN1A", "title": "t",}',
            "invalid JSON at column 29: Expecting property name enclosed in double quotes",
        ),
        ('{"id": "CN1A" "title": "t"}', "invalid JSON at column 15: Expecting ',' delimiter"),
        ('["CN1A", "t"]', "expected a JSON object, got an array"),
        ('"CN1A"', "expected a JSON object, got a string"),
        ('{"title": "t"}', "missing required field 'id'"),
        ('{"id": "CN1A"}', "missing required field 'title'"),
        ('{"id": "  ", "title": "t"}', "field 'id' is empty"),
        ('{"id": 12, "title": "t"}', "field 'id': expected a string, got a number"),
        ('{"id": "CN1A", "title": null}', "field 'title': expected a string, got null"),
        (
            '{"id": "CN1A", "title": "t", "claims": "1. A method"}',
            "field 'claims': expected a list of strings, got a string",
        ),
        (
            '{"id": "CN1A", "title": "t", "claims": ["a", ["b"]]}',
            "field 'claims': expected a list of strings, item 2 is an array",
        ),
        (
            '{"id": "CN1A", "title": "t", "applicants": [null]}',
            "field 'applicants': expected a list of strings, item 1 is null",
        ),
        (
            '{"id": "CN1A", "title": "t", "abstract": {"en": "x"}}',
            "field 'abstract': expected a string, got an object",
        ),
        (
            '{"id": "CN1A", "title": "t", "filing_date": "2021-02-29"}',
            "field 'filing_date': '2021-02-29' is not a valid date (YYYY-MM-DD)",
        ),
        (
            '{"id": "CN1A", "title": "t", "publication_date": "20210105"}',
            "field 'publication_date': '20210105' is not a valid date (YYYY-MM-DD)",
        ),
        (
            '{"id": "CN1A", "title": "t", "priority_date": 20210105}',
            "field 'priority_date': expected a date string YYYY-MM-DD, got a number",
        ),
        (
            '{"id": "CN1A", "title": "t", "kind": "patent"}',
            "field 'kind': 'patent' is not one of invention, utility_model, design",
        ),
        (
            '{"id": "CN1A", "title": "t", "lang": "fr"}',
            "field 'lang': 'fr' is not one of zh, en",
        ),
        (
            '{"id": "CN1A", "title": "t", "lang": true}',
            "field 'lang': a boolean is not one of zh, en",
        ),
        (
            '{"id": "CN1A", "title": "t", "jurisdiction": "CHN"}',
            "field 'jurisdiction': 'CHN' is not a two-letter office code such as CN or US",
        ),
        (
            '{"id": "CN1A", "title": "t", "ipc": ["H01M 4/36", "battery"]}',
            "field 'ipc': item 2 'battery' is not an IPC/CPC symbol",
        ),
        ('{"id": "CN1A", "title": "t", "Title": "T"}', "unknown field 'Title'"),
        (
            '{"id": "CN1A", "title": "t", "owner": "x", "status": "y"}',
            "unknown fields 'owner', 'status'",
        ),
        ('{"id": "CN1A", "title": "t", "id": "CN2A"}', "field 'id' appears twice"),
        ('{"id": "CN1A", "title": NaN}', "invalid JSON: NaN is not a JSON number"),
        ("[" * 100_000, "invalid JSON: nested too deeply"),
    ],
)
def test_each_bad_line_is_reported_with_its_line_and_field(
    tmp_path: Path, line: str, message: str
) -> None:
    path = write_lines(tmp_path, "", line)
    assert only_error(path) == f"{path}, line 2: {message}"


def test_invalid_utf8_gives_the_line_and_byte_offsets(tmp_path: Path) -> None:
    good = '{"id": "CN1A", "title": "一种"}'
    path = write_lines(tmp_path, good, b'{"id": "CN2A", "title": "\xe4\xb8"}')
    records = list(read_jsonl(path))
    assert records[0].document is not None
    file_offset = len(good.encode("utf-8")) + 1 + 25
    assert records[1].error == (
        f"{path}, line 2: invalid UTF-8 at byte 25 of the line (byte {file_offset} of the file)"
    )


def test_a_bom_is_accepted_at_the_start_of_the_file_only(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    path = write_lines(
        tmp_path, bom + b'{"id": "CN1A", "title": "t"}', bom + b'{"id": "CN2A", "title": "t"}'
    )
    records = list(read_jsonl(path))
    assert records[0].document is not None and records[0].document.id == "CN1A"
    assert records[1].error == (
        f"{path}, line 2: invalid JSON at column 1: Unexpected UTF-8 BOM (decode using utf-8-sig)"
    )


def test_lines_over_the_limit_are_reported_and_skipped(tmp_path: Path) -> None:
    head = '{"id": "CN1A", "title": "'
    at_limit = head + "x" * (100 - len(head) - 2) + '"}'
    assert len(at_limit) == 100
    over = '{"id": "CN2A", "title": "' + "y" * 5_000_000 + '"}'
    path = tmp_path / "long.jsonl"
    path.write_bytes(
        (at_limit + "\r\n" + over + "\n" + at_limit.replace("CN1A", "CN3A")).encode("utf-8")
    )
    records = list(read_jsonl(path, max_line_bytes=100))
    assert records[0].document is not None and records[0].document.id == "CN1A"
    assert (
        records[1].error == f"{path}, line 2: line is {len(over)} bytes long, over the limit of 100"
    )
    assert records[2].document is not None and records[2].document.id == "CN3A"
    assert records[2].source == f"{path}:3"

    just_over = write_lines(tmp_path, at_limit + " ")
    assert only_error(just_over, max_line_bytes=100).endswith(
        "line 1: line is 101 bytes long, over the limit of 100"
    )


def test_lines_read_again_by_number_parse_as_read_jsonl_read_them(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    path = write_lines(
        tmp_path,
        bom + b'{"id": "CN1A", "title": "t"}',
        b"",
        b'{"id": "CN2A", "title": "' + b"y" * 300 + b'"}',
        b'{"id": "CN3A", "title": "third"}',
    )
    records = list(read_jsonl(path, max_line_bytes=200))
    assert [r.line for r in records] == [1, 3, 4] and records[1].error is not None
    wanted = {r.line for r in records if r.document is not None}
    lines = list(read_lines(path, wanted | {3}, max_line_bytes=200))
    # The over-long line 3 is never given; the byte-order mark is read past with its offset.
    assert [(line.number, line.offset) for line in lines] == [(1, 3), (4, 32 + 1 + 328)]
    assert [line.document() for line in lines] == [r.document for r in records if r.document]


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        '{"id": "CN1A", "title": "first"}',
        '{"id": "CN2A", "title": "other"}',
        '{"id": "CN1A", "title": "second"}',
    )
    records = list(read_jsonl(path))
    assert [r.document.title for r in records if r.document] == ["first", "other"]
    assert records[2].error == f"{path}, line 3: duplicate id CN1A, first on line 1"


def test_three_good_and_four_bad_lines_in_order(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        '{"id": "CN1A", "title": "一"}',
        "{not json",
        "",
        '{"id": "CN2A", "title": "二", "claims": [1]}',
        '{"id": "CN3A", "title": "三"}',
        "   ",
        '{"id": "CN1A", "title": "again"}',
        '{"id": "CN4A", "title": "四", "filing_date": "2020-13-01"}',
        '{"id": "US5A", "title": "five", "publication_date": "2020-02-29"}',
    )
    records: list[ParsedRecord] = list(read_jsonl(path))
    assert [r.document.id if r.document else None for r in records] == [
        "CN1A",
        None,
        None,
        "CN3A",
        None,
        None,
        "US5A",
    ]
    assert [r.error for r in records if r.error] == [
        f"{path}, line 2: invalid JSON at column 2: "
        "Expecting property name enclosed in double quotes",
        f"{path}, line 4: field 'claims': expected a list of strings, item 1 is a number",
        f"{path}, line 7: duplicate id CN1A, first on line 1",
        f"{path}, line 8: field 'filing_date': '2020-13-01' is not a valid date (YYYY-MM-DD)",
    ]
    assert [r.source for r in records] == [f"{path}:{n}" for n in (1, 2, 4, 5, 7, 8, 9)]


# --------------------------------------------------------------------------------------------
# Bad calls


def test_writing_refuses_what_would_not_read_back_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("previous\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as duplicate:
        write_jsonl([CHINESE, ENGLISH_DESIGN, CHINESE], path)
    assert duplicate.value.message == (
        "document 3 ('CN112345678A'): duplicate id CN112345678A, first as document 1"
    )
    assert duplicate.value.field == "id"
    bad = PatentDocument(id="CN9A", title="t", ipc=["not a class"])
    with pytest.raises(InvalidInput) as invalid:
        write_jsonl([bad], path)
    assert invalid.value.field == "ipc"
    assert invalid.value.message == (
        "document 1 ('CN9A'): field 'ipc': item 1 'not a class' is not an IPC/CPC symbol"
    )
    with pytest.raises(InvalidInput) as untitled:
        write_jsonl([PatentDocument(id="CN9A", title="")], path)
    assert untitled.value.message == "document 1 ('CN9A'): field 'title' is empty"
    assert path.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_bad_arguments_are_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as missing:
        read_jsonl(tmp_path / "absent.jsonl")
    assert missing.value.field == "path"
    path = write_lines(tmp_path, '{"id": "CN1A", "title": "t"}')
    with pytest.raises(InvalidInput) as limit:
        read_jsonl(path, max_line_bytes=0)
    assert limit.value.field == "max_line_bytes"
    with pytest.raises(InvalidInput) as directory:
        write_jsonl([CHINESE], tmp_path / "no" / "such" / "out.jsonl")
    assert directory.value.field == "path"


def test_the_examples_in_the_format_documentation_read(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "formats.md"
    text = page.read_text(encoding="utf-8")
    block = text.split("```jsonl\n", 1)[1].split("```", 1)[0]
    path = write_lines(tmp_path, *block.splitlines())
    documents = [record.document for record in read_jsonl(path)]
    assert [(d.id, d.lang, d.jurisdiction) for d in documents if d] == [
        ("CN112345678A", "zh", "CN"),
        ("US8930553B2", "en", "US"),
    ]
    shortest = text.split("The shortest valid line: `", 1)[1].split("`", 1)[0]
    document = document_from_json(json.loads(shortest))
    assert (document.kind, document.lang, document.jurisdiction) == ("utility_model", "zh", "CN")
