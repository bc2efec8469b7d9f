"""The device endpoints of API v3 (the v3.3.0 document), on the same state as v2.1.

Readings of the document, each accepted:

* Credentials in the query (every example) or in a JSON object body.
* Reading endpoints (GET in the document) take their parameters from the query or
  from a JSON body, on GET or POST; writing ones from a JSON body.
* Wrong credentials and a body that cannot be understood are both answered with
  ``[]`` (field notes); so is a request that names nothing (no ``slots`` and no
  ``slots_pattern``: "if neither is provided, return an error").
* Where the schema and the example differ, both: ``{"ids": [...]}`` and a bare
  array of ids, ``enable`` and the example's ``enbale``, a serving-cell request
  of port numbers (example) or of ``{"ports": n}`` objects (schema).
* ``get_network_type`` names no port in the document: without one it answers the
  document's ``{"type": ...}`` (port 1's type); with ``ports``/``ports_pattern``
  one object per port. ``set_network_type`` without ports sets every port.
* Success without data is an empty 200 answer (the document shows no body).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.device.radio import NETWORK_TYPES
from emulator.device.shapes_v3 import sms_object, task_result
from emulator.notation import NotationError, format_slot, slot_index
from emulator.values import as_float, as_int, as_tid

from .keys import GATEWAY_KEY, RUNTIME_KEY
from .wire import DeviceRequest, json_response, read_request

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from emulator.device import Gateway
    from emulator.notation import PortRef

    from .device_api import Handler

__all__ = ["V3_PATHS", "call_statistics"]

#: The largest task id a v3 gateway takes (a signed 32-bit number, field notes).
MAX_TASK_ID = 2**31 - 1
_CODING_NAMES = {0: "none", 1: "usc2", 2: "7bit"}
_CHARSETS = {"base64": "base64", "utf-8": "utf8", "utf8": "utf8", "pdu": "utf8"}


class _RefusedError(Exception):
    """A request the gateway answers with ``[]``."""


def _empty() -> web.Response:
    return json_response([])


def _ok() -> web.Response:
    return web.Response(status=200)


def _v3(
    action: Callable[
        [Gateway, DeviceRequest], web.Response | dict[str, Any] | list[Any]
    ],
) -> Handler:
    """Wrap an endpoint: credentials checked, ``[]`` for anything refused."""

    async def handler(request: web.Request) -> web.StreamResponse:
        gateway = request.app[GATEWAY_KEY]
        data = await read_request(request)
        if not gateway.auth.check(data.params, request.path):
            return _empty()
        try:
            result = action(gateway, data)
        except _RefusedError, NotationError, KeyError, TypeError, ValueError:
            return _empty()
        if isinstance(result, web.Response):
            return result
        return json_response(result)

    return handler


def _flag(value: object) -> bool:
    """Read a JSON or query flag: ``true``, ``1``, ``"true"``, ``"1"``."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value) and as_int(value, 0) != 0


def _object(data: DeviceRequest) -> Mapping[str, Any]:
    """Return the JSON object body (``{}`` without a body)."""
    if data.json_body is None and not data.bad_json:
        return {}
    if not isinstance(data.json_body, dict):
        raise _RefusedError
    return data.json_body


def _items(data: DeviceRequest) -> list[Any]:
    """Return the JSON array body (one object counts as a list of one)."""
    body = data.json_body
    if isinstance(body, dict):
        return [body]
    if not isinstance(body, list) or not body:
        raise _RefusedError
    return body


def _slot_spec(
    gateway: Gateway, values: Mapping[str, Any], params: Mapping[str, str]
) -> list[PortRef]:
    """Return the slots named by ``slots`` (``[{port, slot}]``) or ``slots_pattern``."""
    slots = values.get("slots")
    if isinstance(slots, list) and slots:
        spec = ",".join(
            format_slot(as_int(item["port"], 0), as_int(item.get("slot"), 1))
            if isinstance(item, dict)
            else str(item)
            for item in slots
        )
        return gateway.modules.parse(spec)
    pattern = values.get("slots_pattern", params.get("slots_pattern"))
    if not pattern:
        raise _RefusedError
    return gateway.modules.parse(str(pattern))


