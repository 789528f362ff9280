"""Duplicate submissions and concurrent updates: one wins, the other gets a clear answer,
nothing is lost or written twice. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipoffice.applications.models import Application, ApplicationEvent
from ipoffice.core import audit
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from tests.conftest import Factory

INVENTION = {"kind": "invention", "title": "一种光伏组件清洗机器人"}


def run_together(n: int, call: Callable[[int], Any]) -> list[Any]:
    """Start n calls at the same moment from n threads."""
    barrier = threading.Barrier(n)

    def go(i: int) -> Any:
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(go, range(n)))


def test_repeated_submission_files_once(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    headers = {**applicant.headers, "Idempotency-Key": "form-7f3a"}
    first = client.post("/api/v1/applications", json=INVENTION, headers=headers)
    again = client.post("/api/v1/applications", json=INVENTION, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    changed = client.post(
        "/api/v1/applications", json={**INVENTION, "title": "另一件申请"}, headers=headers
    )
    assert changed.status_code == 409
    assert changed.json()["error"]["field"] == "Idempotency-Key"
    with client_db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 1


def test_concurrent_duplicate_submissions_file_once(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    headers = {**applicant.headers, "Idempotency-Key": "double-click"}
    responses = run_together(
        4, lambda _i: client.post("/api/v1/applications", json=INVENTION, headers=headers)
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 200, 200, 201]
    assert len({r.json()["number"] for r in responses}) == 1
    with client_db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 1
        assert audit.verify(session).ok


def test_concurrent_filings_get_distinct_consecutive_numbers(
    client: TestClient, api_factory: Factory
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    responses = run_together(
        6,
        lambda i: client.post(
            "/api/v1/applications",
            json={**INVENTION, "title": f"申请{i}"},
            headers=applicant.headers,
        ),
    )
    assert all(r.status_code == 201 for r in responses)
    serials = sorted(int(r.json()["number"][5:12]) for r in responses)
    assert serials == list(range(serials[0], serials[0] + 6))


def test_concurrent_status_updates_lose_nothing(
    client: TestClient, api_factory: Factory, client_db: Database
) -> None:
    applicant = api_factory.account(Role.APPLICANT)
    examiners = [api_factory.account(Role.EXAMINER) for _ in range(2)]
    number = client.post("/api/v1/applications", json=INVENTION, headers=applicant.headers).json()[
        "number"
    ]
    targets = ["preliminary_examination", "withdrawn"]
    actors = [examiners[0], applicant]

    def move(i: int) -> Any:
        return client.post(
            f"/api/v1/applications/{number}/transitions",
            json={"to_status": targets[i], "expected_version": 1},
            headers=actors[i].headers,
        )

    responses = run_together(2, move)
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] == "stale_version"
    winner = next(r for r in responses if r.status_code == 200).json()
    with client_db.session(write=False) as session:
        stored = session.scalar(select(Application).where(Application.number == number))
        assert stored is not None
        assert (stored.status, stored.version) == (winner["status"], 2)
        events = session.scalars(
            select(ApplicationEvent.code).where(ApplicationEvent.application_id == stored.id)
        ).all()
        assert sorted(events) == sorted(["filed", winner["timeline"][-1]["code"]])
        assert audit.verify(session).ok
