"""The ``hypothesis`` entry point (private): registers kyluat's strategies for their types.

``hypothesis`` runs this when it is imported, which may be in the middle of importing
[`kyluat.strategies`][kyluat.strategies] itself; so it imports nothing of the strategies module
until a strategy is drawn (``st.deferred``), and ``from kyluat import strategies`` works in a
fresh interpreter.
"""

from __future__ import annotations


def setup() -> None:
    """Register ``st.from_type(Duration)`` to draw [durations][kyluat.strategies.durations]."""
    from hypothesis import strategies as st

    from kyluat.duration import Duration

    def durations() -> st.SearchStrategy[Duration]:
        from kyluat import strategies  # loaded when first drawn, not at registration

        return strategies.durations()

    st.register_type_strategy(Duration, st.deferred(durations))
