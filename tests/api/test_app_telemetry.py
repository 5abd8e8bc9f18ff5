"""The app factory's choices that no endpoint test shows."""

from __future__ import annotations


def test_fastapi_telemetry_is_off_without_a_provider(client):
    native = client.app._native_telemetry
    assert not native.enabled()
    assert (native.config["tracing"], native.config["metrics"], native.config["logs"]) == (False, False, False)
