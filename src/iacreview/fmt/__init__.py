"""Canonical formatting, byte for byte what `terraform fmt` (v1.11) prints.

The formatter works on the parser's token stream, never on text with regular
expressions: Terraform's own rewrites (rewrites.py) first, then HCL's layout:
lines and cells (lines.py), indentation (indent.py), spacing (spacing.py),
alignment (align.py). Every call checks its output (safety.py).

    >>> from iacreview.fmt import format_source
    >>> format_source("a=1\\nbb = 2\\n")
    'a  = 1\\nbb = 2\\n'
"""

from iacreview.fmt.api import format_source, format_tree
from iacreview.fmt.safety import InternalFormatError
from iacreview.hcl.errors import HCLSyntaxError

__all__ = ["HCLSyntaxError", "InternalFormatError", "format_source", "format_tree"]
