"""Errors with a code and a hint, naming the input they concern."""

from __future__ import annotations


class DerekError(Exception):
    """Base class. ``code`` is stable (E1xx input, E2xx pipeline, E3xx store)."""

    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        s = f"[{self.code}] {self.message}"
        if self.hint:
            s += f" ({self.hint})"
        return s


class InputError(DerekError):
    """An input that cannot be read as an article: empty, binary, undecodable, too large, malformed."""

    code = "E100"

    def __init__(self, input_name: str, reason: str, *, code: str = "E100", hint: str | None = None) -> None:
        self.input_name = input_name
        self.reason = reason
        self.code = code
        super().__init__(f"{input_name}: {reason}", hint=hint)


class PipelineError(DerekError):
    """A pipeline built in the wrong order, or a stage missing what it requires."""

    code = "E200"


# What the input codes mean (``InputError.code``); the message names the input and the reason.
INPUT_CODES = {
    "E101": "empty: no text in it",
    "E102": "binary: not a text file",
    "E103": "undecodable: bytes no encoding explains",
    "E104": "too large",
    "E106": "malformed record (JSON / JSON Lines)",
    "E107": "cannot read the file or folder",
    "E108": "a file holding several articles given where one is expected",
    "E109": "a feed item that cannot be read",
    "E111": "no article text found: a page with no article body (front page, menu, JavaScript shell, "
            "paywall stub, comments only), below --min-text",
    "E112": "a dependency of the reader is missing (HTML reader, encoding detector)",
    "E113": "cannot parse the HTML",
    "E114": "not a regular file (a FIFO, a device, a socket): skipped without opening it",
    "E115": "a symlink loop, or a folder reached a second time: skipped",
    "E117": "too long to extract: more work than one document may take (a sentence or a text over the cap)",
}
