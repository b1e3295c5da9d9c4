"""Random triggers fired by random actors on a dossier (hypothesis RuleBasedStateMachine)."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kyluat import VIETNAM, Actor, Dossier, KyluatError, Task, TaskState, verify_log
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


TASK_ACTORS = st.sampled_from(
    [
        Actor(id="vp", role="head", unit="Văn phòng UBND"),
        Actor(id="gd", role="head", unit="Sở Tài chính"),
        Actor(id="cv", role="assignee", unit="Sở Xây dựng"),
        Actor(id="tk", role="reviewer", unit="Văn phòng UBND"),
    ]
)
TASK_TRIGGERS = st.sampled_from(
    [
        "acknowledge",
        "start",
        "report_progress",
        "request_extension",
        "approve_extension",
        "reject_extension",
        "reassign",
        "submit_for_review",
        "return_for_rework",
        "complete",
        "cancel",
        "assign",
    ]
)
TASK_FINAL = {TaskState.COMPLETED, TaskState.CANCELLED}


class TaskMachine(RuleBasedStateMachine):
    @initialize()
    def assign(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=VIETNAM)
        self.task = Task.assign(
            id="NV",
            title="X",
            source_document="CT 02",
            assigning_unit="Văn phòng UBND",
            lead_unit="Sở Xây dựng",
            responsible="cv",
            limit="10 ngày làm việc",
            actor=Actor(id="vp", role="head", unit="Văn phòng UBND"),
            at=self.now,
        )

    @rule(
        trigger=TASK_TRIGGERS,
        actor=TASK_ACTORS,
        hours=st.integers(0, 30),
        with_data=st.booleans(),
    )
    def fire(self, trigger: str, actor: Actor, hours: int, with_data: bool) -> None:
        self.now += timedelta(hours=hours)
        before = self.task
        log, state = before.log, before.state
        data = (
            {
                "progress": "50%",
                "by": "1 working day",
                "responsible": "cv2",
                "result_reference": "BC 1",
            }
            if with_data
            else {}
        )
        try:
            after = before.fire(trigger, actor=actor, at=self.now, reference="CV", **data)
        except KyluatError:
            assert before.log == log
            assert before.state is state
            return
        assert state not in TASK_FINAL
        assert after.extensions <= 2
        self.task = after

    @invariant()
    def replay_equals_state(self) -> None:
        again = Task.replay(self.task.log_json())
        assert again.state is self.task.state
        assert again.log == self.task.log
        assert verify_log(self.task.log) is None


TestTaskMachine = TaskMachine.TestCase
