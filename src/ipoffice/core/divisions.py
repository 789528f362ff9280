"""Administrative division codes of GB/T 2260 (中华人民共和国行政区划代码).

A code has six digits: province (2), prefecture (2), county (2). ``xx0000`` is a province-level
division, ``xxyy00`` a prefecture-level one and ``xxyyzz`` a county-level one. Only the 34
province-level divisions are named here (the table below); prefecture and county codes are
checked for structure and for an existing province, not against the full list, which changes
several times a year and is published by the Ministry of Civil Affairs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from ipoffice.core.errors import InvalidInput

DivisionLevel = Literal["province", "prefecture", "county"]
Language = Literal["zh", "en"]

PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("北京市", "Beijing Municipality"),
    "12": ("天津市", "Tianjin Municipality"),
    "13": ("河北省", "Hebei Province"),
    "14": ("山西省", "Shanxi Province"),
    "15": ("内蒙古自治区", "Inner Mongolia Autonomous Region"),
    "21": ("辽宁省", "Liaoning Province"),
    "22": ("吉林省", "Jilin Province"),
    "23": ("黑龙江省", "Heilongjiang Province"),
    "31": ("上海市", "Shanghai Municipality"),
    "32": ("江苏省", "Jiangsu Province"),
    "33": ("浙江省", "Zhejiang Province"),
    "34": ("安徽省", "Anhui Province"),
    "35": ("福建省", "Fujian Province"),
    "36": ("江西省", "Jiangxi Province"),
    "37": ("山东省", "Shandong Province"),
    "41": ("河南省", "Henan Province"),
    "42": ("湖北省", "Hubei Province"),
    "43": ("湖南省", "Hunan Province"),
    "44": ("广东省", "Guangdong Province"),
    "45": ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
    "46": ("海南省", "Hainan Province"),
    "50": ("重庆市", "Chongqing Municipality"),
    "51": ("四川省", "Sichuan Province"),
    "52": ("贵州省", "Guizhou Province"),
    "53": ("云南省", "Yunnan Province"),
    "54": ("西藏自治区", "Xizang Autonomous Region"),
    "61": ("陕西省", "Shaanxi Province"),
    "62": ("甘肃省", "Gansu Province"),
    "63": ("青海省", "Qinghai Province"),
    "64": ("宁夏回族自治区", "Ningxia Hui Autonomous Region"),
    "65": ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"),
    "71": ("台湾省", "Taiwan Province"),
    "81": ("香港特别行政区", "Hong Kong Special Administrative Region"),
    "82": ("澳门特别行政区", "Macao Special Administrative Region"),
}
"""The 34 province-level divisions: first two digits -> (Chinese name, English name)."""

_DIGITS = "0123456789"
_FIELD = "division_code"


@dataclass(frozen=True)
class Division:
    code: str
    name_zh: str
    name_en: str
    level: DivisionLevel


def validate_division_code(code: str, *, field: str = _FIELD) -> str:
    """Return the normalised 6-digit code or raise `InvalidInput` naming the problem."""
    digits = "".join(unicodedata.normalize("NFKC", code).split())
    if not digits:
        raise InvalidInput("Administrative division code is empty.", field=field)
    for position, char in enumerate(digits, start=1):
        if char not in _DIGITS:
            raise InvalidInput(
                f"An administrative division code has only digits; character {position} "
                f"is {char!r}.",
                field=field,
            )
    if len(digits) != 6:
        raise InvalidInput(
            f"An administrative division code has 6 digits; got {len(digits)}.", field=field
        )
    if digits[:2] not in PROVINCES:
        raise InvalidInput(
            f"Administrative division code {digits}: {digits[:2]} is not a province-level "
            "code of GB/T 2260.",
            field=field,
        )
    if digits[2:4] == "00" and digits[4:] != "00":
        raise InvalidInput(
            f"Administrative division code {digits}: a county-level code needs a prefecture "
            "part (digits 3-4) other than 00.",
            field=field,
        )
    return digits


def division_level(code: str, *, field: str = _FIELD) -> DivisionLevel:
    digits = validate_division_code(code, field=field)
    if digits[2:] == "0000":
        return "province"
    if digits[4:] == "00":
        return "prefecture"
    return "county"


def province_of(code: str, *, field: str = _FIELD) -> Division:
    """The province-level division a code belongs to."""
    digits = validate_division_code(code, field=field)
    name_zh, name_en = PROVINCES[digits[:2]]
    return Division(digits[:2] + "0000", name_zh, name_en, "province")


def division_name(code: str, lang: Language = "zh", *, field: str = _FIELD) -> str:
    """The name of a province-level code; for lower levels ``<province name> (<code>)``."""
    if lang not in ("zh", "en"):
        raise InvalidInput(f"Language must be 'zh' or 'en'; got {lang!r}.", field="lang")
    digits = validate_division_code(code, field=field)
    province = province_of(digits, field=field)
    name = province.name_zh if lang == "zh" else province.name_en
    if division_level(digits, field=field) == "province":
        return name
    return f"{name} ({digits})"
