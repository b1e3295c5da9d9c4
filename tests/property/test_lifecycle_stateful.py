"""Random triggers fired by random actors on a dossier (hypothesis RuleBasedStateMachine)."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kyluat import VIETNAM, Actor, Dossier, KyluatError, verify_log
from kyluat.lifecycle import DossierState

ACTORS = st.sampled_from(
    [
        Actor(id="cd", role="applicant", unit="Công dân"),
        Actor(id="mc", role="one_stop_desk", unit="Bộ phận một cửa"),
        Actor(id="cv", role="specialist", unit="Phòng chuyên môn"),
        Actor(id="tp", role="head", unit="Phòng chuyên môn"),
        Actor(id="kh", role="visitor", unit="Khác"),
    ]
)
TRIGGERS = st.sampled_from(
    [
        "accept",
        "refuse",
        "start_processing",
        "request_supplement",
        "resubmit",
        "request_financial_obligation",
        "fulfil_obligation",
        "stop",
        "resume_processing",
        "hand_over",
        "apologize",
        "finish_processing",
        "return_result",
        "withdraw",
        "submit",
        "bogus",
    ]
)
FINAL = {DossierState.REFUSED, DossierState.WITHDRAWN, DossierState.RESULT_RETURNED}


class DossierMachine(RuleBasedStateMachine):
    @initialize(restart=st.booleans())
    def submit(self, restart: bool) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=VIETNAM)
        self.dossier = Dossier.submit(
            id="HS",
            procedure="X",
            limit="10 ngày làm việc",
            actor=Actor(id="cd", role="applicant", unit="Công dân"),
            at=self.now,
            restart_on_resubmission=restart,
        )
        self.was_final = False

    @rule(trigger=TRIGGERS, actor=ACTORS, hours=st.integers(0, 30))
    def fire(self, trigger: str, actor: Actor, hours: int) -> None:
        self.now += timedelta(hours=hours)
        before = self.dossier
        log = before.log
        state = before.state
        try:
            after = before.fire(
                trigger,
                actor=actor,
                at=self.now,
                reason="lý do",
                new_due="2026-12-30",
                receiver="cv-2",
            )
        except KyluatError:
            assert before.log == log  # refused attempts change nothing
            assert before.state is state
            return
        assert state not in FINAL  # terminal states stay terminal
        assert len(after.log) == len(log) + 1
        self.dossier = after

    @invariant()
    def replay_equals_state(self) -> None:
        again = Dossier.replay(self.dossier.log_json())
        assert again.state is self.dossier.state
        assert again.log == self.dossier.log

    @invariant()
    def log_is_intact_and_tampering_is_detected(self) -> None:
        log = list(self.dossier.log)
        assert verify_log(log) is None
        last = len(log) - 1
        log[last] = log[last].model_copy(update={"reason": "sửa"})
        assert verify_log(log) == last


TestDossierMachine = DossierMachine.TestCase
