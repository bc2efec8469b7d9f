"""The device endpoints (sections 3-10): each reads its request, asks the gateway.

Every endpoint answers GET and POST, with its parameters in the query, a JSON
object body or a form body (the document shows only the query, and says "GET/POST
request" for several endpoints: every reading is accepted).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from .keys import GATEWAY_KEY
from .wire import (
    DeviceRequest,
    flag,
    float_or_none,
    integer,
    json_response,
    read_request,
)

if TYPE_CHECKING:
    from emulator.device import Gateway

__all__ = ["DEVICE_PATHS", "Handler"]

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

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


def _auth_failure(gateway: Gateway, *, desc: bool = False) -> web.Response:
    """Answer bad credentials in the configured style (option ``auth_error``)."""
    style = gateway.options.auth_error
    if style == "http":
        return web.Response(status=401, text="401 Unauthorized")
    code, reason = (1, "Invalid User") if style == "json" else (14, "Unauthorized")
    payload: dict[str, Any] = {"code": code, "reason": reason}
    if desc:
        payload["desc"] = reason
    return json_response(payload)


async def _authorized(request: web.Request) -> DeviceRequest | web.Response:
    """Return the request's data, or the answer to its bad credentials."""
    gateway = request.app[GATEWAY_KEY]
    data = await read_request(request)
    if gateway.auth.check(data.params, request.path):
        return data
    return _auth_failure(gateway)


async def _get_status(request: web.Request) -> web.Response:
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    params = data.params
    result = request.app[GATEWAY_KEY].status.get_status(
        url=params.get("url") or None,
        period=float_or_none(params.get("period")),
        all_sims=flag(params.get("all_sims")),
        all_slots=flag(params.get("all_slots")),
    )
    if isinstance(result, str):
        return web.Response(text=result, content_type="text/plain", charset="utf-8")
    return json_response(result)


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
        return json_response(gateway.parameters.set_many(pairs))
    if op == "get":
        names = [name for name, _ in _query_params(data.query)]
        if data.json_body is None:
            names += [name for name, _ in _body_items(data.text)]
        return json_response(gateway.parameters.get_many(names))
    if isinstance(data.json_body, dict):
        return json_response(gateway.commands.run(data.json_body))
    if op and not data.bad_json:
        message = {"op": op, "ports": data.params.get("ports", "")}
        return json_response(gateway.commands.run(message))
    return json_response({"code": 15, "reason": "Invalid CMD"})


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
        return json_response({"code": 15, "reason": "Invalid CMD"})
    else:
        # The GET form (section 6.2: "Server can send SMS by GET/POST request"):
        # one task from the query string.
        params = data.params
        task = {key: value for key, value in params.items() if key in _TASK_FIELDS}
        message = {
            **{key: params[key] for key in _MESSAGE_FIELDS if key in params},
            "tasks": [task],
        }
    return json_response(gateway.submit_sms(message))


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
        return json_response(action(request.app[GATEWAY_KEY], _tids(data)))

    return handler


async def _get_tasks(request: web.Request) -> web.Response:
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    params = data.params
    return json_response(
        request.app[GATEWAY_KEY].tasks.query(
            integer(params.get("port"), 0),
            pos=integer(params.get("pos"), 0),
            num=integer(params.get("num"), 10),
            has_content=flag(params.get("has_content")),
        )
    )


async def _get_sms(request: web.Request) -> web.Response:
    # Section 8 says "GET/POST request" and shows the parameters only in the
    # query: a POST may carry them there, in a JSON object or in a form body.
    data = await _authorized(request)
    if isinstance(data, web.Response):
        return data
    params = data.params
    return json_response(
        request.app[GATEWAY_KEY].inbox.read(
            sms_id=integer(params.get("sms_id"), 1),
            sms_num=integer(params.get("sms_num"), 0),
            sms_del=flag(params.get("sms_del")),
        )
    )


def _stats_handler(kind: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        data = await _authorized(request)
        if isinstance(data, web.Response):
            return data
        gateway = request.app[GATEWAY_KEY]
        stats = gateway.statistics
        method = stats.sms if kind == "sms" else stats.calls
        params = data.params
        return json_response(
            method(
                ports=params.get("ports"),
                slots=params.get("slots"),
                period=integer(params.get("type"), 0),
            )
        )

    return handler


async def _crypt_sess(request: web.Request) -> web.Response:
    gateway = request.app[GATEWAY_KEY]
    handshake = gateway.options.session_handshake
    if handshake == "not_found":
        return web.Response(status=404, text="404 Not Found")
    data = await read_request(request)
    if handshake == "auth_error":
        return _auth_failure(gateway, desc=True)
    reply = gateway.auth.create_session(data.params)
    if reply is None:
        return _auth_failure(gateway, desc=True)
    return json_response(reply)


DEVICE_PATHS: dict[str, Handler] = {
    "/goip_get_status.html": _get_status,
    "/goip_send_cmd.html": _send_cmd,
    "/goip_post_sms.html": _post_sms,
    "/goip_pause_sms.html": _task_handler(lambda g, tids: g.tasks.pause(tids)),
    "/goip_resume_sms.html": _task_handler(lambda g, tids: g.tasks.resume(tids)),
    "/goip_remove_sms.html": _task_handler(lambda g, tids: g.tasks.remove(tids)),
    "/goip_get_tasks.html": _get_tasks,
    "/goip_get_sms.html": _get_sms,
    "/goip_get_sms_stat.html": _stats_handler("sms"),
    "/goip_get_call_stat.html": _stats_handler("call"),
    "/crypt_sess.json": _crypt_sess,
}
