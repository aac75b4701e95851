"""Saving a file so that nobody's work is lost: one critical section, careful writes, backups.

`save_file` is the one way routedeck writes a file it edits (the config, `migrate --write`, the
scenario file). Under an advisory lock (`fcntl.flock` on `.<name>.lock` beside the real file,
taken by every routedeck writer), it reads what the file holds now, compares it with what the
caller loaded, keeps the old content in `<name>.bak`, and replaces the file; so two writers
can never both succeed with one edit lost.

How the file is replaced:
* normally atomically: a temporary file in the same folder (`.<name>.XXXXXXXX.tmp`), written,
  given the old file's permission bits, owner and group, flushed, fsynced, renamed over the
  file, and the folder fsynced;
* in place when a rename would break something the operator set up: a file with other hard
  links (a rename would split them), or one owned by someone this process cannot give a file
  to (a rename would make it ours). The backup is written and fsynced first; the space is
  reserved before the first byte changes; a failed write puts the old bytes back.

It refuses (SaveError, nothing changed) a target that is not a regular file (it may have become
a FIFO or a folder since it was loaded), a file without any write bit (protected on purpose;
root would replace it all the same) and a file the user may not write, even when the folder
would let a rename replace it. Temporary files of routedeck's own naming left by a killed save
are removed on the next save of that file: they are full copies of the config, secrets
included. A file that does not exist yet is created with mode 0600 unless told otherwise: a
config may come to hold secrets.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from routedeck.document.errors import ChangedOnDiskError, DocumentError, SaveError
from routedeck.document.files import MAX_FILE_BYTES, kind_of_file, read_regular_file

NEW_FILE_MODE = 0o600
LOCK_TIMEOUT_SECONDS = 10.0
_UNCHANGED = "; the file on disk was not changed"


@dataclass(frozen=True)
class Fingerprint:
    """What a file held when read: enough to notice that someone else changed it, and the
    permission bits to re-create it with should it be deleted or moved meanwhile."""

    sha256: str
    mode: int | None = None

    @classmethod
    def of(cls, raw: bytes, status: os.stat_result | None = None) -> Fingerprint:
        mode = None if status is None else stat.S_IMODE(status.st_mode)
        return cls(hashlib.sha256(raw).hexdigest(), mode)

    def matches_bytes(self, raw: bytes) -> bool:
        """The content is compared, not the mtime: an edit of the same size within the file
        system's timestamp granularity keeps both the size and the mtime."""
        return hashlib.sha256(raw).hexdigest() == self.sha256


def backup_path(target: Path) -> Path:
    return target.with_name(target.name + ".bak")


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


# ------------------------------------------------------------------ the lock


@dataclass
class _Held:
    """A save lock of this process: taking it again in the thread that holds it (the config and
    its scenario file saved together, a save inside `save_lock`) must not wait for itself, since
    `flock` locks belong to an open file and a second open of the lock file would block."""

    thread_lock: threading.RLock
    depth: int = 0
    fd: int = -1


_HELD: dict[str, _Held] = {}
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def save_lock(path: str | os.PathLike[str], timeout: float | None = None) -> Iterator[None]:
    """Hold the advisory save lock of the file at `path` (symlinks followed): every routedeck
    writer takes it from its last look at the file to its rename. Re-entrant in one thread;
    another thread of the process waits like another process does.

    Raises SaveError when another program holds it for longer than `timeout` seconds (default
    LOCK_TIMEOUT_SECONDS), or when the lock cannot be taken at all (the folder does not exist).
    """
    seconds = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    real = Path(os.path.realpath(path))
    with _HELD_GUARD:
        held = _HELD.setdefault(str(real), _Held(threading.RLock()))
    if not held.thread_lock.acquire(timeout=seconds):
        raise _lock_busy(real)
    try:
        if held.depth == 0:
            held.fd = _take_file_lock(real, seconds)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                os.close(held.fd)  # closing the only descriptor releases the flock
    finally:
        held.thread_lock.release()


def _take_file_lock(real: Path, timeout: float) -> int:
    fd = _open_lock_file(real)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise _lock_busy(real) from None
            time.sleep(0.02)
        except OSError as exc:
            os.close(fd)
            raise _plain(exc, real) from None


