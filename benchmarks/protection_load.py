"""Load benchmark of the dispute-case desk: concurrent enforcement officers updating shared
cases and reading lists, against SQLite (WAL) and PostgreSQL, with a serial baseline.

For each backend this builds a data home, prepares two bureaus through the services (officers
with API tokens, a collegial panel, `--cases` shared cases under adjudication and `--background`
other requests on the list), starts the platform with `ipoffice serve` (uvicorn, one worker) on
a free loopback port and drives it from client threads, one `httpx.Client` per officer:

* baseline: 1 officer, `--requests` requests (serial), on one bureau;
* concurrent: `--officers` officers, `--requests` requests each, on the other bureau.

An officer reads a case and acts on it with the version it read (suspend or schedule a hearing
when the case is under adjudication, resume when it is suspended); a `409 stale_version` is
answered by reading the case again and retrying; a quarter of the requests read the bureau's
list (plain or `flag=overdue`). Every HTTP request counts against the budget. At the end the
updates each officer saw succeed are compared, case by case, with the timeline events the server
recorded: a lost update shows as a difference and makes the exit status 1.

    .venv/bin/python benchmarks/protection_load.py [--officers 8] [--requests 300]
        [--cases 16] [--background 150] [--backends sqlite,postgres]

Client and server share the machine's cores: the figures are those of the pair. PostgreSQL runs
with fsync off (`ipoffice.testing.postgres`); SQLite runs as the platform configures it (WAL).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.identity import do_create_user, do_issue_token, principal_of
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.db.migrate import upgrade
from ipoffice.protection import case_actions, case_proceedings
from ipoffice.protection.case_models import CaseEvent, DisputeCase
from ipoffice.protection.case_schemas import CaseCreate
from ipoffice.protection.case_service import do_register_case
from ipoffice.testing.postgres import TemporaryPostgres, free_port

HOST = "127.0.0.1"
CASES = "/api/v1/protection/cases"
RNG_SEED = 20261121
LIST_SHARE = 0.25
UPDATE_EVENTS = ("suspended", "resumed", "hearing_scheduled")
SERVE_CODE = "import sys; sys.argv[0] = 'ipoffice'; from ipoffice.cli import main; main()"
PASSWORD = "load-benchmark-2026"
PATENT = "ZL 2023 1 0397744.0"
SERVER_START_TIMEOUT_S = 60.0


# --- the bureau a run works on ----------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    region: str
    tokens: list[str]
    cases: list[str]
    """The shared cases the officers update."""
    first_event_id: int
    """Timeline events up to this id were written while preparing."""


def _request(received: date, n: int) -> CaseCreate:
    return CaseCreate.model_validate(
        {
            "patent_number": PATENT,
            "request_text": f"负载测试请求 {n}：请求责令被请求人停止侵权。",
            "claims": [1],
            "parties": [
                {"role": "requester", "kind": "person", "name": f"请求人{n}"},
                {"role": "respondent", "kind": "person", "name": f"被请求人{n}"},
            ],
            "received_on": received,
        }
    )


def _under_adjudication(
    session: Session, people: list[User], case: DisputeCase, today: date
) -> str:
    """Accept, serve and give the case its panel, so hearings may be scheduled on it."""
    chair = principal_of(people[0])
    panel: dict[str, object] = {
        "members": [p.username for p in people[:3]],
        "presiding": people[0].username,
    }
    steps: list[tuple[Callable[..., DisputeCase], dict[str, object]]] = [
        (case_actions.do_accept_case, {}),
        (case_actions.do_record_service, {}),
        (case_proceedings.do_form_panel, panel),
    ]
    for action, extra in steps:
        case = action(
            session, principal=chair, number=case.number, expected_version=case.version,
            on=today, today=today, **extra,
        )  # fmt: skip
    return case.number


def prepare(
    db: Database, *, region: str, officers: int, cases: int, background: int, today: date
) -> Desk:
    """Officers of `region` with API tokens, `cases` shared cases under adjudication with a
    panel, and `background` requests just received, all through the services."""
    with db.session(write=True) as session:
        people = [
            do_create_user(
                session, actor=audit.SYSTEM, username=f"load-{region}-{i}",
                display_name=f"负载测试执法人员{i}", password=PASSWORD,
                roles=frozenset({Role.ENFORCEMENT_OFFICER}), region_code=region,
            )
            for i in range(max(officers, 3))  # a collegial panel needs three officers
        ]  # fmt: skip
        tokens = [
            do_issue_token(session, user=u, name="load", lifetime=timedelta(hours=6))[1]
            for u in people[:officers]
        ]
        chair = principal_of(people[0])
        numbers = []
        for n in range(cases + background):
            case, _ = do_register_case(
                session, principal=chair, data=_request(today, n), today=today
            )
            if n < cases:
                numbers.append(_under_adjudication(session, people, case, today))
        last = session.scalar(select(func.max(CaseEvent.id))) or 0
    return Desk(region, tokens, numbers, int(last))


# --- the workload -----------------------------------------------------------------------------


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    updates: Counter[str] = field(default_factory=Counter)
    """Case number -> updates the clients saw succeed."""
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def merge(self, other: Outcome) -> None:
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        self.statuses.update(other.statuses)
        self.conflicts += other.conflicts
        self.errors.extend(other.errors)
        self.updates.update(other.updates)


class Officer:
    """One officer's session: a client, a request budget and a fixed-seed choice of work."""

    def __init__(self, client: httpx.Client, cases: Sequence[str], budget: int, seed: int):
        self.client, self.cases, self.left = client, list(cases), budget
        self.rng = random.Random(seed)
        self.outcome = Outcome()
        self.hearing_on = (office_today() + timedelta(days=30)).isoformat()

    def call(
        self, kind: str, method: str, url: str, body: dict[str, object] | None = None
    ) -> httpx.Response:
        self.left -= 1
        started = time.perf_counter()
        response = self.client.request(method, url, json=body)
        self.outcome.latencies.setdefault(kind, []).append(time.perf_counter() - started)
        self.outcome.statuses[response.status_code] += 1
        return response

    def _action(self, case: dict[str, object]) -> tuple[str, str, dict[str, object]]:
        body: dict[str, object] = {"expected_version": case["version"]}
        url = f"{CASES}/{case['number']}"
        if case["status"] == "suspended":
            return "resume", f"{url}/resume", body
        if self.rng.random() < 0.5:
            return "suspend", f"{url}/suspend", {**body, "reason": "party_request"}
        hearing = {"hearing_on": self.hearing_on, "place": "第一审理庭", "time_of_day": "09:30"}
        return "hearing", f"{url}/hearings", {**body, **hearing}

    def update(self, number: str) -> None:
        """Read the case, act on it at that version; on a stale version read again, retry."""
        read = self.call("read case", "GET", f"{CASES}/{number}")
        while self.left > 0 and read.status_code == 200:
            name, url, body = self._action(read.json())
            answer = self.call(f"update: {name}", "POST", url, body)
            if answer.status_code == 200:
                self.outcome.updates[number] += 1
                return
            if answer.status_code == 409 and answer.json()["error"]["code"] == "stale_version":
                self.outcome.conflicts += 1
                if self.left > 0:
                    read = self.call("read case", "GET", f"{CASES}/{number}")
                continue
            self.outcome.errors.append(f"{name} {number}: {answer.status_code} {answer.text[:200]}")
            return
        if read.status_code != 200:
            self.outcome.errors.append(f"read {number}: {read.status_code} {read.text[:200]}")

    def run(self) -> None:
        while self.left > 0:
            if self.rng.random() < LIST_SHARE:
                flag = "?flag=overdue" if self.rng.random() < 0.5 else ""
                listed = self.call("list cases", "GET", f"{CASES}{flag}")
                if listed.status_code != 200:
                    self.outcome.errors.append(f"list: {listed.status_code}")
                continue
            self.update(self.rng.choice(self.cases))


