"""Every valid spec renders a clean bundle: a property test over the spec space.

The LLM path can answer with any spec the models in generator/spec accept, including shapes
the offline parser never writes (tests/unit/test_corpus_renders.py renders only those). A valid
spec that fails to render, or renders a processor that fails the quality gate or does not
import, is a crash a user meets after the LLM answered: either the templates honour the shape,
or validation refuses it with a clear message. The specs come from tests/support/specs.py.

CI runs a small fixed budget, derandomised and blind to the loaded modules' constants (the
fixture below), so it draws the same specs as a local run of this file. To hunt for bugs, run
a large one with a random seed:

    SPECPROP_PROFILE=large SPECPROP_EXAMPLES=3000 .venv/bin/python -m pytest -q -p no:cacheprovider \\
        tests/unit/test_spec_renders_property.py --hypothesis-seed=7

(`large` renders without the gate; SPECPROP_GATE_EXAMPLES sets the gated test's count.)
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings

import generator.render.bundle as bundle_module
from generator.spec import Pipeline, spec_from_dict
from generator.spec.source import SASL_PASSWORD_ENV, SASL_USERNAME_ENV
from tests.support.bundles import load_processor, no_gate
from tests.support.specs import no_local_constants, specs

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}
settings.register_profile(
    "specprop-ci",
    max_examples=100,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking in CI: a failure prints its spec
    **_COMMON,
)
settings.register_profile(
    "specprop-large",
    max_examples=int(os.environ.get("SPECPROP_EXAMPLES", "2000")),
    **_COMMON,
)
PROFILE = settings.get_profile(f"specprop-{os.environ.get('SPECPROP_PROFILE', 'ci')}")
GATED = int(os.environ.get("SPECPROP_GATE_EXAMPLES", "16"))
_modules = itertools.count()


@pytest.fixture(autouse=True, scope="module")
def _same_draws_alone_and_in_the_suite() -> Iterator[None]:
    """The same specs whether this file runs alone or after the rest of the suite: without
    this, hypothesis mixes constants from every loaded module into the draws, and each CI run
    drew (and found a lint finding in) other specs than a local run."""
    with no_local_constants():
        yield


def _check_spec_file(spec: Pipeline, files: dict[str, str]) -> None:
    """The bundle holds its processor and tests, and spec.yaml reads back as the spec."""
    assert f"{spec.name}.py" in files
    assert f"test_{spec.name}.py" in files
    assert spec_from_dict(yaml.safe_load(files["spec.yaml"])) == spec


@settings(PROFILE)
@given(spec=specs())
def test_every_valid_spec_renders(spec: Pipeline) -> None:
    """Templates and the render model take every valid spec (the layout step skipped: the
    test below runs it)."""
    with mock.patch.object(bundle_module, "finish_python_files", no_gate):
        files = bundle_module.render_bundle(spec).files
    _check_spec_file(spec, files)


@settings(PROFILE, max_examples=GATED)
@given(spec=specs())
def test_every_valid_spec_renders_a_clean_importable_processor(
    spec: Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The whole quality gate (parse, ruff's import order and lint, black's layout) passes on
    every Python file, and the processor imports and reads its default settings."""
    files = bundle_module.render_bundle(spec).files
    _check_spec_file(spec, files)
    folder = tmp_path_factory.mktemp("bundle")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    module = f"specprop_{spec.name}_{next(_modules)}"
    # A SASL processor refuses to start without its credentials, which only the environment
    # holds; one given a CA file checks it exists (here, one of the test's).
    credentials = {SASL_USERNAME_ENV: "user", SASL_PASSWORD_ENV: "secret"}
    args = []
    if spec.source.ssl_cafile is not None:
        (folder / "ca.pem").write_text("", encoding="utf-8")
        args = ["--ssl-cafile", str(folder / "ca.pem")]
    try:
        processor = load_processor(Path(folder / f"{spec.name}.py"), module)
        with mock.patch.dict(os.environ, credentials):
            config = processor.parse_args(args)
        assert config.group_id == spec.source.group_id
        assert config.security_protocol == spec.source.security_protocol
    finally:
        sys.modules.pop(module, None)
