"""Language identification: ru / kk / uk / be / ky / uz / en / other, on sentences and whole articles."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, need_shared
from derek.nlp.lang import LANGS, NLP_LANGS, detect_lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Президент Казахстана Касым-Жомарт Токаев провел совещание по развитию энергетики.", "ru"),
        ("Таким образом, депутаты единогласно избрали спикером Сената бывшего руководителя аппарата.", "ru"),
        ("Мемлекет басшысы Қасым-Жомарт Тоқаев Үкіметтің кеңейтілген отырысын өткізді.", "kk"),
        ("Президент України підписав закон про державний бюджет на наступний рік.", "uk"),
        ("Прэзідэнт Беларусі падпісаў указ аб новым складзе ўрада краіны.", "be"),
        ("Кыргызстандын президенти Садыр Жапаров өлкөнүн өнүгүүсү жөнүндө сүйлөдү.", "ky"),
        ("Президент Шавкат Мирзиёев фармон имзолади ва янги қонун кучга кирди.", "uz"),
        ("Prezident Shavkat Mirziyoyev farmon imzoladi va yangi qonun kuchga kirdi.", "uz"),
        ("The president signed the decree on the new government on Friday.", "en"),
        ("Президентът на България подписа указа за назначаването на новото правителство.", "other"),
        # a Russian sentence the model scores as another Cyrillic language lacks that language's own letters
        ("И.о. акима Шымкента Ерлан Айтаханов посетил школу.", "ru"),
        ("Глава Минтранса Талгат Сейтказин открыл мост.", "ru"),
        ("Der Bundeskanzler hat heute in Berlin eine Regierungserklärung abgegeben.", "other"),
        ("Ο πρόεδρος υπέγραψε το διάταγμα για τη νέα κυβέρνηση.", "other"),
        # short texts: the letters decide
        ("Аким Алматы", "ru"),
        ("Тоқаев сөйледі", "kk"),
        ("Їжак і єнот", "uk"),
        ("Hello world", "en"),
        ("12:40, 19.12.2025", "ru"),  # no letters: the Article's default
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_codes_and_nlp_languages() -> None:
    assert set(NLP_LANGS) <= set(LANGS)
    assert NLP_LANGS == {"ru", "kk"}


@pytest.mark.parametrize(("folder", "prefix", "lang"), [("kk-news/dev", "kk_", "kk"), ("kznews", "", "ru")])
def test_real_articles(folder: str, prefix: str, lang: str) -> None:
    """Kazakh articles of kk-news/dev are kk, the Russian ones of kznews ru, whole and sentence by sentence."""
    need_shared()
    files = sorted((SHARED / folder).glob(f"{prefix}*.json"))
    assert files
    texts = [json.loads(f.read_text(encoding="utf-8"))["text"] for f in files]
    assert [detect_lang(t) for t in texts] == [lang] * len(texts)
    sentences = [s for t in texts for s in t.replace("!", ".").split(". ") if len(s) > 40]
    right = sum(detect_lang(s) == lang for s in sentences)
    assert right / len(sentences) >= 0.98
