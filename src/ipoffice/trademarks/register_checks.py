"""Checks of a mark before it enters the register: its text, dates, goods and who files it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ipoffice.core.calendar import add_months
from ipoffice.core.errors import InvalidInput, PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.parties.models import Party
from ipoffice.text.normalize import HAN_CLASS, normalize
from ipoffice.trademarks.goods import parse_goods_code
from ipoffice.trademarks.goods_table import GoodsTable, place
from ipoffice.trademarks.schemas import GoodsLineIn, MarkCreate

_HAN = re.compile(f"[{HAN_CLASS}]")
MAX_TEXT_CHARS = 100
# Priority may be claimed within six months of the first filing abroad (Trademark Law Art. 25).
PRIORITY_MONTHS = 6
STAFF = frozenset({Role.EXAMINER, Role.ADMINISTRATOR})
# Statuses a mark can only have after registration, so they need a registration date.
REGISTERED_STATUSES = frozenset({"registered", "invalidated", "revoked", "expired"})
_FORBIDDEN_CATEGORIES = {
    "So": "a symbol or emoji",
    "Sk": "a modifier symbol",
    "Cs": "a broken character (surrogate)",
    "Co": "a private-use character",
    "Cn": "an unassigned character",
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
}


def clean_text(text: str) -> str:
    """The word element with runs of spaces collapsed; refused if it holds no word."""
    text = " ".join(text.split())
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"the mark text has {len(text)} characters; at most {MAX_TEXT_CHARS}", field="text"
        )
    for char in text:
        category = unicodedata.category(char)
        if category in _FORBIDDEN_CATEGORIES:
            raise InvalidInput(
                f"the mark text contains {_FORBIDDEN_CATEGORIES[category]} "
                f"(U+{ord(char):04X}); the text holds words only: show figurative elements "
                "in the image",
                field="text",
            )
    if text and not any(unicodedata.category(c)[0] in "LN" for c in text):
        raise InvalidInput("the mark text has no letter, digit or Chinese character", field="text")
    return text


def scripts_of(text: str) -> list[str]:
    """Scripts in the text: han, latin, digit, other (letters of any other script)."""
    found: set[str] = set()
    for char in text:
        if unicodedata.category(char)[0] not in "LN":
            continue
        if _is_han(char):
            found.add("han")
        elif "LATIN" in unicodedata.name(char, ""):
            found.add("latin")
        elif char.isdigit() or unicodedata.category(char) == "Nd":
            found.add("digit")
        else:
            found.add("other")
    return sorted(found)


def _is_han(char: str) -> bool:
    return _HAN.fullmatch(char) is not None


def check_kind(kind: str, text: str, has_image: bool) -> None:
    if kind == "word" and not text:
        raise InvalidInput("a word mark needs its text", field="text")
    if kind == "figurative":
        if text:
            raise InvalidInput(
                "a figurative mark has no text; a mark with words and a drawing is 'combined'",
                field="text",
            )
        if not has_image:
            raise InvalidInput("a figurative mark needs its image", field="image")
    if kind == "combined" and (not text or not has_image):
        raise InvalidInput("a combined mark needs both its text and its image", field="image")


def check_dates(data: MarkCreate, filing_date: date) -> None:
    if data.priority_date is not None:
        if data.priority_date > filing_date:
            raise InvalidInput("the priority date is after the filing date", field="priority_date")
        if add_months(data.priority_date, PRIORITY_MONTHS) < filing_date:
            raise InvalidInput(
                f"priority may be claimed within {PRIORITY_MONTHS} months (Trademark Law "
                f"Art. 25); {data.priority_date} is too early for a filing on {filing_date}",
                field="priority_date",
            )
    registered = data.status in REGISTERED_STATUSES
    if registered and data.registration_date is None:
        raise InvalidInput(
            f"a mark with status {data.status} needs its registration date",
            field="registration_date",
        )
    if not registered and data.registration_date is not None:
        raise InvalidInput(
            f"a mark with status {data.status} has no registration date",
            field="registration_date",
        )
    if data.registration_date is not None and data.registration_date < filing_date:
        raise InvalidInput(
            "the registration date precedes the filing date", field="registration_date"
        )


@dataclass(frozen=True)
class CheckedGoods:
    class_number: int
    group_code: str | None
    item_code: str | None
    name: str

    @property
    def key(self) -> str:
        return self.item_code or self.group_code or f"{self.class_number:02d}"


def check_goods(lines: list[GoodsLineIn], table: GoodsTable | None) -> list[CheckedGoods]:
    """Every line placed in the table (or, without one, checked at class level); all unknown
    codes are named in one error, and a code listed twice is refused."""
    checked: list[CheckedGoods] = []
    bad: list[str] = []
    for line in lines:
        try:
            placed = place(parse_goods_code(line.code), table)
        except InvalidInput:
            bad.append(line.code.strip()[:20])
            continue
        name = " ".join((line.name or "").split()) or placed.name or placed.code
        checked.append(CheckedGoods(placed.class_number, placed.group, placed.item, name))
    if bad:
        against = f"the goods table {table.edition}" if table else "classes 1-45 (no goods table)"
        raise InvalidInput(
            f"unknown or malformed goods codes, checked against {against}: {', '.join(bad)}",
            field="goods",
        )
    keys = [g.key for g in checked]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise InvalidInput(f"goods listed twice: {', '.join(twice)}", field="goods")
    return checked


@dataclass(frozen=True)
class Applicant:
    party_id: int | None
    name: str


def resolve_applicant(session: Session, principal: Principal, data: MarkCreate) -> Applicant:
    """Whose mark this is, checked against who is filing it."""
    staff = principal.has_any(STAFF)
    if not staff:
        _refuse_staff_fields(data)
    if Role.APPLICANT in principal.roles and not staff:
        if principal.party_id is None:
            raise InvalidInput("this applicant account is not linked to a party", field="user")
        if data.applicant_id not in (None, principal.party_id):
            raise PermissionDenied(
                "an applicant may register marks only in its own name", field="applicant_id"
            )
        return _party(session, principal.party_id)
    if Role.AGENT in principal.roles and not staff:
        if data.applicant_id is None:
            raise InvalidInput("an agent must name the applicant_id", field="applicant_id")
        return _party(session, data.applicant_id)
    if not staff:
        raise PermissionDenied("registering marks needs an applicant, agent or office role")
    if data.applicant_id is not None:
        return _party(session, data.applicant_id)
    name = " ".join((data.applicant_name or "").split())
    if not name:
        raise InvalidInput("name the applicant (applicant_id or applicant_name)", field="applicant")
    return Applicant(None, name)


def _party(session: Session, party_id: int) -> Applicant:
    party = session.get(Party, party_id)
    if party is None or party.is_agency:
        raise InvalidInput(f"no applicant with id {party_id}", field="applicant_id")
    return Applicant(party.id, party.display_name)


def _refuse_staff_fields(data: MarkCreate) -> None:
    for field in ("number", "filing_date", "registration_date"):
        if getattr(data, field) is not None:
            raise PermissionDenied(f"only office staff may set {field}", field=field)
    if data.status != "filed":
        raise PermissionDenied("a new filing has status 'filed'", field="status")


def normalized_text(text: str) -> str:
    return normalize(text) if text else ""
