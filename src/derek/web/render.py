"""HTML building blocks the templates cannot express safely: highlighted text, charts, dates.

Everything here escapes each piece of text it emits and returns ``markupsafe.Markup``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from .i18n import Catalog, catalog, ru_plural_index


def _cat(t: Catalog | None) -> Catalog:
    return t if t is not None else catalog("ru")


# -- highlighted article text -------------------------------------------------

@dataclass
class Span:
    """A marked region of ``text``: ``tag`` with attributes, end-exclusive offsets."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    order: int = 0  # tie-break between spans with identical offsets: lower opens first (outer)

    def open_tag(self, as_tag: str | None = None) -> str:
        tag = as_tag or self.tag
        attrs = dict(self.attrs)
        if as_tag and as_tag != self.tag:
            attrs.pop("href", None)
        parts = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items() if v is not None)
        return f"<{tag}{parts}>"


def highlight(text: str, spans: Iterable[Span], *, breaks: bool = False) -> Markup:
    """Render ``text`` with ``spans`` as nested HTML elements.

    Spans may nest or overlap in any way: an overlapping span is closed and
    reopened around the boundary, so the output is always well-formed. A link
    (``<a>``) is never placed inside another link: the inner one becomes a
    ``<span>`` with the same class. Spans outside the text are clipped;
    empty ones are dropped. With ``breaks``, newlines become ``<br>``.
    """
    n = len(text)
    clean: list[Span] = []
    for s in spans:
        start, end = max(0, s.start), min(n, s.end)
        if start < end:
            clean.append(Span(start, end, s.tag, s.attrs, s.order))
    # outer first: earlier start, then longer, then declared order
    clean.sort(key=lambda s: (s.start, -s.end, s.order))
    bounds = sorted({0, n, *(s.start for s in clean), *(s.end for s in clean)})
    starts: dict[int, list[Span]] = {}
    for s in clean:
        starts.setdefault(s.start, []).append(s)

    out: list[str] = []
    stack: list[tuple[Span, str]] = []  # (span, tag actually emitted)

    def emit_open(s: Span) -> None:
        tag = s.tag
        if tag == "a" and any(t == "a" for _, t in stack):
            tag = "span"
        out.append(s.open_tag(tag))
        stack.append((s, tag))

    for i, pos in enumerate(bounds):
        # close every span ending here; reopen the ones that were above it and go on
        if any(s.end == pos for s, _ in stack):
            reopen: list[Span] = []
            while any(s.end == pos for s, _ in stack):
                s, tag = stack.pop()
                out.append(f"</{tag}>")
                if s.end != pos:
                    reopen.append(s)
            for s in reversed(reopen):
                emit_open(s)
        for s in starts.get(pos, []):
            emit_open(s)
        if i + 1 < len(bounds):
            seg = str(escape(text[pos:bounds[i + 1]]))
            out.append(seg.replace("\n", "<br>\n") if breaks else seg)
    while stack:  # only zero-length leftovers could remain; close defensively
        _, tag = stack.pop()
        out.append(f"</{tag}>")
    return Markup("".join(out))


ENTITY_CLASS = {"PER": "per", "ORG": "org", "LOC": "loc"}


def article_spans(article: Mapping[str, Any], links: Mapping[str, str] | None = None,
                  t: Catalog | None = None) -> list[Span]:
    """Spans for an Article dict: entity mentions (linked), quotes and their cues.

    ``links`` maps an entity id to the URL its mentions link to; ``t`` is the UI language's
    catalog (Russian by default) for the quotes' tooltips.
    """
    links = links or {}
    t = _cat(t)
    spans: list[Span] = []
    for qi, q in enumerate(article.get("quotes") or []):
        if q.get("start") is not None and q.get("end") is not None:
            spans.append(Span(q["start"], q["end"], "span", {
                "class": f"q q-{q.get('kind') or 'direct'}",
                "id": f"q{qi + 1}",
                "title": t.text("quote.title", speaker=q.get("speaker") or t.text("quote.no_speaker")),
            }, order=0))
        if q.get("cue_start") is not None and q.get("cue_end") is not None:
            spans.append(Span(q["cue_start"], q["cue_end"], "span", {"class": "cue"}, order=2))
    for e in article.get("entities") or []:
        cls = ENTITY_CLASS.get(e.get("type") or "", "ent")
        href = links.get(e.get("id") or "")
        for m in e.get("mentions") or []:
            attrs = {"class": f"ent {cls}", "title": e.get("name") or "", "data-entity": e.get("id") or ""}
            if href:
                attrs["href"] = href
            spans.append(Span(m["start"], m["end"], "a" if href else "span", attrs, order=1))
    return spans


