"""Comparison keys for what links applicants: addresses, telephone numbers, e-mail addresses.

Addresses (`address_keys`) are normalised so that the ways one address is written give one key:
width, case, script and spacing (`ipoffice.text.normalize`), punctuation dropped, a leading
`中国` and province (`广东省`, `广东`, `广西壮族自治区`) dropped (and kept as the place), Chinese
numerals before a building, floor or room marker turned into digits (`十二层` -> `12层`), the
markers unified (`5号楼`, `5栋`, `5幢`, `5座` -> `5栋`; `12楼` -> `12层`; `1201室`, `1201房`, a bare
`1201` after a building or floor -> `1201室`), and the characters of administrative levels
(`省市区县`) removed, so `深圳市南山区` and `深圳南山` agree. English addresses are cut into words,
with common abbreviations unified (`Road` -> `rd`, `Room` -> `rm`), a marker joined to its number
(`Room 1201` -> `rm1201`), country and province words dropped, and the words sorted, so the order
of the parts does not matter. Each address gives a full key (room included) and a building key
(room, floor and unit removed), and the province when the address names it or a known city.

Telephone numbers (`phone_key`) become their digits without the +86 / 0086 country code, with the
trunk `0` of an area code restored; extensions are dropped. E-mail addresses are lower-cased.
"""

from __future__ import annotations

import functools
import re

from ipoffice.text.normalize import has_han, normalize

_PROVINCES = {
    "北京": "beijing", "天津": "tianjin", "上海": "shanghai", "重庆": "chongqing",
    "河北": "hebei", "山西": "shanxi", "辽宁": "liaoning", "吉林": "jilin",
    "黑龙江": "heilongjiang", "江苏": "jiangsu", "浙江": "zhejiang", "安徽": "anhui",
    "福建": "fujian", "江西": "jiangxi", "山东": "shandong", "河南": "henan", "湖北": "hubei",
    "湖南": "hunan", "广东": "guangdong", "海南": "hainan", "四川": "sichuan",
    "贵州": "guizhou", "云南": "yunnan", "陕西": "shaanxi", "甘肃": "gansu", "青海": "qinghai",
    "台湾": "taiwan", "内蒙古": "neimenggu", "广西": "guangxi", "西藏": "xizang",
    "宁夏": "ningxia", "新疆": "xinjiang", "香港": "hongkong", "澳门": "macao",
}  # fmt: skip
# Cities often written without their province: the places of an address.
_CITIES = {
    "广东": "深圳 广州 东莞 佛山 珠海 中山 惠州 汕头",
    "江苏": "苏州 南京 无锡 常州 南通 徐州 扬州",
    "浙江": "杭州 宁波 温州 绍兴 嘉兴 金华 台州 湖州",
    "山东": "青岛 济南 烟台 潍坊 淄博",
    "福建": "厦门 福州 泉州",
    "辽宁": "沈阳 大连",
    "四川": "成都", "湖北": "武汉", "湖南": "长沙", "河南": "郑州", "陕西": "西安",
    "安徽": "合肥", "河北": "石家庄", "江西": "南昌", "云南": "昆明", "贵州": "贵阳",
    "吉林": "长春", "黑龙江": "哈尔滨", "山西": "太原", "广西": "南宁", "海南": "海口",
    "甘肃": "兰州", "新疆": "乌鲁木齐", "内蒙古": "呼和浩特",
}  # fmt: skip
_PINYIN_CITIES = {
    "shenzhen": "广东", "guangzhou": "广东", "dongguan": "广东", "foshan": "广东",
    "suzhou": "江苏", "nanjing": "江苏", "wuxi": "江苏", "hangzhou": "浙江", "ningbo": "浙江",
    "qingdao": "山东", "jinan": "山东", "xiamen": "福建", "fuzhou": "福建", "dalian": "辽宁",
    "shenyang": "辽宁", "chengdu": "四川", "wuhan": "湖北", "changsha": "湖南",
    "zhengzhou": "河南", "xian": "陕西", "hefei": "安徽",
}  # fmt: skip
_CITY_PROVINCE = {c: p for p, cities in _CITIES.items() for c in cities.split()}
_PINYIN_PLACE = {v: k for k, v in _PROVINCES.items()} | _PINYIN_CITIES
_PROVINCE_HEAD = re.compile(
    "^(?:中华人民共和国|中国)?("
    + "|".join(sorted(_PROVINCES, key=len, reverse=True))
    + ")(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)?"
)
_ZH_PUNCT = re.compile(r"[\s\W_]+")
_ZH_NUMERAL = re.compile("[零〇一二两三四五六七八九十百千]+(?=[号栋幢座楼层室单元])")
_BUILDING = re.compile(r"([0-9a-z]+)(?:号楼|栋|幢|座|号馆)")
_FLOOR = re.compile(r"(\d+)[楼层]")
_ROOM = re.compile(r"(\d+)(?:号房|房间|室|房)|(?<=[栋层元])(\d+)$")
_INNER = re.compile(r"\d+层|\d+室|\d+单元")
_ADMIN_CHARS = re.compile("[省市区县]")
_EN_ABBREVIATIONS = {
    "road": "rd", "street": "st", "avenue": "ave", "building": "bldg", "bld": "bldg",
    "floor": "fl", "flr": "fl", "room": "rm", "number": "no", "suite": "rm",
}  # fmt: skip
_EN_DROP = {"china", "prc", "pr", "p", "r", "the", "of", "province", "city", "district", "county"}
_EN_MARKERS = {"rm", "no", "bldg", "fl", "unit", "tower", "block"}
_EN_INNER = ("rm", "fl", "unit")
_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x)\s*\d+")
_PHONE = re.compile(r"\+?[\d(][\d\s\-().]{5,}\d")


