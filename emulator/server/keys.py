"""Where the aiohttp application keeps the gateway and its runtime."""

from __future__ import annotations

from aiohttp import web

from emulator.device import Gateway
from emulator.runtime import Runtime

__all__ = ["GATEWAY_KEY", "RUNTIME_KEY"]

GATEWAY_KEY = web.AppKey("ejoin_gateway", Gateway)
RUNTIME_KEY = web.AppKey("ejoin_runtime", Runtime)
