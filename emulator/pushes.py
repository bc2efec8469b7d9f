"""Sending the gateway's pushes: one ``aiohttp`` session, one ordered worker."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import aiohttp

if TYPE_CHECKING:
    from collections.abc import Callable

    from .models import Push

__all__ = ["PushDispatcher"]

_LOGGER = logging.getLogger(__name__)


class PushDispatcher:
    """POST pushes one after another, in the order the gateway made them.

    Failures are logged and recorded on the :class:`Push` (``status``/``error``);
    nothing is retried, as on the device.
    """

    def __init__(self, timeout: Callable[[], float]) -> None:
        """Create the dispatcher; ``timeout`` returns the current push timeout."""
        self._timeout = timeout
        self._queue: asyncio.Queue[Push] = asyncio.Queue()
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

    def submit(self, push: Push) -> None:
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

    async def _send(self, push: Push) -> None:
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
                timeout=aiohttp.ClientTimeout(total=self._timeout()),
            ) as response:
                await response.read()
                push.status = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            push.error = f"{type(err).__name__}: {err}"
            _LOGGER.warning("%s push to %s failed: %s", push.kind, push.url, push.error)
            return
        if push.status >= 400:
            _LOGGER.warning(
                "%s push to %s answered HTTP %s", push.kind, push.url, push.status
            )
