"""Speed of the document layer against PyYAML's CSafeLoader on the same text, in the same run.

Run by hand: `python benchmarks/bench_document.py`. Budgets (issue 3): opening a file at most
10x `yaml.load(text, Loader=yaml.CSafeLoader)`; one verified edit at most 20x. Each figure is
the median of several runs, with the garbage collector running as usual.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from routedeck.document import ConfigDocument

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
BIG_HERMES = CORPUS / "hermes-agent-cli-config.example.yaml"
OPEN_BUDGET, EDIT_BUDGET = 10.0, 20.0


def generated_config(routes: int) -> str:
    """A hermes-style config with `routes` commented routes in mixed styles."""
    lines = ["# generated for the benchmark", "model:", '  default: "base/model"', "  routes:"]
    for index in range(routes):
        lines.append(f"    # route {index}")
        if index % 3:
            lines.append(f"    - match: {{ platform: p{index}, source_kind: owner }}")
        else:
            lines += ["    - match:", f"        user_id: 'u{index}'"]
        lines += [
            f"      model: vendor/model-{index}  # why",
            f'      base_url: "https://h{index}/v1"',
        ]
    lines += ["terminal:", "  backend: local", ""]
    return "\n".join(lines)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_edit(text: str, runs: int) -> Callable[[], object]:
    """A verified edit on a freshly opened document (opening is not timed)."""
    docs = iter([ConfigDocument.from_text(text) for _ in range(runs)])

    def edit() -> None:
        doc = next(docs)
        if doc.routes:
            doc.update_route(0, {**doc.routes[0], "model": "edited/model"})
        else:
            doc.set_base_field("provider", "custom")

    return edit


def measure(name: str, text: str, runs: int) -> list[tuple[str, float, float, float]]:
    base = median_seconds(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs)
    opened = median_seconds(lambda: ConfigDocument.from_text(text), runs)
    edited = median_seconds(one_edit(text, runs), runs)
    return [
        (f"open {name}", base, opened, OPEN_BUDGET),
        (f"verified edit {name}", base, edited, EDIT_BUDGET),
    ]


def main() -> int:
    cases = [("5,000 routes", generated_config(5000), 5)]
    if BIG_HERMES.exists():
        cases.insert(0, ("128 KB hermes config", BIG_HERMES.read_text(encoding="utf-8"), 31))
    else:
        print(f"(corpus not found at {CORPUS}; skipping the 128 KB config)")
    rows = [row for name, text, runs in cases for row in measure(name, text, runs)]
    print(f"{'case':<36} {'CSafeLoader':>12} {'routedeck':>11} {'ratio':>7} {'budget':>7}  result")
    failed = False
    for case, base, ours, budget in rows:
        ratio = ours / base
        failed |= ratio > budget
        verdict = "PASS" if ratio <= budget else "FAIL"
        times = f"{base * 1e3:>10.2f}ms {ours * 1e3:>9.2f}ms"
        print(f"{case:<36} {times} {ratio:>6.1f}x {budget:>6.0f}x  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
