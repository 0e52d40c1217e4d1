"""The HTML pages: server-rendered Jinja2 over the same corpus queries as the JSON API.

Every page links its JSON twin (``json_url``). Filters are URL parameters; lists are
always paginated (``page``, :data:`PAGE` rows each).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from ..corpus import queries
from ..read import looks_like_html
from . import i18n, render
from .i18n import Catalog
from .services import MAX_BODY, ApiError, Services

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

PAGE = 20
PageNo = Annotated[int, Query(ge=1, le=500_000)]
Str = Annotated[str, Query(max_length=200)]


def svc_of(request: Request) -> Services:
    return request.app.state.derek


def ui(request: Request) -> Catalog:
    """The catalog of the request's UI language (``?lang=``, cookie, ``Accept-Language``)."""
    return i18n.request_catalog(request)


def page_response(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, {"params": dict(request.query_params), **context},
                                      status_code=status)


def day(value: str, name: str, t: Catalog | None = None) -> str | None:
    """A YYYY-MM-DD form value, or None when empty; anything else is a 422 naming the field."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as e:
        message = (t or i18n.catalog(i18n.DEFAULT)).text("error.bad_date", name=name, value=value)
        raise ApiError(422, "invalid_parameter", message) from e


def date_range(date_from: str, date_to: str, t: Catalog | None = None) -> tuple[str | None, str | None]:
    df, dt = day(date_from, "date_from", t), day(date_to, "date_to", t)
    if df and dt and df > dt:
        raise ApiError(422, "invalid_parameter", (t or i18n.catalog(i18n.DEFAULT)).text("error.date_order"))
    return df, dt


def pager(path: str, params: Mapping[str, Any], total: int, page: int, size: int = PAGE) -> dict[str, Any]:
    pages = max(1, -(-int(total or 0) // size))
    return {
        "page": page, "pages": pages, "total": total,
        "prev": render.url_with(path, params, page=page - 1) if page > 1 else None,
        "next": render.url_with(path, params, page=page + 1) if page < pages else None,
        "first_row": (page - 1) * size + 1, "last_row": min(page * size, int(total or 0)),
    }


def json_twin(path: str, params: Mapping[str, Any], page: int | None = None, **rename: Any) -> str:
    """The API URL for a page: same filters, ``page`` as ``limit``/``offset`` (``lang`` is the UI's only)."""
    p = {k: v for k, v in params.items() if k not in ("page", "lang")}
    p.update(rename)
    if page is not None:
        p["limit"] = PAGE
        p["offset"] = (page - 1) * PAGE
    return render.url_with(path, p)


def article_links(article: Mapping[str, Any], stored: bool) -> dict[str, str]:
    """Where each entity's mentions link: its person/org page when stored, a search otherwise."""
    links: dict[str, str] = {}
    person_ids = article.get("person_ids") or {}
    org_ids = article.get("org_ids") or {}
    for e in article.get("entities") or []:
        eid, name, typ = e.get("id"), e.get("name") or "", e.get("type")
        if typ == "PER":
            links[eid] = f"/people/{person_ids[eid]}" if eid in person_ids else render.url_with("/people", {"q": name})
        elif typ == "ORG":
            links[eid] = (f"/organizations/{org_ids[eid]}" if eid in org_ids
                          else render.url_with("/organizations", {"q": name}))
        elif typ == "LOC" and stored:
            links[eid] = render.url_with("/search", {"q": name})
    return links


def article_context(article: dict[str, Any], stored: bool, t: Catalog | None = None) -> dict[str, Any]:
    links = article_links(article, stored)
    person_ids = article.get("person_ids") or {}
    entities = article.get("entities") or []
    by_id = {e.get("id"): e for e in entities}
    speakers = article.get("quote_speakers") or []  # stored: the speaker's person id per quote
    quotes = []
    for i, q in enumerate(article.get("quotes") or []):
        ent = q.get("speaker_entity")
        pid = speakers[i] if i < len(speakers) else person_ids.get(ent) if ent else None
        url = f"/people/{pid}" if pid else links.get(ent) if ent else None
        quotes.append(dict(q, anchor=f"q{i + 1}", speaker_url=url, speaker_id=pid))
    people = []
    for p in article.get("people") or []:
        people.append(dict(p, url=links.get(p.get("entity")), person_id=person_ids.get(p.get("entity"))))
    return {
        "article": article,
        "body": render.article_html(article, links, t),
        "quotes": quotes,
        "people": people,
        "orgs": [dict(e, url=links.get(e.get("id"))) for e in entities if e.get("type") == "ORG"],
        "places": [dict(e, url=links.get(e.get("id"))) for e in entities if e.get("type") == "LOC"],
        "by_id": by_id,
        "stored": stored,
    }


# -- pages ----------------------------------------------------------------------------

@router.get("/")
def home(request: Request) -> Response:
    store = svc_of(request).store
    return page_response(request, "home.html", {
        "stats": queries.stats(store),
        "people": queries.list_people(store, sort="articles", limit=10, offset=0),
        "articles": queries.list_articles(store, limit=10, offset=0),
        "json_url": "/api/stats",
    })


@router.get("/search")
def search_page(request: Request, q: Str = "", kind: Str = "", date_from: Str = "", date_to: Str = "",
                outlet: Str = "", page: PageNo = 1, author: Str = "") -> Response:
    store = svc_of(request).store
    df, dt = date_range(date_from, date_to, ui(request))
    if kind not in ("", "article", "quote"):
        raise ApiError(422, "invalid_parameter", ui(request).text("error.bad_kind", value=kind))
    result = None
    if q.strip() or author.strip():
        result = queries.search(store, q.strip(), kind=kind or None, date_from=df, date_to=dt,
                                outlet=outlet.strip() or None, limit=PAGE, offset=(page - 1) * PAGE,
                                author=author.strip() or None)
    params = dict(request.query_params)
    return page_response(request, "search.html", {
        "q": q, "kind": kind, "date_from": df or "", "date_to": dt or "", "outlet": outlet, "author": author,
        "result": result,
        "pager": pager("/search", params, result["total"], page) if result else None,
        "json_url": json_twin("/api/search", params, page) if q.strip() or author.strip() else "/api/search?q=",
    })


@router.get("/articles")
def articles_page(request: Request, date_from: Str = "", date_to: Str = "", outlet: Str = "",
                  person: Annotated[int | None, Query(ge=1)] = None, org: Annotated[int | None, Query(ge=1)] = None,
                  page: PageNo = 1, author: Str = "") -> Response:
    store = svc_of(request).store
    df, dt = date_range(date_from, date_to, ui(request))
    result = queries.list_articles(store, date_from=df, date_to=dt, outlet=outlet.strip() or None,
                                   person_id=person, org_id=org, limit=PAGE, offset=(page - 1) * PAGE,
                                   author=author.strip() or None)
    params = dict(request.query_params)
    return page_response(request, "articles.html", {
        "result": result, "date_from": df or "", "date_to": dt or "", "outlet": outlet,
        "person": queries.get_person(store, person) if person else None,
        "org": queries.get_organization(store, org) if org else None,
        "pager": pager("/articles", params, result["total"], page),
        "json_url": json_twin("/api/articles", params, page),
    })


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: Annotated[str, Path(max_length=64)]) -> Response:
    article = queries.get_article(svc_of(request).store, article_id)
    if article is None:
        raise ApiError(404, "not_found", ui(request).text("error.no_article", id=article_id))
    return page_response(request, "article.html", {
        **article_context(article, stored=True, t=ui(request)),
        "json_url": f"/api/articles/{article_id}",
    })


