"""The HTTP surface of the emulator: the device endpoints and the control API."""

from __future__ import annotations

from .app import create_app
from .control_api import CONTROL_PREFIX
from .device_api import DEVICE_PATHS
from .keys import GATEWAY_KEY, RUNTIME_KEY

__all__ = ["CONTROL_PREFIX", "DEVICE_PATHS", "GATEWAY_KEY", "RUNTIME_KEY", "create_app"]
