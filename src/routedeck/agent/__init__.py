"""The installed hermes-agent: where it is, whether it reads `model.routes`, and its own
`apply_route` as a matcher to compare routedeck's engine with.

Standard library and `routing` only (no YAML, no screen): the command line and the editor ask
it; the agent's code runs in routedeck's process only when importable there and only when it
has a routing module, else in the agent's interpreter.
"""

from routedeck.agent.detect import InstalledAgent, find_installed_agent, interpreter_of
from routedeck.agent.matcher import (
    AgentMatcher,
    AgentMatcherError,
    AgentRaised,
    Disagreement,
    Outcome,
    compare_with_agent,
    open_matcher,
)

__all__ = [
    "AgentMatcher",
    "AgentMatcherError",
    "AgentRaised",
    "Disagreement",
    "InstalledAgent",
    "Outcome",
    "compare_with_agent",
    "find_installed_agent",
    "interpreter_of",
    "open_matcher",
]
