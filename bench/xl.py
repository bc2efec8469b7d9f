"""The whole range: a 512 x 32 gateway (16,384 SIM slots).

Setup through the config flow until every enabled entity has a state, and how many
are enabled (never Home Assistant's cap, whose warning is looked for in its log);
then until every slot's entities are registered (beyond the budget: disabled, after
the enabled ones), with the event loop's longest stall meanwhile;
polls run by the probes, unchanged and with every SIM's signal moved; the whole
status pushed to the webhook; and the memory the entry added to Home Assistant.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import TYPE_CHECKING, Any

from custom_components.ejoin.entity_budget import SLOT_ALL_ENTITIES

if TYPE_CHECKING:
    from .common import Bench, Gateway

__all__ = ["run_xl"]

STATE_CHANGED = "state_changed"
#: Seconds for the pushes that follow setup to land, and for writes to show.
SETTLE = 3.0
QUIET = 0.5
CAP_WARNING = "Reached the maximum"
#: Seconds between two looks at how many entities are registered.
REGISTERED_PROBE_INTERVAL = 0.1


async def run_xl(bench: Bench, *, polls: int) -> None:
    """Measure the 512 x 32 gateway."""
    stack = bench.stack
    results = bench.results
    rss_before = stack.hass_rss_kib()
    started = time.perf_counter()
    gateway, seconds = await bench.add_gateway(stack.xl)
    info = await bench.entry_info(gateway.entry_id)
    slots = gateway.emulator.ports * gateway.emulator.slots
    results["xl_slots"] = slots
    results["xl_setup_seconds"] = round(seconds, 3)
    results["xl_entities"] = info["entities"]
    results["xl_enabled_entities"] = info["enabled"]

    # The slots beyond the budget: their entities registered disabled, after.
    await bench.ha.command("ejoin_bench/stalls", watch=True)
    await _until_registered(bench, gateway, slots * SLOT_ALL_ENTITIES)
    results["xl_registered_seconds"] = round(time.perf_counter() - started, 3)
    stalls = await bench.ha.command("ejoin_bench/stalls", watch=False)
    results["xl_registering_stall_ms"] = stalls["longest_ms"]
    registered = await bench.ha.command(
        "ejoin_bench/registered", entry_id=gateway.entry_id
    )
    results["xl_registered_entities"] = registered["registered"]
    # That stall is Python's full collection of the whole heap, which takes about
    # as long with the enabled entities only.
    collected = await bench.ha.command("ejoin_bench/collect")
    results["xl_gc_full_ms"] = round(collected["took_ms"], 1)
    log = stack.hass.process.log_path.read_text(errors="replace")
    results["xl_capped_platforms"] = log.count(CAP_WARNING)

    await asyncio.sleep(SETTLE)
    await bench.ha.command("ejoin_bench/refresh", entry_id=gateway.entry_id, count=2)
    await asyncio.sleep(QUIET)

    # Unchanged polls: one request each, nothing written.
    await bench.clear_emulator_log(gateway)
    await bench.count(STATE_CHANGED, reset=True)
    unchanged = await bench.ha.command(
        "ejoin_bench/refresh", entry_id=gateway.entry_id, count=polls
    )
    await asyncio.sleep(QUIET)
    requests: dict[str, int] = (await gateway.control.state())["request_counts"]
    results["xl_requests_per_poll"] = round(sum(requests.values()) / polls, 3)
    results["xl_unchanged_writes"] = (await bench.count(STATE_CHANGED))["total"]
    results["xl_unchanged_poll_loop_ms"] = round(
        statistics.median(run["loop_ms"] for run in unchanged["runs"]), 3
    )

    # Every SIM's signal moves between two polls.
    changed: list[float] = []
    for delta in range(1, polls + 1):
        await gateway.control.signals(delta)
        await bench.count(STATE_CHANGED, reset=True)
        run: dict[str, Any] = await bench.ha.command(
            "ejoin_bench/refresh", entry_id=gateway.entry_id, count=1
        )
        changed.append(run["runs"][0]["loop_ms"])
    results["xl_poll_loop_ms"] = round(statistics.median(changed), 3)
    results["xl_poll_loop_max_ms"] = round(max(changed), 3)
    results["xl_changed_poll_writes"] = (await bench.count(STATE_CHANGED))["total"]

    # The whole status pushed to the webhook (parsed in a worker thread).
    pushed = await bench.ha.command(
        "ejoin_bench/push_status", entry_id=gateway.entry_id, count=polls
    )
    if set(pushed["statuses"]) != {200}:
        raise RuntimeError(f"full-status pushes answered {pushed['statuses']}")
    results["xl_push_bytes"] = pushed["bytes"]
    results["xl_push_loop_ms"] = round(
        statistics.median(run["loop_ms"] for run in pushed["runs"]), 3
    )

    await asyncio.sleep(QUIET)
    added = stack.hass_rss_kib() - rss_before
    results["xl_rss_mib"] = round(added / 1024, 1)
    results["xl_rss_kib_per_slot"] = round(added / slots, 2)


async def _until_registered(bench: Bench, gateway: Gateway, slot_entities: int) -> None:
    """Wait until the entry has registered ``slot_entities`` entities of SIM slots."""
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline:
        counted = await bench.ha.command(
            "ejoin_bench/registered", entry_id=gateway.entry_id
        )
        # The cheap count includes the gateway's and ports' entities: only then is
        # it worth counting the slots' (which reads every entry).
        if counted["registered"] >= slot_entities:
            counted = await bench.ha.command(
                "ejoin_bench/registered", entry_id=gateway.entry_id, slots=True
            )
            if counted["slot_entities"] >= slot_entities:
                return
        await asyncio.sleep(REGISTERED_PROBE_INTERVAL)
    raise RuntimeError(f"not every slot entity was registered: {counted}")
