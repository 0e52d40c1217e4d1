"""The evaluators: FactRuEval track 1/3 scoring on hand-made folders and on the devset, kznews scoring, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FACTRU_DEV, KZNEWS, need_shared
from derek.article import Article, Person, Position, Quote
from derek.evaluate import factru as F
from derek.evaluate import kznews as K
from derek.evaluate.metrics import Score

# ---------------------------------------------------------------------------------------
# a hand-made FactRuEval folder

TEXT = "Мэр Москвы Юрий Лужков посетил Россию и движение «Солидарность» вчера."
# spans: id -> (type, words); words are token indices in TEXT (see _tokens)
SPANS = {
    "s1": ("job", [0]),
    "s2": ("loc_name", [1]),
    "s3": ("name", [2]),
    "s4": ("surname", [3]),
    "s5": ("loc_name", [5]),
    "s6": ("org_descr", [7]),
    "s7": ("org_name", [8, 9, 10]),
    "s8": ("org_descr", [0]),
}
OBJECTS = {
    "m1": ("LocOrg", ["s2"]),  # Москвы (in «мэр Москвы»)
    "m2": ("Person", ["s3", "s4"]),  # Юрий Лужков
    "m3": ("LocOrg", ["s5"]),  # Россию
    "m4": ("Org", ["s6", "s7"]),  # движение «Солидарность»
    "m5": ("Org", ["s8"]),  # unnamed: only a descriptor
}


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end() - m.start(), m.group()) for m in re.finditer(r"\w+|[^\w\s]", text)]


def make_folder(root: Path, text: str = TEXT, spans: dict = SPANS, objects: dict = OBJECTS,
                facts: str = "", coref: str = "", name: str = "book_1") -> Path:
    toks = _tokens(text)
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / f"{name}.tokens").write_text(
        "".join(f"{100 + i} {s} {n} {t}\n" for i, (s, n, t) in enumerate(toks)) + "\n", encoding="utf-8")
    lines = []
    for sid, (stype, idx) in spans.items():
        s = toks[idx[0]][0]
        e = toks[idx[-1]][0] + toks[idx[-1]][1]
        ids = " ".join(str(100 + i) for i in idx)
        words = " ".join(toks[i][2] for i in idx)
        lines.append(f"{sid} {stype} {s} {e - s} {100 + idx[0]} {len(idx)}  # {ids} {words}")
    (root / f"{name}.spans").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / f"{name}.objects").write_text(
        "".join(f"{oid} {otype} {' '.join(sids)} # x\n" for oid, (otype, sids) in objects.items()), encoding="utf-8")
    (root / f"{name}.coref").write_text(coref, encoding="utf-8")
    (root / f"{name}.facts").write_text(facts, encoding="utf-8")
    return root


def at(word_from: int, word_to: int, text: str = TEXT) -> tuple[int, int]:
    """Offset and length covering tokens word_from..word_to."""
    toks = _tokens(text)
    s = toks[word_from][0]
    return s, toks[word_to][0] + toks[word_to][1] - s


def resp(tag: str, a: int, b: int) -> tuple[str, int, int]:
    return (tag, *at(a, b))


@pytest.fixture
def doc(tmp_path: Path) -> F.FactRuDoc:
    return F.read_folder(make_folder(tmp_path / "f"))[0]


def test_reader_reads_all_layers(doc: F.FactRuDoc) -> None:
    assert doc.name == "book_1"
    assert [t.text for t in doc.tokens[2:4]] == ["юрий", "лужков"]
    assert doc.spans["s7"].token_ids == ("108", "109", "110")
    assert [m.tag for m in doc.mentions] == ["locorg", "per", "locorg", "org", "org"]


GOLD_ALL = [resp("loc", 1, 1), resp("per", 2, 3), resp("loc", 5, 5), resp("org", 7, 10)]


@pytest.mark.parametrize(
    "mentions, tag, p, r",
    [
        # exact match of everything (locorg answered as loc)
        (GOLD_ALL, "overall", 1.0, 1.0),
        # the person found by surname only: half of its name tokens
        ([resp("per", 3, 3)], "per", 0.5, 0.5),
        # one extra token: 2 of 3
        ([resp("per", 2, 4)], "per", 2 / 3, 2 / 3),
        # the descriptor «движение» is optional; the glued quotation marks do not count
        ([resp("org", 8, 10)], "org", 1.0, 1.0),
        ([resp("org", 9, 9)], "org", 1.0, 1.0),
        # a place tagged as a person earns nothing, and is a false positive
        ([resp("per", 5, 5)], "per", 0.0, 0.0),
        ([resp("per", 5, 5)], "loc", 1.0, 0.0),
        # nothing found
        ([], "overall", 1.0, 0.0),
    ],
)
def test_track1_credit(doc: F.FactRuDoc, mentions, tag: str, p: float, r: float) -> None:
    s = F.score_track1([doc], {doc.name: mentions})[tag]
    assert s.precision == pytest.approx(p)
    assert s.recall == pytest.approx(r)


def test_track1_unnamed_gold_mention_is_not_required(doc: F.FactRuDoc) -> None:
    # «Мэр» alone is an Org mention with a descriptor only: not counted among the gold
    s = F.score_track1([doc], {doc.name: GOLD_ALL})["org"]
    assert s.n_gold == 1
    # finding it is not a false positive either
    s2 = F.score_track1([doc], {doc.name: GOLD_ALL + [resp("org", 0, 0)]})["org"]
    assert s2.n_resp == 1 and s2.f1 == 1.0


@pytest.mark.parametrize("locorg_as_loc, answer, f1", [
    (True, "loc", 1.0), (True, "locorg", 1.0), (False, "locorg", 1.0), (False, "loc", 0.0),
])
def test_track1_locorg_scored_as_loc(doc: F.FactRuDoc, locorg_as_loc: bool, answer: str, f1: float) -> None:
    ms = [(answer, *at(5, 5))]
    tag = "loc" if locorg_as_loc else "locorg"
    s = F.score_track1([doc], {doc.name: ms}, locorg_as_loc=locorg_as_loc)[tag]
    assert s.recall == pytest.approx(f1 * 0.5)  # one of the two locorg mentions


def test_track1_embedded_mention_not_required(tmp_path: Path) -> None:
    text = "Мэрия Москвы заявила."
    spans = {"a": ("org_descr", [0]), "b": ("loc_name", [1])}
    objects = {"o1": ("Org", ["a", "b"]), "o2": ("LocOrg", ["b"])}
    d = F.read_folder(make_folder(tmp_path / "e", text, spans, objects))[0]
    org_only = F.score_track1([d], {d.name: [("org", *at(0, 1, text))]})
    assert org_only["overall"].f1 == 1.0
    # answering the nested place too is not penalized
    both = F.score_track1([d], {d.name: [("org", *at(0, 1, text)), ("loc", *at(1, 1, text))]})
    assert both["overall"].f1 == 1.0


def test_task1_files_round_trip(tmp_path: Path, doc: F.FactRuDoc) -> None:
    F.write_task1(tmp_path / "book_1.task1", GOLD_ALL)
    assert (tmp_path / "book_1.task1").read_text().splitlines()[0] == "loc 4 6"
    assert F.read_task1(tmp_path / "book_1.task1") == GOLD_ALL


def test_task1_bad_line_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "book_1.task1"
    p.write_text("person 1 2\n")
    with pytest.raises(Exception, match="book_1.task1"):
        F.read_task1(p)


def test_offset_map_follows_an_edited_text() -> None:
    original = "Заголовок\n\nАким Алматы Ерболат Досаев сказал."
    processed = "Аким Алматы Ерболат Досаев сказал."
    m = F.OffsetMap(original, processed)
    s = processed.index("Досаев")
    a, b = m.span(s, s + 6, "Досаев")
    assert original[a:b] == "Досаев"


# ---------------------------------------------------------------------------------------
# the devset: calibration against the public evaluation's figures

NATASHA_DEVSET = {"per": 0.9458, "loc": 0.9244, "org": 0.7447, "overall": 0.8836}


@pytest.fixture(scope="module")
def devset() -> list[F.FactRuDoc]:
    need_shared()
    return F.read_folder(FACTRU_DEV)


@pytest.fixture(scope="module")
def natasha_scores(devset) -> dict[str, Score]:
    return F.score_track1(devset, {d.name: F.natasha_mentions(d.text) for d in devset})


@pytest.mark.parametrize("tag", list(NATASHA_DEVSET))
def test_calibration_reproduces_natasha_published_devset_figures(natasha_scores, tag: str) -> None:
    assert natasha_scores[tag].f1 == pytest.approx(NATASHA_DEVSET[tag], abs=0.005)


def test_gold_as_track1_response_scores_near_perfect(devset) -> None:
    s = F.score_track1(devset, {d.name: F.gold_track1_mentions(d) for d in devset})
    # not exactly 1: a few gold mentions are discontinuous or include glued punctuation
    assert s["overall"].f1 > 0.99
    assert s["per"].n_gold == s["per"].n_resp


def _as_response(facts: list[F.Fact]) -> list[dict[str, str]]:
    return [F.fact_to_response(f) for f in facts]


def test_gold_facts_as_track3_response_score_one(devset, tmp_path: Path) -> None:
    for d in devset:
        F.write_task3(tmp_path / f"{d.name}.task3", _as_response(F.gold_facts(d, "occupation")))
    resp = {d.name: F.read_task3(tmp_path / f"{d.name}.task3") for d in devset}
    s = F.score_track3(devset, resp)
    assert s.n_gold > 150
    assert s.f1 == pytest.approx(1.0)


def test_empty_track3_response(devset) -> None:
    s = F.score_track3(devset, {})
    assert (s.recall, s.f1, s.n_resp) == (0.0, 0.0, 0)


def test_track3_one_role_wrong_gets_partial_credit_on_devset(devset) -> None:
    resp = {}
    for d in devset:
        out = []
        for f in _as_response(F.gold_facts(d, "occupation")):
            if "position" in f:
                f["position"] = "водитель трамвая"
            out.append(F.Fact("occupation", [F.FactArg(k, {v}) for k, v in f.items()]))
        resp[d.name] = out
    s = F.score_track3(devset, resp)
    assert 0.6 < s.f1 < 0.7  # who and where right, position (weight 0.5) wrong: 2/3 a fact


# ---------------------------------------------------------------------------------------
# track 3 on a hand-made document

FACT_TEXT = "Мэр Москвы Юрий Лужков и губернатор Подмосковья Борис Громов."
FACT_SPANS = {
    "1": ("job", [0]), "2": ("loc_name", [1]), "3": ("name", [2]), "4": ("surname", [3]),
    "5": ("job", [5]), "6": ("loc_name", [6]), "7": ("name", [7]), "8": ("surname", [8]),
}
FACT_OBJECTS = {"10": ("LocOrg", ["2"]), "11": ("Person", ["3", "4"]),
                "12": ("LocOrg", ["6"]), "13": ("Person", ["7", "8"])}
FACT_COREF = """1 10
name Москва

