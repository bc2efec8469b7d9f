"""The event-loop side of the emulator: the clock task that drives the gateway."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from .push_sender import PushSender

if TYPE_CHECKING:
    from .device import Gateway

__all__ = ["Runtime"]

_LOGGER = logging.getLogger(__name__)

#: Shortest sleep of the clock task, so a deadline in the past cannot spin it.
_MIN_SLEEP = 0.001


class Runtime:
    """Run :meth:`Gateway.tick` whenever something is due and send the pushes."""

    def __init__(self, gateway: Gateway) -> None:
        """Bind the runtime to a gateway; nothing runs before :meth:`start`."""
        self.gateway = gateway
        self.sender = PushSender(gateway.options)
        self._wake: asyncio.Event | None = None
        self._closing: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def closing(self) -> asyncio.Event:
        """Set when the server shuts down (releases hanging requests)."""
        if self._closing is None:
            self._closing = asyncio.Event()
        return self._closing

    async def start(self) -> None:
        """Start the push sender and the clock task."""
        self._wake = asyncio.Event()
        self.gateway.wakeup.callback = self._wake.set
        await self.sender.start()
        self._task = asyncio.create_task(self._run(), name="ejoin-emulator-clock")

    async def stop(self) -> None:
        """Stop the clock task and the push sender; safe to call twice."""
        self.closing.set()
        self.gateway.wakeup.callback = None
        try:
            if self._task is not None:
                self._task.cancel()
                # wait() does not re-raise the task's own cancellation, so this
                # also works while the caller itself is being cancelled.
                await asyncio.wait({self._task})
                self._task = None
        finally:
            await self.sender.stop()

    def wake(self) -> None:
        """Make the clock task look at the gateway now."""
        if self._wake is not None:
            self._wake.set()

    async def settle(self) -> None:
        """Wait until the outbox is drained and every push has been attempted."""
        await asyncio.sleep(0)
        while True:
            self.wake()
            await asyncio.sleep(0)
            await self.sender.join()
            await asyncio.sleep(0)
            if self.sender.pending == 0 and not self.gateway.outbox.has_waiting:
                return

    async def _run(self) -> None:
        wake = self._wake
        if wake is None:
            raise RuntimeError("runtime not started")
        gateway = self.gateway
        while True:
            try:
                gateway.tick()
            except Exception:
                _LOGGER.exception("Emulator tick failed")
            for push in gateway.outbox.drain():
                self.sender.submit(push)
            # Cleared only now: tick() itself notifies, and nothing else can run
            # between here and the wait, so no wake-up is lost.
            wake.clear()
            deadline = gateway.next_deadline()
            timeout = None
            if deadline is not None:
                timeout = max(deadline - gateway.clock(), _MIN_SLEEP)
            try:
                async with asyncio.timeout(timeout):
                    await wake.wait()
            except TimeoutError:
                pass
