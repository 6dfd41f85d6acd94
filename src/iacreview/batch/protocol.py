"""Length-prefixed pickles over a pipe: how the parent and a worker process talk.

The worker is our own child process running our own code, so pickle is safe
here. Every message is a 4-byte big-endian length and the pickle; reads and
writes use raw file descriptors so that `select` on the pipe tells the truth
(no data hidden in a Python-side buffer).
"""

from __future__ import annotations

import os
import pickle
import struct
from typing import Any

_HEADER = struct.Struct(">I")


class ChannelClosed(Exception):
    """The other end went away (EOF or a broken pipe), possibly in the middle of a message."""


def send(fd: int, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    payload = memoryview(_HEADER.pack(len(data)) + data)
    try:
        while payload:
            written = os.write(fd, payload)
            payload = payload[written:]
    except (BrokenPipeError, ConnectionResetError) as exc:
        raise ChannelClosed(str(exc)) from None


def receive(fd: int) -> Any:
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size))
    return pickle.loads(_read_exact(fd, size))


def _read_exact(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        try:
            chunk = os.read(fd, min(size, 1 << 20))
        except ConnectionResetError as exc:
            raise ChannelClosed(str(exc)) from None
        if not chunk:
            raise ChannelClosed("end of file")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
