"""Stage: quotes — who said what, in direct and indirect speech.

* ``marks`` pairs quotation marks («», „“, “”, ASCII ``"``) into spans;
* ``view`` indexes the article once (tokens with syntax, sentences, paragraphs, mentions, spans);
* the rules — ``direct`` (quoted spans with their attribution after, before, around or inside
  them), ``paragraphs`` (dash-led paragraphs, a paragraph after a colon, quotes over several
  paragraphs, a quotation paragraph going on after an attributed one), ``unmarked`` («признал: …»
  without marks), ``indirect`` over the speech cues of ``cues`` (speech verbs with their reported
  clause, «по словам X», «как сообщил X», «словами «…»»), ``nested`` (a report inside an accepted quote),
  ``kazakh`` («…», – деді X; «X-тің айтуынша, …»; «…екенін айтты») — each yield claims
  (``claims``) carrying the rule's name;
* ``stage`` runs them in order and resolves conflicts in one place (``taken`` indexes what was
  accepted), ``notquotes`` rejects datelines, source lines, hypotheticals and the author's
  questions, ``resolve`` finds each claim's speaker; ``refs`` reads a speaker reference off the
  syntax.

The speech-verb, role and organization-speaker lists are the project's own lexicons in
``derek/lexicons``; windows and thresholds are in ``config``.
"""

from .lexicon import lexicon
from .marks import QSpan, pair_quotes
from .stage import RULES, QuoteStage

__all__ = ["RULES", "QSpan", "QuoteStage", "lexicon", "pair_quotes"]
