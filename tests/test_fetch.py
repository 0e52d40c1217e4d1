"""The fetcher against a real local HTTP server: retries and back-off, Retry-After, redirects,
robots.txt, the per-host rate limit, size and type checks, gzip, conditional requests."""

from __future__ import annotations

import socket

import pytest

from derek import __version__
from derek.fetch import errors as E
from derek.fetch.client import Fetcher, FetchOptions, acceptable_type, retry_after
from derek.fetch.errors import FetchError
from derek.fetch.ratelimit import HostRateLimit
from fetch_server import Route, Site, page

PAGE = page("Аким Алматы встретился с жителями", "Аким Алматы Ерболат Досаев встретился с жителями.")


class FakeTime:
    """A clock that moves only when slept on: waits are recorded, never waited."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.t

    def sleep(self, d: float) -> None:
        self.sleeps.append(round(d, 3))
        self.t += d


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private\n", content_type="text/plain")
    yield s
    s.close()


def fetcher(t: FakeTime | None = None, **kw) -> Fetcher:
    opts = FetchOptions(**{"delay": 0.0, "backoff": 0.5, "retries": 2, "timeout": 2.0, **kw})
    if t is None:
        return Fetcher(opts, sleep=lambda d: None)
    return Fetcher(opts, sleep=t.sleep, clock=t.clock)


def fail(f: Fetcher, url: str, **kw) -> FetchError:
    with pytest.raises(FetchError) as exc:
        f.fetch(url, **kw)
    assert url in str(exc.value)  # the error names the URL
    return exc.value


def test_page_gzip_and_user_agent(site):
    site.routes["/news/1"] = Route(PAGE, gzip=True)
    with fetcher() as f:
        r = f.fetch(site.url("/news/1"))
    assert (r.status, r.body) == (200, PAGE)
    assert site.agents[-1].startswith(f"derek/{__version__} ")


@pytest.mark.parametrize("statuses, headers, attempts, sleeps", [
    ([503, 502], {}, 3, [0.5, 1.0]),  # back-off doubles
    ([429], {"Retry-After": "7"}, 2, [7.0]),  # Retry-After in seconds wins over the back-off
    ([500], {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 2, [0.0]),  # a date in the past: at once
])
def test_retries_then_success(site, statuses, headers, attempts, sleeps):
    site.routes["/r"] = Route(PAGE, statuses=list(statuses), headers=headers)
    t = FakeTime()
    with fetcher(t) as f:
        r = f.fetch(site.url("/r"))
    assert (r.status, r.attempts, t.sleeps) == (200, attempts, sleeps)
    assert site.hits["/r"] == attempts and f.counts.retries == attempts - 1


@pytest.mark.parametrize("status, hits, transient, words", [
    (404, 1, False, "HTTP 404"),  # not retried
    (403, 1, False, "HTTP 403"),
    (500, 3, True, "after 3 attempts"),  # retried, then given up
    (503, 3, True, "HTTP 503"),
])
def test_http_errors_carry_the_status(site, status, hits, transient, words):
    site.routes["/e"] = Route(b"error", status=status)
    with fetcher() as f:
        err = fail(f, site.url("/e"))
    assert (err.code, err.status, err.transient, site.hits["/e"]) == (E.HTTP_STATUS, status, transient, hits)
    assert words in err.reason


def test_retry_after_too_long_gives_up_at_once(site):
    site.routes["/busy"] = Route(b"", status=503, headers={"Retry-After": "3600"})
    t = FakeTime()
    with fetcher(t) as f:
        err = fail(f, site.url("/busy"))
    assert err.status == 503 and "Retry-After 3600" in err.reason
    assert t.sleeps == [] and site.hits["/busy"] == 1


@pytest.mark.parametrize("robots", [False, True])  # with robots.txt on, its request is the one refused
def test_connection_refused_is_retried_then_reported(robots):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once closed
    t = FakeTime()
    with fetcher(t, robots=robots) as f:
        err = fail(f, f"http://127.0.0.1:{port}/x")
    assert err.code == E.NETWORK and err.status is None and err.transient
    assert t.sleeps == [0.5, 1.0]


def test_slow_response_times_out(site):
    site.routes["/slow"] = Route(PAGE, delay=1.0)
    with fetcher(timeout=0.2, retries=0) as f:
        err = fail(f, site.url("/slow"))
    assert err.code == E.NETWORK and "timed out" in err.reason


def test_redirect_followed(site):
    site.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    site.routes["/new"] = Route(PAGE)
    with fetcher() as f:
        r = f.fetch(site.url("/old"))
    assert (r.url, r.final_url, r.redirects, r.body) == (site.url("/old"), site.url("/new"), [site.url("/new")], PAGE)


@pytest.mark.parametrize("routes, words", [
    ({"/a": "/b", "/b": "/a"}, "redirect loop"),
    ({"/a": "/a"}, "redirect loop"),
    ({"/a": "/b", "/b": "/c", "/c": "/d", "/d": "/e"}, "more than 2 redirects"),
])
def test_redirect_loops_and_chains_reported(site, routes, words):
    for src, dst in routes.items():
        site.routes[src] = Route(status=302, headers={"Location": dst})
    with fetcher(max_redirects=2) as f:
        err = fail(f, site.url("/a"))
    assert err.code == E.REDIRECTS and words in err.reason
    assert sum(site.hits[p] for p in routes) <= 3  # not retried


@pytest.mark.parametrize("route", [
    Route(b"x" * 5000),  # Content-Length over the cap
    Route(b"x" * 5000, length=False),  # no length: cut while reading
    Route(b"<p>" + b" " * 200_000, gzip=True),  # small compressed, large decoded
])
def test_huge_bodies_refused(site, route):
    site.routes["/big"] = route
    with fetcher(max_bytes=4096) as f:
        err = fail(f, site.url("/big"))
    assert err.code == E.TOO_LARGE and "too large" in err.reason


@pytest.mark.parametrize("ctype, body, words", [
    ("image/png", b"\x89PNG\r\n\x1a\n....", "image/png"),
    ("application/pdf", b"%PDF-1.4 ...", "application/pdf"),
    ("text/html", b"%PDF-1.4 ...", "the body is application/pdf"),  # a mislabelled PDF
    ("video/mp4", b"....", "video/mp4"),
])
def test_wrong_content_types_refused(site, ctype, body, words):
    site.routes["/file"] = Route(body, content_type=ctype)
    with fetcher() as f:
        err = fail(f, site.url("/file"))
    assert err.code == E.CONTENT_TYPE and words in err.reason and not err.transient


@pytest.mark.parametrize("ctype, ok", [
    ("text/html; charset=windows-1251", True), ("application/rss+xml", True), ("application/atom+xml", True),
    ("text/xml", True), ("application/xhtml+xml", True), (None, True),
    ("image/jpeg", False), ("application/octet-stream", False), ("application/json", False),
])
def test_acceptable_types(ctype, ok):
    assert acceptable_type(ctype) is ok


def test_robots_disallow_recorded_and_cached(site):
    site.routes["/private/1"] = Route(PAGE)
    site.routes["/news/1"] = Route(PAGE)
    with fetcher() as f:
        err = fail(f, site.url("/private/1"))
        f.fetch(site.url("/news/1"))
        f.fetch(site.url("/news/1"))
    assert err.code == E.ROBOTS and "robots.txt" in err.reason
    assert site.hits["/private/1"] == 0 and site.hits["/robots.txt"] == 1


@pytest.mark.parametrize("robots, allowed, status", [
    (Route(b"", status=404), True, None),  # no robots.txt: everything allowed
    (Route(b"", status=500), False, 500),  # unreachable: nothing fetched for now (RFC 9309)
    (Route(b"User-agent: derek\nDisallow: /\n", content_type="text/plain"), False, None),
    (Route(b"User-agent: otherbot\nDisallow: /\n", content_type="text/plain"), True, None),
])
def test_robots_statuses(site, robots, allowed, status):
    site.routes["/robots.txt"] = robots
    site.routes["/news/1"] = Route(PAGE)
    with fetcher() as f:
        if allowed:
            assert f.fetch(site.url("/news/1")).status == 200
        else:
            err = fail(f, site.url("/news/1"))
            assert (err.code, err.status) == (E.ROBOTS, status)
    assert site.hits["/news/1"] == (1 if allowed else 0)


def test_crawl_delay_slows_the_host(site):
    site.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 3\n", content_type="text/plain")
    site.routes["/n"] = Route(PAGE)
    t = FakeTime()
    with fetcher(t) as f:
        for _ in range(3):
            f.fetch(site.url("/n"))
    assert t.sleeps == [3.0, 3.0]


def test_rate_limit_per_host():
    t = FakeTime()
    lim = HostRateLimit(2.0, clock=t.clock, sleep=t.sleep)
    waits = [lim.wait(h) for h in ("a.kz", "a.kz", "b.kz", "a.kz", "b.kz")]
    assert waits == [0.0, 2.0, 0.0, 2.0, 0.0]  # b.kz's second request comes 4 s after its first
    t.t += 10
    assert lim.wait("a.kz") == 0.0


def test_rate_limit_between_fetches(site):
    site.routes["/n"] = Route(PAGE)
    t = FakeTime()
    with fetcher(t, delay=1.5) as f:
        f.fetch(site.url("/n"))
        f.fetch(site.url("/n"))
    assert t.sleeps == [1.5, 1.5]  # robots.txt, then two pages: 1.5 s apart


@pytest.mark.parametrize("validators", [{"etag": '"v1"'}, {"last_modified": "Fri, 20 Nov 2026 10:00:00 GMT"}])
def test_conditional_requests(site, validators):
    site.routes["/feed"] = Route(b"<rss></rss>", content_type="application/rss+xml", **validators)
    with fetcher() as f:
        first = f.fetch(site.url("/feed"))
        second = f.fetch(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert (first.etag, first.last_modified) == (validators.get("etag"), validators.get("last_modified"))
    assert second.not_modified and second.body == b"" and f.counts.not_modified == 1
    assert site.not_modified["/feed"] == 1 and site.hits["/feed"] == 2


@pytest.mark.parametrize("url", ["ftp://example.kz/a", "file:///etc/passwd", "news.kz/a", "http://", "http://[bad",
                                 "http://h:port/x", "https://exa mple.kz/a"])
def test_bad_urls(url):
    with fetcher() as f:
        assert fail(f, url).code == E.BAD_URL


@pytest.mark.parametrize("value, seconds", [("120", 120.0), (" 5 ", 5.0), ("soon", None), (None, None)])
def test_retry_after_values(value, seconds):
    assert retry_after(value) == seconds

