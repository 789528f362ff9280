"""Text normalisation shared by indexing, querying and claim analysis.

`normalize` puts Chinese and English patent text into one canonical form so that a query and a
document that differ only in width, script variant, case or spacing give the same tokens:

1. Control characters (Unicode Cc) and invisible format characters (Cf: zero-width space,
   byte-order mark, soft hyphen, bidirectional marks...) are removed; the whitespace controls
   (tab, line breaks, the information separators) count as whitespace.
2. NFKC compatibility normalisation. It turns full-width ASCII (`ＡＢＣ１２３`) into ASCII, the
   ideographic space into a space, compatibility ideographs into unified ones, ligatures, circled
   and super-/subscript digits (`CO₂` -> `CO2`, `m²` -> `m2`) into plain characters.
   Full-width CJK punctuation that has an ASCII twin becomes that twin: `，；：（）！？` ->
   `,;:()!?`. Both tokenisers in `ipoffice.text.analyze` treat every non-letter, non-digit as a
   separator, so ASCII punctuation separates words exactly as the full-width form did.
   `。` and `、` have no ASCII twin in NFKC and are kept: turning `。` into `.` would glue
   `1。2` into the decimal `1.2`. They stay separators.
3. Lower case (`str.lower`, so `ß` stays `ß` and Greek is lower-cased too), then NFKC once more
   because lower-casing can leave combining marks out of canonical order.
4. Traditional to simplified Chinese with OpenCC's `t2s` configuration, phrase-aware
   (`乾燥` -> `干燥` but `乾坤` stays). Skipped when the text has no Han character.
5. Runs of whitespace become one space; the result has no leading or trailing space.

The result is idempotent: `normalize(normalize(x)) == normalize(x)`.

`detect_language` decides between Chinese and English by the share of Han characters among the
letters of a text (see `ZH_SHARE_THRESHOLD`).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable
from typing import Literal

from ipoffice.core.errors import InvalidInput

# Han ideographs: CJK Unified Ideographs, Extension A, Compatibility Ideographs and the
# supplementary planes (Extensions B to H, compatibility supplement).
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# Chinese when Han characters make up at least this share of the letters (Han + Latin). One Han
# character carries roughly as much content as three Latin letters (an English word has about
# five letters, a Chinese word about 1.7 characters), so 10 % of the letters means about a
# quarter of the words. Chinese patent text often embeds long Latin names (compounds, genes,
# standards, acronyms) while English patent text almost never contains Han characters, so the
# threshold leans to Chinese: `一种化合物，其为N-(2-hydroxyethyl)-4-methylbenzenesulfonamide` is
# Chinese. A text with no letter at all is English.
ZH_SHARE_THRESHOLD = 0.1

_HAN = re.compile(f"[{HAN_CLASS}]")
_LATIN = re.compile("[A-Za-z\uff21-\uff3a\uff41-\uff5a]")
# Cc except whitespace (tab, line feed, vertical tab, form feed, carriage return, the information
# separators U+001C-U+001F and NEL U+0085, which `\s` catches below), and the Cf characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)

# The ASCII members of `_INVISIBLE` (taken from it, so the two cannot differ), deleted by
# `str.translate`: on ASCII text (most English patent text) a translation costs an eighth of a
# scan for the class above.
_ASCII_INVISIBLE = dict.fromkeys(c for c in range(128) if _INVISIBLE.match(chr(c)))

_OPENCC_LOCK = threading.Lock()
_MAX_T2S_ROUNDS = 4


@functools.lru_cache(maxsize=1)
def _load_t2s() -> Callable[[str], str]:
    import opencc  # loaded on first use, not at import

    converter = opencc.OpenCC("t2s")
    convert: Callable[[str], str] = converter.convert
    return convert


def _t2s() -> Callable[[str], str]:
    # The lock makes the first load happen once even when several threads start together.
    with _OPENCC_LOCK:
        return _load_t2s()


def _simplified(text: str) -> str:
    # OpenCC converts phrase by phrase, so its output can still hold a character that converts
    # once its neighbour has changed (`於倫` -> `於伦` -> `于伦`): convert until nothing changes.
    convert = _t2s()
    for _ in range(_MAX_T2S_ROUNDS):
        converted = convert(text)
        if converted == text:
            break
        text = converted
    return text


def require_text(text: object, field: str = "text") -> None:
    """`InvalidInput` unless `text` is a string."""
    if not isinstance(text, str):
        raise InvalidInput(f"{field} must be a string, not {type(text).__name__}", field=field)


def has_han(text: str) -> bool:
    """True when `text` contains at least one Han (Chinese) character."""
    return _HAN.search(text) is not None


def normalize(text: str) -> str:
    """The canonical form of `text` for indexing and matching (see the module docstring)."""
    require_text(text)
    if text.isascii():  # ASCII is its own NFKC form and has no Han: most English text
        return " ".join(text.translate(_ASCII_INVISIBLE).lower().split())
    text = _INVISIBLE.sub("", text)
    normalized = unicodedata.normalize("NFKC", text)
    text = normalized.lower()
    # Lower-casing can leave combining marks out of canonical order ("İ̭" -> "i̭̇"): normalise
    # again, when it changed something beyond ASCII.
    if text != normalized and not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if has_han(text):
        text = _simplified(text)
    return " ".join(text.split())  # runs of whitespace to one space, ends trimmed


def detect_language(text: str) -> Literal["zh", "en"]:
    """`"zh"` when Han characters are at least `ZH_SHARE_THRESHOLD` of the letters, else `"en"`."""
    require_text(text)
    if text.isascii():
        return "en"
    han = len(_HAN.findall(text))
    if han == 0:
        return "en"
    latin = len(_LATIN.findall(text))
    return "zh" if han / (han + latin) >= ZH_SHARE_THRESHOLD else "en"
