"""The HTTP surface of the emulator: the device endpoints and the control API.

:mod:`.device_api` serves the ``goip_*`` endpoints of the v2.1 document,
:mod:`.device_api_v3` the JSON endpoints of the v3 document.
"""

from __future__ import annotations

from .app import create_app
from .control_api import CONTROL_PREFIX
from .device_api import DEVICE_PATHS
from .device_api_v3 import V3_PATHS
from .keys import GATEWAY_KEY, RUNTIME_KEY

__all__ = [
    "CONTROL_PREFIX",
    "DEVICE_PATHS",
    "GATEWAY_KEY",
    "RUNTIME_KEY",
    "V3_PATHS",
    "create_app",
]
