"""Reading a file a user names, bounded before it is held: a regular file of at most N bytes.

Why: `logo: /dev/zero` in a branding file read forever, a FIFO blocks, a folder raises
IsADirectoryError, and a multi-gigabyte file is read whole before any check (issue 23). Here
each is refused with one line naming the file, before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class InputFileError(ValueError):
    """The file cannot be used; str() is one line naming the file and the problem."""


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputFileError otherwise."""
    name = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputFileError(f"{name}: cannot read the {what} ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"{name}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(f"{name}: is not a regular file (a device or a pipe); give a {what}")
    if info.st_size > limit:
        raise InputFileError(
            f"{name}: the {what} is {info.st_size:,} bytes; the limit is {limit:,}"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        raise InputFileError(f"{name}: cannot read the {what} ({exc.strerror})") from None
    if len(data) > limit:
        raise InputFileError(f"{name}: the {what} is over the limit of {limit:,} bytes")
    return data
