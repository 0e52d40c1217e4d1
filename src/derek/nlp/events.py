"""The event an article reports: what happened, when and where.

News leads name the event in their first sentences: «В Доме дружбы
состоялась республиканская конференция «…», посвященная 30-летию АНК».
The stage finds the first event noun of the lead (``lexicons/event_words.txt``)
and takes its phrase to the end of the clause as ``what``; ``when`` is the
first date of the lead, resolved against the publication date («вчера»,
«24 декабря»), or else the publication date; ``where`` are the places and
venues named in the lead, then the article's main place.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .. import lexicons
from ..article import Event
from ..dates import find_dates
from ..stage import Stage, Work
from .ner import lemma

VENUE_HEADS = ("дом", "дворец", "центр", "зал", "музей", "театр", "парк", "площадь", "арена", "университет")


@cache
def event_words() -> frozenset[str]:
    return frozenset(line.lower() for line in lexicons.lines("event_words.txt"))


def _lead(work: Work, title: str | None) -> list[list]:
    """Token lists of the lead's first sentences, the headline left out."""
    sents = list(work.doc.sents) if work.doc is not None else []
    text = work.article.text
    body = len(title) if title and text.startswith(title) else 0
    out = []
    for s in sents:
        toks = [t for t in s.tokens if t.start >= body]
        if toks:
            out.append(toks)
        if len(out) == 3:
            break
    return out


class EventStage(Stage):
    name = "events"
    requires = ("entities", "tokens")
    provides = ("events",)

    def __init__(self) -> None:
        event_words()

    def __call__(self, work: Work) -> Work:
        art = work.article
        lead = _lead(work, art.title)
        if not lead:
            return work
        what = None
        for toks in lead:
            what = self._what(toks, art.text)
            if what:
                break
        lead_start, lead_end = lead[0][0].start, lead[-1][-1].stop
        if what is None:
            what = art.title or art.text[lead_start:lead[0][-1].stop].strip().rstrip(".")
        when = None
        for d in find_dates(art.text[lead_start:lead_end], base=art.published):
            when = d.iso[:10]
            break
        if when is None and art.published:
            when = art.published[:10]
        where: list[str] = []
        for e in sorted(art.entities, key=lambda e: min((m.start for m in e.mentions), default=1 << 30)):
            in_lead = any(lead_start <= m.start < lead_end for m in e.mentions)
            venue = e.type == "ORG" and e.name.split()[0].lower() in VENUE_HEADS
            if in_lead and (e.type == "LOC" or venue) and e.name not in where:
                where.append(e.name)
        places = Counter({e.name: len(e.mentions) for e in art.entities if e.type == "LOC"})
        if places:
            main = places.most_common(1)[0][0]
            if main not in where:
                where.append(main)
        art.events = [Event(what=what, when=when, where=where)]
        return work

    def _what(self, toks: list, text: str) -> str | None:
        words = event_words()
        for i, t in enumerate(toks):
            if t.pos != "NOUN" or lemma(t) not in words or (t.feats or {}).get("Case") not in ("Nom", "Acc"):
                continue
            s = i
            while s > 0 and toks[s - 1].pos == "ADJ":
                s -= 1
            # to the end of the clause: the sentence end, or a finite verb that starts a new clause
            end = len(toks)
            for k in range(i + 1, len(toks)):
                if toks[k].text in (".", "!", "?", ";"):
                    end = k
                    break
                if toks[k].pos == "VERB" and (toks[k].feats or {}).get("VerbForm") == "Fin" and \
                        toks[k - 1].text != ",":
                    end = k
                    break
            phrase = re.sub(r"\s+", " ", text[toks[s].start:toks[end - 1].stop]).strip(" ,—–-")
            if phrase[:1].isupper() and not phrase[:2].isupper():
                phrase = phrase[:1].lower() + phrase[1:]
            return phrase
        return None
