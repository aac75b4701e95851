"""Speed of the document layer against PyYAML's CSafeLoader on the same text, in the same run.

Run by hand: `python benchmarks/bench_document.py`. Budgets: opening a file at most 10x
`yaml.load(text, Loader=yaml.CSafeLoader)` (issue 3); one verified edit, with both of the
agent's loaders and the comment check, at most 20x (issue 8), and at most 50 ms on 10,000
routes, so that the editor can update its list within 150 ms of a keypress (issue 10). Each
figure is the median of several runs, with the garbage collector running as usual; the edits
(update, insert, move, delete, base field) are made one after another on one open document.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from routedeck.document import ConfigDocument

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
BIG_HERMES = CORPUS / "hermes-agent-cli-config.example.yaml"
OPEN_BUDGET, EDIT_BUDGET, EDIT_MS_BUDGET = 10.0, 20.0, 50.0
ROUTE = {"match": {"platform": "cli", "source_kind": "owner"}, "model": "vendor/new"}


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


def edits(doc: ConfigDocument) -> list[Callable[[], object]]:
    """One of each edit, in an order that leaves the document as large as it was."""
    middle = len(doc.routes) // 2

    def update() -> None:
        route = doc.routes[middle]
        doc.update_route(middle, {**route, "model": f"{route.get('model')}-x"})

    return [
        update,
        lambda: doc.insert_route(middle, ROUTE),
        lambda: doc.move_route(middle, len(doc.routes) - 1),
        lambda: doc.delete_route(len(doc.routes) - 1),
        lambda: doc.set_base_field(
            "provider", "custom" if doc.model_config.get("provider") != "custom" else None
        ),
    ]


def edit_seconds(text: str, runs: int) -> float:
    """The median of `runs` rounds of each edit, made on one open document."""
    doc = ConfigDocument.from_text(text)
    if not doc.routes:
        doc.insert_route(0, ROUTE)
        doc.insert_route(1, {**ROUTE, "model": "vendor/other"})
    times = []
    for _ in range(runs):
        for edit in edits(doc):
            start = time.perf_counter()
            edit()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class Row:
    case: str
    base: float
    ours: float
    budget: float
    unit: str  # "x": a ratio to CSafeLoader's load; "ms": milliseconds

    @property
    def passed(self) -> bool:
        value = self.ours / self.base if self.unit == "x" else self.ours * 1e3
        return value <= self.budget


def measure(name: str, text: str, runs: int, ms_budget: bool) -> list[Row]:
    base = median_seconds(lambda: yaml.load(text, Loader=yaml.CSafeLoader), max(3, runs // 3))
    opened = median_seconds(lambda: ConfigDocument.from_text(text), max(3, runs // 3))
    edited = edit_seconds(text, runs)
    rows = [
        Row(f"open {name}", base, opened, OPEN_BUDGET, "x"),
        Row(f"verified edit {name}", base, edited, EDIT_BUDGET, "x"),
    ]
    if ms_budget:
        rows.append(Row(f"verified edit {name}", base, edited, EDIT_MS_BUDGET, "ms"))
    return rows


def main() -> int:
    cases = [
        ("5,000 routes", generated_config(5000), 7, False),
        ("10,000 routes", generated_config(10000), 7, True),
    ]
    if BIG_HERMES.exists():
        cases.insert(0, ("128 KB hermes config", BIG_HERMES.read_text(encoding="utf-8"), 31, False))
    else:
        print(f"(corpus not found at {CORPUS}; skipping the 128 KB config)")
    rows = [row for name, text, runs, ms in cases for row in measure(name, text, runs, ms)]
    print(f"{'case':<34} {'CSafeLoader':>12} {'routedeck':>11} {'ratio':>7} {'budget':>8}  result")
    for row in rows:
        times = f"{row.base * 1e3:>10.2f}ms {row.ours * 1e3:>9.2f}ms"
        budget = f"{row.budget:.0f}{row.unit}"
        verdict = "PASS" if row.passed else "FAIL"
        print(f"{row.case:<34} {times} {row.ours / row.base:>6.1f}x {budget:>8}  {verdict}")
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
