"""Normalising and validating single cell / form values.

Every parser accepts what a workbook reader or a form may hand over (str, int, float,
date, datetime, time, bool, None) and either returns a clean value or raises
`ParseError` whose `.reason` tells a clerk, in Chinese, what is wrong. No other
exception escapes (a property test checks this). Blank handling is the caller's job:
here blank is simply an error.

Hot path of the importer: regexes are compiled once and pure-ASCII text skips the
full-width translation.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


class ParseError(ValueError):
    """A value that cannot be read; `.reason` is a short message in Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- text ------------------------------------------------------------------------

# Free text: full-width digits and Latin letters → half-width, the ideographic space
# and NBSP → space. Chinese punctuation (，。：) is left alone: it belongs to the text.
_TEXT_WIDTH = {
    cp: cp - 0xFEE0
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for cp in range(lo, hi + 1)
}
_TEXT_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20})
# Values that are parsed (dates, money, phones …): all full-width ASCII → half-width.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# str.strip() already removes Unicode whitespace; also drop zero-width spaces and BOMs
# that come with text pasted from web pages.
_ZERO_WIDTH = "\u200b\ufeff"
_EDGES_RE = re.compile(r"^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$")
# str(int) refuses more than 4300 digits; no real cell is anywhere near that.
_MAX_INT_BITS = 1000


