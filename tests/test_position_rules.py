"""The positions rules one by one (a sentence in, the rule's claims out, so a failing row names its
rule), the names ``--explain`` shows, and one stage serving two threads at once."""

from __future__ import annotations

import copy
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from typer.testing import CliRunner

import derek.pipeline
from conftest import SEED
from derek.cli import app
from derek.cli.extract import _as_dict
from derek.nlp import positions
from derek.nlp.positions import DOCUMENT_RULES, POST_RULES, SENTENCE_RULES, PositionStage, rule_claims
from derek.nlp.positions.rules_names import refine_body_in_parentheses, served_not_held
from derek.nlp.positions.stage import sentences
from derek.nlp.posts import title_text
from derek.pipeline import Pipeline

RULES = {r.__name__: r for r in (*POST_RULES, *SENTENCE_RULES, *DOCUMENT_RULES)}

# (rule, text, [(claim's rule, holder, title)]): what the rule claims when it runs alone on the text
RULE_CASES = [
    ("apposition_before_name", "Депутат Мажилиса Айдос Сарым задал вопрос.",
     [("apposition_before_name", "Айдос Сарым", "депутат")]),
    ("apposition_before_name", "И.о. акима Шымкента Ерлан Айтаханов посетил школу.",
     [("apposition_before_name", "Ерлан Айтаханов", "и.о. акима")]),
    ("apposition_after_name", "Игорь Зайцев, директор завода «Уралмаш», рассказал о планах.",
     [("apposition_after_name", "Игорь Зайцев", "директор")]),
    ("apposition_after_name", "Письмо подписал Иван Орлов, известный правозащитник, член Общественной палаты и "
     "экспертной группы по гражданскому обществу.",
     [("apposition_after_name", "Иван Орлов", "член"), ("coordinated_posts", "Иван Орлов", "член")]),
    # a text ending in «… и» after the post used to fail the whole document
    ("apposition_after_name", "Письмо подписал Иван Орлов, член Общественной палаты и",
     [("apposition_after_name", "Иван Орлов", "член")]),
    ("syntactic_apposition", "Марат Азильханов, заместитель председателя АНК, открыл форум.",
     [("syntactic_apposition", "Марат Азильханов", "заместитель председателя")]),
    ("in_capacity", "В команду, в качестве первого заместителя, входит Олег Котов.",
     [("in_capacity", "Олег Котов", "первый заместитель")]),
    ("appointment_verb", "Павел Жуков назначен послом.", [("appointment_verb", "Павел Жуков", "посол")]),
    ("appointment_verb", "Президент Арман Жумабаев назначил Ивана Петрова министром финансов.",
     [("appointment_verb", "Иван Петров", "министр финансов")]),
    ("dropped_subject", "Арман Сеитов родился в 1974 году. Работал в органах финансовой полиции, был заместителем "
     "председателя Агентства по защите конкуренции.",
     [("dropped_subject", "Арман Сеитов", "заместитель председателя")]),
    ("post_then_verb", "Вместо Олега Котова капитаном стал Михаил Рыбин.", [("post_then_verb", "Михаил Рыбин", "капитан")]),
    ("plural_holders", "Депутаты Мажилиса Иван Кравцов и Олег Сидоров выступили против.",
     [("plural_holders", "Иван Кравцов", "депутат"), ("plural_holders", "Олег Сидоров", "депутат")]),
    # the tagger reads «экс-акимам» as a singular: the coordinated places still pair with the people
    ("coordinated_holders", "Суд вынес приговор экс-акимам Павлодарской области и города Экибастуза "
     "Ивану Кравцову и Олегу Сидорову.",
     [("coordinated_holders", "Иван Кравцов", "аким"), ("coordinated_holders", "Олег Сидоров", "аким")]),
    ("verb_posts", "Иван Петров возглавил Министерство финансов в 2020 году.",
     [("verb_posts", "Иван Петров", "руководитель")]),
    ("verb_posts", "Анна Климова, которая работает в Сбербанке, ответила на вопросы.",
     [("verb_posts", "Анна Климова", "сотрудник")]),
    ("succession", "Казахстан получил нового министра энергетики. Анна Климова заменила на этом посту Олега Котова.",
     [("succession", "Анна Климова", "министр энергетики"), ("succession", "Олег Котов", "министр энергетики")]),
    ("role_noun_holder", "Арман Жумабаев провел совещание в Астане. Президент поручил ускорить строительство школ.",
     [("role_noun_holder", "Арман Жумабаев", "президент")]),
    ("kazakh_posts", "Алматы қаласының әкімі Ерболат Досаев жаңа мектептің ашылуына қатысты.",
     [("kazakh_posts.before_name", "Ерболат Досаев", "әкім")]),
    # a rule that does not apply claims nothing
    ("in_capacity", "Депутат Мажилиса Айдос Сарым задал вопрос.", []),
    ("succession", "Иван Петров возглавил Министерство финансов в 2020 году.", []),
]

# rules tested on their own below rather than by their claims
NO_CLAIMS = {"served_not_held", "refine_deputy_of_pronoun", "refine_body_in_parentheses", "role_noun_subject"}


@pytest.fixture(scope="module")
def before_positions(pipeline):
    """The default pipeline's stages up to the positions stage (the same loaded models)."""
    k = next(i for i, st in enumerate(pipeline.stages) if isinstance(st, PositionStage))
    return Pipeline(pipeline.stages[:k])


def _work(pre, text):
    return pre.run([pre.start(text)])[0]


