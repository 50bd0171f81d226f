"""案卷评查: review a year's mediation files (or one case's) by the rules of
domain/review.py. Plain data, no Qt; the command line, the PDF, the workbook and the
window's 评查 panel all read a `Review`.

Problems are findings, not errors: a review that finds them has still succeeded.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..domain.review import RULES, Problem, case_sort_key, check_case, check_petition
from ..errors import RefusedInput
from ..store import review_queries
from .context import Context

__all__ = [
    "RULES",
    "CaseReview",
    "PetitionReview",
    "Problem",
    "Review",
    "review",
    "review_case",
    "review_cases",
]


class ReviewRefused(RefusedInput):
    """The review cannot be made from this input (an unknown community)."""


@dataclass
class CaseReview:
    case_id: str
    case_no: str
    community: str
    problems: list[Problem]


@dataclass
class PetitionReview:
    """A petition routed to 人民调解 whose case is missing (it has no case to sit under)."""

    petition_id: str
    petition_no: str
    community: str
    problems: list[Problem]


@dataclass
class Review:
    year: int
    community: str | None
    today: dt.date
    cases: list[CaseReview]
    petitions: list[PetitionReview] = field(default_factory=list)

    def summary(self) -> dict:
        """The review day and community filter, then totals: cases, cases with problems, cases flagged per rule (every rule listed,
        0 when none), per community {cases, with_problems}, petitions flagged."""
        by_rule = Counter(
            rule for c in self.cases for rule in dict.fromkeys(p.rule for p in c.problems)
        )
        by_rule.update(rule for p in self.petitions for rule in {q.rule for q in p.problems})
        communities: dict[str, dict[str, int]] = {}
        for c in self.cases:
            row = communities.setdefault(c.community, {"cases": 0, "with_problems": 0})
            row["cases"] += 1
            row["with_problems"] += bool(c.problems)
        return {
            "today": self.today.isoformat(),
            "community": self.community,
            "cases": len(self.cases),
            "cases_with_problems": sum(1 for c in self.cases if c.problems),
            "by_rule": {rule: by_rule.get(rule, 0) for rule in RULES},
            "by_community": dict(sorted(communities.items())),
            "petitions_with_problems": len(self.petitions),
        }

    def to_json(self) -> dict:
        def problems(items: list[Problem]) -> list[dict]:
            return [{"rule": p.rule, "message": p.message} for p in items]

        return {
            "year": self.year,
            "cases": [
                {"case_no": c.case_no, "community": c.community, "problems": problems(c.problems)}
                for c in self.cases
            ],
            "petitions": [
                {
                    "petition_no": p.petition_no,
                    "community": p.community,
                    "problems": problems(p.problems),
                }
                for p in self.petitions
            ],
            "summary": self.summary(),
        }


def _reviews(files: review_queries.Files, ctx: Context, today: dt.date) -> list[CaseReview]:
    settings = ctx.settings
    out = []
    for case in files.cases:
        cid = case["id"]
        problems = check_case(
            case,
            files.parties.get(cid, ()),
            files.records.get(cid, ()),
            files.visits.get(cid, ()),
            settings,
            today,
        )
        out.append(CaseReview(cid, case["case_no"], case["community"] or "", problems))
    out.sort(key=lambda c: case_sort_key(c.case_no))
    return out


def review(
    ctx: Context, year: int, community: str | None = None, today: dt.date | None = None
) -> Review:
    """Review every case received in `year` (of `community`, a name, if given) and the
    petitions of that year routed to 人民调解. `today` (default the actor's) decides
    which deadlines have passed."""
    today = today or ctx.actor.today()
    community_id = None
    if community is not None:
        community = community.strip()
        community_id = review_queries.community_id(ctx.db, community)
        if community_id is None:
            known = "、".join(review_queries.community_names(ctx.db)) or "（尚无社区）"
            raise ReviewRefused(f"没有名为“{community}”的社区。现有社区：{known}")
    files = review_queries.year_files(ctx.db, year, community_id)
    petitions = []
    for p in files.petitions:
        found = check_petition(p, bool(p["case_exists"]))
        if found:
            petitions.append(PetitionReview(p["id"], p["petition_no"], p["community"] or "", found))
    petitions.sort(key=lambda p: case_sort_key(p.petition_no))
    return Review(year, community, today, _reviews(files, ctx, today), petitions)


def review_case(ctx: Context, case_id: str, today: dt.date | None = None) -> list[Problem]:
    """One case's problems; [] for a case that is not there."""
    return review_cases(ctx, [case_id], today).get(case_id, [])


def review_cases(
    ctx: Context, case_ids: list[str], today: dt.date | None = None
) -> dict[str, list[Problem]]:
    """The problems of each of `case_ids` that exists, by case id: the window's 评查
    column and panel, for the cases on screen. The same findings as `review` gives
    those cases (a case's review reads its own file only), without reading their year."""
    files = review_queries.cases_files(ctx.db, case_ids)
    return {c.case_id: c.problems for c in _reviews(files, ctx, today or ctx.actor.today())}
