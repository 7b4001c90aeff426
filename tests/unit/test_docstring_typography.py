"""A request pasted with typographic characters (en dashes, curly quotes, an acute accent used
as an apostrophe, fullwidth commas) renders: its description reaches the processor's docstring,
where ruff's RUF002 refuses look-alikes of ASCII characters (found by
tests/unit/test_spec_renders_property.py: generation stopped with an internal error)."""

from pathlib import Path

import yaml

from generator.parse.rules import parse_request
from generator.render.bundle import render_bundle
from generator.render.escape import pydoc
from generator.spec import spec_from_dict

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def test_request_with_an_en_dash_renders() -> None:
    spec = parse_request("From topic orders keep orders where amount > 5 \u2013 write to stdout")
    assert "\u2013" in spec.description  # the spec keeps the text as written
    files = render_bundle(spec).files  # the quality gate (ruff with RUF) runs here
    assert "amount > 5 - write to stdout" in files[f"{spec.name}.py"]


def test_spec_description_with_look_alikes_renders() -> None:
    data = yaml.safe_load((GOLDEN / "kafka_key_text" / "spec.yaml").read_text())
    data["description"] = "Site \u00b4a\u00b4 \u2018b\u2019 \u00d7 2\uff0c c"
    files = render_bundle(spec_from_dict(data)).files
    assert "Site 'a' 'b' x 2, c" in files["readings_by_site.py"]


def test_pydoc_writes_look_alikes_as_ascii_and_keeps_letters() -> None:
    assert pydoc("a \u2013 b \u2018c\u2019 \u00d7 d\uff0c e\u2026") == "a - b 'c' x d, e..."
    assert pydoc("caf\u00e9 f\u00fcr \u0417\u0430\u043a\u0430\u0437\u044b") == (
        "caf\u00e9 f\u00fcr \u0417\u0430\u043a\u0430\u0437\u044b"
    )
