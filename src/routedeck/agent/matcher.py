"""The installed agent's own `apply_route` as a matcher, and its comparison with routedeck's.

When the agent has `agent.smart_model_routing.apply_route`, that function is the shared
matcher itself: `open_matcher(agent)` calls it in routedeck's process when the agent is
importable there, else through the agent's interpreter (a worker answering JSON lines on
stdin/stdout). `compare_with_agent` runs the same inputs through both; any difference in what
the turn gets is a routedeck bug, reported with its context.
"""

from __future__ import annotations

import copy
import importlib
import json
import queue
import subprocess
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from routedeck.agent import worker
from routedeck.agent.detect import InstalledAgent, worker_path
from routedeck.routing import apply_route, base_of
from routedeck.routing.compare import same
from routedeck.routing.secrets import mask_value

CALL_TIMEOUT = 10.0
"""Seconds the agent's worker gets to start, and then to answer one call."""


class AgentMatcherError(Exception):
    """The agent's apply_route could not be asked (no routing, worker gone, timeout)."""


class AgentRaised(AgentMatcherError):
    """The agent's apply_route raised; the message is `TypeError: ...`."""


class AgentMatcher(ABC):
    """`matcher.apply_route(model, runtime_kwargs, model_config, context)` is the agent's.

    Use as a context manager, or call `close()`: a worker process is stopped there.
    """

    def __init__(self, agent: InstalledAgent) -> None:
        self.agent = agent

    @abstractmethod
    def apply_route(
        self, model: Any, runtime_kwargs: Any, model_config: Any, context: Any
    ) -> tuple[Any, Any]:
        """What the agent's apply_route returns; AgentRaised when it raises."""

    @abstractmethod
    def close(self) -> None:
        """Release what the matcher holds."""

    def __enter__(self) -> AgentMatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcessMatcher(AgentMatcher):
    """The agent importable in routedeck's process: its function, called on copies."""

    def __init__(self, agent: InstalledAgent, function: Callable[..., Any]) -> None:
        super().__init__(agent)
        self._function = function

    def apply_route(
        self, model: Any, runtime_kwargs: Any, model_config: Any, context: Any
    ) -> tuple[Any, Any]:
        inputs = copy.deepcopy((model, runtime_kwargs, model_config, context))
        try:
            new_model, new_runtime = self._function(*inputs)
        except Exception as error:
            raise AgentRaised(f"{type(error).__name__}: {error}") from error
        return new_model, new_runtime

    def close(self) -> None:
        """Nothing to release: the function lives in routedeck's process."""


