"""The base model every spec component derives from."""

from pydantic import BaseModel, ConfigDict


class SpecModel(BaseModel):
    """Strict: unknown keys are errors, values are checked when the model is built, and no
    float is NaN or infinite (JSON and YAML decoders accept them; no pipeline means them)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, allow_inf_nan=False)
