"""Credit codes, patent application numbers and trademark numbers, checked on real examples."""

from __future__ import annotations

from datetime import date

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.core.identifiers import (
    PATENT_WEIGHTS,
    USCC_ALPHABET,
    USCC_WEIGHTS,
    PatentApplicationNumber,
    format_trademark_number,
    make_patent_number,
    org_code_check_char,
    parse_application_number,
    parse_patent_number,
    parse_trademark_number,
    patent_check_digit,
    uscc_check_char,
    uscc_division_code,
    uscc_org_code_consistent,
    validate_uscc,
)

TODAY = date(2026, 6, 1)

# Real unified social credit codes. Most come from the test suite of python-stdnum
# (tests/test_cn_uscc.doctest), which took them from creditchina.gov.cn, the Shanghai credit
# portal credit.fgw.sh.gov.cn, a Gansu registry listing and chinacheckup.com (python-stdnum
# issue #207): e.g. 9144030071526726XG is Tencent Technology (Shenzhen), 91110000710926094P
# Sinopec, 91310000631696382C Baoshan Iron & Steel. 12440600MB2C07549J is quoted as a real code
# in xbeginagain/generator issue #2; 92141127MA0KD1Y64A in jaywcjlove/regexp-example issue #23,
# found on the national credit-code service cods.org.cn.
REAL_USCC = (
    "121200004013590816",
    "91110000600037341L",
    "91110000710926094P",
    "91120224064012553U",
    "911522010783710635",
    "91152201078371135X",
    "9115220107837757XE",
    "9115220107837941X1",
    "91310000631696382C",
    "91310000797046224D",
    "91310115MA1K3BTP2B",
    "913101203509708598",
    "9131012056010553X5",
    "91320214745555318W",
    "913304007429141869",
    "91340600MA2PBM9HXD",
    "91340603MA2UJXXCXF",
    "91371082775260043P",
    "914112810713741814",
    "91420684MA4927PJ7B",
    "91440300568520498A",
    "9144030071526726XG",
    "9144060573144633XL",
    "91442000696462712R",
    "91620105L015101280",
    "91620105MA73NBBLXE",
    "92340602MA2PBMEM24",
    "92340621MA2UK3PJXE",
    "12440600MB2C07549J",
    "92141127MA0KD1Y64A",
)

# Real patent application numbers. 201710601862.3 is the worked example of the check-digit
# rule on a public explainer page (dfrtw.com, "国家专利号中,点后面的数字是怎么计算出");
# 95115608.X and 97101765.4 are that page's examples for the pre-2003 format. The others are
# granted patents listed in public researcher profiles and project pages, several with their
# publication numbers: 201911050262.8 (CN 110823978 A), 202011167667.2 (CN 112415790 B),
# 202011472880.4 (CN 112330675 B), 202310397744.0 (CN 116455754 B).
REAL_PATENTS = (
    "201710601862.3",
    "201911050262.8",
    "202011167667.2",
    "202011472880.4",
    "202310397744.0",
    "201510958772.0",
    "201811564288.X",
    "202322865413.3",
    "200510096239.4",
    "200510030457.8",
    "200510025251.6",
    "201210442457.9",
    "201410026192.3",
    "202111118032.8",
    "202210110472.7",
    "202410040777.4",
    "202510942578.7",
    "202511400055.6",
)
REAL_LEGACY_PATENTS = (
    "95115608.X",
    "97101765.4",
    "99113861.9",
    "00125301.8",
    "01105715.7",
    "01126463.2",
)


def _message(exc: pytest.ExceptionInfo[InvalidInput]) -> str:
    return exc.value.message


# --- unified social credit code ------------------------------------------------------------------


def test_uscc_alphabet_and_weights_follow_gb_32100() -> None:
    assert len(USCC_ALPHABET) == 31
    assert not set("IOZSV") & set(USCC_ALPHABET)
    assert tuple(pow(3, i, 31) for i in range(17)) == USCC_WEIGHTS


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_uscc_codes_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17]
    assert uscc_org_code_consistent(code) is True


def test_gb_32100_worked_example() -> None:
    # The standard's example: 91350100M000100Y4 + '3'; the example's wrong code ends in 'Z'.
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(InvalidInput) as exc:
        validate_uscc("91350100M000100Y4Z")
    assert "character 18 ('Z')" in _message(exc)
    with pytest.raises(InvalidInput) as exc:
        validate_uscc("91350100M000100Y42")
    assert "should be '3', not '2'" in _message(exc)
    assert exc.value.field == "uscc"


