"""Prometheus metrics of the API (``GET /metrics``), one registry per app.

Series::

    assistant_http_requests_total{route, method, status}          counter
    assistant_http_request_duration_seconds{route}                histogram (bucket, sum, count)
    assistant_answers_total{outcome="answered"|"abstained"}       counter; abstention rate in PromQL:
        rate(assistant_answers_total{outcome="abstained"}[5m]) / rate(assistant_answers_total[5m])
    assistant_abstentions_total{abstained_by="evidence"|"constraint"|"confidence"|"unrecorded"}
                                                                  counter; the abstentions above by reason
    assistant_index_build_info{build_id, model}                   1 for the index being served

``route`` is the route's path template (``/v1/search``), ``other`` for paths no route matched, so a
scan of random URLs cannot grow the series. With several worker processes (``assistant serve
--workers N``) ``PROMETHEUS_MULTIPROC_DIR`` is set and every worker's values are summed on scrape.
"""

from __future__ import annotations

import os
import threading

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from assistant.querylog_outcomes import REASONS, known_reason

#: Seconds; the API answers in milliseconds, abstentions and long questions in up to a second.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: The ``abstained_by`` label's values: the reasons an answer gives for abstaining, and ``unrecorded`` for none known.
ABSTENTION_LABELS = (*REASONS, "unrecorded")


def multiprocess_dir() -> str | None:
    """The folder shared by worker processes, when ``assistant serve --workers N`` set one."""
    return os.environ.get(MULTIPROC_ENV) or None


class Metrics:
    """The API's counters and histograms; `observe` is what each request costs (a cached child, two updates)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        reg = self.registry
        self.requests = Counter(
            "assistant_http_requests", "HTTP requests by route, method and status.", ["route", "method", "status"],
            registry=reg,
        )  # fmt: skip
        self.latency = Histogram(
            "assistant_http_request_duration_seconds", "Time from request to response by route.", ["route"],
            buckets=BUCKETS, registry=reg,
        )  # fmt: skip
        self.answers = Counter(
            "assistant_answers", "Answers by outcome (answered, abstained).", ["outcome"], registry=reg
        )
        self.abstentions = Counter(
            "assistant_abstentions", "Abstentions by reason (evidence, constraint, confidence; unrecorded: none known).",
            ["abstained_by"],
            registry=reg,
        )  # fmt: skip
        self.index = Gauge(
            "assistant_index_build_info", "The index build being served (value 1).", ["build_id", "model"],
            registry=reg, multiprocess_mode="livemax",
        )  # fmt: skip
        self._children: dict[tuple[str, str, int], tuple[object, object]] = {}
        self._lock = threading.Lock()
        self._index_labels: tuple[str, str] | None = None
        for outcome in ("answered", "abstained"):
            self.answers.labels(outcome)  # both series exist from the start (a rate needs them)
        # Every reason's series exists from the start; an abstention then updates a cached child, as `observe` does.
        self._abstained = {reason: self.abstentions.labels(reason) for reason in ABSTENTION_LABELS}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one request and its duration."""
        key = (route, method, status)
        pair = self._children.get(key)
        if pair is None:
            with self._lock:
                pair = (self.requests.labels(route, method, str(status)), self.latency.labels(route))
                self._children[key] = pair
        pair[0].inc()
        pair[1].observe(seconds)

    def answered(self, abstained: bool, abstained_by: str | None = None) -> None:
        """Count an answer, and an abstention by its reason (``unrecorded`` when it gave none)."""
        self.answers.labels("abstained" if abstained else "answered").inc()
        if abstained:
            # Only the known reasons are series, so a label cannot grow without bound.
            self._abstained[known_reason(abstained_by) or "unrecorded"].inc()

    def set_index(self, build_id: str | None, model: str | None) -> None:
        """Mark ``build_id`` as served (and the previous build as no longer served)."""
        labels = (build_id or "unknown", model or "unknown")
        with self._lock:
            if labels == self._index_labels:
                return
            if self._index_labels is not None:
                self.index.labels(*self._index_labels).set(0)
            self.index.labels(*labels).set(1)
            self._index_labels = labels

    def render(self) -> tuple[bytes, str]:
        """The text exposition format (all workers' values when they share a folder)."""
        folder = multiprocess_dir()
        if folder is None:
            return generate_latest(self.registry), CONTENT_TYPE_LATEST
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=folder)
        return generate_latest(registry), CONTENT_TYPE_LATEST

    @staticmethod
    def process_exited() -> None:
        """Drop this worker's live gauges from the shared folder (called on shutdown)."""
        if multiprocess_dir() is not None:
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(os.getpid())
