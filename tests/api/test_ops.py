"""Operations: /metrics shows the requests made, request ids, access logs, /livez and /readyz, the widget's URL."""

from __future__ import annotations

import json
import logging
import re

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from assistant.api.app import create_app
from assistant.logs import JsonFormatter, RequestIdFilter, log_config


def scrape(client) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics as {(name, sorted labels): value}."""
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(resp.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_metrics_show_the_requests_this_test_made(make_client, fake_engine):
    client = make_client(api_keys="k1")
    h = {"X-API-Key": "k1"}
    for q in ("補助率", "小さな拠点", "就職率"):
        assert client.post("/v1/search", json={"query": q}, headers=h).status_code == 200
    assert client.post("/v1/answer", json={"question": "就職率の目標は？"}, headers=h).json()["abstained"] is False
    assert client.post("/v1/answer", json={"question": "宇宙開発の予算は？"}, headers=h).json()["abstained"] is True
    assert client.post("/v1/search", json={"query": "x"}).status_code == 401  # no key
    assert client.post("/v1/search", json={"query": ""}, headers=h).status_code == 422
    assert client.get("/no/such/page").status_code == 404

    m = scrape(client)
    req = "assistant_http_requests_total"
    assert m[(req, (("method", "POST"), ("route", "/v1/search"), ("status", "200")))] == 3
    assert m[(req, (("method", "POST"), ("route", "/v1/answer"), ("status", "200")))] == 2
    assert m[(req, (("method", "POST"), ("route", "other"), ("status", "401")))] == 1  # refused before routing
    assert m[(req, (("method", "POST"), ("route", "/v1/search"), ("status", "422")))] == 1
    assert m[(req, (("method", "GET"), ("route", "other"), ("status", "404")))] == 1  # no path as a label
    hist = "assistant_http_request_duration_seconds"
    assert m[(hist + "_count", (("route", "/v1/search"),))] == 4
    assert m[(hist + "_bucket", (("le", "+Inf"), ("route", "/v1/answer")))] == 2
    assert m[(hist + "_sum", (("route", "/v1/answer"),))] > 0
    assert m[("assistant_answers_total", (("outcome", "answered"),))] == 1
    assert m[("assistant_answers_total", (("outcome", "abstained"),))] == 1
    # The abstention counted again by its reason; the other reasons' series exist at 0 (a rate needs them).
    assert m[("assistant_abstentions_total", (("abstained_by", "evidence"),))] == 1
    assert m[("assistant_abstentions_total", (("abstained_by", "confidence"),))] == 0
    assert m[("assistant_index_build_info", (("build_id", "fake-build"), ("model", "fake")))] == 1

    # A scrape is counted by the next scrape, and the counters only grow.
    again = scrape(client)
    assert again[(req, (("method", "GET"), ("route", "/metrics"), ("status", "200")))] == 1


def test_an_abstention_without_a_known_reason_is_counted_as_unrecorded():
    """A reason outside the answerer's set cannot add a series (labels stay bounded)."""
    from assistant.api.metrics import Metrics

    metrics = Metrics()
    metrics.answered(True, "made-up")
    metrics.answered(True, None)
    metrics.answered(False, "evidence")  # an answer given counts no abstention
    counts = {s.labels["abstained_by"]: s.value for s in metrics.abstentions.collect()[0].samples
              if s.name.endswith("_total")}  # fmt: skip
    assert counts == {"evidence": 0, "constraint": 0, "confidence": 0, "unrecorded": 2}


def test_metrics_follow_an_index_switch(make_client, fake_engine):
    from tests.api.conftest import FakeEngine

    client = make_client()
    assert scrape(client)[("assistant_index_build_info", (("build_id", "fake-build"), ("model", "fake")))] == 1
    client.app.state.holder._engine = FakeEngine("build-2")  # what a reload does
    m = scrape(client)
    assert m[("assistant_index_build_info", (("build_id", "build-2"), ("model", "fake")))] == 1
    assert m[("assistant_index_build_info", (("build_id", "fake-build"), ("model", "fake")))] == 0


def test_metrics_and_health_need_no_key(make_client):
    client = make_client(api_keys="k1")
    for path in ("/metrics", "/livez", "/readyz", "/healthz"):
        assert client.get(path).status_code == 200, path


