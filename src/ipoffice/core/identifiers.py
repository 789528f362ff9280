"""Identifiers an IP office reads from its users: credit codes, patent and trademark numbers.

* Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-symbol
  alphabet (digits and capital letters without I, O, Z, S, V). The 18th character is a check
  character: with the symbol values 0..30 and weights 3**i mod 31 for positions i = 0..16,
  check = (31 - sum mod 31) mod 31. Characters 3-8 are a GB/T 2260 division code and characters
  9-17 the organisation code of GB 11714, which carries its own check character (weights
  3, 7, 9, 10, 5, 8, 4, 2 over values 0-9, A=10 .. Z=35; C9 = 11 - sum mod 11, 10 -> X, 11 -> 0).
  Only the GB 32100 check decides validity here: the embedded GB 11714 check is reported by
  `uscc_org_code_consistent` but never rejects a code, because GB 32100 does not make it a
  validity rule and registration authorities are known to have issued non-conforming codes.
* CNIPA patent application numbers: since 1 October 2003 twelve digits (year, type digit,
  7-digit serial) and a check digit, written ``2023 1 0397744.0``; before that eight digits
  (2-digit year, type digit, 5-digit serial) and a check digit, written ``99113861.9``. The check
  digit is the sum of the digits weighted 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (left to right) mod
  11, written X when it is 10. Type digits: 1 invention, 2 utility model, 3 design, 8 PCT
  invention entering the national phase, 9 PCT utility model entering the national phase.
* CNIPA trademark application and registration numbers: a plain serial number (1-9 digits).

Every function raises `InvalidInput` naming the exact problem; nothing else is raised for bad
input.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ipoffice.core.errors import InvalidInput

# --- unified social credit code ------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 symbols of GB 32100-2015 in value order (value = index)."""

USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
"""Weights 3**i mod 31 for the first 17 characters (GB 32100-2015, table 3)."""

USCC_FORBIDDEN_LETTERS = "IOZSV"

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
"""GB 11714-1997 weights for the 8 body characters of an organisation code."""

_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_USCC_PARTS = (
    "the registration authority code",  # character 1
    "the entity type code",  # character 2
    *(["the administrative division code"] * 6),  # characters 3-8
    *(["the organisation code"] * 9),  # characters 9-17
    "the check character",  # character 18
)


