"""The one error of this package: shipped schema data that cannot be read."""

from __future__ import annotations


class SchemaDataError(Exception):
    """A schema file is missing, corrupt or of an unknown format.

    The message is one line naming the file, so the command line can print it
    as an input error instead of a traceback.
    """
