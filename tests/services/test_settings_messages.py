"""The messages update_settings refuses with name each setting by its Chinese label."""

from __future__ import annotations

import pytest

from lianhua_desk.domain.records import ValidationError
from lianhua_desk.services import settings

# The label each refusal carries (the dialog shows only the reason; str() shows both).
REFUSED = {
    "subdistrict": ("", "街道名称", "不能为空"),
    "issuing_body": ("  ", "发文单位", "不能为空"),
    "operator": ("", "操作员", "不能为空"),
    "case_number_pattern": (
        "无序号",
        "案件编号格式",
        "编号格式须包含 {seq}（序号），可含 {year}（年份）",
    ),
    "petition_number_pattern": (
        "莲访{year}",
        "信访编号格式",
        "编号格式须包含 {seq}（序号），可含 {year}（年份）",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_setting_is_named_by_its_label(ctx, name):
    value, label, reason = REFUSED[name]
    with pytest.raises(ValidationError) as caught:
        settings.update_settings(ctx, {name: value})
    (error,) = caught.value.errors
    assert (error.field, error.label, error.reason) == (name, label, reason)
    assert str(caught.value) == f"「{label}」{reason}"


def test_an_unknown_setting_is_named_as_given(ctx):
    with pytest.raises(ValidationError) as caught:
        settings.update_settings(ctx, {"colour": "red"})
    (error,) = caught.value.errors
    assert (error.field, error.label, error.reason) == ("colour", "colour", "未知设置项")


def test_every_setting_is_named_by_its_declaration(ctx):
    """Declared once (domain.settings); settings outside the old list used to be named by
    their field name ("mediation_days") and now carry their Chinese label."""
    from lianhua_desk.domain.settings import SETTING_FIELDS

    assert settings.LABELS == {s.name: s.alone for s in SETTING_FIELDS}
    with pytest.raises(ValidationError) as caught:
        settings.update_settings(ctx, {"mediation_days": "abc"})
    assert str(caught.value) == "「调解期限」应为数字"
