"""Saving search reports to the record, and exporting them as HTML and PDF."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from ipoffice.applications.models import ApplicationEvent
from ipoffice.applications.service import get_by_number
from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.patents.models import SearchReportRow
from ipoffice.patents.report import SearchReport
from ipoffice.web.i18n import translate

TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"
PDF_TIMEOUT_SECONDS = 90
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)


def do_save_report(
    session: Session,
    *,
    actor: audit.Actor,
    report: SearchReport,
    application_number: str | None = None,
) -> SearchReportRow:
    """Keep the report; with an application, note it in that application's (internal)
    history as an AI-assisted search."""
    canonical = None
    if application_number is not None:
        application = get_by_number(session, application_number)
        canonical = application.number
        summary = ", ".join(f"claim {c.number}: {c.category}" for c in report.claims)
        application.events.append(
            ApplicationEvent(
                occurred_on=office_today(),
                code="ai_search",
                public=False,
                note=f"AI-assisted search of {report.document_id} ({summary}); not an opinion",
                actor_id=actor.id,
            )
        )
    row = SearchReportRow(
        document_id=report.document_id,
        application_number=canonical,
        created_by=actor.id,
        body=report.as_dict(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="save_search_report",
        entity="search_report",
        entity_id=row.id,
        payload={
            "document_id": report.document_id,
            "application": canonical,
            "categories": [c.category for c in report.claims],
        },
    )
    return row


def get_report(session: Session, report_id: int) -> SearchReportRow:
    row = session.get(SearchReportRow, report_id)
    if row is None:
        raise NotFound(f"no search report with id {report_id}", field="id")
    return row


def render_html(body: dict[str, Any], *, report_id: int | None, lang: str = "zh") -> str:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"])
    )
    template = environment.get_template("search_report.html")
    return template.render(
        report=body, report_id=report_id, lang=lang, t=lambda key: translate(key, lang)
    )


def html_to_pdf(html: str) -> bytes:
    """Print the page with headless Chromium (Debian `chromium`), fonts included."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise InvalidInput(
            "PDF export needs Chromium (Debian package `chromium`); HTML export works without it",
            field="format",
        )
    with tempfile.TemporaryDirectory(prefix="ipoffice-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        out = Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            binary,
            *CHROMIUM_ARGS,
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        result = subprocess.run(  # noqa: S603 - fixed binary and arguments
            command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False
        )
        if result.returncode != 0 or not out.exists():
            raise InvalidInput(
                f"Chromium could not print the report (exit {result.returncode})", field="format"
            )
        return out.read_bytes()
