"""derek's evaluators: FactRuEval-2016 tracks 1 and 3, and the hand-annotated Kazakhstan news."""
