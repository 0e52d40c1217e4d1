"""Questions asked of the corpus. Each returns plain JSON-ready dicts (the CLI's --json and the HTTP API).

Signatures are stable: the web UI builds on them.
Ids: integers for persons and organizations, the ``Article.id`` string for articles.
Dates in filters are ``YYYY-MM-DD`` strings compared with the article's publication day.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Text, bindparam, cast, column, desc, false, func, literal_column, or_, select
from sqlalchemy import table as sa_table
from sqlalchemy.sql import Select

from . import models as m
from .authors import author_patterns
from .identity import _initial_ok, org_key, split_name
from .store import Store
from .text import fold, fts5_query, lemma, snippet, tsquery, words

MAX_LIMIT = 500
MAX_ID = 2**31 - 1  # the largest id a table holds (PostgreSQL integer); a larger one finds nothing
A, P, AP, Q, PO, ORG, AO, OA, S = (m.articles, m.persons, m.article_persons, m.quotes, m.positions,
                                 m.organizations, m.article_orgs, m.org_aliases, m.stories)


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))


def _article_filters(date_from: str | None, date_to: str | None, outlet: str | None,
                     author: str | None = None) -> list[Any]:
    conds: list[Any] = []
    if author and author.strip():  # a whole author's name, or a word of one, case-folded
        conds.append(or_(*[A.c.authors_key.like(p) for p in author_patterns(author)]))
    if date_from:
        conds.append(A.c.day >= date_from[:10])
    if date_to:
        conds.append(A.c.day <= date_to[:10])
    if outlet and outlet.strip():  # where it was published, or the original it names («Источник: zakon.kz»)
        o = outlet.strip().lower()
        conds.append(or_(func.lower(A.c.outlet) == o, func.lower(A.c.source) == o))
    return conds


def _count(conn, stmt: Select) -> int:
    return int(conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar() or 0)


# ---------------------------------------------------------------- search

def _fts_hits(store: Store, conn, table: str, q: str, n: int, conds: list[Any],
              offset: int = 0) -> tuple[int, list[tuple[int, float]]]:
    """(total, [(rowid, score)]) from the full-text index of ``articles`` or ``quotes``; higher is better.

    Both index the same keys (folded words and their lemmas, :func:`derek.corpus.text.index_words`)
    and match the same query (:func:`fts5_query`, :func:`tsquery`), so they find the same rows.
    SQLite: FTS5, ranked by bm25. PostgreSQL: the ``tsv`` columns (``simple`` configuration over
    those keys), ranked by ts_rank_cd.
    """
    base = A if table == "articles" else Q
    key = A.c.seq if table == "articles" else Q.c.id
    if store.is_postgres:
        expr = tsquery(q)
        if not expr:
            return 0, []
        query = func.to_tsquery(literal_column("'simple'"), bindparam("fq", expr))
        tsv = literal_column(f"{table}.tsv")
        stmt = select(key.label("k"), func.ts_rank_cd(tsv, query).label("r")).select_from(base)
        stmt = stmt.where(tsv.op("@@")(query))
        order, sign = (desc("r"), key), 1.0
    else:
        match = fts5_query(q)
        if not match:
            return 0, []
        fts = sa_table(f"{table}_fts", column("rowid"))
        fts_name = literal_column(f"{table}_fts")
        stmt = (select(fts.c.rowid.label("k"), func.bm25(fts_name).label("r"))
                .select_from(fts.join(base, fts.c.rowid == key))
                .where(fts_name.op("MATCH")(bindparam("match", match))))
        order, sign = ("r",), -1.0
    if table == "quotes":
        stmt = stmt.join(A, A.c.id == Q.c.article_id)
    stmt = stmt.where(*conds)
    # the total without computing the rank of every hit
    total = int(conn.execute(select(func.count()).select_from(
        stmt.with_only_columns(literal_column("1")).subquery())).scalar() or 0)
    rows = conn.execute(stmt.order_by(*order).limit(n).offset(offset)).all() if n > 0 else []
    return total, [(r[0], sign * float(r[1])) for r in rows]


def search(store: Store, q: str, *, kind: str | None = None, date_from: str | None = None,
           date_to: str | None = None, outlet: str | None = None, limit: int = 20,
           offset: int = 0, author: str | None = None) -> dict[str, Any]:
    """Full-text search over articles and quotes, ranked; ``author`` keeps the articles of an
    author (and their quotes); with ``author`` and no ``q``, that author's articles, newest first.

    Returns ``{"query", "total", "items": [{"kind": "article"|"quote", "article_id", "title",
    "published", "outlet", "source", "snippet", "speaker", "speaker_id", "quote_id"}]}``; snippets are
    HTML-escaped with ``<mark>…</mark>`` around the hits.
    """
    limit, offset = _page(limit, offset)
    q = (q or "").strip()
    out: dict[str, Any] = {"query": q, "total": 0, "items": []}
    if not q and author and kind in (None, "", "article"):
        return _author_articles(store, out, _article_filters(date_from, date_to, outlet, author), limit, offset)
    if kind not in (None, "", "article", "quote"):
        raise ValueError(f"unknown kind {kind!r}: use article or quote")
    if not q:
        return out
    conds = _article_filters(date_from, date_to, outlet, author)
    n = offset + limit
    with store.connect() as conn:
        hits: list[tuple[float, str, int]] = []
        total = 0
        if kind in (None, "", "article"):
            t, rows = _fts_hits(store, conn, "articles", q, n, conds)
            total += t
            hits += [(s, "article", i) for i, s in rows]
        if kind in (None, "", "quote"):
            t, rows = _fts_hits(store, conn, "quotes", q, n, conds)
            total += t
            hits += [(s, "quote", i) for i, s in rows]
        hits.sort(key=lambda h: -h[0])
        page = hits[offset:offset + limit]
        art_seqs = [i for _, k, i in page if k == "article"]
        quote_ids = [i for _, k, i in page if k == "quote"]
        arts = {r.seq: r for r in conn.execute(select(A.c.seq, A.c.id, A.c.title, A.c.published, A.c.outlet,
                                                      A.c.source, A.c.text)
                                               .where(A.c.seq.in_(art_seqs)))} if art_seqs else {}
        qs = {r.id: r for r in conn.execute(
            select(Q.c.id, Q.c.article_id, Q.c.text, Q.c.speaker, Q.c.person_id, P.c.name.label("pname"),
                   A.c.title, A.c.published, A.c.outlet, A.c.source)
            .join(A, A.c.id == Q.c.article_id).outerjoin(P, P.c.id == Q.c.person_id)
            .where(Q.c.id.in_(quote_ids)))} if quote_ids else {}
        items = []
        for score, k, i in page:
            if k == "article" and i in arts:
                r = arts[i]
                items.append({"kind": "article", "article_id": r.id, "title": r.title, "published": r.published,
                              "outlet": r.outlet, "source": r.source, "snippet": snippet(r.text, q), "speaker": None,
                              "speaker_id": None, "quote_id": None, "score": round(score, 4)})
            elif k == "quote" and i in qs:
                r = qs[i]
                items.append({"kind": "quote", "article_id": r.article_id, "title": r.title,
                              "published": r.published, "outlet": r.outlet, "source": r.source,
                              "snippet": snippet(r.text, q, width=30), "speaker": r.pname or r.speaker,
                              "speaker_id": r.person_id, "quote_id": r.id, "score": round(score, 4)})
    out["total"] = total
    out["items"] = items
    return out


def _author_articles(store: Store, out: dict[str, Any], conds: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """Search results for an author alone: their articles, newest first, the text's start as snippet."""
    stmt = select(A.c.id, A.c.title, A.c.published, A.c.outlet, A.c.authors, A.c.text).where(*conds)
    with store.connect() as conn:
        out["total"] = _count(conn, stmt)
        rows = conn.execute(stmt.order_by(A.c.day.desc().nulls_last(), A.c.seq.desc()).limit(limit).offset(offset))
        out["items"] = [{"kind": "article", "article_id": r.id, "title": r.title, "published": r.published,
                         "outlet": r.outlet, "authors": r.authors, "snippet": html.escape(r.text[:160]),
                         "speaker": None, "speaker_id": None, "quote_id": None, "score": None} for r in rows]
    return out