def _open_lock_file(real: Path) -> int:
    """The lock file beside the config; when the folder cannot hold one (not writable), the
    config itself is locked: then nobody but root can rename over it, only write it in place."""
    flags = os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(lock_path(real), flags, 0o644)
    except PermissionError as exc:
        refused = exc
    except OSError as exc:
        raise _plain(exc, real) from None
    try:
        return os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        raise _plain(refused, real) from None


def _lock_busy(real: Path) -> SaveError:
    return SaveError(
        f"another routedeck is saving {real} (it holds {lock_path(real).name}); try again"
        + _UNCHANGED
    )


# ------------------------------------------------------------------ saving


def save_file(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    expected: Fingerprint | None,
    force: bool = False,
    new_mode: int | None = None,
    lock_timeout: float | None = None,
) -> Path | None:
    """Write `data` to the file at `path` (through symlinks, to the real file) as one critical
    section under `save_lock`; return the backup's path (None when there was no file).

    `expected`: what the caller loaded from this file; the save is refused with
    ChangedOnDiskError unless the file still holds it (a deleted file counts as changed). None
    means the caller read nothing from it: then the file must not exist. `force` skips that
    comparison, never the other refusals. `new_mode`: the permission bits for a file that does
    not exist (default: `expected.mode`, else 0600). `lock_timeout`: as for `save_lock`.
    """
    real = Path(os.path.realpath(path))
    if len(data) > MAX_FILE_BYTES:
        raise SaveError(
            f"{real} would be {len(data):,} bytes, over routedeck's limit of "
            f"{MAX_FILE_BYTES // 2**20} MB for a config file" + _UNCHANGED
        )
    with save_lock(real, lock_timeout):
        remove_stale_temp_files(real)
        status, current = _current(real)
        if not force:
            _check_unchanged(real, expected, current)
        if status is None or current is None:  # (both or neither)
            mode = new_mode if new_mode is not None else _mode_for_new(expected)
            write_atomic(real, data, mode)
            return None
        _refuse_unwritable(real, status)
        backup = backup_path(real)
        write_atomic(backup, current, stat.S_IMODE(status.st_mode), _owner(status))
        if _must_write_in_place(status):
            write_in_place(real, data, current, status)
        else:
            write_atomic(real, data, stat.S_IMODE(status.st_mode), _owner(status))
        return backup


def create_config(path: str | os.PathLike[str], text: str) -> None:
    """Create a new config file holding `text`, mode 0600 (it may come to hold secrets), and
    its folder (mode 0700) when missing. SaveError when it already exists or cannot be written.
    The editor calls this, never `write_text`, when it offers to create a missing config."""
    target = Path(path)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise _plain(exc, target) from None
    try:
        save_file(target, text.encode("utf-8"), expected=None, new_mode=NEW_FILE_MODE)
    except ChangedOnDiskError:
        raise SaveError(f"{target} already exists" + _UNCHANGED) from None


def _current(real: Path) -> tuple[os.stat_result | None, bytes | None]:
    """The file's status and bytes now; (None, None) when it does not exist."""
    try:
        raw, status = read_regular_file(real)
    except FileNotFoundError:
        return None, None
    except DocumentError as exc:
        raise SaveError(f"{real} {exc.message}" + _UNCHANGED) from None
    return status, raw


def _check_unchanged(real: Path, expected: Fingerprint | None, current: bytes | None) -> None:
    if expected is None:
        if current is not None:
            raise ChangedOnDiskError(f"{real} already exists; save with force to overwrite it")
    elif current is None:
        raise ChangedOnDiskError(f"{real} changed on disk since it was loaded (it was deleted)")
    elif not expected.matches_bytes(current):
        raise ChangedOnDiskError(f"{real} changed on disk since it was loaded")


def _mode_for_new(expected: Fingerprint | None) -> int:
    if expected is not None and expected.mode is not None:
        return expected.mode
    return NEW_FILE_MODE


