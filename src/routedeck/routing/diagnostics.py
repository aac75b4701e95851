"""Problems in a model block, each with a stable id, a severity and the routes concerned.

Severity: `error` when the config does not do what it says (something that can never take
effect, or breaks the turn); `warning` for likely mistakes that still route (typos, unknown
values, plaintext secrets); `info` for keys that are harmless but do nothing.

id                       severity  what
shadowed-route           error     an explicit route can never win: an earlier route matches
                                   every context it matches (compared with str(), as the runtime)
empty-match              error     `match: {}` never matches
missing-match            error     a route with no `match`: skipped by the runtime
invalid-match            error     `match` is not a mapping: skipped (or, legacy, never matches)
not-a-mapping            error     a route item that is not a mapping: skipped
invalid-routes           error     `model.routes` is not a list: all of it is ignored
invalid-model            error     `model:` is neither a string nor a mapping
invalid-args             error     `args` is not a list: a string is split into characters, a
                                   number makes the runtime raise (the turn falls back, unrouted)
non-scalar-match-value   error     a list/mapping match value: only a context value equal to its
                                   str() text could match
no-model-block           warning   the file has no `model:` at all (a hook pointed at another file)
shadowed-legacy          warning   a legacy entry an explicit route or an earlier entry always
                                   beats (adding routes above legacy is the documented upgrade)
ignored-legacy           warning   a legacy entry the runtime ignores (empty, string under
                                   by_source, not a mapping)
overrides-nothing        warning   a route that matches but sets nothing (it still stops the scan)
inherited-credentials    warning   a route that switches provider or base_url but inherits the
                                   base block's api_key (the key goes to another endpoint), or
                                   switches provider but inherits the base base_url (its turns
                                   still go to the old endpoint); `key` names the inherited field
unknown-key              warning   a route key the router does not know (with did-you-mean)
unprovided-match-key     warning   a match key no caller provides (only platform, source_kind,
                                   user_id are)
unknown-platform         warning   a platform value outside SPEC's list (with did-you-mean)
unknown-source-kind      warning   a source_kind value outside SPEC's list (with did-you-mean)
yaml11-value             warning   a match value the agent reads differently from how it looks
                                   (`on` → True, `0123` → 83, `1_000` → 1000, `~` → None)
plaintext-secret         warning   an api_key that is not a ${VAR} reference (never shown)
unknown-provider         warning   a provider outside SPEC's list (and not `custom:<name>`)
unknown-api-mode         warning   an api_mode outside SPEC's list
ignored-key              info      a model-block key in a route (context_length, max_tokens, …)

Shadowing is found without comparing all pairs: earlier routes are indexed by the frozenset of
their `(key, str(value))` match items, and for each route only the subsets of its own items
that some earlier route could have are looked up: all 2**n subsets of its n items when that is
fewer lookups than there are distinct key-sets so far, else one subset per key-set it contains.
"""

import difflib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any, Literal
from urllib.parse import urlsplit

from routedeck.routing.constants import (
    API_MODES,
    CONTEXT_KEYS,
    CUSTOM_PROVIDER_PREFIX,
    IGNORED_ROUTE_KEYS,
    KNOWN_PLATFORMS,
    KNOWN_PROVIDERS,
    ROUTE_KEYS,
    RUNTIME_FIELDS,
    SOURCE_KINDS,
)
from routedeck.routing.routes import (
    LEGACY_MATCH_KEY,
    EffectiveRoute,
    Origin,
    base_of,
    effective_routes,
    kind_of,
    walk,
)
from routedeck.routing.runtime import is_no_opinion, route_sets
from routedeck.routing.secrets import is_env_reference

Severity = Literal["error", "warning", "info"]
ValueSources = Mapping[tuple[Origin, Any], str]

SEVERITY: dict[str, Severity] = {
    "shadowed-route": "error",
    "empty-match": "error",
    "missing-match": "error",
    "invalid-match": "error",
    "not-a-mapping": "error",
    "invalid-routes": "error",
    "invalid-model": "error",
    "invalid-args": "error",
    "non-scalar-match-value": "error",
    "no-model-block": "warning",
    "shadowed-legacy": "warning",
    "ignored-legacy": "warning",
    "overrides-nothing": "warning",
    "inherited-credentials": "warning",
    "unknown-key": "warning",
    "unprovided-match-key": "warning",
    "unknown-platform": "warning",
    "unknown-source-kind": "warning",
    "yaml11-value": "warning",
    "plaintext-secret": "warning",
    "unknown-provider": "warning",
    "unknown-api-mode": "warning",
    "ignored-key": "info",
}


@dataclass(frozen=True)
class Diagnostic:
    id: str
    severity: Severity
    message: str
    origins: tuple[Origin, ...] = ()
    key: str | None = None


