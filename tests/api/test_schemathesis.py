"""Property-based tests generated from the app's own OpenAPI schema (schemathesis, ASGI, real index).

Part of the reliability suite (marker ``integration``): every operation gets up to 48 generated
requests (valid and invalid) in each of two passes, at least 1,000 cases in all (checked at the end);
none may produce a 5xx. The second pass, against an app that requires an API key (and an admin key,
so ``/v1/admin/reload`` runs), also runs schemathesis's default checks: responses match the
documented schemas, status codes and content types, invalid input is refused, and requests without
the key or with a wrong one get 401. Only ``positive_data_acceptance`` is left out: a schema-valid
request may still name a document that is not in the loaded index (422 ``unknown_document``), or
hold control characters or only whitespace, which the schema does not spell out.

The schema is loaded at import time (``schemathesis.pytest.from_fixture`` does not work with
pytest 9), from an app whose engine is bound to the session's real index by a fixture.
"""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assistant.api.app import create_app
from assistant.feedback_log import Store
from assistant.holder import AssistantHolder
from assistant.settings import Settings

pytestmark = pytest.mark.integration

MAX_EXAMPLES = 48
MIN_CASES = 1000
KEY = "schemathesis-key"
#: (pass, operation, status) -> count; printed at the end of the module (pytest -s).
SEEN: Counter = Counter()

_tmp = tempfile.TemporaryDirectory(prefix="api-schemathesis-")
_settings = Settings(
    index_dir=Path(_tmp.name) / "index",
    db_path=Path(_tmp.name) / "log.sqlite3",
    rate_limit_per_minute=0,
    api_keys=None,
    cors_origins="",
)
# The OpenAPI schema does not depend on the engine: a placeholder until `_real_engine` binds it.
app = create_app(_settings, engine=object(), reload_interval=0)
keyed_app = create_app(
    _settings.model_copy(update={"api_keys": KEY, "admin_keys": KEY}), engine=object(), reload_interval=0
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# A request body over the size limit is refused with 413, a valid way to reject it.
_config = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
            }
        }
    }
)
keyed_schema = schemathesis.openapi.from_asgi("/openapi.json", keyed_app, config=_config)


@keyed_schema.auth()
class _ApiKey:
    """Schemathesis sends the key itself (and leaves it out where a check needs it missing)."""

    def get(self, case, context):
        return KEY

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "X-API-Key": data}


@pytest.fixture(autouse=True, scope="module")
def _real_engine(real_engine, real_index_dir):
    for a in (app, keyed_app):
        a.state.settings = a.state.settings.model_copy(update={"index_dir": real_index_dir})
        a.state.holder = AssistantHolder(a.state.settings, real_engine, interval=math.inf)
        a.state.store = Store(_settings.db_path)
    yield
    for a in (app, keyed_app):
        a.state.store.close()
    print("\nschemathesis responses (pass, operation, status: count):")
    for (kind, op, status), n in sorted(SEEN.items()):
        print(f"  {kind:9} {op:24} {status}: {n}")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call_and_validate(checks=[not_a_server_error])
    SEEN["no-5xx", f"{case.method} {case.path}", response.status_code] += 1


@keyed_schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_responses_conform_to_the_schema(case):
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    SEEN["conform", f"{case.method} {case.path}", response.status_code] += 1


ROUTES = {
    "GET /healthz",
    "POST /v1/search",
    "POST /v1/answer",
    "GET /v1/documents",
    "GET /v1/kpis",
    "GET /v1/programmes",
    "POST /v1/feedback",
    "POST /v1/admin/reload",
}


def test_enough_cases_and_no_server_error():
    """Runs after the generated tests above (pytest keeps the file's order)."""
    if not SEEN:
        pytest.skip("the generated tests did not run (deselected)")
    total = sum(SEEN.values())
    print(f"\nschemathesis: {total} cases, {sum(n for k, n in SEEN.items() if k[2] >= 500)} with a 5xx")
    assert total >= MIN_CASES, f"only {total} schemathesis cases ran"
    assert not [k for k in SEEN if k[2] >= 500]
    assert {op for _, op, _ in SEEN} >= ROUTES  # every route, /v1/admin/reload included
