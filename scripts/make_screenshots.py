"""Regenerate `screenshots/` from the real editor, driven headless on the bundled demo: SVGs of
the terminal app at 160×45 and 80×24, and a PNG of `routedeck serve` in Debian's chromium.

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

from routedeck.paths import demo_config_text, demo_scenarios_text
from routedeck.tui.app import RouteDeckApp
from routedeck.tui.screens.loading import LoadingScreen

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LARGE = (160, 45)
SMALL = (80, 24)
BROKEN_CONFIG = "model:\n  default: x\n  routes:\n    - match: {platform: [\n"
STRANGER = {"platform": "discord", "source_kind": "stranger"}
NEW_SHADOWED_ROUTE = ("a", "tab", *"source_kind", "tab", *"owner", "tab", "tab", "tab", *"never")


@dataclass(frozen=True)
class Shot:
    name: str
    keys: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    text: str = ""
    """The config to open; the demo when empty."""
    size: tuple[int, int] = LARGE
    after_disk_change: tuple[str, ...] = ()
    """Keys pressed after another program appended a line to the file."""


SHOTS = (
    Shot("main-winner", context=STRANGER),
    Shot("main-winner-80x24", context=STRANGER, size=SMALL),
    Shot("main-legacy-winner", context={"platform": "telegram", "source_kind": "stranger"}),
    Shot("route-form", keys=("j", "enter")),
    Shot("route-form-80x24", keys=("j", "enter"), size=SMALL),
    Shot("route-form-shadowing-80x24", keys=NEW_SHADOWED_ROUTE, size=SMALL),
    Shot("scenario-failing", keys=("j", "x", "y")),
    Shot("save-preview", keys=("m", "enter", "ctrl+s")),
    Shot("save-preview-80x24", keys=("m", "enter", "ctrl+s"), size=SMALL),
    Shot("changed-on-disk-80x24", keys=("J",), after_disk_change=("ctrl+s", "enter"), size=SMALL),
    Shot("quit-dialog", keys=("d", "ctrl+q")),
    Shot("migration-preview", keys=("m",)),
    Shot("result-maximized-80x24", keys=("tab",) * 7 + ("z",), context=STRANGER, size=SMALL),
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
    if not shot.text:  # the demo, as `routedeck --demo` opens it: with its scenarios
        path.with_name("config.scenarios.yaml").write_text(demo_scenarios_text(), encoding="utf-8")
    app = RouteDeckApp(path, context=shot.context, environ={}, cursor_blink=False)
    async with app.run_test(size=shot.size) as pilot:
        await wait_until_loaded(pilot)
        for key in shot.keys:
            await pilot.press(key)
            await pilot.pause(0.05)
        if shot.after_disk_change:
            path.write_text(path.read_text(encoding="utf-8") + "# theirs\n", encoding="utf-8")
            for key in shot.after_disk_change:
                await pilot.press(key)
                await pilot.pause(0.3)
        await pilot.pause(0.5)
        return Path(app.save_screenshot(f"{shot.name}.svg", str(SCREENSHOTS)))


def browser_shot(folder: Path) -> Path:
    """The editor served to headless chromium, once the winner is on screen."""
    from playwright.sync_api import sync_playwright

    path = folder / "config.yaml"
    path.write_text(demo_config_text(), encoding="utf-8")
    path.with_name("config.scenarios.yaml").write_text(demo_scenarios_text(), encoding="utf-8")
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


# A fixed folder name, so the help screen's "Editing …" line is the same on every run.
FOLDER = Path(tempfile.gettempdir()) / "routedeck-screenshots"


async def terminal_shots() -> None:
    for shot in SHOTS:
        FOLDER.mkdir(exist_ok=True)
        try:
            print(await take(shot, FOLDER))
        finally:
            shutil.rmtree(FOLDER)


def main() -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    asyncio.run(terminal_shots())
    FOLDER.mkdir(exist_ok=True)
    try:  # outside the event loop: Playwright's sync API runs its own
        print(browser_shot(FOLDER))
    finally:
        shutil.rmtree(FOLDER)


if __name__ == "__main__":
    main()
