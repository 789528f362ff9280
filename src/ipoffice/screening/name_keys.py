"""The comparison key of an applicant name (`name_key`), used by `ipoffice.screening.names` to
resolve names of one organisation to one entity: the rules, in the order they run, are in the
comments of `_key_text` and `_strip`.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from ipoffice.core.errors import InvalidInput
from ipoffice.screening.name_vocabulary import (
    ABBREVIATIONS,
    APOSTROPHES,
    ASCII_NON_WORD,
    CJK_LEGAL_HEAD,
    CJK_LEGAL_TAIL,
    CJK_UNIVERSITY_UNIT,
    COMMON_WORDS,
    DOTS_SPACES,
    FUNCTION_WORDS,
    FUZZY_LEGAL,
    GENERIC_SUFFIXES,
    GLUED_LEGAL,
    HAS_ASCII_LETTER,
    HAS_HOMOGLYPH,
    HOMOGLYPHS,
    INITIALISM,
    INT_L,
    LEADING_ARTICLES,
    LEADING_LEGAL,
    LEADING_LEGAL_PHRASES,
    LEGAL_PHRASES,
    LEGAL_WORDS,
    MAX_PLACE_WORDS,
    MOJIBAKE_HINT,
    NOSPACE,
    NOSPACE_GAP,
    NOSPACE_THEN_OTHER,
    OTHER_THEN_NOSPACE,
    PLACES,
    SLASH_FORMS,
    SPACES,
    STRONG_LEGAL,
    TRAILING_FUNCTION_WORDS,
    UNIT_PHRASES,
    UNIT_WORDS,
    UNIVERSITY_WORDS,
    USPTO_TRAILER,
)
from ipoffice.text.normalize import normalize

# Keys are built from at most this many characters of the normalised name, cut at a word
# boundary (see `_clip`). Real applicant names stay under 200 characters; a longer one is a
# list of several applicants or an address pasted into the field, and its beginning names it.
MAX_KEY_CHARS = 500
# Input is cut here before any work, so a pathological megabyte-long string costs nothing.
# Normalisation rarely lengthens text, so this keeps the first 500 normalised characters.
_MAX_RAW_CHARS = 4 * MAX_KEY_CHARS
# Words shorter than this are never treated as typos of another word (`SDI` / `SDS`).
MIN_TYPO_WORD = 5


def typo_budget(length: int) -> int:
    """Edits allowed between a word of this length and its misspelling."""
    if length < MIN_TYPO_WORD:
        return 0
    return 1 if length <= 8 else 2


def name_key(name: str) -> str:
    """The comparison key of an applicant name (rules in `_key_text` and `_strip`).

    Idempotent: `name_key(name_key(x)) == name_key(x)`. Raises `InvalidInput` for a name that
    is not a string or is empty once invisible characters and whitespace are removed.
    """
    if not isinstance(name, str):
        raise InvalidInput(f"name must be a string, not {type(name).__name__}", field="name")
    key = key_or_none(name)
    if key is None:
        raise InvalidInput("name is empty or only whitespace", field="name")
    return key


def key_or_none(name: str) -> str | None:
    text = _key_text(name)
    if text:
        return " ".join(_strip(text.split()))
    # No letter or digit at all (punctuation, symbols, emoji): the normalised name itself, so
    # such names merge only with names written the same way. None when nothing is left.
    return _clip(normalize(name[:_MAX_RAW_CHARS])) or None


def _key_text(name: str) -> str:
    # 1. At most `_MAX_RAW_CHARS` characters of input are looked at.
    text = name[:_MAX_RAW_CHARS]
    # 2. Mojibake (UTF-8 read as Windows-1252, up to three times) is undone: `FÃ¶rderung`
    #    -> `Förderung`.
    text = _repair_mojibake(text)
    # 3. `ipoffice.text.normalize`: invisible characters removed, NFKC (full width to half width,
    #    `㈱` -> `(株)`), lower case, traditional to simplified Chinese, spaces collapsed.
    text = normalize(text)
    # 4. Accents and special Latin letters folded to ASCII: `société` -> `societe`, `ß` -> `ss`.
    text = text.translate(_latin_fold_table())
    # 5. Apostrophe look-alikes become `'`.
    text = APOSTROPHES.sub("'", text)
    # 6. The `CNT xxx COD nn ...` trailer of US assignee records is cut.
    text = USPTO_TRAILER.sub("", text)
    # 7. `A/S`, `S/A` become `as`, `sa`; `Int'l` becomes `international`.
    text = SLASH_FORMS.sub(r"\1\2", text)
    text = INT_L.sub("international", text)
    # 8. Dotted initialisms lose their dots and spaces: `S.N.E.C.M.A.` -> `snecma`,
    #    `U. S.` -> `us`, `e.V.` -> `ev`, `K.K.` -> `kk`.
    text = INITIALISM.sub(lambda m: DOTS_SPACES.sub("", m.group(0)), text)
    # 9. `&` is `and`; every other character that is not a letter, digit or a mark on a letter
    #    (punctuation, brackets, symbols, emoji) separates words.
    text = _words_only(text.replace("&", " and "))
    # 10. Inside Chinese and Japanese, spaces are dropped (`华为 技术` = `华为技术`); between those
    #     scripts and any other letter or digit a space is put (`TCL集团` -> `tcl 集团`).
    text = _spacing(text)
    # 11. At most `MAX_KEY_CHARS` characters, cut at a word boundary.
    text = _clip(text)
    # 12. Per word: look-alike Cyrillic/Greek letters inside Latin words become Latin, then
    #     abbreviations and spelling variants are expanded (`intl`, `mfg`, `univ`, `centre`).
    words = [ABBREVIATIONS.get(w, w) for w in map(_fix_homoglyphs, text.split())]
    # 13. The English article `the` is dropped everywhere.
    kept = [w for w in words if w != "the"]
    return " ".join(kept or words)


def _strip(tokens: list[str]) -> list[str]:
    # The rules below each remove words at the start or the end; they run again and again until
    # none applies, and none may leave a name without a word that is not a function word.
    rules = (
        _drop_leading_legal,  # `PT`, `OOO`, `Kabushiki Kaisha`, `株式会社`, `国立大学法人`, `L'`
        _drop_trailing_legal,  # legal forms, also misspelt; `有限公司`, `株式会社`
        _drop_trailing_function_word,  # `... and`, `... of`
        _drop_trailing_acronym,  # `Centre National de la Recherche Scientifique (CNRS)`
        _drop_trailing_place,  # `Samsung Electronics America`, `Corporation of America`
        _drop_tail_after_legal,  # `Xerox Corporation Stamford`
        _drop_unit_suffix,  # `... Intellectual Property Administration`
        _drop_university_unit,  # `... University School of Medicine`, `浙江大学化学系`
    )
    changed = True
    while changed:
        changed = False
        for rule in rules:
            shorter = rule(tokens)
            if shorter is not None and shorter != tokens and _has_content(shorter):
                tokens = shorter
                changed = True
                break
    return tokens


def _has_content(tokens: Sequence[str]) -> bool:
    return any(t not in FUNCTION_WORDS for t in tokens)


def _drop_leading_legal(tokens: list[str]) -> list[str] | None:
    first = tokens[0]
    if first in LEADING_LEGAL or first in LEADING_ARTICLES:
        return tokens[1:]
    for phrase in LEADING_LEGAL_PHRASES:
        if tuple(tokens[: len(phrase)]) == phrase:
            return tokens[len(phrase) :]
    match = CJK_LEGAL_HEAD.match(first)
    if match:
        rest = first[match.end() :]
        return [rest, *tokens[1:]] if rest else tokens[1:]
    return None


def _drop_trailing_legal(tokens: list[str]) -> list[str] | None:
    for phrase in LEGAL_PHRASES:
        if len(tokens) > len(phrase) and tuple(tokens[-len(phrase) :]) == phrase:
            return tokens[: -len(phrase)]
    last = tokens[-1]
    if last in LEGAL_WORDS or _misspelt_legal(last):
        return tokens[:-1]
    glued = GLUED_LEGAL.fullmatch(last)
    if glued:  # `General ElectricCompany`
        return [*tokens[:-1], glued.group(1)]
    match = CJK_LEGAL_TAIL.search(last)
    if match:
        rest = last[: match.start()]
        return [*tokens[:-1], rest] if rest else tokens[:-1]
    return None


def _misspelt_legal(word: str) -> bool:
    if len(word) < MIN_TYPO_WORD or not word.isascii() or not word.isalpha():
        return False
    if word in COMMON_WORDS:
        return False
    for form in FUZZY_LEGAL:
        budget = typo_budget(max(len(word), len(form)))
        close = abs(len(word) - len(form)) <= budget
        if close and OSA.distance(word, form, score_cutoff=budget) <= budget:
            return True
    return False


def _drop_trailing_function_word(tokens: list[str]) -> list[str] | None:
    return tokens[:-1] if tokens[-1] in TRAILING_FUNCTION_WORDS else None


def _drop_trailing_acronym(tokens: list[str]) -> list[str] | None:
    # The last word spells the initials of the content words before it (`... Corp. (IBM)`), or,
    # when 3 letters or more, of the last ones (`... National Aeronautics and Space
    # Administration (NASA)`); function words and legal forms do not count.
    last = tokens[-1]
    if len(tokens) < 3 or len(last) < 2 or not (last.isascii() and last.isalpha()):
        return None
    content = [t for t in tokens[:-1] if t not in FUNCTION_WORDS and t not in LEGAL_WORDS]
    if len(content) < len(last):
        return None
    initials = "".join(t[0] for t in content)
    if initials == last or (len(last) >= 3 and initials.endswith(last)):
        return tokens[:-1]
    return None


def _drop_trailing_place(tokens: list[str]) -> list[str] | None:
    for size in range(min(MAX_PLACE_WORDS, len(tokens) - 1), 0, -1):
        if tuple(tokens[-size:]) in PLACES:
            rest = tokens[:-size]
            if rest and rest[-1] in ("of", "in", "at"):
                rest = rest[:-1]
            # `Electricite de France`, `... Great Britain and Northern Ireland`: the place is
            # tied into the name by another function word and stays.
            if not rest or rest[-1] in FUNCTION_WORDS or not has_brand_word(rest):
                return None
            return rest
    return None


def has_brand_word(tokens: Sequence[str]) -> bool:
    """True when some word is not a common, generic, place, legal or function word."""
    return any(
        t not in COMMON_WORDS
        and t not in FUNCTION_WORDS
        and t not in LEGAL_WORDS
        and t not in GENERIC_SUFFIXES
        and (t,) not in PLACES
        for t in tokens
    )


def _drop_tail_after_legal(tokens: list[str]) -> list[str] | None:
    for tail in (1, 2):
        index = len(tokens) - tail - 1
        if index < 1 or tokens[index] not in STRONG_LEGAL:
            continue
        rest = tokens[index + 1 :]
        if rest[0] in FUNCTION_WORDS or any(
            t in LEGAL_WORDS or not (t.isascii() and t.isalpha()) for t in rest
        ):
            return None
        head = tokens[: index + 1]
        return head if has_brand_word(head) else None
    return None


def _drop_unit_suffix(tokens: list[str]) -> list[str] | None:
    for phrase in UNIT_PHRASES:
        size = len(phrase)
        for start in range(max(1, len(tokens) - size - 2), len(tokens) - size + 1):
            if tuple(tokens[start : start + size]) == phrase:
                return tokens[:start]
    return None


def _drop_university_unit(tokens: list[str]) -> list[str] | None:
    for index, token in enumerate(tokens):
        if token in UNIVERSITY_WORDS:
            for unit in range(index + 1, len(tokens) - 1):
                if tokens[unit] in UNIT_WORDS and tokens[unit + 1] in ("of", "for"):
                    return tokens[:unit]
            return None
        match = CJK_UNIVERSITY_UNIT.match(token)
        if match:
            return [*tokens[:index], match.group(1), *tokens[index + 1 :]]
    return None


def _repair_mojibake(text: str) -> str:
    for _ in range(3):
        if not MOJIBAKE_HINT.search(text):
            break
        raw = bytearray()
        for char in text:
            try:
                raw += char.encode("cp1252")
            except UnicodeEncodeError:
                if ord(char) > 0xFF:
                    return text
                # The five bytes cp1252 leaves undefined decode to the same code point.
                raw.append(ord(char))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            break
    return text


@functools.cache
def _latin_fold_table() -> dict[int, str]:
    special = {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ħ": "h",
        "ŋ": "n",
        "ŧ": "t",
        "ĸ": "k",
        "ſ": "s",
    }
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if char in special:
            table[code] = special[char]
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if base != char and base.isascii():
            table[code] = base
    return table


def _words_only(text: str) -> str:
    if text.isascii():
        return ASCII_NON_WORD.sub(" ", text)
    out: list[str] = []
    previous_is_letter = False
    for char in text:
        kind = unicodedata.category(char)[0]
        if kind in "LN" or (kind == "M" and previous_is_letter):
            out.append(char)
            previous_is_letter = True
        else:
            out.append(" ")
            previous_is_letter = False
    return "".join(out)


def _spacing(text: str) -> str:
    text = SPACES.sub(" ", text).strip()
    if NOSPACE.search(text):
        text = NOSPACE_GAP.sub("", text)
        text = NOSPACE_THEN_OTHER.sub(r"\1 ", text)
        text = OTHER_THEN_NOSPACE.sub(r"\1 ", text)
    return text


def _clip(text: str) -> str:
    if len(text) <= MAX_KEY_CHARS:
        return text
    cut = text[:MAX_KEY_CHARS]
    if text[MAX_KEY_CHARS] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.strip()


def _fix_homoglyphs(word: str) -> str:
    if HAS_ASCII_LETTER.search(word) and HAS_HOMOGLYPH.search(word):
        return word.translate(HOMOGLYPHS)
    return word
