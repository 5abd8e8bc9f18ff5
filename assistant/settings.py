"""One settings object for the whole assistant (environment prefix ``ASSISTANT_``)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The default embedding model is built from the corpus at index time (see ``assistant.embedding``).
BUILTIN_MODEL = "builtin:chive-static"
#: Words in the built-in model at most (``model_max_vocab``): the project corpus has about 4,600; a 20 MB
#: document of numbered lines had 160,000, mostly numbers seen once, each a chiVe lookup and a 300-float row.
DEFAULT_MODEL_MAX_VOCAB = 30_000

#: Host names a loopback server answers to (``testserver`` is what Starlette's TestClient sends).
LOOPBACK_HOSTS = "localhost,127.0.0.1,[::1],testserver"


def _items(value: str | None) -> list[str]:
    """The non-blank items of a comma-separated setting, in order."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


class Settings(BaseSettings):
    """Configuration read from the environment (``ASSISTANT_*``) or passed explicitly.

    Example:
        >>> Settings(chunk_size=300).chunk_size
        300
    """

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=None, extra="ignore")

    # Where things live.
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    db_path: Path = PROJECT_ROOT / "var" / "assistant.sqlite3"
    # Larger corpus files are reported by name and skipped: one huge file must not stall a build.
    max_file_bytes: int = Field(4 * 1024 * 1024, ge=1024)

    # Storage backend: "local" (files under index_dir, SQLite query log) or "postgres" (PostgreSQL +
    # pgvector at database_url; reads may go to a streaming replica at database_read_url).
    backend: Literal["local", "postgres"] = "local"
    database_url: str | None = None
    database_read_url: str | None = None
    database_pool_size: int = Field(8, ge=1, le=200)
    replica_max_lag_bytes: int = Field(16 * 1024 * 1024, ge=0)  # above this, reads go to the primary

    # Chunking (characters of normalised text).
    chunk_size: int = Field(400, ge=50, le=4000)
    chunk_max: int = Field(600, ge=50, le=8000)
    chunk_overlap: int = Field(80, ge=0, le=1000)

    # Embeddings: "builtin:chive-static" (adapted on the corpus at build time, offline),
    # or any sentence-transformers model by local path or hub id (never downloaded here).
    model: str = BUILTIN_MODEL
    query_prompt: str | None = None
    passage_prompt: str | None = None
    embed_batch_size: int = Field(64, ge=1)
    seed: int = 13
    adapt_epochs: int = Field(6, ge=0, le=100)
    # Words in the built-in model at most, the most frequent kept (the project corpus has ~4,600);
    # bounds a huge document's model build and table. Others read as unknown.
    model_max_vocab: int = Field(DEFAULT_MODEL_MAX_VOCAB, ge=1_000)

    # Native threads per BLAS/OpenMP/torch pool while answering (`assistant.threads`): a question's maths
    # is small, so one thread is fastest; 0 leaves the libraries' own defaults.
    query_threads: int = Field(1, ge=0, le=64)

    # Retrieval.
    top_k: int = Field(5, ge=1, le=50)
    bm25_weight: float = 1.0
    bigram_weight: float = 1.0  # character-bigram BM25 beside word BM25
    dense_weight: float = 0.3
    rrf_k: int = 60
    faiss_flat_max: int = Field(20000, ge=1)

    # Answering: an optional chat model ("provider:model" for LangChain's init_chat_model).
    use_fitted_fusion: bool = True  # fuse retrieval scores with the build's fitted weights (else the defaults)
    use_query_adapter: bool = True  # map the question's vector for the dense passage search (`query_adapter.npy`)
    use_ranker: bool = (
        True  # score answer sentences and pick their values with the build's fitted models (else the priors)
    )
    use_confidence: bool = True  # abstain below the fitted confidence threshold (when the build has a model)
    chat_model: str | None = None
    chat_timeout_s: float = 20.0
    # Threads per API process that run search and answer; 0 = automatic (`engine_thread_count`).
    engine_threads: int = Field(0, ge=0, le=200)

    # API.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_keys: str | None = None  # unset: search is open; set but blank: a configuration error
    admin_keys: str | None = None  # unset: /v1/admin/* is disabled
    allowed_hosts: str = LOOPBACK_HOSTS  # Host headers served (DNS rebinding); "*" for any
    trusted_proxies: str = ""  # peers whose X-Forwarded-For names the client (IPs or CIDRs)
    cors_origins: str = ""
    rate_limit_per_minute: int = Field(120, ge=0)
    max_body_bytes: int = Field(64 * 1024, ge=1024)
    log_queries: bool = True
    json_logs: bool = False  # one JSON object per log line (request id, route, status, duration)
    api_url: str | None = None  # the UI talks to this API when set
    ui_port: int = 8501
    reload_interval_s: float = Field(1.0, ge=0)  # how often the API looks for a rebuilt index; 0: never
    # How long `serve --workers` waits for a worker added (SIGTTIN) or restarted (SIGHUP) to serve: loading the
    # index takes seconds, longer on a busy machine, so uvicorn's 5-s health-check window is too short for it.
    worker_start_timeout_s: float = Field(120.0, gt=0)

    @field_validator("corpus_dir", "index_dir", "db_path", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def api_key_list(self) -> list[str]:
        """The configured API keys in order (empty: no key required)."""
        return _items(self.api_keys)

    @property
    def api_key_set(self) -> frozenset[str]:
        """The configured API keys (empty: no key required)."""
        return frozenset(self.api_key_list)

    @property
    def admin_key_set(self) -> frozenset[str]:
        """Keys for ``/v1/admin/*`` (empty: those routes are disabled)."""
        return frozenset(_items(self.admin_keys))

    @property
    def allowed_host_list(self) -> list[str]:
        return [h.lower() for h in _items(self.allowed_hosts)]

    @property
    def trusted_proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(p, strict=False) for p in _items(self.trusted_proxies)]

    @property
    def engine_thread_count(self) -> int:
        """Engine threads per API process: one for the local extractive engine, else enough to wait on I/O.

        The local engine is all CPU under one GIL: one thread answers requests in arrival order, and at
        concurrency 32 on 2 cores its HTTP p95 fell from 269 to 135 ms (answer) and 99 to 54 ms (search)
        against 40 threads sharing the GIL. A chat model or a database is waited on: threads overlap the waits.
        """
        if self.engine_threads:
            return self.engine_threads
        return 1 if self.backend == "local" and not self.chat_model else 40

    @property
    def cors_origin_list(self) -> list[str]:
        return _items(self.cors_origins)

    def check_api(self) -> None:
        """Refuse API settings that cannot work as meant (raises `ConfigError` naming the variable).

        A key list that is set but names no key (``' , '``, an empty variable from a template) would
        silently leave the server open, so it is an error rather than "no keys".
        """
        for name, value in (("API_KEYS", self.api_keys), ("ADMIN_KEYS", self.admin_keys)):
            if value is not None and not _items(value):
                raise ConfigError(
                    f"ASSISTANT_{name} is set but names no key ({value!r}); give comma-separated keys, "
                    "or unset the variable"
                )
        if not self.allowed_host_list:
            raise ConfigError(
                f"ASSISTANT_ALLOWED_HOSTS names no host ({self.allowed_hosts!r}); give host names, or * for any"
            )
        for proxy in _items(self.trusted_proxies):
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError as exc:
                raise ConfigError(f"ASSISTANT_TRUSTED_PROXIES: {proxy!r} is not an IP address or network") from exc

    def prompts(self) -> tuple[str, str]:
        """Query and passage prompts for the configured model (known families get theirs)."""
        q, p = self.query_prompt, self.passage_prompt
        name = self.model.lower()
        if q is None and p is None:
            if "ruri" in name:
                q, p = "検索クエリ: ", "検索文書: "
            elif "e5" in name:
                q, p = "query: ", "passage: "
        return q or "", p or ""
