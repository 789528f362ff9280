"""The office's date: legal dates are Beijing dates, whatever the server's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Shanghai")


def office_today() -> date:
    return datetime.now(OFFICE_TZ).date()
