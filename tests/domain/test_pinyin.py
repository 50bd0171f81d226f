"""Pinyin order (issue 15) against an independent oracle: lists a Chinese Excel would
sort that way, by hand, and for random names the order of pypinyin's own readings
compared as tuples, character by character (not through our key strings)."""

from __future__ import annotations

import random

from pypinyin import Style
from pypinyin import pinyin as pypinyin_readings

from lianhua_desk.domain import pinyin

# As WPS / Excel on a Chinese PC sort them (拼音排序): by reading letter by letter,
# then tone, then strokes. 万 wan < 汪 wang1 < 王 wang2; 陈 chen < 程 cheng; 张 < 赵.
EXCEL_ORDER = [
    "阿里",
    "安娜",
    "白雪",
    "陈晨",
    "程诚",
    "邓超",
    "万达",
    "汪峰",
    "王菲",
    "王小明",
    "张三",
    "赵四",
]


def test_names_sort_as_excel_sorts_them():
    shuffled = EXCEL_ORDER[::-1]
    assert sorted(shuffled, key=pinyin.sort_key) == EXCEL_ORDER


def test_a_name_sorts_before_its_continuations_and_latin_before_chinese():
    names = ["王小明", "王", "王小", "A座物业", "1号楼", "（空）", "abc"]
    assert sorted(names, key=pinyin.sort_key) == [
        "（空）",
        "1号楼",
        "A座物业",
        "abc",
        "王",
        "王小",
        "王小明",
    ]


def test_equal_readings_by_strokes_then_code_point():
    # all yu2: 于 3 strokes, 余 7, 鱼 8, 俞 9 (俞 U+4FDE comes before 鱼 U+9C7C by code)
    assert sorted("俞鱼余于", key=pinyin.sort_key) == list("于余鱼俞")
    assert [pinyin.strokes(c) for c in "于余鱼俞"] == [3, 7, 8, 9]


def test_surnames_are_read_as_surnames_in_names_only():
    # 曾 zeng as a surname (before 张 zhang), ceng in 曾经 (before 陈 chen)
    assert sorted(["张三", "曾国藩", "陈晨"], key=lambda n: pinyin.sort_key(n, True)) == [
        "陈晨",
        "曾国藩",
        "张三",
    ]
    assert sorted(["张三", "曾经", "陈晨"], key=pinyin.sort_key) == ["曾经", "陈晨", "张三"]
    # 单 shan as a surname: after 沙 sha, before 孙 sun; after 、 too
    assert sorted(["孙红", "单田芳", "沙悟净"], key=lambda n: pinyin.sort_key(n, True)) == [
        "沙悟净",
        "单田芳",
        "孙红",
    ]
    assert pinyin.initials("李四、单田芳", name=True) == "ls、stf"


def test_pinyin_and_initials():
    assert pinyin.spelled("王小明", name=True) == "wangxiaoming"
    assert pinyin.initials("王小明", name=True) == "wxm"
    assert pinyin.initials("汪晓敏", name=True) == "wxm"  # tones are not typed
    assert pinyin.spelled("吕绿", name=True) == "lvlv"
    assert pinyin.matches_spelling("wxm", "王小明")
    assert pinyin.matches_spelling("WangX", "王小明")
    assert pinyin.matches_spelling("stf", "李四、单田芳")
    assert not pinyin.matches_spelling("xm", "王小明")  # a name's start only


# --- the property: our key's order is the order of pypinyin's readings ----------------

POOL = (
    "王万汪张章赵陈程成李里黎刘柳杨羊吴武周邹朱徐许孙何胡郭高林罗于余鱼俞"
    + "小明晓敏伟芳娜静丽强军磊洋勇艳杰涛超"
)


def oracle(text: str) -> tuple:
    """Per character (syllable, tone, strokes, code point), from pypinyin directly."""
    out = []
    for ch in text:
        (reading,) = pypinyin_readings(ch, style=Style.TONE3, neutral_tone_with_five=True)[0]
        out.append((reading[:-1], int(reading[-1]), pinyin.strokes(ch), ord(ch)))
    return tuple(out)


def test_key_order_equals_the_oracle_on_random_names():
    rng = random.Random(15)
    names = ["".join(rng.choice(POOL) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    assert sorted(names, key=pinyin.sort_key) == sorted(names, key=oracle)
