"""The seeded starting state of a gateway: its MAC, modules and SIMs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from emulator.codes import REGISTERED
from emulator.seed import make_imei, make_mac, make_sim

from .modules import CallCounters, GsmModule, SimSlot

if TYPE_CHECKING:
    import random

__all__ = ["PROFILES", "SeededHardware", "build_hardware"]

#: Seeded starting states: ``mixed`` (empty slots, failed and locked SIMs, ...) and
#: ``all_registered`` (every slot holds a registered SIM; for simple tests).
PROFILES = frozenset({"mixed", "all_registered"})


@dataclass(slots=True)
class SeededHardware:
    """What :func:`build_hardware` draws from the seed."""

    mac: str
    modules: dict[int, GsmModule]
    slots: dict[tuple[int, int], SimSlot]


def build_hardware(
    rng: random.Random, *, ports: int, slots: int, profile: str
) -> SeededHardware:
    """Draw MAC, modules and SIMs for ``profile`` (see :data:`PROFILES`)."""
    mac = make_mac(rng)
    mixed = profile == "mixed"
    modules: dict[int, GsmModule] = {}
    states: dict[tuple[int, int], SimSlot] = {}
    for port in range(1, ports + 1):
        module_imei = make_imei(rng)
        for slot in range(1, slots + 1):
            state = SimSlot(
                port=port,
                slot=slot,
                sim=make_sim(rng, port, slot),
                inserted=True,
                sig=rng.randint(14, 31),
                balance=round(rng.uniform(1, 50), 2),
            )
            state.tot_used = rng.randint(0, 600)
            state.mon_used = min(state.tot_used, rng.randint(0, 120))
            state.day_used = min(state.mon_used, rng.randint(0, 15))
            calls = rng.randint(0, 120)
            connected = int(calls * rng.uniform(0.3, 0.8))
            state.calls = CallCounters(
                calls=calls,
                connected=connected,
                alerted=min(calls, connected + rng.randint(0, 10)),
                pdd=rng.randint(2, 9),
                acd=rng.randint(20, 240),
            )
            if mixed:
                _mix(rng, state, last_port=port == ports and ports >= 4)
            states[port, slot] = state
        inserted = [s for s in range(1, slots + 1) if states[port, s].inserted]
        active = rng.choice(inserted) if mixed and inserted else 1
        modules[port] = GsmModule(
            port=port, active_slot=active, module_imei=module_imei
        )
    if mixed:
        _guarantee_usable_ports(modules, states)
    return SeededHardware(mac=mac, modules=modules, slots=states)


def _mix(rng: random.Random, state: SimSlot, *, last_port: bool) -> None:
    """Give a slot of the ``mixed`` profile its varied state."""
    state.inserted = rng.random() >= 0.25
    roll = rng.random()
    for limit, st in ((0.72, 3), (0.80, 6), (0.86, 5), (0.90, 8), (0.95, 9)):
        if roll < limit:
            state.network_st = st
            break
    else:
        state.network_st = 15
    state.locked = rng.random() < 0.06
    state.number_known = rng.random() >= 0.15
    if rng.random() < 0.15:
        state.balance = 0.0
    if rng.random() < 0.3:
        state.tot_limit = rng.choice((300, 1000, 3000))
        state.mon_limit = rng.choice((-1, 100, 500))
        state.day_limit = rng.choice((-1, 30, 60))
    if last_port:
        state.inserted = False  # the last port carries no SIM at all


def _guarantee_usable_ports(
    modules: dict[int, GsmModule], states: dict[tuple[int, int], SimSlot]
) -> None:
    """Make ports 1 and 2 send-ready so simple flows work on any seed."""
    for port in (1, 2):
        if port not in modules:
            continue
        state = states[port, modules[port].active_slot]
        state.inserted = True
        state.network_st = REGISTERED
        state.locked = False
        state.number_known = True
        state.balance = max(state.balance, 5.0)
