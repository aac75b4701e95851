"""Speed budgets of the editor, measured headless with Textual's pilot. Run by hand:

    python benchmarks/bench_tui.py

1. Launch until the route list is on screen (not a loading screen) on the 128 KB corpus config,
   against an empty Textual app's first paint started the same way (each in a fresh process,
   the two in turn, median of 15 runs each; routedeck's bytecode compiled first, as an install
   does): budget 1.5×.
2. Keystroke to updated highlight (the key reaches the simulator input, the winner is recomputed
   and the next frame is composed) at 1,000 and 10,000 routes: budgets 30 ms and 100 ms.
3. Edit keypress to updated list (J moves the selected route down: the document edit, its
   verification, the engine's new view, the 200 scenarios of the scenarios panel run again, and
   the list's next frame) at 1,000 and 10,000 routes: budgets 50 ms and 150 ms. Diagnostics
   and the notice of what the edit did to traffic are found in threads afterwards and are not
   counted; typing in the simulator right after an edit is measured too (it must not wait for
   them).
"""

from __future__ import annotations

import asyncio
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
CORPUS_CONFIG = CORPUS / "hermes-agent-cli-config.example.yaml"
LAUNCH_RUNS = 15
LAUNCH_BUDGET = 1.5
KEYSTROKE_BUDGETS_MS = {1_000: 30.0, 10_000: 100.0}
EDIT_BUDGETS_MS = {1_000: 50.0, 10_000: 150.0}
SCENARIOS = 200
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


def compile_bytecode() -> None:
    """Compile routedeck's modules first, as installing it does: the launch is measured with the
    bytecode an installed package has (PYTHONDONTWRITEBYTECODE, set in some environments, would
    otherwise make every run compile the sources again)."""
    import routedeck

    compileall.compile_dir(Path(routedeck.__file__).parent, quiet=1)


def first_paint_seconds(app: dict[str, str], is_wanted_frame: str, *args: str) -> float:
    """One launch in a fresh process: seconds from its start to the wanted frame."""
    program = FIRST_PAINT_PROGRAM.format(is_wanted_frame=is_wanted_frame, **app)
    done = subprocess.run(
        [sys.executable, "-c", program, *args], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def bench_launch() -> list[Result]:
    """Both programs run in turn, LAUNCH_RUNS times each, so that a slower spell of the
    machine weighs on both medians alike."""
    compile_bytecode()
    config = str(CORPUS_CONFIG)
    empty_runs: list[float] = []
    editor_runs: list[float] = []
    for _ in range(LAUNCH_RUNS):
        empty_runs.append(first_paint_seconds(EMPTY_APP, "True"))
        editor_runs.append(
            first_paint_seconds(ROUTEDECK_APP, "isinstance(screen, MainScreen)", config)
        )
    empty, editor = statistics.median(empty_runs), statistics.median(editor_runs)
    ratio = editor / empty
    measured = f"{editor * 1000:.0f} ms vs empty app {empty * 1000:.0f} ms = {ratio:.2f}×"
    return [
        (
            "launch to route list (128 KB config)",
            measured,
            f"≤ {LAUNCH_BUDGET}×",
            ratio <= LAUNCH_BUDGET,
        )
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


def scenarios_file(count: int, routes: int) -> str:
    """`count` scenarios spread over the routes of `routes_config(routes)`, each expecting its
    route and model (the panel runs them all after every edit)."""
    lines = ["scenarios:"]
    for index in range(0, routes, max(routes // count, 1))[:count]:
        route = index - index % 3  # a platform-only route: its context is easy to write
        lines += [
            f"  - name: route {route}",
            f"    context: {{platform: p{route}}}",
            f"    expect: {{route: route-{route}, model: m{route}}}",
        ]
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


async def edit_times(path: Path, edits: int) -> tuple[list[float], list[float]]:
    """(J keypress → the first frame showing the edited list, for each edit; the first
    keystroke typed into the simulator right after each edit → its frame)."""
    from textual import events
    from textual.widgets import Input

    from routedeck.tui.app import DIAGNOSE_AFTER_EDIT, TRAFFIC_QUIET, RouteDeckApp
    from routedeck.tui.widgets.route_table import RouteTable

    app = RouteDeckApp(path, environ={}, cursor_blink=False)
    frames: list[tuple[float, int]] = []
    """(when, the revision on screen) of each frame."""
    display = app._display

    def record_frame(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), app.revision))

    app._display = record_frame  # type: ignore[method-assign]
    edit_times, typing_times = [], []
    async with app.run_test(size=(160, 45)) as pilot:
        while type(app.screen).__name__ != "MainScreen":
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(RouteTable)
        simulator = app.screen.query_one("#platform", Input)
        for _ in range(edits):
            table.focus()
            await app.workers.wait_for_complete()
            await pilot.pause()
            revision = app.revision
            frames.clear()
            started = time.perf_counter()
            app.post_message(events.Key("J", "J"))
            while not any(shown != revision for _, shown in frames):
                await asyncio.sleep(0)  # the first frame of the edited list
            edit_times.append(next(at for at, shown in frames if shown != revision) - started)
            simulator.focus()
            await pilot.pause()  # the focus moving is not typing
            frames.clear()
            started = time.perf_counter()
            app.post_message(events.Key("x", "x"))
            while not frames:
                await asyncio.sleep(0)
            typing_times.append(frames[0][0] - started)
            app.post_message(events.Key("backspace", None))
            # The edit's diagnostics and notice start after these pauses: off the next measurement.
            await asyncio.sleep(max(DIAGNOSE_AFTER_EDIT, TRAFFIC_QUIET) + 0.05)
            await app.workers.wait_for_complete()
            await pilot.pause()
    return edit_times, typing_times


def bench_edits(count: int, budget_ms: float) -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.yaml"
        path.write_text(routes_config(count), encoding="utf-8")
        scenarios = path.with_name("config.scenarios.yaml")
        scenarios.write_text(scenarios_file(SCENARIOS, count), encoding="utf-8")
        edits, typing = asyncio.run(edit_times(path, 9))
    median, worst = statistics.median(edits) * 1000, max(edits) * 1000
    typed = statistics.median(typing) * 1000
    keystroke_budget = KEYSTROKE_BUDGETS_MS[count]
    return [
        (
            f"edit keypress → list, {count:,} routes, {SCENARIOS} scenarios",
            f"median {median:.1f} ms, max {worst:.1f} ms over {len(edits)} moves",
            f"≤ {budget_ms:.0f} ms",
            median <= budget_ms,
        ),
        (
            f"typing right after an edit, {count:,} routes",
            f"median {typed:.1f} ms",
            f"< {keystroke_budget:.0f} ms",
            typed < keystroke_budget,
        ),
    ]


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
    for count, budget in EDIT_BUDGETS_MS.items():
        results += bench_edits(count, budget)
    width = max(len(name) for name, *_ in results)
    print(f"{'benchmark':<{width}}  {'measured':<58}  {'budget':<9}  result")
    for name, measured, budget, passed in results:
        print(f"{name:<{width}}  {measured:<58}  {budget:<9}  {'PASS' if passed else 'FAIL'}")
    return 0 if all(passed for *_, passed in results) else 1


if __name__ == "__main__":
    sys.exit(main())
