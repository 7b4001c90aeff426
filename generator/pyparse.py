"""Python's own parser, one call at a time.

CPython 3.11's AST conversion keeps its recursion counter in state shared by all threads, so two
threads parsing at once can fail with "SystemError: AST constructor recursion depth mismatch"
(bundles are rendered from several threads by the tests and by any caller that wants to).
"""

import ast
import threading

_LOCK = threading.Lock()


def parse_python(source: str, mode: str = "exec") -> ast.AST:
    with _LOCK:
        return ast.parse(source, mode=mode)
