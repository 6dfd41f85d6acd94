"""Errors raised while evaluating Terraform values and functions.

Every failure inside :mod:`iacreview.eval` surfaces as an :class:`EvalError`
so that callers never leak a Python traceback to users.  The evaluator that
walks the syntax tree catches these and fills in the position fields (file,
line, column) before reporting, because only it knows where the failing
expression sits in the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class EvalError(Exception):
    """A user-facing evaluation failure with optional source position.

    ``summary`` is the short Terraform-style headline (``"Invalid function
    argument"``); ``message`` is the detail sentence.  Position fields start
    empty and are set by the evaluator with :meth:`at`.
    """

    message: str
    summary: str = "Error in function call"
    filename: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    function: str | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = ""
        if self.filename is not None:
            where = self.filename
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.summary}: {self.message}"

    def at(
        self,
        filename: str | None,
        line: int | None,
        column: int | None,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> "EvalError":
        """Attach a source position (only where none is set yet) and return self."""
        if self.filename is None:
            self.filename = filename
            self.line = line
            self.column = column
            self.end_line = end_line
            self.end_column = end_column
        return self


class ConversionError(EvalError):
    """A value could not be converted to the requested type.

    ``path`` renders like Terraform's attribute paths (``element 0``,
    ``attribute "name"``) and is already included in ``message``.
    """

    def __init__(self, message: str, path: str = "") -> None:
        full = f"{path}: {message}" if path else message
        super().__init__(full, summary="Invalid value")
        self.path = path
        self.bare_message = message


class FunctionArgError(EvalError):
    """An argument to a built-in function was unsuitable.

    ``arg_index`` is the 0-based position of the offending argument, so the
    evaluator can point at that argument expression rather than the call.
    """

    def __init__(self, message: str, arg_index: int | None = None, function: str | None = None) -> None:
        super().__init__(message, summary="Invalid function argument", function=function)
        self.arg_index = arg_index


class LimitExceededError(EvalError):
    """An operation would exceed a safety limit (size, length, magnitude)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, summary="Resource limit exceeded")


class UnknownFunctionError(EvalError):
    """The called function does not exist in the registry."""

    def __init__(self, name: str, message: str | None = None) -> None:
        super().__init__(
            message or f'There is no function named "{name}".',
            summary="Call to unknown function",
            function=name,
        )


class ArityError(EvalError):
    """A function was called with the wrong number of arguments."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message, summary="Incorrect number of function arguments", function=name)


class FileAccessUnavailable(EvalError):
    """A file function was called where no file tree is available (an answer held in memory).

    The function registry turns this into an unknown result: the file may well
    exist in the real repository, so its content is simply not known here.
    """
