"""Not an article: why a page with no article body is refused.

``refusal(tree, paragraphs, min_text)`` returns the reason a page holds no
article, or ``None`` for an article. The text extractor's paragraphs count
as **running text** when they read as sentences (``PROSE_WORDS`` words or
more, ending a sentence, or ``LONG_WORDS`` and more) and are not the page's links or teaser cards (a
headline link with its lead, repeated down the page). An article has at
least ``min_text`` characters of running text; a page with less is refused,
and the reason names what the page is instead:

- a JavaScript shell (hardly any text in the HTML, «Загрузка…»);
- a paywall stub («Доступно только подписчикам», «Subscribe to continue»);
- comments only (the text is in the page's comment blocks);
- a list of links (front pages, sections, menus, teaser lists);
- else: too little running text.

A page whose own metadata says it is an article (``og:type`` article, a
JSON-LD article) counts every paragraph of ``PROSE_WORDS`` words that is not
a link or a teaser card, sentence or not (a link blog's list is its text); it
is still refused below the threshold (an article's JavaScript shell, a
paywall stub, a photo gallery's captions) and when its text is teasers (a
front page that calls itself an article). One that also names its
publication time in JSON-LD or meta tags is not searched for teaser cards.

The default threshold is ``MIN_TEXT`` characters; ``DEREK_MIN_TEXT`` in the
environment (set by ``--min-text`` of ``derek extract``, ``ingest`` and
``batch``) changes it for every reader in the process and its workers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

MIN_TEXT = 60  # characters of running text an article has at least (one sentence: short notes are news too)
MIN_TEXT_ENV = "DEREK_MIN_TEXT"
PROSE_WORDS = 8  # a paragraph of running text has this many words at least
LONG_WORDS = 12  # and a sentence ending in it, unless it is this long (a paragraph cut off)
LINKED_SHARE = 0.5  # more of the text than this in links or teaser cards: a list of links
CARD_REPEATS = 3  # a teaser card is repeated this many times among its siblings
SHELL_TEXT = 300  # a page whose whole visible text is shorter than this is a shell
CARD_MAX = 600  # a teaser card's text is shorter than this
CARD_LINK_SHARE = 0.25  # and its longest link holds this share of it at least
_INLINE = {"p", "span", "a", "em", "strong", "b", "i", "u", "br", "img", "sup", "sub", "blockquote", "pre", "td"}
NOTICE_MAX = 200  # a loading or «enable JavaScript» notice is shorter than this
PAYWALL_PROSE = 800  # a page with a paywall notice and less running text than this is a stub

_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$|[.!?…]\s")
# a loading notice alone («Загрузка…», «Loading...»), or a call to switch JavaScript on
_LOADING = re.compile(r"^\W*(?:идет\s+|идёт\s+)?(?:загрузка|загружается|жүктелуде|loading)\W*$|"
                      r"включите\s+javascript|enable\s+javascript|javascript\s+(?:is\s+)?(?:required|disabled)|"
                      r"requires\s+javascript|необходимо\s+включить\s+javascript", re.IGNORECASE)
_PAYWALL = re.compile(
    r"доступ(?:ен|но)\s+только\s+(?:для\s+)?подписчик|только\s+для\s+подписчиков|"
    r"чтобы\s+(?:прочитать|читать|продолжить\s+чтение)\s+(?:эту\s+)?(?:статью|материал|текст)|"
    r"полный\s+текст\s+(?:статьи\s+|материала\s+)?доступен\s+(?:только\s+)?(?:по\s+подписке|подписчикам)|"
    r"subscribe\s+to\s+(?:continue|read)|for\s+subscribers\s+only|subscribers\s+only|"
    r"this\s+(?:article|content)\s+is\s+(?:for|available\s+to)\s+subscribers|"
    r"толық\s+оқу\s+үшін|жазылушыларға\s+ғана",
    re.IGNORECASE,
)
_CLASS_WORD = re.compile(r"[^\W_]+")
_COMMENT_WORDS = ("comment", "коммент", "disqus", "reply", "replies", "отзыв", "пікір")  # class/id words of comment blocks


def min_text_default() -> int:
    """``DEREK_MIN_TEXT`` from the environment when it is a number ≥ 0, else ``MIN_TEXT``."""
    raw = os.environ.get(MIN_TEXT_ENV, "").strip()
    return int(raw) if raw.isdigit() else MIN_TEXT


_SPACE = re.compile(r"\s+")
_LIST_MARK = re.compile(r"^(?:[-–—•*·▪►]|\d{1,3}[.)])\s+")


def _norm(s: str) -> str:
    """Whitespace normalized, without the list marker the text extractor puts before a list item."""
    return _LIST_MARK.sub("", " ".join(s.split()))


def is_prose(paragraph: str) -> bool:
    """A paragraph that reads as running text: enough words, and a sentence ending in it."""
    words = len(paragraph.split())
    return words >= LONG_WORDS or words >= PROSE_WORDS and bool(_SENTENCE_END.search(paragraph))


def _visible(tree: Any) -> str:
    body = tree.find(".//body")
    root = body if body is not None else tree
    parts: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template"):
            continue
        if el.text:
            parts.append(el.text)
        if el.tail and el.getparent() is not None and el.getparent().tag not in ("script", "style"):
            parts.append(el.tail)
    return _norm(" ".join(parts))


def _link_texts(tree: Any) -> set[str]:
    return {_key(t) for t in (_norm(a.text_content() or "") for a in tree.iter("a")) if len(t) >= 15}


def _is_card(block: Any) -> bool:
    """A teaser card: short, and its headline link is a good part of its text."""
    text = len(_norm(block.text_content() or ""))
    if not text or text > CARD_MAX:
        return False
    longest = max((len(_norm(a.text_content() or "")) for a in block.iter("a")), default=0)
    return longest >= 15 and longest >= CARD_LINK_SHARE * text


def _card_texts(tree: Any) -> set[str]:
    """Texts inside teaser cards: a block with a headline link, repeated among its siblings."""
    out: set[str] = set()
    for parent in tree.iter():
        if not isinstance(parent.tag, str):
            continue
        kids = [k for k in parent if isinstance(k.tag, str) and k.tag not in _INLINE]
        if len(kids) < CARD_REPEATS:
            continue
        shapes: dict[tuple[str, str], list[Any]] = {}
        for k in kids:
            shapes.setdefault((k.tag, k.get("class") or ""), []).append(k)
        for group in shapes.values():
            if len(group) < CARD_REPEATS:
                continue
            cards = [k for k in group if _is_card(k)]
            if len(cards) < CARD_REPEATS:
                continue
            for card in cards:
                out.update(_key(t) for t in (_norm(el.text_content() or "") for el in card.iter()
                                             if isinstance(el.tag, str)) if len(t) >= 15)
    return out


def _is_comment_block(el: Any) -> bool:
    """A class or id word that starts like a comment block's («comments», «comment__text», «reply»,
    «disqus_thread», «комментарии»); «responsive» or «commercial» are not."""
    words = _CLASS_WORD.findall(((el.get("class") or "") + " " + (el.get("id") or "")).lower())
    return any(w.startswith(_COMMENT_WORDS) and not w.startswith("commerc") for w in words)


def _comment_texts(tree: Any) -> str:
    """The text of the page's comment blocks (not of a wrapper that holds the article's headline too)."""
    blocks = [el for el in tree.iter() if isinstance(el.tag, str) and _is_comment_block(el)
              and not el.xpath(".//h1|.//article")]
    return " ".join(_norm(el.text_content() or "") for el in blocks)


def _key(s: str) -> str:
    """The text without any whitespace: the page's markup and the extractor space words differently."""
    return _SPACE.sub("", s)


