"""Property-based requests from /openapi.json against a live loopback server: no server errors.

Driven through schemathesis' Python API (its pytest plugin does not load under pytest 9) and
bounded to 20 generated examples per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from apidemo import live_server
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

pytestmark = pytest.mark.server  # a live HTTP server: `make test` runs these in a process of their own

MAX_EXAMPLES = 20


@pytest.fixture(scope="module")
def base_url(app):
    with live_server(app) as url:
        yield url


def _operations(base_url: str):
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_without_server_errors(base_url):
    operations = _operations(base_url)
    assert len(operations) >= 10
    calls = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            calls.append(case.path)
            case.call_and_validate(base_url=base_url, timeout=30,
                                   checks=[not_a_server_error, status_code_conformance, content_type_conformance])

        check()
    assert len(set(calls)) == len(operations) and len(calls) > 3 * len(operations)
