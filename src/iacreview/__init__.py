"""iacreview: reviews infrastructure-as-code written by language models, and grades datasets of it."""

__version__ = "0.1.0"
