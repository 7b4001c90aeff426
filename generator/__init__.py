"""etl-gen: turn a one-sentence streaming pipeline request into a reviewed, runnable processor bundle."""

from typing import Any


def __getattr__(name: str) -> Any:
    """`__version__` is read from the installed metadata on first use: importlib.metadata
    costs tens of milliseconds that `etl-gen --help` and `etl-gen spec` need not pay."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("etl-gen")
    except PackageNotFoundError:  # running from a source tree without an install
        found = "0.1.0"
    globals()["__version__"] = found
    return found
