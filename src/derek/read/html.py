"""HTML → article text and metadata: the body through trafilatura, the page's own metadata beside it.

A page is parsed once (lxml); its JSON-LD, meta tags and markup give the
title, publication time (with the page's own offset), authors and outlet
(``derek.read.meta``), trafilatura fills what they lack and finds the body;
a page with no article body is refused (``derek.read.refuse``), never read
from its menus. A failure to import or parse is that input's ``InputError``.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Any

from ..dates import page_time
from ..errors import InputError
from .meta import PageMeta, local_zone, page_meta, split_authors
from .refuse import refusal
from .source import Source
from .title import pick_title

log = logging.getLogger("derek.read")

_TAGS = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|p|article|section|meta|title|span|a\s|br|h[1-6]|ul|li|table|script)\b",
    re.IGNORECASE,
)
_BLOCK = re.compile(r"(?is)<\s*(script|style|noscript|template)\b.*?(?:</\s*\1\s*>|$)")
_BREAK = re.compile(r"(?i)<\s*(?:br|/p|/div|/h[1-6]|/li|/tr|/article|/section|/blockquote|p|div|h[1-6]|li)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>?")
_NO_TIME = re.compile(r"T00:00:00(?:[+-]\d{2}:?\d{2}|Z)?$")


def looks_like_html(text: str) -> bool:
    """True for an HTML page or fragment: starts with a tag, or carries several HTML tags early on."""
    head = text[:5000].lstrip()
    if head.startswith("<") and _TAGS.match(head):
        return True
    return len(_TAGS.findall(head)) >= 3


def fragment_text(html: str) -> str:
    """Small HTML (a feed item's content) → text with one paragraph per line."""
    import html as htmllib

    s = _BLOCK.sub(" ", html)
    s = _BREAK.sub("\n", s)
    s = htmllib.unescape(_TAG.sub("", s))
    lines = [" ".join(line.split()) for line in s.splitlines()]
    return "\n\n".join(line for line in lines if line)


def _parse(html: str, label: str) -> tuple[Any, Any]:
    try:
        import trafilatura
        from trafilatura.utils import load_html
    except ImportError as e:
        raise InputError(label, f"cannot read HTML: a dependency is missing ({e})", code="E112",
                         hint="reinstall derek: pip install -U derek (it needs lxml[html_clean])") from None
    try:
        tree = load_html(html)
    except Exception as e:  # noqa: BLE001 - lxml on pathological markup
        raise InputError(label, f"cannot parse the HTML: {e}", code="E113") from None
    if tree is None:
        raise InputError(label, "cannot parse the HTML: no document in it", code="E113")
    return trafilatura, tree


_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "extensive_search": True, "original_date": True}


def _bare(trafilatura: Any, tree: Any, url: str | None, label: str) -> dict[str, Any]:
    """trafilatura's body (its metadata is read apart, only when the page's own lacks something)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                              include_tables=True)
        except Exception as e:  # noqa: BLE001 - trafilatura/lxml on pathological markup
            log.warning("%s: trafilatura failed (%s)", label, e)
            return {}
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def _more_meta(tree: Any, url: str | None, meta: PageMeta, label: str) -> dict[str, Any]:
    """trafilatura's metadata finder (bylines in the text, htmldate), when JSON-LD and meta tags
    leave the time, the authors, the title or the outlet unknown; ``{}`` otherwise."""
    if meta.published and meta.authors and meta.titles and meta.outlet:
        return {}
    from trafilatura.metadata import extract_metadata

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = extract_metadata(tree, url, _DATE_PARAMS, False, None)
        except Exception as e:  # noqa: BLE001 - a metadata finder failing leaves the fields empty
            log.debug("%s: trafilatura metadata failed (%s)", label, e)
            return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else {}


_COPYRIGHT_YEAR = re.compile(r"(?:©|&copy;|copyright)\s*(?:\d{4}\s*[-–—]\s*)?(\d{4})", re.IGNORECASE)


def copyright_guess(value: str, page_text: str) -> bool:
    """htmldate's last resort: «© 2025» read as 2025-01-01. Not a publication date."""
    m = re.match(r"(\d{4})-01-01(?:T00:00:00)?", value.strip())
    return bool(m) and m.group(1) in set(_COPYRIGHT_YEAR.findall(page_text))


