"""Benchmark of the public status inquiry, with `/healthz` on the same server as its baseline.

For each backend (a SQLite file, and PostgreSQL started by `TemporaryPostgres`) this builds a
data home, seeds demo applications, starts the platform with `ipoffice serve` (one uvicorn
worker) in a separate process on a free loopback port, and drives it with a fixed request
budget spread over concurrent client threads, one `httpx.Client` (one keep-alive connection)
each. The inquiry asks for real numbers drawn with a fixed-seed RNG from the database, in
canonical and written forms, plus a share of unknown (404) and malformed (422) numbers.

    .venv/bin/python benchmarks/inquiry.py [--requests N] [--concurrency C]
        [--applications A] [--backends sqlite,postgres] [--time-limit S] [--pin]

Client and server run on the same machine and share its cores, so the figures are those of the
pair, not of the server alone; the CPU columns show how the work split between them. Every
server, database and temporary directory is removed at the end, also on Ctrl-C or error. The
exit status is 1 when any request failed (5xx, transport error or an unexpected status).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psycopg
from sqlalchemy import select

from ipoffice.applications.models import Application
from ipoffice.applications.service import display_number
from ipoffice.applications.workflow import Kind
from ipoffice.core.identifiers import make_patent_number
from ipoffice.db.engine import Database
from ipoffice.db.migrate import upgrade
from ipoffice.demo.seed import seed
from ipoffice.settings import Settings
from ipoffice.testing.postgres import TemporaryPostgres, free_port

HOST = "127.0.0.1"
INQUIRY = "/api/v1/applications/{number}/status"
HEALTH = "/healthz"
BACKENDS = ("sqlite", "postgres")
RNG_SEED = 20261121
REQUEST_TIMEOUT_S = 30.0
SERVER_START_TIMEOUT_S = 60.0
WARMUP_REQUESTS = 200

# The server is the platform's own entry point, exactly as an office runs it.
SERVE_CODE = "import sys; sys.argv[0] = 'ipoffice'; from ipoffice.cli import main; main()"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- what is asked ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    path: str
    expected: int
    label: str  # known, unknown, malformed, health


def _quoted(number: str) -> str:
    return INQUIRY.format(number=quote(number, safe=""))


def _unknown_number(rng: random.Random, known: set[str]) -> str:
    """A well-formed number (valid check digit) that no application carries."""
    while True:
        if rng.random() < 0.5:
            number = str(rng.randint(100_000_000, 999_999_999))
        else:
            type_digit = rng.choice((1, 2, 3))
            year = rng.choice((2022, 2023, 2024, 2025))
            serial = rng.randint(5_000_000, 9_999_999)
            number = make_patent_number(year, type_digit, serial).canonical
        if number not in known:
            return number


def _malformed_number(rng: random.Random, patents: list[str]) -> str:
    """Numbers the parser or the path validation refuses with 422."""
    choice = rng.randrange(4)
    if choice == 0 and patents:  # a mistyped check digit
        canonical = rng.choice(patents)
        wrong = rng.choice([d for d in "0123456789X" if d != canonical[-1]])
        return canonical[:-1] + wrong
    if choice == 1:
        return f"not-a-number-{rng.randint(1, 999)}"
    if choice == 2:  # type digit 7 does not exist
        return f"2024 7 {rng.randint(0, 9_999_999):07d}.1"
    return "1" * 41  # longer than the path parameter's max_length


def inquiry_plan(
    numbers: list[tuple[str, str]], count: int, invalid_share: float, seed_value: int
) -> list[Request]:
    """`count` inquiries: real numbers in canonical or display form, then unknown and malformed.

    `numbers` holds (canonical number, kind) pairs read from the database.
    """
    rng = random.Random(seed_value)
    known = {number for number, _kind in numbers}
    patents = [number for number, kind in numbers if kind != Kind.TRADEMARK]
    plan = []
    for _ in range(count):
        draw = rng.random()
        if draw < invalid_share / 2:
            plan.append(Request(_quoted(_unknown_number(rng, known)), 404, "unknown"))
        elif draw < invalid_share:
            plan.append(Request(_quoted(_malformed_number(rng, patents)), 422, "malformed"))
        else:
            number, kind = rng.choice(numbers)
            written = number if rng.random() < 0.5 else display_number(kind, number)
            plan.append(Request(_quoted(written), 200, "known"))
    return plan


def health_plan(count: int) -> list[Request]:
    return [Request(HEALTH, 200, "health")] * count


# --- the server process ----------------------------------------------------------------------


class Server:
    """`ipoffice serve` in its own process and session (so Ctrl-C reaches only this script)."""

    def __init__(
        self, home: Path, database_url: str | None, log: Path, cpus: set[int] | None = None
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.log_path = log
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPOFFICE_")}
        env["IPOFFICE_HOME"] = str(home)
        if database_url is not None:
            env["IPOFFICE_DATABASE_URL"] = database_url
        command = [sys.executable, "-c", SERVE_CODE, "serve", "--host", HOST]
        command += ["--port", str(self.port)]
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        if cpus:  # set before the interpreter starts threads, which inherit it
            os.sched_setaffinity(self.process.pid, cpus)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"the server exited with {self.process.returncode}:\n{self.log_tail()}"
                    )
                with contextlib.suppress(httpx.TransportError):
                    if client.get(HEALTH).status_code == 200:
                        return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer /healthz:\n{self.log_tail()}")
                time.sleep(0.1)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def _status_kb(self, key: str) -> int | None:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def reset_peak_rss(self) -> bool:
        """Reset VmHWM to the current RSS (Linux >= 4.0), so each phase has its own peak."""
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True

    def peak_rss_kb(self) -> int | None:
        return self._status_kb("VmHWM")

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server process so far."""
        return tree_cpu_seconds(self.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def _stat_fields(pid: int | str) -> list[str] | None:
    """Fields 3.. of /proc/<pid>/stat (after the command name), or None if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _own_cpu_ticks(fields: list[str]) -> int:
    """utime + stime of the process and cutime + cstime of its reaped children."""
    return sum(int(v) for v in fields[11:15])


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process, its reaped children and its live children (PostgreSQL runs a
    process per connection under the postmaster)."""
    fields = _stat_fields(pid)
    if fields is None:
        return math.nan
    ticks = _own_cpu_ticks(fields)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            child = _stat_fields(entry.name)
            if child is not None and int(child[1]) == pid:
                ticks += _own_cpu_ticks(child)
    return ticks / CLOCK_TICKS


# --- the load driver -------------------------------------------------------------------------


@dataclass
class Result:
    endpoint: str
    requests: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    codes: Counter[str] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)
    elapsed_s: float = 0.0
    timed_out: bool = False
    peak_rss_kb: int | None = None
    rss_is_phase_peak: bool = True
    server_cpu_s: float = math.nan
    db_cpu_s: float = math.nan
    client_cpu_s: float = math.nan
    busy_cpu_s: float = math.nan  # all cores, all processes and the kernel

    @property
    def unattributed_cpu_s(self) -> float:
        """Busy CPU time not spent by client, server or database: loopback networking in the
        kernel, and any other process on the machine."""
        known = self.server_cpu_s + self.client_cpu_s
        if not math.isnan(self.db_cpu_s):
            known += self.db_cpu_s
        return self.busy_cpu_s - known

    @property
    def errors(self) -> int:
        """5xx answers and transport errors."""
        return sum(n for code, n in self.codes.items() if not code.isdigit() or int(code) >= 500)

    @property
    def throughput(self) -> float:
        return self.requests / self.elapsed_s if self.elapsed_s else math.nan

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the answered requests, in milliseconds."""
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _machine_busy_seconds() -> float:
    """Busy CPU seconds of all cores since boot, from /proc/stat (guests are in user)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS


