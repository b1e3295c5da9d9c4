"""Round trip of published limit texts: every decorated single limit reads to the limit drawn."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kyluat import Duration, strategies
from kyluat.limits import read_limit


@given(strategies.decorated_limits())
def test_decorated_limits_read_to_the_limit_drawn(pair: tuple[str, Duration]) -> None:
    text, duration = pair
    reading = read_limit(text)
    assert reading.duration == duration, reading.trace
    assert not reading.compound
    assert reading.uncertain is None
    if text[:1] != "-" or not text[1:2].isdigit():
        assert Duration.parse(text) == duration


@given(strategies.published_limits())
def test_published_limits_read_to_a_single_certain_limit(text: str) -> None:
    reading = read_limit(text)
    assert reading.duration == Duration.parse(text)
    assert not reading.compound


@given(st.text(max_size=300))
def test_any_text_reads_or_fails_with_a_kyluat_error(text: str) -> None:
    from kyluat.errors import KyluatError

    try:
        reading = read_limit(text)
    except KyluatError as exc:
        field = exc.field
    else:
        field = None
        assert reading.text == text
        assert (reading.duration is None) == (not reading.cases)
    assert field in (None, "limit")
