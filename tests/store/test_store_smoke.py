from datetime import datetime

from kyluat import VIETNAM, Duration
from kyluat.lifecycle import Actor, Dossier
from kyluat.store import ConcurrencyError, Store

DESK = Actor(id="nv-7", role="one_stop_desk", unit="Bộ phận một cửa")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def test_a_store_round_trip_on_each_backend(store_url):
    store = Store(store_url)
    d = Dossier.submit(
        id="HS-1", procedure="P", limit=Duration.working_days(10), actor=DESK, at=at(2026, 3, 3, 8)
    )
    store.add(d)
    e = store.fire("HS-1", "accept", actor=DESK, at=at(2026, 3, 3, 9))
    assert store.get("HS-1") == e
    late = d.fire("accept", actor=DESK, at=at(2026, 3, 3, 10))
    try:
        store.save(late, expected=d)
    except ConcurrencyError:
        pass
    else:
        raise AssertionError("no ConcurrencyError")
    assert store.verify("HS-1") is None
    store.close()
