"""The stable interfaces of prior-art search and IPC suggestion: CLI (JSON) and API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from ipoffice.cli import app as cli
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.patents.models import PatentDocumentRow
from ipoffice.patents.store import content_hash, to_document
from ipoffice.settings import get_settings
from tests.conftest import Factory
from tests.search_fixtures import cn_titles_jsonl, covid_jsonl, shared


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("IPOFFICE_HOME", str(home))
    monkeypatch.setenv("IPOFFICE_EMBEDDING_MODEL", "hashing")
    monkeypatch.delenv("IPOFFICE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def test_cli_ingest_search_classify(cli_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    titles = cn_titles_jsonl(tmp_path / "cn.jsonl", limit=400)
    result = runner.invoke(cli, ["ingest", "patents", str(titles)])
    assert result.exit_code == 0, result.output
    assert "400 documents read: 400 added" in result.output
    again = runner.invoke(cli, ["ingest", "patents", str(titles)])
    assert "0 added, 0 updated, 400 unchanged" in again.output
    found = runner.invoke(
        cli, ["search", "prior-art", "--text", "一种锂电池", "--top", "5", "--json"]
    )
    assert found.exit_code == 0, found.output
    hits = json.loads(found.output)
    assert 1 <= len(hits) <= 5
    assert set(hits[0]) >= {"id", "score", "title", "passages"}
    assert "电池" in hits[0]["title"]
    own = runner.invoke(cli, ["search", "prior-art", "--application", hits[0]["id"], "--json"])
    assert own.exit_code == 0 and hits[0]["id"] not in {h["id"] for h in json.loads(own.output)}
    loaded = runner.invoke(cli, ["reference", "load-ipc", str(shared("ipc/all_ipc.csv"))])
    assert loaded.exit_code == 0 and "loaded 75287 IPC entries" in loaded.output
    suggested = runner.invoke(cli, ["classify", "--text", "一种锂离子电池正极材料", "--json"])
    assert suggested.exit_code == 0, suggested.output
    items = json.loads(suggested.output)
    assert len(items) == 3 and {"ipc", "score"} <= set(items[0])
    assert all(len(i["ipc"]) == 4 for i in items)


def test_cli_reports_bad_records_and_missing_files(cli_home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "X1", "title": "ok"}\n{"id": 5}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "patents", str(bad)])
    assert result.exit_code == 1
    assert f"bad record: {bad}:2" in result.output
    assert "1 documents read: 1 added" in result.output
    missing = CliRunner().invoke(cli, ["ingest", "patents", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    empty = CliRunner().invoke(cli, ["search", "prior-art", "--text", "  ", "--json"])
    assert empty.exit_code == 2 and "empty" in empty.output


def test_killed_ingest_leaves_no_half_written_document(cli_home: Path, tmp_path: Path) -> None:
    big = covid_jsonl(tmp_path / "covid.jsonl")
    total = len(big.read_text(encoding="utf-8").splitlines())
    env = {**os.environ, "IPOFFICE_HOME": str(cli_home), "IPOFFICE_EMBEDDING_MODEL": "hashing"}
    command = [sys.executable, "-c", "from ipoffice.cli import main; main()", "ingest", "patents"]
    process = subprocess.Popen(  # noqa: S603
        [*command, str(big)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    db = Database(f"sqlite:///{cli_home / 'ipoffice.db'}")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                with db.session(write=False) as session:
                    count = session.scalar(select(func.count()).select_from(PatentDocumentRow))
            except Exception:  # noqa: S112 - the schema may not exist yet
                continue
            if count:
                break
        process.send_signal(signal.SIGKILL)
        process.wait()
        with db.session(write=False) as session:
            rows = session.scalars(select(PatentDocumentRow)).all()
            # Whatever was stored is whole: its content matches the digest written with it.
            assert 0 < len(rows) < total
            assert all(content_hash(to_document(r)) == r.content_hash for r in rows)
    finally:
        if process.poll() is None:
            process.kill()
    rerun = subprocess.run(  # noqa: S603
        [*command, str(big)], env=env, capture_output=True, text=True, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(PatentDocumentRow)) == total
        pending = session.scalar(
            select(func.count())
            .select_from(PatentDocumentRow)
            .where(PatentDocumentRow.indexed_hash.is_distinct_from(PatentDocumentRow.content_hash))
        )
        assert pending == 0
    db.dispose()


def test_api_search_and_classify(client: TestClient, api_factory: Factory, tmp_path: Path) -> None:
    from ipoffice.patents.ingest import ingest_files

    app = client.app
    app.state.indexes.embedding_model = "hashing"  # type: ignore[attr-defined]
    path = tmp_path / "docs.jsonl"
    lines = [
        {"id": "CN1A", "title": "一种无人机避障系统", "publication_date": "2021-03-01"},
        {"id": "CN2A", "title": "一种无人机电池仓", "publication_date": "2023-05-01"},
        {"id": "CN3A", "title": "一种无人机航拍云台"},
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    ingest_files(app.state.db, [path], indexer=app.state.indexes)  # type: ignore[attr-defined]
    examiner = api_factory.account(Role.EXAMINER)
    applicant = api_factory.account(Role.APPLICANT)
    body = {"text": "无人机", "top": 10, "mode": "lexical"}
    seen = client.post("/api/v1/search/prior-art", json=body, headers=examiner.headers)
    assert seen.status_code == 200, seen.text
    assert {h["id"] for h in seen.json()} == {"CN1A", "CN2A", "CN3A"}
    public = client.post("/api/v1/search/prior-art", json=body, headers=applicant.headers)
    # The undated (unpublished) document is the office's secret.
    assert {h["id"] for h in public.json()} == {"CN1A", "CN2A"}
    cut = client.post(
        "/api/v1/search/prior-art", json={**body, "cutoff": "2022-01-01"}, headers=examiner.headers
    )
    assert [h["id"] for h in cut.json()] == ["CN1A"]
    for bad, field in (({"text": ""}, "text"), ({"text": "无人机", "top": 0}, "top")):
        response = client.post("/api/v1/search/prior-art", json=bad, headers=examiner.headers)
        assert response.status_code == 422
        assert response.json()["error"]["field"] == field
    anonymous = client.post("/api/v1/search/prior-art", json=body)
    assert anonymous.status_code == 401
    classified = client.post(
        "/api/v1/classify", json={"text": "无人机避障", "top": 3}, headers=examiner.headers
    )
    assert classified.status_code == 200
    assert isinstance(classified.json(), list)
