"""derek: who said what, in which role, where and when — facts from Kazakhstan and CIS news."""

from .article import Article, Credit, Entity, Event, Mention, Person, Position, Quote
from .errors import DerekError, InputError, PipelineError
from .pipeline import Pipeline, extract

__version__ = "0.1.0"

__all__ = [
    "Article", "Credit", "Entity", "Event", "Mention", "Person", "Position", "Quote",
    "DerekError", "InputError", "PipelineError", "Pipeline", "extract", "__version__",
]
