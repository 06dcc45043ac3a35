"""Filter parsing of the HTTP API: any query string either parses or fails with FilterError naming the parameter;
a parsed filter's query string parses back to the same filter; cursors round-trip (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.web.filters import (
    MODALITIES,
    SORTS,
    EventFilter,
    FilterError,
    decode_cursor,
    encode_cursor,
    parse_filter,
)

PARAMS = ["country", "admin1", "type", "mode", "actor", "recipient", "outlet", "modality", "from", "to", "month",
          "bbox", "q", "sort", "limit", "cursor", "unknown"]

raw_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", ",", "SY", "sy,IQ", "ASSAULT", "abc", "0", "-1", "10", "501", "2020-02-30", "2020-02",
                     "2020-13", "1,2,3,4", "-180,-90,180,90", "nan,0,1,1", "inf", "-date", "reported", "\x00"]),
)
query_strings = st.dictionaries(st.sampled_from(PARAMS), st.lists(raw_values, min_size=1, max_size=3), max_size=8)


@settings(max_examples=400, deadline=None)
@given(query_strings)
def test_any_query_parses_or_names_the_bad_parameter(params: dict[str, list[str]]) -> None:
    try:
        f = parse_filter(params)
    except FilterError as exc:
        assert exc.param in PARAMS
        assert str(exc).startswith(exc.param + ": ")
        return
    assert 1 <= f.limit <= 500
    assert f.sort in SORTS
    if f.date_from and f.date_to:
        assert f.date_from <= f.date_to


words = st.text(alphabet=st.characters(blacklist_characters=",", blacklist_categories=("Cs", "Cc")), min_size=1,
                max_size=12).map(str.strip).filter(bool)
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def filters(draw: st.DrawFn) -> EventFilter:
    lo, hi = sorted(draw(st.tuples(dates, dates)))
    west, east = sorted(draw(st.tuples(st.floats(-180, 180), st.floats(-180, 180))))
    south, north = sorted(draw(st.tuples(st.floats(-90, 90), st.floats(-90, 90))))
    uniq = lambda s: st.lists(s, max_size=4, unique=True).map(tuple)  # noqa: E731
    return EventFilter(
        country=draw(uniq(st.sampled_from(["SY", "IQ", "YE", "LB"]))),
        admin1=draw(uniq(words)), type=draw(uniq(st.sampled_from(["ASSAULT", "PROTEST", "COERCE"]))),
        mode=draw(uniq(words)), actor=draw(uniq(words)), recipient=draw(uniq(words)), outlet=draw(uniq(words)),
        modality=draw(uniq(st.sampled_from(MODALITIES))),
        date_from=draw(st.none() | st.just(lo)), date_to=draw(st.none() | st.just(hi)),
        bbox=draw(st.none() | st.just((west, south, east, north))),
        q=draw(st.none() | words), sort=draw(st.sampled_from(SORTS)), limit=draw(st.integers(1, 500)),
        cursor=draw(st.none() | st.lists(st.integers(0, 10**6), min_size=1, max_size=3).map(encode_cursor)),
    )


@settings(max_examples=300, deadline=None)
@given(filters())
def test_query_of_a_filter_parses_back_to_it(f: EventFilter) -> None:
    query = {k: [v] for k, v in f.to_query().items()}
    assert parse_filter(query) == f


@given(st.lists(st.one_of(st.integers(-(10**12), 10**12), st.text(max_size=20), st.dates()), min_size=1,
                max_size=4))
def test_cursor_round_trip(values: list[object]) -> None:
    expected = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    assert decode_cursor(encode_cursor(values)) == expected


@given(st.text(max_size=60))
def test_any_cursor_decodes_or_is_refused(raw: str) -> None:
    try:
        values = decode_cursor(raw)
    except FilterError as exc:
        assert exc.param == "cursor"
        return
    assert isinstance(values, list) and values


@pytest.mark.parametrize(("params", "param"), [
    ({"limit": ["abc"]}, "limit"), ({"limit": ["1", "2"]}, "limit"), ({"month": ["2020-00"]}, "month"),
    ({"country": ["SYR"]}, "country"), ({"bbox": ["0,0,1"]}, "bbox"), ({"from": ["2020-02-30"]}, "from"),
    ({"q": ["x" * 201]}, "q"),
    ({"type": [",".join(f"T{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(51))]}, "type"),
])
def test_bad_values_name_their_parameter(params: dict[str, list[str]], param: str) -> None:
    with pytest.raises(FilterError) as info:
        parse_filter(params)
    assert info.value.param == param


def test_month_narrows_the_date_range() -> None:
    f = parse_filter({"month": ["2020-02"], "from": ["2020-02-10"]})
    assert (f.date_from, f.date_to) == (dt.date(2020, 2, 10), dt.date(2020, 2, 29))
    f = parse_filter({"month": ["2019-12"]})
    assert (f.date_from, f.date_to) == (dt.date(2019, 12, 1), dt.date(2019, 12, 31))
    assert parse_filter({"country": ["sy, iq ,SY"]}).country == ("SY", "IQ")
