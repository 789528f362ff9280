"""Applicant-name resolution: the names under which one organisation files resolve to one entity.

Screening for abnormal patent filings (CNIPA Order No. 77) counts most signals per applicant, so
the same organisation written in different ways (`华為技術有限公司`, `华为技术有限公司`,
`ＨＵＡＷＥＩ TECHNOLOGIES CO., LTD.`, `Huawei Technologies Co Ltd`) must count as one applicant,
while different organisations with similar names (`华为技术有限公司` and `华为终端有限公司`,
`Samsung Electronics` and `Samsung SDI`) must not. A false merge wrongly piles one applicant's
filings onto another; a missed merge lets an applicant split its filings across spellings. The
rules below lean towards not merging when in doubt.

`name_key(name)` gives a normalised comparison key; its rules are listed, in the order they run,
in the comments of `_key_text` and `_strip`.

`resolve(names, threshold=...)` clusters names into entities, in four stages over the distinct
names (each distinct string is processed once, however often it occurs):

1. Each name gets its key and its *core*: the key's words without function words (`of`, `and`,
   `de`, ...), without trailing generic words (`group`, `holdings`, `international`,
   `industries`, `集团`, `控股`), plurals folded (`machines` -> `machine`). Equal cores merge,
   so equal keys merge.
2. Cores equal once their spaces are removed merge (`EastmanKodak` / `Eastman Kodak`).
3. Typos: a blocking scheme proposes candidate pairs and `_similar` decides. Multi-word cores
   are blocked on their rarest words (prefix filtering: two cores of n words differing in at most
   d words share one of each other's d + 1 rarest words), one-word cores on their one-deletion
   neighbourhood (two words one edit apart share a deletion variant), and blocks larger than
   `_BLOCK_ALL_PAIRS` are compared only with their `_WINDOW` nearest neighbours in sorted order
   (forwards and backwards), so the number of comparisons grows linearly, never all pairs.
   `_similar` accepts two cores with the same number of words that differ in at most 1-3 words
   (by length), where each differing word is a typo of its partner (see `_typo_distance`), and
   whose character-weighted similarity is at least `threshold`. A whole-string ratio is not
   used: it puts `... Secretary of the Navy` and `... Secretary of the Army` above 0.95.
4. Acronyms: a one-word core of 3-6 letters (`IBM`) joins the one entity whose core words have
   those initials (`International Business Machines`); when two or more entities have them,
   nothing merges.

Entity ids are the cluster's most frequent original name, ties broken by the shortest, then by
code-point order. They depend only on the multiset of names given, not on their order, so the
same input always gives the same ids; a later run on more data can pick another spelling of
the same cluster when that spelling has become the most frequent.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, permutations

from rapidfuzz.distance import OSA

from ipoffice.core.errors import InvalidInput
from ipoffice.text.normalize import HAN_CLASS, normalize


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Keys are built from at most this many characters of the normalised name, cut at a word
# boundary (see `_clip`). Real applicant names stay under 200 characters; a longer one is a
# list of several applicants or an address pasted into the field, and its beginning names it.
MAX_KEY_CHARS = 500
# Input is cut here before any work, so a pathological megabyte-long string costs nothing.
# Normalisation rarely lengthens text, so this keeps the first 500 normalised characters.
_MAX_RAW_CHARS = 4 * MAX_KEY_CHARS

# Minimum character-weighted similarity for a typo merge (stage 3). Chosen on one half of the
# entities of the benchmark file (docs/performance.md, "Applicant resolution") and reported
# on the other half.
DEFAULT_THRESHOLD = 0.9

# Blocks up to this size compare all their pairs; larger blocks use the sorted neighbourhood.
_BLOCK_ALL_PAIRS = 50
_WINDOW = 8
# Words shorter than this are never treated as typos of another word (`SDI` / `SDS`).
_MIN_TYPO_WORD = 5
_ACRONYM_LENGTHS = range(3, 7)

# Scripts written without spaces between words: Han, hiragana, katakana (NFKC has already made
# half-width katakana full-width).
_NOSPACE_CLASS = HAN_CLASS + "\u3040-\u30ff\u31f0-\u31ff"
_NOSPACE = re.compile(f"[{_NOSPACE_CLASS}]")
_NOSPACE_GAP = re.compile(f"(?<=[{_NOSPACE_CLASS}]) +(?=[{_NOSPACE_CLASS}])")
_NOSPACE_THEN_OTHER = re.compile(f"([{_NOSPACE_CLASS}])(?=[^\\s{_NOSPACE_CLASS}])")
_OTHER_THEN_NOSPACE = re.compile(f"([^\\s{_NOSPACE_CLASS}])(?=[{_NOSPACE_CLASS}])")
_SPACES = re.compile(r"\s+")
_ASCII_NON_WORD = re.compile(r"[^a-z0-9]+")

# Text that is UTF-8 decoded as Windows-1252 (once or twice) shows these pairs: `Ã¶` for `ö`,
# `â€™` for `’`, `Ã¢â‚¬â„¢` for a doubly broken `’`.
_MOJIBAKE_HINT = re.compile(
    "[\u00c3\u00c2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|\u00e2\u20ac"
)
_APOSTROPHES = re.compile("[\u2018\u2019\u201b\u2032\u0060\u00b4]")
# US assignee records carry a country or state code trailer: `... CNT GBX COD 07 ITX a part
# interest`, `... STA DC COD 06`.
_USPTO_TRAILER = re.compile(r"\s+(?:cnt|sta) [a-z0-9]{2,3} cod \d+\b.*$")
_SLASH_FORMS = re.compile(r"(?<![a-z])([as])/([as])(?![a-z])")
_INT_L = re.compile(r"\bint'l\b")
# Two or more single letters each followed by a full stop (the last stop may be missing before a
# space, a bracket, a comma or the end): `s.n.e.c.m.a.`, `u. s.`, `e.v`, `k.k.`.
_INITIALISM = re.compile(r"(?<![^\W_])(?:[^\W\d_]\. ?)+[^\W\d_](?:\.|(?=[\s,;:)\]/-]|$))")
_DOTS_SPACES = re.compile(r"[. ]")

# Chinese, Japanese and Korean legal forms, matched at the end of the last word (Chinese has no
# spaces, so `华为技术有限公司` is one word). `分公司` (branch) and `子公司` (subsidiary) are kept:
# a branch is written after its company's full name (`华为技术有限公司北京分公司`), so it stays a
# distinct applicant.
_CJK_LEGAL_TAIL = re.compile(
    "(?:股份有限公司|有限责任公司|有限公司|股份公司|(?<![分子])公司|有限合伙|普通合伙|合伙企业"
    "|株式会社|有限会社|合同会社|合资会社|合名会社)$"
)
_CJK_LEGAL_HEAD = re.compile(
    "^(?:株式会社|有限会社|合同会社|国立大学法人|公立大学法人|学校法人|独立行政法人"
    "|地方独立行政法人|国立研究开发法人|公益财团法人|一般财团法人|财团法人|公益社团法人"
    "|一般社团法人|社团法人|医疗法人)"
)
_CJK_GENERIC_TAIL = re.compile("(?:控股集团|集团控股|集团|控股)$")
# A university's department, school, laboratory or research group: `浙江大学化学系`.
_CJK_UNIVERSITY_UNIT = re.compile("^(.+?大学).+?(?:系|学院|实验室|课题组)$")

# Latin-script legal forms: dropped at the end of a name, repeatedly (`GmbH & Co. KG`).
_LEGAL_WORDS = _wordset(
    """
    inc incorporated corp corporation corporations co company cos ltd limited llc llp lp plc
    pllc pty pte bhd sdn gmbh mbh ag aktiengesellschaft kg kgaa ohg ev eg se nv bv bvba sarl sas
    sa snc sca srl spa sl sau ab oy oyj as asa aps kk yk gk kabushiki kaisha kabushikikaisha
    kabushikigaisha sro zrt kft doo dd ltda ltee tbk jsc pjsc ojsc cjsc ooo зао оао пао ооо ао
    gongsi youxiangongsi 주식회사 유한회사 주
    """
)
_LEGAL_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "gesellschaft mit beschrankter haftung",
        "gesellschaft mit beschraenkter haftung",
        "public limited company",
        "limited liability company",
        "limited liability partnership",
        "societa per azioni",
        "societe anonyme",
        "sociedad anonima",
        "naamloze vennootschap",
        "besloten vennootschap",
        "sp z oo",
        "sa de cv",
        "youxian gongsi",
        "gufen youxian gongsi",
        "yugen kaisha",
        "godo kaisha",
        "kabushiki gaisha",
    )
)
# Legal forms written before the name: `PT Astra`, `OOO Yandex`, `Kabushiki Kaisha Toshiba`.
_LEADING_LEGAL = _wordset("pt ooo ооо зао оао пао ojsc pjsc cjsc jsc 주식회사 주")
_LEADING_LEGAL_PHRASES = (("kabushiki", "kaisha"), ("kabushiki", "gaisha"))
# Legal forms that are long enough to recognise when misspelt (`Coporation`, `Kabushiki Kaishi`).
_FUZZY_LEGAL = (
    "corporation",
    "incorporated",
    "company",
    "limited",
    "kabushiki",
    "kaisha",
    "aktiengesellschaft",
    "kabushikikaisha",
)
# A long legal form glued to the word before it, which keeps at least 4 letters.
_GLUED_LEGAL = re.compile("([a-z]{4,}?)(?:company|corporation|incorporated|limited)")
# Legal forms after which one or two more words are an address, not the name
# (`Xerox Corporation Stamford`, `Ernst Leitz GmbH Wetzlar`). `company` and `co` are not among
# them: they are also ordinary nouns inside names.
_STRONG_LEGAL = _wordset(
    """
    inc incorporated corp corporation ltd limited llc plc gmbh ag aktiengesellschaft ev kk
    kaisha sa spa nv bv ab srl sarl llp
    """
)
# Articles dropped at the start of a name (`L'Air Liquide`, `Le Centre National ...`).
_LEADING_ARTICLES = _wordset("l le la les")
# Function words: ignored when cores are compared, dropped at the end of a key.
_FUNCTION_WORDS = _wordset(
    """
    the of and for at by in on an a de del della di da do dos das du des la le les l d et y e
    der die den und zur zum von van fur
    """
)
_TRAILING_FUNCTION_WORDS = _wordset("and of for the at by in a de et und")
# Generic words whose presence at the end does not make another organisation:
# `Honeywell International` is `Honeywell`, `Samsung Group` is `Samsung`.
_GENERIC_SUFFIXES = _wordset(
    """
    group groups holding holdings international worldwide global industries industrial industry
    kogyo enterprise enterprises
    """
)
# Phrases written in several ways that the core writes in one (`United States Government`,
# `U.S.`, `United States of America` are one country), and the `as represented by` of assignees
# acting for a government. Only cores use them: keys keep what was written.
_CORE_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(source.split()): tuple(target.split())
    for target, sources in {
        "united states": """united states of america|united states government|us government
        |usa government|government of united states of america|government of united states
        |government of us|government of usa|united states of america government|usa|us""",
        "united kingdom": """united kingdom of great britain and northern ireland
        |united kingdom of great britain|uk|great britain""",
        "china": "people s republic of china|prc",
        "korea": "republic of korea|south korea",
        "": "as represented by|represented by",
    }.items()
    for source in sources.replace("\n", "").split("|")
}
_MAX_CORE_PHRASE = max(len(p) for p in _CORE_PHRASES)
# Abbreviations and spelling variants, per word (after punctuation is gone).
_ABBREVIATIONS = {
    "intl": "international",
    "mfg": "manufacturing",
    "manuf": "manufacturing",
    "mfrs": "manufacturers",
    "univ": "university",
    "inst": "institute",
    "natl": "national",
    "dept": "department",
    "elec": "electric",
    "lab": "laboratory",
    "labs": "laboratories",
    "assn": "association",
    "assoc": "association",
    "bros": "brothers",
    "chem": "chemical",
    "pharm": "pharmaceutical",
    "sys": "systems",
    "svcs": "services",
    "mgmt": "management",
    "govt": "government",
    "technol": "technology",
    "ind": "industries",
    "inds": "industries",
    "engg": "engineering",
    "engr": "engineering",
    "ctr": "center",
    "centre": "center",
    "defence": "defense",
    "organisation": "organization",
    "programme": "program",
    "calif": "california",
}
# A university's internal units, cut off when written as `<unit> of|for ...` after the
# university (`Stanford University School of Medicine`, `... Office of Technology Transfer`).
_UNIVERSITY_WORDS = _wordset(
    """
    university universitat universite universidad universita universiteit universidade
    universitet
    """
)
_UNIT_WORDS = _wordset(
    """
    department school faculty college division laboratory laboratories office center institute
    graduate program
    """
)
# Internal departments of any organisation, cut off at the end of a name.
_UNIT_PHRASES: tuple[tuple[str, ...], ...] = (
    ("intellectual", "property"),
    ("patent", "department"),
    ("patent", "division"),
    ("patent", "office"),
    ("patent", "section"),
    ("legal", "department"),
    ("ip", "department"),
    ("office", "of", "general", "counsel"),
)
# Countries, regions and large cities dropped at the end of a name (`Samsung Electronics America`,
# `Hoechst Japan Limited`, `Corporation of America`), when the rest still holds a word that is
# not a common one (`Air France` and `Bank of America` keep their place).
_PLACES: frozenset[tuple[str, ...]] = frozenset(
    tuple(p.split())
    for p in """usa|us|america|united states|united states of america|north america|latin america
    |uk|united kingdom|great britain|britain|england|scotland|ireland|northern ireland
    |europe|asia|asia pacific
    |germany|deutschland|france|japan|nippon|china|prc|korea|south korea|republic of korea
    |taiwan|hong kong|macau|india|canada|australia|new zealand|italy|italia|spain|espana
    |portugal|netherlands|nederland|holland|belgium|belgique|luxembourg|switzerland|schweiz
    |suisse|austria|osterreich|sweden|sverige|norway|norge|denmark|danmark|finland|suomi
    |iceland|poland|polska|czech republic|czechia|slovakia|hungary|romania|bulgaria|greece
    |turkey|turkiye|russia|ukraine|israel|egypt|south africa|saudi arabia|uae|singapore
    |malaysia|thailand|vietnam|indonesia|philippines|brazil|brasil|mexico|argentina|chile
    |colombia|peru|tokyo|osaka|kyoto|yokohama|nagoya|kobe|seoul|beijing|shanghai|shenzhen
    |guangzhou|hangzhou|suzhou|nanjing|wuhan|chengdu|tianjin|taipei|hsinchu|london|paris
    |berlin|munich|munchen|frankfurt|hamburg|stuttgart|cologne|koln|dusseldorf|zurich|basel
    |geneva|geneve|vienna|wien|amsterdam|eindhoven|brussels|stockholm|copenhagen|oslo
    |helsinki|dublin|madrid|barcelona|milan|milano|rome|roma|new york|boston|chicago
    |san diego|san francisco|san jose|los angeles|seattle|houston|dallas|austin|atlanta
    |detroit|philadelphia|pittsburgh|minneapolis|palo alto|toronto|montreal|vancouver
    |sydney|melbourne|bangalore|bengaluru|mumbai|delhi""".replace("\n", "").split("|")
)
_MAX_PLACE_WORDS = max(len(p) for p in _PLACES)
# Common words of organisation names. Two different words that are both here are never taken
# for typos of each other (`electric` / `electronic`, `austria` / `australia`), and a name left
# with only such words keeps the place or generic word that follows them (`Air France`).
_COMMON_WORDS = _wordset(
    """
    electric electrical electronic electronics electro electron chemical chemicals chemistry
    material materials mechanical mechanics optical optics photonic photonics medical medicine
    pharmaceutical pharmaceuticals biological biology physics physical science sciences
    scientific technology technologies technical technique engineering engineer energy power
    motor motors auto automotive steel metal metals mining oil gas petroleum nuclear atomic
    space aerospace aviation marine navy army air force defense health human service services
    agriculture agricultural food foods textile textiles paper glass plastic plastics rubber
    cement computer computers computing software system systems network networks communication
    communications telecom telephone telegraph data digital display displays device devices
    semiconductor semiconductors instrument instruments machine machines machinery equipment
    tool tools industrial research development institute institution university college school
    academy hospital clinic laboratory laboratories center foundation association society
    council agency office department ministry national international general united american
    america european asian japanese chinese german french british north south east west northern
    southern eastern western central pacific atlantic first second third new royal federal state
    states public private global world life light lighting sound audio video vision image
    imaging photo film camera print printing graphic graphics design control controls precision
    process product products solution solutions storage memory micro nano bio genetic genetics
    molecular cell cellular therapeutics diagnostics surgical dental animal plant plants seed
    seeds water environmental environment capital finance financial bank insurance trading trade
    resource resources partner partners venture ventures media entertainment games sports home
    house construction building transport transportation logistics shipping rail railway airline
    airlines government republic kingdom commonwealth city county province people secretary
    administration administrator represented regents board trustees president fellows management
    manufacturing manufacturers brothers sons china japan korea
    """
)
# Cyrillic and Greek letters that look like Latin ones, mapped to Latin inside words that also
# contain a Latin letter (`Sаmsung` with a Cyrillic `а`): such a mix is a spoofed spelling.
_HOMOGLYPHS = str.maketrans(
    "аеорсухкміјѕһԁԛԝνοαρτικυχ",
    "aeopcyxkmijshdqwvoaptikux",
)
_HAS_ASCII_LETTER = re.compile("[a-z]")
_HAS_HOMOGLYPH = re.compile("[аеорсухкміјѕһԁԛԝνοαρτικυχ]")


@dataclass(frozen=True, slots=True)
class Resolution:
    """One input name and the entity it resolves to (the entity's representative name)."""

    name: str
    entity: str


# --- the key -------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """The comparison key of an applicant name (rules in `_key_text` and `_strip`).

    Idempotent: `name_key(name_key(x)) == name_key(x)`. Raises `InvalidInput` for a name that
    is not a string or is empty once invisible characters and whitespace are removed.
    """
    if not isinstance(name, str):
        raise InvalidInput(f"name must be a string, not {type(name).__name__}", field="name")
    key = _key(name)
    if key is None:
        raise InvalidInput("name is empty or only whitespace", field="name")
    return key


def _key(name: str) -> str | None:
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
    text = _APOSTROPHES.sub("'", text)
    # 6. The `CNT xxx COD nn ...` trailer of US assignee records is cut.
    text = _USPTO_TRAILER.sub("", text)
    # 7. `A/S`, `S/A` become `as`, `sa`; `Int'l` becomes `international`.
    text = _SLASH_FORMS.sub(r"\1\2", text)
    text = _INT_L.sub("international", text)
    # 8. Dotted initialisms lose their dots and spaces: `S.N.E.C.M.A.` -> `snecma`,
    #    `U. S.` -> `us`, `e.V.` -> `ev`, `K.K.` -> `kk`.
    text = _INITIALISM.sub(lambda m: _DOTS_SPACES.sub("", m.group(0)), text)
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
    words = [_ABBREVIATIONS.get(w, w) for w in map(_fix_homoglyphs, text.split())]
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
    return any(t not in _FUNCTION_WORDS for t in tokens)


def _drop_leading_legal(tokens: list[str]) -> list[str] | None:
    first = tokens[0]
    if first in _LEADING_LEGAL or first in _LEADING_ARTICLES:
        return tokens[1:]
    for phrase in _LEADING_LEGAL_PHRASES:
        if tuple(tokens[: len(phrase)]) == phrase:
            return tokens[len(phrase) :]
    match = _CJK_LEGAL_HEAD.match(first)
    if match:
        rest = first[match.end() :]
        return [rest, *tokens[1:]] if rest else tokens[1:]
    return None


def _drop_trailing_legal(tokens: list[str]) -> list[str] | None:
    for phrase in _LEGAL_PHRASES:
        if len(tokens) > len(phrase) and tuple(tokens[-len(phrase) :]) == phrase:
            return tokens[: -len(phrase)]
    last = tokens[-1]
    if last in _LEGAL_WORDS or _misspelt_legal(last):
        return tokens[:-1]
    glued = _GLUED_LEGAL.fullmatch(last)
    if glued:  # `General ElectricCompany`
        return [*tokens[:-1], glued.group(1)]
    match = _CJK_LEGAL_TAIL.search(last)
    if match:
        rest = last[: match.start()]
        return [*tokens[:-1], rest] if rest else tokens[:-1]
    return None


def _misspelt_legal(word: str) -> bool:
    if len(word) < _MIN_TYPO_WORD or not word.isascii() or not word.isalpha():
        return False
    if word in _COMMON_WORDS:
        return False
    for form in _FUZZY_LEGAL:
        budget = _typo_budget(max(len(word), len(form)))
        close = abs(len(word) - len(form)) <= budget
        if close and OSA.distance(word, form, score_cutoff=budget) <= budget:
            return True
    return False


def _drop_trailing_function_word(tokens: list[str]) -> list[str] | None:
    return tokens[:-1] if tokens[-1] in _TRAILING_FUNCTION_WORDS else None


def _drop_trailing_acronym(tokens: list[str]) -> list[str] | None:
    # The last word spells the initials of the content words before it (`... Corp. (IBM)`), or,
    # when 3 letters or more, of the last ones (`... National Aeronautics and Space
    # Administration (NASA)`); function words and legal forms do not count.
    last = tokens[-1]
    if len(tokens) < 3 or len(last) < 2 or not (last.isascii() and last.isalpha()):
        return None
    content = [t for t in tokens[:-1] if t not in _FUNCTION_WORDS and t not in _LEGAL_WORDS]
    if len(content) < len(last):
        return None
    initials = "".join(t[0] for t in content)
    if initials == last or (len(last) >= 3 and initials.endswith(last)):
        return tokens[:-1]
    return None


def _drop_trailing_place(tokens: list[str]) -> list[str] | None:
    for size in range(min(_MAX_PLACE_WORDS, len(tokens) - 1), 0, -1):
        if tuple(tokens[-size:]) in _PLACES:
            rest = tokens[:-size]
            if rest and rest[-1] in ("of", "in", "at"):
                rest = rest[:-1]
            # `Electricite de France`, `... Great Britain and Northern Ireland`: the place is
            # tied into the name by another function word and stays.
            if not rest or rest[-1] in _FUNCTION_WORDS or not _has_brand_word(rest):
                return None
            return rest
    return None


def _has_brand_word(tokens: Sequence[str]) -> bool:
    """True when some word is not a common, generic, place, legal or function word."""
    return any(
        t not in _COMMON_WORDS
        and t not in _FUNCTION_WORDS
        and t not in _LEGAL_WORDS
        and t not in _GENERIC_SUFFIXES
        and (t,) not in _PLACES
        for t in tokens
    )


def _drop_tail_after_legal(tokens: list[str]) -> list[str] | None:
    for tail in (1, 2):
        index = len(tokens) - tail - 1
        if index < 1 or tokens[index] not in _STRONG_LEGAL:
            continue
        rest = tokens[index + 1 :]
        if rest[0] in _FUNCTION_WORDS or any(
            t in _LEGAL_WORDS or not (t.isascii() and t.isalpha()) for t in rest
        ):
            return None
        head = tokens[: index + 1]
        return head if _has_brand_word(head) else None
    return None


def _drop_unit_suffix(tokens: list[str]) -> list[str] | None:
    for phrase in _UNIT_PHRASES:
        size = len(phrase)
        for start in range(max(1, len(tokens) - size - 2), len(tokens) - size + 1):
            if tuple(tokens[start : start + size]) == phrase:
                return tokens[:start]
    return None


def _drop_university_unit(tokens: list[str]) -> list[str] | None:
    for index, token in enumerate(tokens):
        if token in _UNIVERSITY_WORDS:
            for unit in range(index + 1, len(tokens) - 1):
                if tokens[unit] in _UNIT_WORDS and tokens[unit + 1] in ("of", "for"):
                    return tokens[:unit]
            return None
        match = _CJK_UNIVERSITY_UNIT.match(token)
        if match:
            return [*tokens[:index], match.group(1), *tokens[index + 1 :]]
    return None


def _repair_mojibake(text: str) -> str:
    for _ in range(3):
        if not _MOJIBAKE_HINT.search(text):
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
        return _ASCII_NON_WORD.sub(" ", text)
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
    text = _SPACES.sub(" ", text).strip()
    if _NOSPACE.search(text):
        text = _NOSPACE_GAP.sub("", text)
        text = _NOSPACE_THEN_OTHER.sub(r"\1 ", text)
        text = _OTHER_THEN_NOSPACE.sub(r"\1 ", text)
    return text


def _clip(text: str) -> str:
    if len(text) <= MAX_KEY_CHARS:
        return text
    cut = text[:MAX_KEY_CHARS]
    if text[MAX_KEY_CHARS] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.strip()


def _fix_homoglyphs(word: str) -> str:
    if _HAS_ASCII_LETTER.search(word) and _HAS_HOMOGLYPH.search(word):
        return word.translate(_HOMOGLYPHS)
    return word


# --- the core and the comparison ---------------------------------------------------------------


def _core(key: str) -> tuple[str, ...]:
    words = _canonical_phrases(key.split())
    tokens = [w for w in words if w not in _FUNCTION_WORDS]
    if all(len(t) == 1 for t in tokens):
        tokens = words  # `AT&T` is `at and t`, not `t`
    while len(tokens) > 1 and tokens[-1] in _GENERIC_SUFFIXES and _has_brand_word(tokens[:-1]):
        tokens.pop()
    match = _CJK_GENERIC_TAIL.search(tokens[-1])
    if match:
        rest = tokens[-1][: match.start()]
        if len(rest) >= 2:
            tokens[-1] = rest
        elif not rest and len(tokens) > 1:
            tokens.pop()
    return tuple(tokens)


def _canonical_phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(words):
        for size in range(min(_MAX_CORE_PHRASE, len(words) - index), 0, -1):
            target = _CORE_PHRASES.get(tuple(words[index : index + size]))
            if target is not None:
                out.extend(target)
                index += size
                break
        else:
            out.append(words[index])
            index += 1
    return out or words


def _fold_plural(word: str) -> str:
    if len(word) < _MIN_TYPO_WORD or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.cache
def _common_folded() -> frozenset[str]:
    places = {w for place in _PLACES for w in place}
    return frozenset(_fold_plural(w) for w in _COMMON_WORDS | places)


def _typo_budget(length: int) -> int:
    """Edits allowed between a word of this length and its misspelling."""
    if length < _MIN_TYPO_WORD:
        return 0
    return 1 if length <= 8 else 2


def _max_diff(words: int) -> int:
    """How many words of a core of this many words may be misspelt."""
    if words <= 4:
        return 1
    return 2 if words <= 8 else 3


def _typable(word: str) -> bool:
    return len(word) >= _MIN_TYPO_WORD - 1 and word.isalpha() and not _NOSPACE.search(word)


def _typo_distance(a: str, b: str) -> int | None:
    """Edits between two words when one can be a misspelling of the other, else None.

    Both must be words of letters (no digits: `3M` / `3N` are different) outside Chinese and
    Japanese (one character changes the name), the longer of at least `_MIN_TYPO_WORD` letters
    and the shorter of at least one less (`kdak` / `kodak`), not both common words (`electric` /
    `electronic`), within `_typo_budget` edits (OSA distance, so a swap of two neighbours is one
    edit).
    """
    if not (_typable(a) and _typable(b)):
        return None
    common = _common_folded()
    if _fold_plural(a) in common and _fold_plural(b) in common:
        return None
    budget = _typo_budget(max(len(a), len(b)))
    if abs(len(a) - len(b)) > budget:
        return None
    distance = OSA.distance(a, b, score_cutoff=budget)
    return distance if distance <= budget else None


def _similar(
    a: tuple[str, ...],
    b: tuple[str, ...],
    threshold: float,
    spelling_a: dict[str, str],
    spelling_b: dict[str, str],
) -> bool:
    """Whether cores `a` and `b` (plurals folded) name one organisation despite typos.

    `spelling_*` give each folded word as written: a typo is measured on both forms and the
    closer counts (`busines` folds to `busine`, two edits from `business`, one as written).
    """
    if len(a) != len(b):
        return False
    only_a = Counter(a)
    only_b = Counter(b)
    only_a.subtract(b)
    only_b.subtract(a)
    left = sorted(only_a.elements())
    right = sorted(only_b.elements())
    if not left:
        return True  # the same words in another order
    if len(left) > _max_diff(len(a)) or (len(a) > 1 and len(left) == len(a)):
        return False
    best = -1.0
    for partners in permutations(right):
        score = 0.0
        for x, y in zip(left, partners, strict=True):
            similarity = max(_typo_similarity(x, y), _typo_similarity(spelling_a[x], spelling_b[y]))
            if similarity < 0:
                break
            score += (len(x) + len(y)) * similarity
        else:
            best = max(best, score)
    if best < 0:
        return False
    total = sum(map(len, a)) + sum(map(len, b))
    differing = sum(map(len, left)) + sum(map(len, right))
    return (total - differing + best) / total >= threshold


def _typo_similarity(a: str, b: str) -> float:
    """1 - edits / longer length when `b` can be a misspelling of `a`, else -1."""
    distance = _typo_distance(a, b)
    return -1.0 if distance is None else 1 - distance / max(len(a), len(b))


# --- clustering --------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller index becomes the root: the result does not depend on the order of
            # the unions.
            if root_b < root_a:
                root_a, root_b = root_b, root_a
            self.parent[root_b] = root_a


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _block_pairs(members: list[int], texts: list[str]) -> Iterator[tuple[int, int]]:
    if len(members) <= _BLOCK_ALL_PAIRS:
        yield from combinations(members, 2)
        return
    for reverse in (False, True):
        order = sorted(members, key=(lambda u: texts[u][::-1]) if reverse else texts.__getitem__)
        for i, a in enumerate(order):
            for b in order[i + 1 : i + 1 + _WINDOW]:
                yield a, b


def _first_shared(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    shared = set(b)
    return next((t for t in a if t in shared), None)


def _candidate_pairs(cores: list[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
    frequency = Counter(t for core in cores for t in set(core))
    texts = [" ".join(core) for core in cores]
    prefixes: list[tuple[str, ...]] = []
    blocks: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    for unit, core in enumerate(cores):
        if not any(_typable(t) for t in core):
            prefixes.append(())  # only exact matches possible: stages 1 and 2 did them
            continue
        if len(core) == 1:
            prefixes.append(())
            for variant in _deletions(core[0]):
                blocks[(1, variant)].append(unit)
            continue
        rarest = sorted(set(core), key=lambda t: (frequency[t], t))
        prefix = tuple(rarest[: _max_diff(len(core)) + 1])
        prefixes.append(prefix)
        for token in prefix:
            blocks[(len(core), token)].append(unit)
    for (size, token), members in blocks.items():
        for a, b in _block_pairs(members, texts):
            # A pair sharing several prefix words is looked at in the block of the first only.
            if size == 1 or _first_shared(prefixes[a], prefixes[b]) == token:
                yield a, b


def _acronym_pairs(cores: list[tuple[str, ...]], groups: _UnionFind) -> list[tuple[int, int]]:
    by_initials: defaultdict[str, set[int]] = defaultdict(set)
    acronyms: list[int] = []
    for unit, core in enumerate(cores):
        if not all(t.isascii() and t.isalpha() for t in core):
            continue
        if len(core) == 1 and len(core[0]) in _ACRONYM_LENGTHS:
            acronyms.append(unit)
        elif len(core) in _ACRONYM_LENGTHS:
            by_initials["".join(t[0] for t in core)].add(groups.find(unit))
    pairs = []
    for unit in acronyms:
        roots = by_initials.get(cores[unit][0], set())
        if len(roots) == 1:
            pairs.append((unit, next(iter(roots))))
    return pairs


def _clusters(keys: list[str], threshold: float) -> list[int]:
    """Cluster number (a unit index) for each key."""
    unit_of_core: dict[tuple[str, ...], int] = {}
    spellings: list[dict[str, str]] = []  # per unit: folded word -> as written (smallest)
    key_unit = []
    for key in keys:
        written = _core(key)
        core = tuple(map(_fold_plural, written))
        unit = unit_of_core.setdefault(core, len(spellings))
        if unit == len(spellings):
            spellings.append({})
        spelling = spellings[unit]
        for folded, word in zip(core, written, strict=True):
            current = spelling.get(folded)
            if current is None or word < current:
                spelling[folded] = word
        key_unit.append(unit)
    cores = list(unit_of_core)
    groups = _UnionFind(len(cores))
    compact: dict[str, int] = {}
    for unit, core in enumerate(cores):
        groups.union(unit, compact.setdefault("".join(core), unit))
    for a, b in _candidate_pairs(cores):
        if groups.find(a) != groups.find(b) and _similar(
            cores[a], cores[b], threshold, spellings[a], spellings[b]
        ):
            groups.union(a, b)
    for a, b in _acronym_pairs(cores, groups):
        groups.union(a, b)
    return [groups.find(unit) for unit in key_unit]


def resolve(names: Iterable[str], *, threshold: float = DEFAULT_THRESHOLD) -> list[Resolution]:
    """Resolve each name to its entity; one `Resolution` per input name, in input order.

    `threshold` (0 < threshold <= 1) is the minimum character-weighted similarity for merging
    names that differ by typos; exact, legal-form, generic-suffix and acronym merges do not
    depend on it. Raises `InvalidInput` naming the position (`names[3]`) of the first name that
    is not a string or is empty or only whitespace.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise InvalidInput("threshold must be a number", field="threshold")
    if not 0 < threshold <= 1:  # also false for NaN
        raise InvalidInput("threshold must be a number above 0 and at most 1", field="threshold")
    mentions = list(names)
    counts: dict[str, int] = {}
    keys: list[str] = []
    for position, name in enumerate(mentions):
        if not isinstance(name, str):
            raise InvalidInput(
                f"names[{position}] must be a string, not {type(name).__name__}",
                field=f"names[{position}]",
            )
        if name in counts:
            counts[name] += 1
            continue
        key = _key(name)
        if key is None:
            raise InvalidInput(
                f"names[{position}] is empty or only whitespace", field=f"names[{position}]"
            )
        counts[name] = 1
        keys.append(key)
    distinct = list(counts)
    cluster = _clusters(keys, threshold)
    best: dict[int, str] = {}
    for name, group in zip(distinct, cluster, strict=True):
        current = best.get(group)
        if current is None or _rank(name, counts) < _rank(current, counts):
            best[group] = name
    resolved = {
        name: Resolution(name, best[group]) for name, group in zip(distinct, cluster, strict=True)
    }
    return [resolved[name] for name in mentions]


def _rank(name: str, counts: dict[str, int]) -> tuple[int, int, str]:
    return (-counts[name], len(name), name)


__all__ = ["DEFAULT_THRESHOLD", "MAX_KEY_CHARS", "Resolution", "name_key", "resolve"]
