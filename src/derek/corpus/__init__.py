"""The corpus store: many articles, one identity per person and organization, queries.

    from derek.corpus import Store, Ingestor, queries
    store = Store("derek.db")            # or "postgresql://user@host/db"; migrations run on open
    Ingestor(store).add_many(docs)       # idempotent, batched, failures recorded
    queries.search(store, "единство")
"""

from __future__ import annotations

from .ingest import Ingestor, IngestResult, IngestSummary
from .store import Store, StoreError, normalize_url

__all__ = ["IngestResult", "IngestSummary", "Ingestor", "Store", "StoreError", "normalize_url"]
