"""Atomic, careful writes: temporary file in the target's folder, fsync, rename, fsync folder.

The backup of the previous content goes to `<name>.bak` beside the real file (after following
symlinks), written the same careful way and with the same permission bits (it may hold
secrets), replacing any older backup.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from routedeck.document.errors import SaveError


@dataclass(frozen=True)
class Fingerprint:
    """What a file held when read: enough to notice that someone else changed it."""

    sha256: str

    @classmethod
    def of(cls, raw: bytes) -> Fingerprint:
        return cls(hashlib.sha256(raw).hexdigest())

    def matches(self, path: Path) -> bool:
        """True when the file still holds the same bytes. The content is compared, not the
        mtime: an edit of the same size within the file system's timestamp granularity keeps
        both the size and the mtime."""
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest() == self.sha256
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise _plain(exc, path) from None


def backup_path(target: Path) -> Path:
    return target.with_name(target.name + ".bak")


def write_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `target` with `data` atomically; on any failure the old file is intact.

    `mode`: permission bits for the new file (default: those of the file it replaces, else
    0o666 minus the umask, like any new file).
    """
    folder = target.parent
    if mode is None:
        mode = _current_mode(target)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _plain(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise _plain(exc, target) from None
    _fsync_folder(folder)


def refuse_read_only(target: Path) -> None:
    """A file nobody may write (mode 0444) was protected on purpose; a rename would replace
    it all the same (and root ignores the bits), so refuse instead."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _plain(exc, target) from None
    if not mode & 0o222:
        raise SaveError(
            f"{target} is read-only (mode {mode:04o}): make it writable to save; "
            "the file on disk was not changed"
        )


def _current_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some file systems cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _plain(exc: OSError, target: Path) -> SaveError:
    folder = target.parent
    reasons = {
        errno.EACCES: f"permission denied: cannot write to {folder}",
        errno.EPERM: f"permission denied: cannot write to {folder}",
        errno.EROFS: f"{folder} is on a read-only file system",
        errno.ENOSPC: f"the disk is full: {target} was not saved",
        errno.EDQUOT: f"the disk quota is exceeded: {target} was not saved",
        errno.ENOENT: f"the folder {folder} does not exist",
        errno.ENOTDIR: f"the folder {folder} does not exist",
    }
    reason = reasons.get(exc.errno, f"cannot save {target}: {exc.strerror or exc}")
    return SaveError(reason + "; the file on disk was not changed")
