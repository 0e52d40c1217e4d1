"""URLs and feeds → fetched pages → the store (through ``Ingestor``), resumable and incremental.

- A page URL is fetched (conditionally when its page was stored before: a 304 costs nothing),
  its bytes kept in ``raw_pages`` before extraction, then ingested as an HTML page; the article
  made from it is linked to the raw page.
- A feed URL is fetched conditionally (its ETag / Last-Modified in ``fetch_state``); on a 304
  nothing else is asked. Otherwise each item's **link is fetched as the article page**; items
  whose link is stored already, or failed for good (4xx, robots.txt, content type), are skipped
  without a request. The feed item's title and date fill what the page lacks. An item without a
  link is stored from the feed's own content. When a link fails, the failure is recorded with
  its HTTP status and the item's summary is **not** used instead: a feed summary is a teaser, and
  ``derek ingest --retry-failed`` fetches the page later.
- The feed's validators are stored only after all its items are done, so a run killed halfway
  reads the feed again next time and goes on with the items not stored yet (no duplicates: the
  stored ones are skipped).
- Every failure (HTTP status, network, robots.txt, size, content type) goes to ``failures``
  through the ``Ingestor``, named by its URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from ..corpus.ingest import Ingestor, IngestResult
from ..errors import InputError
from ..read import Source, from_bytes, iter_feed, looks_like_feed
from ..read.decode import charset_of
from . import state
from .client import Fetcher, Response
from .errors import NETWORK, FetchError

log = logging.getLogger("derek.fetch")

OnResult = Callable[[IngestResult], None]


@dataclass
class FeedRun:
    """One read of one feed."""

    url: str
    not_modified: bool = False
    items: int = 0
    fetched: int = 0  # item pages asked for
    skipped: int = 0  # items stored before (no request)
    failed: str | None = None  # the feed itself could not be read

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "not_modified": self.not_modified, "items": self.items, "fetched": self.fetched,
                "skipped": self.skipped, "failed": self.failed}


def read_feed_list(path: str) -> list[str]:
    """A file of feed URLs, one a line, ``#`` comments and blank lines ignored.

    Raises ``InputError`` naming ``file:line`` for a line that is not an http(s) URL."""
    try:
        lines = open(path, encoding="utf-8-sig").read().splitlines()
    except OSError as e:
        raise InputError(path, f"cannot read the feed list: {e.strerror or e}", code="E107") from None
    urls: list[str] = []
    for n, line in enumerate(lines, 1):
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if not state.is_url(line):
            raise InputError(f"{path}:{n}", f"not an http(s) URL: {line!r}", code="E146")
        if line not in urls:
            urls.append(line)
    return urls


class Harvester:
    """Fetches pages and feeds into a store. ``stop()`` makes a running feed read end after its
    current item (``derek watch`` on SIGTERM)."""

    def __init__(self, ingestor: Ingestor, fetcher: Fetcher, *, on_result: OnResult | None = None) -> None:
        self.ingestor = ingestor
        self.store = ingestor.store
        self.fetcher = fetcher
        self.on_result = on_result
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    # ---------------------------------------------------------------- pages
    def page(self, url: str, *, feed: str | None = None, item: dict[str, Any] | None = None,
             feeds_too: bool = False) -> IngestResult | FeedRun:
        """Fetch one article page and store it; the result says new, duplicate or failed.
        With ``feeds_too`` a body that is a feed is read as one (and a ``FeedRun`` returned)."""
        raw = state.get_raw(self.store, url)
        st = state.get_state(self.store, url) if raw else None
        try:
            resp = self._fetch(url, etag=st and st["etag"], last_modified=st and st["last_modified"])
        except FetchError as e:
            state.record_error(self.store, url, "page", e, feed=feed)
            return self._add(e)
        if feeds_too and not resp.not_modified and looks_like_feed(resp.body):
            state.record_response(self.store, url, "feed", resp, validators=False)
            return self._feed_body(FeedRun(url), resp)
        state.record_response(self.store, url, "page", resp, feed=feed)
        if resp.not_modified and raw and raw["article_id"]:
            state.resolve_failure(self.store, url)
            return self._report(IngestResult("duplicate", article_id=raw["article_id"], input=url,
                                             reason="not modified (HTTP 304)"))
        if resp.not_modified and raw:
            body, final = raw["body"], raw["final_url"] or url  # fetched before, not stored then
            ctype = raw.get("content_type")
        else:
            state.save_raw(self.store, url, resp)
            body, final, ctype = resp.body, resp.final_url, resp.content_type
        try:
            src = page_source(body, url, final, item, content_type=ctype)
        except InputError as e:
            return self._add(e)
        result = self._add(src)
        if result.article_id:
            state.link_article(self.store, url, result.article_id)
        if result.status == "duplicate":  # the URL works: a failure recorded before is over
            state.resolve_failure(self.store, url)
        return result

    def urls(self, urls: Iterable[str]) -> list[IngestResult | FeedRun]:
        return [self.url(u) for u in urls if not self.stopped]

    # ---------------------------------------------------------------- feeds
    def url(self, url: str) -> IngestResult | FeedRun:
        """A URL given by the user: a feed (known as one, or found to be one) or an article page."""
        known = state.get_state(self.store, url)
        if known and known["kind"] == "feed":
            return self.feed(url)
        return self.page(url, feeds_too=True)

    def feed(self, url: str) -> FeedRun:
        """Read one feed: nothing more than a 304 when unchanged, else only its new items' pages."""
        run = FeedRun(url)
        st = state.get_state(self.store, url) or {}
        try:
            resp = self._fetch(url, etag=st.get("etag"), last_modified=st.get("last_modified"))
        except FetchError as e:
            state.record_error(self.store, url, "feed", e)
            self._add(e)
            run.failed = e.reason
            return run
        if resp.not_modified:
            state.record_response(self.store, url, "feed", resp)
            run.not_modified = True
            return run
        return self._feed_body(run, resp)

    def _feed_body(self, run: FeedRun, resp: Response) -> FeedRun:
        url = run.url
        entries = _entries(resp.body)
        if not entries:
            err = next(iter(iter_feed(resp.body, url)), None)
            reason = err.reason if isinstance(err, InputError) else "a feed without items"
            e = FetchError(url, reason, code="E109", status=resp.status)
            state.record_error(self.store, url, "feed", e)
            self._add(e)
            run.failed = reason
            return run
        self._items(run, resp, entries)
        if not self.stopped:  # validators only once every item is done: a killed run reads it all again
            state.record_response(self.store, url, "feed", resp)
            state.resolve_failure(self.store, url)
        return run

    def _items(self, run: FeedRun, resp: Response, entries: list[dict[str, Any]]) -> None:
        run.items = len(entries)
        for entry, from_feed in zip(entries, iter_feed(resp.body, run.url), strict=False):
            if self.stopped:
                return
            link = (entry.get("link") or "").strip()
            if link and not state.is_url(link):
                link = urljoin(resp.final_url, link)  # a relative link, against the feed's own URL
            if not state.is_url(link):
                self._add(from_feed)  # no page to fetch: the feed's own content
                continue
            why = state.already_done(self.store, link)
            if why:
                run.skipped += 1
                log.debug("%s: skipped: %s", link, why)
                continue
            run.fetched += 1
            self.page(link, feed=run.url, item=entry)

    def feeds(self, urls: Iterable[str]) -> list[FeedRun]:
        return [self.feed(u) for u in urls if not self.stopped]

    # ---------------------------------------------------------------- retry
    def retry_failed(self) -> list[IngestResult | FeedRun]:
        """Fetch again every URL whose failure is unresolved (pages and feeds)."""
        done: list[IngestResult | FeedRun] = []
        for url, kind in state.failed_urls(self.store):
            if self.stopped:
                break
            done.append(self.feed(url) if kind == "feed" else self.page(url, feeds_too=True))
        return done

    # ---------------------------------------------------------------- store
    def _fetch(self, url: str, **validators: Any) -> Response:
        """The fetcher's answer; an unexpected error (a bug, an odd server) is this URL's failure only."""
        try:
            return self.fetcher.fetch(url, **validators)
        except FetchError:
            raise
        except Exception as e:
            log.exception("%s: cannot fetch", url)
            raise FetchError(url, f"cannot fetch: {type(e).__name__}: {e}"[:300], code=NETWORK) from None

    def _add(self, doc: Source | InputError) -> IngestResult:
        return self._report(self.ingestor.add(doc))

    def _report(self, r: IngestResult) -> IngestResult:
        if self.on_result:
            self.on_result(r)
        return r


def _entries(body: bytes) -> list[dict[str, Any]]:
    import feedparser

    return list(feedparser.parse(body).get("entries") or [])


def page_source(body: bytes, url: str, final_url: str, item: dict[str, Any] | None = None,
                content_type: str | None = None) -> Source:
    """A fetched page as a ``Source`` named by the URL asked for, decoded with the charset of its
    Content-Type header when the bytes bear it out; a feed item's title and date fill what the page
    itself lacks."""
    src = from_bytes(body, name=url, url=final_url or url, charset=charset_of(content_type))
    src.url = src.url or final_url or url
    if item:
        from ..dates import normalize_iso

        title = (item.get("title") or "").strip()
        src.title = src.title or title or None
        src.published = src.published or normalize_iso(item.get("published") or item.get("updated"))
    return src
