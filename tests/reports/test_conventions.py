"""Chinese conventions in print: thousands separators and 大写 on the subsidy statement,
the agreement's amount in figures and 大写 in the dossier, the operator as 制表人 /
立卷人 (a line to sign on while it is the default 管理员), and owner-only files."""

from __future__ import annotations

import dataclasses
import stat
import subprocess
from pathlib import Path

import pytest

from lianhua_desk.domain.numbers import amount_in_words, money, rmb_in_full
from lianhua_desk.domain.settings import DEFAULT_OPERATOR
from lianhua_desk.paths import owner_only
from lianhua_desk.reports import subsidy
from lianhua_desk.services import dossier, mediation, records
from lianhua_desk.services.roster import subsidy_statement
from tests.platforms import posix_modes, require_poppler

from .pdfcheck import squash
from .test_dossier import complete_case


def pdftotext(path: Path) -> str:
    """The text as poppler extracts it, whitespace removed."""
    require_poppler("pdftotext")
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    return squash(out.stdout)


def as_operator(ctx, name: str):
    ctx.actor = dataclasses.replace(ctx.actor, operator=name)
    return ctx


@pytest.fixture
def march(ctx):
    """Two advisors under contract in March 2020, one of them in a case received then."""
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record["id"]
    advisors = [
        records.create(ctx, "advisors", {"name": n, "firm": "广东莲花律师事务所", **c}).record
        for n, c in (
            ("陈律师", {"community_id": community}),
            ("吴律师", {"community_id": community}),
        )
    ]
    raw = {
        "received_date": "2020-03-06",
        "community_id": community,
        "body": "社区人民调解委员会",
        "category": "劳资纠纷",
        "applicant": "张三",
        "advisor_id": advisors[0]["id"],
    }
    mediation.register_case(ctx, raw)
    return ctx


def test_subsidy_statement_separators_and_total_in_words(march, tmp_path):
    text = pdftotext(subsidy.write(march, "2020-03", tmp_path / "s.pdf"))
    total = sum(line.total for line in subsidy_statement(march, "2020-03"))
    assert total == 2 * 3000 + 300
    assert "6,300.00" in text and "3,300.00" in text and "3,000.00" in text
    assert "合计金额（大写）人民币陆仟叁佰元整" in text
    assert amount_in_words(total) == "人民币陆仟叁佰元整" and money(total) == "6,300.00"


def test_preparer_blank_while_the_operator_is_the_default(march, tmp_path):
    as_operator(march, DEFAULT_OPERATOR)
    text = pdftotext(subsidy.write(march, "2020-03", tmp_path / "default.pdf"))
    assert "制表人：＿＿＿＿" in text and DEFAULT_OPERATOR not in text
    as_operator(march, "林晓梅")
    text = pdftotext(subsidy.write(march, "2020-03", tmp_path / "named.pdf"))
    assert "制表人：林晓梅" in text


def test_dossier_states_the_agreed_amount_in_words_and_its_filer(ctx, tmp_path):
    community = records.create(ctx, "communities", {"name": "彩虹社区"}).record["id"]
    case = complete_case(ctx, community)
    as_operator(ctx, DEFAULT_OPERATOR)
    text = pdftotext(dossier.write_dossier(ctx, case["id"], tmp_path / "default.pdf").path)
    assert rmb_in_full(24000) == "人民币24,000.00元（大写：人民币贰万肆仟元整）"
    assert squash(f"协议金额：{rmb_in_full(case['amount_agreed'])}") in text
    assert "立卷人＿＿＿＿" in text and DEFAULT_OPERATOR not in text
    as_operator(ctx, "林晓梅")
    text = pdftotext(dossier.write_dossier(ctx, case["id"], tmp_path / "named.pdf").path)
    assert "立卷人林晓梅" in text


@posix_modes
def test_documents_are_owner_only(march, tmp_path):
    out = subsidy.write(march, "2020-03", tmp_path / "s.pdf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # The one helper every writer uses (a workbook written with the usual umask is 0644).
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"x")
    book.chmod(0o644)
    assert owner_only(book) == book and stat.S_IMODE(book.stat().st_mode) == 0o600
