"""No spec value can put code into a bundle (the structural fuzz test).

For every committed spec, each free string (description, assumptions, filter values, field
descriptions: anything the spec does not validate as a name) is replaced by a hostile string,
and each name by a near miss (a trailing newline, a NUL, a look-alike letter). Each case must be
refused as an invalid spec, or render a bundle whose structure is the benign bundle's:
- every Python module has the same AST once constants are masked (same statements);
- every SQL statement has the same token structure;
- README.md has the same HTML tags, links, images, autolinks, code fences and table cells;
- spec.yaml and the connector JSON load back to exactly the values given.
Templates render without the quality gate here (it only formats, and is slow); the cases in
test_injection_regression.py go through the whole command line.
"""

import ast
import copy
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import generator.render.bundle as bundle_module
from generator.errors import UserError
from generator.spec import load_spec, spec_from_dict, spec_to_dict
from tests.support.bundles import no_gate

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    json.loads(line)
    for line in (ROOT / "tests/data/hostile_strings.jsonl").read_text().splitlines()
    if line.strip()
]
NEAR_MISSES = ("{}\n", "{}\x00", "\x00{}", "{} ", "{}\u2028", "{}\t", "\u0430{}", "{}\uff3f")
SPECS = sorted(
    p
    for p in [*ROOT.glob("generated/*/spec.yaml"), *ROOT.glob("tests/golden/*/spec.yaml")]
    if not (p.parent / "stderr.txt").exists()
)
Path_ = tuple[str | int, ...]


