"""The JSON API: the corpus queries over HTTP, extraction, and ingest (with the token)."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..corpus import queries
from . import render
from .services import MAX_PAGE, ApiError, Services, services


class ErrorDetail(BaseModel):
    code: str = Field(description="a stable code: not_found, invalid_parameter, payload_too_large, busy, …")
    message: str


class ErrorOut(BaseModel):
    """The one error shape of every endpoint."""

    error: ErrorDetail


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {400: "a malformed request (a bad Content-Length header)", 401: "no token, or a wrong one",
            403: "the server is read-only (no token configured)", 404: "no such record",
            413: "the body, or the text in it, is larger than this server extracts",
            415: "a body type other than JSON, text or HTML",
            422: "bad parameters or body (a NUL character, a number out of range, text that is not an article)",
            503: "the extractor is busy or the extraction ran over its time budget; retry later"}
    return {c: {"model": ErrorOut, "description": what[c]} for c in codes}


READ_ERRORS = _responses(400, 422)
WRITE_ERRORS = _responses(413, 415, 503)
router = APIRouter(prefix="/api", tags=["api"], responses=READ_ERRORS)
MAX_ID = queries.MAX_ID
RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="a record id")]

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
DateFrom = Annotated[date | None, Query(description="first day, YYYY-MM-DD (inclusive)")]
DateTo = Annotated[date | None, Query(description="last day, YYYY-MM-DD (inclusive)")]
Text = Annotated[str | None, Query(max_length=200)]
Svc = Annotated[Services, Depends(services)]


class Kind(StrEnum):
    article = "article"
    quote = "quote"


class PeopleSort(StrEnum):
    articles = "articles"
    mentions = "mentions"
    name = "name"
    recent = "recent"


class DocumentIn(BaseModel):
    """An article to extract or ingest: ``text`` or ``html``, with optional metadata."""

    text: str | None = Field(None, description="plain text of the article (as saved)")
    html: str | None = Field(None, description="the saved HTML page")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601, e.g. 2025-12-25T16:46:00+05:00")
    source: str | None = None


DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DocumentIn.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


def dates(date_from: date | None, date_to: date | None) -> tuple[str | None, str | None]:
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, "invalid_parameter", "date_from позже date_to (date_from is after date_to).")
    return (date_from.isoformat() if date_from else None, date_to.isoformat() if date_to else None)


def clean_text(v: str | None) -> str | None:
    v = (v or "").strip()
    return v or None


async def read_document(request: Request) -> dict[str, Any]:
    """The posted article as a record dict; JSON, text/plain or text/html bodies."""
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    raw = await request.body()
    if not raw.strip():
        raise ApiError(422, "empty_body", "Пустое тело запроса: пришлите текст или HTML статьи.")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(422, "bad_encoding", f"Тело запроса не в UTF-8 (байт {e.start}).") from e
    if ctype in ("application/json", ""):
        try:
            data = json.loads(body)
        except json.JSONDecodeError as e:
            if ctype == "":
                return {"text": body}
            raise ApiError(422, "bad_json", f"Неверный JSON: {e.msg} (строка {e.lineno}, позиция {e.colno}).") from e
        except RecursionError:
            raise ApiError(422, "bad_json", "Неверный JSON: слишком глубокая вложенность (nested too deep).") from None
        if not isinstance(data, dict):
            raise ApiError(422, "bad_json", 'Ожидается объект JSON с полем "text" или "html".')
        try:
            doc = DocumentIn.model_validate(data)
        except ValueError as e:
            raise ApiError(422, "invalid_parameter", f"Неверные поля документа: {e}") from e
        if not (doc.text or "").strip() and not (doc.html or "").strip():
            raise ApiError(422, "empty_body", 'Нужно непустое поле "text" или "html".')
        return doc.model_dump(exclude_none=True)
    if ctype == "text/plain":
        return {"text": body}
    if ctype in ("text/html", "application/xhtml+xml"):
        return {"html": body}
    raise ApiError(415, "unsupported_media_type",
                   f"Тип {ctype} не поддерживается: application/json, text/plain или text/html.")


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


# -- read ---------------------------------------------------------------------------

@router.get("/stats", summary="Counts, date range and outlets of the corpus")
def api_stats(svc: Svc) -> dict[str, Any]:
    return queries.stats(svc.store)


@router.get("/search", summary="Full-text search over articles and quotes")
def api_search(svc: Svc, q: Annotated[str, Query(max_length=200, description="words to find (optional with author)")] = "",
               kind: Kind | None = None, date_from: DateFrom = None, date_to: DateTo = None,
               outlet: Text = None, limit: Limit = 20, offset: Offset = 0,
               author: Annotated[str | None, Query(max_length=200, description="an author's name or a word of it")] = None,
               ) -> dict[str, Any]:
    author = clean_text(author)
    if not q.strip() and not author:
        raise ApiError(422, "invalid_parameter", "q: пустой запрос (empty query).")
    df, dt = dates(date_from, date_to)
    return queries.search(svc.store, q.strip(), kind=kind.value if kind else None, date_from=df, date_to=dt,
                          outlet=clean_text(outlet), limit=limit, offset=offset, author=author)


@router.get("/articles", summary="Articles, newest first; filter by date, outlet, person, organization")
def api_articles(svc: Svc, date_from: DateFrom = None, date_to: DateTo = None, outlet: Text = None,
                 person: Annotated[int | None, Query(ge=1, le=MAX_ID, description="person id")] = None,
                 org: Annotated[int | None, Query(ge=1, le=MAX_ID, description="organization id")] = None,
                 limit: Limit = 20, offset: Offset = 0,
                 author: Annotated[str | None, Query(max_length=200, description="an author's name or a word of it")] = None,
                 ) -> dict[str, Any]:
    df, dt = dates(date_from, date_to)
    return queries.list_articles(svc.store, date_from=df, date_to=dt, outlet=clean_text(outlet),
                                 person_id=person, org_id=org, limit=limit, offset=offset, author=clean_text(author))


@router.get("/articles/{article_id}", summary="One stored article with its entities, people and quotes",
            responses=_responses(404))
def api_article(svc: Svc, article_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    art = queries.get_article(svc.store, article_id)
    if art is None:
        raise not_found(f"Статья {article_id} не найдена (no such article).")
    return art


@router.get("/people", summary="People by number of articles (or mentions, name, recency)")
def api_people(svc: Svc, q: Text = None, sort: PeopleSort = PeopleSort.articles,
               limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return queries.list_people(svc.store, q=clean_text(q), sort=sort.value, limit=limit, offset=offset)


@router.get("/people/{person_id}", summary="One person: positions over time, quotes, co-mentioned people, mentions by day and week",
            responses=_responses(404))
def api_person(svc: Svc, person_id: RowId) -> dict[str, Any]:
    p = queries.get_person(svc.store, person_id)
    if p is None:
        raise not_found(f"Человек {person_id} не найден (no such person).")
    if "mentions_by_day" in p:
        p["mentions_by_week"] = render.by_week(p["mentions_by_day"])
    return p


@router.get("/organizations", summary="Organizations")
def api_organizations(svc: Svc, q: Text = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return queries.list_organizations(svc.store, q=clean_text(q), limit=limit, offset=offset)


@router.get("/organizations/{org_id}", summary="One organization: its people and posts, their quotes",
            responses=_responses(404))
def api_organization(svc: Svc, org_id: RowId) -> dict[str, Any]:
    o = queries.get_organization(svc.store, org_id)
    if o is None:
        raise not_found(f"Организация {org_id} не найдена (no such organization).")
    return o


@router.get("/posts", summary="Who held a post and when: «аким Алматы», «министр энергетики», on a day")
def api_posts(svc: Svc, title: Annotated[str | None, Query(max_length=200, description=(
                  "the post: «аким Алматы», «Алматы қаласының әкімі»; none: the posts of the corpus"))] = None,
              org: Text = None,
              on: Annotated[date | None, Query(description="YYYY-MM-DD: who held it on that day")] = None,
              limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    from ..corpus.holders import list_posts, post_holders

    if not clean_text(title):
        return list_posts(svc.store, limit=limit, offset=offset)
    return post_holders(svc.store, title or "", org=clean_text(org), on=on.isoformat() if on else None)


@router.get("/quotes", summary="Quotes: full text, by speaker, by date")
def api_quotes(svc: Svc, q: Text = None, speaker: Text = None, date_from: DateFrom = None,
               date_to: DateTo = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    df, dt = dates(date_from, date_to)
    return queries.list_quotes(svc.store, q=clean_text(q), speaker=clean_text(speaker), date_from=df,
                               date_to=dt, limit=limit, offset=offset)


# -- extract and ingest -----------------------------------------------------------------

async def within_budget(svc: Services, fn: Any, doc: dict[str, Any]) -> Any:
    """``fn(doc)`` in a worker thread, answered with 503 when it runs over the time budget (the
    extraction finishes in its thread and holds the extractor until then: later calls get 503 too)."""
    try:
        return await asyncio.wait_for(run_in_threadpool(fn, doc), timeout=svc.extract_timeout)
    except TimeoutError:
        raise ApiError(503, "busy", f"Извлечение не уложилось в {svc.extract_timeout:g} с; повторите позже "
                                    "(extraction ran over its time budget).", {"Retry-After": "30"}) from None


@router.post("/extract", summary="Extract an Article from posted text or HTML (nothing is stored)",
             openapi_extra=DOCUMENT_BODY, responses=WRITE_ERRORS)
async def api_extract(request: Request) -> dict[str, Any]:
    svc: Services = request.app.state.derek
    doc = await read_document(request)
    article = await within_budget(svc, svc.extract, doc)
    return article.to_dict()


@router.post("/articles", summary="Ingest an article into the store (needs the token)", status_code=201,
             openapi_extra=DOCUMENT_BODY, responses={**WRITE_ERRORS, **_responses(401, 403)})
async def api_ingest(request: Request) -> JSONResponse:
    svc: Services = request.app.state.derek
    svc.check_token(request)
    doc = await read_document(request)
    result = await within_budget(svc, svc.ingest, doc)
    status = str(getattr(result, "status", "") or "")
    body = {"status": status, "article_id": getattr(result, "article_id", None),
            "reason": getattr(result, "reason", None)}
    if status == "failed":
        raise ApiError(422, "ingest_failed", f"Статья не сохранена: {body['reason'] or 'неизвестная причина'}.")
    headers = {"Location": f"/api/articles/{body['article_id']}"} if body["article_id"] else None
    return JSONResponse(body, status_code=201 if status not in ("duplicate", "exists") else 200, headers=headers)
