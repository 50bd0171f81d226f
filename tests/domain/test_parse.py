import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianhua_desk.domain.parse import (
    ParseError,
    id_check_digit,
    make_id_number,
    mask_id,
    mask_phone,
    normalize_text,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_hours,
    parse_id_number,
    parse_int,
    parse_money,
    parse_phone,
    parse_time,
)


def reason(func, *args, **kwargs) -> str:
    with pytest.raises(ParseError) as info:
        func(*args, **kwargs)
    return info.value.reason


# --- ParseError, normalize_text ----------------------------------------------------


def test_parse_error_is_value_error_with_reason():
    error = ParseError("日期不存在")
    assert isinstance(error, ValueError)
    assert error.reason == "日期不存在"
    assert str(error) == "日期不存在"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  \t\n", None),
        ("\u3000", None),
        (float("nan"), None),
        ("  张三 ", "张三"),
        ("\u3000张三\u3000", "张三"),
        ("\xa0张三\xa0", "张三"),
        ("\ufeff\u200b张三", "张三"),
        ("张 三", "张 三"),  # inner single space kept
        ("李　四", "李 四"),  # inner full-width space becomes a plain space
        (13800138000.0, "13800138000"),
        (12, "12"),
        (1.5, "1.5"),
        ("１３８００１３８０００", "13800138000"),
        ("ＡＢＣ．，！", "ABC．，！"),  # punctuation belongs to the text: kept
        ("经调解，双方达成协议：", "经调解，双方达成协议："),
        ("２０２０年３月５日", "2020年3月5日"),
        ("莲花街道", "莲花街道"),
    ],
)
def test_normalize_text(value, expected):
    assert normalize_text(value) == expected


# --- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2020-03-05",
        "2020-3-5",
        "2020/3/5",
        "2020/03/05",
        "2020.3.5",
        "2020年3月5日",
        "2020年03月05日",
        "2020年3月5",
        "20200305",
        "2020-03-05 14:30:00",
        "2020-03-05 14:30",
        "2020-03-05T14:30:00",
        "2020/3/5 9:05",
        "2020年3月5日 14:30",
        "２０２０年３月５日",
        "２０２０－０３－０５",
        "  2020-03-05\u3000",
        43895,
        43895.0,
        43895.6,  # time part ignored
        20200305,  # typed into a number cell
        dt.date(2020, 3, 5),
        dt.datetime(2020, 3, 5, 14, 30),
    ],
)
def test_parse_date_accepted_forms(value):
    assert parse_date(value) == dt.date(2020, 3, 5)


def test_parse_date_excel_serials_around_the_1900_leap_bug():
    assert parse_date(1) == dt.date(1900, 1, 1)
    assert parse_date(59) == dt.date(1900, 2, 28)
    assert parse_date(61) == dt.date(1900, 3, 1)
    assert reason(parse_date, 60) == "日期不存在：1900-02-29"
    assert parse_date(44927) == dt.date(2023, 1, 1)


@pytest.mark.parametrize("value", [0, -1, 10**7, 2_958_466, float("inf"), float("nan")])
def test_parse_date_refuses_serials_out_of_range(value):
    reason(parse_date, value)


def test_parse_date_impossible_dates_are_named():
    assert reason(parse_date, "2020-02-30") == "日期不存在：2020-02-30"
    assert reason(parse_date, "2021年2月29日") == "日期不存在：2021-02-29"
    assert reason(parse_date, "20201301") == "日期不存在：2020-13-01"
    assert parse_date("2020-02-29") == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "2020-03",
        "03/05/2020",
        "2020-03/05",
        "2020-03-05 25:00",
        "1800-01-01",
        True,
        dt.time(9),
    ],
)
def test_parse_date_refuses_garbage(value):
    message = reason(parse_date, value)
    assert message


def test_parse_date_unrecognised_names_accepted_forms():
    message = reason(parse_date, "下周三")
    assert "下周三" in message and "2020年3月5日" in message and "2020/3/5" in message


def test_parse_date_blank_is_an_error():
    assert reason(parse_date, None) == "日期为空"
    assert reason(parse_date, "  ") == "日期为空"


