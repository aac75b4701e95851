"""The long run of the document layer's fidelity test (issue 8): thousands of random edit
scripts on generated configs and on the corpus, every rule checked after every edit.

    python scripts/fidelity.py                 # 5,000 generated scripts + 40 per corpus file
    python scripts/fidelity.py --scripts 20000 --start 5000
    python scripts/fidelity.py --seed 1234     # one script, with its traceback

The scripts and the oracle are those of tests/document/test_document_fidelity.py (CI runs a
few hundred of them). Exit status 1 when any script fails; each failure names its seed.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from types import ModuleType

TEST = Path(__file__).resolve().parents[1] / "tests" / "document" / "test_document_fidelity.py"


def load_test() -> ModuleType:
    spec = importlib.util.spec_from_file_location("test_document_fidelity", TEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scripts", type=int, default=5000, help="generated scripts to run")
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--corpus", type=int, default=40, help="scripts per corpus file")
    parser.add_argument("--seed", type=int, help="run this one generated script, verbosely")
    args = parser.parse_args()
    test = load_test()
    if args.seed is not None:
        test.run_script(args.seed)
        print(f"seed {args.seed}: passed")
        return 0
    started = time.perf_counter()
    failures: list[str] = []
    refusals: Counter[str] = Counter()
    edits = 0
    for seed in range(args.start, args.start + args.scripts):
        try:
            state = test.run_script(seed)
        except Exception as error:  # every failure is reported with its seed, the run goes on
            failures.append(f"seed {seed}: {type(error).__name__}: {error}")
            traceback.print_exc(limit=3)
            continue
        edits += state.edits
        refusals.update(_reason(message) for message in state.refusals)
    corpus_runs = 0
    for name in test.CORPUS_NAMES:
        for seed in range(args.corpus):
            corpus_runs += 1
            try:
                test.run_corpus_script(name, seed)
            except Exception as error:
                failures.append(f"{name} seed {seed}: {type(error).__name__}: {error}")
    elapsed = time.perf_counter() - started
    print(
        f"{args.scripts} generated scripts ({edits} accepted edits) and {corpus_runs} corpus "
        f"scripts in {elapsed:.0f} s: {len(failures)} failed"
    )
    for reason, count in refusals.most_common():
        print(f"  refused {count:>5}x: {reason}")
    for failure in failures[:20]:
        print("FAILED", failure)
    return 1 if failures else 0


def _reason(message: str) -> str:
    """A refusal message without its particulars (line numbers, names)."""
    for words in ("anchor", "undefined alias", "not read back", "characters long"):
        if words in message:
            return words
    return message


if __name__ == "__main__":
    sys.exit(main())
