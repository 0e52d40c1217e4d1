"""The web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no downloads).

A database is built from the seed, a few kznews articles and the demo corpus (when present);
``derek serve`` runs on it in a subprocess; the browser finds «Абзал Нукенов» through the
people search, checks his positions and quotes, runs a search, opens an article and pastes
one. Every step takes a screenshot: into a temporary folder, or into the folder named by
``DEREK_SCREENSHOTS`` — ``DEREK_SCREENSHOTS=docs/screenshots`` refreshes the README's images.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEED, SEED_EXPECTED, need_shared
from test_api import corpus_docs, ingest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"derek serve exited with {proc.returncode}: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"derek serve did not answer at {url}")


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium); test.sh installs it")
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is in the dev extra")
    need_shared()
    db = tmp_path_factory.mktemp("ui") / "ui.db"
    ingest(db, pipeline, corpus_docs())
    port = free_port()
    derek = Path(sys.executable).with_name("derek")
    cmd = [str(derek)] if derek.exists() else [sys.executable, "-c", "from derek.cli import main; main()"]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    env.pop("DEREK_TOKEN", None)
    proc = subprocess.Popen(cmd + ["serve", "--db", str(db), "--port", str(port), "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base + "/api/stats", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("DEREK_SCREENSHOTS")
    path = (ROOT / where) if where and not Path(where).is_absolute() else Path(where) if where else None
    path = path or tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900}, locale="ru-RU",
        )
        # nothing leaves localhost: any other request fails the test
        outside: list[str] = []

        def guard(route):
            if route.request.url.startswith(server):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        ctx.route("**/*", guard)
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        ctx.close()
        assert not outside, f"the UI requested outside resources: {outside}"
        assert not errors, f"JavaScript errors: {errors}"


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


def shot(page, shots: Path, name: str, full: bool = True) -> Path:
    path = shots / name
    page.screenshot(path=str(path), full_page=full)
    assert path.stat().st_size > 10_000
    return path


def test_home(page, server, shots):
    page.goto(server + "/")
    stats = api(server, "/api/stats")
    assert page.locator("#stats").is_visible()
    assert str(stats["counts"]["articles"]) in page.locator("#stats").inner_text()
    shot(page, shots, "home.png", full=False)
    # the most reported person: the page of someone seen in several articles
    top = api(server, "/api/people?limit=1")["items"][0]
    page.locator("ol.people-list a").first.click()
    page.wait_for_url(f"**/people/{top['id']}")
    assert page.locator("#person-name").inner_text() == top["name"]
    assert page.locator("#articles li.article-row").count() == min(top["articles"], 20)
    shot(page, shots, "person-top.png")


def test_person_page_via_people_search(page, server, shots, seed_article):
    page.goto(server + "/people")
    page.fill("#people-form input[name=q]", "Нукенов")
    page.click("#people-form button")
    page.wait_for_url("**/people?q=*")
    page.get_by_role("link", name="Абзал Нукенов", exact=True).first.click()
    page.wait_for_url("**/people/*")
    assert page.locator("#person-name").inner_text() == "Абзал Нукенов"
    pid = page.url.rstrip("/").rsplit("/", 1)[-1]
    person = api(server, f"/api/people/{pid}")

    positions = page.locator("#positions").inner_text()
    for pos in person["positions"]:
        assert pos["title"] in positions
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    want = next(p for p in expected["people"] if p["name"] == "Абзал Нукенов")
    extracted = seed_article.person("Абзал Нукенов")
    if extracted is not None and extracted.positions:  # once the positions stage finds them, the page shows them
        for pos in want["positions"]:
            assert pos["title"] in positions

    quotes = page.locator("#quotes").inner_text()
    for q in person["quotes"][:10]:
        assert q["text"][:40] in quotes
    said = [q for q in seed_article.quotes if q.speaker == "Абзал Нукенов"]
    for q in said:
        assert q.text[:40] in quotes
    assert page.locator("#mentions svg, #mentions p").count() >= 1
    shot(page, shots, "person.png")

    # the organization of a position links to the organization page, which lists this person
    with_org = [pos for pos in person["positions"] if pos.get("org_id")]
    if with_org:
        page.locator(f'#positions a[href="/organizations/{with_org[0]["org_id"]}"]').first.click()
        page.wait_for_url("**/organizations/*")
        assert page.locator("h1").inner_text() == with_org[0]["org"]
        assert "Абзал Нукенов" in page.locator("#org-people").inner_text()
        shot(page, shots, "organization.png", full=False)


def test_search_and_open_an_article(page, server, shots):
    page.goto(server + "/search")
    page.fill("#search-form input[name=q]", "единство")
    page.click("#search-form button")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("ol.results li.hit")
    assert hits.count() >= 1
    assert page.locator("ol.results mark").count() >= 1
    shot(page, shots, "search.png", full=False)

    seed_title = SEED.read_text(encoding="utf-8").splitlines()[0].strip()
    link = page.locator("ol.results a.title", has_text=seed_title).first
    if link.count() == 0:
        link = page.locator("ol.results a.title").first
    link.click()
    page.wait_for_url("**/articles/*")
    text = page.locator("#article-text")
    assert text.locator(".ent.per").count() >= 1
    assert text.locator(".ent.org").count() >= 1
    # a person mention links to that person's page
    href = text.locator("a.ent.per").first.get_attribute("href")
    assert href and href.startswith("/people/")
    assert page.locator("aside.facts #people li").count() >= 1
    shot(page, shots, "article.png")


def test_paste_an_article(page, server, shots, seed_article):
    page.goto(server + "/extract")
    page.fill("#paste-form textarea", SEED.read_text(encoding="utf-8"))
    page.click("#paste-form button")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == seed_article.title
    people = page.locator("aside.facts #people").inner_text()
    for p in seed_article.people:
        assert p.name in people
    # every mention below the headline (the headline is the <h1>) is highlighted
    body = len(seed_article.title)
    assert page.locator("#article-text .ent").count() >= sum(
        1 for e in seed_article.entities for m in e.mentions if m.start >= body)
    shot(page, shots, "paste.png", full=False)


def test_post_page_from_a_person_page(page, server, shots):
    """A position on a person page links to its post page: who held it, from when, the current holder;
    the same post asked in Kazakh, on a day, names the holder of that day."""
    person = next(p for p in api(server, "/api/people?q=" + urllib.parse.quote("Сатыбалдиев"))["items"] if p["name"] == "Ерлан Сатыбалдиев")
    page.goto(server + f"/people/{person['id']}")
    akim = page.locator("#positions li", has_text="Павлодарской области").filter(
        has=page.locator("a.post-link")).first
    akim.locator("a.post-link").click()
    page.wait_for_url("**/posts?*")
    post = api(server, "/api/posts?title=" + urllib.parse.quote("аким") + "&org="
               + urllib.parse.quote("акимат Павлодарской области"))
    [item] = post["items"]
    assert item["current"]["name"] == "Ерлан Сатыбалдиев"
    assert page.locator("h2.post-name").first.inner_text() == f"{item['title']}, {item['where']}"
    rows = page.locator("table.holders tr.holder")
    assert rows.count() == len(item["holders"]) >= 2
    current = page.locator("table.holders tr.holder.current")
    assert current.count() == 1 and "Ерлан Сатыбалдиев" in current.inner_text()
    assert "Болат Курманов" in page.locator("table.holders tr.holder.former").first.inner_text()
    assert page.locator("table.holders a.appointed").count() >= 1
    assert page.locator("table.holders a.dismissed").count() >= 1
    shot(page, shots, "post.png")

    page.fill("#post-form input[name=title]", "Павлодар облысының әкімі")
    page.fill("#post-form input[name=org]", "")
    page.fill("#post-form input[name=on]", "2025-12-20")
    page.click("#post-form button")
    page.wait_for_url("**/posts?*on=2025-12-20*")
    assert page.locator("h2.post-name").count() == 1
    on = page.locator(".post-on").inner_text()
    assert "20 декабря 2025" in on and "Ерлан Сатыбалдиев" in on
    page.locator(".post-on a").click()
    page.wait_for_url(f"**/people/{person['id']}")

    # the posts of the corpus, from the navigation: the most reported first, each opening its page
    page.get_by_role("link", name="Должности", exact=True).first.click()
    page.wait_for_url("**/posts")
    listed = api(server, "/api/posts?limit=20")
    assert page.locator("#posts-list tbody tr").count() == len(listed["items"])
    first = listed["items"][0]
    page.locator("#posts-list tbody tr a").first.click()
    page.wait_for_url("**/posts?title=*")
    assert page.locator("h2.post-name").first.inner_text().startswith(first["title"])
    assert page.locator("table.holders tr.holder").count() >= 1