def _zh_numerals(match: re.Match[str]) -> str:
    digits = "零一二三四五六七八九"
    text = match.group().replace("〇", "零").replace("两", "二")
    if not any(unit in text for unit in "十百千"):
        return "".join(str(digits.index(c)) for c in text)  # 一二零一 -> 1201
    value = 0
    for unit, size in (("千", 1000), ("百", 100), ("十", 10)):
        if unit in text:
            head, _, text = text.partition(unit)
            head = head.replace("零", "")
            value += (digits.index(head[-1]) if head else 1) * size
    text = text.replace("零", "")
    return str(value + (digits.index(text[-1]) if text else 0))


@functools.lru_cache(maxsize=1 << 16)  # an applicant writes its address the same way each time
def address_keys(raw: str) -> tuple[str, str, str] | None:
    """(full key, building key, place) of an address, or None when too short to be one. The
    full key keeps the room; the building key drops room, floor and unit; the place is the
    province (Chinese name) when the address names it or a known city, else ""."""
    text = normalize(raw)
    return _zh_address(text) if has_han(text) else _en_address(text)


def _zh_address(text: str) -> tuple[str, str, str] | None:
    text = _ZH_PUNCT.sub("", text)
    place = ""
    head = _PROVINCE_HEAD.match(text)
    if head:
        place, text = head.group(1), text[head.end() :]
    text = _ZH_NUMERAL.sub(_zh_numerals, text)
    text = _BUILDING.sub(r"\1栋", text)
    text = _FLOOR.sub(r"\1层", text)
    text = _ROOM.sub(lambda m: f"{m.group(1) or m.group(2)}室", text)
    text = _ADMIN_CHARS.sub("", text)
    if not place:
        place = next((p for c, p in _CITY_PROVINCE.items() if text.startswith(c)), "")
    if len(text) < 6:
        return None
    return text, _INNER.sub("", text), place


def _en_address(text: str) -> tuple[str, str, str] | None:
    # Dots go first: `P.R.C.` is `prc`, `No.8` is `no8`.
    words = [
        _EN_ABBREVIATIONS.get(w, w) for w in re.split(r"[^a-z0-9]+", text.replace(".", "")) if w
    ]
    place = ""
    tokens: list[str] = []
    for index, word in enumerate(words):
        if word in _PINYIN_PLACE and not place:
            place = _PINYIN_PLACE[word]
        if word in _EN_DROP or word in _PROVINCES.values():
            continue
        if word.isdigit() and index and words[index - 1] in _EN_MARKERS:
            tokens[-1] += word  # `room 1201` -> `rm1201`, so the order of parts does not matter
            continue
        tokens.append(word)
    tokens = [t for t in tokens if t not in _EN_MARKERS]
    if len("".join(tokens)) < 6:
        return None
    full = " ".join(sorted(tokens))
    return full, " ".join(sorted(t for t in tokens if not t.startswith(_EN_INNER))), place


def phone_key(raw: str) -> str | None:
    """A telephone number as digits: `+86 138-0013-8000`, `0086 13800138000` and `13800138000`
    are one mobile; `+86 755 8888 6666` and `(0755)88886666` one landline. None when shorter
    than a local number."""
    raw = _EXTENSION.sub(" ", raw.lower())
    plus = raw.lstrip().startswith("+")
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0086"):
        digits, plus = digits[4:], True
    elif digits.startswith("86") and (plus or len(digits) in (12, 13)):
        digits, plus = digits[2:], True
    elif plus:
        return "+" + digits  # another country's number, kept whole
    if plus and not digits.startswith(("0", "1")):
        digits = "0" + digits  # the area code without its trunk prefix
    return digits if len(digits) >= 7 else None


@functools.lru_cache(maxsize=1 << 16)
def contact_keys(raw: str) -> tuple[tuple[str, str], ...]:
    """The e-mail addresses (lower-cased) and telephone numbers in one contact field."""
    text = normalize(raw)
    out = [("email", e.strip(".")) for e in _EMAIL.findall(text)]
    text = _EXTENSION.sub(" ", _EMAIL.sub(" ", text))
    out += [("phone", k) for k in map(phone_key, _PHONE.findall(text)) if k]
    return tuple(out)
