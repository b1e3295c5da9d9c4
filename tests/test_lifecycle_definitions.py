"""The lifecycle tables: one source for the machine, permissions and diagrams; records as values."""

from __future__ import annotations

import copy
import pickle
import threading
from datetime import datetime
from typing import assert_type

import pytest
import transitions

from kyluat import VIETNAM, InvalidTransitionError, PermissionDeniedError
from kyluat.lifecycle import (
    DEFAULT_DOSSIER_PERMISSIONS,
    DEFAULT_TASK_PERMISSIONS,
    DOSSIER_LIFECYCLE,
    TASK_LIFECYCLE,
    Actor,
    Dossier,
    DossierState,
    DossierTrigger,
    LifecycleDefinition,
    PermissionPolicy,
    Task,
    TaskState,
    TaskTrigger,
    Transition,
    mermaid,
)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận một cửa")
SPECIALIST = Actor(id="cv-12", role="specialist", unit="Phòng Quản lý đô thị")
HEAD = Actor(id="tp-01", role="head", unit="Phòng Quản lý đô thị")
ASSIGNER = Actor(id="cvp-1", role="head", unit="Văn phòng UBND")
ASSIGNEE = Actor(id="cv-9", role="assignee", unit="Sở Xây dựng")

LIFECYCLES = [(DOSSIER_LIFECYCLE, DEFAULT_DOSSIER_PERMISSIONS, DossierTrigger, DossierState)]
LIFECYCLES += [(TASK_LIFECYCLE, DEFAULT_TASK_PERMISSIONS, TaskTrigger, TaskState)]


def processing() -> Dossier:
    d = Dossier.submit(
        id="HS-001", procedure="X", limit="10 ngày làm việc", actor=CITIZEN, at=at(2026, 3, 3, 8)
    )
    d = d.fire("accept", actor=DESK, at=at(2026, 3, 3, 9))
    return d.fire("start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8))


def assigned() -> Task:
    return Task.assign(
        id="NV-1",
        title="Báo cáo",
        source_document="KH 5",
        assigning_unit="Văn phòng UBND",
        lead_unit="Sở Xây dựng",
        co_units=["Sở Tài chính"],
        responsible="cv-9",
        limit="5 ngày làm việc",
        actor=ASSIGNER,
        at=at(2026, 3, 2, 9),
    )


# --- One table, everything derived from it ------------------------------------------------------


@pytest.mark.parametrize(("definition", "defaults", "triggers", "states"), LIFECYCLES)
def test_every_trigger_has_one_row_and_the_enums_match(definition, defaults, triggers, states):
    rows = (definition.creation, *definition.transitions)
    assert [row.trigger for row in rows] == list(triggers)
    assert definition.states == tuple(states)
    assert definition.creation.sources == ()
    assert definition.creation.dest == definition.states[0]
    assert all(isinstance(row, Transition) for row in rows)


@pytest.mark.parametrize(("definition", "defaults", "triggers", "states"), LIFECYCLES)
def test_default_permissions_are_the_rows_roles(definition, defaults, triggers, states):
    rows = (definition.creation, *definition.transitions)
    assert dict(defaults.roles) == {str(row.trigger): row.roles for row in rows}
    assert defaults.same_unit == {str(row.trigger) for row in rows if row.same_unit}


def test_default_permissions_are_what_they_were():
    assert DEFAULT_DOSSIER_PERMISSIONS.roles["accept"] == {"one_stop_desk"}
    assert DEFAULT_DOSSIER_PERMISSIONS.roles["withdraw"] == {"applicant"}
    assert DEFAULT_DOSSIER_PERMISSIONS.same_unit == frozenset()
    assert DEFAULT_TASK_PERMISSIONS.roles["complete"] == {"head", "reviewer"}
    assert DEFAULT_TASK_PERMISSIONS.same_unit == {
        "assign",
        "approve_extension",
        "reject_extension",
        "reassign",
        "cancel",
    }
    assert DEFAULT_TASK_PERMISSIONS.max_extensions == 2


@pytest.mark.parametrize(("definition", "defaults", "triggers", "states"), LIFECYCLES)
def test_the_machine_follows_the_rows(definition, defaults, triggers, states):
    for state in definition.states:
        expected = sorted(str(r.trigger) for r in definition.transitions if state in r.sources)
        assert definition.allowed(state) == tuple(expected)
        for row in definition.transitions:
            if state in row.sources:
                dest = state if row.dest is None else row.dest
                assert definition.next_state(state, row.trigger) == dest
    for state in definition.terminal:
        assert definition.allowed(state) == ()


@pytest.mark.parametrize(("definition", "defaults", "triggers", "states"), LIFECYCLES)
def test_the_diagram_draws_exactly_the_rows(definition, defaults, triggers, states):
    drawn = set()
    for line in mermaid(definition.name).splitlines():
        if " --> " in line and ":" in line:
            edge, names = line.strip().split(": ", 1)
            source, dest = edge.split(" --> ")
            drawn |= {(source, dest, name) for name in names.split(" | ")}
    expected = {
        (str(source), str(source if row.dest is None else row.dest), str(row.trigger))
        for row in definition.transitions
        for source in row.sources
    }
    assert drawn == expected


def test_the_machine_is_built_once_per_definition(monkeypatch):
    built = []
    original = transitions.Machine.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self))
        original(self, *args, **kwargs)

    monkeypatch.setattr(transitions.Machine, "__init__", counting)
    d = processing()
    for n in range(100):
        d.fire("hand_over", actor=SPECIALIST, at=at(2026, 3, 5, 9, n % 60), receiver=f"cv-{n}")
        d.allowed_triggers()
        with pytest.raises(InvalidTransitionError):
            d.fire("return_result", actor=DESK, at=at(2026, 3, 5, 9))
    assert built == []
    LifecycleDefinition(
        name="copy",
        states=DOSSIER_LIFECYCLE.states,
        creation=DOSSIER_LIFECYCLE.creation,
        transitions=DOSSIER_LIFECYCLE.transitions,
        terminal=DOSSIER_LIFECYCLE.terminal,
    )
    assert built == [transitions.Machine]


