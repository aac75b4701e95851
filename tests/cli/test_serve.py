"""`routedeck serve`: the editor in a real browser (Debian's chromium, headless)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import WebSocket, sync_playwright

from routedeck.cli.serve import editor_command

from .conftest import ROUTEDECK

ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-9;?$]*[A-Za-z]")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, server: subprocess.Popen[str]) -> None:
    for _ in range(300):  # a guard against a server that never comes up, not a timing
        if server.poll() is not None:
            raise AssertionError(f"routedeck serve exited: {server.communicate()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("routedeck serve never listened")


@pytest.fixture
def served(demo: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [str(ROUTEDECK), "serve", str(demo), "--port", str(port), "--context", "platform=hub"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_the_browser_shows_the_route_list_the_winner_and_the_keys(served: str) -> None:
    received: list[bytes] = []

    def listen(socket: WebSocket) -> None:
        socket.on(
            "framereceived",
            lambda frame: received.append(frame if isinstance(frame, bytes) else frame.encode()),
        )

    def screen_text() -> str:
        """What the app sent to the browser's terminal, without its escape sequences."""
        stream = b"".join(received).decode("utf-8", errors="replace")
        return ESCAPE_SEQUENCE.sub("", stream)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("websocket", listen)
        page.goto(served)
        page.wait_for_function("document.body.classList.contains('-first-byte')", timeout=60_000)
        for _ in range(600):
            if "WINS" in screen_text() and "Delete" in screen_text():
                break
            page.wait_for_timeout(100)
        assert "Routes (4 + 3 legacy)" in screen_text()
        browser.close()
    assert "▶ WINS" in screen_text()
    assert "▶ Winner: routes[1] (hub-peers)" in screen_text()
    assert "Delete" in screen_text() and "Move" in screen_text()  # the footer's keys


def test_the_served_command_is_this_routedeck_on_the_absolute_path(tmp_path: Path) -> None:
    command = editor_command(Path("config.yaml"), {"platform": "discord", "user_id": "a b"})
    assert "-m routedeck" in command and str(Path("config.yaml").resolve()) in command
    assert "--context=platform=discord '--context=user_id=a b'" in command


def test_serving_beyond_localhost_warns(run_process, demo: Path) -> None:
    server = subprocess.Popen(
        [str(ROUTEDECK), "serve", str(demo), "--host", "0.0.0.0", "--port", str(free_port())],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "warning: listening on 0.0.0.0" in line and "secrets included" in line