@pytest.mark.parametrize(
    "written",
    [
        "91110000600037341L",
        "91 110000 600037341L",
        "91110000600037341l",
        " 9111 0000 6000 3734 1L ",
        "９１１１００００６０００３７３４１Ｌ",
        "91110000600037341L\u3000",
    ],
)
def test_uscc_written_forms_normalise(written: str) -> None:
    assert validate_uscc(written) == "91110000600037341L"


def test_uscc_division_code() -> None:
    assert uscc_division_code("91110000600037341L") == "110000"
    assert uscc_division_code("91340603MA2UJXXCXF") == "340603"
    assert uscc_division_code("9144030071526726XG") == "440300"


@pytest.mark.parametrize("length", [0, 1, 17, 19, 36])
def test_uscc_wrong_length(length: int) -> None:
    code = ("91110000600037341L" * 2)[:length]
    with pytest.raises(InvalidInput) as exc:
        validate_uscc(code)
    if length == 0:
        assert _message(exc) == "Unified social credit code is empty."
    else:
        assert _message(exc) == f"A unified social credit code has 18 characters; got {length}."


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_uscc_forbidden_letter_is_named_at_every_position(letter: str) -> None:
    code = "91110000600037341L"
    for position in range(1, 19):
        corrupted = code[: position - 1] + letter + code[position:]
        with pytest.raises(InvalidInput) as exc:
            validate_uscc(corrupted)
        expected = "must be a digit" if 3 <= position <= 8 else "I, O, Z, S and V are excluded"
        assert f"character {position} ({letter!r})" in _message(exc)
        assert expected in _message(exc)


def test_uscc_division_part_must_be_digits() -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_uscc("9111A000600037341L")
    assert _message(exc) == (
        "Unified social credit code: character 5 ('A') must be a digit: characters 3-8 are "
        "the administrative division code."
    )


def test_uscc_punctuation_is_named() -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_uscc("91110000600037341-")
    assert "character 18 ('-') is not a digit or a capital letter" in _message(exc)


@pytest.mark.parametrize("code", REAL_USCC[:10] + REAL_USCC[-4:])
def test_every_single_character_change_is_rejected(code: str) -> None:
    for index in range(18):
        for symbol in USCC_ALPHABET:
            if symbol == code[index]:
                continue
            corrupted = code[:index] + symbol + code[index + 1 :]
            with pytest.raises(InvalidInput) as exc:
                validate_uscc(corrupted)
            if 2 <= index <= 7 and symbol not in "0123456789":
                assert "must be a digit" in _message(exc)
            else:
                assert "the check character (character 18) should be" in _message(exc)


def test_uscc_check_char_needs_17_valid_characters() -> None:
    with pytest.raises(InvalidInput) as exc:
        uscc_check_char("9111000060003734")
    assert _message(exc) == "The check character is computed from 17 characters; got 16."
    with pytest.raises(InvalidInput) as exc:
        uscc_check_char("9111000060003734O")
    assert "character 17 ('O')" in _message(exc)


def test_org_code_check_char_gb_11714() -> None:
    # Embedded organisation codes of real credit codes: 60003734-1, 07837757-X, MA1K3BTP-2.
    assert org_code_check_char("60003734") == "1"
    assert org_code_check_char("07837757") == "X"
    assert org_code_check_char("MA1K3BTP") == "2"
    assert org_code_check_char("L0151012") == "8"
    with pytest.raises(InvalidInput) as exc:
        org_code_check_char("6000373")
    assert "8 characters; got 7" in _message(exc)


def test_inconsistent_org_code_is_reported_but_not_rejected() -> None:
    # A code whose GB 32100 check is right but whose organisation code check is not.
    first17 = "91110000600037342"
    code = first17 + uscc_check_char(first17)
    assert validate_uscc(code) == code
    assert uscc_org_code_consistent(code) is False


def test_known_nonconforming_real_code_is_still_rejected() -> None:
    # 91350203M0001QKT19 is a real Xiamen code (hutool issue #4119) issued before 2016 with a
    # check character that does not follow GB 32100; the rule here follows the standard.
    with pytest.raises(InvalidInput) as exc:
        validate_uscc("91350203M0001QKT19")
    assert "should be 'F', not '9'" in _message(exc)


# --- patent application numbers ------------------------------------------------------------------


