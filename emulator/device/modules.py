"""The GSM modules and their SIM slots: what is inserted, active, locked, registered.

Section 4.1.4 (port status codes) and 5.1.3 (lock, unlock, switch, reset, LEDs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from emulator.codes import REGISTERED
from emulator.notation import NotationError, expand_slots, format_slot, parse_ports
from emulator.values import unique

from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from emulator.notation import PortRef
    from emulator.options import GatewayOptions
    from emulator.seed import SimIdentity

    from .wakeup import Wakeup

__all__ = ["CallCounters", "GsmModule", "Modules", "SimSlot"]


@dataclass(slots=True)
class CallCounters:
    """Seeded cumulative call statistics of one slot."""

    calls: int = 0
    connected: int = 0
    alerted: int = 0
    pdd: int = 0
    acd: int = 0


@dataclass(slots=True)
class SimSlot:
    """One SIM slot: the SIM in it (if any) and what the device reports for it."""

    port: int
    slot: int
    sim: SimIdentity
    inserted: bool
    #: The status the slot reaches when it is the active, unlocked, registered slot
    #: (3 registered, 5 no balance, 6 register failed, 8 locked by operator, ...).
    network_st: int = 3
    locked: bool = False
    sig: int = 99
    balance: float = 0.0
    #: Whether the device knows the SIM's number without a ``sim_number(n)`` setting.
    number_known: bool = True
    seq: int = 0
    led: int = 0
    tot_used: int = 0
    tot_limit: int = -1
    mon_used: int = 0
    mon_limit: int = -1
    day_used: int = 0
    day_limit: int = -1
    #: ``(timestamp, kind)`` with kind ``received``, ``sent_ok`` or ``sent_failed``.
    events: list[tuple[float, str]] = field(default_factory=list)
    con_failed: int = 0
    calls: CallCounters = field(default_factory=CallCounters)


@dataclass(slots=True)
class GsmModule:
    """One GSM module (a port): its IMEI, active slot and registration."""

    port: int
    active_slot: int
    module_imei: str
    #: When the module finishes registering its active SIM (``None``: not now).
    registering_until: float | None = None
    #: The radio access the module may use (``set_network_type``, API v3).
    network_type: str = "auto"


class Modules:
    """The modules and slots of the gateway, and how their state changes.

    Every change of a slot bumps its ``seq`` and reaches :attr:`on_slot_changed`
    (the ``port-status`` push).
    """

    def __init__(
        self,
        modules: dict[int, GsmModule],
        slots: dict[tuple[int, int], SimSlot],
        *,
        slots_per_port: int,
        options: GatewayOptions,
        clock: Callable[[], float],
        wakeup: Wakeup,
    ) -> None:
        """Hold the seeded modules and slots (see :mod:`.profiles`)."""
        self.max_ports = len(modules)
        self.max_slots = slots_per_port
        self.options = options
        self.clock = clock
        self.wakeup = wakeup
        self.on_slot_changed: Callable[[SimSlot], None] | None = None
        self._modules = modules
        self._slots = slots

    # ---------------------------------------------------------------- lookup

    def slot(self, port: int, slot: int) -> SimSlot:
        """Return one slot; ``KeyError`` if out of range."""
        return self._slots[port, slot]

    def module(self, port: int) -> GsmModule:
        """Return one module; ``KeyError`` if out of range."""
        return self._modules[port]

    def active(self, port: int) -> SimSlot:
        """Return the active slot of a port."""
        return self._slots[port, self._modules[port].active_slot]

    @property
    def slots(self) -> Iterable[SimSlot]:
        """Every slot, in device order."""
        return self._slots.values()

    @property
    def modules(self) -> Iterable[GsmModule]:
        """Every module, in port order."""
        return self._modules.values()

    def parse(self, spec: str) -> list[PortRef]:
        """Parse a port specification against this device (``NotationError``)."""
        return parse_ports(spec, self.max_ports, self.max_slots)

    def resolve(self, spec: str | tuple[int, int]) -> SimSlot:
        """Return the slot named by ``"1.02"``, ``"1B"`` or ``(1, 2)``.

        A bare port (``"1"``) names its active slot.
        """
        if isinstance(spec, tuple):
            return self._slots[spec]
        refs = self.parse(str(spec))
        if len(refs) != 1:
            raise NotationError(f"{spec!r} names more than one slot")
        ref = refs[0]
        if ref.slot is None:
            return self.active(ref.port)
        return self._slots[ref.port, ref.slot]

    def st(self, state: SimSlot) -> int:
        """Return the status code the device reports for a slot."""
        if state.locked:
            return 12
        if not state.inserted:
            return 0
        module = self._modules[state.port]
        if module.active_slot != state.slot:
            return 1
        if module.registering_until is not None:
            return 2
        return state.network_st

    def usable(self, state: SimSlot) -> bool:
        """Whether the slot is active, unlocked and registered (can send)."""
        return self.st(state) == REGISTERED

    def usable_ports(self) -> list[int]:
        """Ports whose active slot can send."""
        return [
            m.port for m in self._modules.values() if self.usable(self.active(m.port))
        ]

    def label(self, state: SimSlot, style: str | None = None) -> str:
        """Return the slot's address in the given (or the status) port notation."""
        return format_slot(
            state.port, state.slot, style or self.options.status_port_style
        )

    # --------------------------------------------------------------- changes

    def slot_changed(self, state: SimSlot) -> None:
        """Bump the slot's ``seq`` and report the change (section 4.1.4)."""
        state.seq += 1
        if self.on_slot_changed is not None:
            self.on_slot_changed(state)

    def start_registering(self, module: GsmModule, delay: float | None = None) -> None:
        """Register the module's active SIM anew (``st`` 2 for the delay)."""
        state = self.active(module.port)
        if not state.inserted or state.locked:
            module.registering_until = None
            self.slot_changed(state)
            return
        wait = self.options.register_delay if delay is None else delay
        module.registering_until = self.clock() + wait
        self.slot_changed(state)

    @mutator
    def lock(self, refs: Iterable[PortRef]) -> None:
        """Lock slots (a bare port: all its slots): ``st`` 12, off the network."""
        for port, slot in expand_slots(list(refs), self.max_slots):
            state = self._slots[port, slot]
            if state.locked:
                continue
            state.locked = True
            module = self._modules[port]
            if module.active_slot == slot:
                module.registering_until = None
            self.slot_changed(state)

    @mutator
    def unlock(self, refs: Iterable[PortRef]) -> None:
        """Unlock slots; an active slot registers again."""
        for port, slot in expand_slots(list(refs), self.max_slots):
            state = self._slots[port, slot]
            if not state.locked:
                continue
            state.locked = False
            module = self._modules[port]
            if module.active_slot == slot:
                self.start_registering(module)
            else:
                self.slot_changed(state)

    @mutator
    def switch(self, refs: Iterable[PortRef]) -> None:
        """Make the named slots active (``2.02``/``2B``); the new SIM registers.

        A bare port (not described by the document) switches to its next slot.
        """
        for ref in refs:
            module = self._modules[ref.port]
            target = ref.slot or module.active_slot % self.max_slots + 1
            if target == module.active_slot:
                continue
            old = self.active(ref.port)
            module.active_slot = target
            module.registering_until = None
            self.slot_changed(old)
            self.start_registering(module)

    @mutator
    def reset(self, refs: Iterable[PortRef]) -> None:
        """Restart modules: only the port number counts (section 5.1.3)."""
        for port in dict.fromkeys(ref.port for ref in refs):
            self.start_registering(self._modules[port])

    @mutator
    def set_leds(self, refs: Iterable[PortRef], *, on: bool) -> None:
        """Turn the LEDs of slots (a bare port: all its slots) on or off."""
        for port, slot in expand_slots(list(refs), self.max_slots):
            state = self._slots[port, slot]
            state.led = int(on)
            self.slot_changed(state)

    def reboot(self, delay: float) -> None:
        """Register every module again after ``delay`` seconds (a reboot)."""
        for module in self._modules.values():
            self.start_registering(module, delay=delay)

    def drift_signals(self, delta: int) -> int:
        """Move every SIM's signal by ``delta`` (1..31, wrapping); return how many.

        Radio conditions change all the time: the gateway shows it in its status,
        not with a push per slot.
        """
        moved = 0
        for state in self._slots.values():
            state.sig = 1 + (state.sig - 1 + delta) % 31 if state.sig <= 31 else 1
            moved += 1
        return moved

    @mutator
    def set_slot(self, /, slot: str | tuple[int, int], **changes: Any) -> SimSlot:
        """Change a slot the way the world would; reports the change.

        Keys: ``st`` (the status the slot reaches when active and registered),
        ``sig``, ``bal``, ``opr`` (``"46001 NAME"``), ``inserted``, ``locked``,
        ``active`` (make it the active slot at once), ``registering`` (start
        registering), ``imsi``, ``iccid``, ``number``, ``number_known``, ``imei``
        (the module's), ``led``, ``tot_dur``/``mon_dur``/``day_dur`` (``"used/limit"``).
        """
        state = self.resolve(slot)
        module = self._modules[state.port]
        touched = [state]
        for key, value in changes.items():
            if key == "st":
                state.network_st = int(value)
            elif key == "sig":
                state.sig = int(value)
            elif key == "bal":
                state.balance = float(value)
            elif key == "opr":
                code, _, name = str(value).partition(" ")
                state.sim.opr_code, state.sim.opr_name = code, name
            elif key == "inserted":
                state.inserted = bool(value)
            elif key == "locked":
                state.locked = bool(value)
            elif key == "active":
                if value and module.active_slot != state.slot:
                    touched.append(self.active(state.port))
                    module.active_slot = state.slot
                    module.registering_until = None
            elif key == "registering":
                module.registering_until = (
                    self.clock() + self.options.register_delay if value else None
                )
            elif key in {"imsi", "iccid"}:
                setattr(state.sim, key, str(value))
            elif key == "number":
                state.sim.msisdn = str(value)
                state.number_known = True
            elif key == "number_known":
                state.number_known = bool(value)
            elif key == "imei":
                module.module_imei = str(value)
            elif key == "led":
                state.led = int(value)
            elif key in {"tot_dur", "mon_dur", "day_dur"}:
                used, _, limit = str(value).partition("/")
                prefix = key.split("_", 1)[0]
                setattr(state, f"{prefix}_used", int(used))
                setattr(state, f"{prefix}_limit", int(limit or -1))
            else:
                raise ValueError(f"unknown slot field {key!r}")
        for changed in unique(touched):
            self.slot_changed(changed)
        return state

    # ----------------------------------------------------------------- clock

    def tick(self, now: float) -> None:
        """Finish the registrations that are due."""
        for module in self._modules.values():
            if module.registering_until is not None and now >= module.registering_until:
                module.registering_until = None
                self.slot_changed(self.active(module.port))

    def deadlines(self) -> list[float]:
        """When registrations finish."""
        return [
            m.registering_until
            for m in self._modules.values()
            if m.registering_until is not None
        ]
