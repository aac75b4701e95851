"""Saving: atomic, permission bits and symlinks respected, backups, changes on disk noticed."""

import errno
import os
import stat

import pytest

from routedeck.document import ChangedOnDiskError, ConfigDocument, SaveError

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
    assert "-  api_key: sk-…yz\n" in diff and "+  api_key: sk-…ba\n" in diff
    assert "abcdefghijklmnop" not in diff
    assert "sk-zyxwvutsrqponmlkjihgfedcba" in doc.diff(mask_secrets=False)


def test_diff_masks_flow_and_quoted_keys() -> None:
    doc = ConfigDocument.from_text("model:\n  routes: []\n")
    doc.insert_route(0, {"match": {"a": "b"}, "api_key": "sk-1234567890abcdefgh"})
    doc.replace_text(doc.to_text() + "x: {api_key: 'sk-1234567890abcdefgh', b: 1}\n")
    diff = doc.diff()
    assert "1234567890" not in diff
    assert "x: {api_key: 'sk-…gh', b: 1}" in diff


def test_diff_masks_two_secrets_on_one_line() -> None:
    doc = ConfigDocument.from_text("a: 1\n")
    doc.replace_text(
        "model: {api_key: sk-outer-1234567890ab, routes: "
        "[{match: {a: b}, api_key: sk-inner-1234567890cd}]}\n"
    )
    diff = doc.diff()
    assert "1234567890" not in diff
    assert "{api_key: sk-…ab, routes: [{match: {a: b}, api_key: sk-…cd}]}" in diff


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
