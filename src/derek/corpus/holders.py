"""Who held a post, and when, as the articles report it.

A post is a title and where it is held (:mod:`derek.corpus.post_keys`), so «аким города Алматы»,
«аким Алматы» and «Алматы қаласының әкімі» are one post. Its holders are the people whose stored
positions have that key, each with the dates the articles report them in it:

- ``from``: the day of an article reporting the appointment, else the first report in the post
  (tense current or future); ``to``: the day of a dismissal article, or of the first report
  calling them former (tense past) after their last current one, or the start of a successor;
  none while they are the current holder;
- ``evidence``: each report (article, day, tense, the post phrase as written), appointment and
  dismissal articles marked (by the words of the sentence that names the post).

``on=YYYY-MM-DD`` says who held the post on a day: a holder reported in it on both sides of the
day, else the last one to start before it and not reported as gone by then.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from . import models as m
from .post_keys import PostKey, parse_post, post_key
from .store import Store

PO, P, A = m.positions, m.persons, m.articles
MAX_EVIDENCE = 50

APPOINTMENT = re.compile(r"назнач|избран|утвержд|вступ\w* в должность|приступ\w* к исполнению|"
                         r"тағайында|сайлан|қызметіне кіріс", re.IGNORECASE)
DISMISSAL = re.compile(r"освобожд|отставк|уволен|снят\w* с должност|отстран|покинул\w* пост|"
                       r"босатыл|орнынан алын|қызметінен кет", re.IGNORECASE)


@dataclass
class Report:
    """One stored position of a holder: the article reporting it, its day and tense."""

    article_id: str
    day: str | None
    tense: str | None
    title: str
    org: str | None
    place: str | None
    evidence: str | None
    article_title: str | None = None
    kind: str = "report"  # appointment, dismissal or report

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "day": self.day, "tense": self.tense, "kind": self.kind,
                "title": self.title, "org": self.org, "place": self.place, "evidence": self.evidence,
                "article_title": self.article_title}


@dataclass
class Holder:
    person_id: int
    name: str
    reports: list[Report] = field(default_factory=list)
    start: str | None = None
    last_current: str | None = None
    end: str | None = None
    end_basis: str | None = None
    status: str = "unknown"

    def dated(self, *tenses: str) -> list[str]:
        return sorted(r.day for r in self.reports if r.day and (not tenses or r.tense in tenses))

    def to_dict(self) -> dict[str, Any]:
        days = self.dated()
        reports = sorted(self.reports, key=lambda r: (r.day or "9999", r.article_id))
        return {
            "person_id": self.person_id, "name": self.name, "status": self.status,
            "from": self.start, "to": self.end, "to_basis": self.end_basis,
            "first_reported": days[0] if days else None, "last_reported": days[-1] if days else None,
            "last_reported_current": self.last_current,
            "reports": len(self.reports), "undated_reports": sum(1 for r in self.reports if not r.day),
            "tenses": dict(Counter(r.tense or "current" for r in self.reports)),
            "appointed": [r.to_dict() for r in reports if r.kind == "appointment"],
            "dismissed": [r.to_dict() for r in reports if r.kind == "dismissal"],
            "evidence": [r.to_dict() for r in reports[:MAX_EVIDENCE]],
        }


def report_kind(sentence: str, tense: str | None) -> str:
    """An appointment when the sentence naming the post says so and the post is current or to come;
    a dismissal when it says so and the post is past; else a plain report."""
    if tense in (None, "current", "future") and APPOINTMENT.search(sentence):
        return "appointment"
    if tense == "past" and DISMISSAL.search(sentence):
        return "dismissal"
    return "report"


def sentence_around(text: str, phrase: str | None, width: int = 240) -> str:
    """The stretch of ``text`` around the first occurrence of ``phrase`` (to sentence ends)."""
    if not text:
        return ""
    i = text.find(phrase) if phrase else -1
    if i < 0:
        return text[:width]
    a = max(text.rfind(".", 0, i), text.rfind("\n", 0, i), i - width) + 1
    ends = [j for j in (text.find(".", i + len(phrase)), text.find("\n", i + len(phrase))) if j >= 0]
    b = min([*ends, i + len(phrase) + width])
    return text[a:b]


def _matching_triples(conn, want: PostKey) -> dict[tuple[str, str | None, str | None], PostKey]:
    """Stored (title, org, place) combinations whose post has ``want``'s title."""
    out = {}
    for t, o, p in conn.execute(select(PO.c.title, PO.c.org, PO.c.place).distinct()):
        k = post_key(t, o, p)
        if k.title == want.title:
            out[(t, o, p)] = k
    return out


