"""Pushed SMS: the latency of one, and bursts of thousands.

Each figure is set against the probes' do-nothing webhook in the same Home
Assistant: the same POST (same body) to a handler that only fires bare events.
What is left of the ratio is the integration's own work: parsing, the
exactly-once ledger, the event data, the event entity. A single message is
waited for on the websocket; a burst is counted where it is fired (the probes),
as no websocket client may fall thousands of messages behind.

Each burst, ours and the floor's, starts right after a full garbage collection in
Home Assistant. Otherwise one that the steps before owe Python's collector (about
200 ms for the whole heap) lands in whichever burst happens to cross its threshold.
Those that a burst of ours causes itself still count, and are reported.
"""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass, field
import json
import statistics
import time
from typing import TYPE_CHECKING

from tests.e2e.ha_client import HassClient

from .client import BenchClient
from .common import FLOOR_EVENT, percentile

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tests.e2e.ha_client import JSON

    from .common import Bench, Fired, Gateway

__all__ = ["recv_sms", "run_burst", "run_latency"]

SMS_EVENT = "ejoin_sms_received"
SENDER = "+4915112345678"
RECIPIENT = "+155500101"
#: Seconds one event may take before a latency sample counts as lost.
EVENT_TIMEOUT = 10.0
#: Seconds to keep listening for duplicates after a burst was complete.
DUPLICATE_WINDOW = 1.5
BURST_SIZE = 1000
BURST_PUSHES = 20


def floor_key(data: JSON) -> str:
    """Return the key of a probes' floor event: ``<seq>/<index>``."""
    return f"{data['seq']}/{data['i']}"


def sms_key(data: JSON) -> str:
    """Return the key of an ``ejoin_sms_received`` event: its text."""
    return str(data["text"])


def recv_sms(texts: Sequence[str], *, slot: str = "1.01") -> bytes:
    """Return a ``recv-sms`` push of ``texts`` as the gateway sends it (doc 7)."""
    stamp = int(time.time())
    rows = [
        [0, slot, stamp, SENDER, RECIPIENT, base64.b64encode(text.encode()).decode()]
        for text in texts
    ]
    return json.dumps({"type": "recv-sms", "sms_num": len(rows), "sms": rows}).encode()


async def _post(bench: Bench, url: str, body: bytes) -> None:
    """POST a push; anything but 200 ends the benchmark."""
    async with bench.http.post(
        url, data=body, headers={"Content-Type": "application/json;charset=utf-8"}
    ) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"POST {url} answered HTTP {response.status}")