def _in_any(p: str, texts: set[str]) -> bool:
    """``p`` is one of ``texts`` or inside one not much longer (all compared without whitespace)."""
    return p in texts or any(p in t for t in texts if len(t) < 3 * len(p) + 40)


def _split(paragraphs: list[str], tree: Any, declared: bool, dated: bool) -> tuple[list[str], list[str]]:
    """(running-text paragraphs, paragraphs that are links or teaser cards).

    On a page that declares itself an article, a paragraph of ``PROSE_WORDS`` words that is not
    a link or a teaser card counts as its text, sentence or not; on a ``dated`` one (an article
    that names its publication time in JSON-LD or meta tags) teaser cards are not looked for.
    """
    links = _link_texts(tree)
    cards: set[str] | None = set() if declared and dated else None
    prose, linked = [], []
    for raw in paragraphs:
        p = _norm(raw)
        if not p:
            continue
        if len(p) < NOTICE_MAX and _LOADING.search(p):  # «Загрузка…», «включите JavaScript»: no text
            continue
        k = _key(p)
        if _in_any(k, links):
            linked.append(p)
            continue
        if cards is None:
            cards = _card_texts(tree)
        if _in_any(k, cards):
            linked.append(p)
        elif is_prose(p) or declared and len(p.split()) >= PROSE_WORDS:
            prose.append(p)
    return prose, linked


