"""``python -m kyluat``: the same as the ``kyluat`` command."""

from kyluat.cli import main_entry

main_entry()
