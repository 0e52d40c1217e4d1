"""Positions: the seed's posts, and the ways Russian news states a post."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_EXPECTED, need_shared


def _positions(article, name):
    p = next((p for p in article.people if p.name == name), None)
    assert p is not None, f"{name} not among {[p.name for p in article.people]}"
    return p.positions


def test_seed_positions(seed_article):
    need_shared()
    exp = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    for person in exp["people"]:
        got = _positions(seed_article, person["name"])
        for want in person["positions"]:
            match = [g for g in got if g.title == want["title"]]
            assert match, f"{person['name']}: {want['title']} not in {[g.title for g in got]}"
            g = match[0]
            assert (g.org or "").lower().startswith(want["org"].lower())
            assert g.place == want["place"]
            assert g.tense == "current"
            assert seed_article.text[g.start:g.end] == g.evidence


@pytest.mark.parametrize(
    "text, name, title, org, place, tense",
    [
        ("Марат Азильханов, заместитель председателя АНК, открыл форум.",
         "Марат Азильханов", "заместитель председателя", "Ассамблея народа Казахстана", None, "current"),
        ("На встрече выступил аким Карагандинской области Ермаганбет Булекпаев.",
         "Ермаганбет Булекпаев", "аким", "акимат Карагандинской области", "Карагандинская область", "current"),
        ("Бывший министр энергетики Болат Акчулаков прокомментировал решение.",
         "Болат Акчулаков", "министр энергетики", None, None, "past"),
        ("Ерлан Карин назначен государственным советником.",
         "Ерлан Карин", "государственный советник", None, None, "current"),
        ("Депутат Мажилиса Айдос Сарым задал вопрос.",
         "Айдос Сарым", "депутат", "Мажилис", None, "current"),
        # a «по …» field is part of the post; the place after it is the place
        ("Министр по чрезвычайным ситуациям Казахстана Нурлан Абенов прибыл на место.",
         "Нурлан Абенов", "министр по чрезвычайным ситуациям", None, "Казахстан", "current"),
        # a Latin organization name after the post
        ("Как заявил глава IBM Томас Уотсон, продажи выросли.",
         "Томас Уотсон", "глава", "IBM", None, "current"),
        # «из …»/«от …»: the unit the person comes from
        ("Иван Петров, инженер из цеха сборки Boeing, рассказал о заводе.",
         "Иван Петров", "инженер", "цех сборки Boeing", None, "current"),
        # a country or region adjective before the post is its place
        ("Отставки требуют от подмосковного губернатора Олега Сидорова.",
         "Олег Сидоров", "губернатор", None, "Подмосковье", "current"),
        # a quoted organization name after a place adjective
        ("Концерт дал Павел Орлов, лидер московской группы «Звезда».",
         "Павел Орлов", "лидер", "группа «Звезда»", None, "current"),
    ],
)
def test_position_patterns(pipeline, text, name, title, org, place, tense):
    art = pipeline.extract(text)
    got = _positions(art, name)
    match = [g for g in got if g.title == title]
    assert match, [(g.title, g.org, g.place) for g in got]
    g = match[0]
    assert g.org == org
    if place is not None:
        assert g.place == place
    assert g.tense == tense


@pytest.mark.parametrize(
    "text, name",
    [
        # a post in the nominative next to a name in the dative belongs to someone else
        ("Новому акиму Бауржану Ахметову Президент Казахстана поручил решить проблемы города.",
         "Бауржан Ахметов"),
        # a genitive post before a name in the nominative: «Указом Главы государства X назначен …»
        ("Указом Главы государства Дархан Сатыбалды назначен послом.", "Дархан Сатыбалды"),
    ],
)
def test_post_of_another_person_is_not_taken(pipeline, text, name):
    art = pipeline.extract(text)
    got = _positions(art, name)
    assert all(g.title not in ("президент", "глава государства") for g in got), [(g.title, g.evidence) for g in got]


def test_surname_only_after_a_post_with_a_place(pipeline):
    art = pipeline.extract("Об этом рассказал заместитель акима Алматы Нукенов на встрече.")
    got = _positions(art, "Нукенов")
    assert [(g.title, g.org, g.place) for g in got] == [("заместитель акима", "акимат города Алматы", "Алматы")]


def test_national_post_placed_in_the_country_of_the_text(pipeline):
    art = pipeline.extract(
        "Экспорт Казахстана вырос за год на десять процентов. "
        "Премьер-министр Арман Сеитов поручил сохранить темпы роста.")
    [pos] = _positions(art, "Арман Сеитов")
    assert (pos.title, pos.org, pos.place) == ("премьер-министр", None, "Казахстан")
    # a post the text places itself keeps its own organization and gets no country
    art = pipeline.extract("В России открыли завод. Президент компании «Альфа» Иван Сидоров выступил.")
    [pos] = _positions(art, "Иван Сидоров")
    assert pos.place is None and pos.org is not None


def test_track3_export_leaves_out_ownership_and_bare_professions(pipeline):
    from derek.evaluate.factru import article_occupations

    art = pipeline.extract(
        "Писатель Олег Воронин выступил в библиотеке. Основатель компании «Бета» Анна Климова "
        "и директор компании «Бета» Пётр Зуев подписали договор.")
    facts = article_occupations(art)
    assert {f["who"] for f in facts} == {"Пётр Зуев"}, facts
    # derek itself still reports them
    assert _positions(art, "Олег Воронин")[0].title == "писатель"


@pytest.mark.parametrize(
    "text, name, title, tense",
    [
        # the appointed person is the object, not the one who appoints
        ("Президент Арман Жумабаев назначил Ивана Петрова министром финансов.",
         "Иван Петров", "министр финансов", "current"),
        # the post before the verb, the person after it
        ("Вместо Олега Котова капитаном стал Михаил Рыбин.", "Михаил Рыбин", "капитан", "current"),
        ("Место спикера парламента занял депутат Сергей Гусев.", "Сергей Гусев", "спикер", "current"),
        # «будет» is the future
        ("Павел Жуков будет первым заместителем министра.", "Павел Жуков", "первый заместитель министра", "future"),
        ("Павел Жуков будет назначен министром.", "Павел Жуков", "министр", "future"),
        # «был назначен» tells history: past; «назначен» is the news: current
        ("В 2022 году Павел Жуков был назначен первым заместителем акима области.",
         "Павел Жуков", "первый заместитель акима", "past"),
        ("Павел Жуков назначен послом.", "Павел Жуков", "посол", "current"),
    ],
)
def test_appointments(pipeline, text, name, title, tense):
    art = pipeline.extract(text)
    got = _positions(art, name)
    match = [g for g in got if g.title == title]
    assert match, [(g.title, g.org, g.place, g.tense) for g in got]
    assert match[0].tense == tense
    others = [p for p in art.people if p.name != name]
    assert all(not p.positions or p.positions[0].title != title for p in others)


def test_coordinated_posts_paired_with_people(pipeline):
    art = pipeline.extract(
        "Суд вынес приговор экс-акимам Павлодарской области и города Экибастуза "
        "Ивану Кравцову и Олегу Сидорову.")
    [a] = _positions(art, "Иван Кравцов")
    [b] = _positions(art, "Олег Сидоров")
    assert (a.title, a.org, a.place, a.tense) == ("аким", "акимат Павлодарской области", "Павлодарская область", "past")
    assert (b.title, b.place, b.tense) == ("аким", "Экибастуз", "past")


def test_country_of_the_text(pipeline):
    art = pipeline.extract(
        "В Казахстане обсудили бюджет. Бывший премьер-министр страны Серик Абенов раскритиковал его.")
    [pos] = _positions(art, "Серик Абенов")
    assert (pos.title, pos.place, pos.tense) == ("премьер-министр", "Казахстан", "past")


def test_role_noun_subject_stands_for_the_person_just_named(pipeline):
    art = pipeline.extract(
        "Арман Жумабаев провел совещание в Астане. Президент поручил ускорить строительство школ.")
    assert [q.title for q in _positions(art, "Арман Жумабаев")] == ["президент"]
    # someone the text gives another post is not the one the role noun stands for
    art = pipeline.extract(
        "Аким Астаны Олег Сидоров провел совещание. Президент поручил ускорить строительство школ.")
    assert [q.title for q in _positions(art, "Олег Сидоров")] == ["аким"]
    # the one addressed (dative) is not the one acting
    art = pipeline.extract("Олегу Сидорову поручили навести порядок на рынке. Президент дал на это два месяца.")
    assert _positions(art, "Олег Сидоров") == []


def test_region_the_text_is_about(pipeline):
    art = pipeline.extract("В Павлодарской области прошел форум. Аким области Ермек Нуров поздравил участников.")
    [pos] = _positions(art, "Ермек Нуров")
    assert (pos.title, pos.org, pos.place) == ("аким", "акимат Павлодарской области", "Павлодарская область")


def test_post_after_a_short_apposition(pipeline):
    art = pipeline.extract(
        "Выступил Арман Сеитов, уроженец Костанайской области, заместитель председателя правления банка.")
    assert "заместитель председателя правления" in [q.title for q in _positions(art, "Арман Сеитов")]


@pytest.mark.parametrize(
    "text, name, title, org",
    [
        ("В команду, в качестве первого заместителя, входит Олег Котов.", "Олег Котов", "первый заместитель", None),
        ("После выборов премьер-министром станет глава партии «Рассвет» Анна Климова.",
         "Анна Климова", "премьер-министр", None),
        ("Вместо Олега Котова, капитаном стал Михаил Рыбин.", "Михаил Рыбин", "капитан", None),
        ("Иван Орлов покидает пост директора, но остается приглашенным консультантом.",
         "Иван Орлов", "приглашенный консультант", None),
        ("Письмо подписал Иван Орлов, известный правозащитник, член Общественной палаты и "
         "экспертной группы по гражданскому обществу.", "Иван Орлов", "член", "Общественная палата"),
    ],
)
def test_more_ways_to_state_a_post(pipeline, text, name, title, org):
    art = pipeline.extract(text)
    got = [(q.title.replace("ё", "е"), q.org) for q in _positions(art, name)]
    assert any(g[0] == title and (org is None or g[1] == org) for g in got), got
    if name == "Михаил Рыбин":
        assert _positions(art, "Олег Котов") == []
    if org == "Общественная палата":
        assert ("член", "экспертная группа по гражданскому обществу") in got, got


@pytest.mark.parametrize(
    "text, name, title, org, tense",
    [
        ("Иван Петров возглавил Министерство финансов в 2020 году.",
         "Иван Петров", "руководитель", "Министерство финансов", "current"),
        ("Послом назначен Олег Котов, ранее возглавлявший отдел Азии в министерстве.",
         "Олег Котов", "руководитель", "отдел Азии", "past"),
        ("Анна Климова, которая работает в Сбербанке, ответила на вопросы.",
         "Анна Климова", "сотрудник", "Сбербанк", "current"),
    ],
)
def test_posts_stated_by_a_verb(pipeline, text, name, title, org, tense):
    art = pipeline.extract(text)
    got = [(q.title, q.org, q.tense) for q in _positions(art, name)]
    assert (title, org, tense) in got, got


def test_demo_appointment_article(pipeline):
    """A whole appointment report: the decree's signer is not the appointee, past posts are past."""
    from conftest import ROOT

    text = (ROOT / "src/derek/demo/01-pavlodar-akim.txt").read_text(encoding="utf-8")
    art = pipeline.extract(text)
    got = {(q.title, q.org, q.tense) for q in _positions(art, "Ерлан Сатыбалдиев")}
    assert ("аким", "акимат Павлодарской области", "current") in got
    assert ("первый вице-министр промышленности и строительства", None, "past") in got
    assert ("руководитель", "управление индустриально-инновационного развития Павлодарской области", "past") in got
    assert not any(title == "глава государства" for title, _, _ in got)
    [kurmanov] = _positions(art, "Болат Курманов")
    assert (kurmanov.title, kurmanov.place, kurmanov.tense) == ("аким", "Павлодарская область", "past")


