"""Saving: atomic, permission bits and symlinks respected, backups, changes on disk noticed."""

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

import pytest

from routedeck.document import ChangedOnDiskError, ConfigDocument, SaveError, saving
from routedeck.document.files import MAX_FILE_BYTES
from routedeck.document.saving import create_config, save_lock

TEXT = "# keep me\r\nmodel:\r\n  api_key: sk-abcdefghijklmnopqrstuvwxyz\r\n  default: x\r\n"


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes(TEXT.encode())
    path.chmod(0o640)
    return path


def edited(path) -> ConfigDocument:
    doc = ConfigDocument.load(path)
    doc.set_base_field("default", "y")
    return doc


def test_save_writes_keeps_mode_and_backs_up(config) -> None:
    doc = edited(config)
    backup = doc.save()
    assert config.read_bytes() == TEXT.replace("default: x", "default: y").encode()
    assert backup == config.with_name("config.yaml.bak")
    assert backup.read_bytes() == TEXT.encode()
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    assert stat.S_IMODE(backup.stat().st_mode) == 0o640
    assert not doc.is_dirty
    assert sorted(p.name for p in config.parent.iterdir()) == [
        ".config.yaml.lock",
        "config.yaml",
        "config.yaml.bak",
    ]


def test_saving_twice_needs_no_reload(config) -> None:
    doc = edited(config)
    doc.save()
    doc.set_base_field("default", "z")
    doc.save()
    assert b"default: z" in config.read_bytes()


