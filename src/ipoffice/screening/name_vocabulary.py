"""The vocabulary of applicant-name resolution (`ipoffice.screening.names`): legal forms in
Chinese, English and other languages, function and generic words, abbreviations, place names,
university units, homoglyphs, and the patterns that find them. Data, with the reason for each
borderline entry beside it.
"""

from __future__ import annotations

import re

from ipoffice.text.normalize import HAN_CLASS


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Scripts written without spaces between words: Han, hiragana, katakana (NFKC has already made
# half-width katakana full-width).
NOSPACE_CLASS = HAN_CLASS + "\u3040-\u30ff\u31f0-\u31ff"
NOSPACE = re.compile(f"[{NOSPACE_CLASS}]")
NOSPACE_GAP = re.compile(f"(?<=[{NOSPACE_CLASS}]) +(?=[{NOSPACE_CLASS}])")
NOSPACE_THEN_OTHER = re.compile(f"([{NOSPACE_CLASS}])(?=[^\\s{NOSPACE_CLASS}])")
OTHER_THEN_NOSPACE = re.compile(f"([^\\s{NOSPACE_CLASS}])(?=[{NOSPACE_CLASS}])")
SPACES = re.compile(r"\s+")
ASCII_NON_WORD = re.compile(r"[^a-z0-9]+")

# Text that is UTF-8 decoded as Windows-1252 (once or twice) shows these pairs: `Ã¶` for `ö`,
# `â€™` for `’`, `Ã¢â‚¬â„¢` for a doubly broken `’`.
MOJIBAKE_HINT = re.compile(
    "[\u00c3\u00c2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|\u00e2\u20ac"
)
APOSTROPHES = re.compile("[\u2018\u2019\u201b\u2032\u0060\u00b4]")
# US assignee records carry a country or state code trailer: `... CNT GBX COD 07 ITX a part
# interest`, `... STA DC COD 06`.
USPTO_TRAILER = re.compile(r"\s+(?:cnt|sta) [a-z0-9]{2,3} cod \d+\b.*$")
SLASH_FORMS = re.compile(r"(?<![a-z])([as])/([as])(?![a-z])")
INT_L = re.compile(r"\bint'l\b")
# Two or more single letters each followed by a full stop (the last stop may be missing before a
# space, a bracket, a comma or the end): `s.n.e.c.m.a.`, `u. s.`, `e.v`, `k.k.`.
INITIALISM = re.compile(r"(?<![^\W_])(?:[^\W\d_]\. ?)+[^\W\d_](?:\.|(?=[\s,;:)\]/-]|$))")
DOTS_SPACES = re.compile(r"[. ]")

# Chinese, Japanese and Korean legal forms, matched at the end of the last word (Chinese has no
# spaces, so `华为技术有限公司` is one word). `分公司` (branch) and `子公司` (subsidiary) are kept:
# a branch is written after its company's full name (`华为技术有限公司北京分公司`), so it stays a
# distinct applicant.
CJK_LEGAL_TAIL = re.compile(
    "(?:股份有限公司|有限责任公司|有限公司|股份公司|(?<![分子])公司|有限合伙|普通合伙|合伙企业"
    "|株式会社|有限会社|合同会社|合资会社|合名会社)$"
)
CJK_LEGAL_HEAD = re.compile(
    "^(?:株式会社|有限会社|合同会社|国立大学法人|公立大学法人|学校法人|独立行政法人"
    "|地方独立行政法人|国立研究开发法人|公益财团法人|一般财团法人|财团法人|公益社团法人"
    "|一般社团法人|社团法人|医疗法人)"
)
CJK_GENERIC_TAIL = re.compile("(?:控股集团|集团控股|集团|控股)$")
# A university's department, school, laboratory or research group: `浙江大学化学系`.
CJK_UNIVERSITY_UNIT = re.compile("^(.+?大学).+?(?:系|学院|实验室|课题组)$")

# Latin-script legal forms: dropped at the end of a name, repeatedly (`GmbH & Co. KG`).
LEGAL_WORDS = wordset(
    """
    inc incorporated corp corporation corporations co company cos ltd limited llc llp lp plc
    pllc pty pte bhd sdn gmbh mbh ag aktiengesellschaft kg kgaa ohg ev eg se nv bv bvba sarl sas
    sa snc sca srl spa sl sau ab oy oyj as asa aps kk yk gk kabushiki kaisha kabushikikaisha
    kabushikigaisha sro zrt kft doo dd ltda ltee tbk jsc pjsc ojsc cjsc ooo зао оао пао ооо ао
    gongsi youxiangongsi 주식회사 유한회사 주
    """
)
LEGAL_PHRASES: tuple[tuple[str, ...], ...] = tuple(
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
LEADING_LEGAL = wordset("pt ooo ооо зао оао пао ojsc pjsc cjsc jsc 주식회사 주")
LEADING_LEGAL_PHRASES = (("kabushiki", "kaisha"), ("kabushiki", "gaisha"))
# Legal forms that are long enough to recognise when misspelt (`Coporation`, `Kabushiki Kaishi`).
FUZZY_LEGAL = (
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
GLUED_LEGAL = re.compile("([a-z]{4,}?)(?:company|corporation|incorporated|limited)")
# Legal forms after which one or two more words are an address, not the name
# (`Xerox Corporation Stamford`, `Ernst Leitz GmbH Wetzlar`). `company` and `co` are not among
# them: they are also ordinary nouns inside names.
STRONG_LEGAL = wordset(
    """
    inc incorporated corp corporation ltd limited llc plc gmbh ag aktiengesellschaft ev kk
    kaisha sa spa nv bv ab srl sarl llp
    """
)
# Articles dropped at the start of a name (`L'Air Liquide`, `Le Centre National ...`).
LEADING_ARTICLES = wordset("l le la les")
# Function words: ignored when cores are compared, dropped at the end of a key.
FUNCTION_WORDS = wordset(
    """
    the of and for at by in on an a de del della di da do dos das du des la le les l d et y e
    der die den und zur zum von van fur
    """
)
TRAILING_FUNCTION_WORDS = wordset("and of for the at by in a de et und")
# Generic words whose presence at the end does not make another organisation:
# `Honeywell International` is `Honeywell`, `Samsung Group` is `Samsung`.
GENERIC_SUFFIXES = wordset(
    """
    group groups holding holdings international worldwide global industries industrial industry
    kogyo enterprise enterprises
    """
)
# Phrases written in several ways that the core writes in one (`United States Government`,
# `U.S.`, `United States of America` are one country), and the `as represented by` of assignees
# acting for a government. Only cores use them: keys keep what was written.
CORE_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
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
MAX_CORE_PHRASE = max(len(p) for p in CORE_PHRASES)
# Abbreviations and spelling variants, per word (after punctuation is gone).
ABBREVIATIONS = {
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
UNIVERSITY_WORDS = wordset(
    """
    university universitat universite universidad universita universiteit universidade
    universitet
    """
)
UNIT_WORDS = wordset(
    """
    department school faculty college division laboratory laboratories office center institute
    graduate program
    """
)
# Internal departments of any organisation, cut off at the end of a name.
UNIT_PHRASES: tuple[tuple[str, ...], ...] = (
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
PLACES: frozenset[tuple[str, ...]] = frozenset(
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
MAX_PLACE_WORDS = max(len(p) for p in PLACES)
# Common words of organisation names. Two different words that are both here are never taken
# for typos of each other (`electric` / `electronic`, `austria` / `australia`), and a name left
# with only such words keeps the place or generic word that follows them (`Air France`).
COMMON_WORDS = wordset(
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
HOMOGLYPHS = str.maketrans(
    "аеорсухкміјѕһԁԛԝνοαρτικυχ",
    "aeopcyxkmijshdqwvoaptikux",
)
HAS_ASCII_LETTER = re.compile("[a-z]")
HAS_HOMOGLYPH = re.compile("[аеорсухкміјѕһԁԛԝνοαρτικυχ]")
