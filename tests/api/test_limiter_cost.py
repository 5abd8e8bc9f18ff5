"""The rate limiter's cost per request does not grow with the number of clients it has seen."""

from __future__ import annotations

from assistant.api.limits import TokenBucketLimiter


def test_idle_buckets_leave_two_per_request_without_a_sweep():
    now = [0.0]
    limiter = TokenBucketLimiter(60, clock=lambda: now[0])  # a bucket is full again after 60 s idle
    for i in range(10_000):
        limiter.acquire(f"ip:{i}")
    assert len(limiter._buckets) == 10_000
    now[0] += 61  # every one of them idle long enough to be dropped
    limiter.acquire("ip:new")
    assert len(limiter._buckets) == 10_000 + 1 - 2  # one in, two out: no request walks the whole table
    for _ in range(100):
        limiter.acquire("ip:new")
    assert len(limiter._buckets) == 10_000 + 1 - 2 * 101


def test_a_busy_client_is_never_dropped():
    now = [0.0]
    limiter = TokenBucketLimiter(60, clock=lambda: now[0])
    assert all(limiter.acquire("busy") == 0.0 for _ in range(60))  # the burst is spent
    limiter.acquire("idle")
    now[0] += 30
    limiter.acquire("other")
    assert "busy" in limiter._buckets  # idle 30 s of the 60 it needs to be full again
    assert limiter.acquire("busy") == 0.0  # 30 tokens back
    now[0] += 61
    limiter.acquire("other")
    assert "idle" not in limiter._buckets
