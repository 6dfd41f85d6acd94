"""Problems the model layer finds: syntax errors, validation failures, notes.

They carry a rule id from the catalogue (SYN…, VAL…) so `check` and `review`
report them like any other finding, with file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacreview.hcl import Node


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of the model layer, positioned in a file of the module tree."""

    rule: str
    message: str
    file: str
    line: int = 1
    col: int = 1
    end_line: int | None = None
    end_col: int | None = None
    address: str | None = None
    fix: str | None = None  # what to change, where the check knows (the right name, the right type)
    reference: str | None = None  # a documentation page for this very problem (the resource's provider docs)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.rule} {self.message}"

    @classmethod
    def at(cls, rule: str, message: str, node: Node, address: str | None = None) -> Problem:
        return cls(rule, message, node.filename, node.line, node.col, node.end_line, node.end_col, address)
