"""The HTTP face of the emulator: the device endpoints and the control API."""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Awaitable, Callable, Mapping
import contextlib
from dataclasses import dataclass
import json
import logging
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from aiohttp import web

from .models import Fault, MmsPart
from .runtime import Runtime
from .state import Gateway

__all__ = [
    "CONTROL_PREFIX",
    "DEVICE_PATHS",
    "GATEWAY_KEY",
    "RUNTIME_KEY",
    "create_app",
]

_LOGGER = logging.getLogger(__name__)

GATEWAY_KEY = web.AppKey("ejoin_gateway", Gateway)
RUNTIME_KEY = web.AppKey("ejoin_runtime", Runtime)
CONTROL_PREFIX = "/_emulator/"

#: Query names that are never configuration parameters of ``op=get``/``op=set``.
_RESERVED = frozenset(
    {
        "username",
        "password",
        "op",
        "version",
        "seq",
        "session",
        "auth",
        "expires",
        "ports",
        "cnonce",
        "crypt",
    }
)
_TASK_FIELDS = frozenset(
    {
        "tid",
        "from",
        "to",
        "to_all",
        "sms",
        "chs",
        "coding",
        "smstype",
        "smstitle",
        "attachments",
        "smc",
        "intvl",
        "tmo",
        "sdr",
        "fdr",
        "dr",
        "sr_prd",
        "sr_cnt",
    }
)
_MESSAGE_FIELDS = frozenset(
    {"sr_url", "sr_cnt", "sr_prd", "sms_url", "sms_cnt", "sms_prd"}
)
_PAR_NAME = re.compile(r"^par_name\((\d+)\)$", re.IGNORECASE)
_PAR_VALUE = re.compile(r"^par_value\((\d+)\)$", re.IGNORECASE)

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(slots=True)
class DeviceRequest:
    """A device request, read once: parameters, raw query and body."""

    #: Lower-cased names: the query first, then scalar fields of a JSON object body
    #: or a form body (the document puts the credentials of a POST in its JSON).
    params: dict[str, str]
    query: list[tuple[str, str]]
    body: bytes
    #: The parsed body when it is JSON; ``None`` otherwise.
    json_body: Any
    #: The body looked like JSON but did not parse.
    bad_json: bool = False

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", "replace")


async def _read_request(request: web.Request) -> DeviceRequest:
    cached = request.get("ejoin_data")
    if isinstance(cached, DeviceRequest):
        return cached
    body = await request.read()
    query = list(request.query.items())
    params: dict[str, str] = {}
    for key, value in query:
        params.setdefault(key.lower(), value)
    json_body: Any = None
    bad_json = False
    stripped = body.strip()
    if stripped[:1] in {b"{", b"["}:
        try:
            json_body = json.loads(stripped)
        except ValueError:
            bad_json = True
        if isinstance(json_body, dict):
            for key, value in json_body.items():
                if isinstance(value, bool) or not isinstance(value, str | int | float):
                    continue
                params.setdefault(str(key).lower(), str(value))
    elif request.content_type == "application/x-www-form-urlencoded" and stripped:
        for key, value in parse_qsl(body.decode(), keep_blank_values=True):
            params.setdefault(key.lower(), value)
    data = DeviceRequest(
        params=params, query=query, body=body, json_body=json_body, bad_json=bad_json
    )
    request["ejoin_data"] = data
    return data


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
        charset="utf-8",
    )


def _auth_failure(gateway: Gateway, *, desc: bool = False) -> web.Response:
    """Answer bad credentials in the configured style (option ``auth_error``)."""
    style = gateway.options.auth_error
    if style == "http":
        return web.Response(status=401, text="401 Unauthorized")
    code, reason = (1, "Invalid User") if style == "json" else (14, "Unauthorized")
    payload: dict[str, Any] = {"code": code, "reason": reason}
    if desc:
        payload["desc"] = reason
    return _json(payload)


