"""Probes the benchmark loads into the Home Assistant it measures.

* A do-nothing webhook (``ejoin_bench_floor``): it reads the body and fires ``n``
  bare ``ejoin_bench_floor`` events. Posting to it is the path of a push minus
  the integration's work, the floor the push figures are divided by.
* ``ejoin_bench/count``: counts events where they are fired, by message (an
  SMS's text, a recipient's number, a floor event's ``seq/i``, the entity of a
  state write), with the wall-clock time of the newest first sighting.
  Thousands of events at once are more than a websocket client may fall behind
  by (Home Assistant drops a connection 4,096 messages behind), and watching
  every state write over a websocket would cost the loop being measured.
* ``ejoin_bench/entry``: a config entry's webhook id and how many of its enabled
  entities have a state (setup is done when all of them have).
* ``ejoin_bench/refresh``: runs the entry's coordinator refresh (one poll) inside
  Home Assistant, timing the wall clock and the event loop thread's CPU time.
* ``ejoin_bench/fetch``: the floor of a poll: the same status request with the
  shared HTTP session and ``json.loads``, nothing else.
* ``ejoin_bench/storage``: the bytes the entry's message journal has written
  (its log and its snapshots) since the entry was loaded.
* ``ejoin_bench/collect``: a full garbage collection now, so that a burst starts
  with nothing owed to the collector by the steps before it; it reports the full
  collections Python started by itself since the probes loaded, and their ms,
  and how long its own took.
* ``ejoin_bench/registered``: how many entities an entry has registered, disabled
  ones included; with ``slots``, also how many of them are SIM slots' entities.
* ``ejoin_bench/stalls``: watches the event loop (how late a 5 ms sleep wakes up)
  until asked again, and then reports its longest stall.
* ``ejoin_bench/push_status``: fetches the gateway's full status and hands it to
  the entry's webhook as a ``dev-status`` push, ``count`` times, timing the event
  loop's CPU for each (the parse happens in a worker thread: not counted).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
import gc
from http import HTTPStatus
import json
import time
from typing import TYPE_CHECKING, Any, Final, cast

from aiohttp.web import Request, Response
from homeassistant.components import webhook
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.decorators import (
    async_response,
    websocket_command,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util.aiohttp import MockRequest
from homeassistant.util.hass_dict import HassKey
import probatio

from custom_components.ejoin.coordinator import slot_from_unique_id

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping

    from homeassistant.components.websocket_api.connection import ActiveConnection
    from homeassistant.helpers.typing import ConfigType

    from custom_components.ejoin.data import EjoinConfigEntry

DOMAIN: Final = "ejoin_bench"
FLOOR_WEBHOOK_ID: Final = "ejoin_bench_floor"
FLOOR_EVENT: Final = "ejoin_bench_floor"
#: Most events one floor push may ask for (the burst floor asks for 1,000).
MAX_FLOOR_EVENTS: Final = 100_000

type Run = dict[str, float]

#: The events counted, and what tells one message from another.
KEYS: Final[dict[str, Callable[[Mapping[str, Any]], str]]] = {
    "ejoin_sms_received": lambda data: str(data.get("text")),
    "ejoin_sms_sent": lambda data: str(data.get("number")),
    FLOOR_EVENT: lambda data: f"{data.get('seq')}/{data.get('i')}",
    "state_changed": lambda data: str(data.get("entity_id")),
}


class _Counter:
    """How often each message of one event type was fired, and when."""

    def __init__(self, key: Callable[[Mapping[str, Any]], str]) -> None:
        self.key = key
        self.counts: Counter[str] = Counter()
        #: ``time.time()`` when the newest message was first fired.
        self.last = 0.0

    @callback
    def add(self, event: Event) -> None:
        """Count one event (on the event loop: the method is a callback)."""
        key = self.key(event.data)
        self.counts[key] += 1
        if self.counts[key] == 1:
            self.last = time.time()


COUNTERS: HassKey[dict[str, _Counter]] = HassKey(DOMAIN)


@dataclass(slots=True)
class _Collections:
    """The full collections Python's collector started by itself (``gc.callbacks``)."""

    count: int = 0
    ms: float = 0.0
    manual: bool = False
    _started: float = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        """Time each full collection not asked for by ``ejoin_bench/collect``."""
        if info["generation"] != 2 or self.manual:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count += 1
            self.ms += (time.perf_counter() - self._started) * 1000


COLLECTIONS: HassKey[_Collections] = HassKey(f"{DOMAIN}_collections")
#: The sleep whose lateness is a stall of the event loop.
STALL_TICK: Final = 0.005


