"""One lemma service for the stages: the lemma and case of a natasha token, the lemma cached
across documents; and the nominative of a token or an organization's name."""

from __future__ import annotations

from .. import models
from .lexicon import institution_heads

_lemma_cache: dict[tuple[str, str, tuple], str] = {}


def lemma(tok) -> str:
    """The lemma of a natasha token, cached across documents."""
    feats = tuple(sorted((tok.feats or {}).items()))
    k = (tok.text, tok.pos, feats)
    lem = _lemma_cache.get(k)
    if lem is None:
        try:
            lem = models.morph_vocab().lemmatize(tok.text, tok.pos, tok.feats or {})
        except Exception:  # pymorphy can fail on odd tokens
            lem = tok.text.lower()
        if len(_lemma_cache) > 200_000:
            _lemma_cache.clear()
        _lemma_cache[k] = lem = (lem or tok.text).lower()
    return lem


def case(tok) -> str | None:
    return (tok.feats or {}).get("Case")


def inflect_nom(tok, gender: str | None = None, number: str | None = None) -> str:
    """The nominative of one token, keeping its number (and the head's gender for adjectives)."""
    feats = tok.feats or {}
    word = tok.text
    low = word.lower()
    if low not in institution_heads():
        for end, rep in (("а", ""), ("у", ""), ("ом", ""), ("е", ""), ("ы", "а"), ("и", "а")):
            if rep and feats.get("Case") == "Nom":
                continue  # «службы» tagged nominative is a plural («Коммунальные службы»), not «служба»
            if low.endswith(end) and low[: -len(end)] + rep in institution_heads():
                return word[: -len(end)] + rep  # «Мажилиса» → «Мажилис», unknown to the dictionary
    vocab = models.morph_vocab()
    if tok.pos == "ADJ" and feats.get("Case") is None and "-" in word and not word.isupper():
        # «российско-американской»: the tagger gives no case; the last part declines
        head, _, last = word.rpartition("-")
        for p in vocab.parse(last.lower()):
            if p.tag.POS == "ADJF" and p.tag.case not in (None, "nomn"):
                grams = {"Nom", "Plur" if number == "Plur" else "Sing"}
                if number != "Plur" and gender in ("Masc", "Fem", "Neut"):
                    grams.add(gender)
                infl = p.inflect(grams)
                if infl is not None:
                    return f"{head}-{infl.word}"
        return word
    if feats.get("Case") in (None, "Nom") or tok.text.isupper():
        return tok.text
    want_pos = "NOUN" if _noun_taken_for_adj(tok) else {"NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJF"}.get(tok.pos)
    num = "Plur" if (number or feats.get("Number")) == "Plur" else "Sing"
    parses = [p for p in vocab.parse(word.lower()) if not want_pos or p.tag.POS == want_pos]
    parses.sort(key=lambda p: p.feats.get("Case") != feats.get("Case"))
    for p in parses:
        grams = {"Nom", num}
        if want_pos == "ADJF" and num == "Sing" and gender in ("Masc", "Fem", "Neut"):
            grams.add(gender)
        infl = p.inflect(grams)
        if infl is not None:
            out = infl.word
            return out[:1].upper() + out[1:] if word[:1].isupper() else out
    return word


def _noun_taken_for_adj(tok) -> bool:
    """A capitalized noun the tagger calls an adjective («Ассамблеи» in «Ассамблеи народа»): the
    dictionary knows it only as a noun."""
    if tok.pos != "ADJ" or not tok.text[:1].isupper():
        return False
    parses = models.morph_vocab().parse(tok.text.lower())
    return bool(parses) and all(p.tag.POS == "NOUN" for p in parses)


def normalize_org(tokens: list, text: str, offset: int) -> str:
    """Put an organization's head (and the adjectives before it) in the nominative; keep the rest."""
    words = [t for t in tokens]
    head_i = next((i for i, t in enumerate(words) if t.pos in ("NOUN", "PROPN") or _noun_taken_for_adj(t)), None)
    if head_i is None:
        return text
    head = words[head_i]
    lead = words[:head_i]
    if lead and all(t.pos == "ADJ" and case(t) == "Nom" for t in lead) and case(head) != "Nom":
        return text  # «Коммунальные службы Караганды»: the adjectives say the name is nominative already
    gender = (head.feats or {}).get("Gender")
    if head.text.isupper() or "-" in head.text:
        # «Карагандинской ТЭЦ-3»: an abbreviation has no gender of its own; the adjective shows it
        gender = next(((t.feats or {}).get("Gender") for t in lead if (t.feats or {}).get("Gender")), gender)
    number = (head.feats or {}).get("Number")
    parts = []
    prev_end = words[0].start
    for i, t in enumerate(words):
        gap = text[prev_end - offset:t.start - offset]
        w = inflect_nom(t, gender, number) if i <= head_i else t.text
        parts.append(gap + w)
        prev_end = t.stop
    return "".join(parts).strip()
