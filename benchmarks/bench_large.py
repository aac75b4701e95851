"""Every command, and the editor's first screen, on a 100,000-route config (about 10 MB),
against PyYAML's CSafeLoader loading the same file. Run by hand:

    python benchmarks/bench_large.py [--routes N] [--runs R] [--only check,simulate,...]

Budget (issue 9 point 9): each within 3× the baseline in wall time and within 3× in peak memory
(RSS). Every measurement is a fresh process: the installed `routedeck` command for the
commands, a headless Textual run for the editor (timed from start to the first frame of the
main screen, the route list on it), and `python -c "yaml.load(text, Loader=yaml.CSafeLoader)"`
for the baseline. Peak memory is the child's, from `wait4` (Linux counts the parent's peak in
it too, so this script keeps itself small). The median of `--runs` runs is reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

BUDGET = 3.0
BASELINE_PROGRAM = (
    "import sys, yaml\n"
    "with open(sys.argv[1], encoding='utf-8') as handle:\n"
    "    yaml.load(handle.read(), Loader=yaml.CSafeLoader)\n"
)
EDITOR_PROGRAM = """
import sys
from pathlib import Path
from routedeck.tui.app import RouteDeckApp
from routedeck.tui.screens.main import MainScreen

class FirstScreen(RouteDeckApp):
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and isinstance(screen, MainScreen):
            self.exit(0)

FirstScreen(Path(sys.argv[1]), environ={}).run(headless=True, size=(160, 45))
"""


def generated_config(routes: int) -> str:
    """A hermes-style config: a commented base block, then `routes` routes of about 100 bytes
    in the styles operators write (flow and block matches, names, comments, overrides), and
    some unrelated settings after. No legacy shorthand: `migrate` has nothing to do."""
    return "".join(config_lines(routes))


def config_lines(routes: int) -> Iterator[str]:
    """The lines of `generated_config`, each with its line feed (written one by one, so that
    this process stays small: a child's peak memory as `wait4` reports it starts from it)."""
    yield "# Hermes agent configuration (generated for bench_large.py)\n"
    yield 'model:\n  default: "anthropic/claude-sonnet-4.5"\n  provider: openrouter\n'
    yield "  api_key: ${OPENROUTER_API_KEY}\n  routes:\n"
    platforms = ("discord", "telegram", "slack", "matrix", "signal", "email")
    for index in range(routes):
        platform = platforms[index % len(platforms)]
        if index % 10 == 0:
            yield f"    # team {index // 10}\n"
        if index % 4 == 0:
            yield (
                f"    - name: owner-{index}\n      match:\n        platform: {platform}\n"
                f"        source_kind: owner\n      model: vendor/model-{index % 40}\n"
            )
        else:
            yield (
                f"    - name: u{index}\n"
                f"      match: {{platform: {platform}, user_id: 'u{index}'}}\n"
                f"      model: vendor/model-{index % 40}\n"
            )
        if index % 7 == 0:
            yield "      provider: anthropic\n"
    yield "terminal:\n  backend: local\n"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    status: int


def run_once(argv: Sequence[str]) -> Run:
    """One fresh process: wall time and its own peak RSS (from wait4)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, child.returncode)


def measure(argv: Sequence[str], runs: int) -> Run:
    done = [run_once(argv) for _ in range(runs)]
    return Run(
        statistics.median(r.seconds for r in done),
        statistics.median(r.peak_mb for r in done),
        done[-1].status,
    )


def cases(config: Path, routedeck: str) -> dict[str, list[str]]:
    path = str(config)
    return {
        "check": [routedeck, "check", path],
        "check --json": [routedeck, "check", "--json", path],
        "simulate": [routedeck, "simulate", path, "platform=discord", "user_id=u99999"],
        "simulate --explain": [
            routedeck,
            "simulate",
            path,
            "platform=discord",
            "source_kind=owner",
            "--explain",
        ],
        "migrate (nothing to do)": [routedeck, "migrate", path],
        "matrix": [routedeck, "matrix", path],
        "editor: first screen": [sys.executable, "-c", EDITOR_PROGRAM, path],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated case names to run")
    args = parser.parse_args(argv)
    routedeck = shutil.which("routedeck")
    if routedeck is None:
        print("the routedeck command is not installed (pip install -e .)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.yaml"
        with config.open("w", encoding="utf-8") as handle:
            handle.writelines(config_lines(args.routes))
        size_mb = config.stat().st_size / 2**20
        baseline = measure([sys.executable, "-c", BASELINE_PROGRAM, str(config)], args.runs)
        print(
            f"{args.routes:,} routes, {size_mb:.1f} MB; CSafeLoader load: "
            f"{baseline.seconds:.2f} s, {baseline.peak_mb:.0f} MB (median of {args.runs})"
        )
        print(f"{'case':<26} {'time':>8} {'ratio':>6} {'peak':>8} {'ratio':>6}  exit  result")
        failed = False
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        for name, command in cases(config, routedeck).items():
            if wanted and name not in wanted:
                continue
            result = measure(command, args.runs)
            time_ratio = result.seconds / baseline.seconds
            memory_ratio = result.peak_mb / baseline.peak_mb
            passed = time_ratio <= BUDGET and memory_ratio <= BUDGET
            failed |= not passed
            print(
                f"{name:<26} {result.seconds:>7.2f}s {time_ratio:>5.2f}x "
                f"{result.peak_mb:>6.0f}MB {memory_ratio:>5.2f}x  {result.status:>4}  "
                f"{'PASS' if passed else 'FAIL'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
