"""The parent's handle on one worker process, and a blocking "review this job" on top of it.

The local pool multiplexes several sandboxes with `select`; a Dask task uses
`review_isolated`, which keeps one sandbox per Dask worker thread. Either way a
review runs in a separate process, so a timeout is a kill, a memory blow-up
is that process's MemoryError, and a crash is that process's death, never
the caller's.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

from iacreview.batch import protocol
from iacreview.batch.jobs import Job, Outcome, failed

#: How long a new worker may take to import the analysis before it counts as broken.
START_TIMEOUT = 120.0
_STDERR_TAIL = 600


class WorkerStartError(RuntimeError):
    """A worker process could not start (the message carries the end of its stderr)."""


class Sandbox:
    """One worker process: start it, give it a job, read the outcome, kill it."""

    def __init__(self, name: str, memory_mb: int = 0, die_with_parent: bool = True) -> None:
        self.name = name
        self.memory_mb = memory_mb
        self.die_with_parent = die_with_parent
        self.ready = False
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr = tempfile.TemporaryFile(prefix="iacreview-worker-")

    def start(self) -> None:
        command = [sys.executable, "-m", "iacreview.batch.worker", "--memory-mb", str(self.memory_mb)]
        if self.die_with_parent:
            command.append("--die-with-parent")
        self._stderr.seek(0)
        self._stderr.truncate()
        self.ready = False
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            bufsize=0, start_new_session=True, close_fds=True,
        )

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def fileno(self) -> int:
        assert self._process is not None and self._process.stdout is not None
        return self._process.stdout.fileno()

    def accept_ready(self) -> None:
        """Read the worker's "ready" greeting (raises ChannelClosed when it died starting)."""
        message = protocol.receive(self.fileno())
        if not (isinstance(message, tuple) and message and message[0] == "ready"):
            raise protocol.ChannelClosed(f"unexpected greeting {message!r}")
        self.ready = True

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        readable, _, _ = select.select([self.fileno()], [], [], timeout)
        try:
            if not readable:
                raise protocol.ChannelClosed(f"no greeting within {timeout:.0f} s")
            self.accept_ready()
        except protocol.ChannelClosed as exc:
            self.kill()
            raise WorkerStartError(f"worker {self.name} could not start: {exc}; {self.death_reason()}") from None

    def send(self, job: Job) -> bool:
        """Hand `job` to the worker; False when the worker is gone."""
        assert self._process is not None and self._process.stdin is not None
        try:
            protocol.send(self._process.stdin.fileno(), job)
        except protocol.ChannelClosed:
            return False
        return True

    def receive(self) -> Outcome | None:
        """The outcome of the job in hand, or None when the worker died first."""
        try:
            outcome = protocol.receive(self.fileno())
        except protocol.ChannelClosed:
            return None
        if not isinstance(outcome, Outcome):
            return None
        outcome.worker = self.name
        return outcome

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            try:
                os.kill(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._process.wait()
        self._close_pipes()

    def close(self, grace: float = 2.0) -> None:
        """Let an idle worker exit by closing its input; kill it if it lingers."""
        if self._process is None:
            return
        if self._process.stdin is not None and not self._process.stdin.closed:
            self._process.stdin.close()
        try:
            self._process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close_pipes()

    def dispose(self) -> None:
        self.close()
        self._stderr.close()

    def death_reason(self) -> str:
        """How the worker ended ("killed by SIGKILL", "exit status 3") and the end of its stderr."""
        if self._process is None:
            return "never started"
        try:
            code = self._process.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self._process.returncode
        if code is not None and code < 0:
            try:
                reason = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                reason = f"killed by signal {-code}"
        else:
            reason = f"exit status {code}"
        tail = self._stderr_tail()
        return f"{reason}; stderr: {tail}" if tail else reason

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - _STDERR_TAIL))
            text = self._stderr.read().decode("utf-8", errors="replace")
        except (OSError, ValueError):
            return ""
        return " ".join(text.split())[-_STDERR_TAIL:]

    def _close_pipes(self) -> None:
        assert self._process is not None
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None and not stream.closed:
                stream.close()


_local = threading.local()


def review_isolated(job: Job, timeout: float, memory_mb: int, max_attempts: int) -> Outcome:
    """Review `job` in this thread's worker process, restarting it after a crash or a timeout.

    Used where the caller is itself a worker (a Dask task): blocking, one job at a time.
    """
    attempts = 0
    reason = ""
    while attempts < max_attempts:
        attempts += 1
        sandbox = _thread_sandbox(memory_mb)
        started = time.monotonic()
        if not sandbox.send(job):
            reason = _drop(sandbox)
            continue
        readable, _, _ = select.select([sandbox.fileno()], [], [], timeout)
        if not readable:
            sandbox.kill()
            _drop(sandbox)
            return failed(job, "timeout", f"review took longer than {timeout:g} s (worker killed)",
                          attempts=attempts, wall_seconds=time.monotonic() - started, worker=sandbox.name)
        outcome = sandbox.receive()
        if outcome is None:
            reason = _drop(sandbox)
            continue
        if outcome.fatal:
            _drop(sandbox)
        outcome.job = job
        outcome.attempts = attempts
        outcome.wall_seconds = time.monotonic() - started
        return outcome
    return failed(job, "crash", f"worker died on each of {attempts} attempts ({reason})", attempts=attempts)


def _drop(sandbox: Sandbox) -> str:
    """Forget this thread's worker; how it ended."""
    reason = sandbox.death_reason() if not sandbox.alive() else "replaced"
    sandbox.dispose()
    _local.sandbox = None
    return reason


def _thread_sandbox(memory_mb: int) -> Sandbox:
    sandbox: Sandbox | None = getattr(_local, "sandbox", None)
    if sandbox is not None and sandbox.alive() and sandbox.memory_mb == memory_mb:
        return sandbox
    if sandbox is not None:
        sandbox.dispose()
    # A Dask worker thread may be replaced; tying the child's life to the thread would kill it then.
    sandbox = Sandbox(f"{os.getpid()}-{threading.get_ident()}", memory_mb, die_with_parent=False)
    sandbox.start()
    sandbox.wait_ready()
    _local.sandbox = sandbox
    return sandbox
