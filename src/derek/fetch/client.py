"""One polite HTTP fetcher on httpx: timeouts, retries with back-off, bounded redirects,
a per-host rate limit, robots.txt, a body cap, content-type checks, conditional requests, gzip.

``Fetcher(options).fetch(url, etag=…, last_modified=…)`` returns a ``Response`` (``not_modified``
on a 304) or raises ``FetchError`` naming the URL, with the HTTP status when there was one.

- retries: connect errors, timeouts and broken connections, HTTP 429 and 5xx are tried again
  ``retries`` times, waiting ``backoff`` seconds, then twice as long each time (at most
  ``max_backoff``); a ``Retry-After`` header (seconds or a date) sets the wait instead, and one
  longer than ``max_backoff`` ends the retries at once;
- redirects: followed by hand, at most ``max_redirects``; a loop is reported with its hops;
- robots.txt: read once per host (see ``robots``), checked on every hop; a ``Crawl-delay``
  (at most ``max_crawl_delay``) slows that host down;
- the body is read as a stream and cut at ``max_bytes`` (after gzip decoding, so a small
  compressed bomb is refused too); ``total_timeout`` bounds a body that trickles in;
- content types: text, HTML and XML are read; an image, PDF, audio, video or archive is an
  error naming the URL and the type.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from .errors import BAD_URL, CONTENT_TYPE, HTTP_STATUS, NETWORK, REDIRECTS, ROBOTS, TOO_LARGE, FetchError
from .ratelimit import HostRateLimit
from .robots import RobotsRules, rules_for_status

log = logging.getLogger("derek.fetch")

USER_AGENT = f"derek/{__version__} (news facts extractor; +https://pypi.org/project/derek/) httpx/{httpx.__version__}"
ROBOTS_AGENT = "derek"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
_MAGIC = ((b"%PDF", "application/pdf"), (b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF8", "image/gif"), (b"PK\x03\x04", "application/zip"))


@dataclass
class FetchOptions:
    """How politely and how patiently to fetch; the defaults suit a news site."""

    timeout: float = 20.0  # seconds to connect, and between two reads
    total_timeout: float = 60.0  # seconds for one response, body included
    retries: int = 3
    backoff: float = 1.0  # first wait before a retry; doubled each time
    max_backoff: float = 60.0  # longest wait (also the longest Retry-After honoured)
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024  # body cap, after decoding
    delay: float = 1.0  # seconds between two requests to one host
    max_crawl_delay: float = 30.0
    robots: bool = True
    robots_ttl: float = 3600.0  # seconds a host's robots.txt is kept (60 s when it could not be read)
    user_agent: str = USER_AGENT


@dataclass
class Response:
    """A fetched URL: ``body`` decoded from gzip; ``not_modified`` when the server said 304."""

    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 1
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class FetchCounts:
    """What a fetcher did: requests sent (robots.txt included), 304s, retries, bytes read."""

    requests: int = 0
    not_modified: int = 0
    retries: int = 0
    bytes: int = 0


def check_url(url: str) -> str:
    """The URL itself when it is http(s) with a host; else a ``FetchError``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as e:
        raise FetchError(url, f"not a valid URL: {e}", code=BAD_URL) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise FetchError(url, "not an http(s) URL", code=BAD_URL)
    return url


def acceptable_type(content_type: str | None) -> bool:
    """Text, HTML and XML (feeds) are read; anything else (image, PDF, video, …) is not."""
    if not content_type:
        return True
    t = content_type.split(";")[0].strip().lower()
    return t.startswith("text/") or "xml" in t or "html" in t


def _sniffed_type(head: bytes) -> str | None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return max(0.0, (at - (now or datetime.now(UTC))).total_seconds())


def _origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