@pytest.mark.parametrize(
    "text, name, title, org",
    [
        # a rank right after another post is in the same body
        ("Представитель вооружённых сил полковник Иван Петров заявил о введении комендантского часа.",
         "Иван Петров", "полковник", "вооружённые силы"),
        # the body in parentheses after the name
        ("Депутат Олег Котов (КПРФ) выступил против законопроекта.", "Олег Котов", "депутат", "КПРФ"),
        # a bare post in a sentence set in an organization
        ("В Сенате, где демократы сохранили большинство, спикер Гарри Рид заявил о планах.",
         "Гарри Рид", "спикер", "Сенат"),
        # acting posts however the tokenizer splits «и.о.»
        ("И.о. акима Шымкента Ерлан Айтаханов посетил школу.", "Ерлан Айтаханов", "и.о. акима", "акимат города Шымкента"),
        ("Вчера и.о. директора департамента Нурлан Сапаров выступил.", "Нурлан Сапаров", "и.о. директора", "департамент"),
        ("Врио губернатора Иван Петров приехал в район.", "Иван Петров", "врио губернатора", None),
        # a «по …» field after a named organization belongs to the post; territorial and
        # «по вопросам …» qualifiers stay with the body
        ("Как сказал Билл Смит, директор НАСА по космическим полетам, запуск перенесут.",
         "Билл Смит", "директор по космическим полетам", "НАСА"),
        ("Начальник управления МЧС по Алматинской области Иван Петров прибыл.",
         "Иван Петров", "начальник", "управление МЧС по Алматинской области"),
        ("Председатель Комитета Мажилиса по вопросам экологии Олег Котов выступил.",
         "Олег Котов", "председатель", "Комитет Мажилиса по вопросам экологии"),
    ],
)
def test_title_and_organization(pipeline, text, name, title, org):
    got = [(q.title, q.org) for q in _positions(pipeline.extract(text), name)]
    assert (title, org) in got, got


