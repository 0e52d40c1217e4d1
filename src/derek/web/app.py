"""The FastAPI application: JSON API under ``/api``, HTML pages elsewhere, one error shape.

``create_app(db_url=None, token=None)`` builds it; ``derek serve`` runs it with uvicorn.
The store opens on first use; the extraction models load on the first extraction.
Writing endpoints need the token (``Authorization: Bearer …``); without a configured
token the server is read-only.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import DerekError
from . import i18n, render
from .api import router as api_router
from .pages import router as pages_router
from .services import EXTRACT_TIMEOUT_S as EXTRACT_TIMEOUT_S
from .services import EXTRACT_WAIT_S as EXTRACT_WAIT_S
from .services import MAX_BODY, MAX_PAGE, STATUS_CODES, ApiError, Services, error_body
from .services import MAX_EXTRACT_CHARS as MAX_EXTRACT_CHARS
from .services import MAX_EXTRACT_TOKENS as MAX_EXTRACT_TOKENS
from .services import services as services

log = logging.getLogger("derek.web")

HERE = Path(__file__).resolve().parent


# -- request body limit -------------------------------------------------------------

class BodyLimit:
    """ASGI middleware: a request body over ``max_body`` bytes gets 413 before the app reads it all."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = JSONResponse(
            error_body("payload_too_large", f"Тело запроса больше {self.max_body} байт (request body too large)."),
            status_code=413,
        )
        if length is not None:
            try:
                if int(length) > self.max_body:
                    await too_big(scope, receive, send)
                    return
            except ValueError:
                await JSONResponse(error_body("bad_request", "Неверный заголовок Content-Length."),
                                   status_code=400)(scope, receive, send)
                return
        seen = 0
        sent = False

        async def send_wrapper(message: Message) -> None:
            nonlocal sent
            if message["type"] == "http.response.start":
                sent = True
            await send(message)

        class TooBig(Exception):
            pass

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body") or b"")
                if seen > self.max_body:
                    raise TooBig
            return message

        try:
            await self.app(scope, limited, send_wrapper)
        except TooBig:
            if not sent:
                await too_big(scope, receive, send)


class Guard:
    """ASGI middleware, outermost: a NUL character in the path or the query (which no database
    column can hold) is refused with 422 before any route runs, and an unexpected exception becomes
    a 500 in the error shape without being raised further, so the client's connection is kept."""

    def __init__(self, app: ASGIApp, on_error: Any) -> None:
        self.app = app
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope.get("path", "") or b"%00" in (scope.get("query_string") or b"").lower():
            body = error_body("invalid_parameter", "Символ NUL (%00) в адресе или параметрах не допускается.")
            await JSONResponse(body, status_code=422)(scope, receive, send)
            return
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:  # noqa: BLE001 - logged, answered, connection kept
            log.exception("unhandled error on %s", scope.get("path"))
            if not started:
                await self.on_error(Request(scope, receive), exc)(scope, receive, send)


# -- the app ------------------------------------------------------------------------

@pass_context
def _message(ctx: Any, key: str, default: str | None = None, **args: Any) -> Markup:
    return ctx["t"].markup(key, default, **args)


@pass_context
def _plural(ctx: Any, n: Any, key: str) -> str:
    return ctx["t"].plural(n, key)


@pass_context
def _when(ctx: Any, value: Any) -> str:
    return render.local_date(value, ctx["t"])


@pass_context
def _day(ctx: Any, value: Any) -> str:
    return render.local_date(value, ctx["t"], with_time=False)


def language_context(request: Request) -> dict[str, Any]:
    """What every template gets: the request's UI language, its catalog, the languages of the switch."""
    t = i18n.request_catalog(request)
    return {"lang": t.lang, "t": t, "languages": [(code, i18n.catalog(code)) for code in i18n.LANGS]}


def make_templates() -> Jinja2Templates:
    """The page templates; their texts come from the catalog of the request's language (``_``)."""
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html", "xml"], default=True),
    )
    env.globals["_"] = _message
    env.globals["plural"] = _plural
    env.filters["when"] = _when
    env.filters["day"] = _day
    env.globals["url_with"] = render.url_with
    env.globals["place_redundant"] = render.place_redundant
    env.globals["code"] = render.code
    env.globals["codes"] = render.codes
    env.globals["link"] = render.link
    env.filters["marked"] = render.marked
    env.filters["safe_href"] = render.safe_href
    env.globals["version"] = __version__
    return Jinja2Templates(env=env, context_processors=[language_context])


