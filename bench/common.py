"""What every benchmark uses: the programs, the gateways, the probes' counts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import statistics
import time
from typing import TYPE_CHECKING, Any

from tests.e2e.emulator_client import EmulatorControl

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    import aiohttp

    from tests.e2e.ha_client import JSON
    from tests.e2e.harness import EmulatorInstance

    from .client import BenchClient
    from .stack import Stack

__all__ = ["FLOOR_EVENT", "Bench", "Fired", "Gateway", "percentile"]

DOMAIN = "ejoin"
FLOOR_EVENT = "ejoin_bench_floor"
FLOOR_PATH = "/api/webhook/ejoin_bench_floor"
#: How often setup progress and event counts are asked for (asking costs the loop).
SETUP_PROBE_INTERVAL = 0.02
FIRED_PROBE_INTERVAL = 0.05


def percentile(values: Iterable[float], q: int) -> float:
    """Return the ``q``-th percentile (1-99), interpolated between samples."""
    return statistics.quantiles(list(values), n=100, method="inclusive")[q - 1]


@dataclass(frozen=True, slots=True)
class Fired:
    """How a burst of messages was fired in Home Assistant."""

    lost: int
    duplicated: int
    #: ``time.time()`` when the last message was first fired.
    last: float


@dataclass(slots=True)
class Gateway:
    """An emulated gateway set up in Home Assistant."""

    entry_id: str
    webhook_url: str
    emulator: EmulatorInstance
    control: EmulatorControl


@dataclass(slots=True)
class Bench:
    """Everything a benchmark talks to, plus the figures gathered so far."""

    stack: Stack
    ha: BenchClient
    http: aiohttp.ClientSession
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def floor_url(self) -> str:
        """The do-nothing webhook of the probes."""
        return self.stack.hass.base_url + FLOOR_PATH

    async def clear_emulator_log(self, gateway: Gateway) -> None:
        """Make the emulator forget its request counts and pushes so far."""
        url = f"{gateway.emulator.base_url}/_emulator/clear-log"
        async with self.http.post(url, json={}) as response:
            response.raise_for_status()

    async def count(
        self, event_type: str, *, reset: bool = False, full: bool = False
    ) -> JSON:
        """Return the probes' count of ``event_type`` events (``ejoin_bench/count``)."""
        counted: JSON = await self.ha.command(
            "ejoin_bench/count", event_type=event_type, reset=reset, full=full
        )
        return counted

    async def fired(
        self, event_type: str, keys: Collection[str], *, within: float, linger: float
    ) -> Fired:
        """Wait until each of ``keys`` was fired, then ``linger`` for repeats.

        Counts since the last ``reset`` of ``event_type``.
        """
        deadline = time.monotonic() + within
        while (await self.count(event_type))["distinct"] < len(keys):
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(FIRED_PROBE_INTERVAL)
        await asyncio.sleep(linger)
        counted = await self.count(event_type, full=True)
        counts: dict[str, int] = counted["counts"]
        return Fired(
            lost=sum(key not in counts for key in keys),
            duplicated=sum(counts.get(key, 1) - 1 for key in keys),
            last=counted["last"],
        )

    async def collect(self) -> tuple[int, float]:
        """Have Home Assistant run a full garbage collection now.

        Returns the full collections Python started by itself so far, and their ms.
        """
        counted: JSON = await self.ha.command("ejoin_bench/collect")
        return int(counted["count"]), float(counted["ms"])

    async def stored_bytes(self, entry_id: str) -> int:
        """Return the bytes the entry's message journal has written so far."""
        stored: JSON = await self.ha.command("ejoin_bench/storage", entry_id=entry_id)
        return int(stored["log"]) + int(stored["snapshots"])

    async def entry_info(self, entry_id: str) -> JSON:
        """Return the probes' view of an entry (state, webhook, entities with a state)."""
        info: JSON = await self.ha.command("ejoin_bench/entry", entry_id=entry_id)
        return info

    async def add_gateway(self, emulator: EmulatorInstance) -> tuple[Gateway, float]:
        """Add ``emulator`` through the config flow (REST, as the UI does).

        Returns the gateway and the seconds from starting the flow until the entry
        was loaded and every enabled entity had a state.
        """
        started = time.perf_counter()
        flow = await self.ha.start_flow(DOMAIN)
        result = await self.ha.flow_step(flow["flow_id"], emulator.user_input())
        if result.get("type") != "create_entry":
            raise RuntimeError(f"config flow did not create an entry: {result}")
        entry_id = str(result["result"]["entry_id"])
        while True:
            info = await self.entry_info(entry_id)
            if (
                info["state"] == "loaded"
                and info["enabled"] > 0
                and info["with_state"] == info["enabled"]
            ):
                break
            if time.perf_counter() - started > 120:
                raise RuntimeError(f"entry {entry_id} did not finish loading: {info}")
            await asyncio.sleep(SETUP_PROBE_INTERVAL)
        seconds = time.perf_counter() - started
        gateway = Gateway(
            entry_id=entry_id,
            webhook_url=f"{self.stack.hass.base_url}/api/webhook/{info['webhook_id']}",
            emulator=emulator,
            control=EmulatorControl(emulator.base_url, self.http),
        )
        return gateway, seconds