def normalize_text(value: Any) -> str | None:
    """Cell value → trimmed text with half-width digits and letters, or None when blank."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):  # how some readers spell an empty cell
            return None
        # Excel stores every number as a float: 13800138000.0 is a phone number.
        text = str(int(value)) if value.is_integer() else str(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > _MAX_INT_BITS:
            raise ParseError("数字过大")
        text = str(value)
    else:
        text = value if isinstance(value, str) else str(value)
    if not text.isascii():
        text = text.translate(_TEXT_WIDTH)
    text = text.strip()
    if text and (text[0] in _ZERO_WIDTH or text[-1] in _ZERO_WIDTH):
        text = _EDGES_RE.sub("", text)
    return text or None


def _show(value: Any) -> str:
    """The offending value as quoted in a message, cut short if it is long."""
    text = str(value) if not isinstance(value, int) or value.bit_length() < 200 else "…"
    return text if len(text) <= 30 else text[:30] + "…"


def _text(value: Any, what: str) -> str:
    text = normalize_text(value)
    if text is None:
        raise ParseError(f"{what}为空")
    return text.translate(_HALF_WIDTH) if not text.isascii() else text


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _round2(number: Decimal) -> float:
    return float(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + 0.0


# --- dates and times -------------------------------------------------------------

_DATE_FORMS = "2020-03-05、2020/3/5、2020.3.5、2020年3月5日、20200305"
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_DATE_PART = (
    r"(?:(?P<y1>\d{4})(?P<sep>[-/.])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})"
    r"|(?P<y2>\d{4})\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?"
    r"|(?P<y3>\d{4})(?P<m3>\d{2})(?P<d3>\d{2}))"
)
# "T" (ISO), blank, or nothing right after 日 separates an optional time.
_TIME_TAIL = (
    r"(?:(?:\s*T\s*|\s+|(?<=日))"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d{1,6})?)?)?"
)
_DATETIME_RE = re.compile(_DATE_PART + _TIME_TAIL, re.ASCII)
_TIME_RE = re.compile(r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d{1,6})?)?", re.ASCII)
_TIME_CN_RE = re.compile(
    r"(?P<H>\d{1,2})\s*[点點时時]\s*(?:(?P<half>半)|(?P<M>\d{1,2})\s*分?)?", re.ASCII
)

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the fictitious
# 1900-02-29 (a Lotus 1-2-3 bug Excel keeps), so from serial 61 on the epoch shifts.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MAX = (dt.date(_MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days


def _excel_datetime(serial: float) -> dt.datetime:
    if isinstance(serial, float) and not math.isfinite(serial):
        raise ParseError("日期数值无效")
    days = math.floor(serial)
    if days == 60:
        raise ParseError("日期不存在：1900-02-29")
    if not 1 <= days <= _EXCEL_MAX:
        raise ParseError(f"日期超出范围（{_MIN_YEAR}–{_MAX_YEAR}年）：{_show(serial)}")
    day = _EXCEL_EPOCH + dt.timedelta(days=days + (1 if days < 60 else 0))
    seconds = round((serial - days) * 86400)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def _make_date(y: str, m: str, d: str) -> dt.date:
    year, month, day = int(y), int(m), int(d)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"日期不存在：{year:04d}-{month:02d}-{day:02d}") from None
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ParseError(f"日期超出范围（{_MIN_YEAR}–{_MAX_YEAR}年）：{date.isoformat()}")
    return date


def _make_time(h: str, m: str | None, s: str | None = None) -> dt.time:
    hour, minute, second = int(h), int(m or 0), int(s or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ParseError(f"时间不存在：{hour}:{minute:02d}:{second:02d}")
    return dt.time(hour, minute, second)


def _looks_like_yyyymmdd(value: int | float) -> bool:
    # Someone typed 20200305 into a number cell; as a serial it would be year 57000+.
    return 19000101 <= value <= 21001231 and float(value).is_integer()


def _datetime_from_text(text: str) -> dt.datetime:
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        raise ParseError(f"无法识别的日期：{_show(text)}（可用格式：{_DATE_FORMS}）")
    g = match.groupdict()
    n = next(i for i in "123" if g["y" + i])
    date = _make_date(g["y" + n], g["m" + n], g["d" + n])
    time = _make_time(g["H"], g["M"], g["S"]) if g["H"] else dt.time()
    return dt.datetime.combine(date, time)


def _to_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, dt.time):
        raise ParseError("这是一个时间，不是日期")
    if _is_number(value):
        if _looks_like_yyyymmdd(value):
            return _datetime_from_text(str(int(value)))
        return _excel_datetime(value)
    return _datetime_from_text(_text(value, "日期"))


def parse_date(value: Any) -> dt.date:
    """Excel date, date/datetime or text such as 2020-3-5 / 2020年3月5日 → date."""
    return _to_datetime(value).date()


def parse_datetime(value: Any) -> str:
    """Any date form above, with an optional time → 'YYYY-MM-DD HH:MM:SS'."""
    v = _to_datetime(value)
    # Formatted by hand: strftime('%Y') does not zero-pad years before 1000.
    return f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d}:{v.second:02d}"


def parse_time(value: Any) -> str:
    """Excel time (fraction of a day), time/datetime or '9:00', '9点30' → 'HH:MM'."""
    if isinstance(value, (dt.datetime, dt.time)):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.date):
        raise ParseError("这是一个日期，不是时间")
    if _is_number(value):
        if not 0 <= value < 1:  # also refuses NaN and infinities
            raise ParseError(f"无法识别的时间：{_show(value)}（可用格式：9:00、09:00:00）")
        minutes = round(value * 1440)  # round: 9:00 is stored as 0.37499999…
        if minutes >= 1440:
            raise ParseError("时间不存在：24:00")
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = _text(value, "时间")
    match = _TIME_RE.fullmatch(text)
    if match:
        time = _make_time(match["H"], match["M"], match["S"])
    elif match := _TIME_CN_RE.fullmatch(text):
        time = _make_time(match["H"], "30" if match["half"] else match["M"])
    else:
        raise ParseError(f"无法识别的时间：{_show(text)}（可用格式：9:00、09:00:00）")
    return f"{time.hour:02d}:{time.minute:02d}"


# --- numbers ---------------------------------------------------------------------

# Thousands separators must group by three, so "1,5" (a European decimal) is refused
# rather than read as 15.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.\d{1,10})?|\.\d{1,10}"
_MONEY_RE = re.compile(
    rf"(?P<neg>-)?(?:[￥¥]|RMB|人民币)?(?P<neg2>-)?(?P<num>{_NUMBER})"
    r"(?P<unit>[万萬亿億])?(?:元|圆)?(?:整)?",
    re.IGNORECASE | re.ASCII,
)
_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_MAX_MONEY = Decimal(10) ** 12  # a trillion yuan: anything above is a typo
_HOURS_RE = re.compile(rf"(?P<num>{_NUMBER})(?:小时|小時|个小时|h|hr|hrs|hour|hours)?", re.I | re.A)
_INT_RE = re.compile(
    r"(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d{1,18}))(?:\.0+)?"
    r"(?:人次|场次|人|次|件|个|名|户|位|场|天|日|起|份|条|家|所)?",
    re.ASCII,
)


def _number(value: Any, what: str) -> Decimal:
    """A finite number from an int/float cell (not bool) as an exact Decimal."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ParseError(f"{what}不是有效数字")
    if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        raise ParseError(f"{what}过大")
    # repr of a float is the shortest exact form: 0.1 → Decimal('0.1'), not 0.1000…055
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def parse_money(value: Any) -> float:
    """Amount in yuan, rounded to fen: 1200, '1,200', '1200元', '￥1,200.50', '1.5万'."""
    if isinstance(value, bool):
        raise ParseError("金额应为数字")
    if _is_number(value):
        amount = _number(value, "金额")
    else:
        text = _text(value, "金额")
        match = _MONEY_RE.fullmatch(text.replace(" ", ""))
        if match is None:
            raise ParseError(f"无法识别的金额：{_show(text)}（例如 1200、1,200、1200元、1.5万）")
        if match["neg"] or match["neg2"]:
            raise ParseError("金额不能为负数")
        amount = Decimal(match["num"].replace(",", "")) * _UNITS.get(match["unit"], 1)
    if amount < 0:
        raise ParseError("金额不能为负数")
    if amount >= _MAX_MONEY:
        raise ParseError("金额过大，请检查")
    return _round2(amount)


