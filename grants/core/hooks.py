"""How an earlier area reaches a later one without importing it (areas import one way only:
see tests/test_architecture.py).

- `Hook`: a narrow function an earlier area needs and a later area provides, e.g. the
  contracts area asks "how many partial reports of this contract are accepted?" and the task
  reports area answers. The earlier area declares the hook; the later area registers the
  function with `@hook.provide` when it is imported (create_app imports every area).
- `signal`: an event an earlier area announces and later areas react to (blinker), e.g. a
  contract signed -> the task reports area creates the final reports. Receivers run inside
  the sender's transaction (they flush, never commit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from blinker import Namespace

_signals = Namespace()
_UNSET = object()


def signal(name: str):
    """The named signal (one per name): `sig.connect(fn)` to react, `sig.send(obj, **kw)`."""
    return _signals.signal(name)


class Hook:
    """A function declared here and provided elsewhere; calling it calls the provider, or
    returns `default` while no area provides it."""

    def __init__(self, name: str, default: Any = _UNSET):
        self.name = name
        self._default = default
        self._provider: Callable[..., Any] | None = None

    def provide(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        if self._provider is not None and self._provider is not fn:
            raise RuntimeError(f"hook {self.name!r} is provided twice")
        self._provider = fn
        return fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._provider is None:
            if self._default is _UNSET:
                raise RuntimeError(f"hook {self.name!r} has no provider (is its area imported?)")
            return self._default
        return self._provider(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"