@dataclass(slots=True)
class Arrivals:
    """The moments awaited events arrive on the websocket (a tap's callback)."""

    key: Callable[[JSON], str]
    waiting: dict[str, asyncio.Future[float]] = field(default_factory=dict)

    def __call__(self, event: JSON, arrival: float) -> None:
        """Resolve the future of the event's key, if one waits."""
        future = self.waiting.pop(self.key(event["data"]), None)
        if future is not None and not future.done():
            future.set_result(arrival)

    async def after_post(self, bench: Bench, key: str, url: str, body: bytes) -> float:
        """Return the seconds from POSTing ``body`` until the event of ``key``."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[key] = future
        try:
            started = time.perf_counter()
            await _post(bench, url, body)
            async with asyncio.timeout(EVENT_TIMEOUT):
                return await future - started
        finally:
            self.waiting.pop(key, None)


async def run_latency(bench: Bench, gateway: Gateway, *, count: int) -> None:
    """p50 and p95 of ``count`` single-SMS pushes, ours and the floor's, interleaved.

    Interleaving (alternating which goes first) spreads the machine's noise over
    both series; a few warm-up rounds are not counted. The events are watched on
    a websocket connection of their own, closed before the bursts.
    """
    samples: dict[str, list[float]] = {"ours": [], "floor": []}
    sms, floor = Arrivals(sms_key), Arrivals(floor_key)
    warm_up = max(10, count // 20)
    stored = await bench.stored_bytes(gateway.entry_id)
    async with BenchClient(bench.stack.hass.base_url, bench.stack.token) as client:
        await client.tap(SMS_EVENT, sms)
        await client.tap(FLOOR_EVENT, floor)
        for index in range(-warm_up, count):
            text = f"bench latency {index}"
            body = recv_sms([text])
            seq = f"latency{index}"
            sends = [
                ("ours", sms, text, gateway.webhook_url),
                ("floor", floor, f"{seq}/0", f"{bench.floor_url}?seq={seq}"),
            ]
            for series, arrivals, key, url in sends[:: 1 if index % 2 else -1]:
                seconds = await arrivals.after_post(bench, key, url, body)
                if index >= 0:
                    samples[series].append(seconds)
    results = bench.results
    for q in (50, 95):
        ms = percentile(samples["ours"], q) * 1000
        floor_ms = percentile(samples["floor"], q) * 1000
        results[f"push_p{q}_ms"] = round(ms, 3)
        results[f"push_p{q}_floor_ms"] = round(floor_ms, 3)
        results[f"push_p{q}_ratio"] = round(ms / floor_ms, 3)
    results["push_messages"] = count
    # What the exactly-once journal wrote per SMS, one SMS per push (its line,
    # the record that it fired, and its share of the snapshots).
    stored = await bench.stored_bytes(gateway.entry_id) - stored
    results["store_bytes_per_sms"] = round(stored / (warm_up + count), 1)


@dataclass(slots=True)
class _Collections:
    """Full collections Python started by itself during our bursts."""

    count: int = 0
    ms: float = 0.0


async def _burst(
    bench: Bench,
    event_type: str,
    posts: Sequence[tuple[str, bytes]],
    keys: Sequence[str],
    *,
    linger: float = DUPLICATE_WINDOW,
    collections: _Collections | None = None,
) -> tuple[float, Fired]:
    """POST ``posts`` (URL and body) at once; count the events fired in Home Assistant.

    Returns the seconds from the first POST until the last message was first
    fired, and the counts (waiting ``linger`` more for repeats). Adds the full
    collections during the burst to ``collections``.
    """
    await bench.count(event_type, reset=True)
    count, ms = await bench.collect()
    started = time.time()
    await asyncio.gather(*(_post(bench, url, body) for url, body in posts))
    fired = await bench.fired(event_type, keys, within=60, linger=linger)
    if collections is not None:
        count_after, ms_after = await bench.collect()
        collections.count += count_after - count
        collections.ms += ms_after - ms
    return fired.last - started, fired


async def run_burst(
    bench: Bench, gateway: Gateway, *, rounds: int = 5, many_rounds: int = 3
) -> None:
    """One push of 1,000 SMS and 20 such pushes at once, each the median of rounds.

    Every message is distinct; each must fire exactly once. The floor is the same
    bodies posted to the probes' webhook, asked to fire as many bare events.
    """
    lost = duplicated = 0
    collections = _Collections()
    stored = await bench.stored_bytes(gateway.entry_id)
    singles: list[float] = []
    single_floors: list[float] = []
    for round_ in range(rounds):
        texts = [f"bench burst {round_} {i}" for i in range(BURST_SIZE)]
        body = recv_sms(texts)
        seq = f"burst{round_}"
        floor_seconds, _ = await _burst(
            bench,
            FLOOR_EVENT,
            [(f"{bench.floor_url}?seq={seq}&n={BURST_SIZE}", body)],
            [f"{seq}/{i}" for i in range(BURST_SIZE)],
            linger=0,
        )
        single_floors.append(floor_seconds)
        seconds, fired = await _burst(
            bench,
            SMS_EVENT,
            [(gateway.webhook_url, body)],
            texts,
            collections=collections,
        )
        singles.append(seconds)
        lost += fired.lost
        duplicated += fired.duplicated

    manys: list[float] = []
    many_floors: list[float] = []
    results_dropped = 0
    for round_ in range(many_rounds):
        batches = [
            [
                f"bench burst of {BURST_PUSHES} {round_} {push} {i}"
                for i in range(BURST_SIZE)
            ]
            for push in range(BURST_PUSHES)
        ]
        bodies = [recv_sms(batch) for batch in batches]
        seq = f"many{round_}."
        many_floor, _ = await _burst(
            bench,
            FLOOR_EVENT,
            [
                (f"{bench.floor_url}?seq={seq}{push}&n={BURST_SIZE}", body)
                for push, body in enumerate(bodies)
            ],
            [
                f"{seq}{push}/{i}"
                for push in range(BURST_PUSHES)
                for i in range(BURST_SIZE)
            ],
            linger=0,
        )
        many_floors.append(many_floor)
        # A dashboard open meanwhile: it follows every state change, as a
        # browser does.
        async with HassClient(
            bench.stack.hass.base_url, bench.stack.token
        ) as dashboard:
            await dashboard.subscribe_events("state_changed")
            many, fired = await _burst(
                bench,
                SMS_EVENT,
                [(gateway.webhook_url, body) for body in bodies],
                [text for batch in batches for text in batch],
                collections=collections,
            )
            # Home Assistant drops a client 4,096 messages behind. An answer
            # after the burst means it kept this one.
            try:
                await dashboard.command("get_config")
            except ConnectionError, RuntimeError, TimeoutError:
                results_dropped += 1
            else:
                results_dropped += int(not dashboard.connected)
        manys.append(many)
        lost += fired.lost
        duplicated += fired.duplicated

    results = bench.results
    burst = statistics.median(singles)
    burst_floor = statistics.median(single_floors)
    results["burst_seconds"] = round(burst, 4)
    results["burst_floor_seconds"] = round(burst_floor, 4)
    results["burst_ratio"] = round(burst / burst_floor, 3)
    many = statistics.median(manys)
    many_floor = statistics.median(many_floors)
    results["burst_many_seconds"] = round(many, 4)
    results["burst_many_floor_seconds"] = round(many_floor, 4)
    results["burst_many_ratio"] = round(many / many_floor, 3)
    results["burst_messages"] = BURST_SIZE * (rounds + BURST_PUSHES * many_rounds)
    stored = await bench.stored_bytes(gateway.entry_id) - stored
    results["store_bytes_per_sms_burst"] = round(stored / results["burst_messages"], 1)
    results["burst_ws_dropped"] = results_dropped
    results["burst_lost"] = lost
    results["burst_duplicated"] = duplicated
    results["burst_gc_full"] = collections.count
    results["burst_gc_full_ms"] = round(collections.ms, 1)
