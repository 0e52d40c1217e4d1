"""NLP stages: one module per stage (tokens, ner, people, positions, quotes, events, lang)."""