# --- times --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9:00", "09:00"),
        ("09:00", "09:00"),
        ("09:00:00", "09:00"),
        ("9：00", "09:00"),
        ("９：３０", "09:30"),
        ("23:59", "23:59"),
        ("0:00", "00:00"),
        ("9点", "09:00"),
        ("9点30", "09:30"),
        ("9点30分", "09:30"),
        ("14点半", "14:30"),
        (0.375, "09:00"),
        (0.5, "12:00"),
        (0, "00:00"),
        (0.3958333333, "09:30"),  # float noise rounds to the minute
        (dt.time(9, 5, 59), "09:05"),
        (dt.datetime(2020, 3, 5, 14, 30), "14:30"),
    ],
)
def test_parse_time(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "24:00",
        "9:60",
        "25点",
        "9:5",
        "nine",
        "9",
        1,
        1.5,
        -0.1,
        float("nan"),
        dt.date(2020, 3, 5),
        None,
    ],
)
def test_parse_time_refuses(value):
    reason(parse_time, value)


# --- date-times ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2020, 3, 5, 14, 30, 15, 999), "2020-03-05 14:30:15"),
        (dt.date(2020, 3, 5), "2020-03-05 00:00:00"),
        (43895.5, "2020-03-05 12:00:00"),
        (43895.604166666664, "2020-03-05 14:30:00"),
        ("2020-03-05T14:30:15", "2020-03-05 14:30:15"),
        ("2020-03-05 14:30", "2020-03-05 14:30:00"),
        ("2020-03-05 14:30:15.123456", "2020-03-05 14:30:15"),
        ("2020/3/5 8:05", "2020-03-05 08:05:00"),
        ("2020年3月5日", "2020-03-05 00:00:00"),
        ("2020年3月5日14:30", "2020-03-05 14:30:00"),
        ("20200305", "2020-03-05 00:00:00"),
    ],
)
def test_parse_datetime(value, expected):
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("value", ["2020-03-05 24:00", "2020-02-30 10:00", "now", dt.time(9), None])
def test_parse_datetime_refuses(value):
    reason(parse_datetime, value)


# --- money --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1200, 1200.0),
        (1200.5, 1200.5),
        (0, 0.0),
        ("1200", 1200.0),
        ("1,200", 1200.0),
        ("1，200", 1200.0),
        ("1,234,567.89", 1234567.89),
        ("1200元", 1200.0),
        ("￥1,200.50", 1200.5),
        ("¥1200", 1200.0),
        ("1.5万", 15000.0),
        ("2万元", 20000.0),
        ("1.2亿", 120000000.0),
        ("１２００元", 1200.0),
        ("0.125", 0.13),  # half-up to the fen
        (0.125, 0.13),
        (19.999, 20.0),
        ("3000 元", 3000.0),
    ],
)
def test_parse_money(value, expected):
    assert parse_money(value) == expected


@pytest.mark.parametrize("value", [-1, -0.01, "-100", "－100", "￥-5", "-1.5万"])
def test_parse_money_refuses_negative(value):
    assert reason(parse_money, value) == "金额不能为负数"


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        "abc",
        "1,5",  # a European decimal comma, not 15
        "12,34,567",
        "1.2.3",
        "万",
        "1e5",
        True,
        "inf",
        10**13,
        None,
    ],
)
def test_parse_money_refuses_garbage(value):
    reason(parse_money, value)


# --- hours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, 2.0),
        (1.5, 1.5),
        ("2", 2.0),
        ("1.5", 1.5),
        ("2小时", 2.0),
        ("1.5h", 1.5),
        ("1.5H", 1.5),
        ("0", 0.0),
        ("24", 24.0),
        (1.333333, 1.33),
    ],
)
def test_parse_hours(value, expected):
    assert parse_hours(value) == expected


def test_parse_hours_bounds():
    assert reason(parse_hours, -1) == "时长不能为负数"
    assert reason(parse_hours, "-1") == "时长不能为负数"
    assert reason(parse_hours, 24.01) == "时长不能超过24小时"
    assert reason(parse_hours, "25小时") == "时长不能超过24小时"
    reason(parse_hours, "两小时")
    reason(parse_hours, float("nan"))


