"""The load benchmark's workload, in-process against SQLite: 3 officers x 20 requests on shared
cases, and the check that every update the clients saw succeed is on the server's timeline.
No timings are asserted."""

from __future__ import annotations

from pathlib import Path

from benchmarks.protection_load import lost_updates, prepare, recorded_updates, run_workload
from fastapi.testclient import TestClient

from ipoffice.app import create_app
from ipoffice.core.clock import office_today
from ipoffice.db.engine import Database
from ipoffice.settings import Settings


def test_concurrent_officers_lose_no_update(tmp_path: Path, sqlite_url: str) -> None:
    app = create_app(Settings(home=tmp_path, database_url=sqlite_url), migrate=False)
    db: Database = app.state.db
    desk = prepare(db, region="440300", officers=3, cases=3, background=4, today=office_today())
    assert len(desk.tokens) == 3 and len(desk.cases) == 3
    clients = [
        TestClient(app, base_url="https://testserver", headers={"Authorization": f"Bearer {t}"})
        for t in desk.tokens
    ]
    outcome = run_workload(clients, desk.cases, requests=20)
    assert outcome.errors == []
    assert outcome.requests == 60 and sum(outcome.statuses.values()) == 60
    assert set(outcome.statuses) <= {200, 409} and outcome.statuses[409] == outcome.conflicts
    recorded = recorded_updates(db, desk)
    assert sum(outcome.updates.values()) > 0
    assert lost_updates(outcome, recorded) == []
    assert recorded == outcome.updates
    # A lost update would show: one the server never recorded is reported.
    outcome.updates[desk.cases[0]] += 1
    assert lost_updates(outcome, recorded) != []
    db.dispose()
