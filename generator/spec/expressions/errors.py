"""The errors an expression can be refused with: ValueErrors that point at the culprit."""

import re

_SHOWN = 100  # characters of a long line shown in an error


def source_lines(text: str) -> list[str]:
    """Lines as Python's tokenizer counts them (not str.splitlines, which also splits at U+2028)."""
    return re.split(r"\r\n|\r|\n", text)


class ExpressionError(ValueError):
    """An expression we refuse; the message quotes the text with a caret under the culprit."""

    def __init__(
        self,
        reason: str,
        text: str = "",
        line: int = 1,
        col: int | None = None,
        end_col: int | None = None,
    ) -> None:
        self.reason = reason
        self.text = text
        self.line = line
        self.col = col
        message = reason
        if text and col is not None:
            lines = source_lines(text)
            shown = lines[min(line, len(lines)) - 1]
            end = end_col if end_col is not None and end_col > col else col + 1
            start = max(0, col - 40) if len(shown) > _SHOWN else 0  # a window around a long line
            shown, col, end = shown[start : start + _SHOWN], col - start, min(end - start, _SHOWN)
            where = f"line {line}: " if len(lines) > 1 else ""
            message += f"\n  {where}{shown}\n  {' ' * (len(where) + col)}{'^' * max(1, end - col)}"
        super().__init__(message)


class ExpressionSyntaxError(ExpressionError):
    """Not an expression at all (unbalanced brackets, `=` for `==`, ...)."""


class UnsupportedSyntaxError(ExpressionError):
    """Valid Python that is outside the language (attributes, lambdas, unknown functions, ...)."""


class UnknownFieldError(ExpressionError):
    """A name that is not a field of the schema at this point of the pipeline."""


class ExpressionTypeError(ExpressionError):
    """Operands of the wrong type (`amount > 'x'`, `lower(amount)`)."""


class ExpressionTooComplexError(ExpressionError):
    """Valid, but its Python rendering would be unreadably large (deeply nested null handling)."""
