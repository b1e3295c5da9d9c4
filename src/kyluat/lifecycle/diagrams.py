"""Pictures and schemas of the lifecycles, for documentation and integrators (not the core).

[`mermaid`][kyluat.lifecycle.mermaid] draws a lifecycle's state diagram from its rows with
``transitions``' diagram extension; [`json_schemas`][kyluat.lifecycle.json_schemas] gives the
JSON Schemas of the models records are exchanged as. Both are importable from
``kyluat.lifecycle``.
"""

from __future__ import annotations

from typing import Final

from kyluat.errors import InvalidInputError
from kyluat.lifecycle._audit import AuditEntry
from kyluat.lifecycle._definitions import (
    DOSSIER_LIFECYCLE,
    TASK_LIFECYCLE,
    LifecycleDefinition,
    machine_transitions,
)
from kyluat.lifecycle._snapshots import DossierSnapshot, TaskSnapshot

__all__ = ["json_schemas", "mermaid"]

_LIFECYCLES: Final[dict[str, LifecycleDefinition]] = {
    "dossier": DOSSIER_LIFECYCLE,
    "task": TASK_LIFECYCLE,
}


class _Model:
    """The object the diagram machine draws."""


def mermaid(kind: str) -> str:
    """Mermaid state diagram of the ``"dossier"`` or ``"task"`` lifecycle, from its rows.

    Args:
        kind: ``"dossier"`` or ``"task"``.

    Returns:
        The diagram's Mermaid text, titled ``"<kind> lifecycle"``.

    Raises:
        InvalidInputError: ``kind`` is neither.

    Examples:
        >>> "processing --> processed: finish_processing" in mermaid("dossier")
        True
    """
    from transitions.extensions.diagrams import GraphMachine  # graphs are optional: on use

    if kind not in _LIFECYCLES:
        raise InvalidInputError("expected 'dossier' or 'task'", field="kind")
    definition = _LIFECYCLES[kind]
    model = _Model()
    GraphMachine(
        model=model,
        states=[str(s) for s in definition.states],
        transitions=machine_transitions(definition),
        initial=str(definition.states[0]),
        auto_transitions=False,
        graph_engine="mermaid",
        title=f"{kind} lifecycle",
    )
    text = str(model.get_graph().draw(None))  # type: ignore[attr-defined] # added by transitions
    # transitions writes the title bare in the front matter; Mermaid reads `title:`.
    return text.replace(f"---\n{kind} lifecycle\n---", f"---\ntitle: {kind} lifecycle\n---", 1)


def json_schemas() -> dict[str, dict[str, object]]:
    """JSON Schemas of the exchanged models: audit entries and both snapshots.

    Returns:
        Model name (``"AuditEntry"``, ``"DossierSnapshot"``, ``"TaskSnapshot"``) → its schema.
    """
    return {
        "AuditEntry": AuditEntry.model_json_schema(),
        "DossierSnapshot": DossierSnapshot.model_json_schema(),
        "TaskSnapshot": TaskSnapshot.model_json_schema(),
    }
