"""Telling a second routedeck that another one holds unsaved edits of the same file.

While its document is dirty, an editor keeps a marker beside the real file,
`.<name>.routedeck-<pid>.unsaved` (JSON: pid, host, since), and holds an `flock` on it. Another
routedeck lists the markers of that file: a marker whose lock it can take belongs to a process
that is gone (killed, crashed, or on a host that released it), so it is stale, removed and
ignored; pid reuse cannot fool this, unlike a check of whether the pid is alive. The marker is
written under a temporary name, locked, then renamed into place, so nobody sees it unlocked.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path

_SUFFIX = ".unsaved"


@dataclass(frozen=True)
class OtherEditor:
    """Another routedeck process with unsaved edits of the file."""

    pid: int
    host: str
    since: float  # time.time() when its edits began

    def describe(self, file_name: str) -> str:
        """`another routedeck (pid 4242) has unsaved changes to config.yaml since 14:02`"""
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        clock = time.strftime("%H:%M", time.localtime(self.since))
        return (
            f"another routedeck (pid {self.pid}{where}) has unsaved changes to {file_name} "
            f"since {clock}"
        )


class UnsavedEditsMarker:
    """This process's marker for the file at `path` (symlinks followed). The editor calls
    `set()` when its document becomes dirty and `clear()` when it is saved, reverted or closed;
    both are idempotent and never raise (a folder that cannot hold a marker just has none)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._real = Path(os.path.realpath(path))
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return _marker_path(self._real, os.getpid())

    @property
    def is_set(self) -> bool:
        return self._fd is not None

    def set(self) -> None:
        if self._fd is not None:
            return
        temporary = self.path.with_name(self.path.name + ".new")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        except OSError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            record = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
            os.write(fd, json.dumps(record).encode())
            os.replace(temporary, self.path)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        self._fd = fd

    def clear(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None


def others_with_unsaved_edits(path: str | os.PathLike[str]) -> list[OtherEditor]:
    """The other live routedeck processes that hold unsaved edits of the file at `path`,
    oldest first. Stale markers (their process is gone) are removed along the way."""
    real = Path(os.path.realpath(path))
    pattern = re.compile(rf"\.{re.escape(real.name)}\.routedeck-(\d+){re.escape(_SUFFIX)}")
    try:
        names = os.listdir(real.parent)
    except OSError:
        return []
    found = []
    for name in names:
        matched = pattern.fullmatch(name)
        if matched is None or int(matched.group(1)) == os.getpid():
            continue
        other = _read_live_marker(real.parent / name, int(matched.group(1)))
        if other is not None:
            found.append(other)
    return sorted(found, key=lambda other: other.since)


def _marker_path(real: Path, pid: int) -> Path:
    return real.with_name(f".{real.name}.routedeck-{pid}{_SUFFIX}")


def _read_live_marker(marker: Path, pid: int) -> OtherEditor | None:
    try:
        fd = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _parse(os.read(fd, 4096), pid)
        except OSError:  # no locks here (some network file systems): trust the marker
            return _parse(os.read(fd, 4096), pid)
        with contextlib.suppress(OSError):
            os.unlink(marker)  # nobody holds it: its process is gone
        return None
    finally:
        os.close(fd)


def _parse(raw: bytes, pid: int) -> OtherEditor:
    """The marker's record; a host name from a file is kept to printable characters."""
    try:
        record = json.loads(raw)
        host = "".join(c for c in str(record["host"]) if c.isprintable())[:64]
        return OtherEditor(pid, host, float(record["since"]))
    except (ValueError, KeyError, TypeError):
        return OtherEditor(pid, socket.gethostname(), time.time())