def _port_numbers(
    gateway: Gateway, values: Mapping[str, Any], params: Mapping[str, str]
) -> list[int]:
    """Return the ports named by ``ports`` (numbers or ``{port}``) or ``ports_pattern``."""
    ports = values.get("ports")
    if isinstance(ports, list) and ports:
        spec = ",".join(
            str(item.get("port")) if isinstance(item, dict) else str(item)
            for item in ports
        )
    elif isinstance(ports, int | str) and not isinstance(ports, bool) and ports != "":
        spec = str(ports)
    elif values.get("port") is not None:
        spec = str(values["port"])
    else:
        spec = str(values.get("ports_pattern") or params.get("ports_pattern") or "")
    if not spec:
        raise _RefusedError
    return list(dict.fromkeys(ref.port for ref in gateway.modules.parse(spec)))


# ------------------------------------------------------------------ status


def _device_status(gateway: Gateway, _data: DeviceRequest) -> dict[str, Any]:
    return gateway.status.dev_status(all_slots=True)


def _ports_status(gateway: Gateway, data: DeviceRequest) -> list[Any]:
    ports = _port_numbers(gateway, _object(data), data.params)
    return [
        gateway.status.port_status(gateway.modules.slot(port, slot))
        for port in ports
        for slot in range(1, gateway.modules.max_slots + 1)
    ]


def _report_server(gateway: Gateway, _data: DeviceRequest) -> dict[str, Any]:
    registration = gateway.status.registration
    if registration is None:
        return {"enable": False, "period": 0, "url": ""}
    period = registration.period
    return {
        "enable": True,
        "period": int(period) if float(period).is_integer() else period,
        "url": registration.url,
    }


def _set_report_server(gateway: Gateway, data: DeviceRequest) -> web.Response:
    body = _object(data)
    enable = body.get("enable", body.get("enbale", True))
    url = str(body.get("url") or "")
    period = body.get("period")
    if not enable or not url or period in {0, "0"}:
        gateway.status.registration = None
    else:
        gateway.status.register(
            url, None if period is None else as_float(period, 60.0), all_slots=True
        )
    return _ok()


# ------------------------------------------------------------------ sending


def _v2_task(item: Any) -> dict[str, Any]:
    """Return the v2.1 form of a v3 task (``submit_sms_tasks``), for the queue."""
    if not isinstance(item, dict):
        return {}
    tid = as_tid(item.get("id"))
    sms_type = as_int(item.get("sms_type"), 0)
    task: dict[str, Any] = {
        "tid": tid if tid is not None and 0 <= tid <= MAX_TASK_ID else None,
        "to": item.get("recipients") or [],
        "sms": item.get("sms"),
        "chs": _CHARSETS.get(str(item.get("charset") or "utf-8").lower(), "utf8"),
        "coding": as_int(item.get("coding"), 0),
        "smstype": sms_type,
        "intvl": as_int(item.get("interval_min"), 0),
        "tmo": as_float(item.get("timeout"), 30.0),
        # The v3 defaults: every report off.
        "sdr": int(bool(item.get("sdr", False))),
        "fdr": int(bool(item.get("fdr", False))),
        "dr": int(bool(item.get("dr", False))),
    }
    if item.get("from") not in {None, ""}:
        task["from"] = str(item["from"])
    if as_int(item.get("sms_count"), 0) >= 1:
        task["sr_cnt"] = as_int(item["sms_count"], 0)
    if item.get("sms_period") not in {None, ""}:
        task["sr_prd"] = item["sms_period"]
    if item.get("smsc"):
        task["smc"] = item["smsc"]
    if sms_type in {1, 2}:
        task["smstitle"] = item.get("subject")
        attachments = item.get("attachments") or []
        task["attachments"] = ";".join(
            f"{part.get('type', '')}|{part.get('content', '')}"
            for part in attachments
            if isinstance(part, dict)
        )
        subjects = item.get("subjects")
        if isinstance(subjects, list):
            task["to_title_array"] = [
                [entry.get("recipient"), entry.get("subject")]
                for entry in subjects
                if isinstance(entry, dict)
            ]
    return task


