"""Labels: Trademark marks, similarity, goods groups and conflict search."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
