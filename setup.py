"""Build hook for the optional native accelerators (metadata lives in pyproject.toml).

The extensions are optional: where no C compiler or Python headers are present
the build goes on without them and iacreview uses its pure-Python lexer, parser,
tree walk and formatter passes, which give the same results (tests/hcl/test_native_*.py,
tests/fmt/test_native_layout.py).
"""

from setuptools import Extension, setup

KINDS = "src/iacreview/hcl/token_kinds.h"  # the token-kind enum both the lexer and the parser read

setup(
    ext_modules=[
        Extension("iacreview.hcl._lexer", ["src/iacreview/hcl/_lexer.c"], depends=[KINDS], optional=True),
        Extension("iacreview.hcl._tree", ["src/iacreview/hcl/_tree.c"], optional=True),
        Extension("iacreview.hcl._parser", ["src/iacreview/hcl/_parser.c"], depends=[KINDS], optional=True),
        Extension("iacreview.fmt._layout", ["src/iacreview/fmt/_layout.c"], optional=True),
    ]
)
