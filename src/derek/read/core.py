"""One document: str, bytes or a JSON record → ``Source``, and the checked file reading under it."""

from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path
from typing import Any

from ..dates import normalize_iso
from ..errors import InputError
from .decode import MAX_BYTES, check_size, clean_chars, clean_field, decode_bytes
from .html import from_html, looks_like_html
from .source import Source

log = logging.getLogger("derek.read")


def from_text(text_or_html: str, url: str | None = None, name: str | None = None) -> Source:
    """Plain text as it is, or an HTML page (detected) through trafilatura.

    Lone surrogates become U+FFFD, NUL characters are dropped, and text with nothing visible in it
    is refused (``decode.clean_chars``): the same for every entry point."""
    if not isinstance(text_or_html, str):
        raise InputError(name or url or "<text>", f"not text but {type(text_or_html).__name__}", code="E106")
    text_or_html = clean_chars(text_or_html, name or url or "<text>")
    url = clean_field(url)
    if looks_like_html(text_or_html):
        return from_html(text_or_html, url=url, name=name)
    if not text_or_html.strip():
        raise InputError(name or url or "<text>", "empty: no text in it", code="E101")
    return Source(text=text_or_html, url=url, name=name)


def from_bytes(data: bytes, name: str = "<bytes>", url: str | None = None,
               max_bytes: int | None = MAX_BYTES, charset: str | None = None) -> Source:
    """Decode (BOM, UTF-8, the transport's ``charset``, ``<meta charset>``, detected cp1251/koi8-r/…)
    and read as text or HTML."""
    text, enc = decode_bytes(data, name=name, max_bytes=max_bytes, charset=charset)
    src = from_text(text, url=url, name=name)
    src.encoding = enc
    return src


def from_record(d: dict[str, Any], name: str = "<record>") -> Source:
    """A JSON record: ``text`` or ``html``, optional ``url``, ``title``, ``published``, ``source``.

    The record's own metadata wins over what is found in its HTML.
    """
    if not isinstance(d, dict):
        raise InputError(name, f"not a JSON object but {type(d).__name__}", code="E106")
    body = d.get("html") or d.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(name, "no 'text' or 'html' field with content", code="E106")
    url = clean_field(d.get("url")) if isinstance(d.get("url"), str) else None
    if d.get("html"):
        src = from_html(clean_chars(body, name), url=url, name=name)
    else:
        src = from_text(body, url=url, name=name)
    for key in ("title", "source"):
        v = d.get(key)
        if isinstance(v, str) and v.strip():
            setattr(src, key, clean_field(v.strip()))
    pub = d.get("published") or d.get("date")
    if isinstance(pub, str) and pub.strip():
        pub = clean_field(pub)
        iso = normalize_iso(pub)
        if iso:
            src.published = iso
        else:
            log.warning("%s: cannot read the date %r; ignored", name, pub)
    return src


def safe_name(path: str | Path) -> str:
    """A path as text that any terminal, JSON file or database can hold: bytes of a file name that
    are not UTF-8 are shown as ``\\xNN`` escapes (the file is still read by its real name)."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


_SPECIAL = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def special_kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is («a FIFO (named pipe)», …)."""
    for test, what in _SPECIAL:
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "a special file"


def file_status(path: Path, name: str) -> os.stat_result:
    """``os.stat`` of ``path`` (through symlinks), or an ``InputError`` that says why not."""
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(name, "a broken symlink: its target does not exist", code="E107") from None
        raise InputError(name, "no such file", code="E107") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError(name, "a symlink loop: the link leads back to itself", code="E115") from None
        raise InputError(name, f"cannot read: {e.strerror or e}", code="E107") from None


def read_file_bytes(path: Path, name: str, max_bytes: int | None = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` (more is refused, E104, without reading
    it all: a file that grows, or a link to ``/dev/zero``, cannot exhaust memory); FIFOs, devices
    and sockets are refused (E114) before they are opened, so that a FIFO cannot hang the reader."""
    st = file_status(path, name)
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a folder, not a file", code="E107")
    kind = special_kind(st.st_mode)
    if kind:
        raise InputError(name, f"not a regular file but {kind}; skipped", code="E114")
    check_size(st.st_size, name, max_bytes)
    try:
        with path.open("rb") as fh:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}", code="E107") from None
    check_size(len(data), name, max_bytes)
    return data
