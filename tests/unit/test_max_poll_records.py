"""source.max_batch_records is what a processor fetches per poll (`--max-poll-records`), never
more than a flush holds (`--batch-rows`)."""

import subprocess
import sys
from pathlib import Path

from generator.render import render_bundle, write_bundle
from generator.spec import load_spec

SPEC = Path(__file__).resolve().parent / "data" / "every_field" / "visits.yaml"

PROBE = """
import sys
import {name} as processor
config = processor.parse_args(["--bootstrap-servers", "127.0.0.1:9", *sys.argv[1:]])
print(config.max_poll_records, config.batch_rows)
"""


def _run(folder: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(name=name), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_spec_sets_the_poll_size_and_the_flag_overrides_it(tmp_path: Path) -> None:
    spec = load_spec(SPEC)
    assert spec.source.max_batch_records == 2000
    bundle = render_bundle(spec)
    write_bundle(bundle, tmp_path)
    assert (
        "min(self.config.max_poll_records, self.config.batch_rows)"
        in (tmp_path / f"{bundle.name}.py").read_text()
    )

    default = _run(tmp_path, bundle.name)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split()[0] == "2000"
    flagged = _run(tmp_path, bundle.name, "--max-poll-records", "50")
    assert flagged.stdout.split()[0] == "50", flagged.stderr
    refused = _run(tmp_path, bundle.name, "--max-poll-records", "0")
    assert refused.returncode == 2
    assert "--max-poll-records must be 1 or more" in refused.stderr