def test_track3_export_keeps_former_as_written(pipeline):
    from derek.evaluate.factru import article_occupations

    art = pipeline.extract("Бывший глава компании «Альфа» Артур Петров подал иск. "
                           "Экс-премьер Пакистана Беназир Бхутто вернулась на родину.")
    posts = {f["who"]: f["position"] for f in article_occupations(art)}
    assert posts == {"Артур Петров": "бывший глава", "Беназир Бхутто": "экс-премьер"}, posts


def test_role_noun_in_the_paragraph_after_the_name(pipeline):
    art = pipeline.extract(
        "«Прошу обратить на это внимание», – сказал Арман Сеитов.\n\n"
        "После доклада министра премьер-министр подверг критике его заместителя Олега Котова.")
    assert [q.title for q in _positions(art, "Арман Сеитов")] == ["премьер-министр"]
    assert all(q.title != "премьер-министр" for q in _positions(art, "Олег Котов"))
    # the subject of the main clause, not of a subordinate one
    art = pipeline.extract(
        "Иван Петров согласился возглавить список, если Олег Котов победит на выборах.\n\n"
        "Об этом нынешний мэр заявил на съезде партии.")
    assert [q.title for q in _positions(art, "Иван Петров")] == ["мэр"]
    assert _positions(art, "Олег Котов") == []


