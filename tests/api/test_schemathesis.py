"""Property-based tests generated from the app's own OpenAPI schema (schemathesis, ASGI, real index).

Every operation gets up to 25 generated requests (valid and invalid); none may produce a 5xx.
A second pass also runs schemathesis's default checks: responses match the documented schemas,
status codes and content types, and invalid input is refused.

The schema is loaded at import time (``schemathesis.pytest.from_fixture`` does not work with
pytest 9), from an app whose engine is bound to the session's real index by a fixture.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from assistant.api.app import create_app
from assistant.engine import EngineHolder
from assistant.settings import Settings
from assistant.store import Store

MAX_EXAMPLES = 25

_tmp = tempfile.TemporaryDirectory(prefix="api-schemathesis-")
_settings = Settings(
    index_dir=Path(_tmp.name) / "index",
    db_path=Path(_tmp.name) / "log.sqlite3",
    rate_limit_per_minute=0,
    api_keys="",
    cors_origins="",
)
# The OpenAPI schema does not depend on the engine: a placeholder until `_real_engine` binds it.
app = create_app(_settings, engine=object(), reload_interval=0)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True, scope="module")
def _real_engine(real_engine, real_index_dir):
    app.state.settings = _settings.model_copy(update={"index_dir": real_index_dir})
    app.state.holder = EngineHolder(app.state.settings, real_engine, interval=math.inf)
    app.state.store = Store(_settings.db_path)
    yield
    app.state.store.close()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_responses_conform_to_the_schema(case):
    case.call_and_validate()
