"""Each setting's group and labels are declared beside its default (domain.settings)."""

from __future__ import annotations

from dataclasses import fields

from lianhua_desk.domain.settings import GROUPS, SETTING_FIELDS, Settings


def test_every_setting_is_declared_with_a_group_and_both_labels():
    assert [s.name for s in SETTING_FIELDS] == [f.name for f in fields(Settings)]
    for s in SETTING_FIELDS:
        assert s.group in GROUPS and s.label and s.english, s.name
        assert s.type in (str, int, float), s.name
    labels = [s.label for s in SETTING_FIELDS]
    assert len(set(labels)) == len(labels)


def test_each_groups_settings_are_declared_together_in_group_order():
    """The dialog makes one box per run of a group: a split group would make two."""
    runs = []
    for s in SETTING_FIELDS:
        if not runs or runs[-1] != s.group:
            runs.append(s.group)
    assert runs == list(GROUPS)