2 11
firstname Юрий
lastname Лужков

3 12
name Подмосковье

4 13
firstname Борис
lastname Громов
"""
FACTS = """1-0 Occupation
Who obj2 Лужков Юрий
Position span1 мэра
Where obj1 Москва

1-1 Occupation
Who obj4 Громов Борис
Position span5 губернатора
Where obj3 Подмосковье
Сложность повышенная
"""


@pytest.fixture
def fact_doc(tmp_path: Path) -> F.FactRuDoc:
    return F.read_folder(make_folder(tmp_path / "t3", FACT_TEXT, FACT_SPANS, FACT_OBJECTS, FACTS, FACT_COREF))[0]


def _facts(*rows: dict[str, str]) -> list[F.Fact]:
    return [F.Fact("occupation", [F.FactArg(k, {F.normalize_value(v)}) for k, v in r.items()]) for r in rows]


@pytest.mark.parametrize(
    "rows, f1",
    [
        ([{"who": "Юрий Лужков", "position": "мэр", "where": "Москва"}], 1.0),
        ([{"who": "Лужков", "position": "мэра", "where": "Москвы"}], 1.0),
        # a wrong place: who 1 + position 0.5 of 3.5
        ([{"who": "Юрий Лужков", "position": "мэр", "where": "Тверь"}], 1.5 / 3.5),
        # only the position agrees: no match at all (1 false positive, 1 miss)
        ([{"who": "Пётр Иванов", "position": "мэр", "where": "Тверь"}], 0.0),
        # the «difficult» fact is not required, and finding it costs nothing
        ([{"who": "Юрий Лужков", "position": "мэр", "where": "Москва"},
          {"who": "Борис Громов", "position": "губернатор", "where": "Подмосковье"}], 1.0),
        ([], 0.0),
    ],
)
def test_track3_role_by_role(fact_doc: F.FactRuDoc, rows, f1: float) -> None:
    s = F.score_track3([fact_doc], {fact_doc.name: _facts(*rows)})
    assert s.n_gold == 1
    assert s.f1 == pytest.approx(f1)


def test_task3_file_format(tmp_path: Path) -> None:
    F.write_task3(tmp_path / "b.task3", [{"who": "Юрий Лужков", "position": "мэр", "where": "Москва: столица"},
                                         {"who": "", "position": ""}])
    assert (tmp_path / "b.task3").read_text(encoding="utf-8") == (
        "OCCUPATION:\nWHO: Юрий Лужков\nPOSITION: мэр\nWHERE: Москва столица\n")
    [f] = F.read_task3(tmp_path / "b.task3")
    assert f.type == "occupation"
    assert [(a.role, a.values) for a in f.args] == [
        ("who", {"юрий лужков"}), ("position", {"мэр"}), ("where", {"москва столица"})]


@pytest.mark.parametrize("phrase, nominative", [
    ("генерального директора", "генеральный директор"),
    ("заместителем министра", "заместитель министра"),
    ("главой", "глава"),
    ("министр торговли", "министр торговли"),
])
def test_gold_positions_also_accepted_in_the_nominative(phrase: str, nominative: str) -> None:
    assert F.nominative(phrase) == nominative


def test_article_occupations_where_follows_gold_convention() -> None:
    from derek.article import Entity, Mention

    art = Article(text="x", entities=[
        Entity("T1", "ORG", "Ассамблея народа Казахстана", mentions=[Mention(0, 3, "АНК")]),
        Entity("T4", "ORG", "акимат города Алматы"),  # implied by «аким Алматы»: no mentions
    ], people=[
        Person("T2", "Абзал Нукенов", positions=[Position("заместитель акима", org="акимат города Алматы",
                                                          place="Алматы")]),
        Person("T3", "Марат Азильханов", positions=[Position("заместитель председателя",
                                                             org="Ассамблея народа Казахстана")]),
        Person("T5", "Саеб Арикат", positions=[Position("глава", org="палестинская делегация",
                                                        place="Палестина")]),
    ])
    assert F.article_occupations(art) == [
        {"who": "Абзал Нукенов", "position": "заместитель акима", "where": "Алматы"},
        # an expansion the article never writes out is reported as written
        {"who": "Марат Азильханов", "position": "заместитель председателя", "where": "АНК"},
        # a stated unit is the organization, even with a place known
        {"who": "Саеб Арикат", "position": "глава", "where": "палестинская делегация"},
    ]


# ---------------------------------------------------------------------------------------
# kznews


@pytest.mark.parametrize("gold, resp, same", [
    ("Касым-Жомарт Токаев", "Касым-Жомарт Токаев", True),
    ("Касым-Жомарт Токаев", "Токаев", True),
    ("Кажин", "Алмас Кажин", True),
    ("Серикбаев", "Серикбаев А.Ж.", True),
    ("Ерболат Досаев", "Ербол Досаев", True),  # same surname and initial
    ("Ерболат Досаев", "Марат Досаев", False),
    ("Жулдыз Сулейменова", "Жулдыз Сулейменов", False),
    ("Алёна Фёдорова", "алена федорова", True),
])
def test_person_names_match_by_surname_and_initial(gold: str, resp: str, same: bool) -> None:
    assert K.same_person(K.name_key(gold), K.name_key(resp)) is same


@pytest.mark.parametrize("gold, variants, ok", [
    ("аким Турксибского района", ["аким", "аким Турксибский район"], True),
    ("глава министерства здравоохранения", ["министр здравоохранения"], True),  # 2 of 3 stems
    ("президент Казахстана", ["президент"], True),  # Jaccard 0.5
    ("заместитель акима Алматы", ["заместитель"], False),  # 1 of 3
    ("председатель Сената", ["спикер", "спикер Сенат Парламента"], False),
    ("депутат Мажилиса", ["депутат Мажилиса Парламента Республики Казахстан"], True),  # all gold words
])
def test_position_title_key_words(gold: str, variants: list[str], ok: bool) -> None:
    assert (K.title_match(gold, variants) >= 0.5) is ok


@pytest.mark.parametrize("a, b, match", [
    ("министры должны безупречно выполнять свои обязанности", "министры должны безупречно выполнять свои обязанности", True),
    ("один два три четыре", "один два", True),  # Dice 4/6
    ("один два три четыре пять шесть", "Один, два!", True),  # Dice 4/8: the threshold itself
    ("один два три четыре пять шесть семь", "один два", False),  # 4/9
    ("совсем другое", "один два", False),
])
def test_quote_overlap_threshold(a: str, b: str, match: bool) -> None:
    ov = K.text_overlap(a, b)
    assert (ov >= K.QUOTE_OVERLAP) is match
    assert ov == K.text_overlap(b, a)


def _gold(**kw) -> K.GoldDoc:
    base = dict(id="d", text="t", url=None, persons=[], occupations=[], quotes=[])
    base.update(kw)
    return K.GoldDoc(**base)


def test_optional_person_counts_neither_way() -> None:
    gold = _gold(persons=[{"name": "Айдар Есенбеков"}, {"name": "Абылхан Кастеев", "optional": True}])
    found = Article(text="t", people=[Person("T1", "Айдар Есенбеков"), Person("T2", "Абылхан Кастеев")])
    missed = Article(text="t", people=[Person("T1", "Айдар Есенбеков")])
    for art in (found, missed):
        s = K.score_article(gold, art).scores["persons"]
        assert (s.tp_gold, s.n_gold, s.n_resp) == (1, 1, 1)
    wrong = Article(text="t", people=[Person("T1", "Айдар Есенбеков"), Person("T3", "Ержан Ахметов")])
    assert K.score_article(gold, wrong).scores["persons"].n_resp == 2


def test_quotes_scored_by_text_then_speaker() -> None:
    gold = _gold(quotes=[{"speaker": "Марат Азильханов", "kind": "direct",
                          "text": "Наша цель — вместе со всеми институтами поддерживать единство"}])
    q = Quote("Абзал Нукенов", None, "direct", "Наша цель — вместе со всеми институтами поддерживать единство",
              "сказал", 0, 10)
    r = K.score_article(gold, Article(text="t", quotes=[q])).scores
    assert r["quotes"].f1 == 1.0
    assert r["quotes+speaker"].f1 == 0.0
    q.speaker = "Азильханов"
    assert K.score_article(gold, Article(text="t", quotes=[q])).scores["quotes+speaker"].f1 == 1.0


def _article_from_gold(g: K.GoldDoc) -> Article:
    people = []
    for i, p in enumerate(g.persons):
        pos = [Position(o["position"]) for o in g.occupations if o["who"] == p["name"]]
        people.append(Person(f"T{i}", p["name"], positions=pos))
    quotes = [Quote(q.get("speaker"), None, q.get("kind", "direct"), q["text"], q.get("cue"), 0, 0) for q in g.quotes]
    return Article(text=g.text, people=people, quotes=quotes)


def test_kznews_gold_as_response_scores_one() -> None:
    need_shared()
    gold = K.read_kznews(KZNEWS)
    report = K.score_articles("kznews", gold, [_article_from_gold(g) for g in gold])
    for cat, s in report.totals.items():
        assert s.f1 == 1.0, cat
    assert report.totals["quotes"].n_gold >= 40


def test_kznews_bad_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(Exception, match="a.json"):
        K.read_kznews(tmp_path)


# ---------------------------------------------------------------------------------------
# the CLI on small folders (the devset-wide runs are in test_quality_gate.py)


def test_cli_eval_factru_track1_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from derek.cli import app

    folder = make_folder(tmp_path / "in")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["eval", "factru", str(folder), "--track", "1", "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["documents"] == 1 and set(d["derek"]) == {"per", "loc", "org", "overall"}
    assert "natasha" in d
    lines = (out / "book_1.task1").read_text().split("\n")
    assert any(line.startswith("per ") for line in lines)  # derek finds Юрий Лужков


def test_cli_eval_factru_missing_folder() -> None:
    from typer.testing import CliRunner

    from derek.cli import app

    res = CliRunner().invoke(app, ["eval", "factru", "/nonexistent/folder", "--no-natasha"])
    assert res.exit_code == 2
    assert "/nonexistent/folder" in res.output


KZ_DOC = {
    "id": "t1",
    "url": None,
    "text": " date 2025-03-01 Аким Карагандинской области Ермек Нуров провёл совещание. "
            "«Работы по ремонту дорог завершатся в мае», — сказал Нуров.",
    "persons": [{"name": "Ермек Нуров", "mentions": ["Ермек Нуров", "Нуров"]}],
    "occupations": [{"who": "Ермек Нуров", "position": "аким Карагандинской области", "org": None,
                     "place": "Карагандинская область", "evidence": "Аким Карагандинской области Ермек Нуров",
                     "tense": "current"}],
    "quotes": [{"speaker": "Ермек Нуров", "kind": "direct", "text": "Работы по ремонту дорог завершатся в мае",
                "cue": "сказал"}],
}


def test_cli_eval_kznews_table_and_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from derek.cli import app

    (tmp_path / "kz").mkdir()
    (tmp_path / "kz" / "t1.json").write_text(json.dumps(KZ_DOC, ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "kznews", str(tmp_path / "kz"), "--no-seed"])
    assert res.exit_code == 0, res.output
    for cat in K.CATEGORIES:
        assert cat in res.output
    res = CliRunner().invoke(app, ["eval", "kznews", str(tmp_path / "kz"), "--no-seed", "--json"])
    [report] = json.loads(res.output)
    assert report["documents"] == 1
    assert report["scores"]["persons"]["gold"] == 1
    assert report["scores"]["quotes"]["gold"] == 1


def test_track1_details_name_missed_partial_and_extra(doc: F.FactRuDoc) -> None:
    lines = F.track1_details(doc, [resp("per", 3, 3), resp("org", 0, 1), resp("loc", 5, 5)])
    assert "partial per 0.50 «Юрий Лужков» ~ «Лужков»" in lines
    assert "missed  loc «Москвы»" in lines
    assert "missed  org «движение «Солидарность»»" in lines
    assert not any("Россию" in line for line in lines)  # found exactly
    # «Мэр Москвы» overlaps only the unnamed «Мэр» and the nested place: neither is required
    assert not any(line.startswith("extra") for line in lines)
    assert F.track1_details(doc, [resp("per", 4, 4)])[-1] == "extra   per «посетил»"


def test_track3_details(fact_doc: F.FactRuDoc) -> None:
    lines = F.track3_details(fact_doc, _facts({"who": "Юрий Лужков", "position": "мэр", "where": "Тверь"},
                                              {"who": "Пётр Иванов", "position": "мэр"}))
    assert lines[0].startswith("partial 0.43 who: лужков юрий")
    assert lines[1] == "extra   who: пётр иванов | position: мэр".replace("ё", "е")


class _FlakyPipeline:
    """Fails on documents whose text is «boom», as a broken stage would."""

    batch_size = 2

    def extract(self, rec: dict) -> Article:
        if rec["text"] == "boom":
            raise RuntimeError("stage crashed")
        return Article(text=rec["text"], title="ok")

    def map(self, recs):
        return [self.extract(r) for r in recs]


def test_one_failing_document_scores_as_empty_and_the_rest_go_on(caplog) -> None:
    from derek.evaluate.run import run_pipeline

    arts = run_pipeline([{"text": t} for t in ("a", "boom", "c")], _FlakyPipeline(), ["d1", "d2", "d3"])
    assert [(a.text, a.title) for a in arts] == [("a", "ok"), ("boom", None), ("c", "ok")]
    assert "d2" in caplog.text


# ---------------------------------------------------------------------------------------
# KazNERD


def test_kaznerd_documents_and_spans(tmp_path: Path) -> None:
    from derek.evaluate import kaznerd as KN

    f = tmp_path / "mini.txt"
    f.write_text("Қасым-Жомарт B-PERSON\nТоқаев I-PERSON\nАстанаға B-GPE\nкелді O\n\n"
                 "Ақорда B-FACILITY\nхабарлады O\n", encoding="utf-8")
    sents = KN.read_sentences(f)
    [doc] = list(KN.documents(sents))
    assert doc.text == "Қасым-Жомарт Тоқаев Астанаға келді\nАқорда хабарлады\n"
    assert {(doc.text[a:b], t) for a, b, t in doc.gold} == {("Қасым-Жомарт Тоқаев", "PER"), ("Астанаға", "LOC")}
    bad = tmp_path / "bad.txt"
    bad.write_text("Тоқаев\n", encoding="utf-8")
    with pytest.raises(Exception, match="bad.txt"):
        KN.read_sentences(bad)


def test_kaznerd_scores_derek_on_kazakh_sentences(pipeline) -> None:
    need_shared()
    from conftest import SHARED
    from derek.evaluate import kaznerd as KN

    # sentences held out from the ones the Kazakh word lists were checked against
    report = KN.evaluate_kaznerd(SHARED / "kaznerd" / "IOB2_valid.txt", skip=2000, limit=300, pipeline=pipeline)
    per, loc = report.scores["PER"], report.scores["LOC"]
    assert report.sentences == 300 and per.n_gold > 10 and loc.n_gold > 10
    assert per.precision > 0.7 and per.recall > 0.4, per.to_dict()
    assert loc.f1 > 0.5, loc.to_dict()