def test_deputy_of_the_one_named_before(pipeline):
    art = pipeline.extract("После доклада главы министерства финансов Анны Климовой премьер-министр "
                           "подверг критике её заместителя Олега Котова.")
    [pos] = _positions(art, "Олег Котов")
    assert (pos.title, pos.org) == ("заместитель", "министерство финансов")


def test_role_noun_stands_for_the_last_one_named(pipeline):
    # the last person named holds another post: the role noun is someone else, not an earlier name
    art = pipeline.extract("Сборную возглавил Станимир Стойлов. Аким Алматы Ерболат Досаев провел совещание. "
                           "По его словам, Президент поручил решить вопрос.")
    assert all(q.title != "президент" for p in art.people for q in p.positions)


def test_succession(pipeline):
    art = pipeline.extract("Казахстан получил нового министра энергетики. Анна Климова заменила на этом посту "
                           "Олега Котова. Иван Петров сменил на посту акима города Сергея Гусева.")
    assert [(q.title, q.tense) for q in _positions(art, "Анна Климова")] == [("министр энергетики", "current")]
    assert [(q.title, q.tense) for q in _positions(art, "Олег Котов")] == [("министр энергетики", "past")]
    assert ("аким", "current") in [(q.title, q.tense) for q in _positions(art, "Иван Петров")]
    assert [(q.title, q.tense) for q in _positions(art, "Сергей Гусев")] == [("аким", "past")]


