"""The 评查 column reviews the cases the list shows, never their whole year: on a
city-scale database a year is 200,000 cases, and reviewing it held 1.4 GB (session 6).
Counted here in cases read by the review, not in time or memory."""

from __future__ import annotations

import pytest

from lianhua_desk.services import records
from lianhua_desk.services.context import Change
from lianhua_desk.ui import case_review
from lianhua_desk.ui.main_window import tab_by_key
from lianhua_desk.ui.table_model import LazyTableModel

from .conftest import make_window, settle

YEAR_CASES = 2 * LazyTableModel.PAGE + 100  # more than the list loads at first


@pytest.fixture
def busy_year(ctx):
    """A year of many cases, none of them complete (each has problems)."""
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record
    for n in range(1, YEAR_CASES + 1):
        records.create(
            ctx,
            "cases",
            {
                "case_no": f"莲调〔2020〕第{n}号",
                "received_date": "2020-06-01",
                "community_id": community["id"],
                "body": "社区人民调解委员会",
                "category": "邻里纠纷",
                "status": "调解成功",
                "closed_date": "2020-06-20",
                "applicant": "赵六",
            },
        )
    return ctx


def review_text(tab, row: int) -> str:
    column = [c.key for c in tab.panel.model.columns].index("_review")
    return tab.panel.model.index(row, column).data()


def open_cases(qtbot, window):
    tab = window.pages["cases"]
    window.tabs.setCurrentIndex(tab_by_key("cases").index)
    settle(qtbot, window)
    return tab


def wait_reviewed(qtbot, window, tab) -> None:
    qtbot.waitUntil(lambda: not tab.review.pending, timeout=20000)
    settle(qtbot, window)


def test_the_column_reviews_the_rows_on_screen_not_the_year(qtbot, busy_year, cases_read, tmp_path):
    window = make_window(qtbot, busy_year, tmp_path)
    try:
        tab = open_cases(qtbot, window)
        assert tab.panel.model.total == YEAR_CASES
        review_text(tab, 0)  # as a paint does: asks for the first row's review
        wait_reviewed(qtbot, window, tab)
        assert review_text(tab, 0).endswith("项")
        assert review_text(tab, 5).endswith("项")  # reviewed along with row 0
        read = sum(cases_read)
        # The rows the list has loaded (fitting the columns on first show measures them
        # all, so the first job has them all), never the year's.
        assert 0 < read <= tab.panel.model.rowCount() < YEAR_CASES, read

        # A row further down, once the list has loaded it: its neighbourhood only.
        view = tab.panel.view
        while tab.panel.model.rowCount() < YEAR_CASES:
            tab.panel.model.fetchMore(view.rootIndex())
        cases_read.clear()
        last = tab.panel.model.rowCount() - 1
        review_text(tab, last)
        wait_reviewed(qtbot, window, tab)
        assert review_text(tab, last).endswith("项")
        assert 0 < sum(cases_read) <= case_review.AROUND_BEFORE + 50, cases_read
    finally:
        window.close()


def test_a_change_forgets_the_results_and_the_rows_ask_again(
    qtbot, busy_year, cases_read, tmp_path
):
    window = make_window(qtbot, busy_year, tmp_path)
    try:
        tab = open_cases(qtbot, window)
        review_text(tab, 0)
        wait_reviewed(qtbot, window, tab)
        assert tab.review.by_case and 2020 in tab.review.done
        window.host.announce(Change("cases", touched={"visits"}))
        assert not tab.review.by_case and 2020 not in tab.review.done
        assert review_text(tab, 0) == ""  # unknown again: asked for
        wait_reviewed(qtbot, window, tab)
        assert review_text(tab, 0).endswith("项")
    finally:
        window.close()


def test_the_results_kept_are_bounded(qtbot, busy_year, tmp_path):
    """Scrolling through a city's cases keeps the last MAX_CASES asked for, no more."""
    window = make_window(qtbot, busy_year, tmp_path)
    try:
        window.pages["cases"].review.MAX_CASES = 150
        tab = open_cases(qtbot, window)
        assert 0 < len(tab.review.by_case) <= 150
        model = tab.panel.model
        while model.rowCount() < YEAR_CASES:
            model.fetchMore(tab.panel.view.rootIndex())
        for row in range(0, YEAR_CASES, 40):
            review_text(tab, row)
            wait_reviewed(qtbot, window, tab)
            assert len(tab.review.by_case) <= 150
        last = YEAR_CASES - 1
        review_text(tab, last)
        wait_reviewed(qtbot, window, tab)
        assert review_text(tab, last).endswith("项")  # the latest asked for is kept
        assert len(tab.review.by_case) <= 150
    finally:
        window.close()
