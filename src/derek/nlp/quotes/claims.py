"""What the quote rules propose: a speaker reference and a claim (a quote span with its cue)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Ref:
    """What an attribution says about its speaker, before resolution."""

    kind: str  # person / pronoun / generic / role / org / other / first / none
    entity: str | None = None
    gender: str | None = None
    phrase: str | None = None
    role: tuple[str, ...] = ()
    plural: bool = False
    soft: bool = False  # a role word outside the lexicon: resolved only by the article's own wording
    span: tuple[int, int] | None = None  # the speaker phrase as written


@dataclass
class Claim:
    """A quote a rule proposes: its text span, its cue span, its speaker reference and the rule's name."""

    rule: str
    kind: str  # direct / indirect
    start: int
    end: int
    cue_start: int
    cue_end: int
    ref: Ref
    at: int  # where the attribution is read from (for antecedents)
    evidence: dict[str, str] = field(default_factory=dict)

    def overlaps(self, a: int, b: int) -> bool:
        return self.start < b and a < self.end
