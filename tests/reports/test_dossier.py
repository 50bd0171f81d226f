"""The mediation dossier (人民调解卷宗): every standard document, the 卷内目录's page
numbers, the agreement's Art. 29 elements for a person and a company, blank forms
marked 待补, rare characters, embedded fonts, and the command line."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from lianhua_desk.domain import parse
from lianhua_desk.services import dossier, mediation, records
from lianhua_desk.services.reports import ReportRefused
from lianhua_desk.store import queries
from tests.platforms import require_poppler

from .pdfcheck import assert_fonts_embedded, squash
from .test_report_cli import run

RARE_NAME = "王䶮堃𬌗𠀀"  # Ext A, Ext E, Ext B
NO_FONT = "\U00030edd"  # 𰻝 Extension G: in none of the shipped fonts
PERSON_ID = parse.make_id_number("440304", dt.date(1990, 1, 2), 13)  # odd: 男
CREDIT_CODE = "914403049RT0X4DN9W"  # GB 32100 check character valid (the demo's)

PERSON = {
    "gender": "男",
    "ethnicity": "回族",
    "occupation": "厨师",
    "address": "广东省深圳市福田区莲花街道彩虹路8号301室",
    "phone": "13800138000",
    "id_type": "居民身份证",
    "id_no": PERSON_ID,
    "agent": "李代理",
    "agent_phone": "13900139000",
}
COMPANY = {
    "role": "被申请人",
    "party_type": "法人或其他组织",
    "name": "深圳市彩虹餐饮有限公司",
    "address": "深圳市福田区莲花街道福中路117号",
    "phone": "0755-87941445",
    "id_type": "统一社会信用代码",
    "id_no": CREDIT_CODE,
    "legal_rep": "周法人",
    "legal_rep_title": "执行董事",
}
# Long enough that the agreement runs over a page: the pages after it must still be right.
ITEMS = "\n".join(
    f"被申请人于2020年6月{i}日前支付申请人第{i}期款项人民币1000元" for i in range(1, 25)
)
PARTS = {
    "status": "调解成功",
    "closed_date": "2020-06-01",
    "summary": "申请人在被申请人处任厨师，离职后被申请人拖欠工资。",
    "disputed_issues": "拖欠工资的数额",
    "responsibilities": "被申请人未按时足额支付劳动报酬，应承担主要责任。",
    "agreement": ITEMS,
    "agreement_form": "书面协议",
    "amount_agreed": 24000,
    "performance_method": "银行转账分期支付",
    "performance_deadline": "2020-06-30",
    "other_terms": "本协议一式三份，双方各执一份，调委会留存一份。",
    "performance": "履行中",
    "judicial_confirmation": 1,
    "confirmation_court": "深圳市福田区人民法院",
    "confirmation_applied": "2020-06-10",
    "confirmation_ruling": "（2020）粤0304民特565号 确认调解协议有效",
}


def _community(ctx, name="彩虹社区") -> str:
    return records.create(ctx, "communities", {"name": name}).record["id"]


def _case(ctx, community_id: str, applicant: str, **extra) -> dict:
    raw = {
        "received_date": "2020-05-06",
        "community_id": community_id,
        "body": "社区人民调解委员会",
        "category": "劳资纠纷",
        "source": "当事人申请",
        "applicant": applicant,
        "mediator": "陈调解",
        **extra,
    }
    return mediation.register_case(ctx, raw).record


def complete_case(ctx, community_id: str) -> dict:
    case = _case(ctx, community_id, RARE_NAME)
    (applicant,) = queries.parties_of_case(ctx.db, case["id"], "申请人")
    records.update(ctx, "parties", applicant["id"], PERSON)
    records.create(ctx, "parties", {"case_id": case["id"], **COMPANY})
    for kind, date, content in (
        ("调查记录", "2020-05-08", "向双方了解欠薪情况。"),
        ("调解记录", "2020-05-15", "第一次调解，双方意见分歧。"),
        ("调解记录", "2020-05-28", "第二次调解，双方达成一致。"),
    ):
        records.create(
            ctx,
            "case_records",
            {
                "case_id": case["id"],
                "kind": kind,
                "date": date,
                "place": "彩虹社区调解室",
                "participants": "双方当事人",
                "recorder": "黄记录",
                "content": content,
            },
        )
    records.create(
        ctx,
        "visits",
        {
            "case_id": case["id"],
            "date": "2020-07-02",
            "visitor": "陈调解",
            "method": "电话回访",
            "performance": "已履行",
            "satisfaction": "满意",
            "content": "申请人确认已收到全部款项。",
        },
    )
    records.update(ctx, "cases", case["id"], {"status": "调解中"})
    records.update(ctx, "cases", case["id"], PARTS)
    return ctx.db["cases"].get(case["id"])


def page_texts(path: Path) -> list[str]:
    """Each page's text as pdftotext (poppler) extracts it, whitespace removed."""
    require_poppler("pdftotext")
    count = int(re.search(r"Pages:\s+(\d+)", _run(["pdfinfo", str(path)])).group(1))
    return [
        squash(_run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"]))
        for n in range(1, count + 1)
    ]


def _run(command: list[str]) -> str:
    require_poppler(command[0])
    return subprocess.run(command, capture_output=True, encoding="utf-8", check=True).stdout


def _contents_rows(path: Path, entries) -> None:
    """The 卷内目录 (page 2) lists each document in order, with its first page and 待补
    when it is pending: one row of the table per line of pdftotext's layout."""
    text = _run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(path), "-"])
    rows = [squash(line) for line in text.splitlines() if re.match(r"\s*\d+\s+\S", line)]
    listed = [e for e in entries if e.title not in ("卷宗封面", "卷内目录")]
    expected = [
        f"{i}{squash(e.title)}{e.page}{'待补' if e.pending else ''}"
        for i, e in enumerate(listed, start=1)
    ]
    assert rows == expected, text


