"""`ipoffice screen run`: batch screening of a JSON Lines file, in-process and on Spark."""

from __future__ import annotations

import gc
import json
import random
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipoffice.cli import app as cli
from ipoffice.demo import names
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.formats.jsonl import document_to_json
from ipoffice.screening import pipeline
from ipoffice.screening.detector import ScreeningContext
from ipoffice.screening.detectors import default_detectors
from ipoffice.screening.pipeline import DocumentsSource, LocalEngine, Screening
from ipoffice.screening.rules import parse_rules

COPIED = (
    "一种光伏组件清洗机器人，包括行走机构、滚刷、喷水管路和控制器，"
    "所述滚刷由电机驱动旋转，喷水管路沿滚刷布置。"
)
RULES = [
    {
        "code": "R-TEST-1",
        "title": "实用新型权利要求过多",
        "score": 0.5,
        "condition": {
            "all": [
                {"field": "kind", "op": "eq", "value": "utility_model"},
                {"field": "claims_count", "op": "ge", "value": 20},
            ]
        },
    }
]


def batch() -> list[PatentDocument]:
    subjects = list(names.ELEMENTS)
    docs = []
    for i in range(12):
        # Six subjects, each once in Chinese and once in English: no two alike.
        subject = subjects[i % len(subjects)]
        features = random.Random(i).sample(names.ELEMENTS[subject], 5)
        zh = i < len(subjects)
        if zh:
            listing = "、".join(f for f, _ in features)
            abstract = f"本实用新型公开了一种{subject}，包括{listing}。"
            claims = [f"一种{subject}，包括{f}。" for f, _ in features[: 2 + (i % 3)]]
        else:
            title_en = dict(names.OBJECTS)[subject]
            abstract = f"A {title_en} comprising {', '.join(e for _, e in features)}."
            claims = [f"A {title_en} having {e}." for _, e in features[: 2 + (i % 3)]]
        docs.append(
            PatentDocument(
                id=f"CN2024{i:05d}U",
                title=f"一种{subject}",
                kind="utility_model",
                lang="zh" if zh else "en",
                abstract=abstract,
                claims=claims * (10 if i == 7 else 1),
                applicants=[f"某某科技有限公司{i % 4}"],
                agency="北京某某专利代理有限公司",
            )
        )
    docs.append(PatentDocument(id="CNCOPY1A", title="清洗机器人", lang="zh", abstract=COPIED,
                               applicants=["甲公司"]))  # fmt: skip
    docs.append(PatentDocument(id="CNCOPY2A", title="清洗装置", lang="zh", abstract=COPIED,
                               applicants=["乙公司"]))  # fmt: skip
    return docs


