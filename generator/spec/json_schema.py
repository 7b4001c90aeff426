"""The published JSON Schema of spec.yaml (`spec.schema.json` at the repository root).

Editors validate spec files against it (e.g. the YAML language server's
`# yaml-language-server: $schema=...` comment); `make schema` rewrites it from the pydantic models,
and a test keeps the committed file in step with them.
"""

import json
import sys
from pathlib import Path
from typing import Any

from .pipeline import Pipeline

SCHEMA_FILE = "spec.schema.json"
SCHEMA_ID = "https://etl-gen.dev/spec.schema.json"


def spec_json_schema() -> dict[str, Any]:
    """Pipeline's validation schema, with the keys spec.yaml uses (`schema`, not `schema_`)."""
    schema = Pipeline.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def render() -> str:
    return json.dumps(spec_json_schema(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    """Write the schema to the path given (default: spec.schema.json here)."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else SCHEMA_FILE)
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
