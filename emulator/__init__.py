"""A faithful, stateful emulator of an Ejoin multi-port GSM gateway (HTTP API v2.1.0).

Written from the vendor document and the field notes only; it shares no code with
the integration's protocol client, so a misreading on either side fails a test.

* :class:`Gateway` -- the device as pure state (no I/O);
* :func:`create_app` -- the aiohttp application serving a gateway;
* :func:`running_emulator` -- run one on a loopback port (tests, command line).
"""

from __future__ import annotations

from .codes import port_status_text, task_status
from .models import GatewayOptions, InboxMessage, MmsPart, Push, SlotState
from .notation import NotationError, PortRef, format_slot, parse_ports
from .running import RunningEmulator, running_emulator
from .server import CONTROL_PREFIX, create_app
from .state import PROFILES, Gateway

__all__ = [
    "CONTROL_PREFIX",
    "PROFILES",
    "Gateway",
    "GatewayOptions",
    "InboxMessage",
    "MmsPart",
    "NotationError",
    "PortRef",
    "Push",
    "RunningEmulator",
    "SlotState",
    "create_app",
    "format_slot",
    "parse_ports",
    "port_status_text",
    "running_emulator",
    "task_status",
]
