"""Quotation marks: pairing them into spans, and trimming a quote's edges."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CLOSE = {"«": "»", "„": "“", "“": "”", '"': '"'}
ALL_MARKS = "«»„“”\""
DASHES = "–—-"
OPENERS = ("«", "„", "“", "\"")


@dataclass
class QSpan:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark
    depth: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def pair_quotes(text: str) -> tuple[list[QSpan], list[int]]:
    """Pair quotation marks; return the spans and the offsets of unpaired opening marks.

    «» and „“ / “” pair by their shape; an ASCII ``"`` opens when it follows a
    space, a line start or an opening bracket/dash/colon and precedes a
    non-space, and closes when it follows a non-space. Quotes do not run across
    line breaks: an opening mark still open at the end of a line is unpaired.
    """
    spans: list[QSpan] = []
    orphans: list[int] = []
    stack: list[tuple[str, int]] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n":
            orphans.extend(p for _, p in stack)
            stack.clear()
            continue
        if ch not in ALL_MARKS:
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if ch == '"':
            can_open = (prev.isspace() or prev in "([{/:«„“" + DASHES) and not nxt.isspace()
            can_close = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
            if stack and stack[-1][0] == '"' and can_close:
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
            elif can_open:
                stack.append((ch, i))
            elif can_close and any(c == '"' for c, _ in stack):
                while stack and stack[-1][0] != '"':
                    stack.pop()
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
            continue
        if ch in "«„":
            stack.append((ch, i))
        elif ch == "“":
            if stack and stack[-1][0] == "„":
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
            else:
                stack.append((ch, i))
        else:  # » or ”
            opener = "«" if ch == "»" else "“"
            if any(c == opener for c, _ in stack):
                while stack and stack[-1][0] != opener:
                    stack.pop()
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
    orphans.extend(p for _, p in stack)
    spans.sort(key=lambda s: s.open)
    return spans, sorted(orphans)


def trim(text: str, a: int, b: int, strip_final: bool = False) -> tuple[int, int]:
    """Shrink [a, b) past spaces, leading dashes and marks, and trailing commas (and full stops)."""
    while a < b and (text[a].isspace() or text[a] in DASHES + "«„“\""):
        if text[a] in DASHES and a + 1 < b and not text[a + 1].isspace():
            break
        a += 1
    tail = " \t\n,;:" + DASHES + ("." if strip_final else "")
    while b > a and (text[b - 1] in tail or (text[b - 1] in "»”\"“" and unbalanced_close(text, a, b))):
        b -= 1
    return a, b


def unbalanced_close(text: str, a: int, b: int) -> bool:
    seg = text[a:b]
    ch = seg[-1]
    if ch == "»":
        return seg.count("«") < seg.count("»")
    if ch == '"':
        return seg.count('"') % 2 == 1
    return seg.count("“") + seg.count("„") < seg.count("”") + seg.count("“") - (1 if ch == "“" else 0)


SENT_END = ".!?…"
SOURCE_TAIL = re.compile(
    r"[,–—-]\s*(?:[–—-]\s*)?(?:сообщает|сообщают|передает|передаёт|передают|пишет|пишут|информирует)\s"
    r"|[,(]?\s*со ссылкой на\s",
    re.IGNORECASE,
)
DASH_ATTR = re.compile(r"(?:[,!?…][»\"”“]?|[»\"”“],?)[ \t]*[–—-][ \t]+")
AFTER_SEP = re.compile(r"[ \t]*([,:]?)[ \t]*([–—-]?)[ \t]*")
DASH_LEAD = re.compile(r"[–—-]\s+")
DASH_RESUME = re.compile(r"[ \t]*[.,]?[ \t]*[–—-][ \t]+")
DASH_RESUME_INSIDE = re.compile(r"[ \t]*[.,:]?[ \t]*[–—-][ \t]+")
HEADLINE_STOP = re.compile(r"[ \t]*[.!?…]+[ \t]+")
WORD = re.compile(r"\w")


def ends_sentence(text: str, stop: int, mark: str) -> bool:
    """Is the mark ending at ``stop`` a sentence end («.» of «Tengrinews.kz» is not)?"""
    return mark in SENT_END and (stop >= len(text) or not text[stop].isalnum())
