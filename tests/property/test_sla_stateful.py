"""Random event sequences against an SLA clock (hypothesis RuleBasedStateMachine)."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from kyluat import VIETNAM, Duration, KyluatError, SlaClock

STEP = st.integers(min_value=0, max_value=72 * 3600)  # up to three days between events
LIMITS = st.one_of(
    st.integers(1, 15).map(Duration.working_days),
    st.integers(1, 60).map(Duration.working_hours),
    st.integers(1, 12).map(lambda q: Duration.working_days(q / 4)),
    st.integers(1, 45).map(Duration.days),
    st.integers(1, 3).map(Duration.months),
)


class ClockMachine(RuleBasedStateMachine):
    clock: SlaClock
    now: datetime

    @initialize(
        start=st.datetimes(
            min_value=datetime(2019, 1, 1),
            max_value=datetime(2026, 6, 30),
            timezones=st.just(VIETNAM),
        ),
        limit=LIMITS,
    )
    def start(self, start: datetime, limit: Duration) -> None:
        self.now = start.replace(microsecond=0)
        self.clock = SlaClock.start(self.now, limit)
        self.calendar_days = limit.unit.value in ("days", "months")
        self.due_before_pause = self.clock.due_at
        self.elapsed_at_pause: timedelta | None = None

    def _later(self, seconds: int) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    @precondition(lambda self: self.clock.stopped_at is None and not self.clock.paused)
    @rule(seconds=STEP, reason=st.sampled_from(["supplement_request", "financial_obligation"]))
    def pause(self, seconds: int, reason: str) -> None:
        self.due_before_pause = self.clock.due_at
        self.clock = self.clock.pause(self._later(seconds), reason=reason)
        # Paused time starts at the pause, or for day clocks at the end of the pause's day,
        # which still counts; from then on nothing is counted.
        local = self.now.astimezone(VIETNAM)
        self.frozen_from = (
            datetime(local.year, local.month, local.day, tzinfo=VIETNAM) + timedelta(days=1)
            if self.clock.counts_in_days
            else self.now
        )
        self.elapsed_at_pause = self.clock.elapsed(self.frozen_from)

    @precondition(lambda self: self.clock.stopped_at is None and self.clock.paused)
    @rule(seconds=STEP)
    def resume(self, seconds: int) -> None:
        self._later(seconds)
        if self.now >= self.frozen_from:
            assert self.clock.elapsed(self.now) == self.elapsed_at_pause
        self.clock = self.clock.resume(self.now)
        assert self.due_before_pause is not None
        assert self.clock.due_at is not None
        assert self.clock.due_at >= self.due_before_pause  # pauses never bring it earlier
        self.elapsed_at_pause = None

    @precondition(lambda self: self.clock.stopped_at is None)
    @rule(seconds=STEP)
    def restart(self, seconds: int) -> None:
        self.clock = self.clock.restart(self._later(seconds), reason="nộp lại")
        self.elapsed_at_pause = None

    @precondition(lambda self: self.clock.stopped_at is None and not self.clock.paused)
    @rule(days=st.integers(1, 5))
    def extend(self, days: int) -> None:
        before = self.clock.due_at
        by = Duration.days(days) if self.calendar_days else Duration.working_hours(8 * days)
        self.clock = self.clock.extend(by=by, approved_by="GĐ", reference="CV")
        assert before is not None
        assert self.clock.due_at is not None
        # A calendar period may absorb the extension in the roll of BLDS 148(5).
        assert self.clock.due_at >= before if self.calendar_days else self.clock.due_at > before

    @precondition(lambda self: self.clock.stopped_at is None)
    @rule(seconds=STEP)
    def stop(self, seconds: int) -> None:
        self.clock = self.clock.stop(self._later(seconds))
        assert self.clock.outcome is not None

    @rule(which=st.sampled_from(["resume", "past", "after_stop", "unapproved", "reason", "naive"]))
    def invalid_event(self, which: str) -> None:
        before = self.clock
        events = before.events
        attempts = {
            "resume": lambda: before.resume(self.now),
            "past": lambda: before.stop(self.now - timedelta(days=30)),
            "after_stop": lambda: before.stop(self.now).stop(self.now),
            "unapproved": lambda: before.extend(by="1 working day", approved_by="", reference=""),
            "reason": lambda: before.pause(self.now, reason="lunch"),
            "naive": lambda: before.pause(self.now.replace(tzinfo=None), reason="other", note="x"),
        }
        if which == "resume" and before.paused and before.stopped_at is None:
            return  # a valid event, not an invalid one
        try:
            attempts[which]()
        except KyluatError:
            pass
        else:
            raise AssertionError(f"{which} was accepted")
        assert before.events == events
        assert self.clock is before

    @invariant()
    def replaying_the_log_gives_the_same_clock(self) -> None:
        again = SlaClock.from_json(self.clock.to_json())
        assert again == self.clock
        assert again.due_at == self.clock.due_at
        assert again.outcome == self.clock.outcome

    @invariant()
    def elapsed_and_remaining_add_up_while_open(self) -> None:
        clock = self.clock
        if clock.paused or clock.stopped_at is not None:
            return
        a = self.now
        b = self.now + timedelta(hours=5)
        assert clock.elapsed(a) + clock.remaining(a) == clock.elapsed(b) + clock.remaining(b)


ClockMachine.TestCase.settings = ClockMachine.TestCase.settings  # profile from conftest
TestClockMachine = ClockMachine.TestCase
