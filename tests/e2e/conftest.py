"""Browser tests: a seeded demo platform served by uvicorn on loopback, driven by Chromium.

The server runs once per session in a background thread with its own SQLite home; tests read
the same database to pick the data they look up. Chromium is Debian's (`make system-deps`):
Playwright never downloads a browser here, so a missing one fails the tests instead of
skipping them.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Playwright, sync_playwright

from ipoffice.app import create_app
from ipoffice.db.engine import Database
from ipoffice.demo.seed import seed
from ipoffice.settings import Settings

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEED_APPLICATIONS = 60
STARTUP_SECONDS = 30.0
SHUTDOWN_SECONDS = 15.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a browser: mark it `e2e` (deselect with -m 'not e2e')."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    db: Database
    """The server's own database, for tests that pick what to look up."""


def _wait_until_healthy(url: str, server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError(f"the test server stopped while starting ({last_error})")
        if server.started:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
                    last_error = f"HTTP {response.status}"
            except (urllib.error.URLError, OSError) as exc:
                last_error = str(exc)
        time.sleep(0.05)
    raise RuntimeError(f"the test server did not answer {url} in {STARTUP_SECONDS}s: {last_error}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The platform with demo data (SQLite in a temporary IPOFFICE home) on a free port."""
    home = tmp_path_factory.mktemp("ipoffice-home")
    app = create_app(Settings(home=home, database_url=None))
    db: Database = app.state.db
    with db.session(write=True) as session:
        report = seed(session, applications=SEED_APPLICATIONS)
    assert report.applications == SEED_APPLICATIONS
    # The demo's patent texts, indexed with the real multilingual model as in production.
    assert app.state.indexes.index_pending(db) == report.documents

    # Bind the port here and hand the socket to uvicorn: no window for another process to
    # take a port that was only found free.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="ipoffice-e2e-server", daemon=True
        )
        thread.start()
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(f"{base_url}/healthz", server, thread)
            yield LiveServer(base_url=base_url, db=db)
        finally:
            server.should_exit = True
            thread.join(SHUTDOWN_SECONDS)
            assert not thread.is_alive(), "the test server did not stop"
    finally:
        sock.close()
        db.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium; fails (never skips) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium and Chinese "
            "fonts. Run `make system-deps`, then run the tests again.",
            pytrace=False,
        )
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