# --- integers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12),
        (12.0, 12),
        ("12", 12),
        ("12人", 12),
        ("3次", 3),
        ("1,200", 1200),
        ("１２", 12),
        ("0", 0),
    ],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", [12.5, "12.5", "abc", "12万", "1,2", True, float("nan"), None])
def test_parse_int_refuses(value):
    reason(parse_int, value)


def test_parse_int_bounds():
    assert parse_int("5", minimum=0, maximum=10) == 5
    assert reason(parse_int, -1, minimum=0) == "不能小于0：-1"
    assert reason(parse_int, "11", maximum=10) == "不能大于10：11"


# --- yes / no -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["是", "Y", "y", "yes", "YES", "true", "True", "1", "√", "✓", "✔", 1, 1.0, True]
)
def test_parse_bool_true(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize(
    "value", ["否", "N", "n", "no", "false", "False", "0", "×", "✗", 0, 0.0, False]
)
def test_parse_bool_false(value):
    assert parse_bool(value) is False


@pytest.mark.parametrize("value", ["也许", "2", 2, "x", None, ""])
def test_parse_bool_refuses(value):
    reason(parse_bool, value)


# --- ID numbers ---------------------------------------------------------------------


def test_id_check_digit_hand_computed():
    # 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 · weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    # = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "10X98765432"[2]
    assert id_check_digit("11010519491231002") == "X"
    # 4 4 0 3 0 4 1 9 9 0 0 1 0 1 1 2 3
    # = 28+36+0+15+0+16+2+9+54+0+0+9+0+5+8+8+6 = 196; 196 mod 11 = 9 → "3"
    assert id_check_digit("44030419900101123") == "3"
    # 3 1 0 1 1 5 1 9 8 5 1 2 2 5 0 0 1
    # = 21+9+0+5+8+20+2+9+48+15+7+18+20+25+0+0+2 = 209; 209 mod 11 = 0 → "1"
    assert id_check_digit("31011519851225001") == "1"


@pytest.mark.parametrize("value", ["1101051949123100", "1101051949123100A", ""])
def test_id_check_digit_needs_17_digits(value):
    reason(id_check_digit, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("440304199001011233", "440304199001011233"),
        ("310115198512250011", "310115198512250011"),
        (" 440304 19900101 1233 ", "440304199001011233"),
        ("４４０３０４１９９００１０１１２３３", "440304199001011233"),
    ],
)
def test_parse_id_number_valid(value, expected):
    assert parse_id_number(value) == expected


def test_parse_id_number_wrong_check_digit_names_expected():
    assert reason(parse_id_number, "440304199001011234") == "身份证号校验位错误，应为 3"
    assert reason(parse_id_number, "110105194912310021") == "身份证号校验位错误，应为 X"


def test_parse_id_number_invalid():
    assert reason(parse_id_number, "110105491231002") == "请填写18位身份证号"
    assert "18位" in reason(parse_id_number, "11010519491231002")
    assert "出生日期不存在" in reason(parse_id_number, make_id_like("440304", "19900230"))
    future = dt.date.today() + dt.timedelta(days=1)
    assert "晚于今天" in reason(parse_id_number, make_id_like("440304", future.strftime("%Y%m%d")))
    assert "1900" in reason(parse_id_number, make_id_like("440304", "18991231"))
    assert "99" in reason(parse_id_number, make_id_like("990304", "19900101"))
    assert "00" in reason(parse_id_number, make_id_like("000304", "19900101"))
    assert "数字" in reason(parse_id_number, "44030419900101123A")
    assert "数字" in reason(parse_id_number, "4403041990O101123X")
    assert reason(parse_id_number, None) == "身份证号为空"


def make_id_like(region: str, birth: str) -> str:
    """An otherwise well-formed number (correct check digit) for a given birth field."""
    first17 = f"{region}{birth}001"
    return first17 + id_check_digit(first17)


@pytest.mark.parametrize(
    "province", ["11", "15", "21", "37", "46", "54", "65", "71", "81", "82", "83", "91"]
)
def test_parse_id_number_accepts_every_province_range(province):
    number = make_id_number(province + "0101", dt.date(1990, 1, 1), 1)
    assert parse_id_number(number) == number


