"""The Jinja environment: strict, whitespace-exact, with escaping filters done in Python."""

from typing import Any

import jinja2

from ..errors import GenerationError
from ..resources import resource_dir


def pyrepr(value: Any) -> str:
    """A Python literal for a value from the spec; anything but plain data is a bug."""
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    if isinstance(value, list | tuple):
        return pylist(value) if isinstance(value, list) else pytuple(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    raise GenerationError(f"pyrepr: cannot write {type(value).__name__} as a Python literal")


def pylist(values: Any) -> str:
    return "[" + ", ".join(pyrepr(v) for v in values) + "]"


def pytuple(values: Any) -> str:
    items = [pyrepr(v) for v in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def sqlident(name: str) -> str:
    """Backtick-quoted ClickHouse identifier; names were validated by the spec already."""
    if not name.replace("_", "").isalnum():
        raise GenerationError(f"sqlident: {name!r} is not a validated identifier")
    return f"`{name}`"


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - we render Python, SQL and Markdown, never HTML
    )
    env.filters.update(pyrepr=pyrepr, pylist=pylist, pytuple=pytuple, sqlident=sqlident)
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as error:
        where = getattr(error, "name", None) or name
        line = getattr(error, "lineno", None)
        raise GenerationError(
            f"template {where}{f':{line}' if line else ''} failed: {error}"
        ) from error
