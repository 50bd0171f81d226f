"""The one statistics function. The CLI, the dashboard and the annual report all
call `year_stats`; nothing else may count differently. Which statistics there are,
their keys, order and labels: `domain.statistics`."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from concurrent.futures import ThreadPoolExecutor

from ..domain import rules, statistics
from ..domain.fields import DISPUTE_CATEGORY, ROUTE
from ..store import queries
from ..store.db import second_reader
from .context import Context

STAT_KEYS = statistics.KEYS
# The year's scalar figures (what a dashboard or a summary table lists).
FIGURE_KEYS = tuple(s.key for s in statistics.FIGURES)
MONEY_KEYS = tuple(s.key for s in statistics.MONEY)
STAT_LABELS = {s.key: s.label for s in statistics.STATISTICS}


def format_stats(stats: dict) -> str:
    """A plain-text table of the statistics, for people at a terminal."""
    lines = []
    for key in STAT_KEYS:
        value = stats[key]
        if isinstance(value, dict):
            lines.append(f"{STAT_LABELS[key]}：" + ("无" if not value else ""))
            for name, inner in value.items():
                shown = "、".join(inner) if isinstance(inner, list) else inner
                lines.append(f"    {name}：{shown}")
        else:
            lines.append(f"{STAT_LABELS[key]}：{value}")
    return "\n".join(lines)


def _number(x: float) -> int | float:
    """Money and hours: an int when whole, else rounded to cents."""
    x = round(float(x), 2)
    return int(x) if x.is_integer() else x


def _figure(key: str, value: float) -> int | float:
    """A figure as the statistics give it: counts as int, hours and money `_number`."""
    return int(value) if statistics.statistic(key).rounding == "exact" else _number(value)


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> dict[str, int]:
    """Declared order first (stable output), then any value not declared."""
    out = {k: counts[k] for k in order if k in counts}
    out.update({k: v for k, v in sorted(counts.items()) if k not in out})
    return out


EMPTY_ACTIVITY = {"shifts": {}, "hours": {}, "lectures": {}, "publicity": {}}


def quota_shortfalls(
    ctx: Context, year: int, today: dt.date | None = None, *, activity: dict | None = None
) -> dict[str, list[rules.Shortfall]]:
    """Community name → its shortfalls in `year`, for periods ended before today.

    `activity` (from queries.quota_activity over the periods' span) may be passed in
    by a caller that has already read it."""
    today = today or ctx.actor.today()
    periods = rules.periods(year, today, ctx.calendar())
    if not periods:
        return {}
    if activity is None:
        activity = queries.quota_activity(ctx.db, *_span(periods))
    settings = ctx.settings
    out = {}
    day_keys = _DayKeys()
    for cid, name in queries.community_names(ctx.db).items():
        act = activity.get(cid, EMPTY_ACTIVITY)
        found = rules.shortfalls(_bucket(act, day_keys), periods, settings)
        if found:
            out[name] = found
    return out


def _span(periods: list[rules.Period]) -> tuple[dt.date, dt.date]:
    return min(p.start for p in periods), max(p.end for p in periods)


class _DayKeys(dict):
    """'YYYY-MM-DD' → (week key, quarter key), each day worked out once for all
    communities (a city has ~160 of them: 58,000 (community, day) pairs a year)."""

    def __missing__(self, day: str) -> tuple[str, str]:
        d = dt.date.fromisoformat(day)
        keys = self[day] = (rules.week_key(d), rules.quarter_key(d))
        return keys


def _bucket(act: dict[str, dict], day_keys: _DayKeys | None = None) -> rules.Activity:
    """Map per-day / per-month counts onto the periods the rules judge."""
    day_keys = _DayKeys() if day_keys is None else day_keys
    weeks: dict[str, int] = {}
    for day, n in act["shifts"].items():
        key = day_keys[day][0]
        weeks[key] = weeks.get(key, 0) + n
    quarters: dict[str, int] = {}
    for day, n in act["lectures"].items():
        key = day_keys[day][1]
        quarters[key] = quarters.get(key, 0) + n
    years: dict[str, int] = {}
    for day, n in act["publicity"].items():
        years[day[:4]] = years.get(day[:4], 0) + n
    return rules.Activity(shifts=weeks, hours=act["hours"], lectures=quarters, publicity=years)


def _facets(db, year: int) -> tuple[tuple, tuple]:
    return (
        queries.case_facets(db, year, DISPUTE_CATEGORY),
        queries.petition_facets(db, year, ROUTE),
    )


def _read(ctx: Context, year: int, start: dt.date, end: dt.date) -> tuple[dict, tuple]:
    """The per-day activity and the case and petition facets. On a file database the
    facets are read on a second connection and thread while this one reads the
    activity: on a million records that takes the figures from ~0.6 s to ~0.4 s on
    two cores. Each query reads its own committed state, exactly as the same queries
    one after another on one connection would."""
    with second_reader(ctx.db) as other:
        if other is None:
            return queries.daily_activity(ctx.db, start, end), _facets(ctx.db, year)
        with ThreadPoolExecutor(1, thread_name_prefix="stats") as pool:
            facets = pool.submit(_facets, other, year)
            daily = queries.daily_activity(ctx.db, start, end)
            return daily, facets.result()


def year_stats(ctx: Context, year: int, today: dt.date | None = None) -> dict:
    """The statistics object of spec/product.md, keys in the documented order.

    Roster, ledger and events are read once, per day and community, over the year and
    the quota periods around it (ISO weeks reach into the neighbouring years); the
    year's totals and the quota shortfalls are both folded from that one read.
    """
    today = today or ctx.actor.today()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    periods = rules.periods(year, today, ctx.calendar())
    start, end = _span(periods) if periods else (first, last)
    daily, (cases_facets, petitions_facets) = _read(ctx, year, min(start, first), max(end, last))
    in_year = (first.isoformat(), last.isoformat())

    def year_sum(kind: str) -> float:
        # Each per-day dict is in date order (queries.daily_activity): the year's days
        # are one slice of it, summed in the same order as a filtered loop would.
        def in_year_values(per_day: dict):
            days = list(per_day)
            lo, hi = bisect.bisect_left(days, in_year[0]), bisect.bisect_right(days, in_year[1])
            return itertools.islice(per_day.values(), lo, hi)

        return sum(itertools.chain.from_iterable(in_year_values(a[kind]) for a in daily.values()))

    by_category, cases = cases_facets
    by_route, petitions = petitions_facets
    of_year = {"cases": cases, "petitions": petitions}  # table → statistic key → value

    def figure(s: statistics.Statistic) -> int | float:
        # A declared figure, added up over its tables (covid_disputes: cases + petitions);
        # shifts, services and events come per day from daily_activity.
        parts = (of_year[t][s.key] if t in of_year else year_sum(s.key) for t in s.tables)
        return _figure(s.key, sum(parts))

    activity = queries.quota_view(daily)
    shortfalls = quota_shortfalls(ctx, year, today, activity=activity) if periods else {}
    stats = {
        "year": year,
        "communities": queries.community_count(ctx.db),
        **{s.key: figure(s) for s in statistics.FIGURES},
        "by_category": _ordered(by_category, DISPUTE_CATEGORY),
        "by_route": _ordered(by_route, ROUTE),
        "quota_shortfalls": {name: [str(s) for s in found] for name, found in shortfalls.items()},
    }
    return {key: stats[key] for key in STAT_KEYS}
