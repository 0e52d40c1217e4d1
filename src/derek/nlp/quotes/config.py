"""Windows and thresholds of the quote rules, in one place (counts are tokens unless said otherwise)."""

from __future__ import annotations

# direct speech: how far into the text after a closing mark a speech verb may stand
ATTR_WORDS_AFTER = 5  # «…», – сказал глава ведомства Х
ATTR_WORDS_AFTER_COLON = 3  # «…»: заявил Х
TAIL_LEAD_WORDS = 3  # «…, а Китай — «…», заявил X»: the reporter's words before the mark in its sentence
MIN_DIRECT_WORDS = 2  # a quoted span of one word is a name or a term, not speech
HEADLINE_MIN_WORDS = 3  # a quote opening a headline-like line
HEADLINE_SUBJECT_WORDS = 4  # the sentence after it: its verb within this many words

# indirect speech
THAT_WINDOW = 12  # «отметил, что»: «что» within this many tokens after the verb
QUOTE_LEAD_CHARS = 25  # a reported clause that is (almost) all one quotation: the mark this close
QUOTE_SHARE = 0.6  # … and covering this share of the clause
QUOTED_WORDS_GAP_CHARS = 60  # «назвал его "…"»: the quotation this close after the verb
QUOTED_WORDS_GAP_TOKENS = 6
MORE_QUOTED_SPANS = 4  # «назвал X «…», а Y — «…»»: further quoted spans of the same sentence looked at
MIN_INDIRECT_CHARS = 3

# speakers
CONTEXT_BEFORE = 7  # words before a name that may state its role
CONTEXT_AFTER = 8  # words after «Name,» that may state its role
ANTECEDENT_SENTENCES = 3  # a pronoun looks this many sentences back for a subject
VERB_PHRASE_WINDOW = 2  # «выразил уверенность»: the phrase's noun this close to the verb
LEMMA_CACHE_SIZE = 200_000

# more windows of the direct, indirect and Kazakh rules, the not-quote checks, resolution and the stage
MULTI_PARAGRAPHS = 5  # a quote opened once and closed once runs over at most this many paragraphs
RESUME_WORDS = 6  # «…», говорит президент УЕФА Юханссон, «…»
COLON_SPEAKER_WORDS = 6  # «Глава ведомства: …»: a speaker of at most this many words before the colon
COLON_CONTENT_WORDS = 3  # … and a statement of at least this many after it
NAME_WORDS = 4  # a quoted span of this many words or fewer, capitalized, is a name («Лиги»)
SPEECH_NOUN_GAP = 2  # tokens between the noun and the quotation mark («словами «…»», «с формулировкой: «…»»)
MAX_SENTENCES_BACK = 20  # sentences inside quotes skipped at most while looking for a subject
ROLE_NEIGHBOURS = 200  # role mentions looked at on either side of a quote
KK_ATTR_WORDS = 6  # the speech word within this many words after a quote
HYPOTHETICAL_WINDOW = 3  # words before the speech verb
MIN_QUOTE_CHARS = 2  # shorter claims are dropped