def _int(value: str | None, default: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


def _float_or_none(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _flag(value: str | None) -> bool:
    return _int(value, 0) != 0


def _drop_connection(request: web.Request) -> web.Response:
    """Close the connection without an answer (the client sees a disconnect)."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)


@web.middleware
async def _middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count device requests, apply offline mode and faults, wake the clock."""
    app = request.app
    gateway = app[GATEWAY_KEY]
    runtime = app[RUNTIME_KEY]
    try:
        if request.path not in DEVICE_PATHS:
            return await handler(request)
        gateway.count_request(request.path.lstrip("/"))
        if gateway.offline_mode == "hang":
            while gateway.offline_mode == "hang" and not runtime.closing.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.05):
                        await runtime.closing.wait()
            if runtime.closing.is_set():
                return _drop_connection(request)
        if gateway.offline_mode is not None:
            return _drop_connection(request)
        if (
            request.method == "GET"
            and gateway.options.reject_json_get
            and "json" in request.headers.get("Content-Type", "").lower()
        ):
            return web.Response(status=400, text="400 Bad Request")
        fault = gateway.take_fault()
        if fault is not None:
            return await _faulty(request, handler, fault)
        return await handler(request)
    finally:
        runtime.wake()


#: What a proxy or captive portal answers in place of the device: its
#: attributes read like the ``key=value`` lines of old firmware's status.
_HTML_PAGE = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
    b'<meta http-equiv="refresh" content="5;url=/login.html">'
    b"<title>Please wait</title></head>\n"
    b'<body class="busy"><p id="msg">Service temporarily unavailable</p>'
    b"</body></html>\n"
)


async def _faulty(
    request: web.Request, handler: Handler, fault: Fault
) -> web.StreamResponse:
    """Answer one device request under ``fault`` (see ``Gateway.set_fault``)."""
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


async def _authorized(request: web.Request) -> DeviceRequest | web.Response:
    gateway = request.app[GATEWAY_KEY]
    data = await _read_request(request)
    if gateway.check_credentials(data.params, request.path):
        return data
    return _auth_failure(gateway)


# ---------------------------------------------------------------- device API


async def _get_status(request: web.Request) -> web.Response:
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    params = data.params
    result = request.app[GATEWAY_KEY].get_status(
        url=params.get("url") or None,
        period=_float_or_none(params.get("period")),
        all_sims=_flag(params.get("all_sims")),
        all_slots=_flag(params.get("all_slots")),
    )
    if isinstance(result, str):
        return web.Response(text=result, content_type="text/plain", charset="utf-8")
    return _json(result)


def _body_items(text: str) -> list[tuple[str, str]]:
    """Split a ``name=value&name=value`` body (also one item per line)."""
    items: list[tuple[str, str]] = []
    for chunk in re.split(r"[&\r\n]+", text):
        if not chunk.strip():
            continue
        name, _, value = chunk.partition("=")
        items.append((unquote(name.strip()), unquote(value.strip())))
    return items


