"""The aiohttp application of an emulated gateway: routes and lifecycle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from emulator.runtime import Runtime

from .control_api import add_control_routes
from .device_api import DEVICE_PATHS
from .device_api_v3 import V3_PATHS, call_statistics
from .keys import GATEWAY_KEY, RUNTIME_KEY
from .middleware import device_middleware

if TYPE_CHECKING:
    from emulator.device import Gateway

__all__ = ["create_app"]


async def _on_startup(app: web.Application) -> None:
    await app[RUNTIME_KEY].start()


async def _on_shutdown(app: web.Application) -> None:
    app[RUNTIME_KEY].closing.set()


async def _on_cleanup(app: web.Application) -> None:
    await app[RUNTIME_KEY].stop()


def create_app(gateway: Gateway) -> web.Application:
    """Return the aiohttp application of an emulated gateway.

    The app starts the gateway's clock task and push sender on startup and stops
    them on cleanup, so it can run under any aiohttp runner.
    """
    app = web.Application(middlewares=[device_middleware])
    app[GATEWAY_KEY] = gateway
    app[RUNTIME_KEY] = Runtime(gateway)
    # Both generations' endpoints are routed; the middleware answers 404 for
    # those of a generation the gateway does not serve (option ``api``).
    paths = {**DEVICE_PATHS, **V3_PATHS}
    call_stats = "/goip_get_call_stat.html"
    paths[call_stats] = call_statistics(DEVICE_PATHS[call_stats])
    for path, handler in paths.items():
        app.router.add_route("*", path, handler)
    add_control_routes(app)
    app.on_startup.append(_on_startup)
    app.on_shutdown.append(_on_shutdown)
    app.on_cleanup.append(_on_cleanup)
    return app
