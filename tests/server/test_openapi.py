"""Property tests of a real server against its own OpenAPI document (schemathesis).

For every operation, schemathesis generates requests from the document (valid ones and, for
the bodies, arbitrary JSON of the declared shapes), sends them to the running server and
checks that no answer is a server error and that every answer matches the document's schema
for its status (the answers' models, and ``ErrorOut`` for the refusals). Bounded for CI: 25
examples per operation, no deadline, derandomized.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("httpx")

from hypothesis import HealthCheck, given, settings  # noqa: E402 - after the skips
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@schemathesis.serializer("text/csv", "application/csv")
def _csv(ctx: object, value: object) -> bytes:
    return value.encode() if isinstance(value, str) else str(value).encode()


@schemathesis.serializer(
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
    "application/json-lines",
)
def _jsonl(ctx: object, value: object) -> bytes:
    return value.encode() if isinstance(value, str) else str(value).encode()


_CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def test_the_server_keeps_its_document(server: str) -> None:
    # schemathesis as a library (schema loaded from the running server, one hypothesis run per
    # operation): its pytest plugin's `from_fixture` breaks on pytest 9.2 ('Function' object
    # has no attribute '_nodeid'), and CI installs the newest pytest.
    schema = schemathesis.openapi.from_url(f"{server}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7  # every documented operation is exercised

    for operation in operations:

        @settings(
            max_examples=25,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=_CHECKS, timeout=30)

        run()
