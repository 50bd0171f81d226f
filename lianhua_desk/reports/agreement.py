"""Documents handed to the parties, printed alone: the mediation agreement (人民调解协议书
with every element of 人民调解法 Art. 29, or the 口头协议登记表 of an oral agreement) and the
case-file cover with its 卷内目录. They are the dossier's own pages (reports/dossier.py):
the same forms, so what the parties sign is what the file holds. Identity numbers and
phones are shown in full: the parties sign them and keep a copy."""

from __future__ import annotations

import os
from pathlib import Path

from ..services import dossier as dossier_service
from ..services import reports as data_service
from ..services.context import Context
from . import dossier, dossier_docs
from .layout import build_pdf


def agreement_title(case_no: str) -> str:
    return f"人民调解协议书（{case_no}）"


def write_agreement(ctx: Context, case_no: str, out: str | os.PathLike) -> Path:
    """The agreement of a case whose 协议内容 is filled in; refused otherwise."""
    data_service.agreement_data(ctx, case_no)  # refuses an unknown case or no agreement
    d = dossier_service.dossier_data(ctx, case_no)
    oral = d.case["agreement_form"] == "口头协议"
    body, _ = dossier_docs.oral_agreement(d) if oral else dossier_docs.agreement(d)
    return build_pdf(
        out,
        body,
        title=agreement_title(d.case_no),
        header=f"{d.base.committee}　{d.case_no}",
        author=d.filed_by,
    )


def cover_title(case_no: str) -> str:
    return f"人民调解卷宗（{case_no}）"


def write_cover(ctx: Context, case_no: str, out: str | os.PathLike) -> Path:
    """The 卷宗封面 and 卷内目录, numbered as the full dossier would be."""
    return dossier.render_cover(dossier_service.dossier_data(ctx, case_no), out)