def _compact(text: str) -> str:
    """NFKC-fold (full-width to half-width), drop every kind of whitespace, upper-case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


def _uscc_char_problem(char: str, position: int) -> str | None:
    """Why `char` cannot stand at 1-based `position`, or None when it can."""
    part = _USCC_PARTS[position - 1]
    if 3 <= position <= 8:
        if char not in _DIGITS:
            return f"character {position} ({char!r}) must be a digit: characters 3-8 are {part}"
        return None
    if char in USCC_FORBIDDEN_LETTERS:
        return (
            f"character {position} ({char!r}) is a letter never used in unified social credit "
            f"codes (I, O, Z, S and V are excluded); it is part of {part}"
        )
    if char not in USCC_ALPHABET:
        return (
            f"character {position} ({char!r}) is not a digit or a capital letter; "
            f"it is part of {part}"
        )
    return None


def _check_uscc_chars(chars: str, field: str) -> None:
    for position, char in enumerate(chars, start=1):
        problem = _uscc_char_problem(char, position)
        if problem is not None:
            raise InvalidInput(f"Unified social credit code: {problem}.", field=field)


def _uscc_check_value(first17: str) -> str:
    total = sum(
        USCC_ALPHABET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_check_char(first17: str, *, field: str = "uscc") -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    chars = _compact(first17)
    if len(chars) != 17:
        raise InvalidInput(
            f"The check character is computed from 17 characters; got {len(chars)}.",
            field=field,
        )
    _check_uscc_chars(chars, field)
    return _uscc_check_value(chars)


def validate_uscc(code: str, *, field: str = "uscc") -> str:
    """Return the normalised code (no spaces, upper case, half-width) or raise `InvalidInput`.

    Checks the length, the alphabet of each position (characters 3-8 digits, no I, O, Z, S, V
    anywhere) and the GB 32100 check character.
    """
    chars = _compact(code)
    if not chars:
        raise InvalidInput("Unified social credit code is empty.", field=field)
    if len(chars) != 18:
        raise InvalidInput(
            f"A unified social credit code has 18 characters; got {len(chars)}.", field=field
        )
    _check_uscc_chars(chars, field)
    expected = _uscc_check_value(chars[:17])
    if chars[17] != expected:
        raise InvalidInput(
            f"Unified social credit code {chars}: the check character (character 18) should "
            f"be {expected!r}, not {chars[17]!r}; check the code for a mistyped character.",
            field=field,
        )
    return chars


def uscc_division_code(code: str, *, field: str = "uscc") -> str:
    """The 6-digit administrative division code of the registering authority (characters 3-8).

    National-level registrations use ``100000``, which is not a GB/T 2260 province.
    """
    return validate_uscc(code, field=field)[2:8]


def org_code_check_char(body8: str, *, field: str = "org_code") -> str:
    """The GB 11714-1997 check character for the 8 body characters of an organisation code."""
    chars = _compact(body8)
    if len(chars) != 8:
        raise InvalidInput(
            f"An organisation code body has 8 characters; got {len(chars)}.", field=field
        )
    total = 0
    for position, (char, weight) in enumerate(zip(chars, ORG_CODE_WEIGHTS, strict=True), 1):
        if char in _DIGITS:
            value = int(char)
        elif char in _UPPER:
            value = 10 + _UPPER.index(char)
        else:
            raise InvalidInput(
                f"Organisation code: character {position} ({char!r}) is not a digit or a "
                "capital letter.",
                field=field,
            )
        total += value * weight
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def uscc_org_code_consistent(code: str, *, field: str = "uscc") -> bool:
    """Whether the embedded organisation code (characters 9-17) passes its GB 11714 check.

    Informative only: a valid credit code whose organisation code fails this check is still
    accepted by `validate_uscc`.
    """
    chars = validate_uscc(code, field=field)
    return org_code_check_char(chars[8:16], field=field) == chars[16]


# --- patent application numbers ------------------------------------------------------------------

PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
"""Weights over the 12 digits (the first 8 serve the pre-October-2003 8-digit numbers)."""

PATENT_TYPES: dict[int, str] = {
    1: "invention",
    2: "utility model",
    3: "design",
    8: "PCT invention entering the national phase",
    9: "PCT utility model entering the national phase",
}

FIRST_PATENT_YEAR = 1985
"""The Patent Law took effect on 1 April 1985; no application number is older."""

TWELVE_DIGIT_SINCE = 2003
"""12-digit numbers were introduced on 1 October 2003; 8-digit ones were used until then."""

PatentKind = Literal["invention", "utility_model", "design"]

_PATENT_KINDS: dict[int, PatentKind] = {
    1: "invention",
    2: "utility_model",
    3: "design",
    8: "invention",
    9: "utility_model",
}

_PATENT_PREFIXES = ("专利申请号", "申请号", "专利号", "ZL", "CN")
_PATENT_SEPARATORS = (".", "·", "•")
_PATENT_FIELD = "application_number"
_TYPE_LIST = "1 invention, 2 utility model, 3 design, 8 PCT invention, 9 PCT utility model"


def _patent_check_value(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, PATENT_WEIGHTS, strict=False))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def patent_check_digit(first12: str, *, field: str = _PATENT_FIELD) -> str:
    """The check digit ('0'-'9' or 'X') for 12 digits, or for the 8 digits of an old number."""
    digits = _compact(first12)
    if len(digits) not in (8, 12) or any(d not in _DIGITS for d in digits):
        raise InvalidInput(
            "The check digit is computed from the 12 digits of an application number "
            f"(or the 8 digits of one filed before October 2003); got {first12!r}.",
            field=field,
        )
    return _patent_check_value(digits)


@dataclass(frozen=True)
class PatentApplicationNumber:
    """A CNIPA patent application number; construction checks every part and the check digit.

    ``legacy`` marks the 8-digit numbers of applications filed before 1 October 2003.
    """

    year: int
    type_digit: int
    serial: int
    check: str
    legacy: bool = False

    def __post_init__(self) -> None:
        field = _PATENT_FIELD
        if self.type_digit not in PATENT_TYPES:
            raise InvalidInput(
                f"Type digit {self.type_digit} is not a CNIPA application type ({_TYPE_LIST}).",
                field=field,
            )
        if self.legacy:
            if not FIRST_PATENT_YEAR <= self.year <= TWELVE_DIGIT_SINCE:
                raise InvalidInput(
                    f"8-digit application numbers were used from {FIRST_PATENT_YEAR} to "
                    f"{TWELVE_DIGIT_SINCE}; year {self.year} is outside that range.",
                    field=field,
                )
            if not 0 <= self.serial <= 99_999:
                raise InvalidInput(
                    f"The serial of an 8-digit application number has 5 digits; got {self.serial}.",
                    field=field,
                )
        else:
            if not TWELVE_DIGIT_SINCE <= self.year <= 9999:
                raise InvalidInput(
                    f"12-digit application numbers exist from October {TWELVE_DIGIT_SINCE} on; "
                    f"year {self.year} is outside that range.",
                    field=field,
                )
            if not 0 <= self.serial <= 9_999_999:
                raise InvalidInput(
                    f"The serial of an application number has 7 digits; got {self.serial}.",
                    field=field,
                )
        expected = _patent_check_value(self.digits)
        if self.check != expected:
            raise InvalidInput(
                f"Application number {self.digits}.{self.check}: the check digit should be "
                f"{expected}, not {self.check}; check the number for a mistyped digit.",
                field=field,
            )

    @property
    def digits(self) -> str:
        """The number without its check digit: 12 digits, or 8 for a legacy number."""
        if self.legacy:
            return f"{self.year % 100:02d}{self.type_digit}{self.serial:05d}"
        return f"{self.year:04d}{self.type_digit}{self.serial:07d}"

    @property
    def kind(self) -> PatentKind:
        return _PATENT_KINDS[self.type_digit]

    @property
    def is_pct(self) -> bool:
        """Whether this is a PCT application that entered the Chinese national phase."""
        return self.type_digit in (8, 9)

    @property
    def canonical(self) -> str:
        """Digits and check digit without separators, e.g. ``2023103977440``."""
        return self.digits + self.check

    @property
    def display(self) -> str:
        """CNIPA's written form, e.g. ``202310397744.0`` or ``99113861.9``."""
        return f"{self.digits}.{self.check}"

    def __str__(self) -> str:
        return self.display


