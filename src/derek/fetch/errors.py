"""Fetch failures: an ``InputError`` naming the URL, with the HTTP status when there was one."""

from __future__ import annotations

from ..errors import InputError

HTTP_STATUS = "E140"  # the server answered 4xx/5xx
NETWORK = "E141"  # connect error, timeout, broken connection
ROBOTS = "E142"  # robots.txt disallows the URL (or could not be read)
REDIRECTS = "E143"  # a redirect loop or too many redirects
TOO_LARGE = "E144"  # the body is larger than the cap
CONTENT_TYPE = "E145"  # an image, a PDF, … — not a page or a feed
BAD_URL = "E146"  # not an http(s) URL

PERMANENT = frozenset({ROBOTS, REDIRECTS, TOO_LARGE, CONTENT_TYPE, BAD_URL})


class FetchError(InputError):
    """A URL that could not be fetched; ``status`` is the last HTTP status (None without a response)."""

    def __init__(self, url: str, reason: str, *, code: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(url, reason, code=code)
        self.url = url
        self.status = status
        self.retry_after = retry_after  # seconds the server asked to wait (Retry-After)

    @property
    def transient(self) -> bool:
        """True when trying again later may succeed (network errors, 429, 5xx)."""
        if self.code == NETWORK:
            return True
        return self.code == HTTP_STATUS and self.status is not None and (self.status == 429 or self.status >= 500)
