"""The whole range: a 512 x 32 gateway (16,384 SIM slots).

Setup through the config flow until every enabled entity has a state, and how many
are enabled (never Home Assistant's cap, whose warning is looked for in its log);
polls run by the probes, unchanged and with every SIM's signal moved; the whole
status pushed to the webhook; and the memory the entry added to Home Assistant.
"""

from __future__ import annotations

import asyncio
import statistics
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .common import Bench

__all__ = ["run_xl"]

STATE_CHANGED = "state_changed"
#: Seconds for the pushes that follow setup to land, and for writes to show.
SETTLE = 3.0
QUIET = 0.5
CAP_WARNING = "Reached the maximum"


async def run_xl(bench: Bench, *, polls: int) -> None:
    """Measure the 512 x 32 gateway."""
    stack = bench.stack
    results = bench.results
    rss_before = stack.hass_rss_kib()
    gateway, seconds = await bench.add_gateway(stack.xl)
    info = await bench.entry_info(gateway.entry_id)
    slots = gateway.emulator.ports * gateway.emulator.slots
    results["xl_slots"] = slots
    results["xl_setup_seconds"] = round(seconds, 3)
    results["xl_entities"] = info["entities"]
    results["xl_enabled_entities"] = info["enabled"]
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