def reasons(tree: Any, paragraphs: list[str], min_text: int, declared: bool = False,
            dated: bool = False) -> Iterator[str]:
    """Every reason this page is not an article (empty for an article), most telling first."""
    prose, linked = _split(paragraphs, tree, declared, dated)
    n_prose = sum(len(p) for p in prose)
    n_linked = sum(len(p) for p in linked)
    short = n_prose < max(PAYWALL_PROSE, min_text)
    page_text = _visible(tree) if short else ""
    if short and _PAYWALL.search(page_text):
        yield "a paywall stub: the article text is for subscribers only"
    if n_prose >= min_text and n_linked <= LINKED_SHARE * (n_prose + n_linked):
        if not declared:
            comments = _comment_texts(tree)
            if comments and sum(len(p) for p in prose if p in comments) > LINKED_SHARE * n_prose:
                yield "only comments: the text is in the page's comment section"
        return
    page_text = page_text or _visible(tree)
    scripted = tree.find(".//script") is not None
    loading = any(_LOADING.search(p) for p in paragraphs[:5]) or _LOADING.search(page_text[:500])
    if (loading or scripted and len(page_text) < SHELL_TEXT) and len(page_text) < max(SHELL_TEXT, 3 * min_text):
        yield "a JavaScript shell: the page builds its text in the browser"
    comments = _comment_texts(tree)
    if comments and n_prose < min_text and len(comments) >= min_text:
        yield "only comments: the text is in the page's comment section"
    if n_linked > LINKED_SHARE * (n_prose + n_linked) or (n_linked and n_prose < min_text):
        yield (f"a list of links (a front page, section or menu): {len(linked)} of {len(prose) + len(linked)} "
               "paragraphs are links or teasers")
    yield f"too little running text: {n_prose} characters (fewer than --min-text {min_text})"


def refusal(tree: Any, paragraphs: list[str], min_text: int | None = None, declared: bool = False,
            dated: bool = False) -> str | None:
    """Why this page is not an article, or ``None`` when it is one (see the module docstring).

    ``declared``: the page's metadata says it is an article (``og:type`` article, a JSON-LD
    article); its paragraphs then count as text even when they are not sentences (a link blog).
    ``dated``: it also names its publication time in JSON-LD or meta tags; its text is then not
    searched for teaser cards (a front page that calls itself an article names no time).
    """
    limit = min_text_default() if min_text is None else min_text
    return next(reasons(tree, paragraphs, limit, declared, dated), None)


def set_min_text(n: int | None) -> None:
    """``--min-text`` of the CLI: the threshold for this process and the workers it starts."""
    if n is not None:
        os.environ[MIN_TEXT_ENV] = str(max(0, int(n)))


MIN_TEXT_HELP = (f"HTML pages: characters of running text a page needs to be read as an article "
                 f"(default {MIN_TEXT}); pages below it are refused as «no article text found»")