def _diagnostic(
    diagnostic_id: str, message: str, origins: Iterable[Origin] = (), key: Any = None
) -> Diagnostic:
    key_text = None if key is None else str(key)
    return Diagnostic(diagnostic_id, SEVERITY[diagnostic_id], message, tuple(origins), key_text)


def diagnose(model_config: Any, value_sources: ValueSources | None = None) -> list[Diagnostic]:
    """Every problem of a model block, base-block ones first, then in file order.

    `value_sources` maps `(origin, match_key)` to the match value's source text as written,
    so that YAML 1.1 surprises (`on`, `0123`) can be told from harmless numbers.
    """
    if model_config is None:
        message = (
            "the file has no model: block, so nothing routes and the agent runs on its default "
            "model (is this the agent's config.yaml?)"
        )
        return [_diagnostic("no-model-block", message)]
    if isinstance(model_config, str):
        return []
    if not isinstance(model_config, Mapping):
        message = f"model: is a {kind_of(model_config)}, neither a model name nor a mapping"
        return [_diagnostic("invalid-model", message)]
    route_list = effective_routes(model_config)
    _, base_runtime = base_of(model_config)
    found = list(_base_block(model_config))
    found += [
        _diagnostic(item.code, f"{item.origin}: {item.reason}", [item.origin])
        for item in route_list.skipped
    ]
    for route in route_list.routes:
        found += _route_problems(route, value_sources)
        found += _inherited_credentials(route, base_runtime)
    found += _shadowing(route_list.routes)
    order = _file_order(model_config)
    return sorted(found, key=lambda d: order.get(d.origins[0], -1) if d.origins else -1)


def _file_order(model_config: Any) -> dict[Origin, int]:
    """Rank of every entry in evaluation order, which is file order within each section."""
    return {
        Origin(section, key): rank for rank, (section, key, _, _) in enumerate(walk(model_config))
    }


def _base_block(model_config: Mapping[Any, Any]) -> Iterator[Diagnostic]:
    yield from _field_values(model_config, "the model block", ())


def _route_problems(
    route: EffectiveRoute, value_sources: ValueSources | None
) -> Iterator[Diagnostic]:
    yield from _match_problems(route, value_sources)
    yield from _key_problems(route)
    yield from _field_values(route.route, route.label, (route.origin,))
    yield from _args_problems(route)
    if route.can_match and not _overrides_anything(route.route):
        message = (
            f"{route.label} matches but overrides nothing: its turns keep the base model "
            "and later routes are not tried"
        )
        yield _diagnostic("overrides-nothing", message, [route.origin])


def _inherited_credentials(route: EffectiveRoute, base: Mapping[str, Any]) -> Iterator[Diagnostic]:
    """SPEC §3: the base block's api_key or base_url going along to another provider."""
    if not route.can_match:
        return
    provider = _switched(route.route, base, "provider")
    url = _switched(route.route, base, "base_url")
    if (provider or url) and "api_key" in base and not route_sets(route.route, "api_key"):
        message = (
            f"{route.label} sends the base block's api_key to "
            f"{credential_destination(provider, url)}: give the route its own api_key"
        )
        yield _diagnostic("inherited-credentials", message, [route.origin], "api_key")
    if provider and "base_url" in base and not route_sets(route.route, "base_url"):
        endpoint = _endpoint(base["base_url"])
        message = (
            f"{route.label} switches provider to {provider} but inherits the base block's "
            f"base_url{f' ({endpoint})' if endpoint else ''}: its turns still go to that "
            "endpoint; give the route its own base_url"
        )
        yield _diagnostic("inherited-credentials", message, [route.origin], "base_url")


def _switched(route: Mapping[Any, Any], base: Mapping[str, Any], field: str) -> str | None:
    """The route's value of `field` when it sets one other than the base block's."""
    if not route_sets(route, field):
        return None
    value = str(route[field])
    return value if field not in base or value != str(base[field]) else None


def credential_destination(provider: str | None, url: str | None) -> str:
    """Where a route sends an inherited api_key, in words: `provider copilot at host:port`
    (never a credential the URL may hold)."""
    endpoint = None if url is None else _endpoint(url)
    if provider and endpoint:
        return f"provider {provider} at {endpoint}"
    if provider:
        return f"provider {provider}"
    return endpoint or "another base_url"


def _endpoint(url: Any) -> str | None:
    """Where a base_url points, without any credentials it may hold: the host and port, or
    the `${VAR}` reference as written; None when it is neither."""
    if is_env_reference(url):
        return str(url)
    try:
        parts = urlsplit(str(url))
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    return f"{host}:{port}" if port else host