@dataclass
class _Stalls:
    """The event loop's longest stall while watched."""

    longest_ms: float = 0.0
    task: asyncio.Task[None] | None = None

    async def watch(self) -> None:
        """Sleep a tick at a time, keeping how late the longest wake-up was."""
        while True:
            started = time.perf_counter()
            await asyncio.sleep(STALL_TICK)
            late = (time.perf_counter() - started - STALL_TICK) * 1000
            self.longest_ms = max(self.longest_ms, late)


STALLS: HassKey[_Stalls] = HassKey(f"{DOMAIN}_stalls")


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the floor webhook and the websocket commands."""
    webhook.async_register(
        hass,
        DOMAIN,
        "Benchmark floor",
        FLOOR_WEBHOOK_ID,
        _handle_floor,
        local_only=True,
        allowed_methods=["POST"],
    )
    counters = hass.data[COUNTERS] = {}
    for event_type, key in KEYS.items():
        counters[event_type] = _Counter(key)
        hass.bus.async_listen(event_type, counters[event_type].add)
    collections = hass.data[COLLECTIONS] = _Collections()
    gc.callbacks.append(collections)
    hass.data[STALLS] = _Stalls()
    for command in (
        _collect_command,
        _entry_command,
        _refresh_command,
        _fetch_command,
        _count_command,
        _storage_command,
        _registered_command,
        _stalls_command,
        _push_status_command,
    ):
        async_register_command(hass, command)
    return True


async def _handle_floor(
    hass: HomeAssistant, webhook_id: str, request: Request
) -> Response:
    """Read the body and fire ``n`` bare events; nothing else."""
    await request.read()
    seq = request.query.get("seq", "")
    try:
        count = min(max(int(request.query.get("n", "1")), 1), MAX_FLOOR_EVENTS)
    except ValueError:
        return Response(status=HTTPStatus.BAD_REQUEST)
    for index in range(count):
        hass.bus.async_fire(FLOOR_EVENT, {"seq": seq, "i": index})
    return Response(status=HTTPStatus.OK)


def _entry(hass: HomeAssistant, entry_id: str) -> EjoinConfigEntry:
    """Return a loaded ``ejoin`` config entry."""
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != "ejoin":
        raise ValueError(f"No ejoin entry {entry_id}")
    return cast("EjoinConfigEntry", entry)


async def _timed(count: int, step: Callable[[], Awaitable[object]]) -> list[Run]:
    """Await ``step`` ``count`` times; time each run (wall and event loop CPU)."""
    runs: list[Run] = []
    for _ in range(count):
        wall, cpu = time.perf_counter(), time.thread_time()
        await step()
        runs.append(
            {
                "wall_ms": (time.perf_counter() - wall) * 1000,
                # Only this thread's CPU: what the poll cost the event loop.
                "loop_ms": (time.thread_time() - cpu) * 1000,
            }
        )
    return runs


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/count",
        probatio.Required("event_type"): probatio.In(list(KEYS)),
        probatio.Optional("reset", default=False): bool,
        probatio.Optional("full", default=False): bool,
    }
)
@callback
def _count_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Report (and with ``reset`` forget) the counts of one event type.

    ``full`` adds every message's count; otherwise only the totals.
    """
    counter = hass.data[COUNTERS][msg["event_type"]]
    if msg["reset"]:
        counter.counts.clear()
        counter.last = 0.0
    result: dict[str, Any] = {
        "distinct": len(counter.counts),
        "total": counter.counts.total(),
        "last": counter.last,
    }
    if msg["full"]:
        result["counts"] = dict(counter.counts)
    connection.send_result(msg["id"], result)