def _check_year(year: int, today: date | None, field: str) -> None:
    """Reject years before 1985 or more than one year after `today` (default: today)."""
    if year < FIRST_PATENT_YEAR:
        raise InvalidInput(
            f"Year {year} is before {FIRST_PATENT_YEAR}, when China began receiving patent "
            "applications.",
            field=field,
        )
    current = (today or date.today()).year  # noqa: DTZ011 - a calendar year, no time zone
    if year > current + 1:
        raise InvalidInput(
            f"Application number year {year} is in the future (it is {current} now).",
            field=field,
        )


def make_patent_number(
    year: int,
    type_digit: int,
    serial: int,
    *,
    legacy: bool | None = None,
    today: date | None = None,
) -> PatentApplicationNumber:
    """Build a number and compute its check digit.

    ``legacy`` defaults to 8-digit form for years before 2003 and 12-digit form otherwise.
    """
    _check_year(year, today, _PATENT_FIELD)
    is_legacy = year < TWELVE_DIGIT_SINCE if legacy is None else legacy
    if is_legacy:
        digits = f"{year % 100:02d}{type_digit}{serial:05d}"
    else:
        digits = f"{year:04d}{type_digit}{serial:07d}"
    check = _patent_check_value(digits) if digits.isascii() and digits.isdigit() else "?"
    return PatentApplicationNumber(year, type_digit, serial, check, legacy=is_legacy)


