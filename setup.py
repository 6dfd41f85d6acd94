"""Build hook for the optional native lexer (metadata lives in pyproject.toml).

The extension is optional: where no C compiler or Python headers are present
the build goes on without it and iacreview uses its pure-Python lexer, which
produces the same tokens (tests/hcl/test_native_lexer.py).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("iacreview.hcl._lexer", ["src/iacreview/hcl/_lexer.c"], optional=True)])
