"""A faithful, stateful emulator of an Ejoin multi-port GSM gateway (HTTP API v2.1.0).

Written from the vendor document and the field notes only; it shares no code with
the integration's protocol client, so a misreading on either side fails a test.

* :class:`Gateway` -- the device as pure state (no I/O), built from parts
  (:mod:`emulator.device`);
* :func:`create_app` -- the aiohttp application serving a gateway
  (:mod:`emulator.server`: device endpoints and control API);
* :func:`running_emulator` -- run one on a loopback port (tests, command line).
"""

from __future__ import annotations

from .codes import port_status_text, task_status
from .device import PROFILES, Gateway
from .device.inbox import StoredSms
from .device.modules import GsmModule, SimSlot
from .device.outbox import OutgoingPush
from .device.request_log import LoggedRequest
from .mms import MmsFile
from .notation import NotationError, PortRef, format_slot, parse_ports
from .options import GatewayOptions
from .running import RunningEmulator, running_emulator
from .server import CONTROL_PREFIX, create_app

__all__ = [
    "CONTROL_PREFIX",
    "PROFILES",
    "Gateway",
    "GatewayOptions",
    "GsmModule",
    "LoggedRequest",
    "MmsFile",
    "NotationError",
    "OutgoingPush",
    "PortRef",
    "RunningEmulator",
    "SimSlot",
    "StoredSms",
    "create_app",
    "format_slot",
    "parse_ports",
    "port_status_text",
    "running_emulator",
    "task_status",
]