def test_definitions_are_values():
    assert pickle.loads(pickle.dumps(DOSSIER_LIFECYCLE)) == DOSSIER_LIFECYCLE
    assert copy.deepcopy(TASK_LIFECYCLE) is TASK_LIFECYCLE
    assert hash(DOSSIER_LIFECYCLE) != hash(TASK_LIFECYCLE)
    with pytest.raises(AttributeError):
        DOSSIER_LIFECYCLE.name = "other"  # type: ignore[misc]


# --- Triggers as enums or text ----------------------------------------------------------------


def test_trigger_enums_and_plain_text_are_the_same_trigger():
    by_text = processing().fire("finish_processing", actor=HEAD, at=at(2026, 3, 6, 9))
    by_enum = processing().fire(DossierTrigger.FINISH_PROCESSING, actor=HEAD, at=at(2026, 3, 6, 9))
    assert by_enum == by_text
    assert type(by_enum.log[-1].trigger) is str
    t = assigned().fire(TaskTrigger.ACKNOWLEDGE, actor=ASSIGNEE, at=at(2026, 3, 2, 10))
    assert t.state is TaskState.ACKNOWLEDGED


def test_a_trigger_of_the_other_lifecycle_is_refused():
    with pytest.raises(InvalidTransitionError) as err:
        assigned().fire(DossierTrigger.ACCEPT, actor=ASSIGNER, at=at(2026, 3, 2, 10))
    assert err.value.trigger == "accept"
    assert "'accept' is not allowed from 'assigned'" in str(err.value)


# --- Errors carry their data --------------------------------------------------------------------


def test_invalid_transition_carries_state_trigger_and_allowed():
    d = processing()
    with pytest.raises(InvalidTransitionError) as err:
        d.fire("return_result", actor=DESK, at=at(2026, 3, 5, 9))
    assert err.value.state == "processing"
    assert err.value.trigger == "return_result"
    assert err.value.allowed == d.allowed_triggers()
    assert "finish_processing" in err.value.allowed
    assert err.value.field == "trigger"
    with pytest.raises(InvalidTransitionError) as err:
        d.fire("submit", actor=CITIZEN, at=at(2026, 3, 5, 9))
    assert (err.value.state, err.value.trigger) == ("processing", "submit")


def test_a_guard_refusal_names_the_other_allowed_triggers():
    t = assigned().fire("acknowledge", actor=ASSIGNEE, at=at(2026, 3, 2, 10))
    policy = PermissionPolicy(roles=dict(DEFAULT_TASK_PERMISSIONS.roles), max_extensions=0)
    t = Task.replay(t.log, permissions=policy)
    with pytest.raises(InvalidTransitionError) as err:
        t.fire("request_extension", actor=ASSIGNEE, at=at(2026, 3, 3, 10))
    assert "the policy allows 0" in str(err.value)
    assert err.value.trigger == "request_extension"
    assert err.value.allowed == ("cancel", "reassign", "start")


