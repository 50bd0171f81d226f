"""The benchmark runner's output (bench/table.py, bench/__main__.py): the README rewrite
touches only the text between the markers, and result rows become the expected markdown.
Nothing is timed here; `python -m bench` does the measuring."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import table  # noqa: E402
from bench.__main__ import options, parse_args  # noqa: E402
from bench.runner import GROUP_ORDER, GROUPS, SCENARIOS, Options, Rows  # noqa: E402
from bench.table import END, START, MarkerError, Row  # noqa: E402

BEFORE = "# Title\n\n## Benchmarks (spec/quality.md)\n\nRun `python -m bench`.\n\n"
AFTER = "\n\nWhere a target is missed, the floor and why:\n- hand-written | with a bar\n"
README = BEFORE + START + "\nold machine line\n\n| old | table |\n|---|---|\n" + END + AFTER


def test_rewrite_replaces_only_the_text_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    table.rewrite_readme(readme, "new machine line\n\n| new | table |\n")
    text = readme.read_text(encoding="utf-8")
    assert text == BEFORE + START + "\nnew machine line\n\n| new | table |\n" + END + AFTER
    # a second run replaces the first run's block, nothing else
    table.rewrite_readme(readme, "third")
    assert readme.read_text(encoding="utf-8") == BEFORE + START + "\nthird\n" + END + AFTER
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]  # no temporary file left


@pytest.mark.parametrize(
    "text, found",
    [
        (BEFORE + AFTER, "found 0 and 0"),
        (BEFORE + START + "\n| t |\n" + AFTER, "found 1 and 0"),
        (README + START + END, "found 2 and 2"),
    ],
)
def test_rewrite_refuses_without_one_pair_of_markers(tmp_path, text, found):
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    with pytest.raises(MarkerError, match=found) as error:
        table.rewrite_readme(readme, "new")
    assert START in str(error.value) and END in str(error.value)
    assert readme.read_text(encoding="utf-8") == text  # untouched


def test_rewrite_refuses_markers_in_the_wrong_order(tmp_path):
    readme = tmp_path / "README.md"
    text = BEFORE + END + "\nx\n" + START + AFTER
    readme.write_text(text, encoding="utf-8")
    with pytest.raises(MarkerError, match="before"):
        table.rewrite_readme(readme, "new")
    assert readme.read_text(encoding="utf-8") == text


def test_the_project_readme_has_one_pair_of_markers_in_the_benchmarks_section():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    section = text.index("## Benchmarks (spec/quality.md)")
    following = text.find("\n## ", section + 1)
    assert section < text.index(START) < text.index(END) < (following % (len(text) + 1))


def test_markdown_table_of_hand_made_rows():
    rows = [
        Row("stats", "`stats --year` over 1,000,000 records", "< 500 ms", "812 ms", False, "c1"),
        Row("tab", "open the tab", "< 200 ms", "81 ms", True, "python -m bench --only tab"),
        Row("sort", "sort | any column", "< 300 ms", "failed to run (Error:\nx)", None, ""),
    ]
    assert table.markdown_table(rows) == "\n".join(
        [
            "| scenario | target | measured | holds | command |",
            "|---|---|---|---|---|",
            "| `stats --year` over 1,000,000 records | < 500 ms | 812 ms | **no** | `c1` |",
            "| open the tab | < 200 ms | 81 ms | yes | `python -m bench --only tab` |",
            "| sort \\| any column | < 300 ms | failed to run (Error: x) | — |  |",
        ]
    )


def test_rows_keep_only_the_scenarios_asked_for_with_their_own_command():
    out = Rows(Options(records=1_000_000, rows=100_000, runs=5), {"stats"})
    out.add("stats", "812 ms", False)
    out.add("tab", "81 ms", True)  # measured by the same group, but not asked for
    assert [(r.name, r.scenario, r.command) for r in out.rows] == [
        ("stats", "`stats --year` over 1,000,000 records", "python -m bench --only stats")
    ]


def test_options_and_scenario_names():
    args = parse_args(["--only", "stats,tab", "--runs", "3"])
    assert args.names == ["tab", "stats"]  # in the spec's order
    assert options(args).extra_args == ("--runs", "3")
    quick = parse_args(["--quick"])
    assert (quick.records, quick.rows, quick.runs) == (20_000, 2_000, 1)
    assert options(quick).extra_args == ("--quick",)
    with pytest.raises(SystemExit):
        parse_args(["--only", "stats,nonsense"])
    assert {s.group for s in SCENARIOS} == set(GROUPS) == set(GROUP_ORDER)
