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
