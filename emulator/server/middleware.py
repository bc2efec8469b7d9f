"""What stands before the device endpoints: the request log, offline, faults."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from aiohttp import web

from emulator.device.endpoints import DEVICE_ENDPOINTS, V3_ENDPOINTS, serves

from .keys import GATEWAY_KEY, RUNTIME_KEY
from .wire import read_request

if TYPE_CHECKING:
    from emulator.device.faults import Fault

    from .device_api import Handler

__all__ = ["device_middleware"]

#: What a proxy or captive portal answers in place of the device: its
#: attributes read like the ``key=value`` lines of old firmware's status.
_HTML_PAGE = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
    b'<meta http-equiv="refresh" content="5;url=/login.html">'
    b"<title>Please wait</title></head>\n"
    b'<body class="busy"><p id="msg">Service temporarily unavailable</p>'
    b"</body></html>\n"
)


def _drop_connection(request: web.Request) -> web.Response:
    """Close the connection without an answer (the client sees a disconnect)."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)


@web.middleware
async def device_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Log device requests, apply offline mode and faults, wake the clock."""
    app = request.app
    gateway = app[GATEWAY_KEY]
    runtime = app[RUNTIME_KEY]
    try:
        name = request.path.lstrip("/")
        if name not in DEVICE_ENDPOINTS:
            return await handler(request)
        data = await read_request(request)
        gateway.requests.record(
            method=request.method, path=request.path, query=data.query, body=data.text
        )
        reach = gateway.reachability
        if reach.offline_mode == "hang":
            while reach.offline_mode == "hang" and not runtime.closing.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.05):
                        await runtime.closing.wait()
            if runtime.closing.is_set():
                return _drop_connection(request)
        if reach.offline:
            return _drop_connection(request)
        api = gateway.options.api
        if not serves(api, name):
            return web.Response(status=404, text="404 Not Found")
        if (
            request.method == "GET"
            and gateway.options.reject_json_get
            # The v3 document itself sends JSON bodies with its GETs.
            and not (api != "v2" and name in V3_ENDPOINTS)
            and "json" in request.headers.get("Content-Type", "").lower()
        ):
            return web.Response(status=400, text="400 Bad Request")
        fault = reach.take_fault(request.path.lstrip("/"))
        if fault is not None:
            return await _faulty(request, handler, fault)
        return await handler(request)
    finally:
        runtime.wake()


async def _faulty(
    request: web.Request, handler: Handler, fault: Fault
) -> web.StreamResponse:
    """Answer one device request under ``fault`` (see ``Reachability.set_fault``)."""
    gateway = request.app[GATEWAY_KEY]
    runtime = request.app[RUNTIME_KEY]
    if fault.mode == "http500":
        return web.Response(status=500, text="500 Internal Server Error")
    if fault.mode == "garbage":
        return web.Response(
            body=b"<html>\x00\xff{garbage", content_type="application/json"
        )
    if fault.mode == "html":
        return web.Response(body=_HTML_PAGE, content_type="text/html")
    if fault.mode == "slow":
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(fault.delay):
                await runtime.closing.wait()
        return await handler(request)
    response = await handler(request)
    if fault.mode == "truncated" and isinstance(response, web.Response):
        body = bytes(response.body) if isinstance(response.body, bytes) else b""
        return web.Response(
            status=response.status,
            body=body[: len(body) // 2],
            content_type=response.content_type,
        )
    if fault.mode == "reboot":
        gateway.reboot(downtime=fault.delay)
    return _drop_connection(request)
