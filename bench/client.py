"""Home Assistant's websocket, read the way the benchmark needs it.

:class:`BenchClient` is the end-to-end tests' :class:`HassClient` with two changes:
it asks Home Assistant to coalesce messages (as the frontend does, so a burst of
thousands of events is not a backlog the server gives up on), and it hands every
event of a tapped subscription to a callback together with the moment it arrived,
instead of keeping it in a list that waiters scan.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, override

from tests.e2e.ha_client import JSON, HassClient

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["BenchClient", "EventCallback"]

#: ``callback(event, arrival)``: the event object and ``time.perf_counter()``.
type EventCallback = Callable[[JSON, float], None]


class BenchClient(HassClient):
    """A websocket client whose tapped events go straight to callbacks."""

    def __init__(self, base_url: str, token: str) -> None:
        """Prepare the client; :meth:`connect` opens the websocket."""
        super().__init__(base_url, token)
        self._taps: dict[int, EventCallback] = {}

    @override
    async def connect(self) -> None:
        """Connect and switch on message coalescing."""
        await super().connect()
        await self.command("supported_features", features={"coalesce_messages": 1})

    async def tap(self, event_type: str, callback: EventCallback) -> None:
        """Call ``callback`` for every ``event_type`` event from now on."""
        stream = await self.subscribe_events(event_type)
        self._taps[stream.subscription] = callback

    @override
    def _dispatch(self, item: JSON) -> None:
        """Hand tapped events to their callback; everything else as before."""
        if item.get("type") == "event":
            callback = self._taps.get(item.get("id", -1))
            if callback is not None:
                callback(item["event"], time.perf_counter())
                return
        super()._dispatch(item)
