"""Regenerate `screenshots/` from the real editor, driven headless on the bundled demo: SVGs of
the terminal app, and a PNG of `routedeck serve` in Debian's chromium.

python scripts/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot

from routedeck.paths import demo_config_text
from routedeck.tui.app import RouteDeckApp
from routedeck.tui.screens.loading import LoadingScreen

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
SIZE = (160, 45)
BROKEN_CONFIG = "model:\n  default: x\n  routes:\n    - match: {platform: [\n"


@dataclass(frozen=True)
class Shot:
    name: str
    keys: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    text: str = ""
    """The config to open; the demo when empty."""


SHOTS = (
    Shot("main-winner", context={"platform": "discord", "source_kind": "stranger"}),
    Shot("main-legacy-winner", context={"platform": "telegram", "source_kind": "stranger"}),
    Shot("route-form", keys=("down", "down", "down", "enter")),
    Shot("save-preview", keys=("alt+down", "ctrl+s")),
    Shot("quit-dialog", keys=("d", "ctrl+q")),
    Shot("migration-preview", keys=("m",)),
    Shot("help", keys=("f1",)),
    Shot("load-error", text=BROKEN_CONFIG),
)


async def wait_until_loaded(pilot: Pilot) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not isinstance(pilot.app.screen, LoadingScreen):
            return


async def take(shot: Shot, folder: Path) -> Path:
    path = folder / "config.yaml"
    path.write_text(shot.text or demo_config_text(), encoding="utf-8")
    app = RouteDeckApp(path, context=shot.context, environ={}, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press(*shot.keys)
        await pilot.pause(0.2)
        return Path(app.save_screenshot(f"{shot.name}.svg", str(SCREENSHOTS)))


def browser_shot(folder: Path) -> Path:
    """The editor served to headless chromium, once the winner is on screen."""
    from playwright.sync_api import sync_playwright

    path = folder / "config.yaml"
    path.write_text(demo_config_text(), encoding="utf-8")
    port = "8765"
    command = ["routedeck", "serve", str(path), "--port", port, "--context", "platform=hub"]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(f"http://127.0.0.1:{port}")
            page.wait_for_timeout(6000)
            target = SCREENSHOTS / "browser.png"
            page.screenshot(path=str(target))
            browser.close()
            return target
    finally:
        server.terminate()
        server.wait()


async def main() -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    # A fixed folder name, so the help screen's "Editing …" line is the same on every run.
    folder = Path(tempfile.gettempdir()) / "routedeck-screenshots"
    for shot in SHOTS:
        folder.mkdir(exist_ok=True)
        try:
            print(await take(shot, folder))
        finally:
            shutil.rmtree(folder)
    folder.mkdir(exist_ok=True)
    try:
        print(browser_shot(folder))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    asyncio.run(main())
