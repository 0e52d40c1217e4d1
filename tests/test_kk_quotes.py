"""Kazakh quotes: speech verbs by stem and ending, and the Kazakh quote rules on sentences written
for these tests (direct and reported speech, speakers by name, post and pronoun, source lines)."""

from __future__ import annotations

import pytest

from derek.nlp.quotes import kazakh_verbs
from derek.nlp.quotes.lexicon import lexicon

# -- speech verbs by stem and ending (no models) ---------------------------------------------------

FORMS = [
    # (stem, form, kind): vowel harmony and the stem's last sound choose the ending
    ("айт", "айтты", "past"), ("айт", "айтады", "present"), ("айт", "айтқан", "participle"),
    ("айт", "айтыпты", "evidential"), ("айт", "айтпақ", "intent"), ("айт", "айтып", "converb"),
    ("айт", "айтуынша", "according"), ("айт", "айтқандай", "as_said"),
    ("мәлімде", "мәлімдеді", "past"), ("мәлімде", "мәлімдейді", "present"), ("мәлімде", "мәлімдеген", "participle"),
    ("мәлімде", "мәлімдемек", "intent"), ("мәлімде", "мәлімдеуінше", "according"), ("мәлімде", "мәлімдеп", "converb"),
    ("жеткіз", "жеткізді", "past"), ("жеткіз", "жеткізеді", "present"), ("жеткіз", "жеткізбек", "intent"),
    ("сұра", "сұрады", "past"), ("сұра", "сұрайды", "present"), ("сұра", "сұрайтын", "habitual"),
    ("ескерт", "ескертті", "past"), ("ескерт", "ескерткен", "participle"), ("түсіндір", "түсіндіруде", "continuous"),
]


@pytest.mark.parametrize(("stem", "form", "kind"), FORMS)
def test_forms_follow_harmony_and_the_last_sound(stem: str, form: str, kind: str) -> None:
    assert kazakh_verbs.forms(stem).get(form) == kind


USES = [
    # a form no list holds is read by its stem; a listed form wins; what is no speech verb is None
    ("мәлімдеген", "reported"), ("түсіндіріпті", "reported"), ("растады", "reported"), ("жариялайды", "reported"),
    ("түсіндіруінше", "according"), ("айтуынша", "according"), ("сөзінше", "according"),
    ("хабарлайды", "source"), ("жазады", "source"), ("хабарлады", "reported"), ("деді", "after"), ("деп", "after"),
    ("атап", "reported"), ("атады", None), ("айтпады", None), ("айтылды", None), ("жарық", None), ("сен", None),
]


@pytest.mark.parametrize(("word", "use"), USES)
def test_speech_use_of_a_word(word: str, use: str | None) -> None:
    assert lexicon().kk_use(word) == use


@pytest.mark.parametrize(("word", "completes"), [
    ("өтті", True), ("көрсетті", True), ("білдірді", True), ("берген", True), ("болатын", True), ("жатыр", True),
    ("етті", True), ("жолды", False), ("айтты", False),
])
def test_auxiliaries_complete_a_speech_verb(word: str, completes: bool) -> None:
    assert kazakh_verbs.completes(word) is completes


def test_a_bad_stem_line_names_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    kazakh_verbs.stems.cache_clear()
    monkeypatch.setattr(kazakh_verbs.lexicons, "lines", lambda name: iter(["айт"]))
    with pytest.raises(ValueError, match="kk_speech_stems.txt"):
        kazakh_verbs.stems()
    kazakh_verbs.stems.cache_clear()


# -- quotes on Kazakh sentences ------------------------------------------------------------------