def _query_params(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Parameters named in the query: ``par_name(i)``/``par_value(i)`` or direct."""
    names: dict[int, str] = {}
    values: dict[int, str] = {}
    direct: list[tuple[str, str]] = []
    for key, value in query:
        if key.lower() in _RESERVED:
            continue
        if match := _PAR_NAME.match(key):
            names[int(match.group(1))] = value
        elif match := _PAR_VALUE.match(key):
            values[int(match.group(1))] = value
        else:
            direct.append((key, value))
    paired = [(names[i], values.get(i, "")) for i in sorted(names)]
    return paired + direct


async def _send_cmd(request: web.Request) -> web.Response:
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    gateway = request.app[GATEWAY_KEY]
    op = data.params.get("op", "").strip().lower()
    if op == "set":
        pairs = _query_params(data.query)
        if data.json_body is None:
            pairs += _body_items(data.text)
        return _json(gateway.set_params(pairs))
    if op == "get":
        names = [name for name, _ in _query_params(data.query)]
        if data.json_body is None:
            names += [name for name, _ in _body_items(data.text)]
        return _json(gateway.get_params(names))
    if isinstance(data.json_body, dict):
        return _json(gateway.command(data.json_body))
    if op and not data.bad_json:
        return _json(gateway.command({"op": op, "ports": data.params.get("ports", "")}))
    return _json({"code": 15, "reason": "Invalid CMD"})


async def _post_sms(request: web.Request) -> web.Response:
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    gateway = request.app[GATEWAY_KEY]
    body = data.json_body
    message: Mapping[str, Any]
    if isinstance(body, dict):
        message = body
    elif isinstance(body, list):
        message = {"tasks": body}  # a bare array of tasks: accepted leniently
    elif data.bad_json:
        return _json({"code": 15, "reason": "Invalid CMD"})
    else:
        # The GET form (section 6.2: "Server can send SMS by GET/POST request"):
        # one task from the query string.
        params = data.params
        task = {key: value for key, value in params.items() if key in _TASK_FIELDS}
        message = {
            **{key: params[key] for key in _MESSAGE_FIELDS if key in params},
            "tasks": [task],
        }
    return _json(gateway.submit_sms(message))


def _tids(data: DeviceRequest) -> list[object] | None:
    """Return the ``tids`` of a pause/resume/remove request (``None``: all tasks)."""
    raw: object = None
    if isinstance(data.json_body, dict):
        raw = data.json_body.get("tids")
    if raw is None:
        raw = data.params.get("tids")
    if raw is None:
        return None
    if isinstance(raw, list):
        return list(raw)
    if isinstance(raw, str):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return [raw]


def _task_handler(
    action: Callable[[Gateway, list[object] | None], dict[str, Any]],
) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        data = await _authorized(request)
        if isinstance(data, web.Response):
            return data
        return _json(action(request.app[GATEWAY_KEY], _tids(data)))

    return handler


async def _get_tasks(request: web.Request) -> web.Response:
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    params = data.params
    return _json(
        request.app[GATEWAY_KEY].get_tasks(
            _int(params.get("port"), 0),
            pos=_int(params.get("pos"), 0),
            num=_int(params.get("num"), 10),
            has_content=_flag(params.get("has_content")),
        )
    )


async def _get_sms(request: web.Request) -> web.Response:
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    params = data.params
    return _json(
        request.app[GATEWAY_KEY].get_sms(
            sms_id=_int(params.get("sms_id"), 1),
            sms_num=_int(params.get("sms_num"), 0),
            sms_del=_flag(params.get("sms_del")),
        )
    )


def _stats_handler(kind: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        data = await _authorized(request)
        if isinstance(data, web.Response):
            return data
        gateway = request.app[GATEWAY_KEY]
        method = gateway.sms_stats if kind == "sms" else gateway.call_stats
        params = data.params
        return _json(
            method(
                ports=params.get("ports"),
                slots=params.get("slots"),
                period=_int(params.get("type"), 0),
            )
        )

    return handler


async def _crypt_sess(request: web.Request) -> web.Response:
    gateway = request.app[GATEWAY_KEY]
    data = await _read_request(request)
    reply = gateway.create_session(data.params)
    if reply is None:
        return _auth_failure(gateway, desc=True)
    return _json(reply)


DEVICE_PATHS: dict[str, Handler] = {
    "/goip_get_status.html": _get_status,
    "/goip_send_cmd.html": _send_cmd,
    "/goip_post_sms.html": _post_sms,
    "/goip_pause_sms.html": _task_handler(lambda g, tids: g.pause_tasks(tids)),
    "/goip_resume_sms.html": _task_handler(lambda g, tids: g.resume_tasks(tids)),
    "/goip_remove_sms.html": _task_handler(lambda g, tids: g.remove_tasks(tids)),
    "/goip_get_tasks.html": _get_tasks,
    "/goip_get_sms.html": _get_sms,
    "/goip_get_sms_stat.html": _stats_handler("sms"),
    "/goip_get_call_stat.html": _stats_handler("call"),
    "/crypt_sess.json": _crypt_sess,
}


# --------------------------------------------------------------- control API


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
            return _json({"ok": False, "error": message}, status=400)
        payload: dict[str, Any] = {"ok": True}
        if isinstance(result, dict):
            payload.update(result)
        return _json(payload)

    return handler


def _ctl_sms(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    message = gateway.inject_sms(
        body["slot"],
        str(body.get("sender", "")),
        str(body.get("text", "")),
        recipient=None if body.get("recipient") is None else str(body["recipient"]),
        delivery_report=bool(body.get("delivery_report", False)),
        timestamp=body.get("timestamp"),
    )
    return {"id": message.id}


def _ctl_mms(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    parts: list[MmsPart] = []
    for item in body.get("attachments") or []:
        try:
            data = base64.b64decode(str(item.get("data_base64", "")), validate=True)
        except binascii.Error as err:
            raise _ControlError("attachment data is not base64") from err
        parts.append(
            MmsPart(
                filename=str(item["filename"]),
                content_type=str(item.get("content_type", "application/octet-stream")),
                data=data,
            )
        )
    push = gateway.inject_mms(
        sender=str(body["sender"]),
        recipient=None if body.get("recipient") is None else str(body["recipient"]),
        subject=str(body.get("subject", "")),
        text=str(body.get("text", "")),
        attachments=parts,
        slot=body.get("slot"),
    )
    return {"dropped": push.dropped}


def _ctl_port(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    changes = dict(body)
    slot = changes.pop("slot")
    state = gateway.set_slot(slot, **changes)
    return {"slot": gateway.slot_label(state, "dotted"), "st": gateway.slot_st(state)}


def _ctl_reboot(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    gateway.reboot(downtime=float(body.get("downtime", 0.0)))
    return {"ssrc": gateway.ssrc}


def _ctl_offline(gateway: Gateway, body: dict[str, Any]) -> None:
    seconds = body.get("seconds")
    gateway.set_offline(
        seconds=None if seconds is None else float(seconds),
        mode=str(body.get("mode", "refuse")),
    )


def _ctl_fault(gateway: Gateway, body: dict[str, Any]) -> None:
    count = body.get("count")
    gateway.set_fault(
        str(body.get("mode", "none")),
        delay=float(body.get("delay", 1.0)),
        count=None if count is None else int(count),
    )


def _ctl_config(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    gateway.configure(**body)
    return {"options": gateway.snapshot()["options"]}


def _ctl_push_status(gateway: Gateway, _body: dict[str, Any]) -> dict[str, Any]:
    return {"pushed": gateway.push_status() is not None}


async def _ctl_state(request: web.Request) -> web.Response:
    return _json(request.app[GATEWAY_KEY].snapshot())


def _add_control_routes(app: web.Application) -> None:
    posts: dict[str, Callable[[Gateway, dict[str, Any]], Any]] = {
        "sms": _ctl_sms,
        "mms": _ctl_mms,
        "port": _ctl_port,
        "reboot": _ctl_reboot,
        "offline": _ctl_offline,
        "online": lambda g, _b: g.set_online(),
        "fault": _ctl_fault,
        "config": _ctl_config,
        "push-status": _ctl_push_status,
        "flush-reports": lambda g, _b: g.flush_reports(),
        "clear-log": lambda g, _b: g.clear_log(),
    }
    for name, action in posts.items():
        app.router.add_post(CONTROL_PREFIX + name, _control(action))
    app.router.add_get(CONTROL_PREFIX + "state", _ctl_state)


# ---------------------------------------------------------------------- app


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
    app = web.Application(middlewares=[_middleware])
    app[GATEWAY_KEY] = gateway
    app[RUNTIME_KEY] = Runtime(gateway)
    for path, handler in DEVICE_PATHS.items():
        app.router.add_route("*", path, handler)
    _add_control_routes(app)
    app.on_startup.append(_on_startup)
    app.on_shutdown.append(_on_shutdown)
    app.on_cleanup.append(_on_cleanup)
    return app
