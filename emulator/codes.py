"""Status and result codes of the Ejoin HTTP API (v2.1.0, sections 4.1.4 and 6.3.2.3)."""

from __future__ import annotations

from typing import Any

__all__ = [
    "PORT_STATUS_PLAIN",
    "PORT_STATUS_PUSH",
    "REGISTERED",
    "TASK_STATUS",
    "port_status_text",
    "task_error",
    "task_status",
]

#: ``st`` 3: the SIM is registered on the network and can send.
REGISTERED = 3

#: Texts of the port status codes as pushed (``"3 OK"`` is the document's example of
#: a ``port-status`` push; the rest follow the table of section 4.1.4 and the field
#: notes for 15 and 16; 10 is undefined).
PORT_STATUS_PUSH: dict[int, str] = {
    0: "No SIM",
    1: "Idle",
    2: "Registering",
    3: "OK",
    4: "Call Connected",
    5: "No Balance",
    6: "Register Failed",
    7: "Locked By Device",
    8: "Locked By Operator",
    9: "SIM Error",
    11: "Card Detected",
    12: "User Locked",
    13: "Port Intercalling",
    14: "Intercalling Holding",
    15: "Access Mobile Network",
    16: "Module Response Timeout",
}

#: Texts of the old firmware's plain-text status lines (``st=3 Registered``).
PORT_STATUS_PLAIN: dict[int, str] = {**PORT_STATUS_PUSH, 3: "Registered"}

#: Task status codes of section 6.3.2.3.
TASK_STATUS: dict[int, str] = {
    0: "OK",
    1: "Invalid User",
    2: "Invalid Port",
    3: "USSD Expected",
    4: "Pending USSD",
    5: "SIM Unregistered",
    6: "Timeout",
    7: "Server Error",
    8: "SMS expected",
    9: "TO expected",
    10: "Pending Transaction",
    11: "TID Expected",
    12: "FROM Expected",
    13: "Duplicated TaskId",
    14: "Unauthorized",
    15: "Invalid CMD",
    16: "Too Many Task",
    17: "MMS Title expected",
    18: "Too Many MMS Attachments",
    19: "MMS Attachments expected",
    20: "MMS Attachments Cache size Overlimit",
}


def port_status_text(code: int, *, plain: bool = False) -> str:
    """Return ``"<code> <text>"`` for a port status code (``"10 Unknown"`` for 10)."""
    table = PORT_STATUS_PLAIN if plain else PORT_STATUS_PUSH
    return f"{code} {table.get(code, 'Unknown')}"


def task_status(code: int) -> str:
    """Return the ``"<code> <text>"`` string used in task results."""
    return f"{code} {TASK_STATUS.get(code, 'Unknown')}"


def task_error(code: int) -> dict[str, Any]:
    """Return the reply of a refused request: ``{"code": 2, "reason": "Invalid Port"}``."""
    return {"code": code, "reason": TASK_STATUS.get(code, "Unknown")}
