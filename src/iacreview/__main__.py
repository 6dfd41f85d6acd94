"""`python -m iacreview` runs the CLI."""

from iacreview.cli.main import main

main()
