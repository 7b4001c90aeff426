"""Load a generated processor as a module, for unit tests of its pieces; render without the
quality gate."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


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
