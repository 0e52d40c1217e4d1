"""Ingest: sources → extraction → the store, in committed batches, idempotent and resumable.

``Ingestor(store).add(doc)`` stores one document; ``add_many(docs)`` many, committing every
``batch_size`` documents, so that a killed run loses at most the batch in flight and a new run
skips everything already stored (same URL or same normalized text) before extracting it.
A document that fails is recorded in ``failures`` with its reason and the batch goes on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, case, func, insert, or_, select, text, update

from ..article import Article
from ..errors import InputError
from ..read import Source
from . import dedup
from . import models as m
from .authors import authors_key, authors_text
from .identity import Context, OrgResolver, PersonResolver, _title_keys
from .store import Store, is_retriable
from .text import fold, index_words

log = logging.getLogger("derek.corpus")

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class IngestResult:
    status: str  # new / duplicate / failed
    article_id: str | None = None
    reason: str | None = None
    input: str | None = None
    story_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "article_id": self.article_id, "reason": self.reason,
                "input": self.input, "story_id": self.story_id}


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    reposts: int = 0  # new articles that joined a story already stored
    results: list[IngestResult] = field(default_factory=list)

    def count(self, r: IngestResult) -> None:
        setattr(self, r.status, getattr(self, r.status) + 1)
        if r.status == "new" and r.reason and r.reason.startswith("a repost"):
            self.reposts += 1

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "duplicate": self.duplicate, "failed": self.failed, "reposts": self.reposts}


@dataclass
class _Item:
    name: str
    source: Source | None = None
    article: Article | None = None
    work: Any = None
    outlet: str | None = None
    result: IngestResult | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _name_of(doc: Any, i: int) -> str:
    if isinstance(doc, Source):
        return doc.name or doc.url or f"<document {i}>"
    if isinstance(doc, Article):
        return doc.url or f"article {doc.id}"
    if isinstance(doc, dict):
        return str(doc.get("name") or doc.get("url") or f"<record {i}>")
    return f"<document {i}>"


class Ingestor:
    """Adds documents to a store. ``pipeline`` defaults to the shared default pipeline (loaded lazily)."""

    def __init__(self, store: Store, pipeline: Any = None, *, batch_size: int = 32) -> None:
        self.store = store
        self._pipeline = pipeline
        self.batch_size = max(1, batch_size)
        self._n = 0

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from ..pipeline import default_pipeline

            self._pipeline = default_pipeline()
        return self._pipeline

    # ---------------------------------------------------------------- API
    def add(self, doc: Any) -> IngestResult:
        """Store one document (str, bytes, dict with text/html, Source, or an extracted Article)."""
        return self._batch([doc])[0]

    def add_many(self, docs: Iterable[Any], *, batch_size: int | None = None,
                 on_result: Callable[[IngestResult], None] | None = None) -> IngestSummary:
        """Store many documents, committing each batch; ``InputError`` items are recorded as failures."""
        summary = IngestSummary()
        for results in self.iter_batches(docs, batch_size=batch_size):
            for r in results:
                summary.count(r)
                summary.results.append(r)
                if on_result:
                    on_result(r)
        return summary

    def iter_batches(self, docs: Iterable[Any], *, batch_size: int | None = None) -> Iterator[list[IngestResult]]:
        size = batch_size or self.batch_size
        batch: list[Any] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield self._batch(batch)
                batch = []
        if batch:
            yield self._batch(batch)

    def ingest_paths(self, paths: Iterable[str | Path], **kw: Any) -> IngestSummary:
        from ..read import iter_sources

        return self.add_many(iter_sources(paths), **kw)

    def failed_inputs(self) -> list[str]:
        with self.store.connect() as conn:
            return list(conn.execute(select(m.failures.c.input).where(m.failures.c.resolved.is_(False))
                                     .order_by(m.failures.c.id)).scalars())

    def retry_failed(self, **kw: Any) -> IngestSummary:
        """Read again the files of the unresolved failures and ingest what they hold now.

        Everything already stored is skipped as a duplicate; a failure that succeeds is marked
        resolved, one that fails again has its reason and attempt count updated.
        """
        from ..read import iter_sources

        names = [n for n in self.failed_inputs() if not n.startswith(("http://", "https://"))]  # derek.fetch retries URLs
        paths: list[str] = []
        for n in names:
            p = n if Path(n).exists() else re.sub(r"(:\d+|#\d+|\[\d+\])$", "", n)
            if p not in paths:
                paths.append(p)
        wanted = set(names)

        def only_failed() -> Iterator[Any]:
            for item in iter_sources(paths):
                nm = item.input_name if isinstance(item, InputError) else item.name
                if nm in wanted or nm is None:
                    yield item

        return self.add_many(only_failed(), **kw)

    # ---------------------------------------------------------------- batch
    def _batch(self, docs: list[Any]) -> list[IngestResult]:
        items: list[_Item] = []
        for doc in docs:
            self._n += 1
            if isinstance(doc, InputError):
                it = _Item(name=doc.input_name)
                it.result = IngestResult("failed", reason=doc.reason, input=doc.input_name)
                it.work = doc.code
                items.append(it)
                continue
            it = _Item(name=_name_of(doc, self._n))
            try:
                if isinstance(doc, Article):
                    it.article = doc
                else:
                    from ..pipeline import as_source

                    src = as_source(doc)
                    it.source = src
                    it.work = self.pipeline.start(src)
                    it.article = it.work.article
                    if not it.article.text.strip():
                        raise InputError(it.name, "no text", code="E101")
            except InputError as e:
                it.result = IngestResult("failed", reason=e.reason, input=it.name)
                it.work = e.code
            except Exception as e:  # a reader or cleaner bug must not stop the batch
                log.exception("%s: cannot read", it.name)
                it.result = IngestResult("failed", reason=f"cannot read: {type(e).__name__}: {e}", input=it.name)
            items.append(it)

        self._mark_duplicates(items)
        self._extract([it for it in items if it.result is None and it.work is not None])
        self._write(items)
        return [it.result for it in items if it.result is not None]

    def _mark_duplicates(self, items: list[_Item]) -> None:
        seen_url: dict[str, str] = {}
        seen_hash: dict[str, str] = {}
        todo = [it for it in items if it.result is None]
        if not todo:
            return
        for it in todo:
            a = it.article
            a.source = a.source or dedup.named_source(*a.boilerplate, a.text)
            it.outlet = dedup.outlet_of(a.url) or (it.source.source if it.source else None)
        keys = {dedup.url_key(it.article.url) for it in todo} - {None}
        hashes = {dedup.text_hash(it.article.text) for it in todo}
        with self.store.connect() as conn:
            by_url = dict(conn.execute(select(m.articles.c.url_key, m.articles.c.id)
                                       .where(m.articles.c.url_key.in_(keys))).all()) if keys else {}
            by_hash = dict(conn.execute(select(m.articles.c.text_hash, m.articles.c.id)
                                        .where(m.articles.c.text_hash.in_(hashes))).all())
        for it in todo:
            a = it.article
            uk, th = dedup.url_key(a.url), dedup.text_hash(a.text)
            dup = None
            if uk and (uk in by_url or uk in seen_url):
                dup, why = by_url.get(uk) or seen_url[uk], "same URL"
            elif th in by_hash or th in seen_hash:
                dup, why = by_hash.get(th) or seen_hash[th], "same text"
            if dup:
                it.result = IngestResult("duplicate", article_id=dup, reason=f"{why} as article {dup}", input=it.name)
                continue
            if uk:
                seen_url[uk] = a.id
            seen_hash[th] = a.id

    def _extract(self, items: list[_Item]) -> None:
        if not items:
            return
        try:
            works = self.pipeline.run([it.work for it in items])
            for it, w in zip(items, works, strict=True):
                it.article = w.article
        except Exception:
            for it in items:  # find the one that fails; the others go on
                try:
                    it.article = self.pipeline.run([it.work])[0].article
                except Exception as e:
                    log.exception("%s: extraction failed", it.name)
                    it.result = IngestResult("failed", reason=f"extraction failed: {_short(e)}",
                                             input=it.name)

    def _write(self, items: list[_Item]) -> None:
        """One write transaction for the batch (atomic), under the store's write lock; run again
        from the start when it lost a race (a busy SQLite file, a PostgreSQL serialization failure)."""
        before = [it.result for it in items]

        def attempt(conn: Connection) -> None:
            for it, r in zip(items, before, strict=True):
                it.result = r
            self._write_locked(conn, items)

        self.store.run_write(attempt)

    def _write_locked(self, conn: Connection, items: list[_Item]) -> None:
        _mark_stored(conn, [it for it in items if it.result is None])
        for it in items:
            if it.result is not None:
                if it.result.status == "failed":
                    _record_failure(conn, it.name, it.result.reason or "", it.work
                                    if isinstance(it.work, str) else None)
                continue
            try:
                with conn.begin_nested():
                    story_id, joined = write_article(conn, it.article, outlet=it.outlet, input_name=it.name,
                                                     postgres=self.store.is_postgres)
                it.result = IngestResult("new", article_id=it.article.id, input=it.name, story_id=story_id,
                                         reason=joined)
                conn.execute(update(m.failures).where(m.failures.c.input == it.name).values(resolved=True))
            except Exception as e:
                if is_retriable(e):
                    raise
                log.exception("%s: cannot store", it.name)
                it.result = IngestResult("failed", reason=f"cannot store: {_short(e)}", input=it.name)
                _record_failure(conn, it.name, it.result.reason or "", "E300")


def _mark_stored(conn: Connection, items: list[_Item]) -> None:
    """Items another writer stored since they were checked become duplicates (read under the write lock)."""
    if not items:
        return
    a = m.articles.c
    keys = {dedup.url_key(it.article.url) for it in items} - {None}
    hashes = {dedup.text_hash(it.article.text) for it in items}
    ids = {it.article.id for it in items}
    rows = conn.execute(select(a.id, a.url_key, a.text_hash).where(
        or_(a.url_key.in_(keys), a.text_hash.in_(hashes), a.id.in_(ids)))).all()
    by_url = {r.url_key: r.id for r in rows if r.url_key}
    by_hash = {r.text_hash: r.id for r in rows}
    by_id = {r.id for r in rows}
    for it in items:
        art = it.article
        uk, th = dedup.url_key(art.url), dedup.text_hash(art.text)
        if uk and uk in by_url:
            dup, why = by_url[uk], "same URL"
        elif th in by_hash:
            dup, why = by_hash[th], "same text"
        elif art.id in by_id:
            dup, why = art.id, "same id"
        else:
            continue
        it.result = IngestResult("duplicate", article_id=dup, reason=f"{why} as article {dup}", input=it.name)


def _short(e: BaseException) -> str:
    """An exception as one line of at most 300 characters (no SQL statements or parameters)."""
    msg = str(getattr(e, "orig", None) or e).strip().splitlines()
    return f"{type(e).__name__}: {msg[0] if msg else ''}"[:300]


def _record_failure(conn: Connection, name: str, reason: str, code: str | None) -> None:
    """Insert the failure of ``name`` or update the one recorded before (an upsert on ``input``)."""
    now = _now()
    f = m.failures
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    stmt = upsert(f).values(input=name, reason=reason, code=code, attempts=1, first_failed=now,
                            last_failed=now, resolved=False)
    conn.execute(stmt.on_conflict_do_update(index_elements=[f.c.input], set_={
        "reason": reason, "code": code, "attempts": f.c.attempts + 1, "last_failed": now, "resolved": False}))


# ---------------------------------------------------------------- one article


def _day(published: str | None) -> str | None:
    return published[:10] if published and _DAY.match(published) else None


def _find_story(conn: Connection, sig, bands: list[int]) -> tuple[int | None, float]:
    seqs = conn.execute(select(m.minhash_bands.c.article_seq).where(m.minhash_bands.c.band.in_(bands))
                        .distinct().limit(200)).scalars().all()
    if not seqs:
        return None, 0.0
    best, best_sim = None, 0.0
    for story_id, blob in conn.execute(select(m.articles.c.story_id, m.articles.c.minhash)
                                       .where(m.articles.c.seq.in_(seqs))).all():
        if blob is None:
            continue
        s = dedup.similarity(sig, dedup.from_bytes(blob))
        if s > best_sim:
            best, best_sim = story_id, s
    return (best, best_sim) if best_sim >= dedup.THRESHOLD else (None, best_sim)


def write_article(conn: Connection, art: Article, *, outlet: str | None = None, input_name: str | None = None,
                  postgres: bool = False) -> tuple[int, str | None]:
    """Insert one extracted article with its story, people, organizations, positions and quotes.
    Returns (story id, why it joined a stored story or None): ``art`` joins a stored story when its
    MinHash similarity to one of the story's articles reaches ``dedup.THRESHOLD``."""
    day = _day(art.published)
    sig = dedup.signature(art.text)
    bands = dedup.bands(sig)
    story_id, sim = _find_story(conn, sig, bands)
    joined = f"a repost: joined story {story_id} (similarity {sim:.2f})" if story_id is not None else None
    story_id = _new_story(conn, art) if story_id is None else _join_story(conn, story_id, art)
    _insert_article_row(conn, art, story_id=story_id, sig=sig, bands=bands, day=day, outlet=outlet,
                        input_name=input_name, postgres=postgres)
    orgs = OrgResolver(conn)
    org_ids = _write_orgs(conn, art, orgs)
    person_ids = _write_persons(conn, art, orgs, org_ids, day)
    _write_quotes(conn, art, person_ids, org_ids, day, postgres)
    return story_id, joined


