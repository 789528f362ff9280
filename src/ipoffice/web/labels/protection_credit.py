"""Labels: Credit management: dishonest-entity records, repair, public list."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