def run_workload(
    clients: Sequence[httpx.Client], cases: Sequence[str], *, requests: int, seed: int = RNG_SEED
) -> Outcome:
    """Each client (one officer) makes `requests` requests in its own thread, all at once."""
    officers = [Officer(c, cases, requests, seed + i) for i, c in enumerate(clients)]
    threads = [threading.Thread(target=o.run, name=f"officer-{i}") for i, o in enumerate(officers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Outcome(seconds=time.perf_counter() - started)
    for officer in officers:
        total.merge(officer.outcome)
    return total


def recorded_updates(db: Database, desk: Desk) -> Counter[str]:
    """Case number -> update events the server recorded after the desk was prepared."""
    with db.session(write=False) as session:
        rows = session.execute(
            select(DisputeCase.number, func.count(CaseEvent.id))
            .join(CaseEvent, CaseEvent.case_id == DisputeCase.id)
            .where(
                DisputeCase.number.in_(desk.cases),
                CaseEvent.id > desk.first_event_id,
                CaseEvent.code.in_(UPDATE_EVENTS),
            )
            .group_by(DisputeCase.number)
        ).all()
    return Counter({number: int(count) for number, count in rows})


def lost_updates(outcome: Outcome, recorded: Counter[str]) -> list[str]:
    """Cases where the clients' count of successful updates differs from the server's."""
    return [
        f"{number}: clients {outcome.updates[number]}, server {recorded[number]}"
        for number in sorted(set(outcome.updates) | set(recorded))
        if outcome.updates[number] != recorded[number]
    ]


# --- the server and the report ----------------------------------------------------------------


class Server:
    """`ipoffice serve` in its own process group, on a free loopback port."""

    def __init__(self, home: Path, database_url: str | None) -> None:
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.log = home / "server.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPOFFICE_")}
        env["IPOFFICE_HOME"] = str(home)
        if database_url:
            env["IPOFFICE_DATABASE_URL"] = database_url
        command = [sys.executable, "-c", SERVE_CODE, "serve", "--host", HOST]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [*command, "--port", str(self.port)], env=env, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited:\n{self.log.read_text()[-2000:]}")
                with contextlib.suppress(httpx.TransportError):
                    if client.get("/healthz").status_code == 200:
                        return
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer /healthz:\n{self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..100), in milliseconds."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return 1000 * ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def report(backend: str, label: str, outcome: Outcome, lost: list[str], updates: int) -> None:
    rate = outcome.requests / outcome.seconds if outcome.seconds else math.nan
    print(
        f"\n{backend} / {label}: {outcome.requests} requests in {outcome.seconds:.1f} s = "
        f"{rate:.1f} req/s; 409 stale_version: {outcome.conflicts}; "
        f"errors: {len(outcome.errors)}; statuses: {dict(sorted(outcome.statuses.items()))}"
    )
    print(f"  {'request':<18}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in sorted(outcome.latencies):
        values = outcome.latencies[kind]
        print(
            f"  {kind:<18}{len(values):>7}{percentile(values, 50):>9.1f}"
            f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}"
        )
    verdict = "no update lost" if not lost else f"LOST UPDATES on {len(lost)} cases"
    print(
        f"  check: {verdict}: {sum(outcome.updates.values())} updates counted by the clients, "
        f"{updates} update events recorded by the server over {len(outcome.updates)} cases"
    )
    for line in lost[:20]:
        print(f"    {line}")
    for error in outcome.errors[:5]:
        print(f"    error: {error}")