def _new_story(conn: Connection, art: Article) -> int:
    return int(conn.execute(insert(m.stories).values(
        key=art.id, title=art.title, original_outlet=art.source, first_published=art.published, articles=1))
        .inserted_primary_key[0])


def _join_story(conn: Connection, story_id: int, art: Article) -> int:
    """One more article in a stored story; the story takes the earliest date and any missing outlet or title."""
    st = conn.execute(select(m.stories).where(m.stories.c.id == story_id)).mappings().one()
    vals: dict[str, Any] = {"articles": st["articles"] + 1}
    if not st["original_outlet"] and art.source:
        vals["original_outlet"] = art.source
    if art.published and (not st["first_published"] or art.published < st["first_published"]):
        vals["first_published"] = art.published
    if not st["title"] and art.title:
        vals["title"] = art.title
    conn.execute(update(m.stories).where(m.stories.c.id == story_id).values(**vals))
    return story_id


def _insert_article_row(conn: Connection, art: Article, *, story_id: int, sig: Any, bands: list, day: Any,
                        outlet: str | None, input_name: str | None, postgres: bool) -> None:
    """The article row, its MinHash bands and its full-text index entry."""
    extracted = art.to_dict()
    extracted.pop("text", None)
    seq = int(conn.execute(insert(m.articles).values(
        id=art.id, url=art.url, url_key=dedup.url_key(art.url), title=art.title, published=art.published,
        day=day, outlet=outlet or art.outlet, source=art.source, lang=art.lang, text=art.text,
        authors=authors_text(art.authors), authors_key=authors_key(art.authors),
        text_hash=dedup.text_hash(art.text), story_id=story_id, minhash=dedup.to_bytes(sig),
        extracted=extracted, input=input_name, ingested_at=_now())).inserted_primary_key[0])
    conn.execute(insert(m.minhash_bands), [{"band": b, "article_seq": seq} for b in bands])
    if postgres:
        conn.execute(text("UPDATE articles SET tsv = setweight(to_tsvector('simple', :t), 'A') || "
                          "to_tsvector('simple', :b) WHERE seq = :s"),  # the keys SQLite indexes
                     {"t": index_words(art.title), "b": index_words(art.text), "s": seq})
    else:
        conn.execute(text("INSERT INTO articles_fts(rowid, words) VALUES (:s, :w)"),
                     {"s": seq, "w": index_words(art.title, art.text)})


