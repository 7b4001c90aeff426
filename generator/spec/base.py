"""The base model every spec component derives from."""

from pydantic import BaseModel, ConfigDict


class SpecModel(BaseModel):
    """Strict: unknown keys are errors, values are checked when the model is built."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)
