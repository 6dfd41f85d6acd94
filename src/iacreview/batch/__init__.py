"""Grading whole datasets: discovery, resumable storage, and parallel review.

`iacreview batch` finds task folders (and JSONL records), reviews each one in an
isolated worker process (a local pool or a Dask cluster) under a wall-clock
timeout and a memory cap, and writes every result to DuckDB as soon as it is
known. A rerun skips what is already stored for the same content, tool,
rule set and rubric, so killing a batch loses nothing and redoes nothing.

Nothing heavy is imported here: duckdb and dask are loaded only by the modules
that use them, when they are used.
"""
