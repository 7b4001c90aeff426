"""The seed platform's /api/v1/streaming/create payload -> spec. Filled in by the spec issue."""

from typing import Any

from ..errors import SpecError
from ..spec import Pipeline


def spec_from_payload(data: dict[str, Any]) -> Pipeline:
    raise SpecError("seed payloads are not supported yet")