@pytest.fixture
def complete(ctx, tmp_path):
    case = complete_case(ctx, _community(ctx))
    result = dossier.write_dossier(ctx, case["id"], tmp_path / "卷宗.pdf")
    return case, result, page_texts(result.path)


STANDARD = (
    "人民调解卷宗",
    "卷内目录",
    "人民调解申请书",
    "人民调解当事人权利义务告知书",
    "人民调解调查记录",
    "人民调解记录",
    "人民调解协议书",
    "人民调解回访记录",
    "司法确认材料",
    "封底（备考表）",
)


def test_every_standard_document_is_on_the_page_the_contents_give(complete):
    case, result, pages = complete
    whole = "".join(pages)
    for name in STANDARD:
        assert name in whole, name
    assert result.case_no == case["case_no"]
    assert [e.title.split("（")[0] for e in result.documents] == [
        "卷宗封面", "卷内目录", "人民调解申请书", "人民调解当事人权利义务告知书",
        "人民调解调查记录", "人民调解记录", "人民调解记录", "人民调解协议书",
        "人民调解回访记录", "司法确认材料", "封底",
    ]  # fmt: skip
    assert "人民调解卷宗" in pages[0]
    for entry in result.documents[1:]:
        page = pages[entry.page - 1]
        head = entry.title.split("（")[0] if "记录（" in entry.title else entry.title
        assert head in page, (entry, page[:80])
        if "记录（" in entry.title:  # each record on its own page, by its date
            assert entry.title.split("（")[1].rstrip("）") in page
        assert not entry.pending, entry
    # the agreement runs over two pages; the documents after it still land as listed
    agreement = next(e for e in result.documents if e.title == "人民调解协议书")
    after = result.documents[result.documents.index(agreement) + 1]
    assert after.page >= agreement.page + 2
    _contents_rows(result.path, result.documents)
    assert f"本卷共{len(pages)}页" in pages[-1]
    assert_fonts_embedded(result.path)