class WorkerMatcher(AgentMatcher):
    """The agent's apply_route in its own interpreter, one JSON line per call."""

    def __init__(self, agent: InstalledAgent, interpreter: tuple[str, ...], timeout: float):
        super().__init__(agent)
        self._timeout = timeout
        try:
            self._process = subprocess.Popen(
                [*interpreter, str(worker_path()), "serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
            )
        except OSError as error:
            raise AgentMatcherError(f"cannot run {interpreter[0]}: {error}") from None
        self._answers: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=_pump, args=(self._process.stdout, self._answers), daemon=True
        ).start()
        hello = self._answer()
        if "fatal" in hello:
            self.close()
            raise AgentMatcherError(f"the agent's apply_route cannot be loaded: {hello['fatal']}")

    def apply_route(
        self, model: Any, runtime_kwargs: Any, model_config: Any, context: Any
    ) -> tuple[Any, Any]:
        stdin = self._process.stdin
        if stdin is None or self._process.poll() is not None:
            raise AgentMatcherError("the agent's worker has stopped")
        try:
            stdin.write(worker.dumps([model, runtime_kwargs, model_config, context]) + "\n")
            stdin.flush()
        except OSError as error:
            raise AgentMatcherError(f"the agent's worker has stopped ({error})") from None
        answer = self._answer()
        if "raised" in answer:
            raise AgentRaised(answer["raised"])
        if "ok" not in answer:
            raise AgentMatcherError(f"the agent's worker failed: {answer.get('fatal')}")
        new_model, new_runtime = worker.decode(answer["ok"])
        return new_model, new_runtime

    def _answer(self) -> dict[str, Any]:
        try:
            line = self._answers.get(timeout=self._timeout)
        except queue.Empty:
            self.close()
            raise AgentMatcherError(
                f"the agent's worker did not answer within {self._timeout:g} seconds"
            ) from None
        if not line:
            raise AgentMatcherError("the agent's worker has stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self._process.poll() is None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def _pump(stream: IO[str] | None, answers: queue.Queue[str]) -> None:
    """Move the worker's lines into a queue, so that waiting for one can time out; an empty
    string marks the end."""
    if stream is not None:
        for line in stream:
            answers.put(line)
    answers.put("")


def open_matcher(agent: InstalledAgent, *, timeout: float = CALL_TIMEOUT) -> AgentMatcher:
    """The agent's apply_route; AgentMatcherError when it has none or it cannot be reached."""
    if not agent.has_routing:
        raise AgentMatcherError(f"{agent.name} has no agent.smart_model_routing.apply_route")
    if agent.interpreter is not None:
        return WorkerMatcher(agent, agent.interpreter, timeout)
    module = importlib.import_module(worker.ROUTING_MODULE)
    return InProcessMatcher(agent, getattr(module, worker.ROUTING_FUNCTION))


# ------------------------------------------------------------------ comparing with routedeck


@dataclass(frozen=True)
class Outcome:
    """What a turn gets from one matcher: `raised` when its apply_route raised, in which case
    the gateway falls back silently and the turn gets the unrouted model and runtime."""

    model: Any
    runtime: Any
    raised: str | None = None

    def describe(self, show_secrets: bool = False) -> str:
        runtime = self.runtime
        if isinstance(runtime, Mapping) and not show_secrets:
            runtime = mask_value(runtime)
        text = f"model {self.model!r}, runtime {runtime!r}"
        return f"{text} (it raised {self.raised}: unrouted)" if self.raised else text


@dataclass(frozen=True)
class Disagreement:
    """routedeck's engine and the agent's apply_route give a turn different results."""

    agent: InstalledAgent
    context: Any
    routedeck: Outcome
    theirs: Outcome

    def describe(self, show_secrets: bool = False) -> str:
        return (
            f"routedeck bug: for context {self.context!r} routedeck's engine gives "
            f"{self.routedeck.describe(show_secrets)}, but {self.agent.name}'s own apply_route "
            f"gives {self.theirs.describe(show_secrets)}; please report it with this context "
            "and the model block"
        )


def compare_with_agent(
    matcher: AgentMatcher,
    model_config: Any,
    context: Any,
    model: Any = None,
    runtime_kwargs: Any = None,
) -> Disagreement | None:
    """Run one turn through both matchers; None when the turn gets the same either way.

    `model_config` is the block as the agent uses it (`agent_view().model_config`); `model` /
    `runtime_kwargs` default to its base (`base_of`). AgentMatcherError (other than the
    agent's apply_route raising) propagates: not being able to ask is not a disagreement.
    """
    base_model, base_runtime = base_of(model_config)
    model = base_model if model is None else model
    runtime_kwargs = base_runtime if runtime_kwargs is None else runtime_kwargs
    ours = Outcome(*apply_route(model, runtime_kwargs, model_config, context))
    try:
        theirs = Outcome(*matcher.apply_route(model, runtime_kwargs, model_config, context))
    except AgentRaised as error:
        theirs = Outcome(model, runtime_kwargs, str(error))
    if same_result(ours, theirs):
        return None
    return Disagreement(matcher.agent, context, ours, theirs)


def same_result(a: Outcome, b: Outcome) -> bool:
    """Same model and runtime, types included (`1` is not `True`); runtime key order ignored."""
    return same(a.model, b.model) and same(a.runtime, b.runtime)
