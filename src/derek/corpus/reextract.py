"""Re-extraction: run the pipeline again over stored articles and update them in place.

An article's source is its raw page when one was fetched (``raw_pages``, see ``derek.fetch``),
else its stored text with its stored title, date and source. The article keeps its id, its
input name, its outlet and its ingestion time; its people, organizations, positions, quotes
and search entries are replaced, counters on people, organizations and stories adjusted, and
people or organizations no article refers to any more are removed. One article is one
transaction: a failure leaves that article as it was and the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, or_, select, text, update

from ..article import Article
from ..errors import InputError
from ..read import Source, from_bytes
from . import models as m
from .ingest import write_article
from .store import Store
from .text import index_words

log = logging.getLogger("derek.corpus")


@dataclass
class Reextracted:
    article_id: str
    status: str  # updated / failed / missing
    reason: str | None = None
    people_before: int = 0
    people_after: int = 0
    from_page: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "status": self.status, "reason": self.reason,
                "people_before": self.people_before, "people_after": self.people_after,
                "from_page": self.from_page}


def all_ids(store: Store) -> list[str]:
    with store.connect() as conn:
        return list(conn.execute(select(m.articles.c.id).order_by(m.articles.c.seq)).scalars())


def source_of(conn: Connection, row: dict[str, Any]) -> tuple[Source, bool]:
    """What to extract again: the raw page (True) or the stored text (False)."""
    rp = m.raw_pages.c
    # linked to the article, or fetched for its input (a run killed before it linked them)
    match = rp.article_id == row["id"]
    if row["input"]:
        match = or_(match, and_(rp.url == row["input"], rp.article_id.is_(None)))
    page = conn.execute(select(m.raw_pages).where(match).order_by(rp.fetched_at.desc())).mappings().first()
    if page is not None:
        src = from_bytes(page["body"], name=row["input"] or page["url"], url=page["final_url"] or page["url"])
        src.title = src.title or row["title"]
        src.published = src.published or row["published"]
        return src, True
    return Source(text=row["text"], url=row["url"], title=row["title"], published=row["published"],
                  source=row["source"], name=row["input"]), False


def reextract(store: Store, pipeline: Any, ids: Iterable[str],
              on_done: Callable[[Reextracted], None] | None = None) -> Iterator[Reextracted]:
    """Re-extract each article of ``ids``; yields one ``Reextracted`` each, in order."""
    for aid in ids:
        r = _one(store, pipeline, aid)
        if on_done:
            on_done(r)
        yield r


def _one(store: Store, pipeline: Any, aid: str) -> Reextracted:
    with store.connect() as conn:
        row = conn.execute(select(m.articles).where(m.articles.c.id == aid)).mappings().first()
        if row is None:
            return Reextracted(aid, "missing", reason="no article with this id")
        row = dict(row)
        try:
            src, from_page = source_of(conn, row)
        except InputError as e:
            return Reextracted(aid, "failed", reason=f"cannot read its page: {e.reason}")
    before = len(row["extracted"].get("people") or [])
    try:
        art = pipeline.run([pipeline.start(src)])[0].article
    except InputError as e:
        return Reextracted(aid, "failed", reason=e.reason, people_before=before, from_page=from_page)
    except Exception as e:  # a stage bug must not stop the others
        log.exception("%s: re-extraction failed", aid)
        return Reextracted(aid, "failed", reason=f"extraction failed: {type(e).__name__}: {e}"[:300],
                           people_before=before, from_page=from_page)
    art.id = aid  # identity kept
    try:
        store.run_write(lambda conn: replace_article(conn, row, art, postgres=store.is_postgres))
    except Exception as e:
        log.exception("%s: cannot store the re-extracted article", aid)
        return Reextracted(aid, "failed", reason=f"cannot store: {type(e).__name__}: {e}"[:300],
                           people_before=before, from_page=from_page)
    return Reextracted(aid, "updated", people_before=before, people_after=len(art.people), from_page=from_page)


def replace_article(conn: Connection, row: dict[str, Any], art: Article, *, postgres: bool = False) -> None:
    """Remove the stored article ``row`` (and what hangs on it), then write ``art`` in its place."""
    old_persons, old_orgs = _unlink(conn, row, postgres=postgres)
    write_article(conn, art, outlet=row["outlet"], input_name=row["input"], postgres=postgres)
    conn.execute(update(m.articles).where(m.articles.c.id == art.id).values(ingested_at=row["ingested_at"]))
    _drop_orphans(conn, old_persons, old_orgs)


def _unlink(conn: Connection, row: dict[str, Any], *, postgres: bool) -> tuple[set[int], set[int]]:
    aid, seq = row["id"], row["seq"]
    ap, ao, q = m.article_persons.c, m.article_orgs.c, m.quotes.c
    per_person = dict(conn.execute(select(ap.person_id, func.sum(ap.mentions)).where(ap.article_id == aid)
                                   .group_by(ap.person_id)).all())
    orgs = set(conn.execute(select(ao.org_id).where(ao.article_id == aid).distinct()).scalars())
    pc = m.persons.c
    for pid, n in per_person.items():
        conn.execute(update(m.persons).where(pc.id == pid).values(articles=pc.articles - 1,
                                                                  mentions=pc.mentions - int(n or 0)))
    if orgs:
        conn.execute(update(m.organizations).where(m.organizations.c.id.in_(orgs))
                     .values(articles=m.organizations.c.articles - 1))
    touched_orgs = orgs | set(conn.execute(select(q.org_id).where(q.article_id == aid, q.org_id.is_not(None)))
                              .scalars())
    if not postgres:  # contentless FTS5 rows are deleted by giving back the words they indexed
        for qid, qtext, speaker in conn.execute(select(q.id, q.text, q.speaker).where(q.article_id == aid)).all():
            conn.execute(text("INSERT INTO quotes_fts(quotes_fts, rowid, words) VALUES ('delete', :i, :w)"),
                         {"i": qid, "w": index_words(qtext, speaker)})
        conn.execute(text("INSERT INTO articles_fts(articles_fts, rowid, words) VALUES ('delete', :s, :w)"),
                     {"s": seq, "w": index_words(row["title"], row["text"])})
    for table in (m.quotes, m.positions, m.article_persons, m.article_orgs):
        conn.execute(delete(table).where(table.c.article_id == aid))
    conn.execute(delete(m.minhash_bands).where(m.minhash_bands.c.article_seq == seq))
    conn.execute(delete(m.articles).where(m.articles.c.id == aid))
    _leave_story(conn, row["story_id"])
    return set(per_person), touched_orgs


def _leave_story(conn: Connection, story_id: int | None) -> None:
    if story_id is None:
        return
    left = conn.execute(select(func.count()).select_from(m.articles).where(m.articles.c.story_id == story_id)).scalar()
    if not left:
        conn.execute(delete(m.stories).where(m.stories.c.id == story_id))
    else:
        conn.execute(update(m.stories).where(m.stories.c.id == story_id).values(articles=left))


def _drop_orphans(conn: Connection, persons: set[int], orgs: set[int]) -> None:
    """People and organizations the old article alone referred to and the new one does not."""
    pc = m.persons.c
    for pid in persons:
        used = conn.execute(select(exists().where(m.article_persons.c.person_id == pid))).scalar() or \
            conn.execute(select(exists().where(m.positions.c.person_id == pid))).scalar() or \
            conn.execute(select(exists().where(m.quotes.c.person_id == pid))).scalar()
        if not used:
            conn.execute(delete(m.persons).where(pc.id == pid, pc.articles <= 0))
    oc = m.organizations.c
    for oid in orgs:
        count = conn.execute(select(oc.articles).where(oc.id == oid)).scalar()
        if count is None or count > 0:
            continue
        if not any(conn.execute(select(exists().where(t.c.org_id == oid))).scalar()
                   for t in (m.article_orgs, m.positions, m.quotes)):
            conn.execute(delete(m.org_aliases).where(m.org_aliases.c.org_id == oid))
            conn.execute(delete(m.organizations).where(oc.id == oid))
