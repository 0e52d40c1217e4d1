"""Positions (Occupation facts): who holds which post, in which organization or place.

Post phrases are found from a lexicon of title head words (``lexicons/position_titles.txt``) and
natasha's morphology (phrases.py, complement.py): a head word, modifiers before it («первый»,
«бывший», «экс-», «и.о.»), genitive title words after it («заместитель председателя правления»),
then the organization or place it belongs to. Rules, each a named function, then claim that a
person holds a post (stage.py lists them in the order they are tried):

- rules_names.py: the post right before the name, alone or in a chain of posts
  (``apposition_before_name``), after it («Марат Азильханов, заместитель председателя АНК»:
  ``apposition_after_name``, ``coordinated_posts``), plural posts before several names
  (``plural_holders``, ``coordinated_holders``), the parser's apposition
  (``syntactic_apposition``), «в качестве …» (``in_capacity``);
- rules_verbs.py: an appointment («назначен акимом …», «назначил Ивана Петрова министром …»:
  ``appointment_verb``, ``dropped_subject``; «капитаном стал …»: ``post_then_verb``), a post
  stated by its verb («возглавлял управление …», «работает в НАСА»: ``verb_posts``), a
  succession («X заменила на этом посту Y»: ``succession``);
- rules_discourse.py: the subject of a sentence that names no one («Президент поручил …»: the
  person the text was just talking about, ``role_noun_holder``); Kazakh posts
  (``kazakh_posts.*``, :mod:`derek.nlp.kk_positions`).

resolve.py turns claims into positions in one place: titles in the nominative («заместителя
акима» → «заместитель акима»), «аким Алматы» implies «акимат города Алматы», a national post the
text does not place gets the country it is talking about; each position lists the rules that
claimed it in ``Position.rules`` (``derek extract --explain``). The trained tagger adds the posts
the rules missed (``post_tagger``). Window sizes are in config.py; the phrase-level helpers
(title words, organization and place words, tense) in :mod:`derek.nlp.posts`.
"""

from __future__ import annotations

from .claims import Claim, Post
from .context import DocContext, PersonMentions, SentenceView, build_context
from .resolve import place_national_posts
from .stage import (
    DOCUMENT_RULES,
    POST_RULES,
    SENTENCE_RULES,
    PositionStage,
    post_claims,
    rule_claims,
    sentences,
)

__all__ = [
    "DOCUMENT_RULES", "POST_RULES", "SENTENCE_RULES", "Claim", "DocContext", "PersonMentions", "Post",
    "PositionStage", "SentenceView", "build_context", "place_national_posts", "post_claims", "rule_claims", "sentences",
]