def test_permission_denied_carries_role_and_allowed_roles():
    d = processing()
    with pytest.raises(PermissionDeniedError) as err:
        d.fire("finish_processing", actor=CITIZEN, at=at(2026, 3, 5, 9))
    assert err.value.role == "applicant"
    assert err.value.allowed_roles == ("head", "specialist")
    assert str(err.value) == (
        "actor: role 'applicant' may not 'finish_processing'; allowed roles: head, specialist"
    )
    other_head = Actor(id="gd-2", role="head", unit="Sở Tài chính")
    with pytest.raises(PermissionDeniedError) as err:
        assigned().fire("cancel", actor=other_head, at=at(2026, 3, 3, 9))
    assert (err.value.role, err.value.allowed_roles) == ("head", ("head",))


# --- Records are values, typed by their own class ------------------------------------------------


def test_fire_and_replay_return_the_records_own_type():
    d = processing()
    fired = d.fire("finish_processing", actor=HEAD, at=at(2026, 3, 6, 9))
    assert_type(fired, Dossier)
    assert_type(Dossier.replay(d.log), Dossier)
    t = assigned()
    assert_type(t.fire("acknowledge", actor=ASSIGNEE, at=at(2026, 3, 2, 10)), Task)
    assert_type(Task.replay(t.log_json()), Task)
    assert type(fired) is Dossier
    assert type(Task.replay(t.log_json())) is Task


@pytest.mark.parametrize("build", [processing, assigned], ids=["dossier", "task"])
def test_records_copy_deepcopy_and_pickle_to_an_equal_record(build):
    record = build()
    for twin in (
        pickle.loads(pickle.dumps(record)),
        copy.copy(record),
        copy.deepcopy(record),
    ):
        assert twin == record
        assert hash(twin) == hash(record)
        assert twin.state is record.state
        assert twin.clock == record.clock
        assert twin.log == record.log


def test_equal_records_are_equal_values():
    d = processing()
    assert Dossier.replay(d.log_json()) == d
    assert hash(Dossier.replay(d.log)) == hash(d)
    assert d != d.fire("hand_over", actor=HEAD, at=at(2026, 3, 5, 9), receiver="x")
    other_rules = PermissionPolicy(roles={**DEFAULT_DOSSIER_PERMISSIONS.roles, "stop": {"x"}})
    assert Dossier.replay(d.log, permissions=other_rules) != d
    assert len({d, Dossier.replay(d.log)}) == 1


def test_records_refuse_mutation_and_direct_construction():
    d = processing()
    with pytest.raises(AttributeError):
        d._log = ()
    with pytest.raises(AttributeError):
        del d._state
    with pytest.raises(TypeError):
        Dossier()


def test_records_have_a_readable_repr():
    assert repr(processing()) == "Dossier(id='HS-001', state='processing', entries=3)"
    assert repr(assigned()) == "Task(id='NV-1', state='assigned', entries=1)"


def test_permission_policies_are_hashable_values():
    policy = PermissionPolicy(roles={"accept": {"one_stop_desk"}}, same_unit={"accept"})
    same = PermissionPolicy(roles={"accept": ("one_stop_desk",)}, same_unit=("accept",))
    assert policy == same
    assert hash(policy) == hash(same)
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert policy.roles == {"accept": {"one_stop_desk"}}
    with pytest.raises(TypeError):
        policy.roles["stop"] = frozenset({"head"})  # type: ignore[index]
    with pytest.raises(AttributeError):
        policy.max_extensions = 5
    assert hash(DEFAULT_DOSSIER_PERMISSIONS) != hash(DEFAULT_TASK_PERMISSIONS)


def test_many_threads_fire_on_one_shared_record():
    base = processing()
    results: list[Dossier] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for k in range(20):
            record = base.fire("hand_over", actor=HEAD, at=at(2026, 3, 5, 9, k), receiver=str(n))
            with lock:
                results.append(record)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 160
    assert {r.state for r in results} == {DossierState.PROCESSING}
    assert base.allowed_triggers() == processing().allowed_triggers()
