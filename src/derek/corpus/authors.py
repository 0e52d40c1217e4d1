"""Authors in the store: the names as shown, and a case-folded key that ``--author`` matches.

``articles.authors`` holds the names «; »-joined («Андрей Колесников; Ирина Петрова»);
``articles.authors_key`` the same case-folded with «ё» as «е», wrapped in «;» so that a
query matches a whole name or a whole word of one (SQLite's ``lower()`` folds ASCII only,
so folding is done here, the same way for the stored key and the query).
"""

from __future__ import annotations

from .text import fold as text_fold

SEP = "; "


def fold(s: str) -> str:
    """The search key of a name: :func:`derek.corpus.text.fold` (case, «ё», Kazakh letters), spaces collapsed."""
    return " ".join(text_fold(s).split())


def authors_text(names: list[str]) -> str | None:
    """The names as stored and shown, or ``None`` for none."""
    return SEP.join(names) if names else None


def authors_key(names: list[str]) -> str | None:
    """«;андрей колесников;ирина петрова;» (``None`` for none)."""
    return ";" + ";".join(fold(n) for n in names) + ";" if names else None


def author_patterns(query: str) -> list[str]:
    """LIKE patterns on ``authors_key`` for a query: the whole name, or a word of a name
    («Колесников» finds «Андрей Колесников»)."""
    q = fold(query).replace("%", "").replace("_", "")
    if not q:
        return []
    return [f"%;{q};%", f"%;{q} %", f"% {q};%", f"% {q} %"]
