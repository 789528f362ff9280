"""Labels: Patent dispute cases (adjudication, mediation), their pages and reports."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
