"""The HTTP API under bad requests: never a 500, every status documented, budgets, the connection kept."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from conftest import KZNEWS, SEED, need_shared  # noqa: E402
from derek.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "derek" / "demo"


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline) -> Path:
    need_shared()
    from derek.corpus.ingest import Ingestor
    from derek.corpus.store import Store

    path = tmp_path_factory.mktemp("hard") / "corpus.db"
    with Store(str(path)) as store:
        ing = Ingestor(store, pipeline=pipeline)
        ing.add({"text": SEED.read_text(encoding="utf-8"), "url": "https://example.kz/almaty-ank-30"})
        for p in sorted(KZNEWS.glob("*.json"))[:3]:
            ing.add(json.loads(p.read_text(encoding="utf-8")))
    return path


@pytest.fixture(scope="module")
def app(db, pipeline):
    return create_app(str(db), token="", pipeline=pipeline)


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app, raise_server_exceptions=False)


def documented(app, path_template: str, method: str) -> set[int]:
    op = app.openapi()["paths"][path_template][method]
    return {int(c) for c in op["responses"] if c.isdigit()}


BIG = str(2**63)
PROBES = [  # (url, the operation's path template, the status expected)
    (f"/api/people/{2**31}", "/api/people/{person_id}", 422),
    (f"/api/people/{BIG}", "/api/people/{person_id}", 422),
    ("/api/people/0", "/api/people/{person_id}", 422),
    ("/api/people/-5", "/api/people/{person_id}", 422),
    ("/api/people/2147483647", "/api/people/{person_id}", 404),
    (f"/api/organizations/{BIG}", "/api/organizations/{org_id}", 422),
    ("/api/organizations/abc", "/api/organizations/{org_id}", 422),
    (f"/api/articles?person={BIG}", "/api/articles", 422),
    (f"/api/articles?org={2**31}", "/api/articles", 422),
    ("/api/articles/%00", "/api/articles/{article_id}", 422),
    ("/api/people?q=%00", "/api/people", 422),
    ("/api/quotes?speaker=a%00b", "/api/quotes", 422),
    ("/api/search?q=%00", "/api/search", 422),
    (f"/api/quotes?speaker={BIG}", "/api/quotes", 200),
    ("/api/articles?limit=100000", "/api/articles", 422),
    ("/api/search?q=аким&date_from=2025-13-45", "/api/search", 422),
]


@pytest.mark.parametrize("url, template, status", PROBES)
def test_bad_parameters_are_4xx_and_documented(client, app, url, template, status):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.status_code in documented(app, template, "get")
    if status >= 400:
        assert set(r.json()) == {"error"}


@pytest.mark.parametrize("url, status", [(f"/people/{BIG}", 404), (f"/organizations/{BIG}", 404),
                                         (f"/articles?person={BIG}", 200), ("/people?q=%00", 422)])
def test_pages_never_answer_500(client, url, status):
    r = client.get(url)
    assert r.status_code == status
    if status == 200:  # a person no table can hold: an empty list
        assert "Нукенов" not in r.text


@pytest.mark.parametrize("q", ["%", "_", "%%", "\\", "_%_"])
def test_like_wildcards_find_nobody(client, q):
    for path in ("/api/people", "/api/organizations"):
        r = client.get(path, params={"q": q})
        assert r.status_code == 200 and r.json()["items"] == [], (path, q)
    assert client.get("/api/people", params={"q": "Нукен"}).json()["items"]  # a real prefix still finds


POSTS = [  # (body, content type, status, what the text comes back as)
    (json.dumps({"text": "Аким Алматы Ерболат Досаев сказал: \ud800 «Город готов»."}), "application/json", 200,
     "Аким Алматы Ерболат Досаев сказал: \ufffd «Город готов»."),
    (json.dumps({"text": "Аким Алматы\u0000 Ерболат Досаев сказал: «Город готов»."}), "application/json", 200,
     "Аким Алматы Ерболат Досаев сказал: «Город готов»."),
    (json.dumps({"text": "\u200b\u200d\ufeff"}), "application/json", 422, None),
    ("[" * 100_000 + "]" * 100_000, "application/json", 422, None),
    ("!?.,;:—" * (32 * 1024 // 7), "text/plain", 413, None),
    ("Аким " * 70_000, "text/plain", 413, None),
]


@pytest.mark.parametrize("body, ctype, status, text", POSTS)
def test_extract_bodies(client, app, body, ctype, status, text):
    r = client.post("/api/extract", content=body.encode("utf-8", "surrogatepass"), headers={"content-type": ctype})
    assert r.status_code == status, r.text[:300]
    assert r.status_code in documented(app, "/api/extract", "post")
    if text is not None:
        assert r.json()["text"] == text


def test_a_busy_extractor_answers_503(app, client):
    svc = app.state.derek
    old = svc.extract_wait
    svc.extract_wait = 0.05
    for _ in range(svc.extract_parallel):  # every extraction slot taken
        svc._extract_slots.acquire()
    try:
        r = client.post("/api/extract", json={"text": "Аким Алматы Ерболат Досаев провёл совещание."})
    finally:
        for _ in range(svc.extract_parallel):
            svc._extract_slots.release()
        svc.extract_wait = old
    assert r.status_code == 503 and r.json()["error"]["code"] == "busy"
    assert 503 in documented(app, "/api/extract", "post")


class _BrokenStore:
    """A store whose database has gone away: every query raises."""

    is_postgres = False
    display_url = "broken://"

    def connect(self):
        raise RuntimeError("the database has gone away")

    begin = write = connect


def _serve(app) -> tuple[int, object]:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="off"))
    t = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    t.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    return port, server


def test_the_connection_is_kept_after_an_error():
    app = create_app("sqlite://", token="", store=_BrokenStore())
    port, server = _serve(app)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        statuses = []
        for url in ("/api/stats", "/api/people/0", "/api/people?q=%00", "/api/stats", "/openapi.json"):
            conn.request("GET", url)
            r = conn.getresponse()
            r.read()
            statuses.append(r.status)
        sock = conn.sock
        assert statuses == [500, 422, 422, 500, 200]
        assert sock is not None  # one connection served all five: none was closed after an error
    finally:
        server.should_exit = True


# -- schemathesis: generated requests for every operation of the served schema ---------------

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import status_code_conformance  # noqa: E402


@pytest.fixture(scope="module")
def served_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("served_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_generated_requests_get_no_server_error_and_only_documented_codes(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance])
