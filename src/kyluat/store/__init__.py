"""A store for lifecycle records: SQLite embedded, PostgreSQL in production, no lost update.

``pip install 'kyluat[store]'`` (SQLAlchemy 2, Alembic; psycopg 3 for PostgreSQL). A
[`Store`][kyluat.store.Store] keeps [`Dossier`][kyluat.lifecycle.Dossier] and
[`Task`][kyluat.lifecycle.Task] records as their insert-only, hash-chained audit entries and a
row naming the head of each log. [`save`][kyluat.store.Store.save] appends a writer's new
entries only if the stored head is still the one it read, so concurrent writers never lose an
update: one saves, the others get [`ConcurrencyError`][kyluat.errors.ConcurrencyError].
[`verify`][kyluat.store.Store.verify] finds an edited, reordered, dropped or truncated log and,
with a key, a re-hashed one; [`due`][kyluat.store.Store.due] and
[`overdue`][kyluat.store.Store.overdue] list the open work to chase, most urgent first.
``import kyluat`` never imports this package.

Examples:
    >>> from datetime import datetime
    >>> from kyluat import VIETNAM, Duration
    >>> from kyluat.lifecycle import Actor, Dossier
    >>> store = Store("sqlite://")  # in memory; a file: sqlite:///dossiers.db
    >>> at = lambda *a: datetime(*a, tzinfo=VIETNAM)
    >>> desk = Actor(id="nv-7", role="one_stop_desk", unit="Bộ phận một cửa")
    >>> d = Dossier.submit(id="HS-001", procedure="Cấp giấy phép xây dựng",
    ...                    limit=Duration.working_days(10), actor=desk, at=at(2026, 3, 3, 8))
    >>> store.add(d)
    >>> accepted = store.fire("HS-001", "accept", actor=desk, at=at(2026, 3, 3, 9))
    >>> late = d.fire("accept", actor=desk, at=at(2026, 3, 3, 10))  # from the old copy
    >>> store.save(late, expected=d)
    Traceback (most recent call last):
    ...
    kyluat.errors.ConcurrencyError: expected: 'HS-001' was saved by another writer since it was read: load it again and retry
    >>> store.get("HS-001").state.value, store.verify("HS-001")
    ('accepted', None)
    >>> [p.id for p in store.due(at(2026, 3, 16, 9), within="2 ngày làm việc")]
    ['HS-001']
"""  # noqa: E501 - the doctest's expected line is long

from __future__ import annotations

from kyluat.errors import ConcurrencyError, NotFoundError, StoreUnavailableError
from kyluat.store._rows import Pending
from kyluat.store._schema import SCHEMA_VERSION
from kyluat.store._store import Store

__all__ = [
    "SCHEMA_VERSION",
    "ConcurrencyError",
    "NotFoundError",
    "Pending",
    "Store",
    "StoreUnavailableError",
]
