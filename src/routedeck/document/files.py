"""Reading a config safely: only regular files, only up to a size cap, never blocking.

`open()` on a FIFO waits for a writer forever and `/dev/zero` never ends, so the file is opened
only when `stat` says it is a regular file, without blocking (it may have become a FIFO since),
checked again with `fstat` on the very descriptor that is then read, and read with a cap.
"""

from __future__ import annotations

import os
import stat

from routedeck.document.errors import DocumentError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest config routedeck reads or writes (a 100,000-route config is about 10 MB)."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotARegularFileError(DocumentError):
    """The path names a folder, a FIFO, a device or a socket, or a file over the size cap."""


def kind_of_file(mode: int) -> str | None:
    """What a file that is not a regular file is ("a named pipe (FIFO)"), None for a regular
    file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def refuse_special(mode: int, size: int, doing: str = "reads") -> None:
    """Raise NotARegularFileError unless `mode` is a regular file of at most MAX_FILE_BYTES."""
    kind = kind_of_file(mode)
    if kind is not None:
        raise NotARegularFileError(
            f"is {kind}, not a regular file: routedeck {doing} only regular files"
        )
    if size > MAX_FILE_BYTES:
        raise NotARegularFileError(
            f"is {size:,} bytes, over routedeck's limit of {MAX_FILE_BYTES // 2**20} MB "
            f"({MAX_FILE_BYTES:,} bytes) for a config file"
        )


def read_regular_file(path: str | os.PathLike[str]) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most MAX_FILE_BYTES, and its status.

    Raises FileNotFoundError when it does not exist, NotARegularFileError (a DocumentError) for
    a folder, FIFO, device or socket (without blocking on it) or a file over the cap, and
    DocumentError with a plain sentence for any other failure to read.
    """
    try:
        before = os.stat(path)
        refuse_special(before.st_mode, before.st_size)  # never open a device: it may act on it
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        status = os.fstat(fd)  # what was opened, should the path have changed since
        refuse_special(status.st_mode, status.st_size)
        os.set_blocking(fd, True)
        return _read_capped(fd), status
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _read_capped(fd: int) -> bytes:
    """Read to the end, refusing a file that grows past the cap while it is read."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, 1 << 20):
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            refuse_special(stat.S_IFREG, total)
        chunks.append(chunk)
    return b"".join(chunks)