def article_html(article: Mapping[str, Any], links: Mapping[str, str] | None = None,
                 t: Catalog | None = None) -> Markup:
    """The article's clean text as paragraphs, with entities and quotes highlighted."""
    text = article.get("text") or ""
    spans = article_spans(article, links, t)
    title = (article.get("title") or "").strip()
    if title and text.startswith(title):
        # the headline is the text's first paragraph and the page's <h1> already: show the body after it
        cut = len(text) - len(text[len(title):].lstrip())
        text = text[cut:]
        spans = [Span(s.start - cut, s.end - cut, s.tag, s.attrs, s.order) for s in spans if s.start >= cut]
    # line breaks become <br> inside the flow (not <p>), so a span crossing a paragraph stays well-formed
    return highlight(text, spans, breaks=True)


# -- dates -----------------------------------------------------------------------

def parse_when(value: Any) -> datetime | date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value
    s = str(value)
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def local_date(value: Any, t: Catalog | None = None, with_time: bool = True) -> str:
    """A date in the UI language: ``25 декабря 2025, 16:46`` (ru), ``2025 жылғы 25 желтоқсан, 16:46`` (kk)."""
    t = _cat(t)
    d = parse_when(value)
    if d is None:
        return str(value or "")
    s = t.text("date.long", day=d.day, month=t.seq("date.months")[d.month - 1], year=d.year)
    if with_time and isinstance(d, datetime) and (d.hour or d.minute):
        s = t.text("date.with_time", date=s, time=f"{d.hour:02d}:{d.minute:02d}")
    return s


def ru_date(value: Any, with_time: bool = True) -> str:
    """``2025-12-25T16:46:00+05:00`` → ``25 декабря 2025, 16:46``."""
    return local_date(value, catalog("ru"), with_time)


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    return (one, few, many)[ru_plural_index(n)]


# -- small markup pieces for catalog messages ---------------------------------------

def code(text: Any) -> Markup:
    """``<code>text</code>``, the text escaped."""
    return Markup("<code>{}</code>").format(text)


def codes(items: Iterable[Any]) -> Markup:
    """Several ``<code>`` pieces joined by commas."""
    return Markup(", ").join(code(x) for x in items)


def link(href: str, text: Any) -> Markup:
    """``<a href="…">text</a>``, both escaped."""
    return Markup('<a href="{}">{}</a>').format(href, text)


# -- mentions chart --------------------------------------------------------------

def _day_counts(data: Any) -> list[tuple[date, int]]:
    """Accepts {day: n}, [[day, n]], or [{"day"/"date": …, "count"/"n"/"mentions": n}]."""
    rows: list[tuple[Any, Any]] = []
    if isinstance(data, Mapping):
        rows = list(data.items())
    elif isinstance(data, list | tuple):
        for r in data:
            if isinstance(r, Mapping):
                day = r.get("day") or r.get("date") or r.get("week")
                cnt = r.get("count", r.get("n", r.get("mentions", r.get("articles", 0))))
                rows.append((day, cnt))
            elif isinstance(r, list | tuple) and len(r) >= 2:
                rows.append((r[0], r[1]))
    out: list[tuple[date, int]] = []
    for day, cnt in rows:
        d = parse_when(day)
        if d is None:
            continue
        if isinstance(d, datetime):
            d = d.date()
        out.append((d, int(cnt or 0)))
    out.sort()
    return out


def by_week(data: Any) -> list[dict[str, Any]]:
    """Day counts grouped by ISO week: ``[{"week": "2025-12-22" (its Monday), "count": n}]``."""
    weeks: dict[date, int] = {}
    for d, c in _day_counts(data):
        monday = d - timedelta(days=d.weekday())
        weeks[monday] = weeks.get(monday, 0) + c
    return [{"week": k.isoformat(), "count": v} for k, v in sorted(weeks.items())]


