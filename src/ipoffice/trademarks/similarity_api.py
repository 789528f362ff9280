"""Word-mark comparison over HTTP: `POST /api/v1/trademarks/compare`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from ipoffice.core.identity import Principal
from ipoffice.core.roles import FILERS, OFFICE_STAFF
from ipoffice.db.engine import Database
from ipoffice.trademarks.goods_table import table_for
from ipoffice.trademarks.mark_text import MAX_MARK_CHARS
from ipoffice.trademarks.similarity import check_goods_sides, compare_with_goods
from ipoffice.web.access import allow

router = APIRouter(prefix="/api/v1/trademarks", tags=["trademarks"])

# Longer input is refused by validation before analysis; up to this, `analyse_mark` answers
# with its own message naming the mark.
_MAX_INPUT = 10 * MAX_MARK_CHARS
_MAX_CODES = 200
# Office staff and filers: every role that can log in may compare marks.
_CALLERS = tuple(sorted(OFFICE_STAFF | FILERS))


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mark_a: str = Field(max_length=_MAX_INPUT, description="First word mark")
    mark_b: str = Field(max_length=_MAX_INPUT, description="Second word mark")
    goods_a: list[str] = Field(
        default_factory=list, max_length=_MAX_CODES, description="Goods/services codes of A"
    )
    goods_b: list[str] = Field(
        default_factory=list, max_length=_MAX_CODES, description="Goods/services codes of B"
    )


class AspectOut(BaseModel):
    score: float
    explanation_zh: str
    explanation_en: str
    evidence: dict[str, Any]


class CompareResponse(BaseModel):
    score: float
    similar: bool
    decisive: list[str]
    explanation_zh: str
    explanation_en: str
    aspects: dict[str, AspectOut]


@router.post("/compare", response_model=CompareResponse)
def compare(
    body: CompareRequest, request: Request, _: Principal = allow(*_CALLERS)
) -> dict[str, Any]:
    """Compare two word marks (text, containment, pinyin, glyph, sound, meaning, overall
    impression) with the evidence of each aspect; with goods codes for both, the goods aspect
    too (the similar-goods table in force today). Office staff, applicants and agents. An aid
    to the examiner, not a decision."""
    check_goods_sides(body.goods_a, body.goods_b)
    table = None
    if body.goods_a:
        db: Database = request.app.state.db
        with db.session(write=False) as session:  # a read: no write lock for a comparison
            table = table_for(session)
    result = compare_with_goods(body.mark_a, body.mark_b, body.goods_a, body.goods_b, table=table)
    return result.as_dict()
