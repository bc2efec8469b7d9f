"""Sending the gateway's pushes: one ``aiohttp`` session, one ordered worker."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import aiohttp

if TYPE_CHECKING:
    from .device.outbox import OutgoingPush
    from .options import GatewayOptions

__all__ = ["PushSender"]

_LOGGER = logging.getLogger(__name__)


class PushSender:
    """POST pushes one after another, in the order the gateway made them.

    Every push ends with its outcome recorded on the :class:`OutgoingPush`: the
    HTTP status, plus ``error`` when the connection failed or the status is not
    accepted (any 2xx, or only 200 with the option ``push_require_200``), or
    ``dropped`` when it was never sent. A failed push is not sent again: the
    vendor documents show no retry.
    """

    def __init__(self, options: GatewayOptions) -> None:
        """Create the sender; ``options`` give the timeout and accepted statuses."""
        self._options = options
        self._queue: asyncio.Queue[OutgoingPush] = asyncio.Queue()
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._busy = False

    async def start(self) -> None:
        """Open the HTTP session and start the worker."""
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True, limit=8)
        )
        self._task = asyncio.create_task(self._run(), name="ejoin-emulator-pushes")

    async def stop(self) -> None:
        """Stop the worker (pushes not yet sent are dropped) and close the session."""
        try:
            if self._task is not None:
                self._task.cancel()
                await asyncio.wait({self._task})
                self._task = None
        finally:
            if self._session is not None:
                await self._session.close()
                self._session = None
        while not self._queue.empty():
            push = self._queue.get_nowait()
            push.dropped = "stopped"
            self._queue.task_done()

    def submit(self, push: OutgoingPush) -> None:
        """Queue a push."""
        self._queue.put_nowait(push)

    @property
    def pending(self) -> int:
        """Pushes queued or being sent."""
        return self._queue.qsize() + (1 if self._busy else 0)

    async def join(self) -> None:
        """Wait until every queued push has been attempted."""
        await self._queue.join()

    async def _run(self) -> None:
        while True:
            push = await self._queue.get()
            self._busy = True
            try:
                await self._send(push)
            finally:
                self._busy = False
                self._queue.task_done()

    def _accepted(self, status: int) -> bool:
        if self._options.push_require_200:
            return status == 200
        return 200 <= status < 300

    async def _send(self, push: OutgoingPush) -> None:
        session = self._session
        if session is None:
            push.dropped = "stopped"
            return
        headers = {"Content-Type": push.content_type, **push.headers}
        try:
            async with session.post(
                push.url,
                data=push.body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self._options.push_timeout),
            ) as response:
                await response.read()
                push.status = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            push.error = f"{type(err).__name__}: {err}"
            _LOGGER.warning("%s push to %s failed: %s", push.kind, push.url, push.error)
            return
        except asyncio.CancelledError:
            if push.status is None:
                push.dropped = "stopped"
            raise
        if not self._accepted(push.status):
            push.error = f"HTTP {push.status}"
            _LOGGER.warning(
                "%s push to %s answered HTTP %s", push.kind, push.url, push.status
            )
