"""Every statistic is declared once (domain/statistics.py), and the lists of statistics
elsewhere (stats keys and labels, grouped totals, periodic and annual reports, the
dashboard, the English strings) derive from the declarations."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from lianhua_desk.domain import statistics
from lianhua_desk.domain.statistics import (
    DATE_COLUMNS,
    KINDS,
    ROUNDINGS,
    STATISTICS,
    UNITS,
    statistic,
)

# The keys of spec/product.md's statistics table, in its order.
SPEC_KEYS = (
    "year",
    "communities",
    "duty_shifts",
    "service_hours",
    "consultations",
    "lectures",
    "publicity_events",
    "mediation_cases",
    "mediation_success",
    "advisor_mediations",
    "labor_mediation_success",
    "mediation_amount_recovered",
    "judicial_confirmations",
    "petitions",
    "petitions_legal_service",
    "petitions_guided_legal",
    "petition_amount_recovered",
    "covid_disputes",
    "by_category",
    "by_route",
    "quota_shortfalls",
)
SPEC = Path("/work/shared/spec/product.md")


def test_every_spec_key_declared_exactly_once_in_spec_order():
    keys = [s.key for s in STATISTICS]
    assert len(keys) == len(set(keys))
    assert tuple(keys) == SPEC_KEYS == statistics.KEYS


@pytest.mark.skipif(not SPEC.exists(), reason="the shared spec is not on this machine")
def test_spec_table_lists_the_declared_keys():
    text = SPEC.read_text(encoding="utf-8")
    section = text[text.index("## Statistics") :]
    section = section[: section.index("\n\n", section.index("| key |"))]
    assert tuple(re.findall(r"^\| `(\w+)` \|", section, re.M)) == SPEC_KEYS


def test_labels_unique_units_known_and_declarations_consistent():
    for attr in ("label", "english"):
        values = [getattr(s, attr) for s in STATISTICS]
        assert len(values) == len(set(values)), attr
    shorts = [s.short_label for s in STATISTICS if s.short_label]
    assert len(shorts) == len(set(shorts))
    for s in STATISTICS:
        assert s.label and s.english, s.key
        assert s.kind in KINDS, s.key
        assert s.unit in UNITS, s.key
        assert s.rounding in ROUNDINGS, s.key
        assert s.money == (s.unit == "元") == (s.rounding == "wan"), s.key
        assert s.definition, s.key
        if s.kind in ("register", "figure", "breakdown"):
            assert s.aggregate in ("count(*)",) or re.fullmatch(r"total\(\w+\)", s.aggregate)
            assert s.tables and all(t in DATE_COLUMNS or t == "communities" for t in s.tables)
        if s.kind == "figure":
            assert s.short_label, s.key
        assert ";" not in s.condition


def test_definitions_read_as_the_sql_the_store_runs():
    assert statistic("lectures").definition == "count(*) FILTER (WHERE event_type = '法治讲座')"
    assert statistic("service_hours").definition == "total(hours)"
    assert statistic("by_route").definition == "count(*) GROUP BY route"
    assert statistic("covid_disputes").table == "cases + petitions"
    assert statistic("consultations").definition == (
        "total(persons) FILTER (WHERE service_type = '法律咨询')"
    )


def test_domain_module_is_pure():
    source = Path(statistics.__file__).read_text(encoding="utf-8")
    assert not re.search(
        r"^\s*(from|import) .*(sqlite|PySide|\.\.store|\.\.services)", source, re.M
    )


def test_stats_keys_labels_and_money_derive():
    from lianhua_desk.services import stats

    assert stats.STAT_KEYS == tuple(s.key for s in STATISTICS)
    assert stats.STAT_LABELS == {s.key: s.label for s in STATISTICS}
    assert stats.FIGURE_KEYS == tuple(s.key for s in STATISTICS if s.kind == "figure")
    assert stats.MONEY_KEYS == ("mediation_amount_recovered", "petition_amount_recovered")


def test_grouped_totals_are_built_from_the_declarations():
    from lianhua_desk.store import report_queries

    assert set(report_queries.TOTAL_KEYS) == {s.key for s in statistics.FIGURES}
    built = {key: expr for _, pairs in report_queries._AGGREGATES.values() for key, expr in pairs}
    assert built["lectures"] == "total(event_type = '法治讲座')"
    assert built["consultations"] == ("total(CASE WHEN service_type = '法律咨询' THEN persons END)")
    assert built["mediation_amount_recovered"] == "total(amount_recovered)"
    # A changed declaration changes the SQL.
    changed = dataclasses.replace(statistic("lectures"), condition="event_type = '讲座'")
    assert report_queries.grouped_sql(changed) == "total(event_type = '讲座')"


def test_periodic_short_labels_are_the_declared_ones():
    from lianhua_desk.reports import periodic

    for key, short in periodic.SHORT_LABELS.items():
        assert short is statistic(key).short_label


def test_dashboard_figures_are_the_declared_ones():
    from lianhua_desk.ui import dashboard

    assert dashboard.FIGURES is statistics.FIGURES


def test_english_strings_come_from_the_declarations():
    from lianhua_desk.ui.strings_en import STRINGS_EN

    # No literal entry further down the table overrides a declared English.
    for s in STATISTICS:
        assert STRINGS_EN[s.label] == s.english, s.key


def test_prose_uses_declared_unit_and_rounding(monkeypatch):
    from lianhua_desk.reports.text import stat_text

    assert stat_text("consultations", 612) == "612人次"
    assert stat_text("service_hours", 1234.5) == "1234.5小时"
    assert stat_text("mediation_amount_recovered", 9632400) == "963.24万元（9632400元）"
    assert stat_text("petition_amount_recovered", 8500) == "8500元"
    changed = dataclasses.replace(statistic("lectures"), unit="场")
    monkeypatch.setitem(statistics.BY_KEY, "lectures", changed)
    assert stat_text("lectures", 16) == "16场"


def test_year_queries_are_built_from_the_declarations():
    from lianhua_desk.store import queries

    for table in queries.ACTIVITY_TABLES:
        sql, where = queries.activity_sql(table)
        for s in statistics.over(table):
            assert s.definition in sql and s.key in where, s.key
    # An aggregate both declared and judged by the quotas is computed once.
    events = queries.activity_sql("events")[1]
    assert events["lectures"] == events["quota_lectures"]
    for table in ("cases", "petitions"):
        assert queries.year_measures(table) == {s.key: s.definition for s in statistics.over(table)}
    assert {t for s in statistics.FIGURES for t in s.tables} <= {
        *queries.ACTIVITY_TABLES,
        "cases",
        "petitions",
    }
    # A figure over two of daily_activity's tables would need adding up per day.
    assert len(set(queries.activity_names())) == len(queries.activity_names())
    # A changed declaration changes the SQL.
    changed = dataclasses.replace(statistic("lectures"), condition="event_type = '讲座'")
    figures = tuple(changed if s.key == "lectures" else s for s in statistics.FIGURES)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(statistics, "FIGURES", figures)
        assert "count(*) FILTER (WHERE event_type = '讲座')" in queries.activity_sql("events")[0]
