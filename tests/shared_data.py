"""Where the real data for tests lives: ../shared/data beside the repository, read by path."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared(relative: str) -> Path:
    """The path of a real data file; the test is skipped, saying why, if it is absent."""
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"real data file {path} is absent (shared/data is not beside the repository)")
    return path
