"""Where the real data for tests lives: ../shared/data beside the repository, read by path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared(relative: str) -> Path:
    """The path of a real data file; the test is skipped, saying why, if it is absent."""
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"real data file {path} is absent (shared/data is not beside the repository)")
    return path


def us_claims() -> dict[str, str]:
    """Real US independent claims by application number (claims/single_claim.tsv)."""
    with shared("claims/single_claim.tsv").open(encoding="utf-8", newline="") as f:
        return dict(csv.reader(f, delimiter="\t"))


def cn_abstracts() -> dict[str, str]:
    """The 57 real Chinese abstracts of cn_cpc/ ("Title: ... Abstract: ..." or "... [SEP] ...")
    by publication number; the files end with blank rows, which are skipped."""
    texts: dict[str, str] = {}
    for part in ("train", "val", "test"):
        with shared(f"cn_cpc/sample_{part}.csv").open(encoding="utf-8-sig", newline="") as f:
            texts.update(
                (row["publication_number"], row["text"])
                for row in csv.DictReader(f)
                if row["publication_number"]
            )
    return texts


def biopat_texts() -> dict[str, str]:
    """Real biomedical titles and abstracts (claims/biopat_claims.jsonl) by id."""
    with shared("claims/biopat_claims.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return {row["_id"]: row["text"] for row in rows}
