"""domain/numbers.py: the one formatting module for screen and print."""

from __future__ import annotations

import ast
from pathlib import Path

import lianhua_desk
from lianhua_desk.domain.numbers import money, money_or_zero, number, percent, rounded, wan, yuan

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
