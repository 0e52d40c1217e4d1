"""Claims that are not quotes: each check is a named function returning why, or None.

* ``dateline``: a dateline or source line taken for speech («МОСКВА, 29 июня. /ТАСС/. …»);
* ``outlet_source``: an outlet reporting («Как сообщал «МК», …», «…, пишет издание Zakon.kz»);
* ``hypothetical``: speech that is supposed, not made («Адвокатам достаточно будет сказать: …»,
  «если бы он сказал, что …»);
* ``authors_question``: a question nobody is said to ask («Спрашивается, зачем …?»).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .claims import Claim
from .config import HYPOTHETICAL_WINDOW
from .view import View

Check = Callable[[View, Claim], str | None]

DATELINE = re.compile(r"[А-ЯЁA-ZӘҒҚҢӨҰҮҺІ][А-ЯЁA-ZӘҒҚҢӨҰҮҺІ\- ]{2,}, \d{1,2} [а-яё]+(?: \d{4})?\.? ?[/(—–-]")
SOURCE_VERBS = frozenset({"сообщать", "сообщить", "писать", "написать", "передавать", "передать", "информировать"})
HYPOTHETICAL = frozenset({"достаточно", "если", "бы", "б", "можно", "нужно", "надо", "следует", "пусть", "чтобы"})


KK_DATELINE = re.compile(r"[^\s,.]+[.,]\s+\S+\s+тілшісі", re.IGNORECASE)  # «Нұр-Сұлтан, BAQ.KZ тілшісі»


def dateline(d: View, c: Claim) -> str | None:
    if DATELINE.match(d.text, c.start) or DATELINE.match(d.text[c.cue_start : c.cue_start + 60]):
        return "a dateline or source line"
    if KK_DATELINE.match(d.text, c.start):
        return "a Kazakh dateline («…, X тілшісі»)"
    return None


def outlet_source(d: View, c: Claim) -> str | None:
    from ...clean import outlet_like

    cue = d.tokens(c.cue_start, c.cue_end)
    if c.kind == "direct" or c.ref.kind in ("person", "role", "pronoun", "generic", "first") or not any(
        t.lemma in SOURCE_VERBS for t in cue
    ):
        return None  # words in quotation marks an agency gives are its own statement
    sp = c.ref.span
    phrase = d.text[sp[0] : sp[1]] if sp else (c.ref.phrase or "")
    if c.rule == "as_said" and not phrase:
        # «Как сообщает Zakon.kz, …»: the words up to the comma name the outlet
        comma = d.text.find(",", c.cue_end, c.cue_end + 80)
        phrase = d.text[c.cue_end : comma if comma > 0 else c.cue_end].strip()
        if not phrase or outlet_like(phrase) or any(outlet_like(w) for w in phrase.split()):
            return "an outlet's source line"
    if not phrase:
        return None
    if outlet_like(phrase) or any(outlet_like(w.strip("«»\"")) for w in phrase.split()) or phrase.lower() in ("издание", "сми"):
        return "an outlet's source line"
    if c.rule == "as_said" and sp and d.text[sp[0] - 1 : sp[0]] in "«\"“" and d.text[sp[1] : sp[1] + 1] in "»\"”":
        return "a source line naming an outlet in quotation marks"
    return None


def hypothetical(d: View, c: Claim) -> str | None:
    cue = d.tokens(c.cue_start, c.cue_end)
    verb = next((t for t in cue if t.pos in ("VERB", "AUX")), None)
    if verb is None:
        return None
    before = d.sent_toks(verb.s)
    k = next((i for i, t in enumerate(before) if t.i == verb.i), 0)
    window = [t.low for t in before[max(0, k - HYPOTHETICAL_WINDOW) : k]]
    if verb.feats.get("VerbForm") == "Inf" and c.kind == "direct":
        return "a supposed statement (infinitive)"
    if any(w in HYPOTHETICAL for w in window) or (k + 1 < len(before) and before[k + 1].low in ("бы", "б")):
        return "a supposed statement"
    return None


def authors_question(d: View, c: Claim) -> str | None:
    if c.kind == "indirect" and c.ref.kind == "none" and d.text[c.start : c.end + 1].rstrip().endswith("?"):
        return "the author's question"
    return None


CHECKS: tuple[Check, ...] = (dateline, outlet_source, hypothetical, authors_question)


def rejected(d: View, c: Claim) -> str | None:
    """Why a claim is not a quote, or None."""
    for check in CHECKS:
        why = check(d, c)
        if why is not None:
            return why
    return None