def write_input(path: Path, extra_lines: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = [json.dumps(document_to_json(doc), ensure_ascii=False) for doc in batch()]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


def run(tmp_path: Path, *args: str) -> tuple[int, str, list[dict]]:  # type: ignore[type-arg]
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(RULES, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.jsonl"
    result = CliRunner().invoke(
        cli,
        ["screen", "run", "--input", str(tmp_path / "apps.jsonl"), "--out", str(out),
         "--rules", str(rules), "--as-of", "2026-11-21", "--subjects",
         str(tmp_path / "subjects.jsonl"), *args],
    )  # fmt: skip
    rows = (
        [json.loads(line) for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    )
    return result.exit_code, result.output, rows


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IPOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("IPOFFICE_DATABASE_URL", raising=False)
    return tmp_path / "home"


def test_every_application_gets_a_line_with_its_findings(tmp_path: Path) -> None:
    write_input(tmp_path / "apps.jsonl")
    code, output, rows = run(tmp_path)
    assert code == 0, output
    assert [r["id"] for r in rows] == [d.id for d in batch()]
    by_id = {r["id"]: r for r in rows}
    assert {f["detector"] for f in by_id["CNCOPY1A"]["findings"]} == {"near_duplicates"}
    assert by_id["CNCOPY1A"]["findings"][0]["related"] == ["CNCOPY2A"]
    assert by_id["CNCOPY1A"]["risk"] > 0.9  # same abstract, other title
    rule_hits = [
        r["id"] for r in rows if any(f["detector"] == "office_rules" for f in r["findings"])
    ]
    assert rule_hits == ["CN202400007U"]
    clean = by_id["CN202400001U"]
    assert clean == {"id": "CN202400001U", "risk": 0.0, "findings": []}
    subjects = [
        json.loads(x) for x in (tmp_path / "subjects.jsonl").read_text("utf-8").split("\n") if x
    ]
    assert {s["kind"] for s in subjects} == {"applicant", "agency"}
    assert "2 with findings" not in output and "3 with findings" in output


def test_bad_lines_are_listed_and_the_rest_screened(tmp_path: Path) -> None:
    bad = [
        '{"id": "CNBAD1A", "title": ',  # malformed JSON
        json.dumps({"id": "CN202400003U", "title": "重复"}, ensure_ascii=False),  # duplicate id
        json.dumps(
            {"id": "CNEMPTY", "title": "空", "abstract": "", "claims": []}, ensure_ascii=False
        ),
        json.dumps(
            {"id": "CNHUGE", "title": "大", "abstract": "很" * 9_000_000}, ensure_ascii=False
        ),
        json.dumps(
            {"id": "CNBIG", "title": "长", "abstract": "电池隔膜涂层" * 200_000}, ensure_ascii=False
        ),
    ]
    write_input(tmp_path / "apps.jsonl", bad)
    code, output, rows = run(tmp_path)
    assert code == 1
    assert "line 15: invalid JSON" in output
    assert "line 16: duplicate id CN202400003U, first on line 4" in output
    assert "line 18: line is" in output and "over the limit" in output
    ids = [r["id"] for r in rows]
    # Nothing lost: every readable line is screened, the empty and the big text included.
    assert ids == [d.id for d in batch()] + ["CNEMPTY", "CNBIG"]
    assert "16 applications screened" in output and "3 lines refused" in output


def test_missing_input_and_bad_rules_are_clear_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["screen", "run", "--input", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 2 and "no such file" in result.output
    write_input(tmp_path / "apps.jsonl")
    rules = tmp_path / "bad-rules.json"
    rules.write_text('[{"code": "X", "title": "t", "score": 2, "condition": {}}]', "utf-8")
    result = CliRunner().invoke(
        cli,
        ["screen", "run", "--input", str(tmp_path / "apps.jsonl"), "--out", str(tmp_path / "o"),
         "--rules", str(rules)],
    )  # fmt: skip
    assert result.exit_code == 2 and "score" in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.spark
def test_spark_gives_the_same_report_as_in_process(tmp_path: Path) -> None:
    write_input(tmp_path / "apps.jsonl", ['{"id": "CNBAD1A", "title": '])
    local_code, _, local_rows = run(tmp_path)
    local_report = (tmp_path / "report.jsonl").read_bytes()
    spark_code, output, spark_rows = run(tmp_path, "--engine", "spark")
    assert local_code == spark_code == 1
    assert spark_rows == local_rows and any(r["findings"] for r in spark_rows)
    assert (tmp_path / "report.jsonl").read_bytes() == local_report
    assert "line 15: invalid JSON" in output


def test_worker_processes_give_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MIN_PARALLEL", 1)
    monkeypatch.setattr(pipeline, "SLICE", 3)
    # Chunks of 5: several are in the workers' hands at once and must come back in order.
    screening = Screening(
        default_detectors(rules=parse_rules(RULES)), as_of=date(2026, 11, 21), chunk=5
    )
    alone = screening.run(DocumentsSource(batch()), engine=LocalEngine(workers=1))
    pooled = screening.run(DocumentsSource(batch()), engine=LocalEngine(workers=2))
    assert pooled.applications == alone.applications and alone.flagged == 3


def test_rules_kept_by_administrators_apply_and_runs_are_recorded_once(tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from ipoffice.cli.common import database
    from ipoffice.core import audit
    from ipoffice.screening.models import ScreeningFinding, ScreeningRun
    from ipoffice.screening.rule_store import create_rule

    stored = {**RULES[0], "code": "R-STORE-1", "title": "库中规则"}
    with database() as db, db.session(write=True) as session:
        create_rule(session, actor=audit.SYSTEM, rule=stored)
    write_input(tmp_path / "apps.jsonl")
    code, output, rows = run(tmp_path, "--record")
    assert code == 0, output
    codes = {
        f["evidence"]["rule"]
        for r in rows
        for f in r["findings"]
        if f["detector"] == "office_rules"
    }
    assert codes == {"R-TEST-1", "R-STORE-1"}
    assert "recorded as run 1" in output
    again = CliRunner().invoke(
        cli,
        ["screen", "import", str(tmp_path / "report.jsonl"), "--subjects",
         str(tmp_path / "subjects.jsonl"), "--as-of", "2026-11-21"],
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "already recorded as run 1" in again.output
    with database() as db, db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ScreeningRun)) == 1
        findings = session.scalar(select(func.count()).select_from(ScreeningFinding))
    assert findings == sum(len(r["findings"]) for r in rows)


def test_lines_parsed_in_the_workers_give_what_the_documents_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "MIN_PARALLEL", 1)
    monkeypatch.setattr(pipeline, "SLICE", 3)
    path = write_input(
        tmp_path / "apps.jsonl",
        ['{"id": "CNBAD1A", "title": ', "", json.dumps({"id": "CN202400003U", "title": "重复"})],
    )
    # A byte-order mark on the first line: read past, as by the survey.
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    screening = Screening(
        default_detectors(rules=parse_rules(RULES)), as_of=date(2026, 11, 21), chunk=5
    )
    from_documents = screening.run(DocumentsSource(batch()), engine=LocalEngine(workers=1))
    for workers in (1, 2):
        from_lines = screening.run(pipeline.JsonlSource(path), engine=LocalEngine(workers))
        assert from_lines.applications == from_documents.applications
        first, second = from_lines.errors
        assert "line 15: invalid JSON" in first
        assert second.endswith("line 17: duplicate id CN202400003U, first on line 4")
    assert from_documents.flagged == 3


def test_explained_in_worker_processes_as_in_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "MIN_PARALLEL_EXPLAIN", 1)
    monkeypatch.setattr(pipeline, "EXPLAIN_SLICE", 1)  # one task an application: order counts
    path = write_input(tmp_path / "apps.jsonl")
    detectors = default_detectors(rules=parse_rules(RULES))
    on = date(2026, 11, 21)
    alone = Screening(detectors, as_of=on, explain_workers=1).run(DocumentsSource(batch()))
    explained = [
        f for a in alone.applications for f in a.findings if f.detector == "near_duplicates"
    ]
    assert len(explained) == 2 and all("measure" in f.evidence for f in explained)
    for source in (DocumentsSource(batch()), pipeline.JsonlSource(path)):
        pooled = Screening(detectors, as_of=on, explain_workers=2).run(source)
        assert pooled.applications == alone.applications


class _CollectorWatch:
    """A detector that notes whether the cyclic collector runs in `prepare` and `detect`."""

    behaviour = "office_rule"
    name = "collector_watch"

    def __init__(self) -> None:
        self.seen: set[bool] = set()

    def prepare(self, doc: PatentDocument, context: object) -> None:
        self.seen.add(gc.isenabled())

    def detect(self, prepared: object, context: object) -> dict[str, list[object]]:
        self.seen.add(gc.isenabled())
        return {}


def test_the_collector_is_paused_for_a_run_and_restored_after() -> None:
    watch = _CollectorWatch()
    gc.enable()
    Screening([watch], as_of=date(2026, 11, 21)).run(DocumentsSource(batch()))
    assert watch.seen == {False}
    assert gc.isenabled()


def test_a_chunk_is_prepared_with_the_collector_paused_whoever_runs_it() -> None:
    # Worker processes and Spark executors call `prepare_chunk` alone, outside `run`.
    watch = _CollectorWatch()
    gc.enable()
    pipeline.prepare_chunk(batch(), [watch], ScreeningContext(as_of=date(2026, 11, 21)))
    assert watch.seen == {False}
    assert gc.isenabled()
