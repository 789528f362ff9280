"""Labels: Trademark examination, opposition and review workflow; bad-faith review."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
