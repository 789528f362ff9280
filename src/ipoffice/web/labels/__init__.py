"""Bilingual labels of each domain's pages, one module per domain, merged by `web.i18n`."""

from __future__ import annotations

from ipoffice.web.labels import (
    protection_cases,
    protection_clues,
    protection_credit,
    trademark_examination,
    trademarks,
)

DOMAIN_MESSAGES: tuple[dict[str, tuple[str, str]], ...] = (
    protection_cases.MESSAGES,
    protection_clues.MESSAGES,
    protection_credit.MESSAGES,
    trademarks.MESSAGES,
    trademark_examination.MESSAGES,
)