@pytest.mark.parametrize(
    "text, name, org",
    [
        ("Татьяна Орлова, заместитель начальника пресс-службы МЧС по Санкт-Петербургу и Ленобласти, ответила.",
         "Татьяна Орлова", "пресс-служба МЧС по Санкт-Петербургу и Ленобласти"),
        ("Олег Котов, член президиума Общественного совета при главном архитекторе Москвы, возразил.",
         "Олег Котов", "президиум Общественного совета при главном архитекторе Москвы"),
        ("Панихиду возглавил Иван Петров, глава синодального Отдела по делам молодежи.",
         "Иван Петров", "синодальный Отдел по делам молодежи"),
        ("Глава японского МИДа Сэйдзи Маэхара отметил это.", "Сэйдзи Маэхара", "Министерство иностранных дел"),
    ],
)
def test_organization_names_whole(pipeline, text, name, org):
    got = [q.org for q in _positions(pipeline.extract(text), name)]
    assert org in got, got


def test_hyphenated_adjective_in_an_organization_name(pipeline):
    art = pipeline.extract("Письмо подписал Иван Орлов, член Общественной палаты и российско-американской "
                           "рабочей группы по гражданскому обществу.")
    assert "российско-американская рабочая группа по гражданскому обществу" in [
        q.org for q in _positions(art, "Иван Орлов")]


def test_biography_without_repeated_subject(pipeline):
    art = pipeline.extract("Указом Главы государства Арман Сеитов назначен председателем Агентства Республики "
                           "Казахстан по защите конкуренции.\n\nАрман Сеитов родился в 1974 году. Работал в "
                           "органах финансовой полиции, был заместителем председателя Агентства по защите конкуренции.")
    got = {(q.title, q.org, q.tense) for q in _positions(art, "Арман Сеитов")}
    org = "Агентство Республики Казахстан по защите конкуренции"
    assert {("председатель", org, "current"), ("заместитель председателя", org, "past")} <= got, got
    # a sentence with its own subject is not continued
    art = pipeline.extract("Арман Сеитов родился в Алматы. Его брат был заместителем акима.")
    assert _positions(art, "Арман Сеитов") == []


def test_kazakh_posts(pipeline):
    art = pipeline.extract("Мемлекет басшысы Қасым-Жомарт Тоқаев Ақмола облысының әкімі Марат Ахметжановты "
                           "қабылдады.\n\nАлматы қаласының әкімі Ерболат Досаев жаңа мектептің ашылуына қатысты.")
    assert art.lang == "kk"
    got = {p.name: [(q.title, q.place) for q in p.positions] for p in art.people}
    assert got == {"Қасым-Жомарт Тоқаев": [("мемлекет басшысы", None)],
                   "Марат Ахметжанов": [("әкім", "Ақмола облысы")],
                   "Ерболат Досаев": [("әкім", "Алматы")]}, got


def test_kazakh_posts_before_a_listed_body_or_a_body_joined_to_the_post(pipeline):
    art = pipeline.extract("Мемлекет басшысы Қасым-Жомарт Тоқаев Үкіметтің кеңейтілген отырысын өткізді.\n\n"
                           "Ұлттық банк төрағасы Тимур Сүлейменов инфляция төмендейтінін мәлімдеді.")
    got = {p.name: [(q.title, q.org) for q in p.positions] for p in art.people}
    assert got == {"Қасым-Жомарт Тоқаев": [("мемлекет басшысы", None)],
                   "Тимур Сүлейменов": [("төраға", "Ұлттық банк")]}, got


