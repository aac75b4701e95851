"""The bundled demo, as `routedeck --demo` opens it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml

from routedeck.document import ScenarioFile
from routedeck.paths import copy_demo_config, demo_config_text, demo_scenarios_text
from routedeck.routing import CompiledRoutes, run_scenarios


@pytest.fixture(autouse=True)
def temporary_folder_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def test_the_demo_is_a_fresh_copy_of_the_config_and_its_scenarios() -> None:
    config = copy_demo_config()
    assert config.read_text(encoding="utf-8") == demo_config_text()
    scenarios = config.with_name("config.scenarios.yaml")
    assert scenarios.read_text(encoding="utf-8") == demo_scenarios_text()
    assert copy_demo_config().parent != config.parent


def test_every_demo_scenario_passes_on_the_demo_config() -> None:
    config = copy_demo_config()
    model = yaml.safe_load(demo_config_text())["model"]
    loaded = ScenarioFile.load(config.with_name("config.scenarios.yaml"))
    run = run_scenarios(model, loaded.scenarios, compiled=CompiledRoutes(model))
    assert len(run.results) == 3
    assert run.failed == 0
