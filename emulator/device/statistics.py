"""Statistics: ``goip_get_sms_stat.html`` and ``goip_get_call_stat.html`` (9, 10)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from emulator.codes import task_error
from emulator.notation import NotationError, parse_ports
from emulator.values import unique

if TYPE_CHECKING:
    from collections.abc import Callable

    from .modules import Modules, SimSlot
    from .sending import TaskQueue

__all__ = ["Statistics"]


class Statistics:
    """Count what the slots did (SMS) or answer seeded counters (calls)."""

    def __init__(
        self, *, modules: Modules, tasks: TaskQueue, clock: Callable[[], float]
    ) -> None:
        """Read the slots' records and the send queues."""
        self.modules = modules
        self.tasks = tasks
        self.clock = clock

    def _targets(self, ports: str | None, slots: str | None) -> list[SimSlot] | None:
        try:
            refs = self.modules.parse(ports or "all")
        except NotationError:
            return None
        wanted: list[int] | None = None
        if slots not in {None, ""}:
            spec = str(slots)
            if spec.strip().lower() in {"all", "*"}:
                wanted = list(range(1, self.modules.max_slots + 1))
            else:
                try:
                    wanted = [
                        ref.port for ref in parse_ports(spec, self.modules.max_slots, 1)
                    ]
                except NotationError:
                    return None
        targets: list[SimSlot] = []
        for ref in refs:
            if ref.slot is not None:
                chosen = [ref.slot]
            elif wanted is None:
                chosen = [self.modules.module(ref.port).active_slot]
            else:
                chosen = wanted
            targets.extend(self.modules.slot(ref.port, slot) for slot in chosen)
        return unique(targets)

    def _window_start(self, period: int) -> float:
        now = self.clock()
        if period == 0:
            return now - 3600
        if period == 1:
            return now - 7200
        if period == 2:
            midnight = datetime.fromtimestamp(now, UTC).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            return midnight.timestamp()
        return float("-inf")

    def sms(
        self, *, ports: str | None = None, slots: str | None = None, period: int = 0
    ) -> dict[str, Any]:
        """Handle ``goip_get_sms_stat.html`` from what really happened.

        ``type`` 0 last hour, 1 last two hours, 2 today (UTC), 3 cumulative (kept
        across reboots). ``con_failed`` is the current run of failures, ``unsent``
        and ``sending`` are the port's queue now (counted on its active slot).
        """
        if period not in {0, 1, 2, 3}:
            return task_error(15)
        targets = self._targets(ports, slots)
        if targets is None:
            return task_error(2)
        since = self._window_start(period)
        stats: list[dict[str, Any]] = []
        for state in targets:
            counts = Counter(kind for ts, kind in state.events if ts >= since)
            on_active = self.modules.module(state.port).active_slot == state.slot
            lane = self.tasks.lane(state.port)
            sending = int(
                lane.inflight is not None and lane.inflight.slot == state.slot
            )
            stats.append(
                {
                    "port": state.port,
                    "slot": state.slot,
                    "received": counts["received"],
                    "sent": counts["sent_ok"] + counts["sent_failed"],
                    "sent_ok": counts["sent_ok"],
                    "sent_failed": counts["sent_failed"],
                    "con_failed": state.con_failed,
                    "unsent": len(lane.queue) if on_active else 0,
                    "sending": sending,
                }
            )
        return {"code": 200, "reason": "OK", "count": len(stats), "stats": stats}

    def calls(
        self, *, ports: str | None = None, slots: str | None = None, period: int = 0
    ) -> dict[str, Any]:
        """Handle ``goip_get_call_stat.html`` with seeded counters.

        No calls are emulated; shorter periods show a fixed share of the
        cumulative numbers.
        """
        if period not in {0, 1, 2, 3}:
            return task_error(15)
        targets = self._targets(ports, slots)
        if targets is None:
            return task_error(2)
        share = {0: 1 / 24, 1: 1 / 12, 2: 1 / 3, 3: 1.0}[period]
        stats: list[dict[str, Any]] = []
        for state in targets:
            counters = state.calls
            calls = int(counters.calls * share)
            connected = min(calls, int(counters.connected * share))
            alerted = min(calls, max(connected, int(counters.alerted * share)))
            seconds = connected * counters.acd
            stats.append(
                {
                    "port": state.port,
                    "slot": state.slot,
                    "calls": calls,
                    "alerted": alerted,
                    "connected": connected,
                    "con_failed": calls - connected,
                    "nc": f"{connected}/{calls}",
                    "pdd": counters.pdd if calls else 0,
                    "acd": counters.acd if connected else 0,
                    "asr": connected * 100 // calls if calls else 0,
                    "tcd": -(-seconds // 60),
                    "act_tcd": seconds,
                }
            )
        return {"code": 200, "reason": "OK", "count": len(stats), "stats": stats}
