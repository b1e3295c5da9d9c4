"""The one base of kyluat's immutable values (private kernel, made for sharing).

Every immutable kyluat class that is not a pydantic model derives from `Value`: calendars,
limits, office hours, policies, deadlines and their trace steps, clocks, lifecycle records,
check and rating results. The base states once what every value promises:

* slotted, and refusing ``setattr``/``delattr`` (derive a new value with the class's methods);
* ``copy.copy`` and ``copy.deepcopy`` return the value itself (it can never change);
* ``pickle`` round-trips through the value's fields, without running ``__init__`` again;
* equality is by type and fields (a value is never equal to a tuple or to another type), and
  equal values hash equal;
* ``repr`` shows the public fields.

Classes declare their fields as ``__slots__``; simple ones are frozen, slotted dataclasses
(``@dataclass(frozen=True, slots=True)``) built on this base, which write ``__init__``, ``__eq__``
and ``__repr__`` from the same fields. A subclass may narrow equality with `Value._key`
(e.g. a clock is its event log and configuration, not its caches).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

__all__ = ["Value"]


def _restore(cls: type[Value], values: tuple[object, ...]) -> Value:
    """Unpickle a value: set its fields without running ``__init__`` (it was valid)."""
    value = object.__new__(cls)
    for name, item in zip(cls._fields, values, strict=True):
        object.__setattr__(value, name, item)
    return value


class Value:
    """Base of immutable values: slots, no mutation, copy, deepcopy, pickle, equality, repr."""

    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    """Every slot of the class and its bases, in definition order (set per subclass)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            slots = klass.__dict__.get("__slots__", ())
            for name in (slots,) if isinstance(slots, str) else slots:
                if name not in names and name not in ("__weakref__", "__dict__"):
                    names.append(name)
        cls._fields = tuple(names)

    @classmethod
    def _build(cls, **fields: object) -> Self:
        """A new value from its fields, without validation (for trusted internal callers)."""
        value = object.__new__(cls)
        for name, item in fields.items():
            object.__setattr__(value, name, item)
        return value

    def _changed(self, **changes: object) -> Self:
        """A copy with some fields replaced, without validation (internal derivations)."""
        value = object.__new__(type(self))
        for name in self._fields:
            object.__setattr__(value, name, changes.get(name, getattr(self, name)))
        return value

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def _key(self) -> tuple[object, ...]:
        """What equality and hashing compare (default: every field)."""
        return self._values()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; its methods return new values")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; its methods return new values")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Value)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__qualname__, self._key()))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self._fields if not name.startswith("_")
        )
        return f"{type(self).__name__}({shown})"

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return _restore, (type(self), self._values())
