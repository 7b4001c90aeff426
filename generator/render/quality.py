"""The quality gate every generated Python file passes: isort order, black, libcst, ruff."""

import subprocess

import black
import libcst
from ruff.__main__ import find_ruff_bin

from ..errors import GenerationError

LINE_LENGTH = 100
# The rule set generated code is held to (also used by the tests on generated/).
RUFF_RULES = "E,F,W,I,B,UP,SIM,C4,RUF,N,ASYNC,PL"
# E501: black owns line length; what it cannot wrap is a spec value (a long filter value or
# description) in a string or docstring, which must not make generation fail.
RUFF_IGNORE = "E501,PLR0913,PLR2004,PLR0911,PLR0912,PLR0915,PLW2901,PLC0415"


def _ruff(args: list[str], source: str, filename: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            find_ruff_bin(),
            *args,
            "--isolated",
            f"--line-length={LINE_LENGTH}",
            "--target-version=py311",
            f"--select={RUFF_RULES}",
            f"--ignore={RUFF_IGNORE}",
            f"--stdin-filename={filename}",
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )


def finish_python(source: str, filename: str, template: str) -> str:
    """Sort imports, format with black, and refuse anything that does not parse or lint clean."""
    try:
        libcst.parse_module(source)
    except libcst.ParserSyntaxError as error:
        raise GenerationError(
            f"template {template} rendered {filename} that does not parse: {error}"
        ) from None
    sorted_imports = _ruff(
        ["check", "--select=I", "--fix", "--quiet", "--exit-zero"], source, filename
    )
    if sorted_imports.returncode != 0:
        raise GenerationError(f"ruff could not sort imports of {filename}: {sorted_imports.stderr}")
    try:
        formatted = black.format_str(
            sorted_imports.stdout, mode=black.Mode(line_length=LINE_LENGTH)
        )
    except black.InvalidInput as error:
        raise GenerationError(f"template {template}: black rejected {filename}: {error}") from None
    lint = _ruff(["check", "--output-format=concise", "--no-fix"], formatted, filename)
    if lint.returncode != 0:
        raise GenerationError(
            f"template {template} rendered {filename} with lint findings:\n{lint.stdout.strip()}"
        )
    return formatted
