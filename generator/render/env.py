"""The Jinja environment: strict, whitespace-exact, every placed value escaped for its context."""

import os
from pathlib import Path
from typing import Any

import jinja2

from ..errors import GenerationError
from ..resources import resource_dir
from . import escape

FILTERS = {
    "pyrepr": escape.pyrepr,
    "pysql": escape.pysql,
    "pylist": escape.pylist,
    "pytuple": escape.pytuple,
    "pydoc": escape.pydoc,
    "sqlident": escape.sqlident,
    "md": escape.md,
    "mdcode": escape.mdcode,
    "mermaid": escape.mermaid,
    "shq": escape.shq,
    "join": escape.join,
    "rendered": escape.rendered,
    "pytriple": escape.pytriple,
}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, as Python keeps .pyc files: Jinja checks each
    template's source checksum, so an edited template is compiled again. Without a writable
    cache folder every run compiles them (a few hundred milliseconds), nothing else changes."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "etl-gen" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - we render Python, SQL and Markdown: escape.py does it
        finalize=escape.guard,
    )
    env.filters.update(FILTERS)
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
    except GenerationError as error:
        raise GenerationError(f"template {name}: {error}") from error