def parse_hours(value: Any) -> float:
    """Duration in hours, 0–24, rounded to 2 decimals: 2, '1.5', '2小时', '1.5h'."""
    if isinstance(value, bool):
        raise ParseError("时长应为数字")
    if _is_number(value):
        hours = _number(value, "时长")
    else:
        text = _text(value, "时长")
        match = _HOURS_RE.fullmatch(text.replace(" ", ""))
        if match is None:
            if text.startswith("-"):
                raise ParseError("时长不能为负数")
            raise ParseError(f"无法识别的时长：{_show(text)}（例如 2、1.5、2小时）")
        hours = Decimal(match["num"].replace(",", ""))
    if hours < 0:
        raise ParseError("时长不能为负数")
    if hours > 24:
        raise ParseError("时长不能超过24小时")
    return _round2(hours)


def parse_int(value: Any, minimum: int | None = None, maximum: int | None = None) -> int:
    """Whole number: 12, 12.0, '12', '12人', '1,200'; optional inclusive bounds."""
    if isinstance(value, bool):
        raise ParseError("应为整数")
    if _is_number(value):
        number = _number(value, "数字")
        if number != number.to_integral_value():
            raise ParseError(f"应为整数：{_show(value)}")
        result = int(number)
    else:
        text = _text(value, "数字")
        match = _INT_RE.fullmatch(text.replace(" ", ""))
        if match is None:
            raise ParseError(f"应为整数：{_show(text)}")
        result = int(match["num"].replace(",", ""))
    if minimum is not None and result < minimum:
        raise ParseError(f"不能小于{minimum}：{_show(result)}")
    if maximum is not None and result > maximum:
        raise ParseError(f"不能大于{maximum}：{_show(result)}")
    return result


# --- yes / no --------------------------------------------------------------------

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "✘"}


def parse_bool(value: Any) -> bool:
    """是/否, Y/N, yes/no, true/false, 1/0, √/× (any case). Blank is the caller's job."""
    if isinstance(value, bool):
        return value
    if _is_number(value) and value in (0, 1):
        return bool(value)
    text = _text(value, "是/否")
    key = text.lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ParseError(f"无法识别的是/否：{_show(text)}（应为 是/否、Y/N 或 √）")


# --- mainland ID numbers (GB 11643-1999) -----------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PROVINCES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55)]
    + [*range(61, 66), 71, 81, 82, 83, 91]
)
_ID_RE = re.compile(r"\d{17}[\dX]", re.ASCII)


