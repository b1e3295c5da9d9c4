"""Who may fire what: actors, permission policies, and the defaults read from the lifecycles.

An agency supplies its own [`PermissionPolicy`][kyluat.lifecycle.PermissionPolicy] or uses a
default, which is derived from the roles and same-unit flags of the lifecycle's rows
([`DOSSIER_LIFECYCLE`][kyluat.lifecycle.DOSSIER_LIFECYCLE],
[`TASK_LIFECYCLE`][kyluat.lifecycle.TASK_LIFECYCLE]).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Final

from pydantic import ConfigDict

from kyluat._models import Model
from kyluat._values import Value
from kyluat.errors import InvalidInputError, PermissionDeniedError
from kyluat.lifecycle._definitions import DOSSIER_LIFECYCLE, TASK_LIFECYCLE, LifecycleDefinition

__all__ = ["DEFAULT_DOSSIER_PERMISSIONS", "DEFAULT_TASK_PERMISSIONS", "Actor", "PermissionPolicy"]


class Actor(Model):
    """Who fires a transition: an id, a role and a unit."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str
    role: str
    unit: str

    def model_post_init(self, context: object, /) -> None:
        """Refuse empty fields."""
        for name in ("id", "role", "unit"):
            if not getattr(self, name):
                raise ValueError(f"{name} must not be empty")


class _Roles(Value, Mapping[str, frozenset[str]]):
    """An immutable, hashable trigger → roles mapping (equal to any mapping with its items)."""

    __slots__ = ("_items",)
    _items: dict[str, frozenset[str]]  # never changed once built

    def __getitem__(self, trigger: str) -> frozenset[str]:
        return self._items[trigger]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return repr(self._items)


class PermissionPolicy(Value):
    """Which roles may fire which triggers; an agency supplies its own or uses a default.

    Args:
        roles: Trigger → roles allowed to fire it (a trigger not listed is allowed to nobody).
        same_unit: Triggers that, besides the role, need the actor to belong to the record's
            owning unit (a task's assigning unit).
        max_extensions: Extensions a task may be granted (``request_extension`` beyond it is
            refused).

    Attributes:
        roles: Trigger → roles allowed to fire it, an immutable mapping.
        same_unit: Triggers that also need the actor to belong to the owning unit.
        max_extensions: Extensions a task may be granted.

    Raises:
        InvalidInputError: Roles given as text rather than a collection of roles, or a negative
            or non-integer ``max_extensions``.

    Examples:
        >>> policy = PermissionPolicy(roles={"accept": {"one_stop_desk"}})
        >>> policy.roles["accept"], policy.max_extensions
        (frozenset({'one_stop_desk'}), 2)
        >>> policy == PermissionPolicy(roles={"accept": ["one_stop_desk"]})
        True
    """

    __slots__ = ("max_extensions", "roles", "same_unit")
    roles: Mapping[str, frozenset[str]]
    same_unit: frozenset[str]
    max_extensions: int

    def __init__(
        self,
        roles: Mapping[str, Collection[str]],
        same_unit: Collection[str] = frozenset(),
        max_extensions: int = 2,
    ) -> None:
        table: dict[str, frozenset[str]] = {}
        for trigger, allowed in roles.items():
            if isinstance(allowed, str):
                raise InvalidInputError(
                    f"expected a collection of roles, not the text {allowed!r}",
                    field=f"roles.{trigger}",
                )
            table[str(trigger)] = frozenset(str(role) for role in allowed)
        if isinstance(same_unit, str):
            raise InvalidInputError("expected a collection of triggers", field="same_unit")
        if type(max_extensions) is not int or max_extensions < 0:
            raise InvalidInputError("must be a whole number, 0 or more", field="max_extensions")
        object.__setattr__(self, "roles", _Roles._build(_items=table))
        object.__setattr__(self, "same_unit", frozenset(str(t) for t in same_unit))
        object.__setattr__(self, "max_extensions", max_extensions)

    def __repr__(self) -> str:
        return (
            f"PermissionPolicy(roles={self.roles!r}, same_unit={self.same_unit!r}, "
            f"max_extensions={self.max_extensions!r})"
        )

    def check(self, trigger: str, actor: Actor, owner_unit: str | None) -> None:
        """Refuse ``actor`` firing ``trigger`` unless the policy allows it.

        Args:
            trigger: The trigger.
            actor: Who fires it.
            owner_unit: The record's owning unit (``None``: none to check).

        Raises:
            PermissionDeniedError: The actor's role may not fire it, or the actor is not of the
                owning unit for a same-unit trigger (carries ``role`` and ``allowed_roles``).
        """
        allowed = self.roles.get(trigger, frozenset())
        allowed_roles = tuple(sorted(allowed))
        if actor.role not in allowed:
            raise PermissionDeniedError(
                f"role {actor.role!r} may not {trigger!r}; allowed roles: "
                + (", ".join(allowed_roles) or "none"),
                field="actor",
                role=actor.role,
                allowed_roles=allowed_roles,
            )
        if trigger in self.same_unit and owner_unit is not None and actor.unit != owner_unit:
            raise PermissionDeniedError(
                f"only {owner_unit!r} may {trigger!r}, not {actor.unit!r}",
                field="actor",
                role=actor.role,
                allowed_roles=allowed_roles,
            )


def _defaults(definition: LifecycleDefinition) -> PermissionPolicy:
    """The policy a lifecycle's rows give: their roles and same-unit flags."""
    rows = (definition.creation, *definition.transitions)
    return PermissionPolicy(
        roles={row.trigger: row.roles for row in rows},
        same_unit=frozenset(row.trigger for row in rows if row.same_unit),
    )


DEFAULT_DOSSIER_PERMISSIONS: Final = _defaults(DOSSIER_LIFECYCLE)
"""Only the one-stop desk receives and returns; specialists and heads process; only a head
stops, resumes or apologises; only the applicant withdraws."""

DEFAULT_TASK_PERMISSIONS: Final = _defaults(TASK_LIFECYCLE)
"""The assignee acknowledges, reports and requests; only the head of the assigning unit
approves an extension, reassigns or cancels; a head or reviewer completes or returns work."""