def _write_orgs(conn: Connection, art: Article, orgs: OrgResolver) -> dict[str, int]:
    """The article's organizations, resolved to stored ones; entity id → organization id."""
    org_ids: dict[str, int] = {}
    org_rows = []
    for e in art.entities:
        if e.type != "ORG" or not e.name.strip():
            continue
        oid, _why = orgs.resolve(e.name, e.aliases)
        org_ids[e.id] = oid
        org_rows.append({"article_id": art.id, "entity_id": e.id, "org_id": oid, "name": e.name,
                         "mentions": len(e.mentions), "forms": sorted({x.text for x in e.mentions})})
    # an abbreviation record may have joined a full name found later in this article
    org_ids = {k: orgs.current(v) for k, v in org_ids.items()}
    for r in org_rows:
        r["org_id"] = orgs.current(r["org_id"])
    if org_rows:
        conn.execute(insert(m.article_orgs), org_rows)
        conn.execute(update(m.organizations).where(m.organizations.c.id.in_(set(org_ids.values())))
                     .values(articles=m.organizations.c.articles + 1))
    return org_ids


def _write_persons(conn: Connection, art: Article, orgs: OrgResolver, org_ids: dict[str, int],
                   day: Any) -> dict[str, int]:
    """The article's people and their positions; entity id → stored person id (after any merge)."""
    # full names first, so that a surname alone can join one named in this article
    people = sorted(art.people, key=lambda p: -len(p.name.split()))
    resolver = PersonResolver(conn)
    person_ids: dict[str, int] = {}
    ctx = Context(org_ids=set(org_ids.values()))
    used_entities: set[str] = set()
    ap_rows: list[dict[str, Any]] = []
    pos_rows: list[dict[str, Any]] = []
    for i, p in enumerate(people):
        if not p.name.strip():
            continue
        ctx.position_keys = _title_keys(p.positions)
        d = resolver.resolve(p, ctx)
        ent = art.entity(p.entity) if p.entity else None
        eid = p.entity or f"P{i}"
        while eid in used_entities:
            eid += "'"
        used_entities.add(eid)
        person_ids[p.entity or eid] = d.person_id
        ctx.article_person_ids.add(d.person_id)
        n = len(ent.mentions) if ent and ent.mentions else (p.mentions or 1)
        ap_rows.append({"article_id": art.id, "entity_id": eid, "person_id": d.person_id, "name": p.name,
                        "mentions": n, "forms": sorted({x.text for x in ent.mentions}) if ent else [p.name],
                        "reason": d.reason})
        pos_rows.extend(_position_rows(p, d.person_id, art.id, orgs, day))
    # ids as they are after any merge made while resolving
    person_ids = {k: resolver.current(v) for k, v in person_ids.items()}
    per_person: dict[int, int] = {}
    for r in ap_rows + pos_rows:
        r["person_id"] = resolver.current(r["person_id"])
        if r.get("org_id") is not None:
            r["org_id"] = orgs.current(r["org_id"])
        if "reason" in r:
            per_person[r["person_id"]] = per_person.get(r["person_id"], 0) + r["mentions"]
    if ap_rows:
        conn.execute(insert(m.article_persons), ap_rows)
    if pos_rows:
        conn.execute(insert(m.positions), pos_rows)
    _count_person_articles(conn, per_person, day)
    return person_ids