# -- request ids -----------------------------------------------------------------------------------
def test_every_response_has_a_request_id(make_client):
    client = make_client(api_keys="k1")
    ids = set()
    for resp in (
        client.post("/v1/search", json={"query": "補助率"}, headers={"X-API-Key": "k1"}),
        client.post("/v1/search", json={"query": "補助率"}),  # 401 from the key check
        client.get("/livez"),
        client.get("/nope"),
    ):
        rid = resp.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", rid), rid
        ids.add(rid)
    assert len(ids) == 4


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("req-42.a:b_c", True),
        ("0f" * 64, True),  # 128 characters
        ("0f" * 64 + "x", False),  # 129
        ("has space", False),
        ("-leading-dash", False),
        ("", False),
        ("ＩＤ", False),
    ],
)
def test_a_sane_incoming_request_id_is_kept(client, sent, kept):
    resp = client.get("/livez", headers={"X-Request-ID": sent.encode("utf-8")})
    assert (resp.headers["x-request-id"] == sent) is kept
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}", resp.headers["x-request-id"])


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def captured():
    handler = _Capture()
    logger = logging.getLogger("assistant")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_log_lines_carry_the_request_id(make_client, fake_engine, captured):
    client = make_client(raise_server_exceptions=False)
    ok = client.post("/v1/search", json={"query": "補助率"}, headers={"X-Request-ID": "trace-1"})
    fake_engine.boom = True
    bug = client.post("/v1/search", json={"query": "補助率"}, headers={"X-Request-ID": "trace-2"})
    assert (ok.status_code, bug.status_code) == (200, 500)
    assert bug.headers["x-request-id"] == "trace-2"  # a bug's 500 carries it too
    access = [r for r in captured.records if r.name == "assistant.access"]
    assert [(r.request_id, r.status, r.route) for r in access] == [
        ("trace-1", 200, "/v1/search"),
        ("trace-2", 500, "/v1/search"),
    ]
    traceback_line = [r for r in captured.records if r.name == "assistant.api" and r.exc_info]
    assert traceback_line and traceback_line[0].request_id == "trace-2"  # the bug's log line names its request

    line = json.loads(JsonFormatter().format(access[0]))
    assert line["request_id"] == "trace-1"
    assert {line["method"], line["path"], line["status"]} == {"POST", "/v1/search", 200}
    assert line["level"] == "info" and line["logger"] == "assistant.access" and line["duration_ms"] >= 0


def test_json_logs_setting_switches_the_format():
    assert log_config("info", json_logs=True)["handlers"]["default"]["formatter"] == "json"
    assert log_config("info", json_logs=False)["handlers"]["default"]["formatter"] == "plain"


# -- liveness and readiness ------------------------------------------------------------------------
def test_readyz_is_503_until_an_index_is_loaded(make_settings, fake_engine):
    app = create_app(make_settings(), engine=None, reload_interval=0)  # no lifespan run: nothing loaded
    client = TestClient(app)
    assert client.get("/livez").json() == {"status": "ok"}
    resp = client.get("/readyz")
    assert resp.status_code == 503
    assert resp.json()["error"]["code"] == "unavailable"

    ready = TestClient(create_app(make_settings(), engine=fake_engine, reload_interval=0))
    assert ready.get("/readyz").json() == {"status": "ready", "build_id": "fake-build"}
    assert ready.get("/healthz").json()["status"] == "ok"  # kept as it was


# -- CORS and the widget -----------------------------------------------------------------------------
def test_cors_preflight_allows_the_key_and_exposes_the_request_id(make_client):
    client = make_client(api_keys="k1", cors_origins="https://portal.example.jp")
    pre = client.options(
        "/v1/answer",
        headers={
            "Origin": "https://portal.example.jp",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-api-key",
        },
    )
    assert pre.status_code == 200
    assert "x-api-key" in pre.headers["access-control-allow-headers"].lower()
    resp = client.post(
        "/v1/answer",
        json={"question": "就職率は？"},
        headers={"Origin": "https://portal.example.jp", "X-API-Key": "k1"},
    )
    assert resp.headers["access-control-allow-origin"] == "https://portal.example.jp"
    assert "x-request-id" in resp.headers["access-control-expose-headers"].lower()
    other = client.options(
        "/v1/answer", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert other.status_code == 400


def test_the_widget_is_served_at_a_versioned_url_without_a_key(make_client):
    client = make_client(api_keys="k1")
    resp = client.get("/widget/v1/plan-assistant.js")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/javascript")
    assert 'customElements.define("plan-assistant"' in resp.text
    assert resp.headers["cross-origin-resource-policy"] == "cross-origin"
    again = client.get("/widget/v1/plan-assistant.js", headers={"If-None-Match": resp.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/widget/v2/plan-assistant.js").status_code == 404