def test_agreement_holds_every_art29_element_for_a_person_and_a_company(complete):
    case, result, pages = complete
    first = next(e.page for e in result.documents if e.title == "人民调解协议书")
    last = next(e.page for e in result.documents if "回访" in e.title) - 1
    text = "".join(pages[first - 1 : last])
    person = [RARE_NAME, "男", "回族", "1990年1月2日", "厨师", PERSON["address"]]
    person += [PERSON["phone"], "居民身份证", PERSON_ID, "委托代理人", "李代理", "13900139000"]
    company = [
        "被申请人名称",
        COMPANY["name"],
        "住所",
        COMPANY["address"],
        "统一社会信用代码",
        CREDIT_CODE,
    ]
    company += ["法定代表人（负责人）", "周法人", "执行董事", "0755-87941445"]
    parts = [PARTS["summary"], PARTS["disputed_issues"], PARTS["responsibilities"]]
    parts += ["一、被申请人于2020年6月1日前", "二十四、被申请人于2020年6月24日前"]
    parts += ["履行方式：银行转账分期支付", "履行期限：2020年6月30日", PARTS["other_terms"]]
    parts += ["人民币24,000.00元"]
    signing = ["申请人：" + RARE_NAME, "被申请人：" + COMPANY["name"], "（签名、盖章或按指印）"]
    signing += ["人民调解员：陈调解", "彩虹社区人民调解委员会（印章）", "2020年6月1日"]
    for value in person + company + parts + signing:
        assert squash(value) in text, value
    for label in ("申请人姓名", "性别", "民族", "出生日期", "职业或职务", "住址", "联系电话"):
        assert label in text, label
    assert "一式三份" in text and text.count("一式") == 1  # the clerk's own term, not twice


def test_rare_characters_survive_and_a_missing_glyph_is_a_warning(ctx, tmp_path):
    case = complete_case(ctx, _community(ctx))
    (applicant,) = queries.parties_of_case(ctx.db, case["id"], "申请人")
    records.update(ctx, "parties", applicant["id"], {"occupation": f"厨{NO_FONT}师"})
    result = dossier.write_dossier(ctx, case["case_no"], tmp_path / "d.pdf")
    text = "".join(page_texts(result.path))
    for char in "䶮𬌗𠀀":
        assert char in text, char
    assert RARE_NAME in text
    assert len(result.warnings) == 1
    assert f"{case['case_no']} 申请人 职业或职务" in result.warnings[0]
    assert_fonts_embedded(result.path)


def test_a_case_without_records_shows_pending_and_blank_ruled_forms(ctx, tmp_path):
    case = _case(ctx, _community(ctx), "张三", source="主动调解")
    records.update(ctx, "cases", case["id"], {"status": "调解中"})
    settled = {"status": "调解成功", "closed_date": "2020-05-20", "judicial_confirmation": 1}
    records.update(ctx, "cases", case["id"], settled)
    result = dossier.write_dossier(ctx, case["id"], tmp_path / "d.pdf")
    pages = page_texts(result.path)
    pending = {e.title for e in result.documents if e.pending}
    assert pending == {
        "人民调解受理登记表",  # no facts yet
        "人民调解调查记录",
        "人民调解记录",
        "人民调解协议书",
        "人民调解回访记录",
        "司法确认材料",  # confirmed, but no court, date or ruling recorded
    }
    _contents_rows(result.path, result.documents)
    for title in pending:
        page = next(e.page for e in result.documents if e.title == title)
        assert title in pages[page - 1]
    at = next(i for i, e in enumerate(result.documents) if e.title == "人民调解协议书")
    start, end = result.documents[at].page, result.documents[at + 1].page
    agreement = squash(
        _run(["pdftotext", "-layout", "-f", str(start), "-l", str(end - 1), str(result.path), "-"])
    )
    # the blank form: labels with ruled blanks to write on
    for label in (
        "民族＿",
        "出生日期＿＿＿＿年＿＿月＿＿日",
        "职业或职务＿",
        "履行方式：＿",
        "履行期限：＿",
    ):
        assert label in agreement, label
    assert "本协议一式二份" in agreement  # one party: two copies, the number in Chinese
    page = next(e.page for e in result.documents if e.title == "人民调解记录")
    assert "时间＿＿＿＿年＿＿月＿＿日" in pages[page - 1] and "记录内容" in pages[page - 1]
    # ruled for handwriting: the blank record has a dozen more full-width lines than a
    # filled one (its grid's borders are counted in both)
    filled = complete_case(ctx, _community(ctx, "梅岭社区"))
    full = dossier.write_dossier(ctx, filled["id"], tmp_path / "full.pdf")
    filled_page = next(e.page for e in full.documents if e.title.startswith("人民调解记录"))
    blank_lines = full_width_lines(result.path, page)
    filled_lines = full_width_lines(full.path, filled_page)
    assert blank_lines >= filled_lines + 10, (blank_lines, filled_lines)