def _strip_prefixes(text: str, prefixes: tuple[str, ...]) -> str:
    stripped = True
    while stripped:
        stripped = False
        for prefix in prefixes:
            if text.startswith(prefix):
                text = text[len(prefix) :].lstrip(":")
                stripped = True
    return text


def _split_check(body: str, field: str) -> tuple[str, str | None]:
    for separator in _PATENT_SEPARATORS[1:]:
        body = body.replace(separator, ".")
    if body.count(".") > 1:
        raise InvalidInput(
            "A patent application number has one dot, before its check digit.", field=field
        )
    if "." in body:
        digits, check = body.split(".")
        if len(check) != 1:
            raise InvalidInput(
                "A patent application number ends with exactly one check digit after the dot; "
                f"got {check!r}.",
                field=field,
            )
        return digits, check
    if body.endswith("X") or len(body) in (9, 13):
        return body[:-1], body[-1]
    return body, None


def _legacy_year(two_digits: int, field: str) -> int:
    if two_digits >= FIRST_PATENT_YEAR % 100:
        return 1900 + two_digits
    if two_digits <= TWELVE_DIGIT_SINCE % 100:
        return 2000 + two_digits
    raise InvalidInput(
        f"8-digit application numbers start with a year from 85 to 03; got {two_digits:02d}.",
        field=field,
    )


def parse_patent_number(
    text: str, *, today: date | None = None, field: str = _PATENT_FIELD
) -> PatentApplicationNumber:
    """Read a written CNIPA application number.

    Accepts spaces anywhere, the prefixes ``CN``, ``ZL``, ``申请号``, ``专利号`` and
    ``专利申请号`` (with or without a colon), full-width characters, a lower-case ``x`` and a
    missing dot before the check digit. The check digit itself is required.
    """
    body = _strip_prefixes(_compact(text), _PATENT_PREFIXES)
    if not body:
        raise InvalidInput("Patent application number is empty.", field=field)
    digits, check = _split_check(body, field)
    for char in digits:
        if char not in _DIGITS:
            raise InvalidInput(
                f"A patent application number has only digits before its check digit; "
                f"found {char!r}.",
                field=field,
            )
    if len(digits) not in (12, 8):
        raise InvalidInput(
            "A patent application number has 12 digits and a check digit (e.g. "
            "2023 1 0397744.0), or 8 digits and a check digit if filed before October 2003 "
            f"(e.g. 99113861.9); got {len(digits)} digits.",
            field=field,
        )
    expected = _patent_check_value(digits)
    if check is None:
        raise InvalidInput(
            f"Application number {digits} lacks its check digit, which should be {expected}.",
            field=field,
        )
    if check not in _DIGITS and check != "X":
        raise InvalidInput(
            f"The check digit is a digit or X; got {check!r}.",
            field=field,
        )
    legacy = len(digits) == 8
    year = _legacy_year(int(digits[:2]), field) if legacy else int(digits[:4])
    type_digit = int(digits[2] if legacy else digits[4])
    serial = int(digits[3:] if legacy else digits[5:])
    _check_year(year, today, field)
    if not legacy and year < TWELVE_DIGIT_SINCE:
        raise InvalidInput(
            f"Year {year}: applications filed before October {TWELVE_DIGIT_SINCE} have "
            "8-digit numbers (e.g. 99113861.9), not 12-digit ones.",
            field=field,
        )
    if type_digit not in PATENT_TYPES:
        raise InvalidInput(
            f"Type digit {type_digit} (digit {3 if legacy else 5}) is not a CNIPA application "
            f"type ({_TYPE_LIST}).",
            field=field,
        )
    if check != expected:
        raise InvalidInput(
            f"Application number {digits}.{check}: the check digit should be {expected}, "
            f"not {check}; check the number for a mistyped digit.",
            field=field,
        )
    return PatentApplicationNumber(year, type_digit, serial, check, legacy=legacy)


