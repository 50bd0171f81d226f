"""domain/identity.py: the format of each identity document type.

Valid numbers are built here with a small reference implementation written from the
published formulas (weights computed as powers, not copied tables), or are published
examples quoted with their source.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianhua_desk.domain.identity import (
    ALL_ID_TYPES,
    ID_TYPES,
    ORG_ID_TYPE,
    birth_date_of,
    check_credit_code,
    check_document,
    gender_of,
    normalize_document_no,
)
from lianhua_desk.domain.parse import ParseError

RESIDENT, PERMIT, HOME_RETURN, TAIWAN, FOREIGNER, PASSPORT = (
    "居民身份证",
    "港澳台居民居住证",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "护照",
)

# --- reference implementations (from the formulas, independently of the module) --------


def ref_mod11_2(first17: str) -> str:
    """ISO 7064 MOD 11-2 as GB 11643 states it: Σ a_i·W_i with W_i = 2^(i-1) mod 11,
    i counted from the right starting at 1 for the check character; the check value
    a_1 satisfies (Σ + a_1) ≡ 1 (mod 11); 10 is written X."""
    total = sum(int(c) * pow(2, 17 - k, 11) for k, c in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def ref_id(prefix6: str, born: dt.date, seq: int) -> str:
    first17 = f"{prefix6}{born:%Y%m%d}{seq:03d}"
    return first17 + ref_mod11_2(first17)


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def ref_uscc_check(first17: str) -> str:
    """GB 32100-2015: W_i = 3^(i-1) mod 31, C18 = 31 − MOD(Σ C_i·W_i, 31), 31 → 0."""
    total = sum(USCC_CHARS.index(c) * pow(3, k, 31) for k, c in enumerate(first17))
    return USCC_CHARS[(31 - total % 31) % 31]


def ref_org_check(body8: str) -> str:
    """GB 11714-1997: weights 3 7 9 10 5 8 4 2, A = 10 … Z = 35, C9 = 11 − MOD(Σ, 11),
    10 → X, 11 → 0."""
    total = sum(int(c, 36) * w for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def ref_uscc(head8: str, body8: str) -> str:
    first17 = head8 + body8 + ref_org_check(body8)
    return first17 + ref_uscc_check(first17)


def reason(id_type: str, number: str) -> str:
    with pytest.raises(ParseError) as info:
        check_document(id_type, number)
    return info.value.reason


def test_reference_implementations_against_published_examples():
    # GB 11643-1999's own example (also quoted in https://github.com/bluesky335/IDCheck).
    assert ref_mod11_2("11010519491231002") == "X"
    # GB 32100-2015 annex worked example: 91350100M000100Y4? has check character 3
    # (https://www.yc00.com/web/1713075042a2177900.html, “31-28=3”).
    assert ref_uscc_check("91350100M000100Y4") == "3"
    # Worked example with 91512081MA62K0260E, check character E (sum 1495, 31 − 17 = 14):
    # https://yizhanzhixiao.com/link/1796942066087784707.html
    assert ref_uscc_check("91512081MA62K0260") == "E"


# --- constants and normalising ------------------------------------------------------


def test_type_lists():
    assert ID_TYPES == (RESIDENT, PERMIT, HOME_RETURN, TAIWAN, FOREIGNER, PASSPORT)
    assert ORG_ID_TYPE == "统一社会信用代码"
    assert ALL_ID_TYPES == (*ID_TYPES, ORG_ID_TYPE)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (" １１０１０５ １９４９１２３１ ００２ｘ ", "11010519491231002X"),
        ("\u3000e123\u200b45678\t", "E12345678"),
        ("h 1234 5678", "H12345678"),
        ("0561682001（d）", "0561682001(D)"),
        ("９１４４０３００７０８４６１１３６ｔ", "91440300708461136T"),
        ("", ""),
    ],
)
def test_normalize_document_no(raw, clean):
    assert normalize_document_no(raw) == clean


def test_normalised_number_is_returned():
    assert check_document(RESIDENT, " １１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert check_document(HOME_RETURN, "m 1234 5678") == "M12345678"


def test_unknown_type_and_blank_number():
    assert "未知的证件类型" in reason("驾驶证", "123456")
    assert "未知的证件类型" in reason(None, "123456")
    assert reason(PASSPORT, "  ") == "护照号码为空"
    assert "应为文字" in reason(PASSPORT, None)


# --- 居民身份证 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # GB 11643-1999 example
        ref_id("440304", dt.date(1990, 1, 1), 123),
        ref_id("650102", dt.date(2000, 2, 29), 7),
        ref_id("110101", dt.date(1900, 1, 1), 0),
        ref_id("440305", dt.date.today(), 999),
    ],
)
def test_resident_id_valid(number):
    assert check_document(RESIDENT, number) == number


def test_resident_id_wrong_length():
    assert reason(RESIDENT, "1101051949123100") == (
        "居民身份证号码应为18位（前17位为数字，末位为数字或X），现为16位"
    )
    assert "现为19位" in reason(RESIDENT, "11010519491231002X1")


def test_resident_id_old_15_digits_refused():
    assert "请填写现行的18位号码" in reason(RESIDENT, "110105491231002")


@pytest.mark.parametrize(
    ("number", "where"),
    [
        ("1101051949123A002X", "第14位"),
        ("110105194912310X2X", "第16位"),
        ("11010519491231002Y", "第18位"),
    ],
)
def test_resident_id_wrong_characters(number, where):
    assert where in reason(RESIDENT, number)


def test_resident_id_wrong_check_char():
    assert reason(RESIDENT, "110105194912310023") == (
        "居民身份证号码校验位不符：按GB 11643应为X，实为3"
    )


@pytest.mark.parametrize(
    ("first14", "problem"),
    [
        ("11010519490231", "不是有效日期"),  # 31 February
        ("11010519491301", "不是有效日期"),  # month 13
        ("11010520230229", "不是有效日期"),  # 2023 is no leap year
        ("11010500000101", "不是有效日期"),  # year 0
        ("11010518991231", "早于1900年"),
        ("11010520990101", "晚于今天"),
    ],
)
def test_resident_id_bad_birth_date(first14, problem):
    first17 = first14 + "001"
    number = first17 + ref_mod11_2(first17)  # right check character: the date is refused
    message = reason(RESIDENT, number)
    assert problem in message and "第7–14位" in message
    assert first14[6:] not in message  # the birth date is never quoted


def test_resident_id_born_tomorrow_refused():
    number = ref_id("440304", dt.date.today() + dt.timedelta(days=1), 1)
    assert "晚于今天" in reason(RESIDENT, number)


@pytest.mark.parametrize("prefix", ["000000", "990101", "160101", "720101"])
def test_resident_id_implausible_region(prefix):
    assert "省级行政区划代码" in reason(RESIDENT, ref_id(prefix, dt.date(1980, 5, 5), 1))


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_resident_id_with_permit_prefix_points_to_permit(prefix):
    message = reason(RESIDENT, ref_id(prefix, dt.date(1980, 5, 5), 1))
    assert "港澳台居民居住证" in message


def test_resident_id_every_single_digit_change_refused():
    number = "11010519491231002X"
    for i, char in enumerate(number):
        for other in "0123456789X" if i == 17 else "0123456789":
            if other != char:
                changed = number[:i] + other + number[i + 1 :]
                with pytest.raises(ParseError):
                    check_document(RESIDENT, changed)


# --- 港澳台居民居住证 -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_permit_valid(prefix):
    number = ref_id(prefix, dt.date(1985, 7, 1), 12)
    assert check_document(PERMIT, number) == number
    assert birth_date_of(PERMIT, number) == dt.date(1985, 7, 1)
    assert gender_of(PERMIT, number) == "女"


@pytest.mark.parametrize("prefix", ["440304", "810100", "840000", "710000"])
def test_permit_wrong_prefix(prefix):
    message = reason(PERMIT, ref_id(prefix, dt.date(1985, 7, 1), 12))
    assert "应以810000（香港）、820000（澳门）或830000（台湾）开头" in message
    assert f"现为{prefix}" in message


def test_permit_with_mainland_prefix_points_to_resident_id():
    assert "居民身份证" in reason(PERMIT, ref_id("440304", dt.date(1985, 7, 1), 12))


def test_permit_wrong_check_length_and_date():
    good = ref_id("810000", dt.date(1985, 7, 1), 12)
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert reason(PERMIT, bad_check).startswith("港澳台居民居住证号码校验位不符：按GB 11643应为")
    assert "现为17位" in reason(PERMIT, good[:17])
    future = ref_id("830000", dt.date.today() + dt.timedelta(days=400), 12)
    assert "晚于今天" in reason(PERMIT, future)
    impossible = "82000019850230012"
    assert "不是有效日期" in reason(PERMIT, impossible + ref_mod11_2(impossible))


# --- 港澳居民来往内地通行证 -------------------------------------------------------------


@pytest.mark.parametrize("number", ["H12345678", "M87654321", "H1234567801", "M0000000000"])
def test_home_return_valid(number):
    assert check_document(HOME_RETURN, number) == number


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("12345678", "应以H（香港居民）或M（澳门居民）开头"),
        ("A12345678", "应以H（香港居民）或M（澳门居民）开头"),
        ("H1234567", "现为字母后7位"),
        ("H123456789", "现为字母后9位"),
        ("H12345678901", "现为字母后11位"),
        ("H1234A678", "应全为数字"),
    ],
)
def test_home_return_invalid(number, problem):
    assert problem in reason(HOME_RETURN, number)


# --- 台湾居民来往大陆通行证 -------------------------------------------------------------


def test_taiwan_valid():
    assert check_document(TAIWAN, "05616820") == "05616820"
    assert birth_date_of(TAIWAN, "05616820") is None
    assert gender_of(TAIWAN, "05616820") is None


@pytest.mark.parametrize(
    "number", ["0561682001(D)", "0561682001（Ｄ）", "0561682001", "0561682001B"]
)
def test_taiwan_old_number_asks_for_first_eight_digits(number):
    assert "请只填写前8位" in reason(TAIWAN, number)


@pytest.mark.parametrize(
    ("number", "problem"),
    [("0561682", "现为7位"), ("056168201", "现为9位"), ("0561682A", "应为8位数字")],
)
def test_taiwan_invalid(number, problem):
    assert problem in reason(TAIWAN, number)


# --- 外国人永久居留身份证 ---------------------------------------------------------------


def foreigner_2023(born: dt.date, seq: int = 15) -> str:
    # 9 + issuing province 11 + nationality 840 (ISO 3166-1 numeric) + birth + sequence.
    return ref_id("911840", born, seq)


def test_foreigner_2023_valid():
    number = foreigner_2023(dt.date(1975, 3, 9))
    assert check_document(FOREIGNER, number) == number
    assert birth_date_of(FOREIGNER, number) == dt.date(1975, 3, 9)
    assert gender_of(FOREIGNER, number) == "男"


def test_foreigner_2017_valid():
    assert check_document(FOREIGNER, "usa 1100 7503 0915") == "USA110075030915"
    # The old layout's birth date is not derived (century not encoded).
    assert birth_date_of(FOREIGNER, "USA110075030915") is None
    assert gender_of(FOREIGNER, "USA110075030915") is None


def test_foreigner_invalid():
    good = foreigner_2023(dt.date(1975, 3, 9))
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert "按GB 11643应为" in reason(FOREIGNER, bad_check)
    assert "应以9开头" in reason(FOREIGNER, ref_id("110105", dt.date(1975, 3, 9), 15))
    assert "晚于今天" in reason(FOREIGNER, foreigner_2023(dt.date(2099, 1, 1)))
    impossible = "91184019750229015"
    assert "不是有效日期" in reason(FOREIGNER, impossible + ref_mod11_2(impossible))
    assert "3个英文字母" in reason(FOREIGNER, "US1110075030915")
    assert "3个英文字母" in reason(FOREIGNER, "USA11007503091A")
    assert "现为16位" in reason(FOREIGNER, "USA1100750309155")


# --- 护照 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["E12345678", "G12345678", "EA1234567", "C01X00T47", "123456789", "AB123", "A" * 17]
)
def test_passport_valid(number):
    assert check_document(PASSPORT, number) == number


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("E123", "现为4位"),
        ("E" + "1" * 17, "现为18位"),
        ("E1234-5678", "只能由英文字母和数字组成"),
        ("护照12345678", "只能由英文字母和数字组成"),
    ],
)
def test_passport_invalid(number, problem):
    assert problem in reason(PASSPORT, number)


# --- 统一社会信用代码 -----------------------------------------------------------------

# 华为技术有限公司, as published in 国家企业信用信息公示系统 (https://www.gsxt.gov.cn) and on its
# business licence; 深圳市腾讯计算机系统有限公司 likewise. Both pass GB 32100 and GB 11714.
HUAWEI = "91440300708461136T"
TENCENT = "9144030071526726XG"


@pytest.mark.parametrize(
    "code",
    [
        HUAWEI,
        TENCENT,
        "91350100M000100Y43",  # GB 32100 annex example with its computed check character
        "91512081MA62K0260E",  # worked example cited above
        ref_uscc("12440300", "MB2C1234"),
        ref_uscc("Y1110105", "PDY00001"),
        ref_uscc("51440304", "5XHJ07A7"),
    ],
)
def test_credit_code_valid(code):
    assert check_credit_code(code) == code
    assert check_document(ORG_ID_TYPE, code) == code
    assert birth_date_of(ORG_ID_TYPE, code) is None
    assert gender_of(ORG_ID_TYPE, code) is None


def test_credit_code_normalised():
    assert check_credit_code(" ９１４４０３００ ７０８４６１１３６ｔ ") == HUAWEI


@pytest.mark.parametrize("letter", list("IOZSV"))
@pytest.mark.parametrize("position", [1, 2, 10, 18])
def test_credit_code_forbidden_letters(letter, position):
    code = HUAWEI[: position - 1] + letter + HUAWEI[position:]
    message = reason(ORG_ID_TYPE, code)
    assert f"第{position}位为“{letter}”" in message and "不使用字母I、O、Z、S、V" in message


def test_credit_code_standard_example_with_z_refused():
    # 91350100M000100Y4Z: the annex's example of a code that fails the check.
    assert "“Z”" in reason(ORG_ID_TYPE, "91350100M000100Y4Z")


def test_credit_code_wrong_check_char():
    assert reason(ORG_ID_TYPE, HUAWEI[:17] + "U") == (
        "统一社会信用代码第18位校验码不符：按GB 32100应为T，实为U"
    )


def test_credit_code_wrong_organisation_code_check():
    # Position 17 off by one, position 18 recomputed so only the GB 11714 check fails.
    first17 = HUAWEI[:16] + "7"
    message = reason(ORG_ID_TYPE, first17 + ref_uscc_check(first17))
    assert message == (
        "统一社会信用代码第17位校验码不符：第9–17位为组织机构代码，按GB 11714应为6，实为7"
    )


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (HUAWEI[:17], "应为18位，现为17位"),
        (HUAWEI + "0", "应为18位，现为19位"),
        ("9144030070846113-T", "第17位“-”不是有效字符"),
        ("9144030070846113中T", "第17位“中”不是有效字符"),
    ],
)
def test_credit_code_wrong_length_or_character(code, problem):
    assert problem in reason(ORG_ID_TYPE, code)


def test_credit_code_region_must_be_digits():
    first17 = "9144A300708461136"
    message = reason(ORG_ID_TYPE, first17 + ref_uscc_check(first17))
    assert "第3–8位是登记管理机关行政区划码" in message and "第5位" in message


def test_credit_code_every_single_character_change_refused():
    for i, char in enumerate(HUAWEI):
        for other in USCC_CHARS:
            if other != char:
                with pytest.raises(ParseError):
                    check_credit_code(HUAWEI[:i] + other + HUAWEI[i + 1 :])


# --- birth date and gender -------------------------------------------------------------


def test_birth_date_and_gender_of_resident_id():
    assert birth_date_of(RESIDENT, "11010519491231002X") == dt.date(1949, 12, 31)
    assert gender_of(RESIDENT, "11010519491231002X") == "女"
    male = ref_id("440304", dt.date(2001, 10, 2), 991)
    assert birth_date_of(RESIDENT, male) == dt.date(2001, 10, 2)
    assert gender_of(RESIDENT, male) == "男"


def test_birth_date_and_gender_none_when_not_encoded_or_invalid():
    assert birth_date_of(RESIDENT, "110105194912310023") is None  # wrong check character
    assert gender_of(RESIDENT, "110105194912310023") is None
    assert birth_date_of(PASSPORT, "E12345678") is None
    assert gender_of(HOME_RETURN, "H12345678") is None
    assert birth_date_of("驾驶证", "11010519491231002X") is None
    # A valid resident ID entered under another type carries no date for that type.
    assert birth_date_of(PASSPORT, "11010519491231002X") is None


# --- properties ----------------------------------------------------------------------

provinces = st.sampled_from(["11", "12", "31", "44", "46", "50", "54", "65"])
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today())


@given(
    id_type=st.one_of(st.sampled_from(ALL_ID_TYPES), st.text(max_size=8)),
    number=st.one_of(
        st.text(max_size=30),
        st.text(alphabet="0123456789XxHMAZ()（） ０９ｘ-\u3000", max_size=20),
    ),
)
@settings(max_examples=500)
def test_check_document_raises_only_parse_error(id_type, number):
    try:
        result = check_document(id_type, number)
    except ParseError as exc:
        assert exc.reason
    else:
        assert result == normalize_document_no(number) and result
    # Neither helper raises at all.
    birth_date_of(id_type, number)
    gender_of(id_type, number)


@given(
    province=provinces,
    rest=st.text(alphabet="0123456789", min_size=4, max_size=4),
    born=dates,
    seq=st.integers(0, 999),
    data=st.data(),
)
def test_resident_id_with_one_character_changed_is_refused(province, rest, born, seq, data):
    number = ref_id(province + rest, born, seq)
    assert check_document(RESIDENT, number) == number
    assert birth_date_of(RESIDENT, number) == born
    assert gender_of(RESIDENT, number) == ("男" if seq % 2 else "女")
    i = data.draw(st.integers(0, 17), label="position")
    alphabet = [c for c in ("0123456789X" if i == 17 else "0123456789") if c != number[i]]
    other = data.draw(st.sampled_from(alphabet), label="replacement")
    with pytest.raises(ParseError):
        check_document(RESIDENT, number[:i] + other + number[i + 1 :])


@given(
    head=st.text(alphabet=USCC_CHARS, min_size=2, max_size=2),
    region=st.text(alphabet="0123456789", min_size=6, max_size=6),
    body=st.text(alphabet=USCC_CHARS, min_size=8, max_size=8),
)
def test_reference_built_credit_codes_are_accepted(head, region, body):
    code = ref_uscc(head + region, body)
    assert check_credit_code(code) == code
