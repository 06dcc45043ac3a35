"""rasd's exception types: every message names the input and what to do."""

from __future__ import annotations


class RasdError(Exception):
    """Base class of rasd's own errors."""


class InputError(RasdError, ValueError):
    """Bad input: the message names the source (file, line, field) and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ResourceError(RasdError):
    """A packaged resource (dictionary, gazetteer, lexicon, model) is missing or malformed."""


class PipelineError(RasdError):
    """The pipeline was configured wrongly or a stage failed; the message names the stage."""


class StoreError(RasdError):
    """The database cannot be opened or used: the message names it, says why and what to do."""
