"""Dates in Russian and Kazakh news text → ISO 8601.

One small scanner serves two uses:

- ``parse_date(s, base=None)``: a string that *is* a date expression (a
  dateline «16:46, 25 декабря 2025», «25.12.2025», «25 декабря 2025 года,
  16:46», «2025-12-25T16:46:00+05:00», «Дата публикации: …») → ISO string;
- ``find_dates(text, base=None)``: every date expression inside a text, with
  its span, for the events stage.

A date with a time keeps the offset the input names («2025-12-25T23:32:00+03:00»
stays +03:00, «Z» becomes +00:00); a time without a zone in a text is a
Kazakhstan outlet's local time, ``YYYY-MM-DDTHH:MM:SS+05:00`` (UTC+5); a
date without a time stays a calendar date ``YYYY-MM-DD``. For web pages of
other countries ``page_time(value, local_tz=None)`` keeps a zoneless time as
it is («2025-02-02T09:00:00», no offset invented).
Expressions without a year («24 декабря») and relative ones («вчера»,
«в понедельник», «кеше») are resolved only when a ``base`` date (the
publication date) is given; otherwise they give ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

KZ_TZ = timezone(timedelta(hours=5))

# Month words: Russian (genitive, nominative, abbreviated) and Kazakh with case endings.
_RU_MONTH = (
    r"(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|"
    r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|"
    r"янв|февр?|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\.?"
)
_KZ_MONTH = (
    r"(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)"
    r"[а-яәғқңөұүһі]*"
)
_KZ_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
              "қыркүйек", "қазан", "қараша", "желтоқсан"]
_RU_PREFIX = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6, "июл": 7, "авг": 8,
              "сен": 9, "окт": 10, "ноя": 11, "дек": 12}

_TIME = r"(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
_TIME_BEFORE = re.compile(r"(?<![\d:])" + _TIME + r"\s*[,|/–—-]?\s*$")
_TIME_AFTER = re.compile(
    r"\s*(?:года|г\.|жылы|ж\.)?\s*[,|/–—-]?\s*(?:в\s+|сағат\s+)?" + _TIME + r"(?![\d:])"
)

_DATE_RX = re.compile(
    r"(?<![\w.:-])(?:"
    # ISO: 2025-12-25, 2025-12-25T16:46:00+05:00, 2025-12-25 16:46
    r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[T ](?P<iH>\d{2}):(?P<iM>\d{2})(?::(?P<iS>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
    r"|"
    # numeric: 25.12.2025, 25/12/2025
    r"(?P<nd>\d{1,2})[./](?P<nm>\d{1,2})[./](?P<ny>\d{4})"
    r"|"
    # Kazakh: 2025 жылғы 25 желтоқсан
    r"(?P<ky>\d{4})\s*(?:жылғы|жылы|ж\.)\s*(?P<kd>\d{1,2})\s+(?P<kmon>" + _KZ_MONTH + r")"
    r"|"
    # words: 25 декабря 2025 года, 25 желтоқсан 2025, 24 декабря
    r"(?P<wd>\d{1,2})\s+(?P<wmon>" + _RU_MONTH + r"|" + _KZ_MONTH + r")"
    r"(?:\s+(?P<wy>\d{4})(?:\s*(?:года|г\.|г(?!\w)|жылы|ж\.))?)?"
    r"|"
    # relative days
    r"(?P<rel>позавчера|вчера|сегодня|послезавтра|завтра|бүгін|кеше|ертең)"
    r"|"
    # weekdays: в понедельник, в прошлую пятницу
    r"(?:в|во)\s+(?:(?P<wkmod>прошл\w+|минувш\w+|эт\w+|текущ\w+|следующ\w+|будущ\w+|ближайш\w+)\s+)?"
    r"(?P<wk>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
    r")(?![\w-])",
    re.IGNORECASE,
)

_WEEKDAYS = {"понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4,
             "субботу": 5, "воскресенье": 6}
_WEEKDAY_WORD = re.compile(
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
    r"дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі",
    re.IGNORECASE,
)
_RELATIVE = {"позавчера": -2, "вчера": -1, "кеше": -1, "сегодня": 0, "бүгін": 0,
             "завтра": 1, "ертең": 1, "послезавтра": 2}

# Labels a dateline may start with; stripped by parse_date.
_LABEL = re.compile(
    r"^[\s|•·—–\-]*(?:(?:дата\s+(?:публикации|создания|обновления)|опубликовано|обновлено|"
    r"изменено|добавлено|размещено|published|updated|date|жарияланды|жарияланған\s+күні)"
    r"\s*[:\-–—]?\s*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    iso: str


def month_number(word: str) -> int | None:
    """«декабря», «дек.», «желтоқсанда» → 12; ``None`` for a word that is not a month."""
    w = word.lower().rstrip(".")
    for i, stem in enumerate(_KZ_MONTHS, 1):
        if w.startswith(stem):
            return i
    if w.startswith("мар"):
        return 3
    for prefix, n in _RU_PREFIX.items():
        if w.startswith(prefix):
            return n
    return None


def _as_date(base: datetime | date | str | None) -> date | None:
    if base is None:
        return None
    if isinstance(base, str):
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", base)
        if not m:
            return None
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if isinstance(base, datetime):
        if base.tzinfo is not None:
            base = base.astimezone(KZ_TZ)
        return base.date()
    return base


def format_iso(d: date, hour: int | None = None, minute: int = 0, second: int = 0,
               tz: timezone | None = None) -> str:
    """A calendar date → ``YYYY-MM-DD``; with a time → ``YYYY-MM-DDTHH:MM:SS±HH:MM``.

    The time keeps ``tz`` when it has one; without one it is Kazakhstan time (+05:00).
    """
    if hour is None:
        return d.isoformat()
    return datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=tz or KZ_TZ).isoformat()


def normalize_iso(value: str | None, local_tz: timezone | None = KZ_TZ) -> str | None:
    """Any ISO-like timestamp (also RFC 822 as in feeds) → derek's form, or ``None``.

    A time without a zone is in ``local_tz`` (Kazakhstan time by default; ``None`` keeps it zoneless).
    """
    if not value:
        return None
    iso = parse_date(value, local_tz=local_tz)
    if iso:
        return iso
    try:
        from email.utils import parsedate_to_datetime

        dt = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None and local_tz is not None:
        dt = dt.replace(tzinfo=local_tz)
    return dt.isoformat()


_ISO_TIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$",
                       re.IGNORECASE)


def page_time(value: str | None, local_tz: timezone | None = None) -> str | None:
    """A web page's own timestamp (JSON-LD, meta tags, ``<time datetime>``) → ISO, keeping its offset.

    A time without a zone gets ``local_tz`` when given (a Kazakhstan outlet: ``KZ_TZ``)
    and stays zoneless otherwise; a date alone stays a date; fractions of a second are
    dropped. Other forms go through ``normalize_iso``.
    """
    if not value or not value.strip():
        return None
    m = _ISO_TIME.match(value)
    if not m:
        return normalize_iso(value.strip(), local_tz)
    hms = m[2] if len(m[2]) == 8 else m[2] + ":00"
    try:
        dt = datetime.fromisoformat(f"{m[1]}T{hms}{_offset(m[3])}")
    except ValueError:
        return None
    if dt.tzinfo is None and local_tz is not None:
        dt = dt.replace(tzinfo=local_tz)
    return dt.isoformat()


def _offset(tz: str | None) -> str:
    if not tz:
        return ""
    if tz.upper() == "Z":
        return "+00:00"
    t = tz.replace(":", "")
    return f"{t[:3]}:{t[3:5]}"


def _closest_year(day: int, month: int, base: date) -> date | None:
    best: date | None = None
    for y in (base.year - 1, base.year, base.year + 1):
        try:
            cand = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - base).days) < abs((best - base).days):
            best = cand
    return best


def _resolve(m: re.Match[str], base: date | None) -> tuple[date, int | None, int, int, timezone | None] | None:
    """The date of one scanner match, with the time it carries itself (ISO only)."""
    g = m.groupdict()
    try:
        if g["iy"]:
            d = date(int(g["iy"]), int(g["im"]), int(g["id"]))
            if g["iH"] is None:
                return d, None, 0, 0, None
            tz: timezone | None = None
            if g["tz"]:
                if g["tz"].upper() == "Z":
                    tz = UTC
                else:
                    t = g["tz"].replace(":", "")
                    sign = -1 if t[0] == "-" else 1
                    tz = timezone(sign * timedelta(hours=int(t[1:3]), minutes=int(t[3:5])))
            return d, int(g["iH"]), int(g["iM"]), int(g["iS"] or 0), tz
        if g["nd"]:
            return date(int(g["ny"]), int(g["nm"]), int(g["nd"])), None, 0, 0, None
        if g["kd"]:
            mon = month_number(g["kmon"])
            return (date(int(g["ky"]), mon, int(g["kd"])), None, 0, 0, None) if mon else None
        if g["wd"]:
            mon = month_number(g["wmon"])
            if not mon:
                return None
            if g["wy"]:
                return date(int(g["wy"]), mon, int(g["wd"])), None, 0, 0, None
            if base is None:
                return None
            d2 = _closest_year(int(g["wd"]), mon, base)
            return (d2, None, 0, 0, None) if d2 else None
    except ValueError:  # 31.02.2025 and the like
        return None
    if base is None:
        return None
    if g["rel"]:
        return base + timedelta(days=_RELATIVE[g["rel"].lower()]), None, 0, 0, None
    if g["wk"]:
        target = _WEEKDAYS[g["wk"].lower()]
        monday = base - timedelta(days=base.weekday())
        mod = (g["wkmod"] or "").lower()
        if mod.startswith(("прошл", "минувш")):
            monday -= timedelta(days=7)
        elif mod.startswith(("следующ", "будущ")):
            monday += timedelta(days=7)
        return monday + timedelta(days=target), None, 0, 0, None
    return None


def _scan(text: str, base: date | None, local_tz: timezone | None = KZ_TZ) -> Iterator[DateMatch]:
    for m in _DATE_RX.finditer(text):
        r = _resolve(m, base)
        if r is None:
            continue
        d, hour, minute, second, tz = r
        if not 1900 <= d.year <= 2100:
            continue
        start, end = m.start(), m.end()
        if hour is None and not (m.group("rel") or m.group("wk")):
            after = _TIME_AFTER.match(text, end, min(len(text), end + 24))
            if after:
                hour, minute, second = int(after["H"]), int(after["M"]), int(after["S"] or 0)
                end = after.end()
            else:
                lo = max(0, start - 16)
                before = _TIME_BEFORE.search(text[lo:start])
                if before:
                    hour, minute, second = int(before["H"]), int(before["M"]), int(before["S"] or 0)
                    start = lo + before.start()
        if hour is not None and tz is None and local_tz is None:  # a zoneless time of a page abroad
            iso = datetime(d.year, d.month, d.day, hour, minute, second).isoformat()
        else:
            iso = format_iso(d, hour, minute, second, tz or local_tz)
        yield DateMatch(start, end, text[start:end], iso)


def find_dates(text: str, base: datetime | date | str | None = None,
               local_tz: timezone | None = KZ_TZ) -> list[DateMatch]:
    """Every date expression in ``text`` that can be resolved (relative ones need ``base``)."""
    return list(_scan(text, _as_date(base), local_tz))


def parse_date(s: str, base: datetime | date | str | None = None,
               local_tz: timezone | None = KZ_TZ) -> str | None:
    """A string that is a date expression (optionally labelled) → ISO string, else ``None``.

    A time without a zone is in ``local_tz`` (Kazakhstan time by default; ``None`` keeps it zoneless).

    >>> parse_date("16:46, 25 декабря 2025")
    '2025-12-25T16:46:00+05:00'
    >>> parse_date("25.12.2025")
    '2025-12-25'
    >>> parse_date("вчера", base="2025-12-25")
    '2025-12-24'
    """
    if not s:
        return None
    body = _LABEL.sub("", s.strip(), count=1).strip().rstrip(".,;|")
    if not body or len(body) > 80:
        return None
    found = list(_scan(body, _as_date(base), local_tz))
    if len(found) != 1:
        return None
    m = found[0]
    rest = (body[: m.start] + body[m.end:]).strip(" \t,|/–—-()")
    return m.iso if not rest or _WEEKDAY_WORD.fullmatch(rest) else None
