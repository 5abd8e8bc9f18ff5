"""Who may ask: admin keys, failed keys against the rate limit, JSON-only writes, Host check, proxies, settings.

In process (TestClient). The same faults over a real socket are in ``test_live_guards.py``.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.cli import _register, cli
from assistant.cli.serve import check_exposure, is_loopback
from assistant.errors import ConfigError

JSON = {"Content-Type": "application/json"}


def code_of(r) -> str:
    return r.json()["error"]["code"]


# -- failed keys count against the client's rate limit ---------------------------------------------
def test_wrong_keys_are_rate_limited_per_address(make_settings, fake_engine):
    app = create_app(
        make_settings(api_keys="right-key", rate_limit_per_minute=5), engine=fake_engine, reload_interval=0
    )
    with TestClient(app, client=("10.0.0.7", 1)) as guesser, TestClient(app, client=("10.0.0.8", 1)) as other:
        statuses = [guesser.get("/v1/documents", headers={"X-API-Key": f"guess-{i}"}).status_code for i in range(8)]
        assert statuses == [401] * 5 + [429] * 3
        r = guesser.get("/v1/documents", headers={"X-API-Key": "right-key"})
        # Past the limit even the right key is not compared: a guess must not learn that it was right.
        assert r.status_code == 429 and code_of(r) == "rate_limited" and int(r.headers["Retry-After"]) >= 1
        assert other.get("/v1/documents", headers={"X-API-Key": "right-key"}).status_code == 200


def test_missing_keys_count_too(make_settings, fake_engine):
    app = create_app(make_settings(api_keys="k", rate_limit_per_minute=2), engine=fake_engine, reload_interval=0)
    with TestClient(app) as client:
        assert [client.get("/v1/documents").status_code for _ in range(3)] == [401, 401, 429]


# -- admin routes ----------------------------------------------------------------------------------
def test_admin_routes_are_disabled_without_admin_keys(client):
    r = client.post("/v1/admin/reload", headers=JSON)
    assert r.status_code == 403 and code_of(r) == "forbidden"
    assert "ASSISTANT_ADMIN_KEYS" in r.json()["error"]["message"]
    assert client.get("/v1/documents").status_code == 200  # search stays open


def test_admin_needs_its_key_even_when_search_is_open(make_client):
    client = make_client(admin_keys="adm-1, adm-2")
    assert client.post("/v1/search", json={"query": "計画"}).status_code == 200
    r = client.post("/v1/admin/reload", headers=JSON)
    assert r.status_code == 401 and "ASSISTANT_ADMIN_KEYS" in r.json()["error"]["message"]
    assert client.post("/v1/admin/reload", headers={**JSON, "X-API-Key": "adm-3"}).status_code == 401
    r = client.post("/v1/admin/reload", headers={**JSON, "X-API-Key": "adm-2"})
    assert r.status_code == 200 and r.json()["reloaded"] is False


# -- state-changing requests need a JSON content type ------------------------------------------------
@pytest.mark.parametrize("path", ["/v1/search", "/v1/answer", "/v1/feedback", "/v1/admin/reload"])
@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_posts_without_json_content_type_are_415(make_client, path, content_type):
    client = make_client(admin_keys="adm")
    headers = {"X-API-Key": "adm"} | ({"Content-Type": content_type} if content_type else {})
    r = client.post(path, content=b'{"query": "x"}', headers=headers)
    assert r.status_code == 415 and code_of(r) == "unsupported_media_type"


def test_cross_site_simple_post_cannot_reload(make_client, fake_engine):
    """What a web page can send without a CORS preflight is refused before the reload runs."""
    client = make_client(cors_origins="https://ui.example.jp", admin_keys="adm")
    r = client.post(
        "/v1/admin/reload",
        content=b"{}",
        headers={"Origin": "https://evil.example", "Content-Type": "text/plain", "X-API-Key": "adm"},
    )
    assert r.status_code == 415
    preflight = client.options(
        "/v1/admin/reload",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers


# -- Host header -----------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_loopback_hosts_are_served_by_default(client, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "rebind.attacker.test:8000", "10.0.0.1", "[::2]", ""])
def test_other_hosts_get_400_json(client, host):
    r = client.get("/v1/documents", headers={"Host": host})
    assert r.status_code == 400 and code_of(r) == "invalid_host"
    assert "ASSISTANT_ALLOWED_HOSTS" in r.json()["error"]["message"]
    assert client.get("/healthz", headers={"Host": host}).status_code == 400  # every path


def test_configured_and_wildcard_hosts(make_client):
    client = make_client(allowed_hosts="api.example.jp, *.internal.example.jp")
    assert client.get("/healthz", headers={"Host": "api.example.jp:443"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "a.internal.example.jp"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "internal.example.jp"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400
    assert make_client(allowed_hosts="*").get("/healthz", headers={"Host": "any.where"}).status_code == 200


# -- X-Forwarded-For -------------------------------------------------------------------------------
def test_forwarded_for_is_ignored_from_untrusted_peers(make_settings, fake_engine):
    app = create_app(make_settings(rate_limit_per_minute=3), engine=fake_engine, reload_interval=0)
    with TestClient(app, client=("127.0.0.1", 5)) as client:
        client.post("/v1/search", json={"query": "計画"}, headers={"X-Forwarded-For": "198.51.100.99"})
        statuses = [
            client.get("/v1/documents", headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(4)
        ]
        assert statuses == [200, 200, 429, 429]  # one address, however the header rotates
    assert app.state.store.recent_searches()[0]["client"] == "ip:127.0.0.1"  # nothing forged in the log


def test_forwarded_for_from_a_trusted_proxy_names_the_client(make_settings, fake_engine):
    settings = make_settings(rate_limit_per_minute=3, trusted_proxies="10.0.0.0/8, ::1")
    app = create_app(settings, engine=fake_engine, reload_interval=0)
    with TestClient(app, client=("10.1.2.3", 5)) as proxy:
        statuses = [
            proxy.get("/v1/documents", headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(5)
        ]
        assert statuses == [200] * 5  # five clients behind the proxy, one request each
        # The rightmost address that is not a trusted proxy: what the client put first is not believed.
        proxy.post("/v1/search", json={"query": "計画"}, headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.9.9.9"})
        proxy.post("/v1/search", json={"query": "計画"}, headers={"X-Forwarded-For": "garbage"})
    clients = [s["client"] for s in app.state.store.recent_searches()]
    assert clients == ["ip:10.1.2.3", "ip:203.0.113.9"]


# -- settings that cannot work -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"api_keys": " , "}, "ASSISTANT_API_KEYS is set but names no key"),
        ({"api_keys": ""}, "ASSISTANT_API_KEYS is set but names no key"),
        ({"admin_keys": ","}, "ASSISTANT_ADMIN_KEYS is set but names no key"),
        ({"allowed_hosts": " , "}, "ASSISTANT_ALLOWED_HOSTS names no host"),
        ({"trusted_proxies": "proxy.local"}, "ASSISTANT_TRUSTED_PROXIES: 'proxy.local' is not an IP"),
    ],
)
def test_unusable_settings_stop_the_start(make_settings, fake_engine, overrides, words):
    with pytest.raises(ConfigError, match=words):
        create_app(make_settings(**overrides), engine=fake_engine)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_needs_no_keys(make_settings, host):
    assert is_loopback(host) and check_exposure(host, make_settings(), insecure=False) == []


def test_serve_refuses_a_public_host_without_keys(make_settings):
    with pytest.raises(ConfigError, match=r"refusing to serve on 0\.0\.0\.0 without API keys.*--insecure"):
        check_exposure("0.0.0.0", make_settings(), insecure=False)
    assert check_exposure("0.0.0.0", make_settings(api_keys="k", allowed_hosts="api.example.jp"), False) == []
    warnings = check_exposure("0.0.0.0", make_settings(), insecure=True)
    assert any("without API keys" in w for w in warnings) and any("ALLOWED_HOSTS" in w for w in warnings)


@pytest.mark.parametrize(
    ("env", "args", "words"),
    [
        ({"ASSISTANT_API_KEYS": None}, ["--host", "0.0.0.0"], "refusing to serve on 0.0.0.0"),
        ({"ASSISTANT_API_KEYS": " , "}, [], "ASSISTANT_API_KEYS is set but names no key"),
    ],
)
def test_serve_command_stops_with_the_reason(tmp_path, env, args, words):
    """Checked before the index is loaded: the message comes at once, with status 2."""
    _register()
    env = {"ASSISTANT_INDEX_DIR": str(tmp_path / "no-index"), "ASSISTANT_ADMIN_KEYS": None, **env}
    result = CliRunner().invoke(cli, ["serve", *args, "--port", "0"], env=env)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