@router.get("/people")
def people_page(request: Request, q: Str = "", sort: Str = "articles", page: PageNo = 1) -> Response:
    store = svc_of(request).store
    sort = sort if sort in ("articles", "mentions", "name", "recent") else "articles"
    result = queries.list_people(store, q=q.strip() or None, sort=sort, limit=PAGE, offset=(page - 1) * PAGE)
    params = dict(request.query_params)
    return page_response(request, "people.html", {
        "q": q, "sort": sort, "result": result,
        "pager": pager("/people", params, result["total"], page),
        "json_url": json_twin("/api/people", params, page),
    })


@router.get("/people/{person_id}")
def person_page(request: Request, person_id: int, page: PageNo = 1) -> Response:
    store = svc_of(request).store
    person = queries.get_person(store, person_id)
    if person is None:
        raise ApiError(404, "not_found", ui(request).text("error.no_person", id=person_id))
    arts = queries.list_articles(store, person_id=person_id, limit=PAGE, offset=(page - 1) * PAGE)
    positions = person.get("positions") or []
    return page_response(request, "person.html", {
        "person": person,
        "timeline": render.timeline(positions),
        "chart": render.mentions_chart(person.get("mentions_by_day"), t=ui(request)),
        "articles": arts,
        "pager": pager(f"/people/{person_id}", dict(request.query_params), arts["total"], page),
        "json_url": f"/api/people/{person_id}",
    })


