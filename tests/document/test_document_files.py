"""Only regular files are read, never blocking on a FIFO or a device, and only up to 64 MB."""

import os
import threading

import pytest

from routedeck.document import ConfigDocument, DocumentError
from routedeck.document.files import MAX_FILE_BYTES, NotARegularFileError, read_regular_file


def load_in_a_thread(path) -> BaseException | None:
    """Load `path` in a daemon thread; a load that blocks is a failure, not a hung test."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            ConfigDocument.load(path)
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert outcome, f"loading {path} blocked"
    return outcome[0]


def test_a_fifo_is_refused_without_blocking(tmp_path) -> None:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    error = load_in_a_thread(fifo)
    assert isinstance(error, NotARegularFileError)
    assert str(error) == (
        "is a named pipe (FIFO), not a regular file: routedeck reads only regular files"
    )


def test_a_symlink_to_a_fifo_is_refused(tmp_path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "config.yaml").symlink_to(tmp_path / "pipe")
    assert isinstance(load_in_a_thread(tmp_path / "config.yaml"), NotARegularFileError)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    error = load_in_a_thread(device)
    assert isinstance(error, NotARegularFileError)
    assert "a character device, not a regular file" in str(error)


def test_a_folder_is_refused(tmp_path) -> None:
    with pytest.raises(DocumentError, match="is a folder"):
        ConfigDocument.load(tmp_path)


def test_a_file_over_the_cap_is_refused_unread(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(NotARegularFileError, match="over routedeck's limit of 64 MB"):
        ConfigDocument.load(path)


def test_a_regular_file_is_read_with_its_status(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"a: 1\n")
    raw, status = read_regular_file(path)
    assert raw == b"a: 1\n" and status.st_size == 5


def test_a_missing_file_is_still_file_not_found(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        ConfigDocument.load(tmp_path / "missing.yaml")