# (text, [(kind, speaker, text)]) — each row a way a Kazakh journalist reports speech
QUOTES = [
    pytest.param('Энергетика вице-министрі Бауыржан Оспанов брифинг өткізді.\n\n– Қыс мезгіліне дайындық аяқталды. Барлық қазандықтар іске қосылды, – деп атап өтті вице-министр.',
                 [('direct', 'Бауыржан Оспанов', 'Қыс мезгіліне дайындық аяқталды. Барлық қазандықтар іске қосылды')],
                 id='dash_vice_minister'),
    pytest.param('Жиында білім беру саласының мәселелері талқыланды.\n\n«Биыл елімізде 120 мектеп салынады», – деп мәлімдеді Оқу-ағарту министрі Гүлнар Сейітова.',
                 [('direct', 'Гүлнар Сейітова', 'Биыл елімізде 120 мектеп салынады')],
                 id='marks_malimdedi_full'),
    pytest.param('Аудан әкімі Дәурен Әбілов тұрғындармен кездесті.\n\n«Жаңа емхана күзде ашылады», – деп жеткізді ол.',
                 [('direct', 'Дәурен Әбілов', 'Жаңа емхана күзде ашылады')],
                 id='marks_zhetkizdi_ol'),
    pytest.param('Мемлекет басшысы Қасым-Жомарт Тоқаев жиында сөз сөйледі. Президент былай деді: «Біз реформаларды жалғастырамыз».',
                 [('direct', 'Қасым-Жомарт Тоқаев', 'Біз реформаларды жалғастырамыз')],
                 id='bylai_dedi_colon'),
    pytest.param('Депутат Айгүл Нұрланова сөз алып: «Ауылдарға жаңа жол керек», – деді.',
                 [('direct', 'Айгүл Нұрланова', 'Ауылдарға жаңа жол керек')],
                 id='converb_colon'),
    pytest.param('Облыс әкімі Нұрлан Сәрсенбаев жыл қорытындысын шығарды.\n\n– Бюджет толық игерілді, – деді облыс әкімі Нұрлан Сәрсенбаев. – Енді жаңа жобаларға кірісеміз.',
                 [('direct', 'Нұрлан Сәрсенбаев', 'Бюджет толық игерілді'), ('direct', 'Нұрлан Сәрсенбаев', 'Енді жаңа жобаларға кірісеміз.')],
                 id='dash_resumed'),
    pytest.param('Депутат Айгүл Нұрланова жаңа заң жобасын сынады.\n\n«Бұл заң ауыл тұрғындарына тиімсіз», – деп жазды депутат өз парақшасында.',
                 [('direct', 'Айгүл Нұрланова', 'Бұл заң ауыл тұрғындарына тиімсіз')],
                 id='wrote_past_person'),
    pytest.param('«Бұл заң ауыл тұрғындарына тиімсіз», – деп жазады депутат Айгүл Нұрланова өз парақшасында.',
                 [('direct', 'Айгүл Нұрланова', 'Бұл заң ауыл тұрғындарына тиімсіз')],
                 id='writes_present_person'),
    pytest.param('Денсаулық сақтау министрі Ақмарал Әлназарова вакцина қоры жеткілікті екенін атап өтті.',
                 [('indirect', 'Ақмарал Әлназарова', 'вакцина қоры жеткілікті екенін')],
                 id='eken_atap_otti'),
    pytest.param('Денсаулық сақтау министрі Ақмарал Әлназарова вакцина қоры жеткілікті екенін ерекше атап өтті.',
                 [('indirect', 'Ақмарал Әлназарова', 'вакцина қоры жеткілікті екенін')],
                 id='adverb_before_verb'),
    pytest.param('Аудан әкімі Дәурен Әбілов жол жөндеу жұмыстары тамызда аяқталатынын журналистерге айтты.',
                 [('indirect', 'Дәурен Әбілов', 'жол жөндеу жұмыстары тамызда аяқталатынын')],
                 id='addressee_before_verb'),
    pytest.param('Оқу-ағарту министрі Гүлнар Сейітова мұғалімдердің жалақысы көтерілетінін брифингте мәлімдеді.',
                 [('indirect', 'Гүлнар Сейітова', 'мұғалімдердің жалақысы көтерілетінін')],
                 id='place_before_verb'),
    pytest.param('Қаржы министрі Ерұлан Жамаубаев бюджет тапшылығы азаятынын айтты, деп хабарлайды Kazinform.',
                 [('indirect', 'Ерұлан Жамаубаев', 'бюджет тапшылығы азаятынын')],
                 id='source_tail'),
    pytest.param('Депутат Айгүл Нұрланова ауыл мектептеріне қаражат жетпейтінін айтқан.',
                 [('indirect', 'Айгүл Нұрланова', 'ауыл мектептеріне қаражат жетпейтінін')],
                 id='participle_finite'),
    pytest.param('Тәуелсіз сарапшы Айдар Сәрсенов Алматыда баспасөз мәслихатын өткізді. Сарапшының пікірінше, теңге бағамы нығаяды.',
                 [('indirect', 'Айдар Сәрсенов', 'теңге бағамы нығаяды')],
                 id='described_genitive'),
    pytest.param('Қаржы министрі Ерұлан Жамаубаев Мәжілісте есеп берді. Министрдің айтуынша, бюджет тапшылығы азаяды.',
                 [('indirect', 'Ерұлан Жамаубаев', 'бюджет тапшылығы азаяды')],
                 id='minister_genitive'),
    pytest.param('Сарапшы Айдар Сәрсенов инфляция биыл баяулайды деп санайды.',
                 [('indirect', 'Айдар Сәрсенов', 'инфляция биыл баяулайды')],
                 id='dep_sanaidy_before'),
    pytest.param('Жаңа көпірдің қазанда ашылатынын облыс әкімі Нұрлан Сәрсенбаев мәлімдеді.',
                 [('indirect', 'Нұрлан Сәрсенбаев', 'Жаңа көпірдің қазанда ашылатынын')],
                 id='speaker_before_verb'),
    pytest.param('Биыл Қарағанды облысында үш жаңа зауыт ашылады. Бұл туралы облыс әкімі Нұрлан Сәрсенбаев хабарлады.',
                 [('indirect', 'Нұрлан Сәрсенбаев', 'Биыл Қарағанды облысында үш жаңа зауыт ашылады')],
                 id='about_this_hab'),
    pytest.param('Энергетика министрі Бауыржан Оспанов жиналыс өткізді. Ол келесі жылы тарифтер өспейтінін жеткізді.',
                 [('indirect', 'Бауыржан Оспанов', 'келесі жылы тарифтер өспейтінін')],
                 id='ol_zhetkizdi'),
    pytest.param('Премьер-министр Олжас Бектенов жоба уақытында аяқталатынына сенім білдірді.',
                 [('indirect', 'Олжас Бектенов', 'жоба уақытында аяқталатынына')],
                 id='senim_bildirdi'),
    pytest.param('Облыс әкімі Нұрлан Сәрсенбаев өңірде жұмыссыздық азайғанын атап көрсетті.',
                 [('indirect', 'Нұрлан Сәрсенбаев', 'өңірде жұмыссыздық азайғанын')],
                 id='atap_korsetti'),
    pytest.param('Облыс әкімі Нұрлан Сәрсенбаев аудан әкімі Дәурен Әбіловті қызметке таныстырды.\n\n– Жаңа басшыға сенім артамыз, – деді ол.',
                 [('direct', 'Нұрлан Сәрсенбаев', 'Жаңа басшыға сенім артамыз')],
                 id='ol_nominative_subject'),
    pytest.param('Облыс әкімі Нұрлан Сәрсенбаев аудан әкімдерімен кеңес өткізді.\n\n«Егін жинау науқаны уақытында аяқталуы тиіс», – деді аймақ басшысы.',
                 [('direct', 'Нұрлан Сәрсенбаев', 'Егін жинау науқаны уақытында аяқталуы тиіс')],
                 id='region_head_aimaq'),
    pytest.param('Жиынға Қаржы министрі Ерұлан Жамаубаев пен Энергетика министрі Бауыржан Оспанов қатысты. Энергетика министрі Бауыржан Оспанов жылу маусымына тоқталды.\n\n– Көмір қоры жеткілікті, – деді министр.',
                 [('direct', 'Бауыржан Оспанов', 'Көмір қоры жеткілікті')],
                 id='two_ministers_last'),
    pytest.param('Мәжіліс депутаты Айгүл Нұрланова үкімет сағатында сөз алды.\n\n– Ауылдағы мектептер жабылмауы керек, – деді депутат.',
                 [('direct', 'Айгүл Нұрланова', 'Ауылдағы мектептер жабылмауы керек')],
                 id='deputy_role'),
    pytest.param('Мәжіліс депутаты Айгүл Нұрланова жиында сөз сөйледі. Ол ауыл мектептерін жаппай біріктіру дұрыс емес деп есептейді.',
                 [('indirect', 'Айгүл Нұрланова', 'ауыл мектептерін жаппай біріктіру дұрыс емес')],
                 id='reported_long_dep'),
    pytest.param('Сарапшы Айдар Сәрсенов баға өсімін талдады.\n\n– Теңге бағамы тұрақты, – деді ол. – Бірақ азық-түлік бағасы өсуі мүмкін, – деп қосты сарапшы.',
                 [('direct', 'Айдар Сәрсенов', 'Теңге бағамы тұрақты'), ('direct', 'Айдар Сәрсенов', 'Бірақ азық-түлік бағасы өсуі мүмкін')],
                 id='dep_qosty'),
]


