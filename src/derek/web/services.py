"""Services shared by the JSON API and the HTML pages: the store, the pipeline, the budgets, one error.

``Services`` opens the store and loads the pipeline lazily; ``services(request)`` is the
FastAPI dependency that hands it to a route; ``ApiError`` is the error every route raises.
``app`` builds the application over these; ``api`` and ``pages`` import them from here.
"""

from __future__ import annotations

import hmac
import re
import threading
from typing import Any

from fastapi import Request

MAX_BODY = 2 * 1024 * 1024  # bytes: larger request bodies get 413
MAX_PAGE = 100  # the largest page size the API serves (limit=…)
# the extraction budget of /api/extract and POST /api/articles: a text longer than this gets 413
# (memory grows with the text: this keeps an extraction's peak under 600 MB); a request waits at most
# EXTRACT_WAIT_S for one of EXTRACT_PARALLEL extraction slots and runs at most EXTRACT_TIMEOUT_S, else 503
MAX_EXTRACT_CHARS = 60_000
MAX_EXTRACT_TOKENS = 12_000  # words and punctuation marks: what the stages' time grows with
_TOKEN = re.compile(r"\w+|[^\w\s]")
EXTRACT_WAIT_S = 15.0
EXTRACT_TIMEOUT_S = 30.0
# extractions at once: the stages are re-entrant (tests/test_reentrant.py), so requests need no
# lock; one a core keeps the CPU and memory of a server bounded
EXTRACT_PARALLEL = 2

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
    503: "busy",
}


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a human message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


# -- services shared by the API and the pages --------------------------------------

class Services:
    """The store and the pipeline, opened lazily and shared by all requests."""

    def __init__(self, db_url: str | None, token: str | None, store: Any = None, pipeline: Any = None,
                 max_body: int = MAX_BODY) -> None:
        self.db_url = db_url
        self.token = token or None
        self.max_body = max_body
        self._store = store
        self._pipeline = pipeline
        self._lock = threading.Lock()
        self.extract_parallel = EXTRACT_PARALLEL
        self._extract_slots = threading.BoundedSemaphore(self.extract_parallel)
        self.max_extract_chars = MAX_EXTRACT_CHARS
        self.max_extract_tokens = MAX_EXTRACT_TOKENS
        self.extract_wait = EXTRACT_WAIT_S
        self.extract_timeout = EXTRACT_TIMEOUT_S

    @property
    def store(self) -> Any:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from ..corpus.store import Store

                    self._store = Store(url=self.db_url)
        return self._store

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    from ..pipeline import default_pipeline

                    self._pipeline = default_pipeline()
        return self._pipeline

    def _budgeted(self, doc: Any) -> Any:
        """The document read (``InputError`` → 422) and checked against the text budget (413)."""
        from ..pipeline import as_source

        src = as_source(doc)
        if len(src.text) > self.max_extract_chars:
            raise ApiError(413, "payload_too_large",
                           f"Текст статьи длиннее {self.max_extract_chars:,} символов ({len(src.text):,}); "
                           "такие тексты извлекайте через `derek extract` или `derek ingest` "
                           "(text too long to extract here).")
        tokens = sum(1 for _ in _TOKEN.finditer(src.text))
        if tokens > self.max_extract_tokens:
            raise ApiError(413, "payload_too_large",
                           f"В тексте больше {self.max_extract_tokens:,} слов и знаков ({tokens:,}); "
                           "такие тексты извлекайте через `derek extract` или `derek ingest` "
                           "(text too long to extract here).")
        return src

    def _extractor(self) -> threading.BoundedSemaphore:
        """An extraction slot, waited for at most ``extract_wait`` seconds (then 503)."""
        if not self._extract_slots.acquire(timeout=self.extract_wait):
            raise ApiError(503, "busy", "Все обработчики заняты другими запросами; повторите позже (extractor busy).",
                           {"Retry-After": "10"})
        return self._extract_slots

    def extract(self, doc: Any) -> Any:
        """One Article from a text/HTML string or a record dict (at most ``extract_parallel`` at once)."""
        src = self._budgeted(doc)
        pipe = self.pipeline
        lock = self._extractor()
        try:
            return pipe.extract(src)
        finally:
            lock.release()

    def ingest(self, doc: Any) -> Any:
        from ..corpus.ingest import Ingestor

        src = self._budgeted(doc)
        pipe = self.pipeline
        lock = self._extractor()
        try:
            return Ingestor(self.store, pipeline=pipe).add(src)
        finally:
            lock.release()

    def check_token(self, request: Request) -> None:
        """Raise unless the request carries the configured token."""
        if not self.token:
            raise ApiError(403, "read_only",
                           "Сервер работает только на чтение: запустите его с --token или DEREK_TOKEN, "
                           "чтобы разрешить запись (this server is read-only).")
        auth = request.headers.get("authorization") or ""
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "unauthorized", "Нужен заголовок Authorization: Bearer <token>.",
                           {"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(401, "unauthorized", "Неверный токен.", {"WWW-Authenticate": "Bearer"})


def services(request: Request) -> Services:
    return request.app.state.derek
