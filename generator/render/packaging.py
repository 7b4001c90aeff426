"""What a bundle installs: the runtime packages its processor imports, with tested ranges.

Each range's floor is the oldest release the generated code is written against, its ceiling
the next release line after the one the test suite runs on (a major version, or for 0.x
packages a minor one), so a bundle does not float onto an untested API.
"""

from typing import Any

from .escape import tomlstr

# package -> (requirement, what in the processor needs it)
RUNTIME_PACKAGES = {
    "aiokafka": ("aiokafka>=0.11,<0.15", "the Kafka consumer and producers"),
    "orjson": ("orjson>=3.9,<4", "JSON decoding and encoding"),
    # 0.19 fixed decoding of some integers above 64 bits; tested on 0.23
    "msgspec": ("msgspec>=0.19,<0.24", "decoding and validating records in one native pass"),
    "prometheus-client": (
        "prometheus-client>=0.17,<1",
        "the /metrics, /healthz and /readyz endpoints (--metrics-port)",
    ),
    # hiredis: redis-py's C reply parser, ~4x less CPU per looked-up key than its own
    "redis": ("redis[hiredis]>=5.0,<9", "Redis lookups and writes (redis.asyncio)"),
    "clickhouse-connect": ("clickhouse-connect>=0.9,<2", "the ClickHouse client"),
    "chdb": ("chdb>=3.0,<5", "the embedded ClickHouse engine used when no server is given"),
    # also a dependency of chDB; tested on 26
    "pyarrow": ("pyarrow>=13,<27", "the ClickHouse inserts' Arrow tables"),
}
TEST_PACKAGES = ("pytest>=8,<10",)
PYTHON_REQUIRES = ">=3.11"
PYTHON_IMAGE = "python:3.12-slim"


def runtime_packages(context: dict[str, Any]) -> list[str]:
    """Exactly the packages the rendered processor imports, in a stable order."""
    names = ["aiokafka", "orjson", "prometheus-client"]
    if context["fast_decode"]:
        names.insert(1, "msgspec")
    if context["redis"]:
        names.append("redis")
    if context["clickhouse"]:
        names += ["clickhouse-connect", "chdb", "pyarrow"]
    return names


def distribution_name(pipeline_name: str) -> str:
    """The PEP 503 normalised project name of a bundle: `clickstream_sessions` ->
    `clickstream-sessions`."""
    return pipeline_name.replace("_", "-").lower()


def packaging_context(context: dict[str, Any]) -> dict[str, Any]:
    names = runtime_packages(context)
    return {
        "distribution": distribution_name(context["name"]),
        # a JSON string is a valid TOML basic string
        "description_toml": tomlstr(context["title"]),
        # TOML strings: an extra's brackets are not plain words
        "requirements": [tomlstr(RUNTIME_PACKAGES[name][0]) for name in names],
        "requirement_reasons": [(name, RUNTIME_PACKAGES[name][1]) for name in names],
        "test_requirements": list(TEST_PACKAGES),
        "python_requires": PYTHON_REQUIRES,
        "python_image": PYTHON_IMAGE,
    }