@pytest.mark.parametrize(
    "province", ["10", "16", "20", "24", "30", "38", "47", "55", "66", "72", "84", "92"]
)
def test_parse_id_number_refuses_provinces_outside_ranges(province):
    assert "省份代码" in reason(parse_id_number, make_id_like(province + "0101", "19900101"))


def test_make_id_number():
    assert make_id_number("110105", dt.date(1949, 12, 31), 2) == "11010519491231002X"
    with pytest.raises(ValueError):
        make_id_number("1101", dt.date(1949, 12, 31), 2)
    with pytest.raises(ValueError):
        make_id_number("110105", dt.date(1949, 12, 31), 1000)
    with pytest.raises(ValueError):
        make_id_number("11010٥", dt.date(1949, 12, 31), 2)  # an Arabic-Indic digit


# --- phones -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        (13800138000, "13800138000"),
        (13800138000.0, "13800138000"),
        ("19912345678", "19912345678"),
        ("0755-83123456", "0755-83123456"),
        ("0755 8312 3456", "0755-83123456"),
        ("0755 83123456", "0755-83123456"),
        ("(0755)83123456", "0755-83123456"),
        ("（0755）83123456", "0755-83123456"),
        ("075583123456", "0755-83123456"),
        ("020-12345678", "020-12345678"),
        ("02012345678", "020-12345678"),
        ("010-6512345", "010-6512345"),
        ("0755-83123456-123", "0755-83123456-123"),
        ("0755-83123456转123", "0755-83123456-123"),
        ("0755-8312-3456", "0755-83123456"),
    ],
)
def test_parse_phone(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "12345",
        "83123456",  # no area code
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "12800138000",  # second digit must be 3–9
        "0755-831234567",
        "0755-123456",
        "755-83123456",
        "0755-83123456-1234567",
        "电话",
    ],
)
def test_parse_phone_refuses(value):
    message = reason(parse_phone, value)
    assert message.startswith("电话号码格式不正确：")
    assert "手机号11位，座机需带区号" in message


# --- masking ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("440304199001011234", "440304********1234"),
        ("11010519491231002X", "110105********002X"),
        ("110105491231002", "11***********02"),
        ("12345", "12*45"),
        ("1234", "****"),
        ("", ""),
        (None, None),
    ],
)
def test_mask_id(value, expected):
    assert mask_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        ("0755-83123456", "0755-****3456"),
        ("010-6512345", "010-***2345"),
        ("0755-83123456-123", "0755-****3456-123"),
        ("83123456", "****3456"),
        ("123", "***"),
        (None, None),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected


# --- properties ---------------------------------------------------------------------

ANYTHING = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
PARSERS = [
    parse_date,
    parse_time,
    parse_datetime,
    parse_money,
    parse_hours,
    parse_int,
    parse_bool,
    parse_id_number,
    parse_phone,
]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda f: f.__name__)
@given(value=ANYTHING)
def test_parsers_only_ever_raise_parse_error(parser, value):
    try:
        parser(value)
    except ParseError as error:
        assert isinstance(error.reason, str) and error.reason
        assert len(error.reason) < 200


@given(value=ANYTHING)
def test_normalize_text_returns_clean_text_or_none(value):
    try:
        text = normalize_text(value)
    except ParseError:
        return  # only for absurdly long integers
    assert text is None or (text and text == text.strip())


@given(
    region=st.from_regex(
        r"(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3]|91)[0-9]{4}", fullmatch=True
    ),
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today()),
    seq=st.integers(0, 999),
)
def test_make_id_number_round_trips(region, birth, seq):
    number = make_id_number(region, birth, seq)
    assert len(number) == 18
    assert parse_id_number(number) == number
    assert parse_id_number(number.lower()) == number


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_parse_id_number_accepts_only_correct_check_digits(number):
    try:
        result = parse_id_number(number)
    except ParseError:
        return
    assert result[17] == id_check_digit(result[:17])


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_excel_serial_round_trip(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_money_text_round_trip(amount):
    assert parse_money(f"{amount:,}") == float(amount)
    assert parse_money(f"{amount}元") == float(amount)
