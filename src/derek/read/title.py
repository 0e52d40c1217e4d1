"""A page's title: the one most of its title fields agree on, without the site's name.

A page names its article in several places (JSON-LD ``headline``,
``og:title``, ``twitter:title``, the ``<h1>``, the ``<title>``, trafilatura's
pick). Each is unescaped, stripped of the site's suffix or prefix
(«… | CBC News», «… | Spain | The Guardian», «EFC Bayrische Bembel Regensburg -
…») and of the site's own name; the title most of them give wins, the
earlier field on a tie (the article's own headline first).
"""

from __future__ import annotations

import html
import re
from collections import Counter

SECTION_WORDS = 2  # a segment this short between the headline and the site's name is a section
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|›|/)\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_FOLD = re.compile(r"[^\w]+")


def _key(s: str) -> str:
    return _FOLD.sub("", s.casefold())


def _site_words(outlet: str | None, host: str | None) -> set[str]:
    """Keys that name the site: the outlet, the host, and the host without its top-level domain."""
    keys = set()
    for name in (outlet, host):
        if name:
            keys.add(_key(name))
    if host:
        keys.add(_key(host.rsplit(".", 1)[0]))
    return {k for k in keys if len(k) >= 2}


def _is_site(segment: str, site: set[str]) -> bool:
    k = _key(segment)
    return bool(k) and any(k == s or (len(s) >= 4 and (s in k or k in s)) or k.startswith(s) for s in site)


def strip_site(title: str, outlet: str | None = None, host: str | None = None) -> str:
    """«Headline | Section | The Site» → «Headline»: segments naming the site (and what follows) go."""
    t = " ".join(_INVISIBLE.sub("", html.unescape(title)).split())
    parts = _SEPARATORS.split(t)
    if len(parts) < 2:
        return t
    site = _site_words(outlet, host)
    for i in range(len(parts) - 1, 0, -1):  # a suffix naming the site, and the sections around it
        if _is_site(parts[i], site):
            head = parts[:i]
            while len(head) > 1 and len(head[-1].split()) <= SECTION_WORDS:
                head = head[:-1]  # «… | Spain | The Guardian»: the section before the site goes too
            return _join(t, head)
    if _is_site(parts[0], site):  # «Site - Headline»
        return _join(t, parts[1:])
    return t


def _join(title: str, parts: list[str]) -> str:
    """The parts back with their own separators (as they were in the title)."""
    if not parts:
        return title
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.find(last, start) + len(last)
    return title[start:end].strip()


def pick_title(candidates: list[str], outlet: str | None = None, host: str | None = None) -> str | None:
    """The title most candidates give (see the module docstring); ``None`` when there is none."""
    site = _site_words(outlet, host)
    cleaned = [strip_site(c, outlet, host) for c in candidates if c and c.strip()]
    cleaned = [c for c in cleaned if c and not _is_site(c, site) or c and len(c.split()) > 6]
    if not cleaned:
        return None
    votes = Counter(_key(c) for c in cleaned)
    best = max(votes.values())
    return next(c for c in cleaned if votes[_key(c)] == best)
