"""Error types shared by the parsers, the spec and the renderer.

The CLI maps them to exit codes: a `UserError` (the request, spec or file given to us is not
usable) exits 2; anything else is an internal failure and exits 1.
"""


class UserError(Exception):
    """Input we refuse: the message names what is missing or wrong."""


class RequestNotUnderstood(UserError):
    """The offline or LLM parser could not turn a request into a pipeline."""


class SpecError(UserError):
    """A spec (file, payload or parser output) fails validation."""


class GenerationError(Exception):
    """A template or formatting step failed: a bug in etl-gen, never a half-written bundle."""
