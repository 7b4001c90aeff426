"""Bundle assembly (placeholder until the rendering issue lands)."""

from dataclasses import dataclass, field
from pathlib import Path

from ..spec import Pipeline, dump_yaml


@dataclass
class Bundle:
    name: str
    files: dict[str, str] = field(default_factory=dict)


def render_bundle(spec: Pipeline) -> Bundle:
    return Bundle(spec.name, {"spec.yaml": dump_yaml(spec)})


def write_bundle(bundle: Bundle, target: Path) -> list[str]:
    target.mkdir(parents=True, exist_ok=True)
    for name, text in bundle.files.items():
        (target / name).write_text(text, encoding="utf-8")
    return sorted(bundle.files)


def check_tree(root: Path) -> list[str]:
    return []
