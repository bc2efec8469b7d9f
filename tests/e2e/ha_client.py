"""A small typed client of Home Assistant's REST and websocket APIs (aiohttp).

Only what a user, the frontend or an automation tool could do is used: the
onboarding API, bearer-token REST calls and websocket commands.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
import json
import threading
import time
from typing import TYPE_CHECKING, Any, Self
from urllib import error as urlerror, parse as urlparse, request as urlrequest

import aiohttp

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

__all__ = [
    "JSON",
    "CommandError",
    "EventStream",
    "HassClient",
    "RestError",
    "confirm_http_settings",
    "onboard",
    "poll",
    "sync_request",
]

type JSON = dict[str, Any]

#: Seconds one REST call or websocket command may take.
REQUEST_TIMEOUT = 30.0


class RestError(AssertionError):
    """A REST call answered with an unexpected HTTP status."""

    def __init__(self, method: str, path: str, status: int, body: str) -> None:
        """Keep the status and the body for assertions."""
        super().__init__(f"{method} {path} -> HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


class CommandError(AssertionError):
    """A websocket command answered ``success: false``."""

    def __init__(self, command: str, error: JSON) -> None:
        """Keep Home Assistant's error object (code, message, translation)."""
        super().__init__(f"{command}: {error}")
        self.code = str(error.get("code", ""))
        self.message = str(error.get("message", ""))
        self.error = error


# ----------------------------------------------------------------- synchronous


def sync_request(
    method: str,
    url: str,
    *,
    json_body: Any = None,
    form: dict[str, str] | None = None,
    token: str | None = None,
    timeout: float = 10.0,
) -> tuple[int, Any]:
    """Make one HTTP request without an event loop (for session fixtures).

    Returns the status and the decoded JSON body (or the text when it is not JSON).
    """
    headers: dict[str, str] = {}
    data: bytes | None = None
    if json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    elif form is not None:
        data = urlparse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    req = urlrequest.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - loopback URL built by the fixtures
    try:
        with urlrequest.urlopen(req, timeout=timeout) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urlerror.HTTPError as err:
        status, raw = err.code, err.read()
    text = raw.decode(errors="replace")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def onboard(base_url: str, *, username: str, password: str) -> str:
    """Finish Home Assistant's onboarding through its API; return an access token."""
    client_id = base_url + "/"

    def ok(status: int, body: Any, what: str) -> Any:
        if status != 200:
            raise AssertionError(f"onboarding {what}: HTTP {status}: {body}")
        return body

    body = ok(
        *sync_request(
            "POST",
            base_url + "/api/onboarding/users",
            json_body={
                "client_id": client_id,
                "name": "End To End",
                "username": username,
                "password": password,
                "language": "en",
            },
        ),
        "users",
    )
    token_body = ok(
        *sync_request(
            "POST",
            base_url + "/auth/token",
            form={
                "grant_type": "authorization_code",
                "code": body["auth_code"],
                "client_id": client_id,
            },
        ),
        "token",
    )
    token = str(token_body["access_token"])
    for step, payload in (
        ("core_config", {}),
        ("analytics", {}),
        ("integration", {"client_id": client_id, "redirect_uri": client_id}),
    ):
        ok(
            *sync_request(
                "POST",
                f"{base_url}/api/onboarding/{step}",
                json_body=payload,
                token=token,
            ),
            step,
        )
    return token


def confirm_http_settings(base_url: str, token: str) -> None:
    """Confirm the HTTP settings Home Assistant took over from configuration.yaml.

    Since 2026.10, ``http:`` from YAML becomes a *pending* configuration that Home
    Assistant reverts after five minutes unless someone confirms it (the frontend
    asks): the revert restarts it on the default ``0.0.0.0:8123``, which would end
    the loopback-only session. The frontend's own command confirms it.
    """

    async def confirm() -> None:
        async with HassClient(base_url, token) as client:
            config = await client.command("http/config")
            pending = config.get("pending")
            if pending and not pending.get("error"):
                await client.command("http/config/promote")

    # A thread of its own: the test session's event loops stay untouched.
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(confirm())
        except BaseException as err:  # noqa: BLE001 - re-raised below
            errors.append(err)

    thread = threading.Thread(target=run, name="e2e-confirm-http")
    thread.start()
    thread.join(REQUEST_TIMEOUT * 2)
    if errors:
        raise errors[0]


