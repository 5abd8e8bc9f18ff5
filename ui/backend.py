"""Where the UI gets its answers: the library in this process, or the HTTP API.

Both backends return the same plain dicts, the ``to_dict()`` shapes of the library's dataclasses
(``Answer``, ``Citation``, ``KpiRecord``, ``ProgrammeRecord``) and of ``documents.json``, so the
views never care which one is in use. Every failure is raised as `BackendError`, whose ``message``
and ``hint`` are plain Japanese for officials (what happened, what to do); the technical detail is
kept apart in ``detail`` for an administrator.

* `InProcessBackend` loads the engine once per process (``st.cache_resource`` in the app).
* `HttpBackend` is used when ``ASSISTANT_API_URL`` is set; it talks to ``/v1/...`` with httpx.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.settings import Settings

log = logging.getLogger(__name__)

INDEX_HINT = "`make index` または `assistant index build` を実行して索引を作成し、このページを再読み込みしてください。"
REBUILD_HINT = "`make index` または `assistant index build` で索引を作り直し、このページを再読み込みしてください。"


class BackendError(Exception):
    """A failure to show to the user: ``message`` (what happened) and ``hint`` (what to do), in Japanese.

    ``fatal`` means the backend cannot work at all (no index, API down), as opposed to one
    question or one request going wrong.
    """

    def __init__(
        self, message: str, hint: str = "", *, detail: str = "", fatal: bool = False, status: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.detail = detail
        self.fatal = fatal
        self.status = status

    def __str__(self) -> str:  # pragma: no cover - for logs
        return f"{self.message} {self.hint} ({self.detail})".strip()


class Backend(Protocol):
    mode: str  # "local" or "api"

    def describe(self) -> str: ...
    def documents(self) -> list[dict[str, Any]]: ...
    def answer(
        self, question: str, history: Sequence[dict[str, str]] | None, docs: Sequence[str] | None, top_k: int | None
    ) -> dict[str, Any]: ...
    def kpis(
        self, doc: str | None = None, project: str | None = None, q: str | None = None
    ) -> list[dict[str, Any]]: ...
    def programmes(self, doc: str | None = None, q: str | None = None) -> list[dict[str, Any]]: ...
    def feedback(self, answer_id: str, rating: str, comment: str | None = None) -> None: ...


def as_dict(obj: Any) -> Any:
    """Records and answers as plain JSON-shaped dicts, exactly as the API returns them.

    Dataclasses go through their ``to_dict`` and then a JSON round trip (tuples become lists),
    so the views see the same shapes from both backends.
    """
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    else:
        from dataclasses import asdict, is_dataclass

        if is_dataclass(obj) and not isinstance(obj, type):
            obj = asdict(obj)
    return json.loads(json.dumps(obj, ensure_ascii=False, default=str))


# -- errors from the library --------------------------------------------------------------------
def explain_library_error(exc: BaseException) -> BackendError:
    """Translate an `AssistantError` (or anything else) from the library into Japanese."""
    from assistant import errors

    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, errors.IndexNotFound):
        return BackendError("索引がありません。", INDEX_HINT, detail=detail, fatal=True)
    if isinstance(exc, errors.IndexMismatch):
        return BackendError(
            "索引が現在の資料または設定と一致しません（資料が更新された可能性があります）。",
            REBUILD_HINT,
            detail=detail,
            fatal=True,
        )
    if isinstance(exc, errors.ModelUnavailable):
        return BackendError(
            "設定された埋め込みモデルがこの端末にありません。",
            "設定（ASSISTANT_MODEL）を確認するか、既定のモデルで索引を作り直してください。",
            detail=detail,
            fatal=True,
        )
    if isinstance(exc, errors.UnknownDocument):
        return BackendError(
            "絞り込みで選んだ文書が索引にありません。",
            "サイドバーの「文書で絞り込む」を解除するか、ページを再読み込みしてください。",
            detail=detail,
        )
    if isinstance(exc, errors.AssistantError):
        return BackendError(
            "この質問は処理できませんでした。",
            "質問の言い回しを変えるか、短くしてもう一度お試しください。",
            detail=detail,
        )
    if isinstance(exc, ValueError):
        return BackendError(
            "この質問は受け付けられませんでした。", "質問の内容を確認して、もう一度入力してください。", detail=detail
        )
    if isinstance(exc, FileNotFoundError):
        return BackendError("索引のファイルが見つかりません。", REBUILD_HINT, detail=detail, fatal=True)
    return BackendError(
        "処理中に予期しないエラーが発生しました。",
        "もう一度お試しください。繰り返し起きる場合は管理者に連絡してください。",
        detail=detail,
    )


# -- in-process ---------------------------------------------------------------------------------
class InProcessBackend:
    """The library loaded in this process (the engine is shared and read-only)."""

    mode = "local"

    def __init__(self, settings: Settings, engine: Any, store: Any | None = None, reload_interval: float = 10.0):
        from assistant.holder import AssistantHolder

        self.settings = settings
        # A rebuilt index (`assistant index build` publishes a new `index/current`) is picked up
        # within `reload_interval` seconds, as the API does; the old one serves until then.
        self.holder = AssistantHolder(settings, engine, interval=reload_interval)
        self._store = store

    @property
    def engine(self) -> Any:
        return self.holder.engine

    @classmethod
    def load(cls, settings: Settings) -> InProcessBackend:
        from assistant.service import Assistant

        try:
            engine = Assistant.load(settings)
        except Exception as exc:
            log.warning("could not load the index: %s", exc)
            raise explain_library_error(exc) from exc
        return cls(settings, engine)

    def describe(self) -> str:
        return f"この端末の索引（{self.engine.build_id}）"

    @property
    def store(self):
        if self._store is None:
            from assistant.holder import query_log

            self._store = query_log(self.settings)
        return self._store

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BackendError:
            raise
        except Exception as exc:
            log.exception("backend call failed")
            raise explain_library_error(exc) from exc

    def documents(self) -> list[dict[str, Any]]:
        return [as_dict(d) for d in self.engine.documents()]

    def answer(self, question, history=None, docs=None, top_k=None) -> dict[str, Any]:
        answer = self._call(
            self.engine.answer, question, history=list(history or []), docs=list(docs or []) or None, top_k=top_k
        )
        data = as_dict(answer)
        if self.settings.log_queries:
            self._log_answer(answer, data)
        return data

    def _log_answer(self, answer: Any, data: dict[str, Any]) -> None:
        """Record the answer like the API does, so feedback can be joined to it (best effort)."""
        try:
            self.store.log_answer(answer, client="ui")
        except Exception:
            log.warning("could not log the answer %s", data.get("id"), exc_info=True)

    def kpis(self, doc=None, project=None, q=None) -> list[dict[str, Any]]:
        return [as_dict(r) for r in self._call(self.engine.kpis, doc=doc, project=project, q=q)]

    def programmes(self, doc=None, q=None) -> list[dict[str, Any]]:
        return [as_dict(r) for r in self._call(self.engine.programmes, doc=doc, q=q)]

    def feedback(self, answer_id: str, rating: str, comment: str | None = None) -> None:
        try:
            self.store.add_feedback(answer_id, rating, comment or None, require_answer=False)
        except Exception as exc:
            log.exception("could not store feedback")
            raise BackendError(
                "評価を保存できませんでした。",
                "時間をおいてもう一度お試しください。",
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc


# -- HTTP API -----------------------------------------------------------------------------------
@dataclass
class HttpBackend:
    """A client of the running API (``ASSISTANT_API_URL``)."""

    base_url: str
    api_key: str | None = None
    timeout: float = 60.0
    client: Any = None  # an httpx.Client (injected in tests)

    mode = "api"

    def __post_init__(self) -> None:
        import httpx

        self.base_url = self.base_url.rstrip("/")
        if self.client is None:
            headers = {"Accept": "application/json"}
            if self.api_key:
                headers["X-API-Key"] = self.api_key
            self.client = httpx.Client(base_url=self.base_url, timeout=self.timeout, headers=headers)

    def describe(self) -> str:
        return f"API（{self.base_url}）"

    def _request(self, method: str, path: str, **kwargs) -> Any:
        import httpx

        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise BackendError(
                "APIサーバーからの応答が時間内にありませんでした。",
                "しばらく待ってからもう一度お試しください。",
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc
        except httpx.HTTPError as exc:  # connection refused, DNS, TLS ...
            raise BackendError(
                f"APIサーバー（{self.base_url}）に接続できません。",
                "APIサーバーが起動しているか（`make api` など）、ASSISTANT_API_URL の設定が正しいかを確認してください。",
                detail=f"{type(exc).__name__}: {exc}",
                fatal=True,
            ) from exc
        if response.status_code >= 400:
            raise self._status_error(response)
        try:
            return response.json()
        except ValueError as exc:
            raise BackendError(
                "APIサーバーから読み取れない応答が返りました。",
                "ASSISTANT_API_URL がこのアシスタントのAPIを指しているか確認してください。",
                detail=f"HTTP {response.status_code}: {response.text[:200]}",
            ) from exc

    def _status_error(self, response) -> BackendError:
        """A 4xx/5xx from the API (``{"error": {"code", "message", "details"}}``) in plain Japanese."""
        status = response.status_code
        code, message = "", ""
        try:
            body = response.json()
            err = body.get("error", body) if isinstance(body, dict) else {}
            if isinstance(err, dict):
                code = str(err.get("code") or "")
                message = str(err.get("message") or err.get("detail") or "")
            else:
                message = str(err)
        except ValueError:
            message = response.text[:200]
        detail = f"HTTP {status} {code}: {message}".strip()

        def err(msg: str, hint: str, fatal: bool = False) -> BackendError:
            return BackendError(msg, hint, detail=detail, fatal=fatal, status=status)

        if code == "unknown_document":
            return err(
                "絞り込みで選んだ文書が索引にありません。",
                "サイドバーの「文書で絞り込む」を解除するか、ページを再読み込みしてください。",
            )
        if code == "unknown_answer":
            return err(
                "評価の対象の回答がAPIサーバーの記録にありません。",
                "もう一度質問してから、新しい回答を評価してください。",
            )
        if status in (401, 403):
            return err(
                "APIサーバーに認証で拒否されました。",
                "UI に設定したAPIキー（ASSISTANT_API_KEYS の1つ目）が正しいか、管理者に確認してください。",
                fatal=True,
            )
        if status == 413:
            return err("質問が長すぎます。", "質問を短くしてもう一度入力してください。")
        if status == 429:
            return err(
                "短時間に質問が多すぎるため、一時的に受け付けを止めています。",
                "1分ほど待ってからもう一度お試しください。",
            )
        if status == 404:
            return err(
                "APIサーバーに該当する窓口がありません。",
                "ASSISTANT_API_URL がこのアシスタントのAPIを指しているか確認してください。",
                fatal=True,
            )
        if status in (400, 422):
            return err(
                "この質問は受け付けられませんでした（空の質問、2000文字を超える質問、使えない文字を含む質問は受け付けられません）。",
                "質問の内容を確認して、もう一度入力してください。",
            )
        if status == 503:
            low = message.lower()
            if "index" in low:
                hint = (
                    "サーバー側で `make index` または `assistant index build` を実行して索引を作り直してください。"
                    if "rebuild" in low or "changed" in low or "other settings" in low
                    else "サーバー側で `make index` または `assistant index build` を実行し、少し待ってからもう一度お試しください。"
                )
                return err("APIサーバーで索引が使えません。", hint, fatal="not loaded yet" not in low)
            return err("APIサーバーが一時的に利用できません。", "しばらく待ってからもう一度お試しください。")
        if status >= 500:
            return err(
                "APIサーバーでエラーが発生しました。",
                "もう一度お試しください。繰り返し起きる場合は管理者に連絡してください。",
            )
        return err("APIサーバーが要求を受け付けませんでした。", "入力内容を確認してもう一度お試しください。")

    @staticmethod
    def _items(data: Any, *keys: str) -> list[dict[str, Any]]:
        if isinstance(data, list):
            return data
        if isinstance(data, dict):
            for key in (*keys, "items", "results"):
                if isinstance(data.get(key), list):
                    return data[key]
        return []

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/healthz")

    def documents(self) -> list[dict[str, Any]]:
        return self._items(self._request("GET", "/v1/documents"), "documents")

    def answer(self, question, history=None, docs=None, top_k=None) -> dict[str, Any]:
        payload: dict[str, Any] = {"question": question, "history": list(history or [])}
        if docs:
            payload["docs"] = list(docs)
        if top_k:
            payload["top_k"] = top_k
        data = self._request("POST", "/v1/answer", json=payload)
        return data.get("answer", data) if isinstance(data, dict) and isinstance(data.get("answer"), dict) else data

    def kpis(self, doc=None, project=None, q=None) -> list[dict[str, Any]]:
        params = {k: v for k, v in {"doc": doc, "project": project, "q": q}.items() if v}
        return self._items(self._request("GET", "/v1/kpis", params=params), "kpis", "records")

    def programmes(self, doc=None, q=None) -> list[dict[str, Any]]:
        params = {k: v for k, v in {"doc": doc, "q": q}.items() if v}
        return self._items(self._request("GET", "/v1/programmes", params=params), "programmes", "records")

    def feedback(self, answer_id: str, rating: str, comment: str | None = None) -> None:
        payload: dict[str, Any] = {"answer_id": answer_id, "rating": rating}
        if comment:
            payload["comment"] = comment
        self._request("POST", "/v1/feedback", json=payload)


def api_docs_url(settings: Settings) -> str:
    """Where the API's interactive documentation lives."""
    if settings.api_url:
        return settings.api_url.rstrip("/") + "/docs"
    host = settings.api_host if settings.api_host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    return f"http://{host}:{settings.api_port}/docs"


def first_api_key(settings: Settings) -> str | None:
    """The key the UI sends as ``X-API-Key`` (the first of ``ASSISTANT_API_KEYS``), if any."""
    return next(iter(settings.api_key_list), None)


def make_backend(settings: Settings) -> Backend:
    """The HTTP client when ``api_url`` is set, else the in-process library (may raise `BackendError`)."""
    if settings.api_url:
        return HttpBackend(settings.api_url, api_key=first_api_key(settings))
    return InProcessBackend.load(settings)
