"""The web UI's languages: message catalogs and the choice of a language per request.

Every user-visible string of the HTML pages lives in a catalog, one TOML file per language
under ``locales/`` (``ru.toml``, ``kk.toml``): tables of keys, so ``[nav] people = "Люди"`` is
the message ``nav.people``. A plural message is a list of forms, chosen by the language's rule
(Russian has three forms, Kazakh one: a noun after a numeral stays singular). Placeholders are
``{name}``; in templates every argument is escaped unless it is already markup.

The language of a request: ``?lang=kk|ru`` (which also sets the :data:`COOKIE` for a year),
else the cookie, else the ``Accept-Language`` header (the best-rated language we have), else
Russian; an unknown ``lang`` or cookie value is passed over, like a language we do not have.
The JSON API is not translated.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCALES = Path(__file__).resolve().parent / "locales"
LANGS = ("ru", "kk")
DEFAULT = "ru"
COOKIE = "derek_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
FORMAT = 1  # the catalog file format this code reads ([_meta] format)


class CatalogError(ValueError):
    """A catalog file is missing, malformed, or lacks a message."""


def ru_plural_index(n: int) -> int:
    """Russian: 1 статья, 2 статьи, 5 статей (21 статья, 12 статей)."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def kk_plural_index(n: int) -> int:
    """Kazakh: a noun after a numeral keeps its singular form (1 мақала, 5 мақала)."""
    return 0


PLURAL_RULES: dict[str, tuple[int, Callable[[int], int]]] = {
    "ru": (3, ru_plural_index),
    "kk": (1, kk_plural_index),
}

Entry = str | tuple[str, ...]  # a message, or a plural's / a list's forms


@dataclass(frozen=True)
class Catalog:
    """The messages of one language, by dotted key."""

    lang: str
    name: str  # the language's own name: «Русский», «Қазақша»
    label: str  # its short label in the switch: «Рус», «Қаз»
    messages: Mapping[str, Entry]
    source: Path

    def raw(self, key: str) -> Entry:
        try:
            return self.messages[key]
        except KeyError:
            raise CatalogError(f"no message {key!r} in the {self.lang} catalog ({self.source})") from None

    def text(self, key: str, default: str | None = None, **args: Any) -> str:
        """The message as plain text with ``args`` put in (for error messages and attributes)."""
        if default is not None and key not in self.messages:
            return default
        msg = self.raw(key)
        if not isinstance(msg, str):
            raise CatalogError(f"message {key!r} of the {self.lang} catalog is plural: use plural()")
        return msg.format(**args) if args else msg

    def markup(self, key: str, default: str | None = None, **args: Any) -> Markup:
        """The message as HTML: its text escaped, each argument escaped unless it is markup."""
        if default is not None and key not in self.messages:
            return escape(default)
        msg = self.raw(key)
        if not isinstance(msg, str):
            raise CatalogError(f"message {key!r} of the {self.lang} catalog is plural: use plural()")
        return escape(msg).format(**args) if args else escape(msg)

    def plural(self, n: Any, key: str) -> str:
        """The form of the plural message ``key`` that goes after the number ``n``."""
        forms = self.raw(key)
        if isinstance(forms, str):
            raise CatalogError(f"message {key!r} of the {self.lang} catalog is not plural")
        _, rule = PLURAL_RULES[self.lang]
        return forms[min(rule(int(n or 0)), len(forms) - 1)]

    def seq(self, key: str) -> tuple[str, ...]:
        """A list message (month names)."""
        forms = self.raw(key)
        return (forms,) if isinstance(forms, str) else forms


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, Entry], source: Path) -> None:
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            _flatten(v, key + ".", out, source)
        elif isinstance(v, str):
            out[key] = v
        elif isinstance(v, list) and v and all(isinstance(x, str) for x in v):
            out[key] = tuple(v)
        else:
            raise CatalogError(f"{source}: {key} must be a string or a list of strings")


def read_catalog(path: Path) -> Catalog:
    """A catalog file, checked: its ``[_meta]`` format and language, plural forms of the right count."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"catalog file {path} is missing") from None
    except tomllib.TOMLDecodeError as e:
        raise CatalogError(f"catalog file {path} is not valid TOML: {e}") from None
    meta = data.pop("_meta", None)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CatalogError(f"catalog file {path}: [_meta] format must be {FORMAT}, "
                           f"got {None if not isinstance(meta, dict) else meta.get('format')!r}")
    lang = meta.get("lang")
    if lang not in PLURAL_RULES:
        raise CatalogError(f"catalog file {path}: [_meta] lang {lang!r} has no plural rule")
    messages: dict[str, Entry] = {}
    _flatten(data, "", messages, path)
    n_forms, _ = PLURAL_RULES[lang]
    for key, msg in messages.items():
        if key.startswith("plural.") and (isinstance(msg, str) or len(msg) != n_forms):
            raise CatalogError(f"catalog file {path}: {key} needs {n_forms} plural form(s)")
    return Catalog(lang, str(meta.get("name", lang)), str(meta.get("label", lang)), messages, path)


@cache
def catalog(lang: str) -> Catalog:
    """The catalog of ``lang`` (one of :data:`LANGS`), read once."""
    if lang not in LANGS:
        raise CatalogError(f"unknown UI language {lang!r}; expected one of {', '.join(LANGS)}")
    cat = read_catalog(LOCALES / f"{lang}.toml")
    if cat.lang != lang:
        raise CatalogError(f"{cat.source}: [_meta] lang is {cat.lang!r}, expected {lang!r}")
    return cat


# -- choosing the language -----------------------------------------------------------

def negotiate(accept_language: str | None) -> str:
    """The best-rated of :data:`LANGS` in an ``Accept-Language`` header, else :data:`DEFAULT`.

    ``kk-KZ,kk;q=0.9,ru;q=0.8`` → kk; ``en-US,en;q=0.9`` → ru; ``kk;q=0`` (refused) → ru.
    """
    best, best_q = DEFAULT, 0.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                continue
        if q > best_q:
            best, best_q = primary, q
    return best


def param_lang(query: Mapping[str, str]) -> str | None:
    value = (query.get("lang") or "").strip().lower()
    return value if value in LANGS else None


def request_lang(conn: HTTPConnection) -> str:
    """The UI language of a request: ``?lang=``, then the cookie, then ``Accept-Language``."""
    chosen = param_lang(conn.query_params)
    if chosen:
        return chosen
    cookie = (conn.cookies.get(COOKIE) or "").strip().lower()
    if cookie in LANGS:
        return cookie
    return negotiate(conn.headers.get("accept-language"))


def request_catalog(conn: HTTPConnection) -> Catalog:
    return catalog(request_lang(conn))


class LangCookie:
    """ASGI middleware for the pages (not ``/api``, not ``/static``): ``?lang=kk|ru`` sets the
    language cookie; an HTML answer says it varies by cookie and ``Accept-Language``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path or path == "/api" or path.startswith(("/api/", "/static/")):
            await self.app(scope, receive, send)
            return
        chosen = param_lang(HTTPConnection(scope).query_params)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html"):
                    headers.append((b"vary", b"Accept-Language, Cookie"))
                if chosen:
                    cookie = f"{COOKIE}={chosen}; Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax"
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_wrapper)
