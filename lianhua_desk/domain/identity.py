"""Identity documents of a party to a case: one format check per document type.

`check_document(id_type, number)` returns the normalised number or raises `ParseError`
whose `.reason` names the document type and what is wrong, in Chinese. No other
exception escapes (a property test checks this). Reasons may quote a check character or
an address-code prefix, never the birth date or the whole number: they are shown and
logged where the number itself is masked (see `parse.mask_id`).

The formats and where they come from (standards are cited by number; the web pages are
third-party copies or reports of the official texts, as read in 2025):

居民身份证 — GB 11643-1999 《公民身份号码》: 6-digit address code (GB/T 2260), 8-digit
    birth date YYYYMMDD (GB/T 7408), 3-digit sequence (17th digit odd = male, even =
    female), check character by ISO 7064 MOD 11-2 (weights 2^(18-i) mod 11 =
    7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; 0..10 → 1 0 X 9 8 7 6 5 4 3 2). The standard's
    own example is 11010519491231002X. Text of the standard:
    http://www.gb688.cn/bzgk/gb/newGbInfo?hcno=080D6FBF2BB468F9007657F26D60013E
    The address code is checked only for a plausible province (first two digits, the
    GB/T 2260 province list) — no county table is shipped. The old 15-digit number
    (before 1999) is refused with a request for the 18-digit one.
港澳台居民居住证 — 《港澳台居民居住证申领发放办法》 (2018): a 公民身份号码 built as above with
    address code 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan).
    https://cidian.kuaisou.com/%E5%B1%85%E6%B0%91%E5%B1%85%E4%BD%8F%E8%AF%81%E5%8F%B7
港澳居民来往内地通行证 (回乡证) — the 1999 card: H (Hong Kong) or M (Macao) + 10 digits,
    8-digit lifetime number + 2-digit renewal count (公安部《港澳居民来往内地通行证号码
    规则》, 2010: http://m.melive.cc/gn/news/2010/03-10/2162152.shtml). The card issued
    since 2013 carries H/M + the 8-digit lifetime number only. Both are accepted.
台湾居民来往大陆通行证 (台胞证) — since 25 Sep 2008 the number is the 8-digit lifetime number
    (“一人一号、终身不变”, 中新网 2008-09-12:
    http://www.ncdzx.com/sy/rdxw/200809/t20080912_742862.htm); the card-type permit of
    2015 keeps it. The older number (8 digits + 2-digit issue count + a parenthesised
    issuing-office letter, e.g. 0561682001(D)) belongs to booklets that have all expired;
    it is refused with a hint to enter its first 8 digits, which are the lifetime number.
外国人永久居留身份证 — 2023 card (issued from 1 Dec 2023): 18 characters, first digit 9,
    17 digits + MOD 11-2 check as in GB 11643, birth date at positions 7–14 (国家移民管理局
    《新版外国人永久居留身份证机读信息规则》, http://www.eastcoms.com/service/pro/840.html).
    2017 card: 15 characters, 3 Latin letters (nationality) + 12 digits (same notice).
    Both are accepted. Of the 2017 number only this shape is checked: its inner layout
    and check character are not in the published notice (see `birth_date_of`).
护照 — no one format: 5–17 letters and digits. Chinese ordinary passports (E or G + 8
    digits, EA…+ 7 digits) fall within that.
统一社会信用代码 — GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》: 18 characters from
    0-9 and the capitals without I O Z S V; 1 registration authority, 2 organisation type,
    3–8 administrative-division code (digits), 9–17 the organisation code (GB 11714-1997,
    itself ending with its own check character), 18 a check character: weights
    3^(i-1) mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, character value
    31 − (Σ mod 31), 31 → 0. Worked example of the standard's annex (91350100M000100Y4Z is
    refused, check character 3): https://www.yc00.com/web/1713075042a2177900.html ;
    standard: http://www.gb688.cn/bzgk/gb/newGbInfo?hcno=24691C25985C1073D3A7C85629378AC0
    GB 11714-1997 §2.1.2: weights 3 7 9 10 5 8 4 2 on the 8-character body, character
    values 0–9 and A=10 … Z=35 (its annex A), C9 = 11 − (Σ mod 11), 10 → X, 11 → 0
    (https://zh.wikisource.org/wiki/GB_11714-1997_全国组织机构代码编制规则).
    Known limitation: a few codes issued in Fujian pilot areas before the standard do
    not satisfy its check (e.g. 91350100M0001TGQXM, listed in
    https://github.com/bluesky335/IDCheck); they are refused like any other.
"""