def _submit(gateway: Gateway, data: DeviceRequest) -> list[Any]:
    items = _items(data)
    config = gateway.sms_config
    reply = gateway.submit_sms(
        {
            "tasks": [_v2_task(item) for item in items],
            "sr_cnt": config.status_max,
            "sr_prd": config.status_period,
        }
    )
    # Each result names the id its task carried (also one refused as too big).
    return [
        task_result(
            item.get("id") if isinstance(item, dict) else None, result["status"]
        )
        for item, result in zip(items, reply["status"], strict=True)
    ]


def _ids(data: DeviceRequest) -> list[object]:
    body = data.json_body
    if isinstance(body, dict):
        body = body.get("ids")
    if not isinstance(body, list) or not body:
        raise _RefusedError
    return list(body)


def _task_action(verb: str) -> Callable[[Gateway, DeviceRequest], list[Any]]:
    def action(gateway: Gateway, data: DeviceRequest) -> list[Any]:
        method = getattr(gateway.tasks, verb)
        reply = method(_ids(data))
        return [task_result(item["tid"], item["status"]) for item in reply["results"]]

    return action


def _tasks(gateway: Gateway, data: DeviceRequest) -> list[Any]:
    values = {**data.params, **_object(data)}
    if values.get("port") in {None, ""}:
        raise _RefusedError
    reply = gateway.tasks.query(
        as_int(values["port"], 0),
        pos=as_int(values.get("index"), 0),
        num=as_int(values.get("num"), 10),
        has_content=_flag(values.get("need_content")),
    )
    if "tasks" not in reply:
        raise _RefusedError
    return [
        {
            "id": task["tid"],
            "from": task["from"],
            "recipients": [n for n in str(task["to"]).split(",") if n],
            "status": task["state"],
            "charset": task["chs"],
            "coding": _CODING_NAMES.get(task["coding"], "none"),
            **({"sms": task["sms"]} if "sms" in task else {}),
        }
        for task in reply["tasks"]
    ]


# ---------------------------------------------------------------- receiving


def _received(gateway: Gateway, data: DeviceRequest) -> dict[str, Any]:
    values = {**data.params, **_object(data)}
    messages, next_id = gateway.inbox.select(
        max(1, as_int(values.get("id"), 1)), max(0, as_int(values.get("num"), 0))
    )
    return {
        "ssrc": gateway.inbox.ssrc,
        "next_id": next_id,
        "smses": [sms_object(message, pushed=False) for message in messages],
    }


def _sms_config(gateway: Gateway, _data: DeviceRequest) -> dict[str, Any]:
    return gateway.sms_config.get()


def _set_sms_config(gateway: Gateway, data: DeviceRequest) -> web.Response:
    body = _object(data)
    if not body:
        raise _RefusedError
    gateway.sms_config.set(body)
    return _ok()


# --------------------------------------------------------------- statistics


def _stat_spec(gateway: Gateway, data: DeviceRequest) -> tuple[str, int]:
    values = _object(data)
    slots = values.get("slots")
    if isinstance(slots, list) and slots:
        spec = ",".join(
            format_slot(as_int(item.get("port"), 0), as_int(item.get("slot"), 1))
            for item in slots
            if isinstance(item, dict)
        )
    else:
        spec = str(
            values.get("slots_pattern") or data.params.get("slots_pattern") or ""
        )
    if not spec:
        raise _RefusedError
    period = as_int(values.get("type", data.params.get("type")), 0)
    return spec, period


def _sms_stats(gateway: Gateway, data: DeviceRequest) -> list[Any]:
    spec, period = _stat_spec(gateway, data)
    reply = gateway.statistics.sms(ports=spec, period=period)
    if "stats" not in reply:
        raise _RefusedError
    return list(reply["stats"])


def _call_stats(gateway: Gateway, data: DeviceRequest) -> list[Any]:
    spec, period = _stat_spec(gateway, data)
    reply = gateway.statistics.calls(ports=spec, period=period)
    if "stats" not in reply:
        raise _RefusedError
    return list(reply["stats"])