@router.get("/organizations")
def orgs_page(request: Request, q: Str = "", page: PageNo = 1) -> Response:
    store = svc_of(request).store
    result = queries.list_organizations(store, q=q.strip() or None, limit=PAGE, offset=(page - 1) * PAGE)
    params = dict(request.query_params)
    return page_response(request, "organizations.html", {
        "q": q, "result": result,
        "pager": pager("/organizations", params, result["total"], page),
        "json_url": json_twin("/api/organizations", params, page),
    })


@router.get("/organizations/{org_id}")
def org_page(request: Request, org_id: int, page: PageNo = 1) -> Response:
    store = svc_of(request).store
    org = queries.get_organization(store, org_id)
    if org is None:
        raise ApiError(404, "not_found", ui(request).text("error.no_org", id=org_id))
    arts = queries.list_articles(store, org_id=org_id, limit=PAGE, offset=(page - 1) * PAGE)
    return page_response(request, "organization.html", {
        "org": org, "articles": arts,
        "pager": pager(f"/organizations/{org_id}", dict(request.query_params), arts["total"], page),
        "json_url": f"/api/organizations/{org_id}",
    })


@router.get("/posts")
def posts_page(request: Request, title: Str = "", org: Str = "", on: Str = "", page: PageNo = 1) -> Response:
    from ..corpus.holders import list_posts, post_holders

    on_day = day(on, "on", ui(request))
    store = svc_of(request).store
    result = post_holders(store, title, org=org.strip() or None, on=on_day) if title.strip() \
        else {"total": 0, "items": []}
    listed = list_posts(store, limit=PAGE, offset=(page - 1) * PAGE) if not title.strip() else None
    return page_response(request, "posts.html", {
        "title": title, "org": org, "on": on_day or "", "result": result, "listed": listed,
        "pager": pager("/posts", dict(request.query_params), listed["total"], page) if listed else None,
        "json_url": render.url_with("/api/posts", {k: v for k, v in
                                                   {"title": title, "org": org, "on": on_day}.items() if v}),
    })


@router.get("/quotes")
def quotes_page(request: Request, q: Str = "", speaker: Str = "", date_from: Str = "", date_to: Str = "",
                page: PageNo = 1) -> Response:
    store = svc_of(request).store
    df, dt = date_range(date_from, date_to, ui(request))
    result = queries.list_quotes(store, q=q.strip() or None, speaker=speaker.strip() or None, date_from=df,
                                 date_to=dt, limit=PAGE, offset=(page - 1) * PAGE)
    params = dict(request.query_params)
    return page_response(request, "quotes.html", {
        "q": q, "speaker": speaker, "date_from": df or "", "date_to": dt or "", "result": result,
        "pager": pager("/quotes", params, result["total"], page),
        "json_url": json_twin("/api/quotes", params, page),
    })


@router.get("/extract")
def paste_form(request: Request) -> Response:
    return page_response(request, "paste.html", {"text": "", "url": "", "json_url": "/docs#post-api-extract",
                                                 "max_body": MAX_BODY})


@router.post("/extract")
async def paste_result(request: Request, text: Annotated[str, Form(max_length=MAX_BODY)] = "",
                       url: Annotated[str, Form(max_length=2000)] = "") -> Response:
    svc = svc_of(request)
    if not text.strip():
        return page_response(request, "paste.html", {
            "text": text, "url": url, "json_url": "/docs#post-api-extract", "max_body": MAX_BODY,
            "problem": ui(request).text("paste.problem"),
        }, status=422)
    is_html = looks_like_html(text)
    doc: dict[str, Any] = {"html": text} if is_html else {"text": text}
    if url.strip():
        doc["url"] = url.strip()
    article = (await run_in_threadpool(svc.extract, doc)).to_dict()
    return page_response(request, "article.html", {
        **article_context(article, stored=False, t=ui(request)),
        "pasted": True,
        "json_url": "/docs#post-api-extract",
    })
