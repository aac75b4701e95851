"""Comparing the agent's view of two texts (`same`, the strict comparison, lives in the engine)."""

from __future__ import annotations

from typing import Any

from routedeck.routing.compare import same

__all__ = ["same", "same_view"]


def same_view(actual: dict[Any, Any], expected: dict[Any, Any]) -> bool:
    """The whole file's data matches: strictly for `model`, whose legacy sections are also
    compared in order (the router walks them in file order); plainly for the rest."""
    rest_actual = {k: v for k, v in actual.items() if k != "model"}
    rest_expected = {k: v for k, v in expected.items() if k != "model"}
    if rest_actual != rest_expected or ("model" in actual) != ("model" in expected):
        return False
    model, wanted = actual.get("model"), expected.get("model")
    try:
        if not same(model, wanted):
            return False
    except RecursionError:
        return False
    if isinstance(model, dict) and isinstance(wanted, dict):
        for section in ("platforms", "by_source"):
            if isinstance(model.get(section), dict) and list(model[section]) != list(
                wanted[section]
            ):
                return False
    return True
