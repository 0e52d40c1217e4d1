"""Dateline, title, credits, source line, boilerplate: a ``Source`` → the clean article body.

``clean(src)`` works line by line on the text as read:

- the **title** is ``src.title`` (from HTML or a record), or else the first
  line when it looks like a heading (short, no final full stop, more text
  after it); the headline line stays the first paragraph of ``text`` (its
  entities and quotes are the article's too);
- a **dateline** (a line that is a date, optionally labelled: «16:46, 25
  декабря 2025», «Дата публикации: 25.12.2025», a leading «date 2025-12-24»)
  gives ``published`` unless the source already had one (a time without a
  zone is Kazakhstan time, +05:00, unless the page is of an outlet abroad:
  ``Source.kz_local`` False keeps it zoneless);
- **credits** («© Фото: …», «Фото: …», «Видео: …», «Фото пресс-службы …»,
  «Автор: …») become ``Credit`` records; the names of the text's bylines
  («Автор: …», «Текст: …», «Мәтін: …») join the page's own ``authors``;
- a **source line** («Источник: …», «По материалам …») gives ``source``,
  the original outlet; failing that, the record's own ``source``;
  failing that, an outlet named in an attribution inside the body
  («…, передает Kazinform со ссылкой на …», «сообщает Zakon.kz»), which
  stays in the text;
- **boilerplate** lines (``lexicons/boilerplate.txt``: subscription calls,
  «Читайте также» with its headline, share buttons, error-report notes, …)
  are dropped.

Every removed line goes to ``Cleaned.boilerplate`` (in
order, without repeats). The returned ``text`` keeps the paragraph breaks of
the input; downstream offsets index it, so nothing edits it afterwards.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path

from .article import Credit
from .dates import KZ_TZ, find_dates, parse_date
from .read import Source
from .read.meta import split_authors

log = logging.getLogger("derek.clean")

LEXICONS = Path(__file__).resolve().parent / "lexicons"
MAX_META_LINE = 300  # longer lines are body text, never boilerplate


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    credits: list[Credit] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def _lexicon_lines(name: str) -> list[str]:
    out = []
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@functools.cache
def boilerplate_patterns() -> list[re.Pattern[str]]:
    """The compiled patterns of ``lexicons/boilerplate.txt`` (loaded once)."""
    return [re.compile(p, re.IGNORECASE) for p in _lexicon_lines("boilerplate.txt")]


@functools.cache
def _media_rx() -> re.Pattern[str]:
    names = sorted(_lexicon_lines("media.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"^(?:{alt})(?:[а-яё]{{0,2}})$", re.IGNORECASE)


# -- line classes ------------------------------------------------------------

_CREDIT_KIND = [
    (re.compile(r"^(?:фото|фотография|фотографии|снимок|сурет|photo)", re.I), "photo"),
    (re.compile(r"^(?:видео|бейне|video)", re.I), "video"),
    (re.compile(r"^(?:инфографика|infographic)", re.I), "infographic"),
    (re.compile(r"^(?:иллюстрация|иллюстрации|коллаж|рисунок|изображение)", re.I), "photo"),
    (re.compile(r"^(?:автор|текст|мәтін|авторы|дайындаған|подготовил)", re.I), "text"),
]
_CREDIT_WORD = (r"(?:фото(?:графи[ия])?|снимок|сурет|photo|видео|бейне|video|инфографика|"
                r"иллюстраци[ия]|коллаж|рисунок|изображение|автор(?:\s+фото)?|текст|мәтін|дайындаған|подготовил[аи]?)")
# «© Фото: X», «Фото: X», «Видео — X», «Фото © X», «Фото и видео: X»
_CREDIT = re.compile(
    rf"^(?:©\s*)?(?P<kind>{_CREDIT_WORD}(?:\s+и\s+{_CREDIT_WORD})?)\s*(?:[:—–©]|-\s)\s*(?:©\s*)?(?P<by>\S.*)$",
    re.IGNORECASE,
)
# «Фото пресс-службы акимата», «Фото с сайта akorda.kz», «Фото из открытых источников»
_CREDIT_BARE = re.compile(
    r"^(?:©\s*)?(?P<kind>фото|видео)\s+(?P<by>(?:пресс-служб|с\s+сайта|с\s+официального|из\s+(?:открытых|архива|соцсет)|"
    r"предоставлено|предоставлены|автора|канала|агентства|министерства|акимата|управления|департамента)\S*(?:\s.*)?)$",
    re.IGNORECASE,
)
_SPLIT_CREDITS = re.compile(rf"\s*[,;|]\s*(?={_CREDIT_WORD}\s*[:—–©])", re.IGNORECASE)

_SOURCE_LINE = re.compile(
    r"^(?:источник|первоисточник|дереккөз|ақпарат\s+көзі|source)\s*[:—–-]\s*(?P<src>\S.*)$"
    r"|^(?:(?:подготовлено|составлено|написано)\s+)?по\s+материалам\s+(?P<src2>\S.*)$",
    re.IGNORECASE,
)
_READ_ALSO_LABEL = re.compile(r"^(?:читайте|смотрите)\s+(?:также|ещ[её]|по\s+теме)\s*:?\s*$"
                              r"|^сондай[- ]ақ\s+оқыңыз\s*:?\s*$", re.IGNORECASE)
_LEADING_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_META_SEGMENTS = re.compile(r"\s+[|•·]\s+")

_WORD = r"[\w\-]+(?:\.[\w\-]+)*"
_OUTLET = rf"«[^»\n]{{1,60}}»|\"[^\"\n]{{1,60}}\"|{_WORD}(?: (?=[A-ZА-ЯЁ0-9]){_WORD}){{0,2}}"
_ATTRIBUTION = re.compile(
    r"(?:переда[её]т|сообщает|сообщили|пишет|информирует|цитирует)\s+"
    r"(?P<pre>(?:корреспондент|собкор|сайт|портал|агентство|информагентство|издание|телеканал|газета|"
    r"журнал|радио|пресс-служба)\w*\s+)?"
    rf"(?P<x>{_OUTLET})"
    rf"(?:\s*,?\s*со\s+ссылкой\s+на\s+(?P<y>{_OUTLET}))?"
    rf"|по\s+материалам\s+(?P<z>{_OUTLET})",
)
_DOMAIN = re.compile(r"\b[\w-]+\.(?:kz|ru|com|net|org|info|news|online|media|tv|uz|kg|by|ua|az|am|ge|tj|рф|қаз)\b",
                     re.IGNORECASE)
_CYR_LOWER_WORD = re.compile(r"(?<![\w-])[а-яёәғқңөұүһі]")
_CYR = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).strip().lower().strip(" .:!?«»\"'")


def _strip_value(s: str) -> str:
    s = s.strip().rstrip(".;,")
    if len(s) >= 2 and s[0] in "«\"" and s[-1] in "»\"":
        s = s[1:-1]
    return s.strip()


def _is_boilerplate(line: str) -> bool:
    if len(line) > MAX_META_LINE:
        return False
    return any(p.match(line) for p in boilerplate_patterns())


def _credits(line: str) -> list[Credit] | None:
    if len(line) > 200:
        return None
    out: list[Credit] = []
    for part in _SPLIT_CREDITS.split(line.strip()):
        m = _CREDIT.match(part) or _CREDIT_BARE.match(part)
        if not m:
            return None if not out else out
        by = _strip_value(m["by"])
        by = re.sub(r"^с\s+сайта\s+", "", by, flags=re.IGNORECASE)
        by = re.sub(r"^пресс-службы\b", "пресс-служба", by, flags=re.IGNORECASE)
        if not by or len(by.split()) > 15 or by.endswith(("!", "?")):
            return None
        kinds = [k for rx, k in _CREDIT_KIND if rx.match(m["kind"])]
        second = re.search(r"\s+и\s+(\S+)$", m["kind"])
        if second:
            kinds += [k for rx, k in _CREDIT_KIND if rx.match(second.group(1))]
        for kind in kinds or ["photo"]:
            out.append(Credit(kind=kind, by=by))
    return out or None


def _source_line(line: str) -> str | None:
    if len(line) > 200:
        return None
    m = _SOURCE_LINE.match(line.strip())
    if not m:
        return None
    value = _strip_value(m["src"] or m["src2"])
    value = re.sub(r"^(?:по\s+материалам\s+)?(?:сайта|портала|агентства|издания)?\s*", "", value, flags=re.IGNORECASE)
    return _strip_value(value) or None


def _dateline(line: str, local_tz: timezone | None = KZ_TZ) -> str | None:
    s = line.strip()
    if len(s) > 120:
        return None
    iso = parse_date(s, local_tz=local_tz)
    if iso:
        return iso
    # «Астана, 25 декабря 2025» / «25.12.2025, Шымкент»: a dateline with the place it was filed from
    found = find_dates(s, local_tz=local_tz)
    if len(found) == 1:
        rest = (s[: found[0].start] + " " + s[found[0].end:]).strip(" ,.|—–-")
        words = rest.replace(",", " ").split()
        if 0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and not _CYR_LOWER_WORD.search(rest):
            return found[0].iso
    parts = _META_SEGMENTS.split(s)
    if len(parts) > 1:
        dates = [parse_date(p, local_tz=local_tz) for p in parts]
        found = [d for d in dates if d]
        rest_ok = all(d or _is_boilerplate(p) or len(p.split()) <= 3 for p, d in zip(parts, dates, strict=True))
        if len(found) == 1 and rest_ok:
            return found[0]
    return None


def _title_like(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 250 or len(s.split()) > 30:
        return False
    if s.endswith(".") and not s.endswith("..."):
        return False
    return not s.startswith(("-", "–", "—"))


def outlet_like(name: str) -> bool:
    """A news outlet's name: a domain, a listed outlet, or a name in Latin script."""
    s = _strip_value(name)
    if not s or len(s) > 60:
        return False
    if _DOMAIN.search(s) or _media_rx().match(s):
        return True
    return bool(re.search(r"[A-Za-z]", s)) and not _CYR.search(s) and s[0].isupper() or s[:1].isdigit()