def _walk(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def _set(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    copied = copy.deepcopy(data)
    node: Any = copied
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copied


def _valid(data: dict[str, Any]) -> bool:
    try:
        spec_from_dict(data)
    except UserError:
        return False
    return True


def _with_free_text(data: dict[str, Any]) -> dict[str, Any]:
    """The spec plus one of each free-text slot: a description, an assumption and, where the
    input has a string field, a string filter placed first."""
    data = copy.deepcopy(data)
    data["description"] = data.get("description") or "benign"
    data["assumptions"] = [*data.get("assumptions", []), "benign"]
    fields = data.get("schema", {}).get("fields", [])
    text_field = next((f["name"] for f in fields if f.get("type", "string") == "string"), None)
    if text_field:
        first = {"kind": "filter", "field": text_field, "op": "eq", "value": "benign"}
        data["operators"] = [first, *data.get("operators", [])]
    assert _valid(data), "the benign variant of a committed spec must be valid"
    return data


class Case:
    """A committed spec: its benign variant, its free-text and name slots, its benign render."""

    def __init__(self, path: Path) -> None:
        self.name = path.parent.name
        self.data = _with_free_text(spec_to_dict(load_spec(path)))
        self.free: list[Path_] = []
        self.names: list[Path_] = []
        for slot, value in _walk(self.data):
            if slot[0] == "spec_version":
                continue
            changed = _set(self.data, slot, f"{value} x")
            (self.free if _valid(changed) else self.names).append(slot)
        self.benign = structure(render(self.data))


def render(data: dict[str, Any]) -> dict[str, str]:
    return bundle_module.render_bundle(spec_from_dict(data)).files


class _MaskConstants(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        return ast.Constant(value=type(node.value).__name__)


_SQL_TOKEN = re.compile(r"'(?:[^'\\]|\\.)*'|`[^`]*`|--[^\n]*|\w+|[^\s\w]")


def sql_shape(sql: str) -> list[str]:
    kinds = []
    for token in _SQL_TOKEN.findall(sql):
        if token.startswith("'"):
            kinds.append("<string>")
        elif token.startswith("--"):
            kinds.append("<comment>")
        else:
            kinds.append(token)
    return kinds


_MD_CONSTRUCTS = {
    "html": re.compile(r"<\s*[A-Za-z/!?]"),
    "link": re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\("),
    "image": re.compile(r"(?<!\\)!(?<!\\)\["),
    "autolink": re.compile(r"(?<!\\)://|(?<!\\)www\.(?=\w)|<[a-z]+:"),
    "entity": re.compile(r"&(?!amp;|lt;)[#A-Za-z0-9]+;"),
    "fence": re.compile(r"^(```|~~~)", re.MULTILINE),
}


def readme_shape(text: str) -> dict[str, Any]:
    """Markdown constructs outside code blocks; inside them (the Mermaid diagram, commands), the
    characters that could end a label or start a tag or a Markdown string, line by line."""
    prose, code, fenced = [], [], False
    for line in text.splitlines():
        if _MD_CONSTRUCTS["fence"].match(line):
            fenced = not fenced
        (code if fenced else prose).append(line)
    body = "\n".join(prose)
    shape: dict[str, Any] = {k: len(p.findall(body)) for k, p in _MD_CONSTRUCTS.items()}
    shape["lines"] = len(text.splitlines())
    rows = [line for line in prose if line.startswith("|")]
    shape["cells"] = [len(re.findall(r"(?<!\\)\|", row)) for row in rows]
    shape["code"] = [(line.count('"'), line.count("<"), line.count("`")) for line in code]
    return shape


def structure(files: dict[str, str]) -> dict[str, Any]:
    shape: dict[str, Any] = {"files": sorted(files)}
    for path, text in files.items():
        if path.endswith(".py"):
            tree = _MaskConstants().visit(ast.parse(text))
            shape[path] = ast.dump(tree)
            ddl = [
                node.value
                for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.lstrip().startswith("CREATE ")
            ]
            shape[f"{path}:sql"] = [sql_shape(statement) for statement in ddl]
        elif path.endswith(".sql"):
            shape[path] = sql_shape(text)
        elif path == "README.md":
            shape[path] = readme_shape(text)
        elif path.endswith(".json"):
            shape[path] = sorted(json.loads(text))
        elif path.endswith(".toml"):
            shape[path] = sorted(tomllib.loads(text))
    return shape


def check_bundle(case: Case, data: dict[str, Any]) -> None:
    files = render(data)
    assert structure(files) == case.benign
    assert yaml.safe_load(files["spec.yaml"]) == spec_to_dict(spec_from_dict(data))


CASES = {path.parent.name: path for path in SPECS}


_loaded: dict[str, Case] = {}


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Case:
    monkeypatch.setattr(bundle_module, "finish_python_files", no_gate)
    if request.param not in _loaded:
        _loaded[request.param] = Case(CASES[request.param])
    return _loaded[request.param]


hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join),
    st.text(max_size=40),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure prints its draws as is
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=st.data())
def test_hostile_free_text_changes_no_structure(case: Case, data: st.DataObject) -> None:
    slots = data.draw(st.lists(st.sampled_from(case.free), min_size=1, max_size=3), label="slots")
    hostile = case.data
    for slot in slots:
        hostile = _set(hostile, slot, data.draw(hostile_text, label=str(slot)))
    if _valid(hostile):
        check_bundle(case, hostile)


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_near_miss_names_are_refused_or_normalised(case: Case, data: st.DataObject) -> None:
    slot = data.draw(st.sampled_from(case.names), label="slot")
    value = dict(_walk(case.data))[slot]
    pattern = data.draw(st.sampled_from(NEAR_MISSES), label="near miss")
    variant = pattern.format(value[1:]) if pattern.startswith("\u0430") else pattern.format(value)
    try:
        spec = spec_from_dict(_set(case.data, slot, variant))
    except UserError:
        return
    # Accepted only by normalising it back to the valid name (bootstrap servers are trimmed).
    assert dict(_walk(spec_to_dict(spec)))[slot] == value


@pytest.mark.parametrize("name", ["dedup_payments_hash_lookup", "orders_cdc"])
def test_every_hostile_string_in_every_free_slot(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not sampled: the whole corpus, each string in every free slot at once."""
    monkeypatch.setattr(bundle_module, "finish_python_files", no_gate)
    case = _loaded.get(name) or _loaded.setdefault(name, Case(CASES[name]))
    rendered = 0
    for text in HOSTILE:
        hostile = case.data
        for slot in case.free:
            hostile = _set(hostile, slot, text)
        if _valid(hostile):
            check_bundle(case, hostile)
            rendered += 1
    # Only strings over the shortest cap (a note's 500 characters) may be refused.
    assert rendered == sum(len(text) <= 500 for text in HOSTILE)
