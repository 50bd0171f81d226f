"""Prose rounding (domain/prose_numbers.py) with the seed report's own figures, and the
blocks of 一 (domain/annual_blocks.py) naming only real statistics."""

from __future__ import annotations

import pytest

from lianhua_desk.domain import annual_blocks, statistics
from lianhua_desk.domain.prose_numbers import count_text, money_text, prose


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        # the seed: 累计提供法律咨询服务600余次, 开展法律知识讲座16次, 参与调解51起
        ("consultations", 613, "600余人次"),
        ("lectures", 16, "16次"),
        ("advisor_mediations", 51, "51起"),
        # the seed: 为342宗案件提供了法律服务，116宗引导法律途径解决 — files stay exact
        ("petitions_legal_service", 342, "342宗"),
        ("petitions_guided_legal", 116, "116宗"),
        # the seed: 追回款项1600余万元
        ("petition_amount_recovered", 16_123_456, "1600余万元"),
        ("petition_amount_recovered", 16_000_000, "1600万元"),
        ("mediation_amount_recovered", 10_561_600, "1000余万元"),
        ("mediation_amount_recovered", 125_000, "12万余元"),
        ("mediation_amount_recovered", 8_500, "8500元"),
        ("consultations", 600, "600人次"),
        ("consultations", 1_234, "1200余人次"),
        ("service_hours", 7.5, "7.5小时"),
        ("service_hours", 2656.5, "2600余小时"),
        ("covid_disputes", 23, "23项"),
        ("mediation_cases", 0, "0件"),
    ],
)
def test_seed_examples(key, value, text):
    assert prose(key, value) == text


def test_never_claims_more_than_counted():
    for n in range(0, 20_000, 7):
        shown = count_text(n, "次").removesuffix("次").removesuffix("余")
        assert int(shown) <= n
        assert ("余" in count_text(n, "次")) == (int(shown) != n)
    for yuan in (10_000, 10_001, 99_999, 1_000_000, 16_123_456):
        shown = money_text(yuan).removesuffix("元").replace("余", "").removesuffix("万")
        assert int(shown) * 10_000 <= yuan


def test_every_placeholder_names_a_statistic():
    named = set()
    for block in annual_blocks.BLOCKS:
        for key in annual_blocks.placeholders(block.draft):
            assert key in statistics.BY_KEY, (block.key, key)
            assert statistics.statistic(key).kind in ("register", "figure")
            named.add(key)
    # every scalar figure of the year is woven into some block
    assert {s.key for s in statistics.FIGURES} <= named


def test_unknown_placeholder_found():
    assert annual_blocks.unknown("共{lectures}，另{no_such_key}") == ["no_such_key"]
    assert annual_blocks.unknown("{{字面花括号}}") == []


def test_seed_structure():
    heads = [s.heading[:3] for s in annual_blocks.SECTIONS]
    assert heads == ["（一）", "（二）", "（三）", "（四）"]
    per_section = {
        s.key: [b.lead for b in annual_blocks.BLOCKS if b.section == s.key]
        for s in annual_blocks.SECTIONS
    }
    assert [len(v) for v in per_section.values()] == [4, 3, 3, 3]
    assert per_section["guarantees"][0] == "1、组织保障。"
    for leads in per_section.values():
        assert [lead[0] for lead in leads] == [str(i) for i in range(1, len(leads) + 1)]