@websocket_command({probatio.Required("type"): "ejoin_bench/collect"})
@callback
def _collect_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Run a full garbage collection; report those Python started by itself.

    ``took_ms`` is this one's duration: what a full collection of Home
    Assistant's heap costs now, the event loop's longest pause it causes.
    """
    collections = hass.data[COLLECTIONS]
    collections.manual = True
    started = time.perf_counter()
    try:
        gc.collect()
    finally:
        collections.manual = False
    took_ms = (time.perf_counter() - started) * 1000
    connection.send_result(
        msg["id"],
        {"count": collections.count, "ms": collections.ms, "took_ms": took_ms},
    )


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/entry",
        probatio.Required("entry_id"): str,
    }
)
@async_response
async def _entry_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Report an entry's state, webhook id and how many entities have a state."""
    entry = hass.config_entries.async_get_entry(msg["entry_id"])
    if entry is None:
        connection.send_error(msg["id"], "not_found", "no such entry")
        return
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    enabled = [entity for entity in entities if entity.disabled_by is None]
    connection.send_result(
        msg["id"],
        {
            "state": entry.state.value,
            "webhook_id": entry.data.get("webhook_id"),
            "entities": len(entities),
            "enabled": len(enabled),
            "with_state": sum(
                hass.states.get(entity.entity_id) is not None for entity in enabled
            ),
        },
    )


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/registered",
        probatio.Required("entry_id"): str,
        probatio.Optional("slots", default=False): bool,
    }
)
@callback
def _registered_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Report how many entities the entry has registered (an index: cheap)."""
    entry = _entry(hass, msg["entry_id"])
    entries = er.async_get(hass).entities.get_entries_for_config_entry_id(
        entry.entry_id
    )
    result: dict[str, int] = {"registered": len(entries)}
    if msg["slots"]:
        # Reads every entry: asked for once the count is near the end.
        prefix = f"{entry.unique_id}_"
        result["slot_entities"] = sum(
            slot_from_unique_id(entity.unique_id, prefix) is not None
            for entity in entries
        )
    connection.send_result(msg["id"], result)


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/stalls",
        probatio.Required("watch"): bool,
    }
)
@callback
def _stalls_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Start watching the loop (``watch``), or stop and report the longest stall."""
    stalls = hass.data[STALLS]
    if stalls.task is not None:
        stalls.task.cancel()
        stalls.task = None
    if msg["watch"]:
        stalls.longest_ms = 0.0
        stalls.task = hass.async_create_background_task(
            stalls.watch(), "ejoin_bench stall watch"
        )
    connection.send_result(msg["id"], {"longest_ms": round(stalls.longest_ms, 1)})


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/refresh",
        probatio.Required("entry_id"): str,
        probatio.Required("count"): int,
    }
)
@async_response
async def _refresh_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Poll the gateway ``count`` times through the entry's coordinator."""
    coordinator = _entry(hass, msg["entry_id"]).runtime_data.coordinator
    runs = await _timed(msg["count"], coordinator.async_refresh)
    connection.send_result(
        msg["id"], {"runs": runs, "success": coordinator.last_update_success}
    )


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/fetch",
        probatio.Required("entry_id"): str,
        probatio.Required("count"): int,
    }
)
@async_response
async def _fetch_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Fetch and decode the gateway's status ``count`` times, and nothing more."""
    data = _entry(hass, msg["entry_id"]).data
    session = async_get_clientsession(hass)
    url = f"http://{data['host']}:{data['port']}/goip_get_status.html"
    params = {
        "username": data["username"],
        "password": data["password"],
        "all_slots": "1",
    }

    async def fetch() -> object:
        async with session.get(url, params=params) as response:
            return json.loads(await response.read())

    runs = await _timed(msg["count"], fetch)
    connection.send_result(msg["id"], {"runs": runs})


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/storage",
        probatio.Required("entry_id"): str,
    }
)
@callback
def _storage_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Report the bytes the entry's journal wrote (log lines and snapshots)."""
    journal = _entry(hass, msg["entry_id"]).runtime_data.receiver.journal
    connection.send_result(
        msg["id"],
        {"log": journal.bytes_written, "snapshots": journal.snapshot_bytes_written},
    )


@websocket_command(
    {
        probatio.Required("type"): "ejoin_bench/push_status",
        probatio.Required("entry_id"): str,
        probatio.Required("count"): int,
    }
)
@async_response
async def _push_status_command(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Push the gateway's whole status to its webhook ``count`` times, timed."""
    entry = _entry(hass, msg["entry_id"])
    data = entry.data
    session = async_get_clientsession(hass)
    url = f"http://{data['host']}:{data['port']}/goip_get_status.html"
    params = {
        "username": data["username"],
        "password": data["password"],
        "all_slots": "1",
    }
    async with session.get(url, params=params) as response:
        status = json.loads(await response.read())
    body = json.dumps({**status, "type": "dev-status"}).encode()
    webhook_id = data["webhook_id"]
    statuses: list[int] = []

    async def push() -> None:
        request = MockRequest(
            content=body,
            mock_source="ejoin_bench",
            method="POST",
            headers={"Content-Type": "application/json"},
            # The gateway is on the local network (the webhook is local only).
            remote="127.0.0.1",
        )
        answer = await webhook.async_handle_webhook(hass, webhook_id, request)
        statuses.append(answer.status)

    runs = await _timed(msg["count"], push)
    connection.send_result(
        msg["id"], {"runs": runs, "statuses": statuses, "bytes": len(body)}
    )
