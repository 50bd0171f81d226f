"""Every enumeration value's English is declared beside it (domain.fields)."""

from __future__ import annotations

import pytest

from lianhua_desk.domain import fields
from lianhua_desk.domain.fields import CHOICES_EN, ENTITIES, Kind


def test_every_choice_of_every_field_has_an_english_name():
    missing = [
        (e.name, f.name, c)
        for e in ENTITIES
        for f in e.fields
        for c in f.choices
        if not CHOICES_EN.get(c, "").strip()
    ]
    assert not missing
    assert all(f.choices for e in ENTITIES for f in e.fields if f.kind is Kind.ENUM)


def test_a_value_in_two_enumerations_has_one_english_name():
    fields._choices(("其他", "Other"))  # the same English again is fine
    with pytest.raises(ValueError, match="其他"):
        fields._choices(("其他", "Something else"))
    assert CHOICES_EN["其他"] == "Other"
