"""One settings object for the whole assistant (environment prefix ``ASSISTANT_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The default embedding model is built from the corpus at index time (see ``assistant.embedding``).
BUILTIN_MODEL = "builtin:chive-static"


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

    # Retrieval.
    top_k: int = Field(5, ge=1, le=50)
    bm25_weight: float = 1.0
    bigram_weight: float = 1.0  # character-bigram BM25 beside word BM25
    dense_weight: float = 0.3
    rrf_k: int = 60
    faiss_flat_max: int = Field(20000, ge=1)

    # Answering: an optional chat model ("provider:model" for LangChain's init_chat_model).
    use_confidence: bool = True  # abstain below the fitted confidence threshold (when the build has a model)
    chat_model: str | None = None
    chat_timeout_s: float = 20.0

    # API.
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_keys: str = ""
    cors_origins: str = ""
    rate_limit_per_minute: int = Field(120, ge=0)
    max_body_bytes: int = Field(64 * 1024, ge=1024)
    log_queries: bool = True
    api_url: str | None = None  # the UI talks to this API when set
    ui_port: int = 8501

    @field_validator("corpus_dir", "index_dir", "db_path", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def api_key_set(self) -> frozenset[str]:
        """The configured API keys (empty: no key required)."""
        return frozenset(k.strip() for k in self.api_keys.split(",") if k.strip())

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

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