def attribution_source(text: str) -> str | None:
    """The outlet named in a body attribution: «передает X со ссылкой на Y» → Y if Y is an outlet, else X."""
    for m in _ATTRIBUTION.finditer(text):
        if m["z"]:
            cands = [m["z"]]
        else:
            cands = [m["y"]] if m["y"] else []
            cands.append(m["x"])
        for c in cands:
            if not c:
                continue
            value = _strip_value(c)
            # an outlet name ends where ordinary lower-case words begin
            words = value.split()
            while len(words) > 1 and not outlet_like(" ".join(words)):
                words.pop()
            value = " ".join(words)
            if outlet_like(value):
                return value
    return None


# -- the step ------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """Line ends to ``\\n``, no-break spaces to spaces, invisible characters out, trailing spaces off."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean(src: Source) -> Cleaned:
    """Split a ``Source`` into the clean body text and its metadata (see the module docstring)."""
    lines = normalize_text(src.text).split("\n")
    title = src.title.strip() if src.title and src.title.strip() else None
    published = src.published
    source_line: str | None = None
    credits: list[Credit] = []
    removed: list[str] = []
    keep: list[str | None] = list(lines)  # None = removed

    def drop(i: int, record: bool = True) -> None:
        if record and lines[i].strip() and lines[i].strip() not in removed:
            removed.append(lines[i].strip())
        keep[i] = None

    # a leading «date 2025-12-24 » prefix on the first line (dumps that carry the date inline)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        m = _LEADING_DATE.match(lines[first])
        if m:
            published = published or parse_date(m.group(1))
            removed.append(m.group(0).strip())
            rest = lines[first][m.end():]
            keep[first] = rest if rest.strip() else None

    local_tz = KZ_TZ if src.kz_local else None
    title_seen = False
    skip_next_headline = False
    for i in range(len(lines)):
        s = (keep[i] or "").strip()
        if not s:
            continue
        if skip_next_headline:
            skip_next_headline = False
            if _title_like(s) and len(s) <= 200:
                drop(i)
                continue
        if len(s) <= MAX_META_LINE:
            iso = _dateline(s, local_tz)
            if iso:
                published = published or iso
                drop(i)
                continue
            cr = _credits(s)
            if cr:
                for c in cr:
                    if c not in credits:
                        credits.append(c)
                drop(i)
                continue
            outlet = _source_line(s)
            if outlet:
                source_line = source_line or outlet
                drop(i)
                continue
            if _is_boilerplate(s):
                if _READ_ALSO_LABEL.match(s):
                    skip_next_headline = True
                drop(i)
                continue
        if not title_seen:
            title_seen = True
            # the headline stays the first paragraph of the text: its people, places and
            # quotes are facts of the article too, with offsets like the rest
            if title is None and _title_like(s) and any((k or "").strip() for k in keep[i + 1:]):
                title = s

    text = _join(lines, keep)
    source = source_line or src.source or attribution_source(text)
    return Cleaned(text=text, title=title, published=published, source=source, credits=credits,
                   boilerplate=removed, authors=byline_authors(src.authors, credits))


def byline_authors(found: list[str], credits: list[Credit]) -> list[str]:
    """The page's authors, then the names of the text's own bylines («Автор: …», «Текст: …»)."""
    out = list(found)  # the reader's names, already cleaned
    for name in split_authors([c.by for c in credits if c.kind == "text"]):
        if name.casefold() not in {a.casefold() for a in out}:
            out.append(name)
    return out


def _join(lines: list[str], keep: list[str | None]) -> str:
    """Kept lines, a blank line between them where the input had one."""
    out: list[str] = []
    blank = False
    for line, k in zip(lines, keep, strict=True):
        if not line.strip():
            blank = True
            continue
        if k is None or not k.strip():
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(k.strip())
        blank = False
    return "".join(out)