def _position_rows(p: Any, person_id: int, article_id: str, orgs: OrgResolver, day: Any) -> list[dict[str, Any]]:
    rows = []
    for pos in p.positions:
        if not (pos.title or "").strip():
            continue
        oid = orgs.resolve(pos.org)[0] if pos.org and pos.org.strip() else None
        rows.append({"person_id": person_id, "article_id": article_id, "title": pos.title, "org": pos.org,
                     "org_id": oid, "place": pos.place, "tense": pos.tense, "evidence": pos.evidence,
                     "day": day, "kind": pos.kind})
    return rows


def _count_person_articles(conn: Connection, per_person: dict[int, int], day: Any) -> None:
    """Each stored person: one more article, its mentions, and the first/last day seen."""
    pc = m.persons.c
    for pid, n in per_person.items():
        vals: dict[str, Any] = {"articles": pc.articles + 1, "mentions": pc.mentions + n}
        if day:
            vals["first_seen"] = case((or_(pc.first_seen.is_(None), pc.first_seen > day), day), else_=pc.first_seen)
            vals["last_seen"] = case((or_(pc.last_seen.is_(None), pc.last_seen < day), day), else_=pc.last_seen)
        conn.execute(update(m.persons).where(pc.id == pid).values(**vals))


def _write_quotes(conn: Connection, art: Article, person_ids: dict[str, int], org_ids: dict[str, int],
                  day: Any, postgres: bool) -> None:
    """The article's quotes, linked to the stored speaker (person or organization) when it resolves."""
    by_name = {fold(p.name): person_ids.get(p.entity) for p in art.people}
    q_rows = []
    for q in art.quotes:
        if not (q.text or "").strip():
            continue
        pid = person_ids.get(q.speaker_entity) if q.speaker_entity else None
        oid = org_ids.get(q.speaker_entity) if q.speaker_entity else None
        if pid is None and oid is None and q.speaker:
            pid = by_name.get(fold(q.speaker))
        q_rows.append({"article_id": art.id, "person_id": pid, "org_id": oid, "speaker": q.speaker, "kind": q.kind,
                       "text": q.text, "cue": q.cue, "start": q.start, "end": q.end, "cue_start": q.cue_start,
                       "cue_end": q.cue_end, "day": day})
    if not q_rows:
        return
    ids = conn.execute(insert(m.quotes).returning(m.quotes.c.id, sort_by_parameter_order=True),
                       q_rows).scalars().all()
    if postgres:
        conn.execute(text("UPDATE quotes SET tsv = to_tsvector('simple', :t) WHERE id = :i"),
                     [{"t": index_words(r["text"], r["speaker"]), "i": i} for r, i in zip(q_rows, ids, strict=True)])
    else:
        conn.execute(text("INSERT INTO quotes_fts(rowid, words) VALUES (:i, :w)"),
                     [{"i": i, "w": index_words(r["text"], r["speaker"])} for r, i in zip(q_rows, ids, strict=True)])


def count_articles(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(m.articles)).scalar() or 0)
