"""The scenario file beside the config (SPEC §8) as the editor holds it: read once, run on
every revision, scenarios pinned into it in memory, saved with the config.

A scenario file with any problem is kept as its problems (`FILE:LINE:COL: sentence`) and is
never written: pinning is refused until it is fixed and read again.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from routedeck.document import (
    DocumentError,
    EditError,
    SaveError,
    ScenarioFile,
    ScenarioFileError,
    ScenarioProblem,
    default_scenarios_path,
    read_regular_file,
)
from routedeck.routing import (
    CompiledRoutes,
    Scenario,
    ScenarioRun,
    describe_context,
    run_scenarios,
    scenario_from_result,
)


class ScenariosChangedOnDiskError(SaveError):
    """The scenario file changed on disk since the editor read it: nothing was saved."""


class ScenariosNotSavedError(SaveError):
    """The config was saved but the scenario file could not be written."""


class EditorScenarios:
    """The scenarios of the config at `config_path`: `file` (None while it has problems),
    `problems`, and the scenarios pinned since it was read or saved."""

    def __init__(self, config_path: Path) -> None:
        self.path = default_scenarios_path(config_path)
        self.file: ScenarioFile | None = None
        self.problems: tuple[ScenarioProblem, ...] = ()
        """Why the file cannot be used (`str()`: `FILE:LINE:COL: sentence`)."""
        self.pinned: list[Scenario] = []
        self._on_disk: bytes | None = None
        """What the file held when read or saved (None: there was no file)."""

    def load(self) -> None:
        """Read the file (a missing one is an empty one); a file with problems keeps them."""
        self.pinned = []
        try:
            self.file = ScenarioFile.load(self.path)
        except ScenarioFileError as error:
            self.file = None
            self.problems = error.problems
            return
        self.problems = ()
        self._on_disk = self.file.to_text().encode("utf-8") if self.file.exists else None

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        return self.file.scenarios if self.file is not None else ()

    @property
    def dirty(self) -> bool:
        return self.file is not None and self.file.is_dirty

    def run(self, model_config: Any, compiled: CompiledRoutes) -> ScenarioRun | None:
        """Every scenario on the model block as written (as `routedeck test` runs them);
        None when the file has problems."""
        if self.file is None:
            return None
        return run_scenarios(model_config, self.scenarios, compiled=compiled)

    def pin(self, context: Mapping[str, str], compiled: CompiledRoutes) -> str | None:
        """Append the scenario that pins `context` to the result it gets now; returns why
        nothing was pinned, or None."""
        if not context:
            return (
                "Nothing pinned: the simulator has no context. Type one (c) or pick a preset, "
                "then pin it."
            )
        if self.file is None:
            return (
                f"Nothing pinned: {self.path.name} has problems (see the Scenarios panel). "
                "Fix them, then read it again (r on the panel); routedeck never writes over "
                "a scenario file it cannot read."
            )
        for number, scenario in enumerate(self.scenarios, 1):
            if _same_context(scenario.context, context):
                return (
                    f"Nothing pinned: scenario {number} ({scenario.label}) already has the "
                    f"context {describe_context(context)}."
                )
        explanation = compiled.explain(dict(context), with_verdicts=False)
        scenario = scenario_from_result(context, explanation, compiled.route_list)
        try:
            self.file.append(scenario)
        except EditError as error:
            return f"Nothing pinned: {error.message}"
        self.pinned.append(scenario)
        return None

    def unpin(self, scenario: Scenario) -> str | None:
        """Take back a scenario pinned since the file was read or saved; returns why not (it
        is in the file: only an editor of the file removes those), or None."""
        if self.file is None or scenario not in self.pinned:  # pins never repeat a context
            return (
                f"Not removed: only a scenario pinned since {self.path.name} was saved can be "
                "taken back here; edit the file to remove the others."
            )
        remaining = list(self.pinned)
        remaining.remove(scenario)
        fresh = self.file.as_loaded()
        for pinned in remaining:
            fresh.append(pinned)
        self.file, self.pinned = fresh, remaining
        return None

    def diff(self) -> str:
        """The masked unified diff of what saving writes ("" when nothing)."""
        return self.file.diff(mask_secrets=True) if self.dirty and self.file else ""

    def check_on_disk(self) -> None:
        """ScenariosChangedOnDiskError when the file is no longer what was read or saved."""
        try:
            raw: bytes | None = read_regular_file(self.path)[0]
        except FileNotFoundError:
            raw = None
        except DocumentError as error:
            raise SaveError(f"cannot read {self.path.name}: {error.message}") from None
        if raw != self._on_disk:
            what = "appeared" if self._on_disk is None else "changed"
            raise ScenariosChangedOnDiskError(
                f"{self.path.name} {what} on disk since routedeck read it"
            )

    def save(self, *, force: bool = False) -> Path | None:
        """Write the pinned scenarios (atomically, the previous file kept as `.bak`); returns
        the backup's path. Nothing happens when nothing was pinned."""
        if not self.dirty or self.file is None:
            return None
        backup = self.file.save(force=force)
        self._on_disk = self.file.to_text().encode("utf-8")
        self.pinned = []
        return backup

    def reapply(self) -> int:
        """Read the file as it now is on disk and pin the same scenarios into it again;
        returns how many. ScenarioFileError when that file has problems, EditError when a
        scenario cannot be appended (nothing changes then)."""
        fresh = ScenarioFile.load(self.path)
        on_disk = fresh.to_text().encode("utf-8") if fresh.exists else None
        for scenario in self.pinned:
            fresh.append(scenario)
        self.file, self._on_disk, self.problems = fresh, on_disk, ()
        return len(self.pinned)


def _same_context(first: Mapping[Any, Any], second: Mapping[Any, Any]) -> bool:
    """Equal as the runtime compares contexts: by `str()` of each value, None as absent."""

    def shown(context: Mapping[Any, Any]) -> dict[Any, str]:
        return {key: str(value) for key, value in context.items() if value is not None}

    return shown(first) == shown(second)