@pytest.mark.parametrize(
    "text, name, word, kind, org_or_place",
    [
        # a post the title lexicon knows, with its place: kind post
        ("Министр обороны Казахстана Руслан Жаксылыков посетил воинскую часть.",
         "Руслан Жаксылыков", "министр", "post", "Казахстан"),
        # a rank before a name
        ("Генерал-майор Андрей Кузнецов провёл смотр войск.", "Андрей Кузнецов", "генерал", "rank", None),
        # professions the lexicons do not list: the trained tagger finds them
        ("Известный архитектор Пётр Соколов представил проект нового вокзала.",
         "Пётр Соколов", "архитектор", "profession", None),
        ("Вчера футболист Артём Лебедев подписал контракт с новым клубом.",
         "Артём Лебедев", "футболист", "profession", None),
        # a name before its post, after a comma
        ("Игорь Зайцев, директор завода «Уралмаш», рассказал о планах.", "Игорь Зайцев", "директор", "post", "Уралмаш"),
    ],
)
def test_position_kinds(pipeline, text, name, word, kind, org_or_place):
    got = [q for q in _positions(pipeline.extract(text), name) if word in q.title]
    assert got, [(q.title, q.kind) for q in _positions(pipeline.extract(text), name)]
    assert got[0].kind == kind
    if org_or_place:
        assert org_or_place.lower() in ((got[0].org or "") + " " + (got[0].place or "")).lower()


@pytest.mark.parametrize(
    "text, name, title_word",
    [
        # «помощник X»: X is the one served, not the aide
        ("Помощник Елены Ковалёвой заявил журналистам, что встреча отменена.", "Елена Ковалёва", "помощник"),
    ],
)
def test_post_of_the_one_served_is_not_theirs(pipeline, text, name, title_word):
    art = pipeline.extract(text)
    p = art.person(name)
    assert p is not None
    assert not any(title_word in q.title for q in p.positions)


def test_track3_export_keeps_posts_and_ranks_not_professions(pipeline):
    from derek.evaluate.factru import article_occupations

    art = pipeline.extract("Полковник Андрей Кузнецов и поэт Иван Петров встретились с мэром Москвы Сергеем Собяниным.")
    facts = article_occupations(art)
    kinds = {q.title: q.kind for p in art.people for q in p.positions}
    assert "rank" in kinds.values() and "profession" in kinds.values(), kinds
    # FactRuEval annotates ranks as Occupations («полковник»), professions («поэт») not
    assert {f["who"] for f in facts} == {"Сергей Собянин", "Андрей Кузнецов"}, facts


def test_kind_is_stored_and_shown_on_the_person_page(pipeline, tmp_path):
    """A profession and a rank keep their kind through the store to the person page."""
    from fastapi.testclient import TestClient

    from derek.corpus import queries
    from derek.corpus.ingest import Ingestor
    from derek.corpus.store import Store
    from derek.web import create_app

    src = tmp_path / "a.txt"
    src.write_text("Известный архитектор Пётр Соколов представил проект нового вокзала. "
                   "Полковник Андрей Кузнецов провёл смотр войск.", encoding="utf-8")
    db = tmp_path / "k.db"
    store = Store(db)
    Ingestor(store, pipeline).ingest_paths([src])
    people = {p["name"]: p["id"] for p in queries.list_people(store)["items"]}
    arch = queries.get_person(store, people["Пётр Соколов"])
    assert [(q["title"], q["kind"]) for q in arch["positions"]] == [("архитектор", "profession")]
    page = TestClient(create_app(str(db), token="", pipeline=pipeline)).get(f"/people/{people['Андрей Кузнецов']}")
    assert page.status_code == 200
    assert "звание" in page.text
