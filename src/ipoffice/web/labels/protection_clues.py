"""Labels: Clue transfer between bureaus and the typical-case library."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