# ---------------------------------------------------------------------- polling


async def poll[T](
    probe: Callable[[], Awaitable[T | None]],
    *,
    within: float,
    what: str,
    interval: float = 0.2,
) -> T:
    """Await ``probe`` until it returns something other than None or False.

    ``within`` is the time limit in seconds.
    """
    deadline = time.monotonic() + within
    last: T | None = None
    while True:
        last = await probe()
        if last is not None and last is not False:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within:.0f} s waiting for {what}")
        await asyncio.sleep(interval)


# -------------------------------------------------------------------- websocket


@dataclass(slots=True)
class EventStream:
    """Events of one ``subscribe_events`` subscription, in arrival order."""

    event_type: str | None
    subscription: int
    events: list[JSON] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, event: JSON) -> None:
        """Record one event (called by the reader)."""
        self.events.append(event)
        self._changed.set()

    def matching(self, predicate: Callable[[JSON], bool] | None = None) -> list[JSON]:
        """Return the ``data`` of every event so far that ``predicate`` accepts."""
        return [
            event["data"]
            for event in self.events
            if predicate is None or predicate(event["data"])
        ]

    async def wait_for(
        self,
        predicate: Callable[[JSON], bool] | None = None,
        *,
        count: int = 1,
        within: float = 15.0,
    ) -> list[JSON]:
        """Wait until ``count`` events match; return the data of all that match."""
        deadline = time.monotonic() + within
        while True:
            found = self.matching(predicate)
            if len(found) >= count:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"expected {count} {self.event_type} event(s), got {len(found)}"
                    f" matching after {within:.0f} s; all events: "
                    + json.dumps([e["data"] for e in self.events], default=str)[:3000]
                )
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)