# --- trademark numbers ---------------------------------------------------------------------------

TRADEMARK_MAX = 999_999_999
_TRADEMARK_PREFIXES = ("商标注册号", "商标申请号", "注册号", "申请号", "NO.", "NO")
_TRADEMARK_FIELD = "trademark_number"


def parse_trademark_number(text: str, *, field: str = _TRADEMARK_FIELD) -> int:
    """Read a CNIPA trademark application or registration number (1 to 9 digits).

    Accepts spaces, full-width digits, ``第...号`` (either part alone too), ``No.`` and the
    prefixes ``注册号`` / ``申请号`` with or without a colon.
    """
    body = _strip_prefixes(_compact(text), _TRADEMARK_PREFIXES)
    if body.startswith("第"):
        body = body[1:]
    if body.endswith("号"):
        body = body[:-1]
    if not body:
        raise InvalidInput("Trademark number is empty.", field=field)
    for char in body:
        if char not in _DIGITS:
            raise InvalidInput(f"A trademark number has only digits; found {char!r}.", field=field)
    if len(body) > 9:
        raise InvalidInput(
            f"A trademark number has 1 to 9 digits; got {len(body)} "
            "(is it a patent application number?).",
            field=field,
        )
    number = int(body)
    if number == 0:
        raise InvalidInput("A trademark number is at least 1.", field=field)
    return number


def format_trademark_number(n: int, *, field: str = _TRADEMARK_FIELD) -> str:
    """The canonical form: plain decimal digits without leading zeros."""
    if isinstance(n, bool) or not 1 <= n <= TRADEMARK_MAX:
        raise InvalidInput(
            f"A trademark number is between 1 and {TRADEMARK_MAX}; got {n!r}.", field=field
        )
    return str(n)


# --- either ---------------------------------------------------------------------------------------

_GENERIC_PREFIXES = ("申请号", "注册号")
_PATENT_MARKERS = ("CN", "ZL", "专利")
_TRADEMARK_MARKERS = ("第", "NO", "商标")


def parse_application_number(
    text: str, *, today: date | None = None, field: str = _PATENT_FIELD
) -> tuple[Literal["patent", "trademark"], str]:
    """Tell a patent application number from a trademark number by its shape.

    Rule: it is a patent number if it carries a patent prefix (CN, ZL, 专利...), a dot (or
    middle dot) before a check digit, a trailing X, or 10 or more characters; it is a trademark
    number if it carries a trademark wrapper (第...号, No., 商标...) or is 1 to 9 plain digits.
    So an 8-digit pre-2003 patent number must be written with its dot or a CN/ZL prefix
    (``99113861.9``, ``ZL991138619``); ``991138619`` alone is read as a trademark number.
    Returns the kind and the canonical string.
    """
    compact = _compact(text)
    body = _strip_prefixes(compact, _GENERIC_PREFIXES)
    if not body:
        raise InvalidInput("Application number is empty.", field=field)
    if body.startswith(_TRADEMARK_MARKERS) or body.endswith("号"):
        return "trademark", format_trademark_number(parse_trademark_number(body, field=field))
    looks_patent = (
        body.startswith(_PATENT_MARKERS)
        or any(separator in body for separator in _PATENT_SEPARATORS)
        or body.endswith("X")
        or len(body) >= 10
    )
    if looks_patent:
        return "patent", parse_patent_number(body, today=today, field=field).canonical
    if all(char in _DIGITS for char in body):
        return "trademark", format_trademark_number(parse_trademark_number(body, field=field))
    raise InvalidInput(
        f"{text.strip()!r} is neither a patent application number (12 digits and a check "
        "digit, e.g. 202310397744.0) nor a trademark number (1 to 9 digits).",
        field=field,
    )