def _group_by_where(triples: dict[tuple[str, str | None, str | None], PostKey],
                    want: PostKey) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """One group per post (only ``want``'s where, if it has one); an unplaced non-territorial title
    joins the post of its title when there is only one placed post of it."""
    groups: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    for triple, k in triples.items():
        groups[k.where].append(triple)
    placed = [w for w in groups if w]
    if "" in groups and len(placed) == 1 and not want.territorial:
        groups[placed[0]].extend(groups.pop(""))
    if want.where:
        return {want.where: groups[want.where]} if groups.get(want.where) else {}
    return groups


def _load_reports(conn, triples: list[tuple[str, str | None, str | None]]) -> dict[int, Holder]:
    holders: dict[int, Holder] = {}
    wanted = set(triples)
    titles = sorted({t for t, _, _ in triples})
    rows = conn.execute(select(PO.c.person_id, P.c.name, PO.c.article_id, PO.c.day, PO.c.tense, PO.c.title,
                               PO.c.org, PO.c.place, PO.c.evidence, A.c.title.label("atitle"), A.c.text)
                        .join(P, P.c.id == PO.c.person_id).join(A, A.c.id == PO.c.article_id)
                        .where(PO.c.title.in_(titles)).order_by(PO.c.day, PO.c.id))
    seen: set[tuple[int, str]] = set()
    for r in rows:
        if (r.title, r.org, r.place) not in wanted or (r.person_id, r.article_id) in seen:
            continue
        seen.add((r.person_id, r.article_id))
        h = holders.setdefault(r.person_id, Holder(r.person_id, r.name))
        around = (r.atitle or "") + "\n" + sentence_around(r.text or "", r.evidence)
        h.reports.append(Report(r.article_id, r.day, r.tense, r.title, r.org, r.place, r.evidence, r.atitle,
                                report_kind(around, r.tense)))
    return holders


def _own_period(h: Holder) -> None:
    """A holder's start and end from their own reports: the appointment or first report, and the
    dismissal or first report as former after their last current one."""
    appointed = sorted(r.day for r in h.reports if r.kind == "appointment" and r.day)
    current = h.dated("current", "future", None)
    h.start = appointed[0] if appointed else (current[0] if current else None)
    h.last_current = max(h.dated("current", None), default=None)
    gone = [r for r in h.reports if r.day and r.tense == "past" and r.kind == "dismissal"] or \
           [r for r in h.reports if r.day and r.tense == "past"]
    later = sorted(r.day for r in gone if not h.last_current or r.day >= h.last_current)
    if later:
        h.end, h.end_basis = later[0], ("dismissal" if any(r.kind == "dismissal" and r.day == later[0]
                                                           for r in gone) else "reported as former")


def _own_status(h: Holder) -> str:
    tenses = {r.tense or "current" for r in h.reports}
    if h.end or tenses == {"past"} or any(r.kind == "dismissal" for r in h.reports):
        return "former"
    if h.start and all(r.tense == "future" for r in h.reports if r.day):
        return "future"
    if h.start or any(r.kind == "appointment" for r in h.reports):
        return "current"
    return "unknown"


