"""The identity of a listed subject: which identifier fits which kind of subject, checking it,
and what the public list shows of it."""

from __future__ import annotations

import re

from ipoffice.core.errors import InvalidInput
from ipoffice.core.identifiers import validate_uscc

# Which identifiers a subject of each type may be listed under.
ALLOWED_IDS: dict[str, tuple[str, ...]] = {
    "organisation": ("uscc", "other"),
    "agency": ("uscc", "other"),
    "person": ("resident_id", "passport", "other"),
}

# GB 11643-1999 citizen identity number: weights of the first 17 digits, check characters.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_SEPARATORS = re.compile(r"[\s\-]+")
_PLAIN_ID = re.compile(r"^[A-Z0-9]{3,64}$")


def _compact(value: str) -> str:
    """Half-width, upper case, no spaces or hyphens."""
    full_width = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    return _SEPARATORS.sub("", value.translate(full_width)).upper()


def validate_resident_id(value: str, *, field: str = "id_number") -> str:
    """An 18-character citizen identity number with its GB 11643 check character."""
    chars = _compact(value)
    if len(chars) != 18 or not chars[:17].isdigit():
        raise InvalidInput(
            "a resident identity number has 17 digits and a check character (18 in all)",
            field=field,
        )
    total = sum(int(d) * w for d, w in zip(chars[:17], _ID_WEIGHTS, strict=True))
    expected = _ID_CHECK[total % 11]
    if chars[17] != expected:
        raise InvalidInput(
            f"resident identity number {chars}: the check character should be {expected!r}, "
            f"not {chars[17]!r}; check the number for a mistyped digit",
            field=field,
        )
    return chars


def check_identity(
    subject_type: str, id_type: str | None, id_number: str | None
) -> tuple[str, str]:
    """(id_type, normalised id_number) for a subject, or InvalidInput naming the field."""
    allowed = ALLOWED_IDS.get(subject_type)
    if allowed is None:
        raise InvalidInput(f"unknown subject type {subject_type!r}", field="subject_type")
    if not id_type:
        raise InvalidInput("the type of identifier is required", field="id_type")
    if id_type not in allowed:
        raise InvalidInput(
            f"a subject of type {subject_type} is identified by one of: {', '.join(allowed)}",
            field="id_type",
        )
    if not (id_number or "").strip():
        raise InvalidInput("the identifier is required", field="id_number")
    assert id_number is not None
    if id_type == "uscc":
        return id_type, validate_uscc(id_number, field="id_number")
    if id_type == "resident_id":
        return id_type, validate_resident_id(id_number)
    chars = _compact(id_number)
    if not _PLAIN_ID.match(chars):
        raise InvalidInput(
            "the identifier may hold only letters and digits (3 to 64 of them)", field="id_number"
        )
    return id_type, chars


def shown_id(subject_type: str, id_number: str) -> str:
    """What the public list shows: an organisation's or agency's identifier in full, a person's
    number masked but for its last four characters (personal information is published only as
    far as needed)."""
    if subject_type != "person":
        return id_number
    return "*" * max(len(id_number) - 4, 0) + id_number[-4:]