@contextlib.contextmanager
def database(backend: str, home: Path) -> Iterator[str | None]:
    """The database URL of a fresh store (None: the SQLite file of the home)."""
    if backend == "sqlite":
        yield None
        return
    server = TemporaryPostgres().start()
    try:
        server.execute("CREATE DATABASE ipoffice_load")
        yield server.url("ipoffice_load")
    finally:
        server.stop()


def _clients(base_url: str, tokens: Sequence[str]) -> list[httpx.Client]:
    return [
        httpx.Client(base_url=base_url, timeout=60.0, headers={"Authorization": f"Bearer {t}"})
        for t in tokens
    ]


def run_backend(backend: str, args: argparse.Namespace) -> bool:
    """Both runs on one backend; True when no update was lost and no request failed."""
    with tempfile.TemporaryDirectory(prefix="ipoffice-load-") as tmp:
        home = Path(tmp)
        with database(backend, home) as url:
            db = Database(url or f"sqlite:///{home / 'ipoffice.db'}")
            upgrade(db.engine)
            today = office_today()
            sizes = {"cases": args.cases, "background": args.background, "today": today}
            serial = prepare(db, region="440300", officers=1, **sizes)
            crowd = prepare(db, region="440100", officers=args.officers, **sizes)
            server = Server(home, url)
            ok = True
            try:
                server.wait_ready()
                for label, desk in (("1 officer (serial)", serial),
                                    (f"{args.officers} officers", crowd)):  # fmt: skip
                    clients = _clients(server.base_url, desk.tokens)
                    outcome = run_workload(clients, desk.cases, requests=args.requests)
                    for client in clients:
                        client.close()
                    recorded = recorded_updates(db, desk)
                    lost = lost_updates(outcome, recorded)
                    report(backend, label, outcome, lost, sum(recorded.values()))
                    ok = ok and not lost and not outcome.errors
            finally:
                server.stop()
                db.dispose()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=8)
    parser.add_argument("--requests", type=int, default=300, help="requests per officer")
    parser.add_argument("--cases", type=int, default=16, help="shared cases under update")
    parser.add_argument("--background", type=int, default=150, help="other cases on the list")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    print(
        f"protection load: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {args.officers} officers x {args.requests} requests, "
        f"{args.cases} shared cases, {args.background} other cases per bureau"
    )
    results = [run_backend(b.strip(), args) for b in args.backends.split(",") if b.strip()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
