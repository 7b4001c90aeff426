"""Load a generated processor as a module, for unit tests of its pieces; render without the
quality gate."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.render.sql import arrow_columns


def load_processor(path: Path, name: str) -> ModuleType:
    """The processor at `path` imported as module `name` (registered in sys.modules, as its
    dataclasses and msgspec structs need)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def no_gate(files: dict[str, tuple[str, str]], *_args: object, **_kwargs: object) -> dict[str, str]:
    """Stands in for `generator.render.bundle.finish_python_files` where a test checks what the
    templates render, not its layout: each Python file as rendered."""
    return {name: text for name, (text, _template) in files.items()}


def arrow_schema(columns: list[tuple[str, str]]) -> Any:
    """The Arrow schema a bundle renders for a rows table of these (name, ClickHouse type)
    columns (the lineage columns added): a `ClickHouseTable`'s `schema`."""
    import pyarrow

    return pyarrow.schema(
        [(name, eval(code, {"pyarrow": pyarrow})) for name, code in arrow_columns(columns)]
    )
