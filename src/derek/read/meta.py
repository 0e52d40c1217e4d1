"""A web page's own metadata: title, publication time, authors, outlet.

Read from the parsed page, most explicit first:

- **JSON-LD** (``<script type="application/ld+json">``, also in ``@graph``
  and lists): the article object's ``headline``, ``datePublished``,
  ``author`` (names, or objects with a ``name``), ``publisher.name``;
- **meta tags**: ``og:title``, ``og:site_name``, ``article:published_time``
  and its kin, ``author`` / ``article:author`` (names, not profile URLs);
- **markup**: ``<time datetime>`` marked as the publication time
  (``itemprop="datePublished"``, ``pubdate``), elements with
  ``itemprop="author"``, ``rel="author"`` links, byline elements;

what is not found there is taken from trafilatura's own metadata by the
caller. ``PageMeta`` keeps the values as written; dates are ISO strings with
the page's own offset (``derek.dates.page_time``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any
from urllib.parse import urlsplit

from ..dates import KZ_TZ, page_time

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
    "scholarlyarticle", "techarticle", "report",
}
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dc.date",
    "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published",
    "cxenseparse:recs:publishtime",
)
_AUTHOR_META = ("author", "article:author", "og:article:author", "byl", "sailthru.author", "parsely-author",
                "dc.creator", "dcterms.creator", "cxenseparse:author")
_URLISH = re.compile(r"^(?:https?:|www\.|/)|\.(?:com|ru|kz|org|net)/", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^(?:by|von|de|par|di|door|av|af|автор(?:ы)?|текст|мәтін|авторы)\b[\s:]*", re.IGNORECASE)
_JOINERS = re.compile(r"\s*(?:,|;|\||/|\s&\s|\sand\s|\sund\s|\sи\s|\sжәне\s|\set\s|\sy\s|\se\s|\sog\s)\s*",
                      re.IGNORECASE)
_CODE_SUFFIX = re.compile(r"\s*\([\w.]{1,6}\)$")  # «Elena Oberholzer (obe)»: the desk's short code
_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "dos", "das", "bin",
              "ibn", "al", "el", "y", "e", "zu", "ten", "ter", "оглы", "кызы", "уулу", "ұлы", "қызы", "ибн"}
_NOT_NAMES = {"фото", "photo", "foto", "видео", "video", "источник", "source", "copyright", "©"}
_HOSTNAME = re.compile(r"(?:[\w-]+\.)+[\w-]{2,}", re.IGNORECASE)
KZ_HOST = re.compile(r"(?:^|\.)(?:kz|қаз)$", re.IGNORECASE)


@dataclass
class PageMeta:
    """What the page says about itself (``None`` / empty where it says nothing)."""

    title: str | None = None
    titles: list[str] = field(default_factory=list)  # every title candidate, best first
    published: str | None = None
    authors: list[str] = field(default_factory=list)  # from JSON-LD and meta tags
    more_authors: list[str] = field(default_factory=list)  # from markup (itemprop="author"): a last resort
    outlet: str | None = None
    host: str | None = None
    is_article: bool = False  # og:type article, or a JSON-LD article object
    locale: str | None = None  # og:locale, else <html lang>
    dated: bool = False  # the publication time is in JSON-LD or meta tags (not only in the markup)


def _text(el: Any) -> str:
    return " ".join((el.text_content() or "").split())


def _walk_ld(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, list):
        for x in obj:
            yield from _walk_ld(x)
    elif isinstance(obj, dict):
        yield obj
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(obj.get(key), list | dict):
                yield from _walk_ld(obj[key])


def _ld_types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in types if x}


def json_ld(tree: Any) -> list[dict[str, Any]]:
    """The page's JSON-LD objects (unreadable blocks skipped)."""
    out: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(translate(@type,"LDJSON","ldjson"),"ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(re.sub(r"[\x00-\x1f]", " ", raw))
            except ValueError:
                continue
        out.extend(_walk_ld(data))
    return out


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` (a string, an object, a list of either)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        return []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def clean_author(name: str, structured: bool = False) -> str | None:
    """«By Jane Doe», «Автор: Иван Петров» → the name; a URL, an e-mail or a sentence → ``None``.

    A byline with more than one lower-case word is no name («Фото из Инстаграма …»), unless the
    name is ``structured`` (a JSON-LD Person's name: «Guardian staff reporter»)."""
    s = " ".join(name.split()).strip(" ,;:|·•-–—")
    s = _BY_PREFIX.sub("", s).strip(" ,;:|·•-–—")
    s = _CODE_SUFFIX.sub("", s)
    if not s or _URLISH.search(s) or "@" in s or len(s) > 80 or len(s.split()) > 8:
        return None
    words = s.split()
    if words[0].casefold() in _NOT_NAMES:
        return None
    if not structured and sum(w[:1].islower() and w not in _PARTICLES for w in words) > 1:
        return None
    if not re.search(r"[^\W\d_]", s) or s.endswith((".", "!", "?")) and len(s.split()) > 4:
        return None
    return s


def split_authors(names: list[str], structured: bool = False) -> list[str]:
    """Names as found (some joined: «A, B und C») → one name each, cleaned, without repeats."""
    out: list[str] = []
    for raw in names:
        if _URLISH.search(raw.strip()):
            continue
        for part in _JOINERS.split(_BY_PREFIX.sub("", " ".join(raw.split()))):
            name = clean_author(part, structured)
            if name and name.casefold() not in {n.casefold() for n in out}:
                out.append(name)
    return out


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        val = (m.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def _ld_article(objs: list[dict[str, Any]]) -> dict[str, Any] | None:
    for o in objs:
        if _ld_types(o) & ARTICLE_TYPES:
            return o
    for o in objs:  # a WebPage that carries the article's fields
        if o.get("datePublished") or o.get("headline"):
            return o
    return None


def _markup_time(tree: Any) -> str | None:
    for xp in ('//*[@itemprop="datePublished"]', "//time[@pubdate]", "//article//time[@datetime]",
               "//time[@datetime]"):
        for el in tree.xpath(xp):
            value = el.get("datetime") or el.get("content") or _text(el)
            if value and re.match(r"\s*\d{4}-\d{2}-\d{2}", value):
                return value
    return None


def _markup_authors(tree: Any) -> list[str]:
    found: list[str] = []
    for el in tree.xpath('//*[@itemprop="author"]'):
        inner = el.xpath('.//*[@itemprop="name"]')
        value = inner[0].get("content") or _text(inner[0]) if inner else el.get("content") or _text(el)
        found.append(value)
    return [n for n in found if n]


def _resolve(value: Any, objs: list[dict[str, Any]]) -> Any:
    """JSON-LD references ``{"@id": …}`` replaced by the objects they name."""
    ids = {o["@id"]: o for o in objs if isinstance(o.get("@id"), str) and "name" in o}
    if isinstance(value, list):
        return [_resolve(v, objs) for v in value]
    if isinstance(value, dict) and "name" not in value and value.get("@id") in ids:
        return ids[value["@id"]]
    return value


def site_host(url: str | None) -> str | None:
    """«https://www.zakon.kz/…» → «zakon.kz»."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:  # «http://[::1»: no host to read
        return None
    host = host.removeprefix("www.")
    return host if _HOSTNAME.fullmatch(host) else None


def local_zone(host: str | None, locale: str | None = None) -> timezone | None:
    """The zone of a zoneless time on this page: Kazakhstan time for a Kazakhstan outlet, else none.

    A Kazakhstan outlet: a .kz host, a locale of Kazakhstan (``og:locale`` ru_KZ / kk_KZ, ``<html
    lang="kk">``), or a page of unknown origin (no URL, no country in its locale), which derek
    takes as it takes a text article. A page of another country keeps its times zoneless.
    """
    loc = (locale or "").replace("-", "_").lower()
    country = loc.split("_")[1] if "_" in loc else ""
    if host and KZ_HOST.search(host) or country == "kz" or loc.split("_")[0] == "kk":
        return KZ_TZ
    return KZ_TZ if not host and not country else None


def _locale(tree: Any, meta: dict[str, str]) -> str | None:
    return meta.get("og:locale") or tree.get("lang") or None


def page_meta(tree: Any, url: str | None = None) -> PageMeta:
    """The page's own title candidates, time, authors and outlet (see the module docstring)."""
    meta = _meta(tree)
    ld = json_ld(tree)
    art = _ld_article(ld) or {}
    host = site_host(url or meta.get("og:url") or _canonical(tree))
    outlet = _outlet(meta, ld, art)
    locale = _locale(tree, meta)
    zone = local_zone(host, locale)

    titles = [t for t in (
        art.get("headline") if isinstance(art.get("headline"), str) else None,
        meta.get("og:title"), meta.get("twitter:title"),
        _first_text(tree, "//h1"), _first_text(tree, "//title"),
    ) if t and t.strip()]
    pub_raw = art.get("datePublished") if isinstance(art.get("datePublished"), str) else None
    pub_raw = pub_raw or next((meta[k] for k in _PUBLISHED_META if meta.get(k)), None)
    dated = bool(pub_raw)
    pub_raw = pub_raw or _markup_time(tree)
    authors = split_authors(_names(_resolve(art.get("author"), ld)), structured=True)
    for name in split_authors([meta[k] for k in _AUTHOR_META if meta.get(k) and not _URLISH.search(meta[k])]):
        if name.casefold() not in {a.casefold() for a in authors}:
            authors.append(name)
    fallback = split_authors(_markup_authors(tree))
    declared = (meta.get("og:type") or "").lower() == "article" or any(_ld_types(o) & ARTICLE_TYPES for o in ld)
    return PageMeta(title=titles[0] if titles else None, titles=[" ".join(t.split()) for t in titles],
                    published=page_time(pub_raw, zone) if pub_raw else None,
                    authors=authors, more_authors=fallback, outlet=outlet or host, host=host,
                    is_article=declared, locale=locale, dated=dated)


def _outlet(meta: dict[str, str], ld: list[dict[str, Any]], art: dict[str, Any]) -> str | None:
    name = meta.get("og:site_name")
    if not name:
        pub = art.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            name = pub["name"]
    if not name:
        name = next((o["name"] for o in ld if _ld_types(o) & {"newsmediaorganization", "organization"}
                     and isinstance(o.get("name"), str)), None)
    name = " ".join((name or "").split())
    return name if name and len(name) <= 60 else None


def _canonical(tree: Any) -> str | None:
    links = tree.xpath('//link[@rel="canonical"]/@href')
    return links[0] if links else None


def _first_text(tree: Any, xp: str) -> str | None:
    for el in tree.xpath(xp):
        t = _text(el)
        if t:
            return t
    return None
