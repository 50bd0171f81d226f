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
from bench.table import ENC_END, ENC_START, END, START, MarkerError, Row  # noqa: E402

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


def test_the_encryption_table_sits_inside_the_bench_block_and_survives_a_plain_run(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    table.rewrite_readme(readme, "on vs off\n\n| on | off |\n", encrypted=True)
    part = f"{ENC_START}\non vs off\n\n| on | off |\n{ENC_END}"
    assert readme.read_text(encoding="utf-8") == (
        BEFORE
        + START
        + "\nold machine line\n\n| old | table |\n|---|---|\n\n"
        + part
        + "\n"
        + END
        + AFTER
    )
    table.rewrite_readme(readme, "new plain table")  # a plain run keeps the encryption table
    assert readme.read_text(encoding="utf-8") == (
        BEFORE + START + "\nnew plain table\n\n" + part + "\n" + END + AFTER
    )
    table.rewrite_readme(readme, "second", encrypted=True)  # an encrypted run replaces only it
    assert readme.read_text(encoding="utf-8") == (
        BEFORE + START + f"\nnew plain table\n\n{ENC_START}\nsecond\n{ENC_END}\n" + END + AFTER
    )


def test_comparison_table_sets_each_median_off_beside_on_with_the_ratio():
    off = {
        "stats": {
            "measured": "100 ms",
            "holds": True,
            "figures": [["in process", 100.0, "ms"], ["whole process", 400.0, "ms"]],
        }
    }
    on = [
        Row(
            "stats",
            "`stats`",
            "< 500 ms",
            "x",
            True,
            "c --encrypted",
            (("in process", 150.0, "ms"), ("whole process", 600.0, "ms")),
        ),
        Row("tab", "open the tab", "< 200 ms", "failed to run (E)", None, "c2"),
    ]
    assert table.comparison_table(off, on).splitlines()[2:] == [
        "| `stats` | < 500 ms | in process 100 ms; whole process 400 ms "
        "| in process 150 ms; whole process 600 ms | in process 1.50×; whole process 1.50× "
        "| yes → yes | `c --encrypted` |",
        "| open the tab | < 200 ms | no plain run at this scale | failed to run (E) | — "
        "| — → — | `c2` |",
    ]


def test_an_encrypted_run_measures_encrypted_files_only(tmp_path, monkeypatch):
    """`--encrypted` at a small scale: every database file the in-process benches open
    while measuring is encrypted (does not open as plain SQLite), and the command-line
    processes signed in to the encrypted copy (its audit gains their sign-ins; the
    plain bench database has no accounts). Fails if the option measured the plain file."""
    import bench.__main__ as bench_main
    from bench import encrypted, gen_db
    from lianhua_desk.store import db as store_db
    from lianhua_desk.store import keyring

    monkeypatch.setattr(gen_db, "OUT", tmp_path)
    for name in (encrypted.USER_ENV, encrypted.PASSWORD_ENV):  # main sets them: restored after
        monkeypatch.setenv(name, "")
    measuring, opened = [False], []
    real_connect, real_run = store_db.connect, bench_main.run

    def spy_connect(path, **kwargs):
        if measuring[0]:
            opened.append(Path(path))
        return real_connect(path, **kwargs)

    def spy_run(*args, **kwargs):
        measuring[0] = True
        try:
            return real_run(*args, **kwargs)
        finally:
            measuring[0] = False

    monkeypatch.setattr(store_db, "connect", spy_connect)
    monkeypatch.setattr(bench_main, "run", spy_run)

    def sign_ins(path: Path) -> int:
        conn = encrypted.connect(path)
        try:
            return conn.execute(
                "SELECT count(*) FROM audit WHERE action = 'sign_in' AND operator = ?",
                (encrypted.USER,),
            ).fetchone()[0]
        finally:
            conn.close()

    argv = ["--encrypted", "--only", "search-store,stats,no-qt", "--records", "300"]
    try:
        assert bench_main.main(argv + ["--runs", "1", "--no-readme"]) == 0
        plain = tmp_path / "bench_300.db"
        copy = tmp_path / encrypted.SUBFOLDER / "bench_300.db"
        assert keyring.reads_plain(plain) and not keyring.reads_plain(copy)
        assert opened and {p.resolve() for p in opened} == {copy.resolve()}
        first = sign_ins(copy)  # the copy's own encrypt, then one per command process
        assert first == 3  # encrypt's sign-in, `stats` once, `no-qt`'s `stats --json` once
        assert bench_main.main(argv + ["--runs", "2", "--no-readme"]) == 0
        assert sign_ins(copy) == first + 4
        saved = bench_main.load_results(True, bench_main.Options(300, 100_000, 2))
        assert {"search-store", "stats", "no-qt"} <= saved.keys()
        assert all(saved[n]["figures"] for n in ("search-store", "stats", "no-qt"))
    finally:
        keyring.forget_all()
