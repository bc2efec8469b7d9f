"""Reachability: the device going offline, and faults injected into its endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .endpoints import endpoint_name
from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable

    from .wakeup import Wakeup

__all__ = ["FAULT_MODES", "OFFLINE_MODES", "Fault", "Reachability"]

#: Fault modes of :meth:`Reachability.set_fault`.
FAULT_MODES = ("http500", "garbage", "slow", "truncated", "html", "drop", "reboot")
#: Modes of :meth:`Reachability.set_offline`.
OFFLINE_MODES = ("refuse", "hang")


@dataclass(slots=True)
class Fault:
    """An injected failure of the device endpoints (see ``set_fault``)."""

    mode: str
    delay: float = 1.0
    #: Requests it still breaks (``None``: until repaired).
    remaining: int | None = None
    #: The one endpoint it breaks (``goip_get_sms.html``); ``None``: every one.
    endpoint: str | None = None


class Reachability:
    """Whether the device answers, and how it breaks when told to."""

    def __init__(self, *, clock: Callable[[], float], wakeup: Wakeup) -> None:
        """Start online and healthy."""
        self.clock = clock
        self.wakeup = wakeup
        #: ``refuse`` or ``hang`` while offline, else ``None``.
        self.offline_mode: str | None = None
        self.offline_until: float | None = None
        self._faults: dict[str | None, Fault] = {}

    @property
    def offline(self) -> bool:
        """Whether the device is cut off (it makes no pushes either)."""
        return self.offline_mode is not None

    @mutator
    def set_offline(
        self, *, seconds: float | None = None, mode: str = "refuse"
    ) -> None:
        """Make the device endpoints unreachable.

        ``refuse`` closes each connection without an answer, ``hang`` never
        answers; for ``seconds`` or until :meth:`set_online`. Pushes are dropped
        while offline.
        """
        if mode not in OFFLINE_MODES:
            raise ValueError("mode must be 'refuse' or 'hang'")
        self.offline_mode = mode
        self.offline_until = None if seconds is None else self.clock() + seconds

    @mutator
    def set_online(self) -> None:
        """Make the device reachable again."""
        self.offline_mode = None
        self.offline_until = None

    @property
    def fault(self) -> Fault | None:
        """The fault of every endpoint, if any."""
        return self._faults.get(None)

    @property
    def faults(self) -> list[Fault]:
        """Every fault in force, the one of every endpoint first."""
        return sorted(self._faults.values(), key=lambda f: f.endpoint or "")

    def set_fault(
        self,
        mode: str,
        *,
        delay: float = 1.0,
        count: int | None = None,
        path: str | None = None,
    ) -> None:
        """Break the device endpoints, or only ``path`` (``goip_get_sms.html``).

        * ``http500``: answer HTTP 500;
        * ``garbage``: answer HTTP 200 with bytes that are neither JSON nor text;
        * ``slow``: wait ``delay`` seconds, then answer;
        * ``truncated``: handle the request, answer the first half of the reply
          (malformed JSON);
        * ``html``: answer HTTP 200 with an HTML page (a proxy's or captive
          portal's), whose attributes look like ``key=value`` pairs;
        * ``drop``: handle the request, then close the connection unanswered (the
          reply is lost, the request took effect);
        * ``reboot``: handle the request, then reboot (``delay`` seconds of
          downtime) before answering: the connection closes unanswered and
          whatever the request queued is lost with the reboot.

        ``count`` limits the fault to that many requests (of ``path``). ``none``
        repairs ``path``, or without ``path`` every endpoint. A fault of one
        endpoint wins over the fault of every endpoint.
        """
        endpoint = None if path is None else endpoint_name(path)
        if mode == "none":
            if endpoint is None:
                self._faults.clear()
            else:
                self._faults.pop(endpoint, None)
            return
        if mode not in FAULT_MODES:
            raise ValueError(f"mode must be none or one of {', '.join(FAULT_MODES)}")
        self._faults[endpoint] = Fault(
            mode=mode, delay=delay, remaining=count, endpoint=endpoint
        )

    def take_fault(self, endpoint: str) -> Fault | None:
        """Return the fault for one request to ``endpoint`` (counting it down)."""
        fault = self._faults.get(endpoint) or self._faults.get(None)
        if fault is None:
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                del self._faults[fault.endpoint]
        return fault

    def tick(self, now: float) -> None:
        """Come back online when the offline time is over."""
        if self.offline_until is not None and now >= self.offline_until:
            self.offline_mode = None
            self.offline_until = None

    def deadlines(self) -> list[float]:
        """When the device comes back online."""
        return [] if self.offline_until is None else [self.offline_until]