def _overrides_anything(route: Mapping[Any, Any]) -> bool:
    return route_sets(route, "model") or any(route_sets(route, f) for f in RUNTIME_FIELDS)


def _match_problems(
    route: EffectiveRoute, value_sources: ValueSources | None
) -> Iterator[Diagnostic]:
    match = route.match
    if not isinstance(match, Mapping):
        message = f"{route.label}: `match` is a {kind_of(match)}, not a mapping: it never matches"
        yield _diagnostic("invalid-match", message, [route.origin], "match")
    elif not match:
        message = f"{route.label} has an empty `match`: it never matches"
        yield _diagnostic("empty-match", message, [route.origin], "match")
    else:
        for key, expected in match.items():
            yield from _match_key_problems(route, key)
            yield from _match_value_problems(
                route, key, _as_loaded(route, key, expected), value_sources
            )


def _as_loaded(route: EffectiveRoute, key: Any, expected: Any) -> Any:
    """The value as the agent loaded it: for legacy shorthand the synthesized match holds
    str(name), but the name itself may have been loaded as a non-string (`on:` → True)."""
    synthesized_key = LEGACY_MATCH_KEY.get(route.origin.section)
    name = route.origin.key
    if key == synthesized_key and not isinstance(name, str) and expected == str(name):
        return name
    return expected


def _match_key_problems(route: EffectiveRoute, key: Any) -> Iterator[Diagnostic]:
    if key in CONTEXT_KEYS:
        return
    message = (
        f"{route.label} matches on `{key}`, which no caller provides (only platform, source_kind, "
        f"user_id): it matches only contexts that add it{_did_you_mean(key, CONTEXT_KEYS)}"
    )
    yield _diagnostic("unprovided-match-key", message, [route.origin], key)


def _match_value_problems(
    route: EffectiveRoute, key: Any, expected: Any, value_sources: ValueSources | None
) -> Iterator[Diagnostic]:
    if isinstance(expected, list | Mapping | set | tuple):
        message = (
            f"{route.label}: match {key} is a {kind_of(expected)}; only a context whose {key} "
            f"is the text {str(expected)!r} could match"
        )
        yield _diagnostic("non-scalar-match-value", message, [route.origin], key)
    elif not isinstance(expected, str):
        yield from _yaml11_problems(route, key, expected, value_sources)
    elif key == "platform" and expected not in KNOWN_PLATFORMS:
        suggestion = _yaml11_hint(expected) or _did_you_mean(expected, KNOWN_PLATFORMS)
        message = f"{route.label}: unknown platform `{expected}`{suggestion}"
        yield _diagnostic("unknown-platform", message, [route.origin], key)
    elif key == "source_kind" and expected not in SOURCE_KINDS:
        suggestion = _yaml11_hint(expected) or _did_you_mean(expected, SOURCE_KINDS)
        message = f"{route.label}: unknown source_kind `{expected}`{suggestion}"
        yield _diagnostic("unknown-source-kind", message, [route.origin], key)


YAML11_WORDS = {
    **dict.fromkeys(("on", "yes", "y", "true"), "true"),
    **dict.fromkeys(("off", "no", "n", "false"), "false"),
    **dict.fromkeys(("null", "~"), "null"),
}
"""Words a bare YAML 1.1 value reads as a boolean or null, and what it reads as."""


def _yaml11_hint(value: str) -> str:
    """For a string that is a YAML 1.1 keyword written quoted: why no caller sends it (a
    near-miss spelling of a real platform would mislead here)."""
    read_as = YAML11_WORDS.get(value.lower())
    if read_as is None:
        return ""
    return f" (written bare, `{value}` is read as {read_as}; no caller sends the text `{value}`)"


def _yaml11_problems(
    route: EffectiveRoute, key: Any, loaded: Any, value_sources: ValueSources | None
) -> Iterator[Diagnostic]:
    compared = str(loaded)
    text = None if value_sources is None else value_sources.get((route.origin, key))
    if text is None:
        message = (
            f'{route.label}: match {key} is the {_loaded_as(loaded)}, compared as "{compared}"; '
            "quote it if you meant other text"
        )
    elif text.strip().strip("'\"") == compared:
        return
    else:
        message = (
            f"{route.label}: `{text}` is read as {_loaded_as(loaded)}, "
            f'so this matches {key} == "{compared}"'
        )
    yield _diagnostic("yaml11-value", message, [route.origin], key)