class HassClient:
    """One authenticated REST session and websocket connection."""

    def __init__(self, base_url: str, token: str) -> None:
        """Prepare the client; :meth:`connect` opens the websocket."""
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._next_id = 1
        self._pending: dict[int, asyncio.Future[JSON]] = {}
        self._streams: dict[int, EventStream] = {}

    @property
    def connected(self) -> bool:
        """Whether the websocket is still open (Home Assistant may drop it)."""
        return self._ws is not None and not self._ws.closed

    @property
    def session(self) -> aiohttp.ClientSession:
        """The HTTP session (open after :meth:`connect`)."""
        if self._session is None:
            raise RuntimeError("not connected")
        return self._session

    async def __aenter__(self) -> Self:
        """Connect."""
        await self.connect()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        """Close everything."""
        await self.close()

    async def connect(self) -> None:
        """Open the HTTP session and an authenticated websocket."""
        self._session = aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
        )
        ws = await self._session.ws_connect(
            self.base_url + "/api/websocket", max_msg_size=0
        )
        self._ws = ws
        hello = await ws.receive_json(timeout=REQUEST_TIMEOUT)
        if hello.get("type") != "auth_required":
            raise AssertionError(f"unexpected websocket greeting {hello}")
        await ws.send_json({"type": "auth", "access_token": self.token})
        answer = await ws.receive_json(timeout=REQUEST_TIMEOUT)
        if answer.get("type") != "auth_ok":
            raise AssertionError(f"websocket authentication failed: {answer}")
        self._reader = asyncio.create_task(self._read(ws), name="e2e websocket reader")

    async def close(self) -> None:
        """Close the websocket, stop the reader and close the HTTP session."""
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Hand results to their commands and events to their streams."""
        async for message in ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            payload = json.loads(message.data)
            for item in payload if isinstance(payload, list) else [payload]:
                self._dispatch(item)
        error = ConnectionError("websocket closed")
        for future in self._pending.values():
            if not future.done():
                future.set_exception(error)

    def _dispatch(self, item: JSON) -> None:
        msg_id = item.get("id")
        if item.get("type") == "event" and msg_id in self._streams:
            self._streams[msg_id].add(item["event"])
        elif item.get("type") == "result" and msg_id in self._pending:
            future = self._pending.pop(msg_id)
            if not future.done():
                future.set_result(item)

    async def _send(self, payload: JSON) -> tuple[int, JSON]:
        if self._ws is None:
            raise RuntimeError("not connected")
        msg_id = self._next_id
        self._next_id += 1
        future: asyncio.Future[JSON] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = future
        await self._ws.send_json({"id": msg_id, **payload})
        async with asyncio.timeout(REQUEST_TIMEOUT):
            return msg_id, await future

    async def command(self, command: str, **payload: Any) -> Any:
        """Run one websocket command; return its result or raise CommandError."""
        _msg_id, answer = await self._send({"type": command, **payload})
        if not answer.get("success"):
            raise CommandError(command, answer.get("error") or {})
        return answer.get("result")

    async def subscribe(self, command: str, **payload: Any) -> EventStream:
        """Start a subscription command; its messages gather in the stream."""
        msg_id, answer = await self._send({"type": command, **payload})
        if not answer.get("success"):
            raise CommandError(command, answer.get("error") or {})
        stream = EventStream(event_type=command, subscription=msg_id)
        self._streams[msg_id] = stream
        return stream

    async def subscribe_events(self, event_type: str | None = None) -> EventStream:
        """Subscribe to bus events (all of them when ``event_type`` is None)."""
        payload: JSON = {"type": "subscribe_events"}
        if event_type is not None:
            payload["event_type"] = event_type
        msg_id, answer = await self._send(payload)
        if not answer.get("success"):
            raise CommandError("subscribe_events", answer.get("error") or {})
        stream = EventStream(event_type=event_type, subscription=msg_id)
        self._streams[msg_id] = stream
        return stream

    # ------------------------------------------------------------------ REST

    async def rest(
        self, method: str, path: str, *, json_body: Any = None, expect: int = 200
    ) -> Any:
        """Make one REST call; fail unless it answers ``expect``."""
        async with self.session.request(
            method, self.base_url + path, json=json_body
        ) as response:
            text = await response.text()
            if response.status != expect:
                raise RestError(method, path, response.status, text)
            if not text:
                return None
            try:
                return json.loads(text)
            except ValueError:
                return text

    # ------------------------------------------------------------ shortcuts

    async def config_entries(self, domain: str) -> list[JSON]:
        """Return the config entries of ``domain``."""
        result: list[JSON] = await self.rest(
            "GET", f"/api/config/config_entries/entry?domain={domain}"
        )
        return result

    async def remove_entry(self, entry_id: str) -> None:
        """Delete a config entry."""
        await self.rest("DELETE", f"/api/config/config_entries/entry/{entry_id}")

    async def start_flow(self, handler: str) -> JSON:
        """Start a config flow of ``handler`` (as the UI's "Add integration")."""
        result: JSON = await self.rest(
            "POST",
            "/api/config/config_entries/flow",
            json_body={"handler": handler, "show_advanced_options": False},
        )
        return result

    async def flow_step(self, flow_id: str, user_input: JSON) -> JSON:
        """Submit one step of a config flow."""
        result: JSON = await self.rest(
            "POST", f"/api/config/config_entries/flow/{flow_id}", json_body=user_input
        )
        return result

    async def start_options_flow(self, entry_id: str) -> JSON:
        """Start the options flow of a config entry."""
        result: JSON = await self.rest(
            "POST",
            "/api/config/config_entries/options/flow",
            json_body={"handler": entry_id},
        )
        return result

    async def options_flow_step(self, flow_id: str, user_input: JSON) -> JSON:
        """Submit one step of an options flow."""
        result: JSON = await self.rest(
            "POST",
            f"/api/config/config_entries/options/flow/{flow_id}",
            json_body=user_input,
        )
        return result

    async def devices(self) -> list[JSON]:
        """Return the device registry."""
        result: list[JSON] = await self.command("config/device_registry/list")
        return result

    async def entities(self) -> list[JSON]:
        """Return the entity registry."""
        result: list[JSON] = await self.command("config/entity_registry/list")
        return result

    async def states(self) -> dict[str, JSON]:
        """Return every state by entity id."""
        result: list[JSON] = await self.command("get_states")
        return {state["entity_id"]: state for state in result}

    async def call_service(
        self,
        domain: str,
        service: str,
        data: JSON | None = None,
        *,
        target: JSON | None = None,
        return_response: bool = False,
    ) -> Any:
        """Call an action; return its response when ``return_response``."""
        payload: JSON = {
            "domain": domain,
            "service": service,
            "service_data": data or {},
            "return_response": return_response,
        }
        if target is not None:
            payload["target"] = target
        result = await self.command("call_service", **payload)
        return result.get("response") if return_response else None
