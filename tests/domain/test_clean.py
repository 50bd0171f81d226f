"""clean(): every field of every entity parsed by its declared kind, problems listed."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianhua_desk.domain.fields import CASE, ENTITIES, PARTY
from lianhua_desk.domain.records import ValidationError, check_record, clean
from lianhua_desk.services import records

ANY_VALUE = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


def test_clerk_style_values_are_normalised():
    values = clean(
        CASE,
        {
            "case_no": " 莲调〔2020〕第１２号 ",
            "received_date": "２０２０年３月５日",
            "community_id": "c1",
            "body": "社区人民调解委员会 ",
            "category": "劳资纠纷",
            "applicant": "张伟",
            "status": "已受理",
            "amount_disputed": "1.5万",
            "covid": "√",
            "judicial_confirmation": "否",
        },
    )
    assert values["case_no"] == "莲调〔2020〕第12号"
    assert values["received_date"] == "2020-03-05"
    assert values["amount_disputed"] == 15000
    assert values["covid"] == 1 and values["judicial_confirmation"] == 0
    assert values["body"] == "社区人民调解委员会"
    party = clean(PARTY, {"id_no": " 11010519491231002x ", "phone": "138 0013 8000"}, partial=True)
    assert party == {"id_no": "11010519491231002X", "phone": "13800138000"}


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_missing_required_fields_are_all_named(entity):
    with pytest.raises(ValidationError) as info:
        clean(entity, {})
    assert {e.field for e in info.value.errors} == {f.name for f in entity.required}
    assert all("必填" in e.reason for e in info.value.errors)


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_every_service_refuses_empty_input_and_writes_nothing(ctx, entity):
    audit = ctx.db["audit"].count
    with pytest.raises(ValidationError):
        records.create(ctx, entity.name, {f.name: "" for f in entity.required})
    assert ctx.db[entity.name].count == 0 and ctx.db["audit"].count == audit


def test_cross_field_rules_on_cases():
    base = {"status": "调解成功", "received_date": "2020-03-05", "closed_date": "2020-03-01"}
    with pytest.raises(ValidationError, match="结案日期不能早于受理日期"):
        check_record(CASE, base)
    with pytest.raises(ValidationError, match="应填写结案日期"):
        check_record(CASE, {**base, "closed_date": None})
    check_record(CASE, {**base, "closed_date": "2020-03-05", "performance": "已履行"})


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_clean_only_ever_raises_validation_error(data):
    for entity in ENTITIES:
        raw = {f.name: data.draw(ANY_VALUE) for f in entity.fields}
        try:
            values = clean(entity, raw)
        except ValidationError as exc:
            assert exc.errors and all(e.reason for e in exc.errors)
            continue
        for f in entity.fields:  # what passes is stored in its declared shape
            v = values.get(f.name)
            if v is not None and f.kind.value == "date":
                dt.date.fromisoformat(v)