class Load:
    """A fixed list of requests, taken in order by `concurrency` threads that each hold one
    `httpx.Client`; taking stops when the list is done, the time limit has passed or `stop`."""

    def __init__(self, base_url: str, plan: list[Request], time_limit_s: float, result: Result):
        self.base_url = base_url
        self.plan = plan
        self.result = result
        self.deadline = time.monotonic() + time_limit_s
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.next_index = 0

    def take(self) -> Request | None:
        with self.lock:
            if self.stop.is_set() or self.next_index >= len(self.plan):
                return None
            if time.monotonic() > self.deadline:
                self.result.timed_out = True
                return None
            request = self.plan[self.next_index]
            self.next_index += 1
            return request

    def worker(self) -> None:
        latencies: list[float] = []
        codes: Counter[str] = Counter()
        unexpected: Counter[str] = Counter()
        with httpx.Client(base_url=self.base_url, timeout=REQUEST_TIMEOUT_S) as client:
            while (request := self.take()) is not None:
                start = time.perf_counter()
                try:
                    response = client.get(request.path)
                except httpx.HTTPError as exc:
                    code = f"transport:{type(exc).__name__}"
                else:
                    code = str(response.status_code)
                    latencies.append((time.perf_counter() - start) * 1000)
                codes[code] += 1
                if code != str(request.expected):
                    unexpected[f"{request.label}->{code}"] += 1
        with self.lock:
            self.result.latencies_ms.extend(latencies)
            self.result.codes.update(codes)
            self.result.unexpected.update(unexpected)

    def run(self, concurrency: int) -> None:
        threads = [threading.Thread(target=self.worker, daemon=True) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                while thread.is_alive():
                    thread.join(timeout=0.2)
        except BaseException:
            self.stop.set()
            give_up = time.monotonic() + 5
            for thread in threads:
                thread.join(timeout=max(0.0, give_up - time.monotonic()))
            raise


def drive(
    base_url: str, plan: list[Request], concurrency: int, time_limit_s: float, endpoint: str
) -> Result:
    """Send every request of `plan` over `concurrency` keep-alive connections; stop early when
    `time_limit_s` has passed (requests in flight then finish or time out)."""
    result = Result(endpoint)
    load = Load(base_url, plan, time_limit_s, result)
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    busy_before = _machine_busy_seconds()
    try:
        load.run(concurrency)
    finally:
        result.elapsed_s = time.perf_counter() - wall_before
        result.client_cpu_s = time.process_time() - cpu_before
        result.busy_cpu_s = _machine_busy_seconds() - busy_before
        result.requests = sum(result.codes.values())
    return result


def measure(
    server: Server,
    db_pid: int | None,
    plan: list[Request],
    args: argparse.Namespace,
    endpoint: str,
) -> Result:
    server_cpu = server.cpu_seconds()
    db_cpu = tree_cpu_seconds(db_pid) if db_pid else math.nan
    phase_peak = server.reset_peak_rss()
    result = drive(server.base_url, plan, args.concurrency, args.time_limit, endpoint)
    result.server_cpu_s = server.cpu_seconds() - server_cpu
    if db_pid:
        result.db_cpu_s = tree_cpu_seconds(db_pid) - db_cpu
    result.peak_rss_kb = server.peak_rss_kb()
    result.rss_is_phase_peak = phase_peak
    if server.process.poll() is not None:
        raise RuntimeError(f"the server died during the run:\n{server.log_tail()}")
    return result


# --- backends --------------------------------------------------------------------------------


@dataclass
class BackendRun:
    name: str
    description: str
    seed_s: float
    results: list[Result]


def _seed(url: str, applications: int) -> tuple[list[tuple[str, str]], float]:
    """Migrate and seed an empty database; return the (number, kind) pairs and the seconds."""
    started = time.perf_counter()
    db = Database(url)
    try:
        upgrade(db.engine)
        with db.session(write=True) as session:
            report = seed(session, applications=applications)
        if report.skipped:
            raise RuntimeError(f"the database at {url} was not empty")
        with db.session(write=False) as session:
            rows = session.execute(select(Application.number, Application.kind)).all()
    finally:
        db.dispose()
    numbers = sorted((number, kind) for number, kind in rows)
    return numbers, time.perf_counter() - started


def run_backend(
    name: str,
    url: str | None,
    db_pid: int | None,
    home: Path,
    args: argparse.Namespace,
    stack: contextlib.ExitStack,
) -> BackendRun:
    """Seed, serve and measure one backend; `db_pid` is PostgreSQL's postmaster, if any."""
    settings = Settings(home=home, database_url=url)
    print(f"[{name}] seeding {args.applications} applications ...", flush=True)
    numbers, seed_s = _seed(settings.resolved_database_url, args.applications)
    print(f"[{name}] seeded {len(numbers)} applications in {seed_s:.0f} s", flush=True)

    server = Server(home, url, home.parent / f"{name}-server.log", args.server_cpus)
    stack.callback(server.stop)
    server.wait_ready()
    print(f"[{name}] ipoffice serve pid {server.pid} at {server.base_url}", flush=True)

    inquiries = inquiry_plan(numbers, args.requests, args.invalid_share, args.seed)
    health = health_plan(args.requests)
    warmup = min(WARMUP_REQUESTS, args.requests)
    # Warm up both endpoints (imports, connection pools, caches); not counted.
    for plan in (health[:warmup], inquiries[-warmup:]):
        drive(server.base_url, plan, args.concurrency, args.time_limit, "warm-up")
    _check_answer(server.base_url, numbers[0][0])

    results = []
    for endpoint, plan in ((f"GET {HEALTH} (baseline)", health), (f"GET {INQUIRY}", inquiries)):
        print(f"[{name}] {endpoint}: {len(plan)} requests ...", flush=True)
        results.append(measure(server, db_pid, plan, args, endpoint))
    server.stop()
    description = (
        f"SQLite {sqlite3.sqlite_version}, file in the data home (WAL)"
        if url is None
        else f"PostgreSQL {_postgres_version(url)}, TemporaryPostgres on loopback (fsync off)"
    )
    return BackendRun(name, description, seed_s, results)


def _check_answer(base_url: str, number: str) -> None:
    """A known number answers 200 with itself, so the benchmark measures real work."""
    response = httpx.get(base_url + _quoted(number), timeout=REQUEST_TIMEOUT_S)
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("number") != number:
        raise RuntimeError(f"inquiry for {number} answered {response.status_code}: {body}")


def _postgres_version(url: str) -> str:
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


# --- reporting -------------------------------------------------------------------------------


def machine_facts() -> list[str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().splitlines()[0].split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    usable = len(os.sched_getaffinity(0))
    packages = ", ".join(
        f"{p} {version(p)}" for p in ("fastapi", "uvicorn", "sqlalchemy", "psycopg", "httpx")
    )
    return [
        f"cores: {os.cpu_count()} ({usable} usable), {cpu}, memory {memory}",
        f"system: {platform.system()} {platform.release()}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"SQLite {sqlite3.sqlite_version}; {packages}",
    ]


def _fmt(value: float, digits: int = 1) -> str:
    return "-" if math.isnan(value) else f"{value:.{digits}f}"


def table(run: BackendRun, concurrency: int) -> str:
    header = (
        "endpoint",
        "requests",
        "errors",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "server peak RSS MiB",
        "server CPU ms/req",
        "db CPU ms/req",
        "client CPU ms/req",
        "other CPU ms/req",
    )
    rows = [header]
    for r in run.results:
        rss = "-" if r.peak_rss_kb is None else f"{r.peak_rss_kb / 1024:.1f}"
        if not r.rss_is_phase_peak:
            rss += " (lifetime)"
        per_request = 1000 / r.requests if r.requests else math.nan
        rows.append(
            (
                r.endpoint,
                str(r.requests) + (" (time limit)" if r.timed_out else ""),
                str(r.errors),
                _fmt(r.throughput, 0),
                _fmt(r.percentile(50)),
                _fmt(r.percentile(95)),
                _fmt(r.percentile(99)),
                rss,
                _fmt(r.server_cpu_s * per_request, 2),
                "in server" if math.isnan(r.db_cpu_s) else _fmt(r.db_cpu_s * per_request, 2),
                _fmt(r.client_cpu_s * per_request, 2),
                _fmt(r.unattributed_cpu_s * per_request, 2),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        f"{run.name}: {run.description}; concurrency {concurrency}; seeded in {run.seed_s:.0f} s",
    ]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    for r in run.results:
        codes = " ".join(f"{code}x{n}" for code, n in sorted(r.codes.items()))
        cores = os.cpu_count() or 1
        busy = _fmt(r.busy_cpu_s / (r.elapsed_s * cores) * 100 if r.elapsed_s else math.nan, 0)
        lines.append(
            f"  {r.endpoint}: status {codes}; {r.elapsed_s:.1f} s, {cores} cores {busy}% busy"
        )
        if r.unexpected:
            what = ", ".join(f"{k} x{n}" for k, n in sorted(r.unexpected.items()))
            lines.append(f"    UNEXPECTED: {what}")
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=4000, help="per endpoint and backend")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--applications", type=int, default=2000, help="seeded per backend")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated")
    parser.add_argument(
        "--time-limit", type=float, default=120.0, help="seconds per endpoint run, at most"
    )
    parser.add_argument(
        "--invalid-share", type=float, default=0.10, help="unknown plus malformed numbers"
    )
    parser.add_argument("--seed", type=int, default=RNG_SEED, help="RNG seed of the numbers")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="run the server on the first usable core and the client on the others "
        "(an experiment; production does not pin)",
    )
    args = parser.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = sorted(set(args.backends) - set(BACKENDS))
    if unknown or not args.backends:
        parser.error(f"--backends: choose from {', '.join(BACKENDS)}; got {unknown or 'none'}")
    if args.requests < 1 or args.concurrency < 1 or args.applications < 1:
        parser.error("--requests, --concurrency and --applications must be at least 1")
    if not 0 <= args.invalid_share <= 1:
        parser.error("--invalid-share is a fraction between 0 and 1")
    args.server_cpus = None
    if args.pin:
        usable = sorted(os.sched_getaffinity(0))
        if len(usable) < 2:
            parser.error("--pin needs at least 2 usable cores")
        args.server_cpus = {usable[0]}
        args.client_cpus = set(usable[1:])
    return args