def _refuse_unwritable(real: Path, status: os.stat_result) -> None:
    """A file nobody may write (mode 0444) was protected on purpose: a rename would replace it
    all the same (and root ignores the bits). A file this user may not write must not be
    replaced just because its folder is writable."""
    mode = stat.S_IMODE(status.st_mode)
    if not mode & 0o222:
        raise SaveError(
            f"{real} is read-only (mode {mode:04o}): make it writable to save" + _UNCHANGED
        )
    effective = os.access in os.supports_effective_ids
    if not os.access(real, os.W_OK, effective_ids=effective):
        raise SaveError(
            f"you may not write {real} (mode {mode:04o}, owner uid {status.st_uid})" + _UNCHANGED
        )


def _owner(status: os.stat_result) -> tuple[int, int]:
    return status.st_uid, status.st_gid


def _must_write_in_place(status: os.stat_result) -> bool:
    """A rename would split hard links, or hand the file to this user."""
    return status.st_nlink > 1 or not _can_give(status.st_uid, status.st_gid)


def _can_give(uid: int, gid: int) -> bool:
    """Whether a new file of this process can be given that owner and group."""
    if os.geteuid() == 0:
        return True
    return uid == os.geteuid() and (gid == os.getegid() or gid in os.getgroups())


def write_atomic(
    target: Path, data: bytes, mode: int | None = None, owner: tuple[int, int] | None = None
) -> None:
    """Replace `target` with `data` atomically; on any failure the old file is intact.

    `mode`: permission bits for the new file (default: those of the file it replaces, else
    0600). `owner`: (uid, gid) to give it, when that differs from this process's.
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
            if owner is not None and owner != (os.geteuid(), os.getegid()):
                os.fchown(handle.fileno(), *owner)
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise _plain(exc, target) from None
    _fsync_folder(folder)


def write_in_place(real: Path, data: bytes, old: bytes, status: os.stat_result) -> None:
    """Overwrite the file's own inode (its links, owner and mode stay), once its backup is safe.

    The space is reserved first, so a full disk refuses before any byte changes; should the
    write fail after all, the old bytes are written back.
    """
    try:
        fd = os.open(real, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _plain(exc, real) from None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (status.st_dev, status.st_ino) or kind_of_file(now.st_mode):
            raise SaveError(f"{real} was replaced while saving" + _UNCHANGED)
        _reserve(fd, len(data), real)
        try:
            _overwrite(fd, data)
        except OSError as exc:
            raise _restore(fd, old, exc, real) from None
    finally:
        os.close(fd)
    _fsync_folder(real.parent)


def _reserve(fd: int, size: int, real: Path) -> None:
    try:
        os.posix_fallocate(fd, 0, max(size, 1))
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            return  # the file system cannot reserve: the write itself will tell
        raise _plain(exc, real) from None


def _overwrite(fd: int, data: bytes) -> None:
    view = memoryview(data)
    offset = 0
    while offset < len(data):
        offset += os.pwrite(fd, view[offset:], offset)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _restore(fd: int, old: bytes, exc: OSError, real: Path) -> SaveError:
    reason = _plain(exc, real).message.removesuffix(_UNCHANGED)
    try:
        _overwrite(fd, old)
    except OSError:
        return SaveError(
            f"{reason}; the file may be damaged: its previous content is in {backup_path(real)}"
        )
    return SaveError(reason + _UNCHANGED)


def remove_stale_temp_files(real: Path) -> list[Path]:
    """Delete the temporary files that routedeck's own writes of this file (and of its backup)
    left behind when killed: `.config.yaml.XXXXXXXX.tmp`. Only regular files of exactly that
    naming go; call it under `save_lock`, when no routedeck is writing them. Returns them."""
    pattern = re.compile(rf"\.{re.escape(real.name)}\.(?:bak\.)?[a-z0-9_]{{8}}\.tmp")
    removed = []
    try:
        names = os.listdir(real.parent)
    except OSError:
        return []
    for name in names:
        if not pattern.fullmatch(name):
            continue
        stale = real.parent / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(stale).st_mode):
                os.unlink(stale)
                removed.append(stale)
    return removed


def _current_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return NEW_FILE_MODE


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
        errno.ELOOP: f"{target} is a symbolic link where routedeck expected a file",
    }
    reason = reasons.get(exc.errno or 0, f"cannot save {target}: {exc.strerror or exc}")
    return SaveError(reason + _UNCHANGED)
