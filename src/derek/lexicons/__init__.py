"""The project's own word lists: plain text, one entry a line, ``#`` starts a comment.

Loaders here are the one way to read them; callers cache what they build.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def lines(name: str) -> Iterator[str]:
    """The entries of ``lexicons/<name>``, comments and blank lines left out."""
    for line in (FOLDER / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def rows(name: str) -> list[list[str]]:
    """The entries of a tab-separated lexicon, each split into its stripped columns."""
    return [[c.strip() for c in line.split("\t")] for line in lines(name)]
