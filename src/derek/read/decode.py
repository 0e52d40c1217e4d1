"""Bytes → str: BOM, UTF-8, declared HTML charset (checked against the bytes), then detection.

A declared charset is trusted only when the text it gives reads as that
script: a page declared iso-8859-1 but written in cp1251 («Ïîëíîñòüþ…»
otherwise) goes to detection and comes out as Cyrillic.

Refuses, with an ``InputError`` naming the input, what is not a text article:
empty input, binary files (NUL bytes, known file signatures, control
characters), bytes no encoding explains, input over the size limit.
"""

from __future__ import annotations

import codecs
import logging
import re

from ..errors import InputError

log = logging.getLogger("derek.read")

MAX_BYTES = 10 * 1024 * 1024  # one document; pass max_bytes= to change it

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

_SIGNATURES = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"RIFF", "a media file"),
    (b"ID3", "an MP3 file"),
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_size(n: int, name: str, max_bytes: int | None = MAX_BYTES) -> None:
    if max_bytes is not None and n > max_bytes:
        raise InputError(name, f"too large: {size_text(n)} (limit {size_text(max_bytes)})", code="E104",
                         hint="split it, or raise the limit with max_bytes=")


def _declared(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    enc = m.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return None


def _check_text(text: str, name: str) -> None:
    if not text.strip():
        raise InputError(name, "empty: no text in it", code="E101")
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample))
    if bad > max(2, len(sample) // 100):
        raise InputError(name, "binary: not a text file (control characters)", code="E102")


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP Content-Type header, as a Python codec name (None if absent or unknown)."""
    m = _HEADER_CHARSET.search(content_type or "")
    if not m:
        return None
    name = m.group(1).lower()
    for candidate in (name, name.removeprefix("x-")):  # «x-mac-cyrillic», «x-cp1251» as browsers accept them
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def decode_bytes(data: bytes, name: str = "<bytes>", max_bytes: int | None = MAX_BYTES,
                 charset: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; returns ``(text, encoding)`` or raises ``InputError``.

    ``charset`` is what the transport declared (an HTTP Content-Type's charset): after a BOM and valid
    UTF-8 it is tried before the document's own ``<meta charset>``, and like it kept only when the text
    it gives reads as that language."""
    check_size(len(data), name, max_bytes)
    if not data.strip():
        raise InputError(name, "empty: no text in it", code="E101")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(name, f"undecodable: starts with a {enc} byte-order mark but {e.reason}",
                                 code="E103") from None
            _check_text(text, name)
            if enc != "utf-8" and _plausibility(text) < 0.6:
                raise InputError(name, f"undecodable: a {enc} byte-order mark, but the text is not", code="E103")
            return text, enc
    for sig, what in _SIGNATURES:
        if data.startswith(sig):
            raise InputError(name, f"binary: looks like {what}, not a text article", code="E102")
    if b"\x00" in data[:65536]:
        raise InputError(name, "binary: contains NUL bytes, not a text file", code="E102")
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError:
        text, enc = _detect(data, name, charset)
    _check_text(text, name)
    return text, enc


def _detect(data: bytes, name: str, charset: str | None = None) -> tuple[str, str]:
    for declared in dict.fromkeys(c for c in (charset, _declared(data)) if c and c != "utf-8"):
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            log.debug("%s: declared charset %s does not fit", name, declared)
            continue
        if not looks_misdeclared(text):
            return text, declared
            log.info("%s: declared %s, but the bytes read as another code page; detecting", name, declared)
    try:
        from charset_normalizer import from_bytes
    except ImportError as e:
        raise InputError(name, f"cannot detect the encoding: a dependency is missing ({e})", code="E112",
                         hint="reinstall derek, or convert the file to UTF-8") from None

    # charset-normalizer ranks the candidate encodings; among its good candidates
    # prefer the one whose text reads as Cyrillic/Latin (the news derek reads):
    # short koi8-r texts otherwise come out as a CJK code page.
    best_text, best_enc, best_score = "", None, 0.0
    for isolation in (None, _CYRILLIC):
        for match in list(from_bytes(data, cp_isolation=isolation))[:8]:
            text = str(match)
            score = _plausibility(text)
            if score > best_score + 0.02:
                best_text, best_enc, best_score = text, match.encoding, score
        if best_score >= 0.6:
            break
    if best_enc is None or best_score < 0.6:
        raise InputError(name, "undecodable: not text in any known encoding", code="E103",
                         hint="convert it to UTF-8")
    log.debug("%s: detected encoding %s", name, best_enc)
    return best_text, best_enc


_LATIN1_LETTERS = re.compile(r"[\u00c0-\u00ff]")
_LETTERS = re.compile(r"[^\W\d_]")
MISDECLARED_SHARE = 0.3  # accented Latin letters above this share of letters: not a Western text
_CYR_LETTERS = re.compile(r"[\u0400-\u04ff]")
_CYR_CAPITALS = re.compile(r"[\u0400-\u042f]")
CAPITALS_SHARE = 0.5  # capital Cyrillic letters above this share: another Cyrillic code page


def looks_misdeclared(text: str) -> bool:
    """Text decoded with a code page it is not written in: «Ïîëíîñòüþ» (cp1251 read as iso-8859-1)
    has mostly accented letters, a German or French page a few; «пПМОПЯРША» (koi8-r read as
    cp1251) has mostly capital Cyrillic letters, Russian text a few."""
    sample = text[:20000]
    letters = len(_LETTERS.findall(sample))
    if letters > 20 and len(_LATIN1_LETTERS.findall(sample)) > MISDECLARED_SHARE * letters:
        return True
    cyr = len(_CYR_LETTERS.findall(sample))
    return cyr > 50 and len(_CYR_CAPITALS.findall(sample)) > CAPITALS_SHARE * cyr


_CYRILLIC = ["cp1251", "koi8_r", "mac_cyrillic", "iso8859_5", "cp866"]
_READABLE = re.compile(r"[\sA-Za-z0-9\u0400-\u04FF.,:;!?()«»\"'\-–—%№/]")


def _plausibility(text: str) -> float:
    """Share of characters usual in Russian/Kazakh/English news text (Cyrillic, Latin, digits, punctuation)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_READABLE.findall(sample)) / len(sample)


# ---------------------------------------------------------------- characters no text may hold
# (every entry point — extract, ingest, batch, the HTTP API, ``derek.extract`` — reads a str
# through ``clean_chars``, so that the same text gives the same article everywhere)

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NUL = "\x00"
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad\u180e]+")
REPLACEMENT = "\ufffd"


def clean_chars(text: str, name: str = "<text>") -> str:
    """``text`` with lone surrogates (which no encoding can write) replaced by U+FFFD and NUL
    characters (which PostgreSQL cannot store) removed; text of only whitespace and invisible
    characters (zero-width spaces and joiners, soft hyphens, BOMs) is refused as empty (E101)."""
    if _NUL in text:
        text = text.replace(_NUL, "")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(REPLACEMENT, text)
    if not _INVISIBLE.sub("", text[:4096]) and not _INVISIBLE.sub("", text):
        raise InputError(name, "empty: no visible text in it (only spaces or zero-width characters)",
                         code="E101")
    return text


def clean_field(value: str | None) -> str | None:
    """A metadata string (title, URL, source) with surrogates replaced and NUL removed."""
    if value is None:
        return None
    return _SURROGATE.sub(REPLACEMENT, value.replace(_NUL, ""))