def _published(meta: PageMeta, found: dict[str, Any], zone: Any, html: str) -> str | None:
    if meta.published:
        return meta.published
    value = found.get("date")
    if not value or copyright_guess(value, html):
        return None
    iso = page_time(value, zone)
    if iso and "T" in iso and _NO_TIME.search(value.strip()):
        return iso[:10]  # htmldate pads a date without time with midnight
    return iso


def _authors(meta: PageMeta, found: dict[str, Any]) -> list[str]:
    """JSON-LD and meta tags first, then trafilatura's byline finder, then ``itemprop="author"``."""
    return meta.authors or split_authors((found.get("author") or "").split(";")) or meta.more_authors


_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*", re.UNICODE)


def signature(tree: Any, paragraphs: list[str]) -> str | None:
    """A signed article: its last paragraph is a name alone (2–4 capitalized words) set in bold
    or right-aligned («<p style="text-align:right"><strong>Lê Phương</strong></p>») → the name."""
    if len(paragraphs) < 2:
        return None
    last = " ".join(paragraphs[-1].split())
    words = last.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words):
        return None
    for el in tree.xpath("//strong|//b|//p[contains(translate(@style,'RIGHT','right'),'right')]"):
        if " ".join((el.text_content() or "").split()) == last:
            return last
    return None


def _site_name(value: Any) -> str | None:
    """trafilatura's site name when it is a name (letters, not too long; not «[::1» or «Copyright © 2009»)."""
    if not isinstance(value, str):
        return None
    v = " ".join(value.split())
    if not v or len(v) > 60 or not re.search(r"[^\W\d_]", v) or re.match(r"(?i)copyright|©", v):
        return None
    return v


def from_html(html: str, url: str | None = None, name: str | None = None,
              min_text: int | None = None) -> Source:
    """Extract the article body and the page's metadata; a page with no article is refused.

    ``min_text``: characters of running text an article has at least (default
    ``refuse.MIN_TEXT``, or ``DEREK_MIN_TEXT``); a page below it raises
    ``InputError`` E111 «no article text found: <reason>».
    """
    label = name or url or "<html>"
    trafilatura, tree = _parse(html, label)
    meta = page_meta(tree, url)
    found = _bare(trafilatura, tree, url, label)
    # one paragraph a line from trafilatura → a blank line between paragraphs, as in saved text pages
    paragraphs = [line.strip() for line in (found.get("text") or "").splitlines() if line.strip()]
    why = refusal(tree, paragraphs, min_text, declared=meta.is_article, dated=meta.dated)
    if why:
        raise InputError(label, f"no article text found: {why}", code="E111",
                         hint="not an article page; lower --min-text to accept short texts")
    found.update({k: v for k, v in _more_meta(tree, url, meta, label).items() if k != "text"})
    signed = signature(tree, paragraphs)
    if signed:  # the signature line is the author, not the text
        paragraphs = paragraphs[:-1]
        if signed.casefold() not in {a.casefold() for a in meta.authors}:
            meta.authors = [*meta.authors, signed]
    outlet = meta.outlet or _site_name(found.get("sitename"))
    zone = local_zone(meta.host, meta.locale)
    title = pick_title(meta.titles or ([found["title"]] if found.get("title") else []), outlet, meta.host)
    return Source(
        text="\n\n".join(paragraphs),
        url=url or found.get("url"),
        title=title,
        published=_published(meta, found, zone, html),
        source=None,
        name=name,
        is_html=True,
        authors=_authors(meta, found),
        outlet=outlet,
        kz_local=zone is not None,
    )