def mentions_chart(data: Any, width: int = 640, height: int = 160, t: Catalog | None = None) -> Markup:
    """An inline SVG bar chart of mentions over time; days are grouped by week or month when many.

    Its labels are in the language of the catalog ``t`` (Russian by default).
    """
    t = _cat(t)
    days = _day_counts(data)
    if not days:
        return Markup('<p class="muted">{}</p>').format(t.text("chart.empty"))
    first, last = days[0][0], days[-1][0]
    span_days = (last - first).days + 1
    if span_days <= 45:
        unit = "day"

        def key(d: date) -> date:
            return d
    elif span_days <= 45 * 7:
        unit = "week"

        def key(d: date) -> date:
            return d - timedelta(days=d.weekday())
    else:
        unit = "month"

        def key(d: date) -> date:
            return d.replace(day=1)
    buckets: dict[date, int] = {}
    for d, c in days:
        buckets[key(d)] = buckets.get(key(d), 0) + c
    # a continuous axis: empty buckets between the first and the last are zeros
    keys: list[date] = []
    k = key(first)
    while k <= key(last):
        keys.append(k)
        if unit == "day":
            k += timedelta(days=1)
        elif unit == "week":
            k += timedelta(days=7)
        else:
            k = (k.replace(day=28) + timedelta(days=4)).replace(day=1)
    peak = max(buckets.values()) or 1
    pad_l, pad_b, pad_t = 28, 22, 8
    plot_w, plot_h = width - pad_l - 4, height - pad_b - pad_t
    bw = min(plot_w / len(keys), 48.0)  # few buckets: narrow bars, centred
    x0 = pad_l + (plot_w - bw * len(keys)) / 2
    caption = t.text(f"chart.{unit}")
    months = t.seq("date.months_short")
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">']
    parts.append(f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - 4}" y2="{pad_t + plot_h}" class="axis"/>')
    parts.append(f'<text x="{pad_l - 4}" y="{pad_t + 8}" class="lbl" text-anchor="end">{peak}</text>')
    parts.append(f'<text x="{pad_l - 4}" y="{pad_t + plot_h}" class="lbl" text-anchor="end">0</text>')
    label_every = max(1, len(keys) // 6)
    for i, k in enumerate(keys):
        c = buckets.get(k, 0)
        h = plot_h * c / peak
        x = x0 + i * bw
        if unit == "month":
            label = t.text("date.short_month", month=months[k.month - 1], year=k.year)
        else:
            label = t.text("date.short_day", day=k.day, month=months[k.month - 1])
        tip = f"{label}: {c}"
        if c:
            parts.append(f'<rect x="{x + bw * 0.12:.1f}" y="{pad_t + plot_h - h:.1f}" width="{max(bw * 0.76, 1):.1f}" '
                         f'height="{h:.1f}" class="bar"><title>{escape(tip)}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - 6}" class="lbl" text-anchor="middle">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    note = t.text("chart.total", label=caption, n=sum(buckets.values()))
    return Markup("".join(parts) + f'<p class="muted small">{escape(note)}</p>')


# -- positions timeline -----------------------------------------------------------

def timeline(positions: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Positions with ``left``/``width`` percentages on a shared axis from the earliest to the latest date."""
    dated = [(parse_when(p.get("first_seen")), parse_when(p.get("last_seen"))) for p in positions]
    points = [d if not isinstance(d, datetime) else d.date() for pair in dated for d in pair if d is not None]
    if not points:
        return [dict(p, left=0.0, width=100.0) for p in positions]
    lo, hi = min(points), max(points)
    total = max((hi - lo).days, 1)
    out = []
    for p, (a, b) in zip(positions, dated, strict=True):
        a = a.date() if isinstance(a, datetime) else a
        b = b.date() if isinstance(b, datetime) else b
        a = a or b or lo
        b = b or a
        left = 100.0 * (a - lo).days / total
        width = max(100.0 * (b - a).days / total, 1.5)
        out.append(dict(p, left=min(left, 98.5), width=min(width, 100.0 - min(left, 98.5))))
    return out


def place_redundant(place: str | None, org: str | None) -> bool:
    """True when the organization's name already names the place («Павлодарская область» in
    «акимат Павлодарской области»): compares the words' stems, case-insensitively."""
    if not place or not org:
        return not place
    org_l = org.lower()
    words = [w for w in place.lower().replace("-", " ").split() if len(w) > 2]
    return bool(words) and all(w[:max(4, len(w) - 3)] in org_l for w in words)


# -- untrusted strings from the store ----------------------------------------------

_MARK = re.compile(r"(</?mark>)")


def marked(snippet: str | None) -> Markup:
    """A search snippet as HTML: only ``<mark>``/``</mark>`` survive, everything else is text.

    Works whether or not the snippet was already HTML-escaped (entities are decoded first,
    then every text piece is escaped once).
    """
    out: list[str] = []
    depth = 0
    for piece in _MARK.split(snippet or ""):
        if piece == "<mark>":
            depth += 1
            out.append(piece)
        elif piece == "</mark>":
            if depth:
                depth -= 1
                out.append(piece)
        else:
            out.append(str(escape(html.unescape(piece))))
    out.extend("</mark>" for _ in range(depth))
    return Markup("".join(out))


def safe_href(url: str | None) -> str | None:
    """The URL when it is http(s), else None: stored URLs never become ``javascript:`` links."""
    if not url:
        return None
    u = str(url).strip()
    return u if u.lower().startswith(("http://", "https://")) else None


# -- URLs --------------------------------------------------------------------------

def url_with(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """``path`` with the non-empty ``params`` plus ``changes`` as a query string."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return path + ("?" + urlencode(merged) if merged else "")