def background_load(seconds: float = 2.0) -> float:
    """How busy the cores are before the benchmark starts, as a fraction of all cores."""
    before, started = _machine_busy_seconds(), time.perf_counter()
    time.sleep(seconds)
    busy = _machine_busy_seconds() - before
    return busy / ((time.perf_counter() - started) * len(os.sched_getaffinity(0)))


def _sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(143)


def _start_postgres(stack: contextlib.ExitStack) -> tuple[str, int]:
    """A fresh PostgreSQL with an empty `bench` database, stopped and deleted when `stack`
    closes; returns its URL and the postmaster's pid."""
    server = TemporaryPostgres()
    stack.callback(_stop_postgres, server)  # also removes its directory
    server.start()
    server.execute("CREATE DATABASE bench")
    postmaster = int((server.datadir / "postmaster.pid").read_text().split()[0])
    return server.url("bench"), postmaster


def _stop_postgres(server: TemporaryPostgres) -> None:
    try:
        server.stop()
    except Exception as exc:  # already gone (e.g. killed); its directory is removed anyway
        print(f"note: stopping PostgreSQL: {exc}", file=sys.stderr)


@contextlib.contextmanager
def _workspace() -> Iterator[tuple[Path, contextlib.ExitStack]]:
    with contextlib.ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="ipoffice-bench-"))
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        yield root, stack


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _sigterm)
    print("ipoffice status inquiry benchmark")
    for fact in machine_facts():
        print(f"  {fact}")
    idle_busy = background_load()
    print(f"  cores busy before the start: {idle_busy:.0%}")
    if idle_busy > 0.10:
        print("  WARNING: the machine is not idle; other processes take CPU from the benchmark")
    print(
        f"  {args.requests} requests per endpoint, concurrency {args.concurrency}, "
        f"{args.applications} applications, {args.invalid_share:.0%} unknown or malformed "
        f"numbers, time limit {args.time_limit:.0f} s per endpoint, seed {args.seed}",
        flush=True,
    )
    if args.pin:
        os.sched_setaffinity(0, args.client_cpus)  # client threads start later and inherit it
        print(
            f"  pinned: server on core {min(args.server_cpus)}, client on cores "
            f"{','.join(map(str, sorted(args.client_cpus)))}, PostgreSQL unpinned"
        )
    runs: list[BackendRun] = []
    try:
        with _workspace() as (root, stack):
            for name in args.backends:
                url, db_pid = _start_postgres(stack) if name == "postgres" else (None, None)
                runs.append(run_backend(name, url, db_pid, root / name, args, stack))
    except KeyboardInterrupt:
        print("\ninterrupted; servers stopped and temporary data removed", file=sys.stderr)
        return 130
    print()
    for run in runs:
        print(table(run, args.concurrency))
        print()
    failed = any(r.errors or r.unexpected for run in runs for r in run.results)
    if failed:
        print("FAILED: some requests got 5xx, transport errors or unexpected statuses")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
