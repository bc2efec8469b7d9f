"""The wire: reading a request the lenient way the device does, writing JSON."""

from __future__ import annotations

from dataclasses import dataclass
import json
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

__all__ = [
    "DeviceRequest",
    "flag",
    "float_or_none",
    "integer",
    "json_response",
    "read_request",
]

_CACHE_KEY = "ejoin_data"


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


def _scalar(value: object) -> str | None:
    """Return a JSON scalar as the text a query would carry (``true`` -> ``1``)."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    return None


async def read_request(request: web.Request) -> DeviceRequest:
    """Return the request's parameters and body (read once, then cached)."""
    cached = request.get(_CACHE_KEY)
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
                if (text := _scalar(value)) is not None:
                    params.setdefault(str(key).lower(), text)
    elif request.content_type == "application/x-www-form-urlencoded" and stripped:
        for key, value in parse_qsl(
            body.decode("utf-8", "replace"), keep_blank_values=True
        ):
            params.setdefault(key.lower(), value)
    data = DeviceRequest(
        params=params, query=query, body=body, json_body=json_body, bad_json=bad_json
    )
    request[_CACHE_KEY] = data
    return data


def integer(value: str | None, default: int) -> int:
    """Read an integer parameter (``"10"``, ``"10.0"``); ``default`` otherwise."""
    if value is None or not value.strip():
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


def float_or_none(value: str | None) -> float | None:
    """Read a number parameter; ``None`` when absent or unreadable."""
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        return None


def flag(value: str | None) -> bool:
    """Read a 0/1 parameter."""
    return integer(value, 0) != 0


def json_response(payload: Any, status: int = 200) -> web.Response:
    """Answer ``payload`` as UTF-8 JSON."""
    return web.Response(
        status=status,
        text=json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
        charset="utf-8",
    )
