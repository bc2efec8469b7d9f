"""The control API under ``/_emulator/``: JSON in, ``{"ok": ...}`` out, no auth.

Tests and the command line drive the world through it (incoming SMS and MMS, slot
changes, reboots, faults) and read the gateway's state, pushes and requests.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict
import json
from typing import TYPE_CHECKING, Any

from emulator.mms import MmsFile

from .keys import GATEWAY_KEY
from .wire import json_response

if TYPE_CHECKING:
    from collections.abc import Callable

    from aiohttp import web

    from emulator.device import Gateway

    from .device_api import Handler

__all__ = ["CONTROL_PREFIX", "add_control_routes"]

CONTROL_PREFIX = "/_emulator/"


class _ControlError(Exception):
    """Bad input to the control API (answered 400)."""


async def _control_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as err:
        raise _ControlError("body is not JSON") from err
    if not isinstance(body, dict):
        raise _ControlError("body must be a JSON object")
    return body


def _control(
    action: Callable[[Gateway, dict[str, Any]], Any],
) -> Handler:
    """Wrap a control action: JSON in, ``{"ok": true, ...}`` out, 400 on bad input."""

    async def handler(request: web.Request) -> web.Response:
        gateway = request.app[GATEWAY_KEY]
        try:
            body = await _control_body(request)
            result = action(gateway, body)
        except (_ControlError, KeyError, TypeError, ValueError) as err:
            message = str(err) if not isinstance(err, KeyError) else f"missing {err}"
            return json_response({"ok": False, "error": message}, status=400)
        payload: dict[str, Any] = {"ok": True}
        if isinstance(result, dict):
            payload.update(result)
        return json_response(payload)

    return handler


def _ctl_sms(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    batch = body.get("messages")
    if batch is not None:
        if not isinstance(batch, list) or not all(isinstance(m, dict) for m in batch):
            raise _ControlError("messages must be a list of objects")
        stored = gateway.reception.inject_sms_many(batch)
        return {"ids": [message.id for message in stored]}
    message = gateway.reception.inject_sms(
        body["slot"],
        str(body.get("sender", "")),
        str(body.get("text", "")),
        recipient=None if body.get("recipient") is None else str(body["recipient"]),
        delivery_report=bool(body.get("delivery_report", False)),
        timestamp=body.get("timestamp"),
    )
    return {"id": message.id}


def _ctl_mms(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    files: list[MmsFile] = []
    for item in body.get("attachments") or []:
        try:
            data = base64.b64decode(str(item.get("data_base64", "")), validate=True)
        except binascii.Error as err:
            raise _ControlError("attachment data is not base64") from err
        files.append(
            MmsFile(
                filename=str(item["filename"]),
                content_type=str(item.get("content_type", "application/octet-stream")),
                data=data,
            )
        )
    push = gateway.reception.inject_mms(
        sender=str(body["sender"]),
        recipient=None if body.get("recipient") is None else str(body["recipient"]),
        subject=str(body.get("subject", "")),
        text=str(body.get("text", "")),
        attachments=files,
        slot=body.get("slot"),
    )
    return {"dropped": push.dropped}


def _ctl_port(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    changes = dict(body)
    slot = changes.pop("slot")
    state = gateway.modules.set_slot(slot, **changes)
    modules = gateway.modules
    return {"slot": modules.label(state, "dotted"), "st": modules.st(state)}


def _ctl_reboot(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    gateway.reboot(downtime=float(body.get("downtime", 0.0)))
    return {"ssrc": gateway.inbox.ssrc}


def _ctl_offline(gateway: Gateway, body: dict[str, Any]) -> None:
    seconds = body.get("seconds")
    gateway.reachability.set_offline(
        seconds=None if seconds is None else float(seconds),
        mode=str(body.get("mode", "refuse")),
    )


def _ctl_fault(gateway: Gateway, body: dict[str, Any]) -> None:
    count = body.get("count")
    path = body.get("path")
    gateway.reachability.set_fault(
        str(body.get("mode", "none")),
        delay=float(body.get("delay", 1.0)),
        count=None if count is None else int(count),
        path=None if path is None else str(path),
    )


def _ctl_config(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    gateway.configure(**body)
    return {"options": asdict(gateway.options)}


def _ctl_signals(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    return {"moved": gateway.modules.drift_signals(int(body.get("delta", 1)))}


def _ctl_push_status(gateway: Gateway, _body: dict[str, Any]) -> dict[str, Any]:
    return {"pushed": gateway.status.push_status() is not None}


async def _ctl_state(request: web.Request) -> web.Response:
    return json_response(request.app[GATEWAY_KEY].snapshot())


async def _ctl_requests(request: web.Request) -> web.Response:
    entries = request.app[GATEWAY_KEY].requests.entries
    return json_response({"requests": [entry.summary() for entry in entries]})


def add_control_routes(app: web.Application) -> None:
    """Add the ``/_emulator/`` routes to ``app``."""
    posts: dict[str, Callable[[Gateway, dict[str, Any]], Any]] = {
        "sms": _ctl_sms,
        "mms": _ctl_mms,
        "port": _ctl_port,
        "reboot": _ctl_reboot,
        "offline": _ctl_offline,
        "online": lambda g, _b: g.reachability.set_online(),
        "fault": _ctl_fault,
        "config": _ctl_config,
        "push-status": _ctl_push_status,
        "signals": _ctl_signals,
        "flush-reports": lambda g, _b: g.reports.flush(),
        "clear-log": lambda g, _b: g.clear_log(),
    }
    for name, action in posts.items():
        app.router.add_post(CONTROL_PREFIX + name, _control(action))
    app.router.add_get(CONTROL_PREFIX + "state", _ctl_state)
    app.router.add_get(CONTROL_PREFIX + "requests", _ctl_requests)
