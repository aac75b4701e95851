"""Speed budgets of the editor, measured headless with Textual's pilot. Run by hand:

    python benchmarks/bench_tui.py

1. Launch to first paint on the 128 KB corpus config, against an empty Textual app started the
   same way (each in a fresh process, median of several runs): budget 1.5×. Also shown, without a
   budget: launch until the route list itself is on screen.
2. Keystroke to updated highlight (the key reaches the simulator input, the winner is recomputed
   and the next frame is composed) at 1,000 and 10,000 routes: budgets 30 ms and 100 ms.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS_CONFIG = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "corpus"
    / "hermes-agent-cli-config.example.yaml"
)
LAUNCH_RUNS = 7
LAUNCH_BUDGET = 1.5
KEYSTROKE_BUDGETS_MS = {1_000: 30.0, 10_000: 100.0}
Result = tuple[str, str, str, bool]

# Both programs record the time of their first frame the same way: the first `_display` call.
FIRST_PAINT_PROGRAM = """
import time
started = time.perf_counter()
import sys
from pathlib import Path
{imports}

class Timed({base}):
    painted = None

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and Timed.painted is None and {is_wanted_frame}:
            Timed.painted = time.perf_counter()
            self.exit()

app = Timed({arguments})
app.run(headless=True, size=(160, 45))
print(Timed.painted - started)
"""
EMPTY_APP = {"imports": "from textual.app import App", "base": "App", "arguments": ""}
ROUTEDECK_APP = {
    "imports": "from routedeck.tui.app import RouteDeckApp\n"
    "from routedeck.tui.screens.main import MainScreen",
    "base": "RouteDeckApp",
    "arguments": "Path(sys.argv[1]), environ={}",
}


def first_paint_seconds(app: dict[str, str], is_wanted_frame: str, *args: str) -> float:
    program = FIRST_PAINT_PROGRAM.format(is_wanted_frame=is_wanted_frame, **app)
    runs = []
    for _ in range(LAUNCH_RUNS):
        done = subprocess.run(
            [sys.executable, "-c", program, *args], capture_output=True, text=True, check=True
        )
        runs.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def bench_launch() -> list[Result]:
    config = str(CORPUS_CONFIG)
    empty = first_paint_seconds(EMPTY_APP, "True")
    ours = first_paint_seconds(ROUTEDECK_APP, "True", config)
    editor = first_paint_seconds(ROUTEDECK_APP, "isinstance(screen, MainScreen)", config)
    ratio = ours / empty
    measured = f"{ours * 1000:.0f} ms vs empty app {empty * 1000:.0f} ms = {ratio:.2f}×"
    shown = f"{editor * 1000:.0f} ms = {editor / empty:.2f}× the empty app's first paint"
    return [
        (
            "launch to first paint (128 KB config)",
            measured,
            f"≤ {LAUNCH_BUDGET}×",
            ratio <= LAUNCH_BUDGET,
        ),
        ("launch to route list on screen", shown, "(info)", True),
    ]


def routes_config(count: int) -> str:
    """`count` routes over three signatures, so every group of the engine's index is exercised."""
    lines = ["model:", "  default: base-model", "  provider: openrouter", "  routes:"]
    for index in range(count):
        if index % 3 == 0:
            match = f"{{ platform: p{index} }}"
        elif index % 3 == 1:
            match = f"{{ platform: p{index}, source_kind: owner }}"
        else:
            match = f"{{ user_id: u{index} }}"
        lines += [f"    - name: route-{index}", f"      match: {match}", f"      model: m{index}"]
    return "\n".join(lines) + "\n"


async def keystroke_times(path: Path, keys: list[str]) -> list[float]:
    from textual import events
    from textual.widgets import Input

    from routedeck.tui.app import RouteDeckApp

    app = RouteDeckApp(path, environ={}, cursor_blink=False)
    frames: list[float] = []
    simulated: list[float] = []
    display = app._display

    def record_frame(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None and simulated:
            frames.append(time.perf_counter())

    app._display = record_frame  # type: ignore[method-assign]
    times = []
    async with app.run_test(size=(160, 45)) as pilot:
        while type(app.screen).__name__ != "MainScreen":
            await pilot.pause()
        await pilot.pause()
        screen = app.screen
        refresh_simulation = screen.refresh_simulation

        def record_simulation() -> None:
            refresh_simulation()
            simulated.append(time.perf_counter())

        screen.refresh_simulation = record_simulation  # type: ignore[method-assign]
        screen.query_one("#platform", Input).focus()
        await pilot.pause()
        for key in keys:
            frames.clear()
            simulated.clear()
            started = time.perf_counter()
            app.post_message(events.Key(key, key if len(key) == 1 else None))
            while not frames:
                await asyncio.sleep(0)
            times.append(frames[0] - started)
    return times


def bench_keystrokes(count: int, budget_ms: float) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.yaml"
        path.write_text(routes_config(count), encoding="utf-8")
        target = str(count - 3)  # near the end of the list
        keys = [*f"p{target}", "backspace", "backspace", *target[-2:], "backspace"] * 3
        times = asyncio.run(keystroke_times(path, keys))
    median = statistics.median(times) * 1000
    worst = max(times) * 1000
    measured = f"median {median:.1f} ms, max {worst:.1f} ms over {len(times)} keys"
    return (
        f"keystroke → highlight, {count:,} routes",
        measured,
        f"< {budget_ms:.0f} ms",
        (median < budget_ms),
    )


def main() -> int:
    if not CORPUS_CONFIG.exists():
        print(f"missing {CORPUS_CONFIG}: the vendored corpus is missing", file=sys.stderr)
        return 2
    results = bench_launch()
    results += [bench_keystrokes(count, budget) for count, budget in KEYSTROKE_BUDGETS_MS.items()]
    width = max(len(name) for name, *_ in results)
    print(f"{'benchmark':<{width}}  {'measured':<58}  {'budget':<9}  result")
    for name, measured, budget, passed in results:
        print(f"{name:<{width}}  {measured:<58}  {budget:<9}  {'PASS' if passed else 'FAIL'}")
    return 0 if all(passed for *_, passed in results) else 1


if __name__ == "__main__":
    sys.exit(main())
