"""Alembic environment of kyluat's store: the tables of `kyluat.store._schema`.

kyluat runs the migrations itself when a `Store` opens a database (``Store(url)``); to run
them by hand: ``alembic -c <an alembic.ini whose script_location is this folder> upgrade head``
with ``sqlalchemy.url`` set in it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from kyluat.store._schema import METADATA

config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=METADATA)
    with context.begin_transaction():
        context.run_migrations()
elif context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=METADATA)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connected:
        context.configure(connection=connected, target_metadata=METADATA)
        with context.begin_transaction():
            context.run_migrations()