def schema_type(schema: dict[str, Any], spec: dict[str, Any], cat: i18n.Catalog | None = None) -> str:
    """A short type for the docs page: «integer ≤ 100», «article | quote | null»."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = spec.get("components", {}).get("schemas", {}).get(name, {})
        return " | ".join(map(str, target.get("enum", []))) or name
    if "anyOf" in schema:
        return " | ".join(schema_type(s, spec, cat) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    t = str(schema.get("type", ""))
    if schema.get("format"):
        t += f" ({schema['format']})"
    if "maximum" in schema:
        t += f" ≤ {schema['maximum']}"
    if "maxLength" in schema:
        t += (cat or i18n.catalog("ru")).text("docs.max_chars", n=schema["maxLength"])
    return t


def openapi_endpoints(spec: dict[str, Any], t: i18n.Catalog | None = None) -> list[dict[str, Any]]:
    out = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            out.append({
                "path": path, "method": method, "summary": op.get("summary", ""),
                "anchor": f"{method}-" + path.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
                "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                            "type": schema_type(p.get("schema", {}), spec, t),
                            "default": p.get("schema", {}).get("default"),
                            "description": p.get("description", "")} for p in op.get("parameters", [])],
                "body": list(op.get("requestBody", {}).get("content", {})),
            })
    return out


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def ui_text(request: Request, key: str, **args: Any) -> str:
    """A message in the page's UI language; the JSON API's messages stay as they were (Russian)."""
    cat = i18n.catalog(i18n.DEFAULT) if is_api(request) else i18n.request_catalog(request)
    return cat.text(key, **args)


def wants_json(request: Request) -> bool:
    if is_api(request):
        return True
    accept = request.headers.get("accept") or ""
    return "application/json" in accept and "text/html" not in accept


API_DESCRIPTION = (
    "Люди, должности, цитаты, организации и места из новостей Казахстана и СНГ.\n\n"
    "Every HTML page has a JSON twin here. Errors have one shape: "
    f'`{{"error": {{"code": …, "message": …}}}}`. Pages: `limit` (1…{MAX_PAGE}) and `offset`. '
    "Writing endpoints need `Authorization: Bearer <token>`; without a configured token "
    "the server is read-only."
)


def create_app(db_url: str | None = None, token: str | None = None, *, max_body: int = MAX_BODY,
               store: Any = None, pipeline: Any = None) -> FastAPI:
    """The derek web application over the store at ``db_url`` (default: ``DEREK_DB`` or ``derek.db``).

    ``token`` enables the writing endpoints; when it is None, ``DEREK_TOKEN`` is used if set.
    """
    if token is None:
        token = os.environ.get("DEREK_TOKEN") or None
    app = FastAPI(
        title="derek",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url=None,  # our own /docs page: no JavaScript from a CDN
        redoc_url=None,
    )
    app.state.derek = Services(db_url, token, store=store, pipeline=pipeline, max_body=max_body)
    templates = make_templates()
    app.state.templates = templates

    def error_response(request: Request, status: int, code: str, message: str,
                       headers: dict[str, str] | None = None, **extra: Any) -> Response:
        if wants_json(request):
            return JSONResponse(error_body(code, message, **extra), status_code=status, headers=headers)
        return templates.TemplateResponse(request, "error.html", {
            "status": status, "code": code, "message": message, "extra": extra,
            "params": dict(request.query_params), "json_url": None,
        }, status_code=status, headers=headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = ui_text(request, "error.no_page", path=request.url.path)
        elif exc.status_code == 405:
            message = ui_text(request, "error.method", method=request.method, path=request.url.path)
        return error_response(request, exc.status_code, code, message, dict(exc.headers or {}) or None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        fields = []
        for err in exc.errors():
            loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
            fields.append({"field": ".".join(loc) or "body", "message": err.get("msg", "invalid")})
        message = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or ui_text(request, "error.bad_parameters")
        return error_response(request, 422, "invalid_parameter", message, fields=fields)

    @app.exception_handler(DerekError)
    async def _derek_error(request: Request, exc: DerekError) -> Response:
        return error_response(request, 422, exc.code, str(exc))

    def crash_response(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, "internal_error", ui_text(request, "error.internal", name=type(exc).__name__))

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs_page(request: Request) -> Response:
        spec = app.openapi()
        return templates.TemplateResponse(request, "docs.html", {
            "spec": spec, "endpoints": openapi_endpoints(spec, i18n.request_catalog(request)),
            "json_url": "/openapi.json",
            "params": dict(request.query_params),
        })

    app.add_middleware(i18n.LangCookie)
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(Guard, on_error=crash_response)
    return app
