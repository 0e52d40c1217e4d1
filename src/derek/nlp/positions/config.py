"""The positions rules' window sizes, in tokens, in one place (every rule reads them from here)."""

from __future__ import annotations

# finding a post phrase (phrases.py, complement.py)
COMPLEMENT_WINDOW = 4  # tokens after the title words scanned for its organization or place
LATIN_NAME_MAX = 4  # words of a Latin organization name the tagger missed («Business NZ»)
PREP_PHRASE_MAX = 4  # words between «в/при/на/по/от» and a person after them
PREP_UNIT_MAX = 5  # lower-case words of a unit after «из/от» before its named organization

# finding the holder (finders.py)
APPOINT_VERB_BEFORE = 5  # tokens before a post looked at for its appointment verb («назначен акимом»)
APPOINT_VERB_AFTER = 2  # tokens after an instrumental post for its verb («капитаном стал»)
SEAT_VERB_AFTER = 6  # … after «место/пост + post in the genitive» («место спикера … занял»)
HOLDER_AFTER_VERB = 10  # tokens after «… стал» looked at for the new holder
SUBJECT_AFTER_VERB = 7  # tokens after an appointment verb looked at for its subject
PRONOUN_BEFORE_VERB = 3  # «он»/«она» at most this far before the verb stands for the holder
CLAUSE_SUBJECT_AFTER = 8  # tokens after «в качестве + post» looked at for the clause's subject
CLAUSE_SUBJECT_GAP = 3  # … and before it, from this far back («в качестве» itself excluded)
APPOSITION_MAX = 7  # words of a comma-separated apposition between a name and its post
ORIGINAL_SPELLING_MAX = 7  # words in the parenthesis after a name («Скотт Хоровитц (Scott Horowitz)»)

# succession (rules_verbs.py)
SUCCESSION_POST_WINDOW = 7  # tokens after «сменил/заменил» looked at for «на посту …»
SUCCESSION_OLD_HOLDER_WINDOW = 11  # tokens after the verb looked at for the one who left
