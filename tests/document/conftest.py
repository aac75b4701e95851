"""The real-world corpus, vendored into `tests/corpus` (sources and licenses in its SOURCES.md).

Tests take the `corpus` fixture (the folder), a `corpus_name` argument (parametrized with every
corpus file name) or `foreign_corpus_name` (the files with no `model:`).
"""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def corpus() -> Path:
    return CORPUS


CORPUS_ARGUMENTS = {
    "corpus_name": lambda name: True,
    "foreign_corpus_name": lambda name: not name.startswith("hermes"),
}
"""Arguments parametrized with corpus file names: every file, or those without a `model:`."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for argument, wanted in CORPUS_ARGUMENTS.items():
        if argument in metafunc.fixturenames:
            names = sorted(p.name for p in CORPUS.glob("*.yaml"))
            metafunc.parametrize(argument, [name for name in names if wanted(name)])
