"""The hand-made bad inputs (``bad_inputs.py``), in process: each gets its documented 4xx JSON error."""

from __future__ import annotations

import json

import pytest
from bad_inputs import ADMIN_KEY, BAD_INPUTS, Bad, headers_of


@pytest.fixture
def strict_client(make_client):
    return make_client(admin_keys=ADMIN_KEY)


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.name for c in BAD_INPUTS])
def test_bad_input_gets_its_error(strict_client, case: Bad):
    r = strict_client.post(case.path, content=case.body, headers=headers_of(case))
    assert r.status_code == case.status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert set(err) == {"code", "message", "details"} and err["code"] == case.code, err
    # Whatever was echoed renders as strict JSON (no NaN, no Infinity).
    json.dumps(r.json(), allow_nan=False)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_number_is_invalid_json_with_its_position(client, literal):
    raw = f'{{"query": "補助率", "top_k": {literal}}}'.encode()
    r = client.post("/v1/search", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"
    message = r.json()["error"]["message"]
    where = raw.decode().index(literal)
    assert f"at position {where}" in message
    assert ("not a JSON number" if literal[-1] != "0" else "out of range") in message


def test_a_literal_inside_a_string_is_just_text(client):
    """The strict parser refuses NaN as a number only: the word in a question is fine."""
    r = client.post(
        "/v1/search", content=b'{"query": "NaN Infinity 1e400"}', headers={"content-type": "application/json"}
    )
    assert r.status_code == 200


def test_invalid_utf8_and_deep_nesting_messages(client):
    r = client.post("/v1/search", content=b'{"query": "\xff"}', headers={"content-type": "application/json"})
    assert r.json()["error"]["message"] == "the request body is not valid JSON (invalid UTF-8 at position 11)"
    deep = b'{"query": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    r = client.post("/v1/search", content=deep, headers={"content-type": "application/json"})
    assert "nesting too deep" in r.json()["error"]["message"]


def test_huge_and_non_finite_values_are_never_echoed_raw():
    """The error renderer copes with what validation echoes, even if a non-finite float got through."""
    from assistant.api.errors import ErrorJSONResponse, _clip

    assert _clip(10**40) == "<integer of 133 bits>" and _clip(12) == 12
    assert _clip(float("nan")) == "nan" and _clip(float("-inf")) == "-inf"
    body = ErrorJSONResponse({"error": {"details": [{"input": float("inf")}]}}).body
    assert json.loads(body) == {"error": {"details": [{"input": "inf"}]}}