def test_save_writes_through_a_symlink(config, tmp_path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(config)
    doc = edited(link)
    backup = doc.save()
    assert link.is_symlink()
    assert b"default: y" in config.read_bytes()
    assert backup == config.with_name("config.yaml.bak")


def test_changed_on_disk_is_refused_unless_forced(config) -> None:
    doc = edited(config)
    config.write_bytes(TEXT.encode() + b"# someone else\r\n")
    with pytest.raises(ChangedOnDiskError, match="changed on disk"):
        doc.save()
    assert config.read_bytes().endswith(b"# someone else\r\n")
    doc.save(force=True)
    assert b"default: y" in config.read_bytes()


def test_deleted_on_disk_is_a_change(config) -> None:
    doc = edited(config)
    config.unlink()
    with pytest.raises(ChangedOnDiskError):
        doc.save()


def test_from_text_does_not_overwrite_an_existing_file(config) -> None:
    doc = ConfigDocument.from_text("a: 1\n", config)
    with pytest.raises(ChangedOnDiskError, match="already exists"):
        doc.save()
    assert doc.save(force=True) == config.with_name("config.yaml.bak")


def test_new_file_has_no_backup(tmp_path) -> None:
    doc = ConfigDocument.from_text("a: 1\n", tmp_path / "new.yaml")
    assert doc.save() is None
    assert (tmp_path / "new.yaml").read_text() == "a: 1\n"


def test_save_as_writes_elsewhere(config, tmp_path) -> None:
    other = tmp_path / "other.yaml"
    edited(config).save(other)
    assert config.read_bytes() == TEXT.encode()
    assert b"default: y" in other.read_bytes()


def test_save_as_onto_an_existing_file_needs_force(config, tmp_path) -> None:
    other = tmp_path / "other.yaml"
    other.write_bytes(b"keep: me\n")
    doc = edited(config)
    with pytest.raises(ChangedOnDiskError, match="already exists"):
        doc.save(other)
    assert other.read_bytes() == b"keep: me\n"
    doc.save(other, force=True)
    assert b"default: y" in other.read_bytes()
    assert other.with_name("other.yaml.bak").read_bytes() == b"keep: me\n"


def test_a_same_size_change_on_disk_is_noticed(config) -> None:
    doc = edited(config)
    stat_before = config.stat()
    config.write_bytes(TEXT.replace("default: x", "default: z").encode())
    os.utime(config, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    with pytest.raises(ChangedOnDiskError):
        doc.save()


def test_missing_folder(tmp_path) -> None:
    doc = ConfigDocument.from_text("a: 1\n")
    with pytest.raises(SaveError, match="does not exist"):
        doc.save(tmp_path / "nope" / "config.yaml")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(config) -> None:
    doc = edited(config)
    config.parent.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            doc.save()
    finally:
        config.parent.chmod(0o755)
    assert config.read_bytes() == TEXT.encode()


def test_a_read_only_file_is_not_replaced(config) -> None:
    doc = edited(config)
    config.chmod(0o444)
    with pytest.raises(SaveError, match=r"read-only \(mode 0444\)"):
        doc.save(force=True)
    assert config.read_bytes() == TEXT.encode()
    assert not config.with_name("config.yaml.bak").exists()


def test_permission_denied_while_creating_the_temp_file(config, monkeypatch) -> None:
    doc = edited(config)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(SaveError, match="permission denied"):
        doc.save()
    assert config.read_bytes() == TEXT.encode()


@pytest.mark.parametrize("where", ["os.replace", "os.fsync"])
def test_failure_in_the_middle_leaves_the_original_intact(config, monkeypatch, where) -> None:
    doc = edited(config)
    real = getattr(os, where.split(".")[1])

    def fail_for_config(*args, **kwargs):
        target = args[1] if where == "os.replace" else None
        if where == "os.fsync" or str(target).endswith("config.yaml"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(where, fail_for_config)
    with pytest.raises(SaveError, match="disk is full"):
        doc.save()
    monkeypatch.undo()
    assert config.read_bytes() == TEXT.encode()
    assert not [p for p in config.parent.iterdir() if p.name.endswith(".tmp")]
    assert doc.is_dirty


def test_reload_reads_the_disk_again(config) -> None:
    doc = edited(config)
    config.write_bytes(b"model: other\n")
    doc.reload()
    assert doc.model_config == "other" and not doc.is_dirty


def test_diff_masks_api_keys(config) -> None:
    doc = ConfigDocument.load(config)
    doc.set_base_field("api_key", "sk-zyxwvutsrqponmlkjihgfedcba")
    doc.set_base_field("provider", "${P}")
    diff = doc.diff()
    assert diff.startswith("--- a/config.yaml\n+++ b/config.yaml\n@@")
    assert "-  api_key: ••••yz\n" in diff and "+  api_key: ••••ba\n" in diff
    assert "abcdefghijklmnop" not in diff
    assert "sk-zyxwvutsrqponmlkjihgfedcba" in doc.diff(mask_secrets=False)


def test_diff_masks_flow_and_quoted_keys() -> None:
    doc = ConfigDocument.from_text("model:\n  routes: []\n")
    doc.insert_route(0, {"match": {"a": "b"}, "api_key": "sk-1234567890abcdefgh"})
    doc.replace_text(doc.to_text() + "x: {api_key: 'sk-1234567890abcdefgh', b: 1}\n")
    diff = doc.diff()
    assert "1234567890" not in diff
    assert "x: {api_key: '••••gh', b: 1}" in diff


def test_diff_masks_two_secrets_on_one_line() -> None:
    doc = ConfigDocument.from_text("a: 1\n")
    doc.replace_text(
        "model: {api_key: sk-outer-1234567890ab, routes: "
        "[{match: {a: b}, api_key: sk-inner-1234567890cd}]}\n"
    )
    diff = doc.diff()
    assert "1234567890" not in diff
    assert "{api_key: ••••ab, routes: [{match: {a: b}, api_key: ••••cd}]}" in diff


@pytest.mark.parametrize(
    "written",
    [
        '"api_key": "sk-quotedkey-1234567890"',
        "api_key: sk-with#hash-1234567890",
        "api_key: >-\n    sk-folded-1234567890",
        'api_key: "sk-multi\n    line-1234567890"',
        "? api_key\n  : sk-explicit-1234567890",
        "x: {'api_key': 'sk-flowquoted-1234567890'}",
    ],
)
def test_diff_masks_api_keys_however_they_are_written(written: str) -> None:
    doc = ConfigDocument.from_text(f"model:\n  {written}\n")
    doc.replace_text(doc.to_text() + "z: 1\n")
    diff = doc.diff()
    assert "-1234567890" not in diff and diff.endswith("\n+z: 1\n")
    assert "1234567890" in doc.diff(mask_secrets=False)


def test_diff_of_a_file_that_held_only_a_bom() -> None:
    doc = ConfigDocument.from_text("\ufeff", allow_empty=True)
    doc.insert_route(0, {"match": {"platform": "x"}})
    assert doc.diff().endswith(
        "-\ufeff\n+\ufeffmodel:\n+  routes:\n+    - match: { platform: x }\n"
    )


# ---------------------------------------------------------------- concurrent writers (issue 9.2)

WRITER = """
import os, sys, time
from routedeck.document import ChangedOnDiskError, ConfigDocument

real_replace = os.replace

def slow_replace(*args, **kwargs):  # widen the window between the last look and the rename
    time.sleep(0.005)
    return real_replace(*args, **kwargs)

os.replace = slow_replace
path, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
saved = 0
while saved < rounds:
    doc = ConfigDocument.load(path)
    doc.replace_text(doc.to_text() + f"# {name} {saved}\\n")
    try:
        doc.save()
    except ChangedOnDiskError:
        continue
    saved += 1
"""


def test_concurrent_writers_lose_no_update(config) -> None:
    rounds = 25
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(config), name, str(rounds)])
        for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.wait(timeout=300) == 0
    lines = config.read_text().splitlines()
    for name in ("a", "b"):
        assert [line for line in lines if line.startswith(f"# {name} ")] == [
            f"# {name} {index}" for index in range(rounds)
        ]


def test_the_save_lock_excludes_another_process(config) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from routedeck.document.saving import save_lock\n"
            "with save_lock(sys.argv[1]):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
            str(config),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        doc = edited(config)
        busy = pytest.raises(SaveError, match="another routedeck is saving")
        with busy, save_lock(config, timeout=0.2):
            pass
        with pytest.raises(SaveError, match="another routedeck is saving"):
            saving.save_file(config, b"x: 1\n", expected=None, force=True, lock_timeout=0.2)
    finally:
        holder.kill()
        holder.wait()
    doc.save()
    assert b"default: y" in config.read_bytes()


def test_the_save_lock_is_reentrant_in_one_thread(config) -> None:
    doc = edited(config)
    with save_lock(config), save_lock(config):
        doc.save()
    assert b"default: y" in config.read_bytes()


def test_a_slow_save_and_a_migration_both_land(config) -> None:
    """`migrate --write` during an editor's save: both go through the lock, in turn."""
    editor = edited(config)
    migrator = ConfigDocument.load(config)
    migrator.set_base_field("provider", "openrouter")
    release = threading.Event()
    real_replace = os.replace

    def slow_replace(*args, **kwargs):
        release.wait(timeout=5)
        return real_replace(*args, **kwargs)

    with mock.patch("os.replace", slow_replace):
        saving_thread = threading.Thread(target=editor.save)
        saving_thread.start()
        time.sleep(0.1)
        outcome: list[BaseException] = []

        def migrate() -> None:
            try:
                migrator.save()
            except BaseException as error:
                outcome.append(error)

        migrating = threading.Thread(target=migrate)
        migrating.start()
        release.set()
        saving_thread.join()
        migrating.join()
    assert len(outcome) == 1 and isinstance(outcome[0], ChangedOnDiskError)
    assert b"default: y" in config.read_bytes()


# ---------------------------------------------------------------- ownership, rights, links (9.5)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_keeps_the_owner_and_group_of_the_file(config) -> None:
    os.chown(config, 65534, 65534)
    config.chmod(0o600)
    edited(config).save()
    status = config.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (65534, 65534, 0o600)
    backup = config.with_name("config.yaml.bak").stat()
    assert (backup.st_uid, backup.st_gid, stat.S_IMODE(backup.st_mode)) == (65534, 65534, 0o600)


def save_as_nobody(doc: ConfigDocument) -> str:
    """Save `doc` in a forked child running as uid/gid 65534; its outcome as text."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read_end)
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            doc.save()
            outcome = "saved"
        except BaseException as error:
            outcome = f"{type(error).__name__}: {error}"
        os.write(write_end, outcome.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        outcome = pipe.read()
    os.waitpid(child, 0)
    return outcome


def test_a_file_the_user_may_not_write_is_not_replaced_through_a_writable_folder() -> None:
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        folder.chmod(0o777)
        config = folder / "config.yaml"
        config.write_bytes(TEXT.encode())
        config.chmod(0o644)
        doc = edited(config)
        if os.geteuid() == 0:
            outcome = save_as_nobody(doc)
        else:
            config.chmod(0o464)  # the owner may not write; others may
            try:
                doc.save()
                outcome = "saved"
            except SaveError as error:
                outcome = f"SaveError: {error}"
        assert outcome.startswith("SaveError: you may not write")
        assert config.read_bytes() == TEXT.encode()
    finally:
        shutil.rmtree(folder)


def test_hard_links_are_kept(config, tmp_path) -> None:
    other_name = tmp_path / "other-name.yaml"
    os.link(config, other_name)
    inode = config.stat().st_ino
    edited(config).save()
    assert config.stat().st_ino == inode and config.stat().st_nlink == 2
    assert other_name.read_bytes() == config.read_bytes()
    assert b"default: y" in other_name.read_bytes()
    assert config.with_name("config.yaml.bak").read_bytes() == TEXT.encode()
    assert stat.S_IMODE(config.stat().st_mode) == 0o640


def test_a_failed_in_place_write_puts_the_old_bytes_back(config, tmp_path, monkeypatch) -> None:
    os.link(config, tmp_path / "other-name.yaml")
    doc = edited(config)
    real_pwrite = os.pwrite
    calls = []

    def fail_once(fd, data, offset):
        calls.append(offset)
        if len(calls) == 1:
            real_pwrite(fd, bytes(data)[:10], offset)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_pwrite(fd, data, offset)

    monkeypatch.setattr("os.pwrite", fail_once)
    with pytest.raises(SaveError, match="disk is full"):
        doc.save()
    assert config.read_bytes() == TEXT.encode()
    assert doc.is_dirty


# ---------------------------------------------------------------- modes of new files (9.7)


def test_create_config_makes_a_private_file_and_folder(tmp_path) -> None:
    old_umask = os.umask(0o022)
    try:
        path = tmp_path / "home" / ".hermes" / "config.yaml"
        create_config(path, "model: x\n")
    finally:
        os.umask(old_umask)
    assert path.read_text() == "model: x\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with pytest.raises(SaveError, match="already exists"):
        create_config(path, "model: y\n")
    assert path.read_text() == "model: x\n"


def test_a_new_file_saved_from_text_is_private(tmp_path) -> None:
    ConfigDocument.from_text("a: 1\n").save(tmp_path / "new.yaml")
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o600


@pytest.mark.parametrize("how", ["deleted", "moved"])
def test_a_recreated_config_keeps_its_original_mode(config, tmp_path, how: str) -> None:
    config.chmod(0o600)
    doc = edited(config)
    if how == "deleted":
        config.unlink()
    else:
        config.rename(tmp_path / "moved.yaml")
    with pytest.raises(ChangedOnDiskError, match="deleted"):
        doc.save()
    doc.save(force=True)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert b"default: y" in config.read_bytes()


# ---------------------------------------------------------------- leftovers and odd targets


def test_stale_temp_files_of_that_config_are_removed_on_the_next_save(config, tmp_path) -> None:
    stale = [".config.yaml.abcd1234.tmp", ".config.yaml.bak.z_9y8x7w.tmp"]
    kept = [".config.yaml.tmp", ".config.yaml.notours123.tmp", ".other.yaml.abcd1234.tmp"]
    for name in stale + kept:
        (tmp_path / name).write_text("api_key: sk-leftover-copy\n")
    edited(config).save()
    names = {p.name for p in tmp_path.iterdir()}
    assert not names & set(stale)
    assert set(kept) <= names


def test_a_target_that_became_a_fifo_is_refused_without_blocking(config) -> None:
    doc = edited(config)
    config.unlink()
    os.mkfifo(config)
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            doc.save(force=True)
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=save, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert outcome, "saving onto a FIFO blocked"
    assert isinstance(outcome[0], SaveError)
    assert "named pipe (FIFO)" in str(outcome[0])
    assert stat.S_ISFIFO(config.lstat().st_mode)


def test_a_text_over_the_size_cap_is_not_written(tmp_path) -> None:
    with pytest.raises(SaveError, match="over routedeck's limit of 64 MB"):
        saving.save_file(tmp_path / "big.yaml", b"#" * (MAX_FILE_BYTES + 1), expected=None)
    assert not (tmp_path / "big.yaml").exists()