from __future__ import annotations

import datetime as dt
import re

from lianhua_desk.domain.parse import ParseError

ID_TYPES: tuple[str, ...] = (
    "居民身份证",
    "港澳台居民居住证",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "护照",
)
ORG_ID_TYPE = "统一社会信用代码"
ALL_ID_TYPES = ID_TYPES + (ORG_ID_TYPE,)

_RESIDENT_ID, _PERMIT, _HOME_RETURN, _TAIWAN, _FOREIGNER, _PASSPORT = ID_TYPES

# --- normalising -----------------------------------------------------------------

# Full-width ASCII (U+FF01–FF5E) → ASCII.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Whitespace anywhere (\s includes the ideographic space U+3000 and NBSP), and the
# zero-width characters that come with pasted text.
_SPACES_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def normalize_document_no(text: str) -> str:
    """Trimmed, full-width → half-width, no spaces inside, letters upper case.

    ' ４４０３０４ １９９００１０１ １２３x ' → '44030419900101123X'."""
    if not isinstance(text, str):
        raise ParseError("证件号码应为文字")
    return _SPACES_RE.sub("", text.translate(_HALF_WIDTH)).upper()


def _shown(char: str) -> str:
    """A character quoted in a reason, or nothing when it would not print."""
    return f"“{char}”" if char.isprintable() else ""


# --- GB 11643: 公民身份号码 and the numbers built like it -----------------------------

_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_GB11643_CHECK = "10X98765432"  # indexed by Σ mod 11
# GB/T 2260 province-level codes (first two digits of an address code).
_PROVINCES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55)]
    + [*range(61, 66), 71, 81, 82]
)
# Address codes of the residence permits (港澳台居民居住证申领发放办法).
_PERMIT_REGIONS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def _gb11643_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _GB11643_WEIGHTS, strict=True))
    return _GB11643_CHECK[total % 11]


def _check_18(label: str, number: str) -> None:
    """Length, characters, birth date (positions 7–14) and check character of an
    18-character GB 11643-style number; the caller checks the prefix."""
    if len(number) != 18:
        raise ParseError(f"{label}号码应为18位（前17位为数字，末位为数字或X），现为{len(number)}位")
    for i, char in enumerate(number[:17], start=1):
        if not ("0" <= char <= "9"):
            raise ParseError(f"{label}号码第{i}位{_shown(char)}应为数字（前17位均为数字）")
    if not ("0" <= number[17] <= "9" or number[17] == "X"):
        raise ParseError(f"{label}号码第18位{_shown(number[17])}应为数字或X")
    born = _yyyymmdd(number[6:14])
    if born is None:
        raise ParseError(f"{label}号码中的出生日期（第7–14位）不是有效日期")
    if born < _EARLIEST_BIRTH:
        raise ParseError(f"{label}号码中的出生日期（第7–14位）早于1900年")
    if born > dt.date.today():
        raise ParseError(f"{label}号码中的出生日期（第7–14位）晚于今天")
    expected = _gb11643_check_char(number[:17])
    if number[17] != expected:
        raise ParseError(f"{label}号码校验位不符：按GB 11643应为{expected}，实为{number[17]}")


def _yyyymmdd(text: str) -> dt.date | None:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _check_resident_id(number: str) -> str:
    if len(number) == 15 and number.isascii() and number.isdigit():
        raise ParseError("居民身份证号码为15位的旧号码，请填写现行的18位号码")
    if len(number) == 18 and number[:6] in _PERMIT_REGIONS:
        raise ParseError(
            f"以{number[:6]}开头的是{_PERMIT_REGIONS[number[:6]]}居民的港澳台居民居住证号码，"
            "请将证件类型选为“港澳台居民居住证”"
        )
    if len(number) == 18 and number[:2].isascii() and number[:2].isdigit():
        if int(number[:2]) not in _PROVINCES:
            raise ParseError(f"居民身份证号码前两位{number[:2]}不是有效的省级行政区划代码")
    _check_18(_RESIDENT_ID, number)
    return number