# ---------------------------------------------------------------- articles

def _people_of(conn, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    res: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not article_ids:
        return res
    rows = conn.execute(select(AP.c.article_id, P.c.id, P.c.name, func.sum(AP.c.mentions).label("n"))
                        .join(P, P.c.id == AP.c.person_id).where(AP.c.article_id.in_(article_ids))
                        .group_by(AP.c.article_id, P.c.id, P.c.name)
                        .order_by(AP.c.article_id, desc("n"), P.c.name))
    for r in rows:
        res[r.article_id].append({"id": r.id, "name": r.name})
    return res


def list_articles(store: Store, *, date_from: str | None = None, date_to: str | None = None,
                  outlet: str | None = None, person_id: int | None = None, org_id: int | None = None,
                  limit: int = 20, offset: int = 0, author: str | None = None) -> dict[str, Any]:
    """``{"total", "items": [{"id", "title", "published", "outlet", "url", "people": [names],
    "persons": [{"id", "name"}], "story_id"}]}``, newest first."""
    if any(i is not None and not 0 < i <= MAX_ID for i in (person_id, org_id)):
        person_id = org_id = 0  # no such row: an empty page (PostgreSQL would refuse the number)
    limit, offset = _page(limit, offset)
    stmt = select(A.c.id, A.c.title, A.c.published, A.c.outlet, A.c.url, A.c.story_id, A.c.seq).where(
        *_article_filters(date_from, date_to, outlet, author))
    if person_id is not None:
        stmt = stmt.where(A.c.id.in_(select(AP.c.article_id).where(AP.c.person_id == person_id)))
    if org_id is not None:
        stmt = stmt.where(A.c.id.in_(select(AO.c.article_id).where(AO.c.org_id == org_id)))
    with store.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(stmt.order_by(A.c.day.desc().nulls_last(), A.c.published.desc(), A.c.seq.desc())
                            .limit(limit).offset(offset)).all()
        people = _people_of(conn, [r.id for r in rows])
    return {"total": total, "items": [
        {"id": r.id, "title": r.title, "published": r.published, "outlet": r.outlet, "url": r.url,
         "story_id": r.story_id, "people": [p["name"] for p in people.get(r.id, [])],
         "persons": people.get(r.id, [])} for r in rows]}


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """The stored Article dict plus ``person_ids`` {entity_id: person_id}, ``org_ids``
    {entity_id: org_id}, ``outlet``, ``story`` ({id, title, original_outlet, first_published,
    articles: [{id, title, outlet, url, published}]}) and ``quote_speakers`` [person_id|None per quote]."""
    with store.connect() as conn:
        r = conn.execute(select(A).where(A.c.id == article_id)).mappings().first()
        if r is None:
            return None
        d = dict(r["extracted"] or {})
        d["text"] = r["text"]
        d.update(id=r["id"], url=r["url"], title=r["title"], published=r["published"], source=r["source"])
        order = ["id", "url", "title", "published", "lang", "source", "credits", "text", "entities", "people",
                 "quotes", "events", "boilerplate"]
        art = {k: d.get(k) for k in order} | {k: v for k, v in d.items() if k not in order}
        art["outlet"] = r["outlet"]
        art["person_ids"] = dict(conn.execute(select(AP.c.entity_id, AP.c.person_id)
                                              .where(AP.c.article_id == article_id)).all())
        art["org_ids"] = dict(conn.execute(select(AO.c.entity_id, AO.c.org_id)
                                           .where(AO.c.article_id == article_id)).all())
        art["quote_speakers"] = list(conn.execute(select(Q.c.person_id).where(Q.c.article_id == article_id)
                                                  .order_by(Q.c.id)).scalars())
        st = conn.execute(select(S).where(S.c.id == r["story_id"])).mappings().first()
        story = None
        if st:
            pubs = conn.execute(select(A.c.id, A.c.title, A.c.outlet, A.c.url, A.c.published)
                                .where(A.c.story_id == st["id"]).order_by(A.c.published, A.c.seq)).all()
            story = {"id": st["id"], "title": st["title"], "original_outlet": st["original_outlet"],
                     "first_published": st["first_published"],
                     "articles": [{"id": p.id, "title": p.title, "outlet": p.outlet, "url": p.url,
                                   "published": p.published} for p in pubs]}
        art["story"] = story
    return art


# ---------------------------------------------------------------- people

def _position_text(title: str | None, org: str | None, place: str | None) -> str:
    s = title or ""
    if org and fold(org) not in fold(s):
        s += f", {org}"
    elif place and not org and fold(place) not in fold(s):
        s += f", {place}"
    return s


def _latest_positions(conn, person_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each person's newest post reported as held now (not past, not yet future; else the newest one)."""
    out: dict[int, dict[str, Any]] = {}
    cols = (PO.c.title, PO.c.org, PO.c.org_id, PO.c.place, PO.c.tense, PO.c.day)
    for pid in person_ids:
        r = conn.execute(select(*cols).where(PO.c.person_id == pid, PO.c.day.is_not(None),
                                             or_(PO.c.tense.is_(None), PO.c.tense.notin_(("past", "future"))))
                         .order_by(PO.c.day.desc(), PO.c.id.desc()).limit(1)).first()
        if r is None:
            r = conn.execute(select(*cols).where(PO.c.person_id == pid).order_by(PO.c.id.desc()).limit(1)).first()
        if r is not None:
            out[pid] = {"title": r.title, "org": r.org, "org_id": r.org_id, "place": r.place, "tense": r.tense,
                        "day": r.day, "text": _position_text(r.title, r.org, r.place)}
    return out


def like_escape(s: str) -> str:
    """``s`` for a LIKE pattern (with ``escape="\\"``): ``%`` and ``_`` match themselves."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _name_conditions(q: str) -> list[Any]:
    conds = []
    for w in words(q):
        k = fold(w).replace(".", "")
        if not k:
            continue
        pat = like_escape(k) + "%"
        conds.append(or_(P.c.last_key.like(pat, escape="\\"), P.c.first_key.like(pat, escape="\\"),
                         P.c.middle_key.like(pat, escape="\\")))
    if q.strip() and not conds:  # a query of no words («%», «?»): nobody, not everybody
        conds.append(false())
    return conds


def list_people(store: Store, *, q: str | None = None, sort: str = "articles", limit: int = 20,
                offset: int = 0) -> dict[str, Any]:
    """``{"total", "items": [{"id", "name", "articles", "mentions", "first_seen", "last_seen",
    "latest_position": {title, org, org_id, place, tense, day, text} | None}]}``;
    sort: articles | mentions | name | recent."""
    limit, offset = _page(limit, offset)
    stmt = select(P.c.id, P.c.name, P.c.articles, P.c.mentions, P.c.first_seen, P.c.last_seen)
    if q and q.strip():
        stmt = stmt.where(*_name_conditions(q))
    order = {"articles": (P.c.articles.desc(), P.c.mentions.desc()),
             "mentions": (P.c.mentions.desc(), P.c.articles.desc()),
             "name": (P.c.name,),
             "recent": (P.c.last_seen.desc().nulls_last(), P.c.articles.desc())}.get(sort)
    if order is None:
        raise ValueError(f"unknown sort {sort!r}: use articles, mentions, name or recent")
    with store.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(stmt.order_by(*order, P.c.id).limit(limit).offset(offset)).all()
        latest = _latest_positions(conn, [r.id for r in rows])
    return {"total": total, "items": [
        {"id": r.id, "name": r.name, "articles": r.articles, "mentions": r.mentions, "first_seen": r.first_seen,
         "last_seen": r.last_seen, "latest_position": latest.get(r.id)} for r in rows]}


def _quote_items(conn, stmt: Select) -> list[dict[str, Any]]:
    rows = conn.execute(stmt).all()
    return [{"id": r.id, "article_id": r.article_id, "title": r.title, "published": r.published,
             "day": r.day, "outlet": r.outlet, "speaker": r.pname or r.speaker, "speaker_id": r.person_id,
             "org_id": r.org_id, "kind": r.kind, "text": r.text, "cue": r.cue} for r in rows]


def _quote_select() -> Select:
    return (select(Q.c.id, Q.c.article_id, Q.c.day, Q.c.speaker, Q.c.person_id, Q.c.org_id, Q.c.kind, Q.c.text,
                   Q.c.cue, P.c.name.label("pname"), A.c.title, A.c.published, A.c.outlet)
            .join(A, A.c.id == Q.c.article_id).outerjoin(P, P.c.id == Q.c.person_id))


def get_person(store: Store, person_id: int) -> dict[str, Any] | None:
    """One person: ``positions`` over time (title, org, org_id, place, tense, first_seen, last_seen,
    articles_count, articles: the newest 50 article ids), ``quotes`` (with dates and article ids), ``co_mentioned`` [{id, name, count}],
    ``mentions_by_day`` [{date, count, articles}], ``articles``, ``forms`` (names as written),
    ``reasons`` (why mentions joined this record)."""
    if not 0 < person_id <= MAX_ID:  # no such row (and PostgreSQL would refuse the number)
        return None
    with store.connect() as conn:
        p = conn.execute(select(P).where(P.c.id == person_id)).mappings().first()
        if p is None:
            return None
        # one row per distinct post (SQL), then posts that differ only in letter case joined here
        grp = (PO.c.title, PO.c.org, PO.c.org_id, PO.c.place, PO.c.tense)
        groups: dict[tuple, dict[str, Any]] = {}
        for r in conn.execute(select(*grp, func.min(PO.c.day).label("first"), func.max(PO.c.day).label("last"),
                                     func.count(func.distinct(PO.c.article_id)).label("n"),
                                     func.min(PO.c.evidence).label("evidence"), func.max(PO.c.kind).label("kind"))
                              .where(PO.c.person_id == person_id).group_by(*grp)):
            key = (fold(r.title), r.org_id or fold(r.org or ""), fold(r.place or ""), r.tense or "")
            g = groups.get(key)
            if g is None:
                g = groups[key] = {"title": r.title, "org": r.org, "org_id": r.org_id, "place": r.place,
                                   "tense": r.tense, "kind": r.kind or "post",
                                   "first_seen": r.first, "last_seen": r.last, "articles": [],
                                   "articles_count": 0, "evidence": r.evidence,
                                   "text": _position_text(r.title, r.org, r.place), "_keys": []}
            g["first_seen"] = min(x for x in (g["first_seen"], r.first) if x) if (g["first_seen"] or r.first) else None
            g["last_seen"] = max(x for x in (g["last_seen"], r.last) if x) if (g["last_seen"] or r.last) else None
            g["articles_count"] += r.n
            g["_keys"].append(tuple(r[:5]))
        # the newest articles of each post (at most 50 each)
        if groups:
            rn = func.row_number().over(partition_by=grp, order_by=(PO.c.day.desc(), PO.c.id.desc())).label("rn")
            sub = select(*grp, PO.c.article_id, rn).where(PO.c.person_id == person_id).subquery()
            where_key = {k: g for g in groups.values() for k in g["_keys"]}
            for r in conn.execute(select(sub.c.title, sub.c.org, sub.c.org_id, sub.c.place, sub.c.tense,
                                         sub.c.article_id).where(sub.c.rn <= 50).order_by(sub.c.rn)):
                g = where_key.get(tuple(r[:5]))
                if g is not None and r.article_id not in g["articles"]:
                    g["articles"].append(r.article_id)
            for g in groups.values():
                del g["_keys"]
        positions = sorted(groups.values(), key=lambda g: (g["last_seen"] or "", g["first_seen"] or ""), reverse=True)
        quotes = _quote_items(conn, _quote_select().where(Q.c.person_id == person_id)
                              .order_by(Q.c.day.desc().nulls_last(), Q.c.id.desc()).limit(200))
        mine = select(AP.c.article_id).where(AP.c.person_id == person_id)
        co = conn.execute(select(P.c.id, P.c.name, func.count(func.distinct(AP.c.article_id)).label("n"))
                          .join(P, P.c.id == AP.c.person_id)
                          .where(AP.c.article_id.in_(mine), AP.c.person_id != person_id)
                          .group_by(P.c.id, P.c.name).order_by(desc("n"), P.c.name).limit(30)).all()
        by_day = conn.execute(select(A.c.day, func.sum(AP.c.mentions), func.count(func.distinct(A.c.id)))
                              .join(A, A.c.id == AP.c.article_id)
                              .where(AP.c.person_id == person_id, A.c.day.is_not(None))
                              .group_by(A.c.day).order_by(A.c.day)).all()
        arts = conn.execute(select(A.c.id, A.c.title, A.c.published, A.c.outlet, A.c.url)
                            .where(A.c.id.in_(mine)).order_by(A.c.day.desc().nulls_last(), A.c.seq.desc())
                            .limit(100)).all()
        forms: set[str] = set()
        as_text = cast(AP.c.forms, Text)  # JSON has no equality in PostgreSQL: group its text
        for (f,) in conn.execute(select(as_text).where(AP.c.person_id == person_id).group_by(as_text)):
            forms.update(json.loads(f) if f else [])
        reasons = {r: int(n) for r, n in conn.execute(
            select(AP.c.reason, func.count()).where(AP.c.person_id == person_id, AP.c.reason.is_not(None))
            .group_by(AP.c.reason))}
    return {
        "id": p["id"], "name": p["name"], "first": p["first"], "middle": p["middle"], "last": p["last"],
        "gender": p["gender"], "articles_count": p["articles"], "mentions": p["mentions"],
        "first_seen": p["first_seen"], "last_seen": p["last_seen"], "reason": p["reason"],
        "latest_position": positions[0] if positions else None,
        "positions": positions, "quotes": quotes,
        "co_mentioned": [{"id": r.id, "name": r.name, "count": r.n} for r in co],
        "mentions_by_day": [{"date": d, "count": int(c or 0), "articles": int(n)} for d, c, n in by_day],
        "articles": [{"id": r.id, "title": r.title, "published": r.published, "outlet": r.outlet, "url": r.url}
                     for r in arts],
        "forms": sorted(forms),
        "reasons": [{"reason": k, "count": v} for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])],
    }


_CASE_ENDINGS = ("ым", "ом", "ем", "ой", "ей", "у", "ю", "е", "а", "я")


def find_person(store: Store, name: str) -> list[int]:
    """Ids of persons a name (full, surname only, inflected, initials) may refer to, best first."""
    n = split_name(name.strip())
    if not n.last_key:
        return []
    with store.connect() as conn:
        def by_last(key: str) -> list[Any]:
            return conn.execute(select(P.c.id, P.c.first_key, P.c.middle_key, P.c.articles)
                                .where(P.c.last_key == key).order_by(P.c.articles.desc(), P.c.id)).all()

        rows = by_last(n.last_key)
        if not rows:  # an inflected surname: «Нукенову» → «Нукенов»
            for k in dict.fromkeys([lemma(n.last_key)] + [n.last_key[:-len(e)] for e in _CASE_ENDINGS
                                                         if n.last_key.endswith(e) and len(n.last_key) > len(e) + 3]):
                rows = by_last(k)
                if rows:
                    break
        if not rows and not n.first_key:  # a first name alone
            rows = conn.execute(select(P.c.id, P.c.first_key, P.c.middle_key, P.c.articles)
                                .where(P.c.first_key == n.last_key).order_by(P.c.articles.desc())).all()
            return [r.id for r in rows]
    return [r.id for r in rows if _initial_ok(n.first_key, r.first_key) and _initial_ok(n.middle_key, r.middle_key)]


# ---------------------------------------------------------------- organizations

def _org_conditions(q: str) -> list[Any]:
    conds = []
    for w in words(q):
        k = fold(w)
        conds.append(ORG.c.id.in_(select(OA.c.org_id).where(or_(
            OA.c.key.like(f"%{like_escape(k)}%", escape="\\"),
            OA.c.key.like(f"%{like_escape(lemma(k))}%", escape="\\")))))
    if q.strip() and not conds:
        conds.append(false())
    return conds


def list_organizations(store: Store, *, q: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """``{"total", "items": [{"id", "name", "aliases", "articles", "people"}]}``, by number of articles."""
    limit, offset = _page(limit, offset)
    stmt = select(ORG.c.id, ORG.c.name, ORG.c.articles)
    if q and q.strip():
        stmt = stmt.where(*_org_conditions(q))
    with store.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(stmt.order_by(ORG.c.articles.desc(), ORG.c.name, ORG.c.id).limit(limit).offset(offset)).all()
        ids = [r.id for r in rows]
        aliases: dict[int, list[str]] = defaultdict(list)
        people: dict[int, int] = {}
        if ids:
            for oid, alias in conn.execute(select(OA.c.org_id, OA.c.alias).where(OA.c.org_id.in_(ids))
                                           .order_by(OA.c.alias)):
                aliases[oid].append(alias)
            people = dict(conn.execute(select(PO.c.org_id, func.count(func.distinct(PO.c.person_id)))
                                       .where(PO.c.org_id.in_(ids)).group_by(PO.c.org_id)).all())
    return {"total": total, "items": [
        {"id": r.id, "name": r.name, "aliases": [a for a in aliases.get(r.id, []) if a != r.name],
         "articles": r.articles, "people": int(people.get(r.id, 0))} for r in rows]}


def get_organization(store: Store, org_id: int) -> dict[str, Any] | None:
    """An organization: ``people`` and their posts [{id, name, title, place, tense, first_seen,
    last_seen, articles}], ``quotes`` (from its people, or by it), ``articles``, ``aliases``."""
    if not 0 < org_id <= MAX_ID:
        return None
    with store.connect() as conn:
        o = conn.execute(select(ORG).where(ORG.c.id == org_id)).mappings().first()
        if o is None:
            return None
        aliases = [a for a in conn.execute(select(OA.c.alias).where(OA.c.org_id == org_id).order_by(OA.c.alias))
                   .scalars() if a != o["name"]]
        rows = conn.execute(select(P.c.id, P.c.name, PO.c.title, PO.c.place, PO.c.tense,
                                   func.min(PO.c.org).label("org_text"),
                                   func.min(PO.c.day).label("first_seen"), func.max(PO.c.day).label("last_seen"),
                                   func.count(func.distinct(PO.c.article_id)).label("n"))
                            .join(P, P.c.id == PO.c.person_id).where(PO.c.org_id == org_id)
                            .group_by(P.c.id, P.c.name, PO.c.title, PO.c.place, PO.c.tense)
                            .order_by(desc("last_seen"), desc("n"), P.c.name)).all()
        people = [{"id": r.id, "name": r.name, "title": r.title, "place": r.place, "tense": r.tense,
                   "org": r.org_text, "first_seen": r.first_seen, "last_seen": r.last_seen, "articles": r.n} for r in rows]
        members = select(PO.c.person_id).where(PO.c.org_id == org_id)
        quotes = _quote_items(conn, _quote_select().where(or_(Q.c.person_id.in_(members), Q.c.org_id == org_id))
                              .order_by(Q.c.day.desc().nulls_last(), Q.c.id.desc()).limit(100))
        arts = conn.execute(select(A.c.id, A.c.title, A.c.published, A.c.outlet, A.c.url)
                            .where(A.c.id.in_(select(AO.c.article_id).where(AO.c.org_id == org_id)))
                            .order_by(A.c.day.desc().nulls_last(), A.c.seq.desc()).limit(100)).all()
    return {"id": o["id"], "name": o["name"], "aliases": aliases, "articles_count": o["articles"],
            "people": people, "quotes": quotes,
            "articles": [{"id": r.id, "title": r.title, "published": r.published, "outlet": r.outlet,
                          "url": r.url} for r in arts]}


def find_organization(store: Store, name: str) -> list[int]:
    """Ids of organizations a name or abbreviation refers to (case forms and «города» folded)."""
    with store.connect() as conn:
        return sorted(set(conn.execute(select(OA.c.org_id).where(OA.c.key == org_key(name))).scalars()))


# ---------------------------------------------------------------- quotes

def list_quotes(store: Store, *, q: str | None = None, speaker: str | None = None,
                date_from: str | None = None, date_to: str | None = None, limit: int = 20,
                offset: int = 0) -> dict[str, Any]:
    """``{"total", "items": [{"id", "article_id", "title", "published", "day", "outlet", "speaker",
    "speaker_id", "org_id", "kind", "text", "cue"}]}``, newest first; ``q`` is full-text (best match
    first, items get a marked ``snippet``), ``speaker`` a name (any form :func:`find_person`
    accepts, or an organization) or a person id."""
    limit, offset = _page(limit, offset)
    conds: list[Any] = []
    if date_from:
        conds.append(Q.c.day >= date_from[:10])
    if date_to:
        conds.append(Q.c.day <= date_to[:10])
    if speaker and str(speaker).strip():
        sp = str(speaker).strip()
        by_id = sp.isdigit() and int(sp) <= MAX_ID
        ids = [int(sp)] if by_id else find_person(store, sp)
        alts = [Q.c.person_id.in_(ids)] if ids else []
        if not by_id:
            alts.append(func.lower(Q.c.speaker).like("%" + like_escape(sp.lower()) + "%", escape="\\"))
            org_ids = find_organization(store, sp)
            if org_ids:
                alts.append(Q.c.org_id.in_(org_ids))
        conds.append(or_(*alts))
    stmt = _quote_select().where(*conds)
    with store.connect() as conn:
        if q and q.strip():
            total, hits = _fts_hits(store, conn, "quotes", q, limit, conds, offset=offset)
            rank = {i: k for k, (i, _s) in enumerate(hits)}
            rows = _quote_items(conn, stmt.where(Q.c.id.in_(list(rank)))) if hits else []
            rows.sort(key=lambda r: rank[r["id"]])
            for r in rows:
                r["snippet"] = snippet(r["text"], q, width=60)
            return {"total": total, "items": rows}
        total = _count(conn, stmt)
        items = _quote_items(conn, stmt.order_by(Q.c.day.desc().nulls_last(), Q.c.id.desc())
                             .limit(limit).offset(offset))
    return {"total": total, "items": items}


# ---------------------------------------------------------------- stats

def stats(store: Store) -> dict[str, Any]:
    """Counts, date range, outlets (top 50), the database and its schema revision."""
    with store.connect() as conn:
        def n(t) -> int:
            return int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)

        counts = {"articles": n(A), "stories": n(S), "persons": n(P), "organizations": n(ORG),
                  "positions": n(PO), "quotes": n(Q),
                  "failures": int(conn.execute(select(func.count()).select_from(m.failures)
                                               .where(m.failures.c.resolved.is_(False))).scalar() or 0)}
        counts["reposts"] = counts["articles"] - counts["stories"]
        lo, hi = conn.execute(select(func.min(A.c.day), func.max(A.c.day))).one()
        outlets = conn.execute(select(A.c.outlet, func.count()).where(A.c.outlet.is_not(None))
                               .group_by(A.c.outlet).order_by(desc(func.count()), A.c.outlet).limit(50)).all()
    return {"counts": counts, "date_from": lo, "date_to": hi,
            "outlets": [{"outlet": o, "articles": c} for o, c in outlets],
            "database": store.display_url, "dialect": store.dialect, "revision": store.revision()}
