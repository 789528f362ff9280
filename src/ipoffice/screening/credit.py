"""Dishonest-conduct items of the IP credit rules, as screening uses them.

The data now lives in `ipoffice.protection.credit_rules` (all seven items, listing durations,
repair and measures); this module keeps the names screening code imports. A record proposed
from screening findings names one `ConductItem`; its listing period starts only when an officer
decides it in the credit register (`ipoffice.protection.credit_service.do_list_entity`).
"""

from __future__ import annotations

from ipoffice.protection.credit_rules import (
    CONDUCT_ITEMS,
    CREDIT_RULES_SOURCE,
    ConductItem,
    conduct_item,
    listing_period,
)

__all__ = ["CONDUCT_ITEMS", "CREDIT_RULES_SOURCE", "ConductItem", "conduct_item", "listing_period"]
