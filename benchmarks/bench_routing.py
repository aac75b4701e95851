"""Speed of the routing engine against a plain first-match loop measured in the same run.

Run by hand: `python benchmarks/bench_routing.py` (not part of pytest). The plain loop is
`apply_route` itself, which scans routes the way the runtime does. Budgets are ratios to it, so
they hold on a slower or faster machine; the absolute figures they stand for (measured where
the plain loop takes 7.5 ms per context over 10,000 routes) are in brackets:

* compiled winner lookup at 10,000 routes: at least 20x faster than the plain loop;
* verdicts for any window of 50 routes: under plain/7.5 (1 ms);
* all diagnostics on 1,000 routes: under plain*13.3 (100 ms).

It also checks that the compiled lookup and the plain loop give identical answers on many
random contexts. Exit status 1 when a budget or a check fails.
"""

import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from routedeck.routing import (
    KNOWN_PLATFORMS,
    SOURCE_KINDS,
    CompiledRoutes,
    apply_route,
    base_of,
    diagnose,
)

PLAIN_REFERENCE_MS = 7.5
WINDOW = 50
MISS = {"platform": "no-such-platform", "source_kind": "no-such-kind", "user_id": "0"}


def realistic_model_config(count: int, seed: int) -> dict[str, Any]:
    """Routes like an operator writes them: by platform, source kind, user and combinations."""
    rng = random.Random(seed)
    platforms = [*KNOWN_PLATFORMS, *(f"plugin-{i}" for i in range(40))]
    shapes = [
        lambda: {"platform": rng.choice(platforms)},
        lambda: {"source_kind": rng.choice(SOURCE_KINDS)},
        lambda: {"user_id": str(rng.randrange(10**8, 10**9))},
        lambda: {"platform": rng.choice(platforms), "source_kind": rng.choice(SOURCE_KINDS)},
        lambda: {"platform": rng.choice(platforms), "user_id": str(rng.randrange(10**8, 10**9))},
        lambda: {
            "platform": rng.choice(platforms),
            "source_kind": rng.choice(SOURCE_KINDS),
            "user_id": str(rng.randrange(10**8, 10**9)),
        },
    ]
    weights = [1, 1, 6, 4, 6, 6]
    routes = [
        {
            "name": f"route-{i}",
            "match": rng.choices(shapes, weights)[0](),
            "model": f"model-{i % 17}",
            "provider": rng.choice(["openrouter", "anthropic", "custom"]),
            "api_key": "${API_KEY}",
        }
        for i in range(count)
    ]
    return {"default": "base-model", "provider": "openrouter", "routes": routes}


def random_contexts(model_config: dict[str, Any], count: int, seed: int) -> list[dict[str, str]]:
    """Half built from existing matches (so winners sit at every depth), half random."""
    rng = random.Random(seed)
    matches = [route["match"] for route in model_config["routes"]]
    contexts = []
    for _ in range(count):
        context = {
            "platform": rng.choice([*KNOWN_PLATFORMS, "plugin-3", "nowhere"]),
            "source_kind": rng.choice(SOURCE_KINDS),
            "user_id": str(rng.randrange(10**8, 10**9)),
        }
        if rng.random() < 0.5:
            context |= rng.choice(matches)
        contexts.append(context)
    return contexts


def per_call_seconds(call: Callable[[], object], repeat: int = 7, minimum: float = 0.2) -> float:
    """Median time of one call, timing batches of at least `minimum` seconds."""
    calls = 1
    while _timed(call, calls) < minimum / 10:
        calls *= 2
    return statistics.median(_timed(call, calls) / calls for _ in range(repeat))


def _timed(call: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return time.perf_counter() - start


def identical_answers(model_config: dict[str, Any], contexts: list[dict[str, str]]) -> int:
    """Number of contexts where the compiled lookup and the plain loop disagree."""
    compiled = CompiledRoutes(model_config)
    model, runtime = base_of(model_config)
    return sum(
        compiled.resolve(context, model, runtime)
        != apply_route(model, runtime, model_config, context)
        for context in contexts
    )


def main() -> int:
    big = realistic_model_config(10_000, seed=1)
    small = realistic_model_config(1_000, seed=2)
    model, runtime = base_of(big)
    compiled = CompiledRoutes(big)

    plain = per_call_seconds(lambda: apply_route(model, runtime, big, MISS))
    build = per_call_seconds(lambda: CompiledRoutes(big), repeat=3)
    winner = per_call_seconds(lambda: compiled.winner(MISS))
    starts = [0, 2_500, 5_000, 9_950]
    window = max(
        per_call_seconds(lambda s=s: compiled.verdicts(MISS, s, s + WINDOW)) for s in starts
    )
    diagnostics = per_call_seconds(lambda: diagnose(small), repeat=5)
    disagreements = identical_answers(big, random_contexts(big, 300, seed=3))
    disagreements += identical_answers(small, random_contexts(small, 3_000, seed=4))

    scale = plain * 1000 / PLAIN_REFERENCE_MS  # this machine's speed relative to the reference
    rows = [
        ("plain first-match loop, 10,000 routes", plain, None, ""),
        ("compile 10,000 routes (once per edit)", build, None, ""),
        ("compiled winner, 10,000 routes", winner, plain / 20, f"{plain / winner:,.0f}x faster"),
        (f"verdicts, worst window of {WINDOW}", window, scale * 1e-3, ""),
        ("all diagnostics, 1,000 routes", diagnostics, scale * 100e-3, ""),
    ]
    failed = False
    print(f"{'measurement':42} {'time':>11} {'budget':>11}  result")
    for label, seconds, budget, note in rows:
        verdict = "" if budget is None else ("PASS" if seconds < budget else "FAIL")
        failed |= verdict == "FAIL"
        budget_text = "" if budget is None else f"{budget * 1000:9.3f}ms"
        print(f"{label:42} {seconds * 1000:9.3f}ms {budget_text:>11}  {verdict} {note}".rstrip())
    print(f"compiled vs plain on 3,300 random contexts: {disagreements} disagreements", end="  ")
    print("PASS" if disagreements == 0 else "FAIL")
    return 1 if failed or disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
