"""The result panel's warning beside an inherited credential (SPEC §3, `inherited-credentials`):
the winning route switches provider or base_url but keeps the base block's api_key, or switches
provider but keeps the base block's base_url."""

from __future__ import annotations

from collections.abc import Iterable

from routedeck.routing import Diagnostic, Explanation
from routedeck.routing.diagnostics import credential_destination

INHERITED = "inherited-credentials"


def inherited_credentials(
    explanation: Explanation, diagnostics: Iterable[Diagnostic]
) -> dict[str, str]:
    """{field: the warning in words} for the fields the winner inherits against the advice of
    an `inherited-credentials` diagnostic about it (diagnostics of the same revision)."""
    winner = explanation.winner
    if winner is None:
        return {}
    inherited = {
        diagnostic.key
        for diagnostic in diagnostics
        if diagnostic.id == INHERITED and winner.origin in diagnostic.origins
    }
    provider = _set_by_winner(explanation, "provider")
    url = _set_by_winner(explanation, "base_url")
    found: dict[str, str] = {}
    if "api_key" in inherited:
        destination = credential_destination(provider, url)
        found["api_key"] = f"⚠ inherited from the base block: goes to {destination}"
    if "base_url" in inherited:
        who = f"provider {provider}" if provider else "the route"
        found["base_url"] = f"⚠ inherited from the base block: {who} still sends its turns here"
    return found


def _set_by_winner(explanation: Explanation, field: str) -> str | None:
    value = explanation.fields.get(field)
    winner = explanation.winner
    if value is None or value.value in (None, "") or winner is None:
        return None
    return str(value.value) if value.origin == winner.origin else None
