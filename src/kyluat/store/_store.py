"""`Store`: lifecycle records kept in SQLite or PostgreSQL, with no lost update.

A record is stored as its audit entries (insert-only) and one row naming the head of its log. A
save appends the new entries only if the stored head is still the one the writer read (an
optimistic lock, checked and moved in the same transaction as the insert), so of two writers
that read the same record, one saves and the other gets a `ConcurrencyError`. Reading replays
the log and checks it: the chain of hashes, the stored head (a log cut after any entry no
longer reaches it), and, with a key, each entry's HMAC (a log re-hashed by someone with access
to the database no longer matches).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TypeVar, cast, overload

from sqlalchemy import Engine, create_engine, event, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from kyluat._text import shown
from kyluat.calendar import WorkCalendar
from kyluat.deadline import DeadlinePolicy, compute_deadline
from kyluat.duration import Duration
from kyluat.errors import (
    ConcurrencyError,
    DataError,
    InvalidInputError,
    KyluatError,
    NotFoundError,
    StoreUnavailableError,
)
from kyluat.lifecycle import (
    Actor,
    AuditEntry,
    Dossier,
    PermissionPolicy,
    Record,
    Task,
    verify_log,
)
from kyluat.limits import PublishedLimit, resolve
from kyluat.office_hours import OfficeHours
from kyluat.store._rows import Pending, aware, columns, driver_detail, fits, pending
from kyluat.store._schema import ENTRIES, RECORDS, SCHEMA, SCHEMA_VERSION

__all__ = ["Store"]

R = TypeVar("R", bound=Record)

_KINDS: Final[dict[str, type[Record]]] = {"dossier": Dossier, "task": Task}
_KIND_OF: Final = {Dossier: "dossier", Task: "task"}
_READ: Final = "kyluat_read"  # execution option: a transaction that only reads
_MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
_SETTINGS: Final = "calendar, office hours, deadline policy and permission policy"
_RECENT_IDS: Final = 1024  # ids whose recent records a store remembers (see Store._remember)
_RECENT_PER_ID: Final = 4


class _LostError(Exception):
    """A save found another head than the one it expected."""


class Store:
    """Lifecycle records in a database: SQLite embedded, or PostgreSQL.

    Args:
        url_or_engine: ``sqlite:///path/to/file.db`` (the embedded default),
            ``postgresql+psycopg://user:password@host:port/database``, or an SQLAlchemy 2
            ``Engine``.
        key: A secret; each entry then carries an HMAC-SHA256 of its hash, so that a log
            re-hashed by someone with access to the database is found by `verify`.
        calendar: The working calendar records are kept with (replay uses it).
        office_hours: Their office hours.
        policy: Their deadline policy.
        permissions: Their permission policy (``None``: the lifecycle's default).

    The tables are created, or migrated to `SCHEMA_VERSION`, when the store opens.

    Raises:
        StoreUnavailableError: The database cannot be reached.
        InvalidInputError: A URL that is not a database URL, or an argument of the wrong type.
        DataError: The database holds a schema version newer than this kyluat's.
    """

    def __init__(
        self,
        url_or_engine: str | Engine,
        *,
        key: bytes | str | None = None,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> None:
        if isinstance(key, str):
            key = key.encode()
        if key is not None and (not isinstance(key, bytes) or not key):
            raise InvalidInputError("expected non-empty bytes or text", field="key")
        self._key = key
        self._settings: dict[str, Any] = {
            "calendar": calendar,
            "office_hours": office_hours,
            "policy": policy,
            "permissions": permissions,
        }
        self._lock = threading.Lock()
        self._recent: dict[str, tuple[Record, ...]] = {}
        self.engine = self._engine(url_or_engine)
        try:
            with self._errors("open the database"):
                self._migrate()
        except BaseException:
            if not isinstance(url_or_engine, Engine):
                self.engine.dispose()  # the engine is the store's own: no connection left open
            raise

    @property
    def calendar(self) -> WorkCalendar | None:
        """The calendar records are replayed with (``None``: the public sector's)."""
        return cast("WorkCalendar | None", self._settings["calendar"])

    @property
    def office_hours(self) -> OfficeHours | None:
        """The office hours records are replayed with (``None``: kyluat's default)."""
        return cast("OfficeHours | None", self._settings["office_hours"])

    @property
    def policy(self) -> DeadlinePolicy | None:
        """The deadline policy records are replayed with (``None``: kyluat's default)."""
        return cast("DeadlinePolicy | None", self._settings["policy"])

    # --- connection -----------------------------------------------------------------------

    @staticmethod
    def _engine(url_or_engine: str | Engine) -> Engine:
        if isinstance(url_or_engine, Engine):
            engine = url_or_engine
        elif isinstance(url_or_engine, str):
            try:
                if url_or_engine.startswith("sqlite"):
                    engine = create_engine(url_or_engine, connect_args={"timeout": 60})
                else:
                    engine = create_engine(url_or_engine, pool_pre_ping=True)
            except (SQLAlchemyError, ImportError, ValueError) as exc:
                raise InvalidInputError(
                    f"not a database URL kyluat can open: {exc}", field="url"
                ) from None
        else:
            raise InvalidInputError(
                f"expected a database URL or an SQLAlchemy Engine, got "
                f"{type(url_or_engine).__name__}",
                field="url",
            )
        if engine.dialect.name == "sqlite":
            _serialise_sqlite_writers(engine)
        return engine

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Driver errors as `StoreUnavailableError` (no driver exception escapes)."""
        try:
            yield
        except KyluatError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreUnavailableError(
                f"cannot {doing}: {driver_detail(exc)}", field="database"
            ) from None

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config
        from alembic.util import CommandError

        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # stores opened at once: one migrates
                connection.execute(text("SELECT pg_advisory_xact_lock(7242026)"))
            if connection.dialect.has_table(connection, SCHEMA.name):
                found = connection.execute(select(SCHEMA.c.version)).scalar()
                if found is not None and found > SCHEMA_VERSION:
                    raise DataError(
                        f"the database's schema is version {found}, newer than this kyluat's "
                        f"({SCHEMA_VERSION}): upgrade kyluat",
                        field="database",
                    )
            config = Config()
            config.set_main_option("script_location", str(_MIGRATIONS))
            config.attributes["connection"] = connection
            try:
                command.upgrade(config, "head")
            except CommandError as exc:  # e.g. a revision this kyluat does not have
                raise DataError(
                    f"the database's migrations are not this kyluat's ({driver_detail(exc)}): "
                    "upgrade kyluat",
                    field="database",
                ) from None

    # --- writing ---------------------------------------------------------------------------

    def _mac(self, entry_hash: str) -> str | None:
        if self._key is None:
            return None
        return hmac.new(self._key, entry_hash.encode(), hashlib.sha256).hexdigest()

    def _entry_rows(self, record_id: str, entries: Sequence[AuditEntry]) -> list[dict[str, Any]]:
        return [
            {
                "record_id": record_id,
                "seq": entry.seq,
                "prev_hash": entry.prev_hash,
                "hash": entry.hash,
                "mac": self._mac(entry.hash),
                "entry": entry.model_dump_json(),
            }
            for entry in entries
        ]

    def _kept_alike(self, record: Record, field: str, *, after: Record | None = None) -> None:
        """Refuse a record kept with other settings than the store's: the store replays logs
        with its own, so it could not give the record back (a permission or guard would refuse
        a stored step, or the clock would differ).

        When ``after`` is a record this store gave out or saved (the usual get, fire, save), only
        ``record``'s entries past it are fired again on it; otherwise the whole log is replayed.
        """  # noqa: D205
        try:
            if after is not None and self._known(after):
                again = after
                for entry in record.log[len(after.log) :]:
                    again = again.fire(
                        entry.trigger,
                        actor=entry.actor,
                        at=entry.at,
                        reason=entry.reason,
                        reference=entry.reference,
                        **entry.data,
                    )
            else:
                again = type(record).replay(record.log, **self._settings)
            alike = again == record
        except KyluatError:
            alike = False
        if not alike:
            raise InvalidInputError(
                f"{shown(record.id)} is kept with other settings ({_SETTINGS}) than the "
                "store's: open the Store with the record's settings",
                field=field,
            )

    def _remember(self, record: Record) -> None:
        """Note a record this store checked and gave out or saved (the last few per id)."""
        with self._lock:
            recent = self._recent.pop(record.id, ())
            self._recent[record.id] = (record, *recent[: _RECENT_PER_ID - 1])
            while len(self._recent) > _RECENT_IDS:
                del self._recent[next(iter(self._recent))]

    def _known(self, record: Record) -> bool:
        """Whether this very object is one the store checked (identity: held, never reused)."""
        with self._lock:
            return any(known is record for known in self._recent.get(record.id, ()))

    def add(self, record: Record) -> None:
        """Store a new record (its whole log).

        Raises:
            InvalidInputError: Not a record, its id is already stored, it is kept with other
                settings than the store's (calendar, office hours, deadline policy, permission
                policy), or its id, unit, person or procedure is longer than the store keeps
                (200, 400, 400 and 1000 characters) or holds a NUL character.
            StoreUnavailableError: The database refused it.
        """
        kind = _kind(record)
        fits(record.id, "id")
        self._kept_alike(record, "record")
        log = record.log
        row = {
            "id": record.id,
            "kind": kind,
            "head_seq": log[-1].seq,
            "head_hash": log[-1].hash,
            **columns(record),
        }
        try:
            with self._errors("add the record"), self.engine.begin() as connection:
                connection.execute(insert(RECORDS), [row])
                connection.execute(insert(ENTRIES), self._entry_rows(record.id, log))
        except StoreUnavailableError as exc:
            if self._exists(record.id):
                raise InvalidInputError(
                    f"{shown(record.id)} is already stored (save changes with save())",
                    field="id",
                ) from None
            raise exc from None
        self._remember(record)

    def _exists(self, record_id: str) -> bool:
        with self._errors("read the record"), self.engine.connect() as connection:
            found = connection.execute(
                select(RECORDS.c.id).where(RECORDS.c.id == record_id)
            ).first()
        return found is not None

    def save(self, new: R, *, expected: R) -> R:
        """Append ``new``'s entries after ``expected``'s, if no one saved the record since.

        Args:
            new: The record after the transitions (``expected`` fired on).
            expected: The record as it was read (its head is what the store must still hold).

        Returns:
            ``new``.

        Raises:
            ConcurrencyError: The stored head is no longer ``expected``'s: another writer saved
                first; nothing was written.
            InvalidInputError: ``new`` does not continue ``expected`` (another id, kind or log),
                is kept with other settings than the store's, or holds what the store cannot
                keep (as `add`).
            NotFoundError: The record is not stored.
            StoreUnavailableError: The database refused it.
        """
        kind = _kind(new)
        if _kind(expected) != kind or new.id != expected.id:
            raise InvalidInputError("new and expected are not the same record", field="new")
        old, log = expected.log, new.log
        if len(log) < len(old) or log[: len(old)] != old:
            raise InvalidInputError("new does not continue expected's log", field="new")
        head = old[-1]
        if len(log) == len(old):  # nothing to write: the head must still be expected's
            with self._errors("read the record"), self.engine.connect() as connection:
                found = connection.execute(
                    select(RECORDS.c.kind, RECORDS.c.head_seq, RECORDS.c.head_hash).where(
                        RECORDS.c.id == new.id
                    )
                ).first()
            if found is None or tuple(found) != (kind, head.seq, head.hash):
                self._lost(new.id, kind)
            return new  # no settings to check: nothing of new's is written
        self._kept_alike(new, "new", after=expected)
        changed = columns(new)
        try:
            with self._errors("save the record"), self.engine.begin() as connection:
                moved = connection.execute(
                    update(RECORDS)
                    .where(
                        RECORDS.c.id == new.id,
                        RECORDS.c.kind == kind,
                        RECORDS.c.head_seq == head.seq,
                        RECORDS.c.head_hash == head.hash,
                    )
                    .values(head_seq=log[-1].seq, head_hash=log[-1].hash, **changed)
                )
                if moved.rowcount != 1:
                    raise _LostError  # the transaction is rolled back
                connection.execute(insert(ENTRIES), self._entry_rows(new.id, log[len(old) :]))
        except _LostError:
            self._lost(new.id, kind)
        self._remember(new)
        return new

    def _lost(self, record_id: str, kind: str) -> None:
        """Why a save moved no head: no such record, another kind, or another writer."""
        with self._errors("read the record"), self.engine.connect() as connection:
            found = connection.execute(
                select(RECORDS.c.kind).where(RECORDS.c.id == record_id)
            ).first()
        if found is None:
            raise NotFoundError(f"no stored record {shown(record_id)}", field="id")
        if found.kind != kind:
            raise InvalidInputError(
                f"{shown(record_id)} is stored as a {found.kind}, not a {kind}", field="id"
            )
        raise ConcurrencyError(
            f"{shown(record_id)} was saved by another writer since it was read: load it again "
            "and retry",
            field="expected",
        )

    @overload
    def fire(
        self,
        record_id: str,
        trigger: str,
        *,
        kind: None = None,
        actor: Actor,
        at: datetime,
        reason: str = "",
        reference: str = "",
        **data: str | list[str],
    ) -> Dossier | Task: ...

    @overload
    def fire(
        self,
        record_id: str,
        trigger: str,
        *,
        kind: type[R],
        actor: Actor,
        at: datetime,
        reason: str = "",
        reference: str = "",
        **data: str | list[str],
    ) -> R: ...

    def fire(
        self,
        record_id: str,
        trigger: str,
        *,
        kind: type[Record] | None = None,
        actor: Actor,
        at: datetime,
        reason: str = "",
        reference: str = "",
        **data: str | list[str],
    ) -> Record:
        """Load a record, fire a transition on it and save it, in one call.

        Args:
            record_id: The record's id.
            trigger: The transition (as [`Record.fire`][kyluat.lifecycle.Record.fire]).
            kind: `Dossier` or `Task`, to refuse a record of the other kind.
            actor: Who fires it.
            at: When (an aware datetime).
            reason: Why.
            reference: The document or slip that records it.
            **data: What the transition needs (e.g. ``receiver`` for a hand-over).

        Returns:
            The record as saved.

        Raises:
            ConcurrencyError: Another writer saved the record meanwhile (nothing written).
            NotFoundError: The record is not stored.
            DataError: Its stored log is broken (as `get`).
            InvalidTransitionError, PermissionDeniedError, InvalidInputError: As
                [`Record.fire`][kyluat.lifecycle.Record.fire].
            StoreUnavailableError: The database cannot be read or refused the save.
        """
        record = self.get(record_id, kind=kind)
        new = record.fire(trigger, actor=actor, at=at, reason=reason, reference=reference, **data)
        return self.save(new, expected=record)

    # --- reading ---------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection whose reads see one version of the database (the head and its entries
        together): REPEATABLE READ on PostgreSQL; on SQLite a plain (deferred) transaction,
        which does not take the write lock."""  # noqa: D205, D209
        options: dict[str, Any] = {_READ: True}
        if self.engine.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        with self.engine.connect().execution_options(**options) as connection:
            yield connection

    def _load(self, record_id: str) -> tuple[Any, list[Any]]:
        if not isinstance(record_id, str) or not record_id:
            raise InvalidInputError("expected a record id (text)", field="id")
        with self._errors("read the record"), self._reading() as connection:
            head = connection.execute(select(RECORDS).where(RECORDS.c.id == record_id)).first()
            if head is None:
                raise NotFoundError(f"no stored record {shown(record_id)}", field="id")
            rows = connection.execute(
                select(ENTRIES).where(ENTRIES.c.record_id == record_id).order_by(ENTRIES.c.seq)
            ).all()
        return head, list(rows)

    def _checked(self, head: Any, rows: list[Any]) -> tuple[int | None, list[AuditEntry]]:
        """The first seq that is not what was written (``None`` when intact), and the entries.

        In the order of the rows: an unreadable entry, a row whose seq, hashes or MAC (with a
        key) are not its entry's, a break of the chain; then the stored head (a log cut after
        any entry no longer reaches it; one grown past it goes beyond it).
        """
        entries: list[AuditEntry] = []
        stop: int | None = None
        for n, row in enumerate(rows):
            try:
                entry = AuditEntry.model_validate_json(row.entry)
            except ValueError:
                stop = n
                break
            if (row.seq, entry.seq) != (n, n) or (row.prev_hash, row.hash) != (
                entry.prev_hash,
                entry.hash,
            ):
                stop = n
                break
            if self._key is not None:
                mac = self._mac(entry.hash) or ""
                if row.mac is None or not hmac.compare_digest(str(row.mac), mac):
                    stop = n
                    break
            entries.append(entry)
        broken = verify_log(entries)  # a chain break before ``stop`` comes first
        if broken is not None or stop is not None:
            return (stop if broken is None else broken), entries
        stored_seq = int(head.head_seq)
        if len(entries) != stored_seq + 1:  # cut (or grown past the head)
            return min(len(entries), stored_seq + 1), entries
        if entries[-1].hash != head.head_hash:
            return stored_seq, entries
        return None, entries

    def _intact(self, record_id: str, head: Any, rows: list[Any]) -> list[AuditEntry]:
        broken, entries = self._checked(head, rows)
        if broken is not None:
            raise DataError(
                f"the stored audit log of {shown(record_id)} is broken at entry {broken}",
                field="log",
            )
        return entries

    def verify(self, record_id: str) -> int | None:
        """``None`` when a record's stored log is intact, else the first bad seq.

        Finds an edited, unreadable, reordered, dropped or truncated log (the stored head is
        the anchor), an entry appended past the head and, with a key, a re-hashed log or one
        continued without the key. A log cut back together with its head row is a consistent
        older state and is not found (keep copies of the heads elsewhere where that matters).

        Raises:
            InvalidInputError: An id that is not text.
            NotFoundError: The record is not stored.
            StoreUnavailableError: The database cannot be read.
        """
        head, rows = self._load(record_id)
        return self._checked(head, rows)[0]

    @overload
    def get(self, record_id: str, *, kind: None = None) -> Dossier | Task: ...

    @overload
    def get(self, record_id: str, *, kind: type[R]) -> R: ...

    def get(self, record_id: str, *, kind: type[Record] | None = None) -> Record:
        """The record, replayed from its stored log and checked.

        Args:
            record_id: Its id.
            kind: `Dossier` or `Task`, to refuse a record of the other kind.

        Raises:
            NotFoundError: No record has the id.
            InvalidInputError: It is of the other kind, or the id is not text.
            DataError: Its stored log is broken (the message names the first bad entry), or
                does not replay with the store's settings.
            StoreUnavailableError: The database cannot be read.
        """
        head, rows = self._load(record_id)
        cls = _KINDS.get(head.kind)
        if cls is None:
            raise DataError(f"unknown kind {shown(head.kind)}", field="kind")
        if kind is not None and kind is not cls:
            raise InvalidInputError(
                f"{shown(record_id)} is a {head.kind}, not a {_kind_name(kind)}", field="kind"
            )
        entries = self._intact(record_id, head, rows)
        try:
            record = cls.replay(entries, **self._settings)
        except KyluatError as exc:
            raise DataError(
                f"the stored audit log of {shown(record_id)} does not replay with the store's "
                f"settings ({_SETTINGS}): {exc}",
                field="log",
            ) from None
        self._remember(record)
        return record

    def history(self, record_id: str) -> tuple[AuditEntry, ...]:
        """A record's audit entries, oldest first, checked.

        Raises:
            InvalidInputError, NotFoundError, DataError, StoreUnavailableError: As `get`.
        """
        head, rows = self._load(record_id)
        return tuple(self._intact(record_id, head, rows))

    # --- chasing work ----------------------------------------------------------------------

    def due(
        self,
        as_of: datetime,
        *,
        within: Duration | str | PublishedLimit | None = None,
        unit: str | None = None,
        person: str | None = None,
    ) -> tuple[Pending, ...]:
        """Open records overdue at ``as_of`` or due within ``within`` of it, most urgent first.

        Args:
            as_of: The moment (aware).
            within: Working time ahead (``"2 ngày làm việc"``, ``Duration.working_hours(4)``):
                a record is due within it when its deadline comes before the deadline a limit
                of that length received at ``as_of`` would have. ``None``: overdue only.
            unit: Only records with this unit.
            person: Only records with this person.

        Paused and stopped clocks are not due (their deadline is not running).

        Raises:
            InvalidInputError: A naive moment or a limit that cannot be read.
            StoreUnavailableError: The database cannot be read.
        """
        now = aware(as_of, "as_of")
        for field, value in (("unit", unit), ("person", person)):
            if value is not None and not isinstance(value, str):
                raise InvalidInputError("expected text or None", field=field)
        horizon = now
        if within is not None:
            limit = resolve(within)[0] if isinstance(within, PublishedLimit) else within
            horizon = compute_deadline(
                as_of,
                limit,
                calendar=self._settings["calendar"],
                office_hours=self._settings["office_hours"],
                policy=self._settings["policy"],
            ).due_at.astimezone(UTC)
        query = (
            select(RECORDS)
            .where(
                RECORDS.c.final.is_(False),
                RECORDS.c.clock == "running",
                RECORDS.c.due_at.is_not(None),
                RECORDS.c.due_at <= horizon if within is not None else RECORDS.c.due_at < now,
            )
            .order_by(RECORDS.c.due_at, RECORDS.c.id)
        )
        if unit is not None:
            query = query.where(RECORDS.c.unit == unit)
        if person is not None:
            query = query.where(RECORDS.c.person == person)
        with self._errors("query the records"), self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return tuple(pending(row, now) for row in rows)

    def overdue(
        self, as_of: datetime, *, unit: str | None = None, person: str | None = None
    ) -> tuple[Pending, ...]:
        """Open records whose deadline passed before ``as_of``, most overdue first.

        Raises:
            InvalidInputError: A naive moment.
            StoreUnavailableError: The database cannot be read.
        """
        return self.due(as_of, unit=unit, person=person)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def _kind(record: object) -> str:
    for cls, name in _KIND_OF.items():
        if isinstance(record, cls):
            return name
    raise InvalidInputError(
        f"expected a Dossier or a Task, got {type(record).__name__}", field="record"
    )


def _kind_name(cls: type[Record]) -> str:
    return _KIND_OF.get(cls, cls.__name__)


def _serialise_sqlite_writers(engine: Engine) -> None:
    """SQLite: each transaction takes the write lock at once (``BEGIN IMMEDIATE``), waits for
    it up to the connection's timeout, and keeps a write-ahead log (readers do not block the
    writer; a crash leaves whole transactions only)."""  # noqa: D205, D209

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # kyluat begins transactions itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        reading = connection.get_execution_options().get(_READ, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")
