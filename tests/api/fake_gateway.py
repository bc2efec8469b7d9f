"""A scripted HTTP server that stands in for a gateway: it records each request.

It answers what a test queued for a path, so the exact wire format (method,
query, Content-Type, body) of the client can be checked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
import json
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

type Reply = web.StreamResponse | Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Recorded:
    method: str
    path: str
    query_string: str
    content_type: str | None
    body: bytes

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(self.query_string, keep_blank_values=True))

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeGateway:
    host: str = "127.0.0.1"
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    replies: dict[str, list[Reply]] = field(default_factory=dict)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def reply(self, path: str, *replies: Reply | dict[str, Any] | str) -> None:
        """Queue replies for ``path``; the last one repeats."""
        self.replies[path] = [
            web.json_response(reply)
            if isinstance(reply, dict)
            else web.Response(text=reply)
            if isinstance(reply, str)
            else reply
            for reply in replies
        ]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            Recorded(
                request.method,
                request.path,
                request.rel_url.raw_query_string,
                request.headers.get("Content-Type"),
                await request.read(),
            )
        )
        queue = self.replies.get(request.path)
        if not queue:
            return web.json_response({"code": 200, "reason": "OK"})
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(reply, web.StreamResponse):
            # A prepared response cannot be sent twice: copy simple ones.
            if isinstance(reply, web.Response):
                return web.Response(
                    body=reply.body,
                    status=reply.status,
                    content_type=reply.content_type,
                )
            return reply  # pragma: no cover
        return await reply(request)

    @property
    def last(self) -> Recorded:
        return self.requests[-1]
