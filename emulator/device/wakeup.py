"""How the parts of the gateway tell the runtime that something changed."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Concatenate, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Wakeup", "mutator"]


class Wakeup:
    """One signal shared by every part: deadlines or the outbox may differ now.

    The runtime sets :attr:`callback` to wake its clock task; without a runtime
    (a gateway driven by hand in tests) the signal goes nowhere.
    """

    __slots__ = ("callback",)

    def __init__(self) -> None:
        """Start unconnected."""
        self.callback: Callable[[], None] | None = None

    def __call__(self) -> None:
        """Wake the runtime, if one listens."""
        if self.callback is not None:
            self.callback()


class _Waking(Protocol):
    @property
    def wakeup(self) -> Wakeup: ...


def mutator[W: _Waking, **P, R](
    method: Callable[Concatenate[W, P], R],
) -> Callable[Concatenate[W, P], R]:
    """Wake the runtime after a method that may change deadlines or the outbox."""

    @functools.wraps(method)
    def wrapper(self: W, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        finally:
            self.wakeup()

    return wrapper
