"""etl-gen: turn a one-sentence streaming pipeline request into a reviewed, runnable processor bundle."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("etl-gen")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.1.0"