def _periods(holders: list[Holder], succession: bool = True) -> list[Holder]:
    """Each holder's period, ordered by start. With ``succession`` (one post) a holder's period ends
    where a successor's starts, and only the latest to start is the current holder; without it (a
    title whose place is not reported: perhaps many posts) each holder stands alone."""
    for h in holders:
        _own_period(h)
    order = sorted(holders, key=lambda h: (h.start or "9999", h.name))
    for i, h in enumerate(order):
        nxt = [x for x in order[i + 1:] if x.start and (not h.last_current or x.start > h.last_current)]
        if succession and h.end is None and nxt and h.start:
            h.end, h.end_basis = nxt[0].start, "successor reported"
        h.status = _own_status(h)
    if succession:
        current = [h for h in order if h.status == "current"]
        dated = [h for h in current if h.start]
        keep = dated[-1] if dated else (current[-1] if len(current) == 1 else None)
        for h in current:  # only the latest to start is the current holder
            if h is not keep:
                h.status = "former" if keep is not None and keep.start else "unknown"
    return order


def holder_on(holders: list[Holder], day: str) -> dict[str, Any]:
    """Who held the post on ``day``: ``{"day", "holder", "basis", "why": {"kind", "first", "last"}}``
    (holder None when unknown). ``why.kind``: ``reported`` (reported in the post before and after
    the day), ``last_reported`` (before it, and no successor or departure reported by then),
    ``dismissed_later`` (dismissed after it, start not reported) or ``none``."""
    best: Holder | None = None
    for h in holders:
        if h.start and h.start <= day and (h.end is None or h.end > day):
            if best is None or h.start > (best.start or ""):
                best = h
    if best is None:  # dismissed later, when they started not reported
        gone = [h for h in holders if not h.start and h.end and h.end > day and h.end_basis == "dismissal"]
        if gone:
            h = min(gone, key=lambda x: x.end or "")
            return _on(day, h, "dismissed_later", None, h.end,
                       f"dismissed from the post on {h.end}; when they took it is not reported")
        return _on(day, None, "none", None, None, "no holder reported in the post before that day")
    if best.last_current and best.last_current >= day:
        return _on(day, best, "reported", best.start, best.last_current,
                   f"reported in the post on {best.start} and on {best.last_current}")
    last = best.last_current or best.start
    return _on(day, best, "last_reported", best.start, last,
               f"last reported in the post on {last}; no successor or departure reported before that day")


def _on(day: str, h: Holder | None, kind: str, first: str | None, last: str | None, basis: str) -> dict[str, Any]:
    return {"day": day, "holder": {"person_id": h.person_id, "name": h.name} if h else None, "basis": basis,
            "why": {"kind": kind, "first": first, "last": last}}


def _display(triples: list[tuple[str, str | None, str | None]], holders: dict[int, Holder],
             territorial: bool) -> tuple[str, str]:
    """The post as most reports write it: its title and where (a territorial post's place first)."""
    titles: Counter[str] = Counter()
    wheres: Counter[str] = Counter()
    for h in holders.values():
        for r in h.reports:
            if (r.title, r.org, r.place) in triples:
                titles[r.title] += 1
                w = (r.place or r.org) if territorial else (r.org or r.place)
                if w:
                    wheres[w] += 1
    return (titles.most_common(1)[0][0] if titles else "", wheres.most_common(1)[0][0] if wheres else "")


