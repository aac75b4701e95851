"""The real-world corpus lives in `../shared/corpus/real` beside the clone.

Tests take the `corpus` fixture (the folder; skipped when absent), a `corpus_name` argument
(parametrized with every corpus file name) or `foreign_corpus_name` (the files with no `model:`).
"""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"
ABSENT = f"the shared corpus is not at {CORPUS} (clone next to shared/)"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(ABSENT)
    return CORPUS


CORPUS_ARGUMENTS = {
    "corpus_name": lambda name: True,
    "foreign_corpus_name": lambda name: not name.startswith("hermes"),
}
"""Arguments parametrized with corpus file names: every file, or those without a `model:`."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for argument, wanted in CORPUS_ARGUMENTS.items():
        if argument in metafunc.fixturenames:
            names = sorted(p.name for p in CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []
            params = [name for name in names if wanted(name)]
            params = params or [pytest.param("-", marks=pytest.mark.skip(reason=ABSENT))]
            metafunc.parametrize(argument, params)