def _check_permit(number: str) -> str:
    if len(number) == 18 and number[:6] not in _PERMIT_REGIONS:
        hint = ""
        if number[:2].isascii() and number[:2].isdigit() and int(number[:2]) in _PROVINCES:
            hint = "；内地居民请将证件类型选为“居民身份证”"
        raise ParseError(
            "港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，"
            f"现为{number[:6]}{hint}"
        )
    _check_18(_PERMIT, number)
    return number


# --- the other documents of a person ---------------------------------------------

_HOME_RETURN_RE = re.compile(r"[HM](?:\d{8}|\d{10})", re.ASCII)
_TAIWAN_RE = re.compile(r"\d{8}", re.ASCII)
# 8-digit lifetime number + 2-digit issue count, then the issuing office's code in
# parentheses (or run on without them, as some clerks type it).
_TAIWAN_OLD_RE = re.compile(r"\d{10}(?:\([A-Z0-9]\)|[A-Z])?", re.ASCII)
_FOREIGNER_2017_RE = re.compile(r"[A-Z]{3}\d{12}", re.ASCII)
_PASSPORT_RE = re.compile(r"[A-Z0-9]{5,17}", re.ASCII)


def _check_home_return(number: str) -> str:
    label = f"{_HOME_RETURN}号码"
    if _HOME_RETURN_RE.fullmatch(number):
        return number
    if number[:1] not in ("H", "M"):
        raise ParseError(f"{label}应以H（香港居民）或M（澳门居民）开头")
    rest = number[1:]
    if not (rest.isascii() and rest.isdigit()):
        raise ParseError(f"{label}在H或M之后应全为数字")
    raise ParseError(
        f"{label}应为H或M加8位数字（2013年起的新版证件）或加10位数字（旧版证件），"
        f"现为字母后{len(rest)}位"
    )


def _check_taiwan(number: str) -> str:
    label = f"{_TAIWAN}号码"
    if _TAIWAN_RE.fullmatch(number):
        return number
    if _TAIWAN_OLD_RE.fullmatch(number):
        raise ParseError(
            f"{label}自2008年9月25日起为8位终身号；这是旧版号码（8位终身号、2位签发次数"
            "和签发机关代码），请只填写前8位"
        )
    if not (number.isascii() and number.isdigit()):
        raise ParseError(f"{label}应为8位数字")
    raise ParseError(f"{label}应为8位数字，现为{len(number)}位")


def _check_foreigner(number: str) -> str:
    label = f"{_FOREIGNER}号码"
    if len(number) == 18:
        if number[0] != "9":
            raise ParseError(f"{label}为18位时（2023年版）应以9开头")
        _check_18(_FOREIGNER, number)
        return number
    if len(number) == 15:
        if not _FOREIGNER_2017_RE.fullmatch(number):
            raise ParseError(f"{label}为15位时（2017年版）应为3个英文字母（国籍代码）加12位数字")
        return number
    raise ParseError(
        f"{label}应为18位（2023年版，以9开头）或15位（2017年版，3个字母加12位数字），"
        f"现为{len(number)}位"
    )


def _check_passport(number: str) -> str:
    if not (5 <= len(number) <= 17):
        raise ParseError(f"护照号码应为5至17位字母或数字，现为{len(number)}位")
    if not _PASSPORT_RE.fullmatch(number):
        raise ParseError("护照号码只能由英文字母和数字组成")
    return number


# --- GB 32100: 统一社会信用代码 ------------------------------------------------------