def id_check_digit(first17: str) -> str:
    """The 18th character for the given first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ParseError("身份证号前17位应为数字")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def parse_id_number(value: Any) -> str:
    """An 18-character mainland ID number with a valid check digit, X uppercase.

    Reasons never quote the number or any part of it that a masked copy hides (the
    birth date): they are printed and logged where the value itself is masked."""
    text = _text(value, "身份证号")
    number = text.replace(" ", "").upper()
    if len(number) == 15 and number.isdigit():
        raise ParseError("请填写18位身份证号")
    if len(number) != 18:
        raise ParseError(f"身份证号应为18位，现为{len(number)}位")
    if not _ID_RE.fullmatch(number):
        raise ParseError("身份证号只能由数字组成，最后一位可以是X")
    if int(number[:2]) not in _PROVINCES:
        raise ParseError(f"身份证号前两位{number[:2]}不是有效的省份代码")
    birth = number[6:14]
    try:
        born = dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        raise ParseError("身份证号中的出生日期不存在（第7–14位）") from None
    if born.year < 1900:
        raise ParseError("身份证号中的出生年份早于1900年")
    if born > dt.date.today():
        raise ParseError("身份证号中的出生日期晚于今天")
    expected = id_check_digit(number[:17])
    if number[17] != expected:
        raise ParseError(f"身份证号校验位错误，应为 {expected}")
    return number


def make_id_number(region: str, birth: dt.date, seq: int) -> str:
    """A valid ID number for demo data and tests (not a real person's, one hopes)."""
    if len(region) != 6 or not (region.isascii() and region.isdigit()) or not 0 <= seq <= 999:
        raise ValueError("region must be 6 digits and seq 0–999")
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return first17 + id_check_digit(first17)


# --- phones ----------------------------------------------------------------------

_PHONE_SEPARATORS_RE = re.compile(r"[\s()-]")
_MOBILE_RE = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9})", re.ASCII)
# Area code in parentheses, or followed by a separator, or run together with the
# number (then 01x/02x codes have 3 digits, all others 4 — true for mainland codes).
_LANDLINE_RE = re.compile(
    r"(?:\+?86[\s-]*)?"
    r"(?:\((?P<a1>0\d{2,3})\)\s*|(?P<a2>0\d{2,3})[\s-]+|(?P<a3>0[12]\d|0[3-9]\d{2}))"
    r"(?P<rest>[1-9][\d\s-]*?)"
    r"(?:\s*(?:转|分机|ext\.?|#)\s*(?P<ext>\d{1,6}))?",
    re.IGNORECASE | re.ASCII,
)


_GROUPS_RE = re.compile(r"(\s+|-)")


def _landline(text: str) -> str | None:
    match = _LANDLINE_RE.fullmatch(text)
    if match is None:
        return None
    area = match["a1"] or match["a2"] or match["a3"]
    # The local number is the first 7–8 digits (it may be written in groups); a
    # further group after a dash is an extension.
    groups = _GROUPS_RE.split(match["rest"])
    local, i = "", 0
    while i < len(groups) and len(local) < 7:
        local += groups[i]
        i += 2
    if len(local) not in (7, 8) or not local.isdigit():
        return None
    ext = match["ext"]
    tail = groups[i - 1 :] if i < len(groups) else []
    if tail:
        if ext or len(tail) != 2 or tail[0] != "-" or not 1 <= len(tail[1]) <= 6:
            return None
        ext = tail[1]
    return f"{area}-{local}" + (f"-{ext}" if ext else "")


def parse_phone(value: Any) -> str:
    """Mobile → '13800138000'; landline with area code → '0755-83123456[-123]'.

    The reason never quotes the number (see parse_id_number)."""
    text = _text(value, "电话号码")
    mobile = _MOBILE_RE.fullmatch(_PHONE_SEPARATORS_RE.sub("", text))
    if mobile:
        return mobile[1]
    landline = _landline(text)
    if landline:
        return landline
    raise ParseError("电话号码格式不正确：手机号11位，座机需带区号")


# --- masking for reports and --mask exports --------------------------------------

_MASK_LANDLINE_RE = re.compile(r"(0\d{2,3})-(\d{7,8})(-\d+)?", re.ASCII)


def mask_id(value: str | None) -> str | None:
    """440304199001011234 → 440304********1234; other lengths keep 2 + 2."""
    if value is None:
        return None
    if len(value) == 18:
        return value[:6] + "*" * 8 + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def mask_phone(value: str | None) -> str | None:
    """13812345678 → 138****5678; 0755-83123456 → 0755-****3456; else last 4 kept."""
    if value is None:
        return None
    if len(value) == 11 and value.isdigit() and value[0] == "1":
        return value[:3] + "****" + value[-4:]
    if match := _MASK_LANDLINE_RE.fullmatch(value):
        local = match[2]
        return f"{match[1]}-{'*' * (len(local) - 4)}{local[-4:]}{match[3] or ''}"
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]
