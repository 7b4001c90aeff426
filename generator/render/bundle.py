"""Bundle assembly: render every file in memory, pass the quality gate, then write atomically."""

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..spec import Pipeline, dump_yaml, load_spec, spec_hash
from .debezium import connector_json
from .docs import durable_outputs, mermaid, settings_table, step_text, topic_plan
from .env import make_environment, render_template
from .escape import Code
from .examples import examples_context
from .model import build_context
from .packaging import packaging_context
from .quality import Formatter, finish_python_files
from .regenerate import (
    MANIFEST,
    PRISTINE,
    Plan,
    apply_plan,
    manifest_text,
    plan_bundle,
    read_manifest,
)
from .testdata import test_context


@dataclass
class Bundle:
    name: str
    files: dict[str, str] = field(default_factory=dict)
    spec_hash: str = ""


@dataclass(frozen=True)
class BundleFile:
    """One file of a bundle: its template, its path, and whether it belongs in this pipeline."""

    template: str
    path: Callable[[Pipeline], str]
    wanted: Callable[[dict[str, Any]], bool] = lambda ctx: True

    def is_python(self, path: str) -> bool:
        return path.endswith(".py")


BUNDLE_FILES = (
    BundleFile("processor.py.j2", lambda s: f"{s.name}.py"),
    BundleFile("test_processor.py.j2", lambda s: f"test_{s.name}.py"),
    BundleFile("clickhouse.sql.j2", lambda s: "clickhouse.sql", lambda ctx: ctx["clickhouse"]),
    BundleFile("setup_topics.py.j2", lambda s: "setup_topics.py"),
    BundleFile(
        "debezium-connector.json.j2",
        lambda s: "debezium-connector.json",
        lambda ctx: bool(ctx["cdc"]),
    ),
    BundleFile("README.md.j2", lambda s: "README.md"),
    BundleFile("bundle/pyproject.toml.j2", lambda s: "pyproject.toml"),
    BundleFile("bundle/gitignore.j2", lambda s: ".gitignore"),
    BundleFile("bundle/Dockerfile.j2", lambda s: "Dockerfile"),
)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_bundle(spec: Pipeline, formatter: Formatter = "ruff") -> Bundle:
    """All files of the bundle, or a GenerationError naming the template that failed; the
    Python files laid out by `formatter` (see quality.py: black's layout either way)."""
    env = make_environment()
    context = build_context(spec)
    context |= {
        "topic_plan": topic_plan(spec),
        "topic_partitions": 6,
        "diagram": mermaid(spec),
        "steps": [
            _sentence(step_text(op, fields))
            for op, fields in zip(spec.operators, spec.field_flow(), strict=False)
        ],
        "settings": settings_table(context),
        "durable_outputs": Code(durable_outputs(spec)),
        "debezium_json": Code(connector_json(spec)) if spec.is_cdc else "",
    }
    context |= test_context(spec, context)
    context |= packaging_context(context)
    context |= examples_context(spec, context)
    files = {"spec.yaml": dump_yaml(spec)}
    python: dict[str, tuple[str, str]] = {}  # path: (rendered text, template)
    for item in BUNDLE_FILES:
        if not item.wanted(context):
            continue
        path = item.path(spec)
        text = render_template(env, item.template, context)
        if item.is_python(path):
            python[path] = (text, item.template)
        else:
            files[path] = text
    # The Python files pass the gate together: one ruff run per step for all of them.
    files |= finish_python_files(python, first_party=spec.name, formatter=formatter)
    return Bundle(spec.name, dict(sorted(files.items())), spec_hash(spec))


def plan_write(
    bundle: Bundle, target: Path, *, force: bool = False, source: Path | None = None
) -> Plan:
    """What writing `bundle` into `target` changes (see regenerate.py), nothing written yet."""
    return plan_bundle(
        bundle.name, bundle.spec_hash, bundle.files, target, force=force, source=source
    )


def write_bundle(
    bundle: Bundle, target: Path, *, force: bool = False, source: Path | None = None
) -> Plan:
    """Write or regenerate the bundle in `target`, keeping hand edits; the applied plan."""
    plan = plan_write(bundle, target, force=force, source=source)
    apply_plan(plan, bundle.name)
    return plan


def diff_bundle(bundle: Bundle, target: Path) -> list[str]:
    """Differences between a freshly rendered bundle and what is on disk, manifest included."""
    problems = []
    generated = set(bundle.files)
    on_disk = {
        p.name
        for p in target.iterdir()
        if p.is_file() and (not p.name.startswith(".") or p.name in generated)
    }
    for name, text in bundle.files.items():
        path = target / name
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        current = path.read_text(encoding="utf-8")
        if current != text:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"{path} (on disk)",
                tofile=f"{path} (rendered)",
            )
            problems.append(f"{path}: drifted\n{''.join(diff)}")
        pristine = target / PRISTINE / name
        if not pristine.is_file() or pristine.read_text(encoding="utf-8") != text:
            problems.append(f"{pristine}: missing or not the rendered text")
    for extra in sorted(on_disk - generated):
        problems.append(f"{target / extra}: not part of the rendered bundle")
    manifest = read_manifest(target)
    if manifest is None:
        problems.append(f"{target / MANIFEST}: missing")
    elif (target / MANIFEST).read_text(encoding="utf-8") != manifest_text(
        bundle.name, bundle.spec_hash, bundle.files
    ):
        problems.append(f"{target / MANIFEST}: does not record the rendered bundle")
    return problems


def check_tree(root: Path) -> list[str]:
    specs = sorted(root.glob("*/spec.yaml"))
    if not specs:
        raise UserError(f"no */spec.yaml under {root}/")
    problems: list[str] = []
    for spec_path in specs:
        problems += diff_bundle(render_bundle(load_spec(spec_path)), spec_path.parent)
    return problems
