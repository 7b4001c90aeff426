"""Every spec the offline parser reads from the request corpus renders its bundle.

The templates place only escaped values (escape.guard refuses anything else), so a spec shape no
golden covers can fail at generation with "a template placed str ... without an escaper" after
the parser accepted the request. This renders every parsing case of tests/requests through the
templates; the layout step (ruff/black, the quality gate) is skipped to keep it to about a
minute: generated/ and the goldens run it on their specs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.render.bundle as bundle
from generator.parse.rules import parse_request
from tests.support.bundles import no_gate

REQUESTS = Path(__file__).resolve().parents[1] / "requests"
PARSING = sorted(
    p.parent for p in REQUESTS.glob("*/expected.yaml") if not (p.parent / "xfail.txt").exists()
)


def test_every_parsed_request_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "finish_python_files", no_gate)
    failed = []
    for case in PARSING:
        spec = parse_request((case / "request.txt").read_text().strip())
        try:
            rendered = bundle.render_bundle(spec)
        except Exception as error:  # every failure is listed, not just the first
            failed.append(f"{case.name}: {error}")
            continue
        assert f"{spec.name}.py" in rendered.files, case.name
    assert len(PARSING) > 2000
    assert not failed, "\n".join(failed)
