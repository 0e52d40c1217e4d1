"""A real local HTTP server for the fetch tests: routes set by the test, every request counted.

``Site`` runs a ``ThreadingHTTPServer`` on 127.0.0.1 in a thread. A ``Route`` answers with a
status (or a sequence of statuses, one per request), a body, headers, an optional delay, gzip,
and ETag / Last-Modified validators honoured as a real server does (304 on a match).
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    statuses: list[int] = field(default_factory=list)  # consumed one per request, then ``status``
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    gzip: bool = False
    etag: str | None = None
    last_modified: str | None = None
    length: bool = True  # send Content-Length (else the body runs to the connection's end)


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.agents: list[str] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        with self.lock:
            self.hits[path] += 1
            self.agents.append(h.headers.get("User-Agent", ""))
            route = self.routes.get(path)
            status = route.statuses.pop(0) if route and route.statuses else (route.status if route else 404)
        if route is None:
            self._send(h, 404, b"not here", {"Content-Type": "text/plain"})
            return
        if route.delay:
            time.sleep(route.delay)
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if status == 200 and self._unchanged(h, route):
            with self.lock:
                self.not_modified[path] += 1
            self._send(h, 304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
            return
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(h, status, body, headers, length=route.length)

    @staticmethod
    def _unchanged(h: BaseHTTPRequestHandler, route: Route) -> bool:
        inm, ims = h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")
        if route.etag and inm:
            return inm == route.etag
        return bool(route.last_modified and ims and ims == route.last_modified)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str],
              length: bool = True) -> None:
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            if length:
                h.send_header("Content-Length", str(len(body)))
            else:
                h.send_header("Connection", "close")
                h.close_connection = True
            h.end_headers()
            if body and status != 304:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def page(title: str, body: str, published: str = "2026-11-20T10:00:00+05:00") -> bytes:
    """A small news page as a site would serve it."""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (f"<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{published}'></head>"
            f"<body><nav><a href='/'>Главная</a></nav><article><h1>{title}</h1>{paras}</article>"
            f"<footer>© Сайт</footer></body></html>").encode()


def rss(base: str, items: list[tuple[str, str]], title: str = "Новости") -> bytes:
    """An RSS 2.0 feed of (path, title) items linking to pages on ``base``."""
    xs = "".join(f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                 f"<pubDate>Fri, 20 Nov 2026 10:00:00 +0500</pubDate><description>{t}</description></item>"
                 for p, t in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>{base}/</link>{xs}</channel></rss>").encode()