def test_patent_weights() -> None:
    assert PATENT_WEIGHTS == (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


@pytest.mark.parametrize("written", REAL_PATENTS)
def test_real_patent_numbers_are_valid(written: str) -> None:
    number = parse_patent_number(written, today=TODAY)
    assert number.display == written
    assert number.canonical == written.replace(".", "")
    assert number.legacy is False
    assert patent_check_digit(written[:12]) == written[-1]


@pytest.mark.parametrize("written", REAL_LEGACY_PATENTS)
def test_real_legacy_patent_numbers_are_valid(written: str) -> None:
    number = parse_patent_number(written, today=TODAY)
    assert number.display == written
    assert number.legacy is True
    assert patent_check_digit(written[:8]) == written[-1]


def test_worked_example_digit_by_digit() -> None:
    total = sum(int(d) * w for d, w in zip("201710601862", PATENT_WEIGHTS, strict=True))
    assert total % 11 == 3
    assert patent_check_digit("201710601862") == "3"


def test_illustrative_2023_1_0123456_7_does_not_validate() -> None:
    assert patent_check_digit("202310123456") == "6"
    with pytest.raises(InvalidInput) as exc:
        parse_patent_number("2023 1 0123456.7", today=TODAY)
    assert "check digit should be 6, not 7" in _message(exc)
    assert parse_patent_number("2023 1 0123456.6", today=TODAY).canonical == "2023101234566"


def test_parsed_parts() -> None:
    number = parse_patent_number("ZL 2023 1 0397744.0", today=TODAY)
    assert number == PatentApplicationNumber(2023, 1, 397744, "0")
    assert (number.kind, number.is_pct) == ("invention", False)
    assert number.canonical == "2023103977440"
    assert number.display == "202310397744.0"
    assert str(number) == "202310397744.0"
    utility = parse_patent_number("202322865413.3", today=TODAY)
    assert (utility.year, utility.type_digit, utility.serial) == (2023, 2, 2865413)
    assert utility.kind == "utility_model"
    legacy = parse_patent_number("99113861.9", today=TODAY)
    assert legacy == PatentApplicationNumber(1999, 1, 13861, "9", legacy=True)
    assert parse_patent_number("01105715.7", today=TODAY).year == 2001
    assert parse_patent_number("95115608.X", today=TODAY).year == 1995
    # Boundaries of the 2-digit years: 85 is 1985, 03 is 2003.
    # 8*2 + 5*3 + 1*4 + 0 + 0 + 0 + 0 + 1*9 = 44, 44 mod 11 = 0
    assert parse_patent_number("85100001.0", today=TODAY).year == 1985
    assert parse_patent_number("03100001.0", today=TODAY).year == 2003


@pytest.mark.parametrize(
    "written",
    [
        "201811564288.X",
        "201811564288.x",
        "201811564288X",
        "201811564288x",
        "2018 1 1564288.X",
        "CN201811564288.X",
        "cn 201811564288.X",
        "ZL201811564288.X",
        "ZL 2018 1 1564288.X",
        "申请号：201811564288.X",
        "申请号:201811564288.X",
        "专利号：ZL201811564288.X",
        "专利申请号 201811564288.X",
        "２０１８１１５６４２８８．Ｘ",
        "２０１８ １ １５６４２８８．ｘ",
        "201811564288·X",
        "\t201811564288.X\n",
    ],
)
def test_patent_written_forms(written: str) -> None:
    assert parse_patent_number(written, today=TODAY).display == "201811564288.X"


@pytest.mark.parametrize("written", ["99113861.9", "991138619", "ZL99113861.9", "CN 99 1 13861.9"])
def test_legacy_written_forms(written: str) -> None:
    assert parse_patent_number(written, today=TODAY).canonical == "991138619"


@pytest.mark.parametrize("written", REAL_PATENTS + REAL_LEGACY_PATENTS)
def test_every_single_digit_change_is_rejected(written: str) -> None:
    digits, check = written.split(".")
    for index in range(len(digits)):
        for digit in "0123456789":
            if digit == digits[index]:
                continue
            corrupted = f"{digits[:index]}{digit}{digits[index + 1 :]}.{check}"
            with pytest.raises(InvalidInput):
                parse_patent_number(corrupted, today=TODAY)
            serial_start = 3 if len(digits) == 8 else 5
            if index >= serial_start:
                with pytest.raises(InvalidInput) as exc:
                    parse_patent_number(corrupted, today=TODAY)
                assert "the check digit should be" in _message(exc)
    for symbol in "0123456789X":
        if symbol != check:
            with pytest.raises(InvalidInput) as exc:
                parse_patent_number(f"{digits}.{symbol}", today=TODAY)
            assert f"check digit should be {check}, not {symbol}" in _message(exc)


def test_adjacent_transpositions_in_serial_are_rejected() -> None:
    digits, check = "202310397744", "0"
    for index in range(5, 11):
        if digits[index] == digits[index + 1]:
            continue
        swapped = digits[:index] + digits[index + 1] + digits[index] + digits[index + 2 :]
        with pytest.raises(InvalidInput):
            parse_patent_number(f"{swapped}.{check}", today=TODAY)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("", "Patent application number is empty."),
        ("CN", "Patent application number is empty."),
        (
            "20231039774.0",
            "A patent application number has 12 digits and a check digit (e.g. "
            "2023 1 0397744.0), or 8 digits and a check digit if filed before October 2003 "
            "(e.g. 99113861.9); got 11 digits.",
        ),
        ("2023103977441.0", "got 13 digits"),
        (
            "202310397744",
            "Application number 202310397744 lacks its check digit, which should be 0.",
        ),
        ("2023 4 0397744.0", "Type digit 4 (digit 5) is not a CNIPA application type"),
        ("2023 0 0397744.0", "Type digit 0 (digit 5) is not a CNIPA application type"),
        ("99 5 13861.9", "Type digit 5 (digit 3) is not a CNIPA application type"),
        ("1984 1 0397744.0", "Year 1984 is before 1985"),
        ("2028 1 0397744.0", "year 2028 is in the future (it is 2026 now)"),
        ("1999 1 0397744.0", "applications filed before October 2003 have 8-digit numbers"),
        ("05 1 13861.9", "8-digit application numbers start with a year from 85 to 03; got 05"),
        ("84 1 00001.0", "8-digit application numbers start with a year from 85 to 03; got 84"),
        ("2023A0397744.0", "only digits before its check digit; found 'A'"),
        ("202310397744.05", "exactly one check digit after the dot; got '05'"),
        ("2023.10397744.0", "one dot, before its check digit"),
        ("202310397744.Y", "The check digit is a digit or X; got 'Y'"),
        ("202310397744.1", "the check digit should be 0, not 1"),
    ],
)
def test_patent_errors_name_the_problem(written: str, expected: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_patent_number(written, today=TODAY)
    assert expected in _message(exc)
    assert exc.value.field == "application_number"


def test_next_year_is_tolerated_and_today_defaults_to_the_clock() -> None:
    number = make_patent_number(2027, 1, 1, today=TODAY)
    assert parse_patent_number(number.display, today=TODAY) == number
    this_year = date.today().year  # noqa: DTZ011 - the default is the local calendar year
    current = make_patent_number(this_year, 1, 1)
    assert parse_patent_number(current.display) == current
    too_late = f"{this_year + 2}10000001"
    with pytest.raises(InvalidInput) as exc:
        parse_patent_number(f"{too_late}.{patent_check_digit(too_late)}")
    assert f"year {this_year + 2} is in the future" in _message(exc)


def test_make_patent_number() -> None:
    assert make_patent_number(2023, 1, 397744, today=TODAY).display == "202310397744.0"
    assert make_patent_number(2018, 1, 1564288, today=TODAY).check == "X"
    assert make_patent_number(1999, 1, 13861, today=TODAY).display == "99113861.9"
    assert make_patent_number(2003, 1, 1, today=TODAY).display == "200310000001.8"
    assert make_patent_number(2003, 1, 1, legacy=True, today=TODAY).display == "03100001.0"
    # Constructed PCT national-phase numbers (type digits 8 and 9).
    pct_invention = make_patent_number(2020, 8, 12345, today=TODAY)
    # 2*2+0*3+2*4+0*5+8*6+0*7+0*8+1*9+2*2+3*3+4*4+5*5 = 123, 123 mod 11 = 2
    assert pct_invention.display == "202080012345.2"
    assert (pct_invention.kind, pct_invention.is_pct) == ("invention", True)
    pct_utility = make_patent_number(2020, 9, 12345, today=TODAY)
    assert (pct_utility.kind, pct_utility.is_pct) == ("utility_model", True)
    assert make_patent_number(2024, 3, 7, today=TODAY).kind == "design"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2023, 4, 1), "Type digit 4 is not a CNIPA application type"),
        ((2023, 1, 10_000_000), "has 7 digits; got 10000000"),
        ((2023, 1, -1), "has 7 digits; got -1"),
        ((1999, 1, 100_000), "has 5 digits; got 100000"),
        ((1980, 1, 1), "Year 1980 is before 1985"),
        ((2030, 1, 1), "year 2030 is in the future"),
    ],
)
def test_make_patent_number_errors(args: tuple[int, int, int], expected: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        make_patent_number(*args, today=TODAY)
    assert expected in _message(exc)


def test_constructing_with_a_wrong_check_digit_fails() -> None:
    with pytest.raises(InvalidInput) as exc:
        PatentApplicationNumber(2023, 1, 397744, "5")
    assert "the check digit should be 0, not 5" in _message(exc)
    with pytest.raises(InvalidInput) as exc:
        PatentApplicationNumber(2010, 1, 1, "0", legacy=True)
    assert "year 2010 is outside that range" in _message(exc)
    with pytest.raises(InvalidInput) as exc:
        PatentApplicationNumber(2001, 1, 1, "0")
    assert "12-digit application numbers exist from October 2003 on" in _message(exc)


def test_patent_check_digit_input() -> None:
    assert patent_check_digit("2023 1 0397744") == "0"
    assert patent_check_digit("99113861") == "9"
    with pytest.raises(InvalidInput) as exc:
        patent_check_digit("2023103977")
    assert "computed from the 12 digits" in _message(exc)


# --- trademark numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("12345678", 12345678),
        ("1", 1),
        ("999999999", 999_999_999),
        (" 1234 5678 ", 12345678),
        ("第12345678号", 12345678),
        ("第 12345678 号", 12345678),
        ("第12345678", 12345678),
        ("12345678号", 12345678),
        ("No. 12345678", 12345678),
        ("No.12345678", 12345678),
        ("no 12345678", 12345678),
        ("№ 12345678", 12345678),
        ("注册号：12345678", 12345678),
        ("商标注册号 第12345678号", 12345678),
        ("申请号:12345678", 12345678),
        ("１２３４５６７８", 12345678),
        ("第１２３４５６７８号", 12345678),
        ("00012345", 12345),
    ],
)
def test_trademark_written_forms(written: str, expected: int) -> None:
    assert parse_trademark_number(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("", "Trademark number is empty."),
        ("第号", "Trademark number is empty."),
        ("0", "A trademark number is at least 1."),
        ("1234567890", "A trademark number has 1 to 9 digits; got 10"),
        ("202310397744.0", "A trademark number has only digits; found '.'"),
        ("12A45", "A trademark number has only digits; found 'A'"),
        ("-5", "A trademark number has only digits; found '-'"),
    ],
)
def test_trademark_errors(written: str, expected: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_trademark_number(written)
    assert expected in _message(exc)
    assert exc.value.field == "trademark_number"


def test_format_trademark_number() -> None:
    assert format_trademark_number(12345678) == "12345678"
    assert format_trademark_number(7) == "7"
    for bad in (0, -1, 1_000_000_000):
        with pytest.raises(InvalidInput) as exc:
            format_trademark_number(bad)
        assert f"between 1 and 999999999; got {bad}" in _message(exc)
    with pytest.raises(InvalidInput):
        format_trademark_number(True)


# --- either ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("202310397744.0", ("patent", "2023103977440")),
        ("2023103977440", ("patent", "2023103977440")),
        ("ZL 2018 1 1564288.X", ("patent", "201811564288X")),
        ("申请号：202310397744.0", ("patent", "2023103977440")),
        ("99113861.9", ("patent", "991138619")),
        ("ZL991138619", ("patent", "991138619")),
        ("201811564288x", ("patent", "201811564288X")),
        ("991138619", ("trademark", "991138619")),
        ("12345678", ("trademark", "12345678")),
        ("第12345678号", ("trademark", "12345678")),
        ("No. 00123", ("trademark", "123")),
        ("商标注册号 123", ("trademark", "123")),
        ("申请号 12345", ("trademark", "12345")),
    ],
)
def test_parse_application_number_decides_by_shape(written: str, expected: tuple[str, str]) -> None:
    assert parse_application_number(written, today=TODAY) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("", "Application number is empty."),
        ("abc", "'abc' is neither a patent application number"),
        ("202310397744.1", "the check digit should be 0, not 1"),
        ("2023103977", "got 10 digits"),
        ("第1234567890号", "A trademark number has 1 to 9 digits; got 10"),
    ],
)
def test_parse_application_number_errors(written: str, expected: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_application_number(written, today=TODAY)
    assert expected in _message(exc)