def post_holders(store: Store, title: str, org: str | None = None, on: str | None = None) -> dict[str, Any]:
    """The posts a phrase names and their holders over time.

    Returns ``{"query": {"title", "org", "on", "key"}, "total", "items": [{"key", "title", "where",
    "forms", "articles", "current", "on", "holders": [...]}]}``, the post with most reports first.
    """
    want = parse_post(title, org)
    out: dict[str, Any] = {"query": {"title": title, "org": org, "on": on, "key": str(want)}, "total": 0,
                           "items": []}
    if not want.title:
        return out
    items = []
    with store.connect() as conn:
        groups = _group_by_where(_matching_triples(conn, want), want)
        for where, triples in groups.items():
            by_person = _load_reports(conn, triples)
            if not by_person:
                continue
            one_post = bool(where) or not want.territorial  # «аким» with no place: many posts
            order = _periods(list(by_person.values()), succession=one_post)
            t, w = _display(triples, by_person, want.territorial)
            current = next((h for h in reversed(order) if h.status == "current"), None) if one_post else None
            items.append({
                "key": str(PostKey(want.title, where)), "title": t, "where": w,
                "link": {"title": t, "org": w},
                "forms": sorted({", ".join(x for x in (a, b or c or "") if x) for a, b, c in triples}),
                "articles": len({r.article_id for h in order for r in h.reports}),
                "current": {"person_id": current.person_id, "name": current.name, "from": current.start}
                if current else None,
                "on": holder_on(order, on[:10]) if on else None,
                "holders": [h.to_dict() for h in order],
            })
    items.sort(key=lambda p: -p["articles"])
    out["items"] = items
    out["total"] = len(items)
    return out


def list_posts(store: Store, *, q: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Every post in the corpus, most reported first: ``{"total", "items": [{"key", "title", "where",
    "holders", "articles", "latest": {"person_id", "name", "day"}}]}``; ``q`` keeps the posts whose
    title key starts with the key of ``q`` («аким», «министр»). ``several``: a territorial title reported
    without its place (perhaps many posts), whose ``latest`` is None."""
    want = parse_post(q).title if q and q.strip() else ""
    posts: dict[PostKey, dict[str, Any]] = {}
    with store.connect() as conn:
        rows = conn.execute(select(PO.c.title, PO.c.org, PO.c.place, PO.c.person_id, P.c.name, PO.c.tense,
                                   PO.c.day, PO.c.article_id).join(P, P.c.id == PO.c.person_id))
        for r in rows:
            k = post_key(r.title, r.org, r.place)
            if not k.title or (want and not k.title.startswith(want)):
                continue
            p = posts.setdefault(k, {"titles": Counter(), "wheres": Counter(), "people": set(), "articles": set(),
                                     "latest": None})
            p["titles"][r.title] += 1
            w = (r.place or r.org) if k.territorial else (r.org or r.place)
            if w:
                p["wheres"][w] += 1
            p["people"].add(r.person_id)
            p["articles"].add(r.article_id)
            if r.day and r.tense != "past" and (p["latest"] is None or r.day > p["latest"]["day"]):
                p["latest"] = {"person_id": r.person_id, "name": r.name, "day": r.day}
    _merge_unplaced(posts)
    items = [{"key": str(k), "title": p["titles"].most_common(1)[0][0],
              "where": p["wheres"].most_common(1)[0][0] if p["wheres"] else "",
              "holders": len(p["people"]), "articles": len(p["articles"]),
              # a territorial title reported without its place («аким»): perhaps many posts, no one latest holder
              "several": _several_posts(k),
              "latest": None if _several_posts(k) else p["latest"]}
             for k, p in posts.items()]
    items.sort(key=lambda x: (-x["articles"], -x["holders"], x["key"]))
    return {"total": len(items), "items": items[offset:offset + max(0, limit)]}


def _several_posts(k: PostKey) -> bool:
    """A territorial title whose place is not reported may stand for as many posts as there are places."""
    return bool(k.territorial and not k.where)


def _merge_unplaced(posts: dict[PostKey, dict[str, Any]]) -> None:
    """A non-territorial post reported without where joins the only placed post of its title
    (as :func:`_group_by_where` does for one post)."""
    placed: dict[str, list[PostKey]] = defaultdict(list)
    for k in posts:
        if k.where:
            placed[k.title].append(k)
    for k in [k for k in posts if not k.where and not k.territorial and len(placed.get(k.title, [])) == 1]:
        into, p = posts[placed[k.title][0]], posts.pop(k)
        for f in ("titles", "wheres"):
            into[f].update(p[f])
        into["people"] |= p["people"]
        into["articles"] |= p["articles"]
        if p["latest"] and (into["latest"] is None or p["latest"]["day"] > into["latest"]["day"]):
            into["latest"] = p["latest"]
