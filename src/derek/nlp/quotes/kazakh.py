"""Kazakh quote rules."""

from __future__ import annotations

from collections.abc import Iterator

from .claims import Claim
from .taken import Taken
from .view import View


def marks_then_kk_speech(d: View, taken: Taken) -> Iterator[Claim]:
    return iter(())


def dash_kk_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    return iter(())


def kk_according(d: View, taken: Taken) -> Iterator[Claim]:
    return iter(())


def kk_reported(d: View, taken: Taken) -> Iterator[Claim]:
    return iter(())