class Fetcher:
    """A shared httpx client with the rules above; use as a context manager or call ``close()``."""

    def __init__(self, options: FetchOptions | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._client = httpx.Client(
            timeout=httpx.Timeout(o.timeout), follow_redirects=False, transport=transport,
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                               "application/xml;q=0.9,text/*;q=0.8"})
        self.limit = HostRateLimit(o.delay, clock=clock, sleep=sleep)
        self.counts = FetchCounts()
        self._sleep = sleep
        self._clock = clock
        self._robots: dict[str, tuple[float, RobotsRules]] = {}

    # ---------------------------------------------------------------- API
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given), with retries."""
        check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        o = self.options
        last: FetchError | None = None
        for attempt in range(o.retries + 1):
            if attempt:
                self.counts.retries += 1
            try:
                resp = self._follow(url, headers)
                resp.attempts = attempt + 1
                return resp
            except FetchError as e:
                if not e.transient:
                    raise
                last = e
                wait = e.retry_after
                if wait is None:
                    wait = min(o.backoff * 2 ** attempt, o.max_backoff)
                elif wait > o.max_backoff:
                    e.reason += f" (Retry-After {wait:.0f} s is longer than {o.max_backoff:.0f} s: not retried)"
                    raise
            if attempt < o.retries:
                log.info("%s: %s; retry %d in %.1f s", url, last.reason, attempt + 1, wait)
                self._sleep(wait)
        assert last is not None
        if o.retries:
            last.reason += f" (after {o.retries + 1} attempts)"
        raise last

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- steps
    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        hops = [url]
        current = url
        for _ in range(self.options.max_redirects + 1):
            self._check_robots(current, url)
            resp, location = self._get(current, url, headers)
            if location is None:
                resp.redirects = hops[1:]
                return resp
            nxt = urljoin(current, location)
            check_url(nxt)
            if nxt in hops:
                raise FetchError(url, "redirect loop: " + " → ".join(hops + [nxt]), code=REDIRECTS,
                                 status=resp.status)
            hops.append(nxt)
            current = nxt
        raise FetchError(url, f"more than {self.options.max_redirects} redirects (last {current})",
                         code=REDIRECTS)

    def _get(self, current: str, url: str, headers: dict[str, str]) -> tuple[Response, str | None]:
        """One request; returns the response and the redirect target (None when not a redirect)."""
        self.limit.wait(urlsplit(current).netloc)
        self.counts.requests += 1
        started = self._clock()
        try:
            with self._client.stream("GET", current, headers=headers) as r:
                status = r.status_code
                if status in REDIRECT_STATUSES and r.headers.get("location"):
                    return Response(url, current, status), r.headers["location"]
                if status == 304:
                    self.counts.not_modified += 1
                    return self._response(url, current, r, b""), None
                if status >= 400 or status < 200:
                    raise FetchError(url, f"HTTP {status} {r.reason_phrase}".strip(), code=HTTP_STATUS,
                                     status=status, retry_after=retry_after(r.headers.get("retry-after")))
                ctype = r.headers.get("content-type")
                if not acceptable_type(ctype):
                    raise FetchError(url, f"not a web page or feed: {ctype.split(';')[0]}", code=CONTENT_TYPE,
                                     status=status)
                body = self._read(r, url, started)
        except httpx.TimeoutException as e:
            raise FetchError(url, f"timed out ({type(e).__name__})", code=NETWORK) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as e:
            raise FetchError(url, f"not a valid URL: {e}", code=BAD_URL) from None
        except httpx.DecodingError as e:
            raise FetchError(url, f"cannot decode the body: {e}", code=CONTENT_TYPE) from None
        except httpx.TransportError as e:
            raise FetchError(url, f"network error: {type(e).__name__}: {e}", code=NETWORK) from None
        sniffed = _sniffed_type(body[:8])
        if sniffed:
            raise FetchError(url, f"not a web page or feed: the body is {sniffed}", code=CONTENT_TYPE,
                             status=status)
        return self._response(url, current, r, body), None

    def _read(self, r: httpx.Response, url: str, started: float) -> bytes:
        cap = self.options.max_bytes
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap and not r.headers.get("content-encoding"):
            raise FetchError(url, f"too large: {int(declared):,} bytes (the limit is {cap:,})", code=TOO_LARGE,
                             status=r.status_code)
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(url, f"too large: more than {cap:,} bytes", code=TOO_LARGE, status=r.status_code)
            if self._clock() - started > self.options.total_timeout:
                raise FetchError(url, f"timed out: the body took longer than {self.options.total_timeout:g} s",
                                 code=NETWORK)
            chunks.append(chunk)
        self.counts.bytes += size
        return b"".join(chunks)

    def _response(self, url: str, current: str, r: httpx.Response, body: bytes) -> Response:
        return Response(url, current, r.status_code, body, r.headers.get("content-type"),
                        r.headers.get("etag"), r.headers.get("last-modified"))

    def _check_robots(self, current: str, url: str) -> None:
        if not self.options.robots:
            return
        try:
            rules = self.robots_for(current)
        except FetchError as e:  # named by the URL asked for, not by the hop
            raise FetchError(url, e.reason, code=e.code, status=e.status) from None
        if not rules.allows(ROBOTS_AGENT, current):
            why = rules.unreachable or f"robots.txt of {_origin(current)} disallows it"
            raise FetchError(url, f"not fetched: {why}", code=ROBOTS, status=rules.status)

    def robots_for(self, url: str) -> RobotsRules:
        """The robots.txt rules of the URL's host (read on first use, then cached)."""
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached and cached[0] > self._clock():
            return cached[1]
        host = urlsplit(url).netloc
        self.limit.wait(host)
        self.counts.requests += 1
        try:
            r = self._client.get(origin + "/robots.txt", follow_redirects=True)
            rules = rules_for_status(r.status_code, r.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"))
        except httpx.TransportError as e:  # the host is unreachable: the URL's network error (retried)
            raise FetchError(url, f"network error reading robots.txt: {type(e).__name__}: {e}", code=NETWORK) from None
        except httpx.HTTPError as e:
            rules = RobotsRules(unreachable=f"robots.txt could not be read ({type(e).__name__})")
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.limit.delays[host] = min(delay, self.options.max_crawl_delay)
        ttl = 60.0 if rules.unreachable else self.options.robots_ttl
        self._robots[origin] = (self._clock() + min(ttl, self.options.robots_ttl), rules)
        return rules