def _loaded_as(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if value is None:
        return "null"
    return f"{kind_of(value)} {value}"


def _key_problems(route: EffectiveRoute) -> Iterator[Diagnostic]:
    for key in route.route:
        if key in ROUTE_KEYS:
            continue
        if key in IGNORED_ROUTE_KEYS:
            hint = " (a route sets the model with `model`)" if key == "default" else ""
            message = f"{route.label}: `{key}` is ignored by the router{hint}"
            yield _diagnostic("ignored-key", message, [route.origin], key)
        else:
            suggestion = _did_you_mean(key, (*ROUTE_KEYS, *IGNORED_ROUTE_KEYS))
            message = f"{route.label}: unknown key `{key}`, ignored by the router{suggestion}"
            yield _diagnostic("unknown-key", message, [route.origin], key)


def _field_values(
    block: Mapping[Any, Any], label: str, origins: tuple[Origin, ...]
) -> Iterator[Diagnostic]:
    provider, api_mode, api_key = block.get("provider"), block.get("api_mode"), block.get("api_key")
    if not is_no_opinion(provider) and not _is_known_provider(provider):
        message = (
            f"{label}: unknown provider `{provider}`{_did_you_mean(provider, KNOWN_PROVIDERS)}"
        )
        yield _diagnostic("unknown-provider", message, origins, "provider")
    if not is_no_opinion(api_mode) and api_mode not in API_MODES:
        message = f"{label}: unknown api_mode `{api_mode}`{_did_you_mean(api_mode, API_MODES)}"
        yield _diagnostic("unknown-api-mode", message, origins, "api_mode")
    if not is_no_opinion(api_key) and not is_env_reference(api_key):
        message = f"{label} has a plaintext api_key; use a ${{VAR}} reference instead"
        yield _diagnostic("plaintext-secret", message, origins, "api_key")


def _is_known_provider(provider: Any) -> bool:
    if not isinstance(provider, str):
        return False
    custom_name = provider.removeprefix(CUSTOM_PROVIDER_PREFIX)
    return provider in KNOWN_PROVIDERS or (custom_name != provider and custom_name != "")


def _args_problems(route: EffectiveRoute) -> Iterator[Diagnostic]:
    args = route.route.get("args")
    if is_no_opinion(args) or isinstance(args, list):
        return
    if isinstance(args, str):
        consequence = "the runtime passes it as single characters; write a list"
    elif isinstance(args, Iterable):
        consequence = f"the runtime passes {list(args)!r}; write a list"
    else:
        consequence = "the runtime raises on it and the turn falls back to the unrouted model"
    message = f"{route.label}: args is a {kind_of(args)}, not a list: {consequence}"
    yield _diagnostic("invalid-args", message, [route.origin], "args")


def _did_you_mean(word: Any, candidates: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    return _suggestion(word, tuple(candidates))


@lru_cache(maxsize=4096)
def _suggestion(word: str, candidates: tuple[str, ...]) -> str:
    """Cached: a 100,000-route file repeats the same few unknown values, and each look-up
    compares the word with every candidate."""
    close = difflib.get_close_matches(word, candidates, n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _shadowing(routes: list[EffectiveRoute]) -> Iterator[Diagnostic]:
    first_with_items: dict[frozenset[tuple[Any, str]], EffectiveRoute] = {}
    key_sets: dict[frozenset[Any], None] = {}  # the distinct key-sets seen, in order
    for route in routes:
        if not route.can_match:
            continue
        items = frozenset((key, str(value)) for key, value in route.match.items())
        shadow = _earliest_subset(items, first_with_items, key_sets)
        if shadow is not None:
            legacy = route.legacy
            message = (
                f"{route.label}{' (legacy)' if legacy else ''} can never win: "
                f"{shadow.label} matches everything it matches"
            )
            code = "shadowed-legacy" if legacy else "shadowed-route"
            yield _diagnostic(code, message, [route.origin, shadow.origin], "match")
        first_with_items.setdefault(items, route)
        key_sets.setdefault(frozenset(route.match), None)


def _earliest_subset(
    items: frozenset[tuple[Any, str]],
    first_with_items: Mapping[frozenset[tuple[Any, str]], EffectiveRoute],
    key_sets: Collection[frozenset[Any]],
) -> EffectiveRoute | None:
    """The earliest indexed route whose match items are a subset of `items`."""
    found = [
        first_with_items[s] for s in _candidate_subsets(items, key_sets) if s in first_with_items
    ]
    return min(found, key=lambda route: route.position, default=None)


def _candidate_subsets(
    items: frozenset[tuple[Any, str]], key_sets: Collection[frozenset[Any]]
) -> Iterator[frozenset[tuple[Any, str]]]:
    if 2 ** len(items) <= len(key_sets):
        for size in range(1, len(items) + 1):
            yield from (frozenset(subset) for subset in combinations(items, size))
        return
    keys = frozenset(key for key, _ in items)
    for key_set in key_sets:
        if key_set <= keys:
            yield frozenset(item for item in items if item[0] in key_set)
