"""The real-world corpus lives in `../shared/corpus/real` beside the clone.

Tests take the `corpus` fixture (the folder; skipped when absent) or a `corpus_name` argument
(parametrized with every corpus file name).
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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "corpus_name" in metafunc.fixturenames:
        names = sorted(p.name for p in CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []
        params = names or [pytest.param("-", marks=pytest.mark.skip(reason=ABSENT))]
        metafunc.parametrize("corpus_name", params)