_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # value = index; no I O Z S V
_CREDIT_VALUES = {c: i for i, c in enumerate(_CREDIT_CHARS)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^(i-1) mod 31
# GB 11714-1997 annex A: 0–9 and all 26 capitals, A = 10 … Z = 35.
_ORG_VALUES = {c: int(c, 36) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _credit_check_char(first17: str) -> str:
    total = sum(_CREDIT_VALUES[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def _org_check_char(body8: str) -> str:
    total = sum(_ORG_VALUES[c] * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


CREDIT_CODE_CHARS = _CREDIT_CHARS


def make_credit_code(first8: str, organisation8: str) -> str:
    """A valid 统一社会信用代码 from its first eight characters (authority, type, region)
    and an eight-character organisation body: the GB 11714 check (17th) and the GB
    32100 check (18th) added. For demo data and tests."""
    first17 = first8 + organisation8 + _org_check_char(organisation8)
    return first17 + _credit_check_char(first17)


def check_credit_code(code: str) -> str:
    """An 18-character 统一社会信用代码 (GB 32100-2015), normalised, or `ParseError`."""
    number = normalize_document_no(code)
    label = ORG_ID_TYPE
    if len(number) != 18:
        raise ParseError(f"{label}应为18位，现为{len(number)}位")
    for i, char in enumerate(number, start=1):
        if char in "IOZSV":
            raise ParseError(f"{label}第{i}位为“{char}”：代码中不使用字母I、O、Z、S、V")
        if char not in _CREDIT_VALUES:
            raise ParseError(
                f"{label}第{i}位{_shown(char)}不是有效字符（只能是数字或除I、O、Z、S、V以外的大写字母）"
            )
    for i in range(2, 8):
        if not number[i].isdigit():
            raise ParseError(
                f"{label}第3–8位是登记管理机关行政区划码，应为数字，第{i + 1}位为“{number[i]}”"
            )
    expected = _credit_check_char(number[:17])
    if number[17] != expected:
        raise ParseError(f"{label}第18位校验码不符：按GB 32100应为{expected}，实为{number[17]}")
    expected = _org_check_char(number[8:16])
    if number[16] != expected:
        raise ParseError(
            f"{label}第17位校验码不符：第9–17位为组织机构代码，按GB 11714应为{expected}，"
            f"实为{number[16]}"
        )
    return number


# --- public API ------------------------------------------------------------------

_CHECKS = {
    _RESIDENT_ID: _check_resident_id,
    _PERMIT: _check_permit,
    _HOME_RETURN: _check_home_return,
    _TAIWAN: _check_taiwan,
    _FOREIGNER: _check_foreigner,
    _PASSPORT: _check_passport,
    ORG_ID_TYPE: check_credit_code,
}


def check_document(id_type: str, number: str) -> str:
    """The normalised number if it has the format of `id_type`, else `ParseError`."""
    check = _CHECKS.get(id_type) if isinstance(id_type, str) else None
    if check is None:
        raise ParseError(f"未知的证件类型：{id_type}（应为{'、'.join(ALL_ID_TYPES)}之一）")
    normalized = normalize_document_no(number)
    if not normalized:
        raise ParseError(f"{id_type}号码为空")
    return check(normalized)


def _gb11643_like(id_type: str, number: str) -> str | None:
    """The normalised number when it is a valid 18-character GB 11643-style number of
    a type that carries one (resident ID, residence permit, 2023 foreigner card)."""
    if id_type not in (_RESIDENT_ID, _PERMIT, _FOREIGNER):
        return None
    try:
        normalized = check_document(id_type, number)
    except ParseError:
        return None
    return normalized if len(normalized) == 18 else None


def birth_date_of(id_type: str, number: str) -> dt.date | None:
    """The birth date encoded in a valid number (positions 7–14), or None.

    None for documents that encode none, and for an invalid number. Also None for the
    2017 foreigner card (15 characters): one third-party implementation reads YYMMDD
    from its characters 8–13, but the century is not encoded and the layout is not in
    the immigration administration's published notice, so we do not guess."""
    normalized = _gb11643_like(id_type, number)
    return None if normalized is None else _yyyymmdd(normalized[6:14])


def gender_of(id_type: str, number: str) -> str | None:
    """ "男" or "女" from the 17th digit (odd = male) of a valid 18-character
    GB 11643-style number; None otherwise."""
    normalized = _gb11643_like(id_type, number)
    if normalized is None:
        return None
    return "男" if int(normalized[16]) % 2 else "女"