def call_statistics(v2_handler: Handler) -> Handler:
    """Serve ``goip_get_call_stat.html`` in both forms: v2.1's, and the v3 document's.

    A v3-only device answers the v3 form; one that serves both tells them apart
    by ``slots``/``slots_pattern``, which only the v3 form has.
    """
    v3_handler = _v3(_call_stats)

    async def handler(request: web.Request) -> web.StreamResponse:
        gateway = request.app[GATEWAY_KEY]
        data = await read_request(request)
        body = data.json_body if isinstance(data.json_body, dict) else {}
        v3_form = "slots_pattern" in data.params or "slots" in body
        if gateway.options.api == "v3" or (gateway.options.api == "both" and v3_form):
            return await v3_handler(request)
        return await v2_handler(request)

    return handler


# ---------------------------------------------------------- modem and radio


async def _wait(request: web.Request, seconds: float) -> bool:
    """Wait ``seconds`` (less when shutting down); return False when cut short."""
    if seconds <= 0:
        return True
    closing = request.app[RUNTIME_KEY].closing
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await closing.wait()
    return not closing.is_set()


def _command_jobs(
    gateway: Gateway, data: DeviceRequest, kind: str
) -> list[tuple[list[int], str, float]]:
    """Return ``(ports, text, timeout)`` of each item of a USSD/AT request."""
    jobs: list[tuple[list[int], str, float]] = []
    for item in _items(data):
        if not isinstance(item, dict) or not str(item.get(kind) or "").strip():
            raise _RefusedError
        ports = _port_numbers(gateway, item, {})
        jobs.append((ports, str(item[kind]), as_float(item.get("timeout"), 120.0)))
    return jobs


def _command_handler(kind: str) -> Handler:
    """``send_ussds`` (``ussd``) or ``send_ats`` (``at``): one reply per port.

    A USSD reply takes ``ussd_delay`` seconds; one slower than the request's
    ``timeout`` (default 120 s) is answered 6 (timeout).
    """

    async def handler(request: web.Request) -> web.StreamResponse:
        gateway = request.app[GATEWAY_KEY]
        data = await read_request(request)
        if not gateway.auth.check(data.params, request.path):
            return _empty()
        try:
            jobs = _command_jobs(gateway, data, kind)
        except _RefusedError, NotationError, KeyError, TypeError, ValueError:
            return _empty()
        delay = gateway.options.ussd_delay if kind == "ussd" else 0.0
        answer = gateway.modem.ussd if kind == "ussd" else gateway.modem.at
        replies: list[dict[str, Any]] = []
        for ports, text, timeout in jobs:
            in_time = delay <= timeout and await _wait(request, delay)
            for port in ports:
                if not in_time:
                    replies.append({"port": port, "code": 6, "resp": "timeout"})
                    continue
                code, resp = answer(port, text)
                replies.append({"port": port, "code": code, "resp": resp})
        return json_response(replies)

    return handler


def _set_network_type(gateway: Gateway, data: DeviceRequest) -> web.Response:
    body = _object(data)
    network_type = str(body.get("type") or "").lower()
    if network_type not in NETWORK_TYPES:
        raise _RefusedError
    if any(key in body for key in ("ports", "port", "ports_pattern")):
        ports = _port_numbers(gateway, body, {})
    else:
        ports = [module.port for module in gateway.modules.modules]
    gateway.radio.set_network_type(ports, network_type)
    return _ok()


def _network_type(gateway: Gateway, data: DeviceRequest) -> dict[str, Any] | list[Any]:
    values = {**data.params, **_object(data)}
    if not any(key in values for key in ("ports", "port", "ports_pattern")):
        return {"type": gateway.radio.network_type(1)}
    return [
        {"port": port, "type": gateway.radio.network_type(port)}
        for port in _port_numbers(gateway, values, data.params)
    ]


def _cell_ports(gateway: Gateway, data: DeviceRequest) -> list[int]:
    body = data.json_body
    if isinstance(body, list) and body:
        spec = ",".join(
            str(item.get("ports", item.get("port")))
            if isinstance(item, dict)
            else str(item)
            for item in body
        )
        return list(dict.fromkeys(ref.port for ref in gateway.modules.parse(spec)))
    return _port_numbers(gateway, _object(data), data.params)


def _scan(gateway: Gateway, data: DeviceRequest) -> web.Response:
    gateway.radio.scan(_cell_ports(gateway, data))
    return web.Response(status=202)


def _cells(gateway: Gateway, data: DeviceRequest) -> list[Any]:
    return [gateway.radio.serving_cell(port) for port in _cell_ports(gateway, data)]


