"""Real documents for search tests, read by path from ../shared/data and turned into the
interchange format (never copied into the repository)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.shared_data import shared


def covid_jsonl(target: Path, limit: int | None = None) -> Path:
    """Lens.org COVID records as interchange lines: family = earliest priority filing key."""
    lines = []
    with shared("covid/covid_patents_dev.jsonl").open(encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            keys = sorted(record.get("priorityFilingKeysActive") or [])
            line = {
                "id": record["publicationKey"].replace("_", ""),
                "title": record["title"],
                "jurisdiction": record["jurisdiction"],
                "publication_date": record["publicationDate"],
                "filing_date": record.get("filingDate"),
                "priority_date": record.get("earliestPriorityDate"),
                "ipc": record.get("ipcrClassifications") or [],
                "applicants": record.get("applicants") or [],
                "family_id": keys[0] if keys else None,
            }
            lines.append({k: v for k, v in line.items() if v not in (None, [], "")})
            if limit and len(lines) >= limit:
                break
    target.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    return target


def cn_titles_jsonl(target: Path, limit: int) -> Path:
    """Real Chinese patent titles with their IPC subclasses."""
    lines = []
    with shared("cn_ipc/cn_titles_ipc_dev.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            lines.append(
                {
                    "id": row["publication_number"],
                    "title": row["title"],
                    "lang": "zh",
                    "ipc": row["ipc_subclasses"].split("|"),
                    "publication_date": "2022-01-01",
                    "jurisdiction": "CN",
                }
            )
            if len(lines) >= limit:
                break
    target.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    return target
