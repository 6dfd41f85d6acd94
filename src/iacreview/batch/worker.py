"""The isolated worker process: `python -m iacreview.batch.worker`.

One worker reviews one job at a time under an address-space limit
(RLIMIT_AS), so a task that blows up its memory fails alone instead of taking
the machine with it. The parent enforces the wall-clock timeout by killing the
worker; a worker whose parent dies exits (PR_SET_PDEATHSIG where asked for,
and end-of-file on its input in any case).

Its real stdout is kept for the protocol; anything the review prints goes to
stderr, which the parent keeps to explain a crash.
"""

from __future__ import annotations

import argparse
import ctypes
import faulthandler
import os
import resource
import signal
import sys
from dataclasses import replace

from iacreview.batch import protocol

_PR_SET_PDEATHSIG = 1


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space; 0 leaves it unlimited."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def die_with_parent() -> None:
    """Ask Linux to kill this process when the process that started it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before we asked
        os._exit(1)


def serve(read_fd: int, write_fd: int, memory_mb: int) -> int:
    """Answer jobs until the parent closes the pipe; 3 after a job that left the process unfit."""
    from iacreview.batch.jobs import DEFAULT_REVIEWER
    from iacreview.batch.review_job import load_reviewer, review_job

    load_reviewer(DEFAULT_REVIEWER)  # import the analysis once, before the first job's clock starts
    limit_memory(memory_mb)
    protocol.send(write_fd, ("ready", os.getpid()))
    while True:
        try:
            job = protocol.receive(read_fd)
        except protocol.ChannelClosed:
            return 0
        outcome = review_job(job, memory_mb)
        outcome.job = replace(job, record=None)  # the parent has the record; don't send it back
        try:
            protocol.send(write_fd, outcome)
        except protocol.ChannelClosed:
            return 0
        if outcome.fatal:
            return 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iacreview.batch.worker")
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--die-with-parent", action="store_true")
    args = parser.parse_args(argv)
    if args.die_with_parent:
        die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a batch stops
    faulthandler.enable(sys.stderr)
    write_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints must not corrupt the protocol
    return serve(0, write_fd, args.memory_mb)


if __name__ == "__main__":
    sys.exit(main())