def _claims(pre, rule_name, text):
    return [(c.rule, c.person.name, c.post.title_override or title_text(c.post.toks))
            for c in rule_claims(_work(pre, text), RULES[rule_name])]


@pytest.mark.parametrize(("rule", "text", "expected"), RULE_CASES,
                         ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(RULE_CASES)])
def test_rule_alone(before_positions, rule, text, expected):
    assert _claims(before_positions, rule, text) == expected


def test_every_claiming_rule_has_a_case():
    tested = {r for r, _, exp in RULE_CASES if exp}
    assert set(RULES) - NO_CLAIMS <= tested, set(RULES) - NO_CLAIMS - tested


def _posts(pre, text):
    work = _work(pre, text)
    ctx = positions.build_context(work)
    return ctx, [(view, t) for view in sentences(ctx, work) for t in view.found]


def test_served_not_held_settles_the_post(before_positions):
    """«Помощник Елены Ковалёвой»: the rule that looks at the name right after the post would take
    it; served_not_held, tried before it, settles the post with no holder."""
    text = "Помощник Елены Ковалёвой заявил журналистам, что встреча отменена."
    assert _claims(before_positions, "apposition_before_name", text) == [
        ("apposition_before_name", "Елена Ковалёва", "помощник")]
    ctx, posts = _posts(before_positions, text)
    view, t = next((v, t) for v, t in posts if title_text(t.toks) == "помощник")
    assert served_not_held(ctx, view, t) == []
    assert positions.post_claims(ctx, view, t) == []


@pytest.mark.parametrize(("text", "org"), [
    ("Депутат Олег Котов (КПРФ) выступил против законопроекта.", "КПРФ"),
    ("Депутат Олег Котов выступил против законопроекта.", None),
])
def test_refine_body_in_parentheses(before_positions, text, org):
    ctx, [(view, t)] = _posts(before_positions, text)
    refined = refine_body_in_parentheses(ctx, view, t)
    assert (refined.org.name if refined is not None and refined.org else None) == org
    assert t.org is None  # the post the sentence found is left as it was


def test_a_rule_must_be_a_positions_rule(before_positions):
    with pytest.raises(ValueError, match="title_text"):
        rule_claims(_work(before_positions, "Павел Жуков назначен послом."), title_text)


KNOWN = set(RULES) | {"coordinated_posts", "post_tagger"}


def test_explain_names_a_rule_for_every_position_and_quote(pipeline, seed_article, monkeypatch):
    """``derek extract --explain ../shared/data/seed/almaty-ank-30.txt``."""
    monkeypatch.setattr(derek.pipeline, "_default", pipeline)  # the session's models, loaded once
    result = CliRunner().invoke(app, ["extract", "--explain", str(SEED)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    got = [(p["name"], q["title"], q["rules"]) for p in out["people"] for q in p["positions"]]
    assert got, "the seed states posts"
    for name, title, rules in got:
        assert rules and all(r in KNOWN or r.startswith("kazakh_posts.") for r in rules), (name, title, rules)
    assert out["quotes"] and all(q["rule"] for q in out["quotes"]), [q["rule"] for q in out["quotes"]]
    # the plain output has no rule names
    assert _as_dict(seed_article) == seed_article.to_dict()
    assert all("rules" not in q for p in seed_article.to_dict()["people"] for q in p["positions"])


THREAD_TEXTS = [
    "Аким города Алматы Ерболат Досаев провёл совещание. Президент поручил акимату Алматы подготовиться к зиме."
    "\n\nЗаместитель акима Алматы Айдос Сарым сказал, что акимат Алматы готов.",
    "Указом Главы государства Арман Сеитов назначен председателем Агентства Республики Казахстан по защите "
    "конкуренции.\n\nАрман Сеитов родился в 1974 году. Работал в органах финансовой полиции, был заместителем "
    "председателя Агентства по защите конкуренции.",
    "Казахстан получил нового министра энергетики. Анна Климова заменила на этом посту Олега Котова. "
    "Иван Петров сменил на посту акима города Сергея Гусева.",
]


@pytest.fixture
def switch_often():
    """Threads switch every 10 µs instead of every 5 ms, so that two documents interleave inside
    the stage (with the stage's old per-document fields on ``self`` a few rounds in ten differed)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(before)


def _in_two_threads(fn, a_items, b_items):
    """``fn`` over ``a_items`` in one thread and over ``b_items`` in another, started together."""
    barrier = threading.Barrier(2)

    def run(items):
        barrier.wait()
        return [fn(x) for x in items]

    with ThreadPoolExecutor(2) as pool:
        a = pool.submit(run, a_items)
        b = pool.submit(run, b_items)
        return a.result(), b.result()


def test_one_position_stage_in_two_threads(before_positions, seed_text, switch_often):
    stage = PositionStage()
    works = [_work(before_positions, t) for t in [seed_text, *THREAD_TEXTS]]
    alone = [stage(copy.deepcopy(w)).article.to_dict() for w in works]
    for _ in range(20):
        copies_a = [copy.deepcopy(w) for w in works]
        copies_b = [copy.deepcopy(w) for w in works[::-1]]
        a, b = _in_two_threads(lambda w: stage(w).article.to_dict(), copies_a, copies_b)
        assert a == alone and b[::-1] == alone


def test_one_pipeline_in_two_threads(pipeline, seed_text, switch_often):
    texts = [seed_text, *THREAD_TEXTS]
    alone = [pipeline.extract(t).to_dict() for t in texts]
    a, b = _in_two_threads(lambda t: pipeline.extract(t).to_dict(), texts, texts[::-1])
    assert a == alone and b[::-1] == alone