@pytest.mark.parametrize(("text", "expected"), QUOTES)
def test_kazakh_quotes(pipeline, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    art = pipeline.extract({"text": text, "title": "Жаңалықтар"})
    assert [(q.kind, q.speaker, q.text) for q in art.quotes] == expected
    for q in art.quotes:
        assert art.text[q.start : q.end] == q.text
        assert q.rule  # named, for --explain


NOT_QUOTES = [
    pytest.param('Сенатор Айгүл Нұрланова жиында баяндама жасады.', id='not_speech_report'),
    pytest.param('Бұл туралы «Егемен Қазақстан» газеті жазады.', id='newspaper_writes'),
    pytest.param('«Қазақстан темір жолы» ұлттық компаниясы жаңа вагондар сатып алды.', id='company_in_marks'),
    pytest.param('«Жол жабылады», – деп жазады Tengrinews.kz.', id='source_after_marks'),
    pytest.param('Алматыда жаңа метро бекеті ашылды, деп хабарлайды Kazinform агенттігі.', id='source_haбarlaidy_org'),
]


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_kazakh_not_quotes(pipeline, text: str) -> None:
    art = pipeline.extract({"text": text, "title": "Жаңалықтар"})
    assert art.quotes == [], [(q.rule, q.text) for q in art.quotes]
