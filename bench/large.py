"""A large gateway: 64 ports x 8 SIM slots (512 slots, thousands of entities).

Setup through the config flow until every enabled entity has a state; polls run
by the probes inside Home Assistant (one HTTP request each, the event loop's CPU
time, no state written when nothing changed); a ``port-status`` push writes only
what it changed. The floor of a poll is the bare request plus ``json.loads`` in
the same Home Assistant. State writes are counted by the probes, where they happen.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .common import Bench, Gateway

__all__ = ["run_large"]

STATE_CHANGED = "state_changed"
#: Seconds for the pushes that follow setup (status push, registrations) to land.
SETTLE = 3.0
#: Seconds to keep counting state writes after a poll or a push.
QUIET = 0.5
#: The entities a balance change of one slot changes: its balance sensor.
PORT_STATUS_EXPECTED = 1


async def _probe(bench: Bench, gateway: Gateway, command: str, count: int) -> Any:
    """Run one of the probes' timed commands (``refresh`` or ``fetch``)."""
    return await bench.ha.command(
        f"ejoin_bench/{command}", entry_id=gateway.entry_id, count=count
    )


async def _written(bench: Bench) -> list[str]:
    """Return the entities written since the count was reset, once per write."""
    counts: dict[str, int] = (await bench.count(STATE_CHANGED, full=True))["counts"]
    return sorted(entity for entity, n in counts.items() for _ in range(n))


async def _wait_for_writes(bench: Bench, within: float = 10.0) -> list[str]:
    """Wait for a first state write, then a quiet moment; return all writes."""
    deadline = time.monotonic() + within
    while (await bench.count(STATE_CHANGED))["total"] == 0:
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(QUIET)
    return await _written(bench)


def _registered_slot(state: dict[str, Any]) -> dict[str, Any]:
    """Return a slot with an active, registered SIM (its balance is shown)."""
    for row in state["slots"]:
        if row["active"] and row["inserted"] and int(row["st"]) == 3:
            return dict(row)
    raise RuntimeError("the large gateway has no registered SIM")


async def run_large(bench: Bench, *, polls: int) -> None:
    """Measure setup, polls and pushes of the large gateway."""
    results = bench.results
    await bench.count(STATE_CHANGED, reset=True)
    gateway, seconds = await bench.add_gateway(bench.stack.large)
    info = await bench.entry_info(gateway.entry_id)
    results["large_slots"] = gateway.emulator.ports * gateway.emulator.slots
    results["large_setup_seconds"] = round(seconds, 3)
    results["large_entities"] = info["entities"]
    results["large_entities_enabled"] = info["enabled"]
    results["large_setup_writes"] = (await bench.count(STATE_CHANGED))["total"]

    await asyncio.sleep(SETTLE)
    # A first poll takes in whatever changed since setup.
    await _probe(bench, gateway, "refresh", 2)
    await asyncio.sleep(QUIET)

    await bench.clear_emulator_log(gateway)
    await bench.count(STATE_CHANGED, reset=True)
    refresh = await _probe(bench, gateway, "refresh", polls)
    await asyncio.sleep(QUIET)
    if not refresh["success"]:
        raise RuntimeError("a poll of the large gateway failed")
    requests: dict[str, int] = (await gateway.control.state())["request_counts"]
    results["large_polls"] = polls
    results["large_requests_per_poll"] = round(sum(requests.values()) / polls, 3)
    results["large_poll_requests"] = requests
    results["large_unchanged_writes"] = len(await _written(bench))
    loop_ms = [run["loop_ms"] for run in refresh["runs"]]
    results["large_poll_loop_ms"] = round(statistics.median(loop_ms), 3)
    results["large_poll_loop_max_ms"] = round(max(loop_ms), 3)
    results["large_poll_wall_ms"] = round(
        statistics.median(run["wall_ms"] for run in refresh["runs"]), 3
    )
    fetch = await _probe(bench, gateway, "fetch", polls)
    floor_ms = statistics.median(run["loop_ms"] for run in fetch["runs"])
    results["large_poll_floor_loop_ms"] = round(floor_ms, 3)
    results["large_poll_ratio"] = round(results["large_poll_loop_ms"] / floor_ms, 3)

    # One slot's balance changes: the gateway pushes ``port-status``.
    row = _registered_slot(await gateway.control.state())
    await bench.count(STATE_CHANGED, reset=True)
    await gateway.control.set_slot(row["port"], bal=float(row["bal"]) + 1.25)
    written = await _wait_for_writes(bench)
    results["port_status_writes"] = len(written)
    results["port_status_expected"] = PORT_STATUS_EXPECTED
    results["port_status_entities"] = written

    # The whole status pushed again, unchanged: nothing to write.
    pushed = len(await gateway.control.pushes("dev-status"))
    await bench.count(STATE_CHANGED, reset=True)
    if not await gateway.control.push_status():
        raise RuntimeError("the large gateway has no status push target")
    await gateway.control.wait_for_push("dev-status", after=pushed)
    await asyncio.sleep(QUIET)
    results["dev_status_unchanged_writes"] = len(await _written(bench))
