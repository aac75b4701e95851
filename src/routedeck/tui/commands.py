"""The editor's actions in the command palette, each with the key that runs it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class PaletteCommand(NamedTuple):
    title: str
    help: str
    run: Callable[[], object]
    keys: str = ""
    """The keys that run it, as the user reads them ("" when no key does)."""


def shown(command: PaletteCommand, title: Content) -> Content:
    """The title, then the keys, dimmed."""
    if not command.keys:
        return title
    return Content.assemble(title, ("  " + command.keys, "dim"))


class EditorCommands(Provider):
    """What the screen under the palette offers (`palette_commands()`), found by title."""

    def _commands(self) -> list[PaletteCommand]:
        source: Callable[[], Iterable[PaletteCommand]] | None = getattr(
            self.screen, "palette_commands", None
        )
        return list(source()) if source is not None else []

    async def discover(self) -> Hits:
        for command in self._commands():
            title = Content(command.title)
            yield DiscoveryHit(shown(command, title), command.run, command.title, command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                title = matcher.highlight(command.title)
                display = shown(command, title)
                yield Hit(score, display, command.run, command.title, command.help)
