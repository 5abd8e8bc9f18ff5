"""API keys, rate limits and CORS (each test builds its own app with Settings overrides)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.limits import TokenBucketLimiter


def error_code(r) -> str:
    return r.json()["error"]["code"]


# -- API keys ------------------------------------------------------------------------------------
@pytest.fixture
def keyed(make_client):
    return make_client(api_keys="alpha-key, beta-key")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/v1/search", {"query": "計画"}),
        ("post", "/v1/answer", {"question": "計画は？"}),
        ("get", "/v1/documents", None),
        ("get", "/v1/kpis", None),
        ("get", "/v1/programmes", None),
        ("post", "/v1/feedback", {"answer_id": "x", "rating": "up"}),
    ],
)
def test_every_v1_endpoint_needs_a_key(keyed, method, path, body):
    kwargs = {"json": body} if body is not None else {}
    r = getattr(keyed, method)(path, **kwargs)
    assert r.status_code == 401 and error_code(r) == "unauthorized"
    assert "missing X-API-Key" in r.json()["error"]["message"]
    r = getattr(keyed, method)(path, headers={"X-API-Key": "wrong"}, **kwargs)
    assert r.status_code == 401 and "invalid API key" in r.json()["error"]["message"]
    r = getattr(keyed, method)(path, headers={"X-API-Key": "beta-key"}, **kwargs)
    assert r.status_code != 401


def test_keys_are_trimmed_and_any_configured_key_works(keyed):
    for key in ("alpha-key", "beta-key"):
        assert keyed.get("/v1/documents", headers={"X-API-Key": key}).status_code == 200
    assert keyed.get("/v1/documents", headers={"X-API-Key": " alpha-key"}).status_code == 401
    assert keyed.get("/v1/documents", headers={"X-API-Key": ""}).status_code == 401


def test_health_and_docs_stay_open(keyed):
    for path in ("/healthz", "/docs", "/openapi.json"):
        assert keyed.get(path).status_code == 200, path


def test_key_is_checked_before_the_body(keyed):
    r = keyed.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 401
    big = b"x" * 100_000
    r = keyed.post("/v1/search", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 401


def test_no_keys_configured_means_open(client):
    assert client.get("/v1/documents").status_code == 200


def test_admin_reload_with_key(make_client):
    client = make_client(api_keys="alpha-key", admin_keys="admin-key")
    headers = {"Content-Type": "application/json"}
    r = client.post("/v1/admin/reload", headers={**headers, "X-API-Key": "alpha-key"})  # a search key is not enough
    assert r.status_code == 401 and "invalid admin key" in r.json()["error"]["message"]
    r = client.post("/v1/admin/reload", headers={**headers, "X-API-Key": "admin-key"})
    assert r.status_code == 200
    assert r.json()["reloaded"] is False and r.json()["build_id"] == "fake-build"


# -- rate limit ----------------------------------------------------------------------------------
def test_rate_limit_429_with_retry_after(make_client):
    client = make_client(rate_limit_per_minute=3)
    for _ in range(3):
        assert client.get("/v1/documents").status_code == 200
    r = client.get("/v1/documents")
    assert r.status_code == 429 and error_code(r) == "rate_limited"
    retry = int(r.headers["Retry-After"])
    assert 1 <= retry <= 20  # 3 a minute: one token every 20 s
    assert r.json()["error"]["details"] == {"limit_per_minute": 3, "retry_after_s": retry}
    assert "3 per minute" in r.json()["error"]["message"]
    # Health checks are not limited.
    assert client.get("/healthz").status_code == 200


def test_rate_limit_is_per_key(make_client):
    client = make_client(rate_limit_per_minute=2, api_keys="k1,k2")
    for _ in range(2):
        assert client.get("/v1/documents", headers={"X-API-Key": "k1"}).status_code == 200
    assert client.get("/v1/documents", headers={"X-API-Key": "k1"}).status_code == 429
    assert client.get("/v1/documents", headers={"X-API-Key": "k2"}).status_code == 200
    # Unauthenticated requests are refused without touching any key's budget (they spend the address's).
    assert client.get("/v1/documents").status_code == 401


def test_rate_limit_is_per_ip_without_keys(make_settings, fake_engine):
    app = create_app(make_settings(rate_limit_per_minute=2), engine=fake_engine, reload_interval=0)
    with TestClient(app, client=("10.0.0.1", 1000)) as a, TestClient(app, client=("10.0.0.2", 1000)) as b:
        assert [a.get("/v1/documents").status_code for _ in range(3)] == [200, 200, 429]
        assert b.get("/v1/documents").status_code == 200


def test_rate_limit_zero_is_off(make_client):
    client = make_client(rate_limit_per_minute=0)
    assert all(client.get("/v1/documents").status_code == 200 for _ in range(200))


def test_rate_limit_applies_to_bad_requests_too(make_client):
    client = make_client(rate_limit_per_minute=1)
    assert client.post("/v1/search", json={}).status_code == 422
    assert client.post("/v1/search", json={"query": "x"}).status_code == 429


def test_token_bucket_refills():
    now = [0.0]
    limiter = TokenBucketLimiter(60, clock=lambda: now[0])  # one token a second, bursts of 60
    assert all(limiter.acquire("c") == 0.0 for _ in range(60))
    wait = limiter.acquire("c")
    assert wait == pytest.approx(1.0)
    now[0] += 0.5
    assert limiter.acquire("c") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.acquire("c") == 0.0
    assert limiter.acquire("other") == 0.0
    now[0] += 120  # idle buckets are swept
    limiter.acquire("c")
    assert "other" not in limiter._buckets


# -- CORS ----------------------------------------------------------------------------------------
def test_cors_allowed_origin(make_client):
    client = make_client(cors_origins="https://ui.example.jp, http://localhost:8501", api_keys="k")
    r = client.options(
        "/v1/answer",
        headers={
            "Origin": "http://localhost:8501",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-api-key",
        },
    )
    assert r.status_code == 200  # preflight needs no key
    assert r.headers["access-control-allow-origin"] == "http://localhost:8501"
    assert "x-api-key" in r.headers["access-control-allow-headers"].lower()
    r = client.get("/v1/documents", headers={"Origin": "https://ui.example.jp", "X-API-Key": "k"})
    assert r.headers["access-control-allow-origin"] == "https://ui.example.jp"
    # Errors from the key check carry CORS headers too (a browser can read them).
    r = client.get("/v1/documents", headers={"Origin": "https://ui.example.jp"})
    assert r.status_code == 401 and r.headers["access-control-allow-origin"] == "https://ui.example.jp"


def test_cors_other_origin_refused(make_client):
    client = make_client(cors_origins="https://ui.example.jp")
    r = client.options(
        "/v1/answer", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert r.status_code == 400
    assert "access-control-allow-origin" not in r.headers
    r = client.get("/v1/documents", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_no_cors_by_default(client):
    r = client.get("/v1/documents", headers={"Origin": "https://ui.example.jp"})
    assert "access-control-allow-origin" not in r.headers
