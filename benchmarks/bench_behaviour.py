"""Speed of the behaviour diff (SPEC §7) and of scenarios (SPEC §8), against the issue's budgets.

Run by hand: `python benchmarks/bench_behaviour.py` (not part of pytest). Configs are the
realistic ones of bench_routing.py (routes by platform, source kind, user and combinations:
1,000 routes name about 70 platforms and 730 user_ids, some 300,000 context classes).

* behaviour diff of two 1,000-route configs, for each kind of edit and for the worst cases
  (every route reversed or shuffled): under 1 s each;
* 200 scenarios re-evaluated on 1,000 routes after an edit (compile the routes, run them all):
  under 20 ms, well inside the editor's 50 ms edit budget;
* `routedeck test` with 1,000 scenarios on 10,000 routes, files read from disk (config, scenario
  file, route references, verdicts and coverage): under 2 s;
* a diff whose classes cannot be settled quickly (1,000 routes on 10 invented keys, billions of
  classes, nearly all changed) stops at its bound, saying so, within 3 s.

Each figure is the median of several runs. Exit status 1 when a budget is missed or a check fails.
"""

import copy
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from bench_routing import random_contexts, realistic_model_config

from routedeck.document import ConfigDocument, ScenarioFile, ScenarioProblem
from routedeck.routing import CompiledRoutes, Scenario, ScenarioRun, behaviour_diff, run_scenarios

DIFF_BUDGET = 1.0
PANEL_BUDGET = 0.020
TEST_BUDGET = 2.0
BOUND_BUDGET = 3.0


def median_seconds(call: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def edits(model_config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The model block after each kind of edit the editor makes, and after wholesale ones."""

    def edited(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
        after = copy.deepcopy(model_config)
        change(after)
        return after

    routes = "routes"
    return {
        "no change": edited(lambda b: None),
        "one route's model": edited(lambda b: b[routes][500].update(model="new-model")),
        "one route's match": edited(lambda b: b[routes][500].update(match={"platform": "x"})),
        "last route moved first": edited(lambda b: b[routes].insert(0, b[routes].pop())),
        "a route deleted": edited(lambda b: b[routes].pop(10)),
        "a route added on top": edited(
            lambda b: b[routes].insert(0, {"match": {"platform": "discord"}, "model": "d"})
        ),
        "base model": edited(lambda b: b.update(default="other-model")),
        "every route reversed": edited(lambda b: b[routes].reverse()),
        "every route shuffled": edited(lambda b: random.Random(5).shuffle(b[routes])),
    }


def check_diffs() -> list[str]:
    before = realistic_model_config(1_000, seed=2)
    failures = []
    print("behaviour diff, two 1,000-route configs (budget 1 s each):")
    for name, after in edits(before).items():
        seconds = median_seconds(lambda after=after: behaviour_diff(before, after), repeat=3)
        diff = behaviour_diff(before, after)
        print(
            f"  {name:24} {seconds * 1000:7.1f} ms  {len(diff.changes):5} changes, "
            f"{diff.changed_classes:7,} of {diff.classes_total:,} classes"
        )
        if not diff.complete:
            failures.append(f"diff after '{name}' did not check every class")
        if seconds > DIFF_BUDGET:
            failures.append(f"diff after '{name}' took {seconds:.2f} s > {DIFF_BUDGET} s")
        if (name == "no change") != diff.same:
            failures.append(f"diff after '{name}' says same={diff.same}")
    return failures


def check_panel() -> list[str]:
    model_config = realistic_model_config(1_000, seed=2)
    contexts = random_contexts(model_config, 200, seed=3)
    scenarios = [
        Scenario(context, {"model": "model-3", "route": "route-7"}) for context in contexts
    ]

    def after_an_edit() -> object:
        return run_scenarios(model_config, scenarios, compiled=CompiledRoutes(model_config))

    seconds = median_seconds(after_an_edit, repeat=9)
    print(f"200 scenarios on 1,000 routes after an edit: {seconds * 1000:.1f} ms (budget 20 ms)")
    return [f"panel update took {seconds * 1000:.1f} ms"] if seconds > PANEL_BUDGET else []


def check_test_command() -> list[str]:
    model_config = realistic_model_config(10_000, seed=1)
    contexts = random_contexts(model_config, 1_000, seed=4)
    rng = random.Random(6)
    scenarios = [
        {
            "name": f"scenario {i}",
            "context": context,
            "expect": {"route": f"route-{rng.randrange(10_000)}", "model": "model-1"},
        }
        for i, context in enumerate(contexts)
    ]
    with tempfile.TemporaryDirectory() as folder:
        config_path = Path(folder) / "config.yaml"
        config_path.write_text(yaml.safe_dump({"model": model_config}, sort_keys=False))
        scenario_path = Path(folder) / "config.scenarios.yaml"
        scenario_path.write_text(yaml.safe_dump({"scenarios": scenarios}, sort_keys=False))

        def test_command() -> tuple[list[ScenarioProblem], ScenarioRun]:
            document = ConfigDocument.load(config_path)
            scenario_file = ScenarioFile.load(scenario_path)
            compiled = CompiledRoutes(document.model_config)
            problems = scenario_file.reference_problems(document.model_config, compiled=compiled)
            run = run_scenarios(document.model_config, scenario_file.scenarios, compiled=compiled)
            return problems, run

        seconds = median_seconds(test_command, repeat=3)
        problems, run = test_command()
    print(
        f"routedeck test, 1,000 scenarios on 10,000 routes: {seconds:.2f} s (budget 2 s); "
        f"{run.passed} pass, {run.failed} fail, {len(run.uncovered)} routes uncovered"
    )
    failures = [] if not problems else [f"{len(problems)} route references unexpectedly broken"]
    return failures + ([f"test took {seconds:.2f} s"] if seconds > TEST_BUDGET else [])


def check_bound() -> list[str]:
    keys = [f"k{i}" for i in range(10)]

    def invented(seed: int) -> dict[str, Any]:
        rng = random.Random(seed)
        routes = [
            {
                "match": {key: f"v{rng.randrange(5)}" for key in rng.sample(keys, 3)},
                "model": f"m{rng.randrange(4)}",
            }
            for _ in range(1_000)
        ]
        return {"default": "base", "routes": routes}

    before, after = invented(1), invented(2)
    start = time.perf_counter()
    diff = behaviour_diff(before, after)
    seconds = time.perf_counter() - start
    print(f"unsettleable diff stopped at its bound in {seconds:.2f} s (budget 3 s):")
    print(f"  {diff.summary(limit=0)}")
    failures = [] if not diff.complete else ["the unsettleable diff claims to be complete"]
    return failures + ([f"bound took {seconds:.2f} s"] if seconds > BOUND_BUDGET else [])


def main() -> int:
    failures = check_diffs() + check_panel() + check_test_command() + check_bound()
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
