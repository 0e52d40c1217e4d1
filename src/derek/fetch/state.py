"""What the store keeps about fetching: per-URL state (validators, last status) and raw pages.

``fetch_state`` holds, for every page and feed URL asked for, the ETag / Last-Modified of its
last 200 (sent back on the next request, so an unchanged feed costs one 304), its last HTTP
status and failure. ``raw_pages`` holds the bytes of each fetched page and the article made
from it, for ``derek reextract`` and for skipping a feed's items already stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ..corpus import dedup
from ..corpus import models as m
from ..corpus.store import Store
from .client import Response
from .errors import HTTP_STATUS, NETWORK, ROBOTS, FetchError

st = m.fetch_state
raw = m.raw_pages


def _now() -> datetime:
    return datetime.now(UTC)


def _upsert(conn: Connection, table: Any, key: str, values: dict[str, Any]) -> None:
    if conn.execute(select(table.c.url).where(table.c.url == key)).first():
        conn.execute(update(table).where(table.c.url == key).values(**values))
    else:
        conn.execute(insert(table).values(url=key, **values))


def get_state(store: Store, url: str) -> dict[str, Any] | None:
    with store.connect() as conn:
        row = conn.execute(select(st).where(st.c.url == url)).mappings().first()
    return dict(row) if row else None


def get_raw(store: Store, url: str) -> dict[str, Any] | None:
    with store.connect() as conn:
        row = conn.execute(select(raw).where(raw.c.url == url)).mappings().first()
    return dict(row) if row else None


def record_response(store: Store, url: str, kind: str, resp: Response, *, feed: str | None = None,
                    validators: bool = True) -> None:
    """A 200 or a 304: the status, and (``validators``) the ETag / Last-Modified to send next time."""
    now = _now()
    values: dict[str, Any] = {"kind": kind, "status": resp.status, "code": None, "reason": None, "checked_at": now}
    if feed:
        values["feed"] = feed
    with store.write() as conn:
        old = conn.execute(select(st.c.not_modified).where(st.c.url == url)).first()
        if resp.not_modified:
            values["not_modified"] = (old[0] if old else 0) + 1
        else:
            values["fetched_at"] = now
            if validators:
                values.update(etag=resp.etag, last_modified=resp.last_modified)
        if not old:
            values.setdefault("not_modified", 0)
        _upsert(conn, st, url, values)


def record_error(store: Store, url: str, kind: str, err: FetchError, *, feed: str | None = None) -> None:
    values: dict[str, Any] = {"kind": kind, "status": err.status, "code": err.code, "reason": err.reason,
                              "checked_at": _now()}
    if feed:
        values["feed"] = feed
    with store.write() as conn:
        if not conn.execute(select(st.c.url).where(st.c.url == url)).first():
            values["not_modified"] = 0
        _upsert(conn, st, url, values)


def save_raw(store: Store, url: str, resp: Response) -> None:
    """Keep the page's bytes (replacing an older copy); the article link is set by ``link_article``."""
    with store.write() as conn:
        _upsert(conn, raw, url, {"final_url": resp.final_url, "content_type": resp.content_type,
                                 "body": resp.body, "fetched_at": _now(), "article_id": None})


def link_article(store: Store, url: str, article_id: str) -> None:
    with store.write() as conn:
        conn.execute(update(raw).where(raw.c.url == url).values(article_id=article_id))


def resolve_failure(store: Store, url: str) -> None:
    """Mark a URL's recorded failure resolved (a feed read again without error)."""
    with store.write() as conn:
        conn.execute(update(m.failures).where(m.failures.c.input == url).values(resolved=True))


def is_transient(state: dict[str, Any] | None) -> bool:
    """The URL's last failure may go away by itself (network error, HTTP 429 or 5xx)."""
    if not state or not state.get("code"):
        return False
    if state["code"] == NETWORK:
        return True
    s = state.get("status")
    if state["code"] == ROBOTS:  # robots.txt answered 5xx: the host may be back next time
        return s is not None and s >= 500
    return state["code"] == HTTP_STATUS and s is not None and (s == 429 or s >= 500)


def already_done(store: Store, url: str) -> str | None:
    """Why a feed item's link need not be fetched again: stored already, or failed for good
    (``--retry-failed`` tries it again); None when it should be fetched."""
    with store.connect() as conn:
        art = conn.execute(select(raw.c.article_id).where(raw.c.url == url, raw.c.article_id.is_not(None))).first()
        if art:
            return f"stored as article {art[0]}"
        key = dedup.url_key(url)
        if key and conn.execute(select(m.articles.c.id).where(m.articles.c.url_key == key)).first():
            return "an article with this URL is stored"
        failed = conn.execute(select(m.failures.c.reason).where(m.failures.c.input == url,
                                                                m.failures.c.resolved.is_(False))).first()
        state = conn.execute(select(st).where(st.c.url == url)).mappings().first()
    if failed and not is_transient(dict(state) if state else None):
        return f"failed before ({failed[0]}); see derek ingest --retry-failed"
    return None


def failed_urls(store: Store) -> list[tuple[str, str]]:
    """Unresolved failures that are URLs, with their kind (page or feed), oldest first."""
    f = m.failures
    with store.connect() as conn:
        rows = conn.execute(select(f.c.input, st.c.kind).select_from(f.outerjoin(st, st.c.url == f.c.input))
                            .where(f.c.resolved.is_(False)).order_by(f.c.id)).all()
    return [(u, k or "page") for u, k in rows if is_url(u)]


def raw_for_article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(raw).where(raw.c.article_id == article_id).order_by(raw.c.fetched_at.desc())).mappings().first()
    return dict(row) if row else None


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))