# ----------------------------------------------------------------- commands


def _slot_command(
    apply: Callable[[Gateway, list[PortRef]], None],
) -> Callable[[Gateway, DeviceRequest], web.Response]:
    def action(gateway: Gateway, data: DeviceRequest) -> web.Response:
        apply(gateway, _slot_spec(gateway, _object(data), data.params))
        return _ok()

    return action


def _reboot_modems(gateway: Gateway, data: DeviceRequest) -> web.Response:
    ports = _port_numbers(gateway, _object(data), data.params)
    gateway.modules.reset(gateway.modules.parse(",".join(map(str, ports))))
    return _ok()


def _set_per_slot(
    key: str, kind: str
) -> Callable[[Gateway, DeviceRequest], web.Response]:
    """``set_numbers`` / ``set_imeis``: the v2.1 ``sim_number(n)``/``sim_imei(n)``."""

    def action(gateway: Gateway, data: DeviceRequest) -> web.Response:
        pairs: list[tuple[str, str]] = []
        per_port = gateway.modules.max_slots
        for item in _items(data):
            port, slot = as_int(item["port"], 0), as_int(item["slot"], 0)
            gateway.modules.slot(port, slot)
            pairs.append(
                (f"{kind}({slot_index(port, slot, per_port)})", str(item[key]))
            )
        if gateway.parameters.set_many(pairs)["par_set"] < len(pairs):
            raise _RefusedError
        return _ok()

    return action


def _per_slot(key: str) -> Callable[[Gateway, DeviceRequest], list[Any]]:
    def action(gateway: Gateway, _data: DeviceRequest) -> list[Any]:
        parameters = gateway.parameters
        value = (
            parameters.reported_number if key == "number" else parameters.reported_imei
        )
        return [
            {"port": state.port, "slot": state.slot, key: value(state)}
            for state in gateway.modules.slots
        ]

    return action


def _save(gateway: Gateway, _data: DeviceRequest) -> web.Response:
    gateway.parameters.save()
    return _ok()


def _reboot(gateway: Gateway, _data: DeviceRequest) -> web.Response:
    gateway.reboot(downtime=gateway.options.reboot_downtime)
    return _ok()


V3_PATHS: dict[str, Handler] = {
    "/get_device_status": _v3(_device_status),
    "/get_ports_status": _v3(_ports_status),
    "/get_status_report_server": _v3(_report_server),
    "/set_status_report_server": _v3(_set_report_server),
    "/submit_sms_tasks": _v3(_submit),
    "/pause_sms_tasks": _v3(_task_action("pause")),
    "/resume_sms_tasks": _v3(_task_action("resume")),
    "/remove_sms_tasks": _v3(_task_action("remove")),
    "/get_sms_tasks": _v3(_tasks),
    "/get_received_smses": _v3(_received),
    "/get_sms_config": _v3(_sms_config),
    "/set_sms_config": _v3(_set_sms_config),
    "/get_sms_stats": _v3(_sms_stats),
    "/send_ussds": _command_handler("ussd"),
    "/send_ats": _command_handler("at"),
    "/set_network_type": _v3(_set_network_type),
    "/get_network_type": _v3(_network_type),
    "/scan_serving_cells": _v3(_scan),
    "/get_serving_cells": _v3(_cells),
    "/lock_sims": _v3(_slot_command(lambda g, refs: g.modules.lock(refs))),
    "/unlock_sims": _v3(_slot_command(lambda g, refs: g.modules.unlock(refs))),
    "/switch_sims": _v3(_slot_command(lambda g, refs: g.modules.switch(refs))),
    "/on_leds": _v3(_slot_command(lambda g, refs: g.modules.set_leds(refs, on=True))),
    "/off_leds": _v3(_slot_command(lambda g, refs: g.modules.set_leds(refs, on=False))),
    "/reboot_modems": _v3(_reboot_modems),
    "/set_numbers": _v3(_set_per_slot("number", "sim_number")),
    "/get_numbers": _v3(_per_slot("number")),
    "/set_imeis": _v3(_set_per_slot("imei", "sim_imei")),
    "/get_imeis": _v3(_per_slot("imei")),
    "/save_config": _v3(_save),
    "/reboot_device": _v3(_reboot),
}
