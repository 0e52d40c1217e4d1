"""One identity per person and organization across articles: merging, and keeping apart.

Articles are built here (people with positions, organizations, quotes), so every case states
exactly what the store is given; each runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os

import pytest

from derek.article import Article, Entity, Mention, Person, Position, Quote
from derek.corpus import queries
from derek.corpus.identity import org_key, split_name
from derek.corpus.ingest import Ingestor
from derek.corpus.store import Store, create_database, drop_database


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(tmp_path / "identity.db")
        yield s
        s.close()
        return
    server = os.environ.get("DEREK_TEST_PG")
    if not server:
        pytest.skip("DEREK_TEST_PG is not set (test.sh starts PostgreSQL and sets it)")
    name = f"derek_identity_{os.getpid()}"
    s = Store(create_database(server, name))
    yield s
    s.close()
    drop_database(server, name)


def person(name: str, *, first=None, middle=None, last=None, positions=(), eid=None) -> tuple:
    return (name, first, middle, last, list(positions), eid)


def make_article(n: int, people: list[tuple], orgs: list[str] = (), quotes: list[tuple] = (),
                 published: str = "2025-12-01") -> Article:
    """An article naming the given people and organizations; quotes are (speaker name, text)."""
    text, ents, ppl = f"Сообщение номер {n}. ", [], []
    for i, (name, first, middle, last, positions, _eid) in enumerate(people):
        start = len(text)
        text += name + " выступил. "
        eid = f"P{i}"
        ents.append(Entity(id=eid, type="PER", name=name, mentions=[Mention(start, start + len(name), name)]))
        ppl.append(Person(entity=eid, name=name, first=first, middle=middle, last=last, mentions=1,
                          positions=list(positions)))
    for j, org in enumerate(orgs):
        start = len(text)
        text += f"В {org} прошло заседание. "
        ents.append(Entity(id=f"O{j}", type="ORG", name=org, mentions=[Mention(start + 2, start + 2 + len(org), org)]))
    qs = []
    for speaker, qtext in quotes:
        start = len(text)
        text += f"«{qtext}», — сказал {speaker}. "
        eid = next((p.entity for p in ppl if p.name == speaker), None)
        qs.append(Quote(speaker=speaker, speaker_entity=eid, kind="direct", text=qtext, cue="сказал",
                        start=start + 1, end=start + 1 + len(qtext)))
    return Article(text=text, url=f"https://example.kz/news/{n}", title=f"Новость {n}", published=published,
                   entities=ents, people=ppl, quotes=qs)


def ingest(store: Store, articles: list[Article]) -> list[dict[str, int]]:
    """Ingest; return for each article {person name: person id}."""
    res = Ingestor(store).add_many(articles)
    assert res.new == len(articles), res.results
    out = []
    for a in articles:
        got = queries.get_article(store, a.id)
        out.append({p["name"]: got["person_ids"][p["entity"]] for p in got["people"]})
    return out


ABZAL = person("Абзал Нукенов", first="Абзал", last="Нукенов")
DEPUTY = Position(title="заместитель акима", org="акимат города Алматы", place="Алматы")
MINISTER = Position(title="министр энергетики", org="Министерство энергетики")

# (case, articles as lists of people, (article index, name) pairs that must be one person,
#  pairs that must be different people)
CASES = [
    ("surname only joins the only full name",
     [[ABZAL], [person("Нукенов")]], [((0, "Абзал Нукенов"), (1, "Нукенов"))], []),
    ("initial joins the full first name",
     [[ABZAL], [person("А. Нукенов", first="А.", last="Нукенов")]],
     [((0, "Абзал Нукенов"), (1, "А. Нукенов"))], []),
    ("with and without a patronymic",
     [[ABZAL], [person("Абзал Серикович Нукенов", first="Абзал", middle="Серикович", last="Нукенов")]],
     [((0, "Абзал Нукенов"), (1, "Абзал Серикович Нукенов"))], []),
    ("Kazakh letters fold",
     [[person("Қасым-Жомарт Тоқаев", first="Қасым-Жомарт", last="Тоқаев")],
      [person("Касым-Жомарт Токаев", first="Касым-Жомарт", last="Токаев")]],
     [((0, "Қасым-Жомарт Тоқаев"), (1, "Касым-Жомарт Токаев"))], []),
    ("a surname first, the full name later",
     [[person("Нукенов")], [ABZAL]], [((0, "Нукенов"), (1, "Абзал Нукенов"))], []),
    ("Нукенов and Нукенова are different people",
     [[ABZAL], [person("Айгуль Нукенова", first="Айгуль", last="Нукенова")], [person("Нукенова")]],
     [((1, "Айгуль Нукенова"), (2, "Нукенова"))], [((0, "Абзал Нукенов"), (1, "Айгуль Нукенова")),
                                                  ((0, "Абзал Нукенов"), (2, "Нукенова"))]),
    ("one surname, different first names",
     [[ABZAL], [person("Марат Нукенов", first="Марат", last="Нукенов")]],
     [], [((0, "Абзал Нукенов"), (1, "Марат Нукенов"))]),
    ("different patronymics",
     [[person("Ерлан Серикович Нукенов", first="Ерлан", middle="Серикович", last="Нукенов")],
      [person("Ерлан Маратович Нукенов", first="Ерлан", middle="Маратович", last="Нукенов")]],
     [], [((0, "Ерлан Серикович Нукенов"), (1, "Ерлан Маратович Нукенов"))]),
    ("a surname alone with two candidates and no evidence stays apart",
     [[ABZAL], [person("Марат Нукенов", first="Марат", last="Нукенов")], [person("Нукенов")]],
     [], [((2, "Нукенов"), (0, "Абзал Нукенов")), ((2, "Нукенов"), (1, "Марат Нукенов"))]),
    ("an initial with two candidates of that letter stays apart",
     [[ABZAL], [person("Айдар Нукенов", first="Айдар", last="Нукенов")],
      [person("А. Нукенов", first="А.", last="Нукенов")]],
     [], [((2, "А. Нукенов"), (0, "Абзал Нукенов")), ((2, "А. Нукенов"), (1, "Айдар Нукенов"))]),
    ("the same post decides between two candidates",
     [[person("Абзал Нукенов", first="Абзал", last="Нукенов", positions=[DEPUTY])],
      [person("Марат Нукенов", first="Марат", last="Нукенов", positions=[MINISTER])],
      [person("Нукенов", positions=[Position(title="заместитель акима", place="Алматы")])]],
     [((2, "Нукенов"), (0, "Абзал Нукенов"))], [((2, "Нукенов"), (1, "Марат Нукенов"))]),
    ("the full name in the same article decides",
     [[ABZAL], [person("Марат Нукенов", first="Марат", last="Нукенов")],
      [person("Марат Нукенов", first="Марат", last="Нукенов"), person("Нукенов", eid="x")]],
     [((2, "Нукенов"), (1, "Марат Нукенов"))], [((2, "Нукенов"), (0, "Абзал Нукенов"))]),
]


@pytest.mark.parametrize(("case", "articles", "same", "different"), CASES, ids=[c[0] for c in CASES])
def test_person_identity(store, case, articles, same, different):
    ids = ingest(store, [make_article(i, ppl) for i, ppl in enumerate(articles)])
    for (i, a), (j, b) in same:
        assert ids[i][a] == ids[j][b], f"{case}: {a} and {b} should be one person"
    for (i, a), (j, b) in different:
        assert ids[i][a] != ids[j][b], f"{case}: {a} and {b} should be different people"


def test_decisions_are_explained(store):
    ingest(store, [make_article(0, [ABZAL]), make_article(1, [person("Нукенов")]),
                   make_article(2, [person("А. Нукенов", first="А.", last="Нукенов")])])
    [pid] = queries.find_person(store, "Нукенов")
    p = queries.get_person(store, pid)
    reasons = " | ".join(r["reason"] for r in p["reasons"])
    assert "only known person with this surname" in reasons
    assert "initial А. matches Абзал" in reasons
    assert p["articles_count"] == 3 and p["mentions"] == 3
    assert set(p["forms"]) == {"Абзал Нукенов", "Нукенов", "А. Нукенов"}


@pytest.mark.parametrize(("a", "b", "same"), [
    ("акимат Алматы", "акимат города Алматы", True),
    ("акимата города Алматы", "акимат г. Алматы", True),
    ("Министерства энергетики", "Министерство энергетики", True),
    ("акимат Алматы", "акимат Астаны", False),
    ("Министерство энергетики", "Министерство финансов", False),
])
def test_org_keys(a, b, same):
    assert (org_key(a) == org_key(b)) is same


def test_organizations_join_across_articles(store):
    arts = [make_article(0, [ABZAL], orgs=["Ассамблея народа Казахстана", "акимат Алматы"]),
            make_article(1, [person("Марат Азильханов", first="Марат", last="Азильханов")],
                         orgs=["АНК", "акимат города Алматы", "акимат Астаны"])]
    ingest(store, arts)
    by_name = {o["name"]: o for o in queries.list_organizations(store, limit=50)["items"]}
    assert by_name["Ассамблея народа Казахстана"]["articles"] == 2  # АНК joined it
    assert "АНК" in by_name["Ассамблея народа Казахстана"]["aliases"]
    assert by_name["акимат Алматы"]["articles"] == 2
    assert by_name["акимат Астаны"]["articles"] == 1
    assert queries.list_organizations(store, limit=50)["total"] == 3


def test_positions_and_quotes_are_stored_and_linked(store):
    a0 = make_article(0, [person("Абзал Нукенов", first="Абзал", last="Нукенов", positions=[DEPUTY])],
                      quotes=[("Абзал Нукенов", "Без единства нет и независимости")], published="2025-12-25")
    a1 = make_article(1, [person("Абзал Нукенов", first="Абзал", last="Нукенов",
                                 positions=[Position(title="аким района", org="акимат Медеуского района",
                                                     tense="past")]),
                          person("Марат Азильханов", first="Марат", last="Азильханов")],
                      quotes=[("Абзал Нукенов", "Работа будет продолжена")], published="2026-01-10")
    ids = ingest(store, [a0, a1])
    pid = ids[0]["Абзал Нукенов"]
    p = queries.get_person(store, pid)
    assert [(x["title"], x["org"], x["tense"], x["first_seen"]) for x in p["positions"]] == [
        ("аким района", "акимат Медеуского района", "past", "2026-01-10"),
        ("заместитель акима", "акимат города Алматы", "current", "2025-12-25")]
    assert [(q["text"], q["day"]) for q in p["quotes"]] == [("Работа будет продолжена", "2026-01-10"),
                                                            ("Без единства нет и независимости", "2025-12-25")]
    assert p["co_mentioned"] == [{"id": ids[1]["Марат Азильханов"], "name": "Марат Азильханов", "count": 1}]
    assert [d["date"] for d in p["mentions_by_day"]] == ["2025-12-25", "2026-01-10"]
    # the organization of a post: its people, and their quotes
    [oid] = queries.find_organization(store, "акимат Алматы")
    org = queries.get_organization(store, oid)
    assert [(x["name"], x["title"]) for x in org["people"]] == [("Абзал Нукенов", "заместитель акима")]
    assert {q["text"] for q in org["quotes"]} == {"Без единства нет и независимости", "Работа будет продолжена"}
    top = queries.list_people(store)["items"][0]
    assert top["id"] == pid and top["latest_position"]["title"] == "заместитель акима"


@pytest.mark.parametrize(("name", "parts"), [
    ("Абзал Нукенов", ("Абзал", None, "Нукенов", "m")),
    ("А. Нукенов", ("А.", None, "Нукенов", "m")),
    ("А.Нукенов", ("А.", None, "Нукенов", "m")),
    ("Айгуль Нукенова", ("Айгуль", None, "Нукенова", "f")),
    ("Абзал Серикович Нукенов", ("Абзал", "Серикович", "Нукенов", "m")),
    ("Нукенов", (None, None, "Нукенов", "m")),
])
def test_split_name(name, parts):
    n = split_name(name)
    assert (n.first, n.middle, n.last, n.gender) == parts


def test_real_article_people_join_across_articles(store, pipeline, seed_text):
    """The seed, extracted for real, and a shorter text naming him in another case form."""
    a = pipeline.extract(seed_text)
    assert "Абзал Нукенов" in {p.name for p in a.people}
    short = seed_text.split('"Когда')[0] + "\nСлова Абзала Нукенова поддержали участники конференции.\n"
    b = pipeline.extract(short, url="https://example.kz/short")
    Ingestor(store).add_many([a, b])
    ids = queries.find_person(store, "Абзал Нукенов")
    assert len(ids) == 1
    p = queries.get_person(store, ids[0])
    assert p["articles_count"] == 2
    assert {x["id"] for x in p["articles"]} == {a.id, b.id}


def test_abbreviation_before_its_full_name_in_one_article(store):
    ingest(store, [make_article(0, [ABZAL], orgs=["ДПНИ", "Движение против нелегальной иммиграции"]),
                   make_article(1, [ABZAL], orgs=["ДПНИ"])])
    orgs = queries.list_organizations(store)["items"]
    assert [(o["name"], o["articles"]) for o in orgs] == [("Движение против нелегальной иммиграции", 2)]
    assert "ДПНИ" in orgs[0]["aliases"]
