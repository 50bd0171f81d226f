"""domain/numbers.py: the one formatting module for screen and print."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lianhua_desk
from lianhua_desk.domain.numbers import (
    amount_in_words,
    count,
    money,
    money_or_zero,
    number,
    percent,
    rmb_in_full,
    rounded,
    wan,
    yuan,
)
from lianhua_desk.domain.periods import period_label

PACKAGE = Path(lianhua_desk.__file__).parent


def test_screen_and_print_formats():
    assert money(9632400) == "9,632,400.00" and money(None) == "" and money(0) == "0.00"
    assert money_or_zero(None) == "0.00" and money_or_zero(1234.5) == "1,234.50"
    assert number(8.0) == "8" and number(7.5) == "7.5" and number(None) == ""
    assert rounded(12.345) == "12.35" and rounded(3.0) == "3" and rounded(None) == "0"
    assert yuan(9632400) == "9632400元" and wan(8500) == "8500元"
    assert wan(9632400) == "963.24万元（9632400元）"
    assert percent(3, 8) == "37.5%" and percent(3, 0) == "—"


def test_no_other_module_defines_a_money_format():
    # Screen (ui) and print (reports) take money and numbers from domain/numbers.py.
    for folder in ("ui", "reports"):
        for path in (PACKAGE / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
            assert not defined & {"money", "number", "wan", "yuan", "percent"}, path


def test_counts_in_lists_are_separated():
    assert count(1266100) == "1,266,100" and count(7.5) == "7.5" and count(None) == ""
    assert count(999) == "999" and count(12.0) == "12"


# The examples of 中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》
# (第五条 on 零), then the issue's own: whole yuan end in 整, 角 and 分 do not.
OFFICIAL = [
    (1409.50, "人民币壹仟肆佰零玖元伍角"),
    (6007.14, "人民币陆仟零柒元壹角肆分"),
    (1680.32, "人民币壹仟陆佰捌拾元零叁角贰分"),
    (107000.53, "人民币壹拾万柒仟元零伍角叁分"),
    (16409.02, "人民币壹万陆仟肆佰零玖元零贰分"),
    (325.04, "人民币叁佰贰拾伍元零肆分"),
]
MORE = [
    (254880.00, "人民币贰拾伍万肆仟捌佰捌拾元整"),
    (10000, "人民币壹万元整"),
    (1005, "人民币壹仟零伍元整"),
    (10.50, "人民币壹拾元零伍角"),
    (0.05, "人民币伍分"),
    (0.5, "人民币伍角"),
    (0, "人民币零元整"),
    (None, "人民币零元整"),
    (100700, "人民币壹拾万零柒佰元整"),
    (3000000, "人民币叁佰万元整"),
    (100000000, "人民币壹亿元整"),
    (1000000001, "人民币壹拾亿零壹元整"),
    (16000000, "人民币壹仟陆佰万元整"),
    (2.675, "人民币贰元陆角捌分"),  # rounded half up to the 分, not binary-float down
]


@pytest.mark.parametrize(("value", "words"), OFFICIAL + MORE)
def test_amount_in_words(value, words):
    assert amount_in_words(value) == words


def test_amount_in_figures_and_words():
    assert rmb_in_full(254880) == "人民币254,880.00元（大写：人民币贰拾伍万肆仟捌佰捌拾元整）"


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("2020-W12", "2020年第12周"),
        ("2020-W05", "2020年第5周"),
        ("2020-03", "2020年3月"),
        ("2020-12", "2020年12月"),
        ("2020-Q1", "2020年第一季度"),
        ("2020-Q4", "2020年第四季度"),
        ("2020", "2020年"),
    ],
)
def test_period_labels(key, label):
    assert period_label(key) == label


def test_week_label_with_its_days():
    assert period_label("2020-W12", days=True) == "2020年第12周（3月16日—22日）"
    assert period_label("2020-W14", days=True) == "2020年第14周（3月30日—4月5日）"
    assert period_label("2020-W53", days=True) == ("2020年第53周（2020年12月28日—2021年1月3日）")
