"""Test utilities around the emulator: a push receiver and a raw device caller.

Both are deliberately dumb (no protocol knowledge): the receiver records whatever
is POSTed to it, the caller sends requests with the credentials and returns the
raw status and body, so tests judge the wire format themselves.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import json
from typing import TYPE_CHECKING, Any, Self

import aiohttp
from aiohttp import web

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from .running import RunningEmulator

__all__ = ["DeviceCaller", "PushReceiver", "Received"]


@dataclass(slots=True)
class Received:
    """One request the receiver got."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        """The body parsed as JSON (``ValueError`` if it is not)."""
        return json.loads(self.body)

    @property
    def type(self) -> str | None:
        """The ``type`` of a JSON object body, else ``None``."""
        try:
            payload = self.json
        except ValueError:
            return None
        if isinstance(payload, dict):
            kind = payload.get("type")
            return kind if isinstance(kind, str) else None
        return None


@dataclass(slots=True)
class PushReceiver:
    """A small HTTP server on 127.0.0.1 that records every request.

    Use as ``async with PushReceiver() as receiver:``; ``receiver.url("/x")`` is
    an address to hand to the gateway.
    """

    host: str = "127.0.0.1"
    #: HTTP status the receiver answers with.
    status: int = 200
    requests: list[Received] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    async def __aenter__(self) -> Self:
        """Start listening on a free port."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests.append(
            Received(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=dict(request.headers),
                body=await request.read(),
            )
        )
        return web.Response(status=self.status, text="OK")

    def url(self, path: str = "/hook") -> str:
        """Return the address of ``path`` on this receiver."""
        return f"http://{self.host}:{self.port}/{path.lstrip('/')}"

    def of_type(self, kind: str, path: str | None = None) -> list[Any]:
        """Return the JSON bodies of type ``kind`` (optionally only to ``path``)."""
        return [
            item.json
            for item in self.requests
            if item.type == kind and (path is None or item.path == path)
        ]

    async def wait_for(
        self, predicate: Callable[[Received], bool], within: float = 5.0
    ) -> Received:
        """Wait for a request matching ``predicate``; ``TimeoutError`` otherwise."""
        async with asyncio.timeout(within):
            while True:
                for item in self.requests:
                    if predicate(item):
                        return item
                await asyncio.sleep(0.01)

    async def wait_type(
        self,
        kind: str,
        predicate: Callable[[Any], bool] | None = None,
        within: float = 5.0,
    ) -> Any:
        """Wait for a JSON push of ``type`` ``kind`` (matching ``predicate``)."""
        found = await self.wait_for(
            lambda item: (
                item.type == kind and (predicate is None or bool(predicate(item.json)))
            ),
            within,
        )
        return found.json


@dataclass(slots=True)
class DeviceCaller:
    """Send raw requests to an emulator with its credentials in the query."""

    emulator: RunningEmulator
    session: aiohttp.ClientSession

    @property
    def credentials(self) -> dict[str, str]:
        """``username``/``password`` query parameters."""
        return {"username": self.emulator.username, "password": self.emulator.password}

    async def call(
        self,
        path: str,
        *,
        method: str = "GET",
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        data: str | bytes | None = None,
        auth: bool = True,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """Return ``(HTTP status, body parsed as JSON, else as text)``."""
        query = {key: str(value) for key, value in (params or {}).items()}
        if auth:
            query = {**self.credentials, **query}
        async with self.session.request(
            method,
            self.emulator.url(path),
            params=query,
            json=json_body,
            data=data,
            headers=headers,
        ) as response:
            text = (await response.read()).decode("utf-8", "replace")
        try:
            return response.status, json.loads(text)
        except ValueError:
            return response.status, text

    async def get(self, path: str, **params: Any) -> Any:
        """GET with credentials; assert HTTP 200 and return the body."""
        status, body = await self.call(path, params=params)
        if status != 200:
            raise AssertionError(f"HTTP {status}: {body!r}")
        return body

    async def post(self, path: str, body: Any, **params: Any) -> Any:
        """POST JSON with credentials; assert HTTP 200 and return the body."""
        status, reply = await self.call(
            path, method="POST", params=params, json_body=body
        )
        if status != 200:
            raise AssertionError(f"HTTP {status}: {reply!r}")
        return reply