def full_width_lines(path: Path, page: int) -> int:
    """Horizontal rules across at least 3/4 of the page's width, from the rendered page."""
    from PIL import Image

    require_poppler("pdftoppm")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-gray", "-png", "-f", str(page), "-l", str(page),
         "-singlefile", str(path), str(path.with_suffix(""))],
        check=True,
    )  # fmt: skip
    image = Image.open(path.with_suffix(".png")).convert("L")
    width, height = image.size
    pixels = image.load()
    dark = [sum(pixels[x, y] < 200 for x in range(width)) >= width * 0.75 for y in range(height)]
    return sum(1 for y in range(height) if dark[y] and not (y and dark[y - 1]))


def test_unknown_case_is_refused(ctx, tmp_path):
    with pytest.raises(ReportRefused, match="未找到案件编号为“莲调〔2020〕第999号”"):
        dossier.write_dossier(ctx, "莲调〔2020〕第999号", tmp_path / "d.pdf")
    assert not (tmp_path / "d.pdf").exists()


def test_numbered_items_keep_the_clerks_numbers():
    from lianhua_desk.reports.dossier_forms import numbered_items

    assert numbered_items("甲付乙\n\n乙收款") == ["一、甲付乙", "二、乙收款"]
    assert numbered_items("1. 甲付乙\n2. 乙收款") == ["1. 甲付乙", "2. 乙收款"]
    assert numbered_items(None) == []


# --- the command line -------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path, user_folders):
    from tests.conftest import make_context

    ctx = make_context(tmp_path / "cli.db")
    rainbow, other = _community(ctx), _community(ctx, "梅岭社区")
    first = complete_case(ctx, rainbow)
    (applicant,) = queries.parties_of_case(ctx.db, first["id"], "申请人")
    records.update(ctx, "parties", applicant["id"], {"occupation": f"厨{NO_FONT}师"})
    second = _case(ctx, rainbow, "李四", received_date="2020-08-01")
    _case(ctx, other, "王五", received_date="2020-09-01")
    _case(ctx, rainbow, "赵六", received_date="2021-01-05")  # another year
    ctx.db.close()
    return tmp_path / "cli.db", [first["case_no"], second["case_no"]]


def test_cli_one_case(cli_db, tmp_path):
    db, (case_no, _) = cli_db
    out = tmp_path / "卷宗.pdf"
    result = run("report", "dossier", case_no, "--out", str(out), db=db)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    # a character no font has: a warning naming the record, and the PDF all the same
    assert f"警告：“厨{NO_FONT}师”" in result.stderr
    assert f"{case_no} 申请人 职业或职务" in result.stderr
    assert "人民调解协议书" in "".join(page_texts(out))
    assert_fonts_embedded(out)


def test_cli_year_writes_one_pdf_per_case_and_an_index(cli_db, tmp_path):
    db, numbers = cli_db
    folder = tmp_path / "卷宗"
    result = run(
        "report",
        "dossier",
        "--year",
        "2020",
        "--community",
        "彩虹社区",
        "--out",
        str(folder),
        db=db,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([dossier.INDEX_NAME, *(f"{n}.pdf" for n in numbers)])
    index = "".join(page_texts(folder / dossier.INDEX_NAME))
    for n in numbers:
        assert squash(n) in index
    assert "王五" not in index  # another community
    assert_fonts_embedded(folder / dossier.INDEX_NAME)


def test_cli_unknown_case_and_bad_use(cli_db, tmp_path):
    db, _ = cli_db
    result = run(
        "report", "dossier", "莲调〔2020〕第999号", "--out", str(tmp_path / "x.pdf"), db=db
    )
    assert result.returncode == 1
    assert "未找到案件编号为“莲调〔2020〕第999号”的调解案件" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.pdf").exists()
    neither = run("report", "dossier", "--out", str(tmp_path / "x.pdf"), db=db)
    assert neither.returncode == 2 and "案件编号" in neither.stderr
    empty = run("report", "dossier", "--year", "2019", "--out", str(tmp_path / "d"), db=db)
    assert empty.returncode == 1 and "2019年没有受理的调解案件" in empty.stderr
