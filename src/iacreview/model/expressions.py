"""What an expression is made of, as the validation walks need to know it.

Both the reference checks of validation and the schema's attribute checks walk
every expression; they agree here on which nodes end a walk, which start a
traversal, and which expressions hold nothing to resolve.
"""

from __future__ import annotations

from iacreview.hcl import nodes as N

#: Nodes with nothing below them to check: skipped without a look at their fields.
LEAVES = frozenset({N.Literal, N.TemplateLiteral, N.AnonSymbol})
#: Nodes a traversal (`aws_vpc.main.id`, `var.x[0]`, `a[*].b`) is built of.
TRAVERSALS = (N.GetAttr, N.Index, N.Splat, N.Variable)


def is_constant(expr: N.Node) -> bool:
    """A literal or a string without interpolation: nothing to resolve and nothing that can fail."""
    cls = expr.__class__
    return cls is N.Literal or (cls is N.Template and expr.is_literal)  # type: ignore[attr-defined]
