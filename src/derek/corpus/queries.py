"""Questions asked of the corpus. Each returns plain JSON-ready dicts (the CLI's --json and the HTTP API).

Signatures are stable: the web helper builds on them.
Ids: integers for persons and organizations, the ``Article.id`` string for articles.
"""

from __future__ import annotations

from typing import Any

from .store import Store


def search(store: Store, q: str, *, kind: str | None = None, date_from: str | None = None,
           date_to: str | None = None, outlet: str | None = None, limit: int = 20,
           offset: int = 0) -> dict[str, Any]:
    """Full-text search over articles and quotes, ranked.

    Returns ``{"query", "total", "items": [{"kind": "article"|"quote", "article_id", "title",
    "published", "outlet", "snippet", "speaker", "speaker_id"}]}``; snippets are HTML-escaped
    with ``<mark>…</mark>`` around the hits.
    """
    raise NotImplementedError


def list_articles(store: Store, *, date_from: str | None = None, date_to: str | None = None,
                  outlet: str | None = None, person_id: int | None = None, org_id: int | None = None,
                  limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """``{"total", "items": [{"id", "title", "published", "outlet", "url", "people": [names]}]}``, newest first."""
    raise NotImplementedError


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """The stored Article dict plus ``person_ids`` {entity_id: person_id}, ``org_ids``, ``story``."""
    raise NotImplementedError


def list_people(store: Store, *, q: str | None = None, sort: str = "articles", limit: int = 20,
                offset: int = 0) -> dict[str, Any]:
    """``{"total", "items": [{"id", "name", "articles", "mentions", "latest_position"}]}``; sort: articles|mentions|name|recent."""
    raise NotImplementedError


def get_person(store: Store, person_id: int) -> dict[str, Any] | None:
    """One person: positions over time, quotes, co-mentioned people, mentions by day, articles."""
    raise NotImplementedError


def find_person(store: Store, name: str) -> list[int]:
    """Ids of persons a name (full, surname only, inflected, initials) may refer to, best first."""
    raise NotImplementedError


def list_organizations(store: Store, *, q: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """``{"total", "items": [{"id", "name", "aliases", "articles", "people"}]}``."""
    raise NotImplementedError


def get_organization(store: Store, org_id: int) -> dict[str, Any] | None:
    """An organization: its people and their posts, quotes from its people, articles."""
    raise NotImplementedError


def list_quotes(store: Store, *, q: str | None = None, speaker: str | None = None,
                date_from: str | None = None, date_to: str | None = None, limit: int = 20,
                offset: int = 0) -> dict[str, Any]:
    """``{"total", "items": [{"id", "article_id", "title", "published", "outlet", "speaker", "speaker_id",
    "org_id", "kind", "text", "cue"}]}``, newest first."""
    raise NotImplementedError


def stats(store: Store) -> dict[str, Any]:
    """Counts (articles, stories, persons, organizations, positions, quotes, failures), date range, outlets."""
    raise NotImplementedError
