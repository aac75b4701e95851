"""A second routedeck learns that another one holds unsaved edits of the same file."""

import os
import signal
import subprocess
import sys

import pytest

from routedeck.document.presence import UnsavedEditsMarker, others_with_unsaved_edits

HOLDER = """
import sys, time
from routedeck.document.presence import UnsavedEditsMarker
marker = UnsavedEditsMarker(sys.argv[1])
marker.set()
print("dirty", flush=True)
sys.stdin.readline()
if sys.argv[2] == "clear":
    marker.clear()
    print("clean", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("model: x\n")
    return path


def start_holder(config, then: str = "stay") -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(config), then],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "dirty\n"
    return holder


def test_another_process_with_unsaved_edits_is_seen_until_it_clears(config) -> None:
    holder = start_holder(config, then="clear")
    try:
        others = others_with_unsaved_edits(config)
        assert [other.pid for other in others] == [holder.pid]
        assert (
            others[0]
            .describe("config.yaml")
            .startswith(
                f"another routedeck (pid {holder.pid}) has unsaved changes to config.yaml since "
            )
        )
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == "clean\n"
        assert others_with_unsaved_edits(config) == []
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_editor_leaves_a_stale_marker_that_is_ignored_and_removed(config) -> None:
    holder = start_holder(config)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    markers = [p for p in config.parent.iterdir() if p.name.endswith(".unsaved")]
    assert len(markers) == 1
    assert others_with_unsaved_edits(config) == []
    assert not markers[0].exists()


def test_a_symlinked_path_names_the_same_file(config, tmp_path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(config)
    holder = start_holder(link)
    try:
        assert [other.pid for other in others_with_unsaved_edits(config)] == [holder.pid]
    finally:
        holder.kill()
        holder.wait()


def test_this_process_is_not_another_editor(config) -> None:
    marker = UnsavedEditsMarker(config)
    marker.set()
    marker.set()
    try:
        assert marker.is_set and marker.path.exists()
        assert others_with_unsaved_edits(config) == []
    finally:
        marker.clear()
    marker.clear()
    assert not marker.path.exists() and not marker.is_set


def test_a_folder_that_cannot_hold_a_marker_is_not_an_error(tmp_path) -> None:
    marker = UnsavedEditsMarker(tmp_path / "missing" / "config.yaml")
    marker.set()
    assert not marker.is_set
    assert others_with_unsaved_edits(tmp_path / "missing" / "config.yaml") == []
