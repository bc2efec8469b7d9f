"""Device status: ``goip_get_status.html``, the ``dev-status`` and ``port-status`` pushes.

Sections 4.1.3 (``dev-status``, polled or pushed to a registered URL every period)
and 4.1.4 (``port-status``, pushed when a slot changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from emulator.codes import port_status_text

from .endpoints import v3_pushes
from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable

    from emulator.options import GatewayOptions

    from .faults import Reachability
    from .modules import Modules, SimSlot
    from .outbox import Outbox, OutgoingPush
    from .parameters import Parameters
    from .wakeup import Wakeup

__all__ = ["StatusRegistration", "StatusReporting"]

#: ``period`` of a registration that names none (section 4.1.2).
DEFAULT_PERIOD = 60.0
#: The ``network`` field of a v3 ``port-status`` (2G/3G/4G) by network type.
_NETWORK_GENERATION = {"gsm": 2, "wcdma": 3, "lte": 4, "auto": 4}
#: Keys of a full status row that a ``port-status`` push repeats.
_PORT_STATUS_KEYS = (
    "bal",
    "opr",
    "sn",
    "imei",
    "imsi",
    "iccid",
    "sim",
    "active",
    "inserted",
    "slot_active",
    "sig",
)


@dataclass(slots=True)
class StatusRegistration:
    """The ``dev-status`` push target set through ``goip_get_status.html``."""

    url: str
    period: float
    all_slots: bool
    all_sims: bool
    next_push: float


class StatusReporting:
    """Answer status queries and push the status where it is registered."""

    def __init__(
        self,
        *,
        mac: str,
        modules: Modules,
        parameters: Parameters,
        reachability: Reachability,
        outbox: Outbox,
        options: GatewayOptions,
        clock: Callable[[], float],
        wakeup: Wakeup,
    ) -> None:
        """Start unregistered."""
        self.mac = mac
        self.modules = modules
        self.parameters = parameters
        self.reachability = reachability
        self.outbox = outbox
        self.options = options
        self.clock = clock
        self.wakeup = wakeup
        #: The registered ``dev-status`` push target, if any.
        self.registration: StatusRegistration | None = None
        self._seq = 0

    # ------------------------------------------------------------------ rows

    def row(self, state: SimSlot, *, reduced: bool = False) -> dict[str, Any]:
        """Return a slot's row of ``status`` (``reduced``: an empty slot's five keys)."""
        row: dict[str, Any] = {
            "port": self.modules.label(state),
            "sim": "",
            "seq": state.seq,
            "st": self.modules.st(state),
            "imei": self.parameters.reported_imei(state),
        }
        if reduced:
            return row
        st = row["st"]
        inserted = state.inserted
        module = self.modules.module(state.port)
        row.update(
            {
                "iccid": state.sim.iccid if inserted else "",
                "imsi": state.sim.imsi if inserted else "",
                "sn": self.parameters.reported_number(state),
                "opr": (
                    f"{state.sim.opr_code} {state.sim.opr_name}"
                    if st in {3, 4}
                    else "0 "
                ),
                "bal": f"{state.balance:.2f}" if inserted else "0.00",
                "sig": state.sig if st in {3, 4, 5, 15} else 99,
                "active": int(module.active_slot == state.slot),
                "inserted": int(inserted),
                "slot_active": int(not state.locked),
                "led": state.led,
                "tot_dur": f"{state.tot_used}/{state.tot_limit}",
                "mon_dur": f"{state.mon_used}/{state.mon_limit}",
                "day_dur": f"{state.day_used}/{state.day_limit}",
            }
        )
        return row

    def _selected(self, *, all_slots: bool, all_sims: bool) -> list[SimSlot]:
        """Slots shown in ``dev-status``.

        Default: the active slot of each port. ``all_slots=1``: every slot.
        ``all_sims=1`` ("get all the card status"): every slot holding a SIM.
        """
        if all_slots:
            return list(self.modules.slots)
        if all_sims:
            return [state for state in self.modules.slots if state.inserted]
        return [self.modules.active(module.port) for module in self.modules.modules]

    def rows(
        self, *, all_slots: bool = False, all_sims: bool = False
    ) -> list[dict[str, Any]]:
        """Return the ``status`` array of a ``dev-status`` message."""
        rows: list[dict[str, Any]] = []
        mode = self.options.empty_slots
        for state in self._selected(all_slots=all_slots, all_sims=all_sims):
            empty = not state.inserted
            if empty and mode == "omit":
                continue
            rows.append(self.row(state, reduced=empty and mode == "reduced"))
        return rows

    # -------------------------------------------------------------- messages

    def dev_status(
        self, *, pushed: bool = False, all_slots: bool = False, all_sims: bool = False
    ) -> dict[str, Any]:
        """Build a ``dev-status`` message (section 4.1.3 / example 6.4.1).

        ``expires`` is the push period in a pushed message and -1 in a polled one
        (field notes).
        """
        self._seq += 1
        expires: float = -1
        if pushed and self.registration is not None:
            expires = self.registration.period
        slot_count: int | str = self.modules.max_slots
        if self.options.slot_count_as_string:
            slot_count = str(slot_count)
        return {
            "type": "dev-status",
            "seq": self._seq,
            "expires": int(expires) if float(expires).is_integer() else expires,
            "mac": self.mac,
            "ip": self.options.ip,
            "ver": self.options.ver,
            "max-ports": self.modules.max_ports,
            self.options.slot_key_style: slot_count,
            "status": self.rows(all_slots=all_slots, all_sims=all_sims),
        }

    def plain_status(self, *, all_slots: bool = False, all_sims: bool = False) -> str:
        """Old firmware's plain-text status: ``port=1;sn=...;st=3 Registered;...``."""
        lines: list[str] = []
        per_slot = all_slots or all_sims
        for state in self._selected(all_slots=all_slots, all_sims=all_sims):
            if not state.inserted and self.options.empty_slots == "omit":
                continue
            st = self.modules.st(state)
            port = self.modules.label(state) if per_slot else str(state.port)
            fields = [
                f"port={port}",
                f"sn={self.parameters.reported_number(state)}",
                f"st={port_status_text(st, plain=True)}",
                f"imei={self.parameters.reported_imei(state)}",
                f"iccid={state.sim.iccid if state.inserted else ''}",
                f"imsi={state.sim.imsi if state.inserted else ''}",
                "opr="
                + (
                    f"{state.sim.opr_code} {state.sim.opr_name}"
                    if st in {3, 4}
                    else "0 "
                ),
                f"bal={state.balance:.2f}",
                f"sig={state.sig if st in {3, 4, 5, 15} else 99}",
            ]
            lines.append(";".join(fields))
        return "\n".join(lines) + "\n"

    @mutator
    def get_status(
        self,
        *,
        url: str | None = None,
        period: float | None = None,
        all_sims: bool = False,
        all_slots: bool = False,
    ) -> dict[str, Any] | str:
        """Handle ``goip_get_status.html``: (un)register the push target, answer.

        ``url`` with ``period`` > 0 (default 60) registers the ``dev-status`` push;
        ``period=0`` cancels it; ``period`` alone changes the registered period.
        """
        now = self.clock()
        if url:
            self.register(url, period, all_slots=all_slots, all_sims=all_sims)
        elif period is not None:
            if period <= 0:
                self.registration = None
            elif self.registration is not None:
                self.registration.period = max(period, self.options.min_status_period)
                self.registration.next_push = now + self.registration.period
        if self.options.plain_text_status:
            return self.plain_status(all_slots=all_slots, all_sims=all_sims)
        return self.dev_status(pushed=False, all_slots=all_slots, all_sims=all_sims)

    @mutator
    def register(
        self,
        url: str,
        period: float | None,
        *,
        all_slots: bool = False,
        all_sims: bool = False,
    ) -> None:
        """Push the status to ``url`` every ``period`` seconds; 0 cancels."""
        chosen = DEFAULT_PERIOD if period is None else period
        if chosen <= 0:
            self.registration = None
            return
        chosen = max(chosen, self.options.min_status_period)
        self.registration = StatusRegistration(
            url=url,
            period=chosen,
            all_slots=all_slots,
            all_sims=all_sims,
            next_push=self.clock() + chosen,
        )
        if self.options.status_push_on_register:
            self.push_status()

    @mutator
    def push_status(self) -> OutgoingPush | None:
        """Push one ``dev-status`` now to the registered URL (``None`` if none)."""
        reg = self.registration
        if reg is None:
            return None
        message = self.dev_status(
            pushed=True, all_slots=reg.all_slots, all_sims=reg.all_sims
        )
        return self.outbox.emit("dev-status", reg.url, message)

    def push_port_status(self, state: SimSlot) -> None:
        """Push ``port-status`` for a changed slot (section 4.1.4)."""
        if self.registration is None:
            return
        message = self.port_status(state)
        self.outbox.emit("port-status", self.registration.url, message)

    def port_status(self, state: SimSlot) -> dict[str, Any]:
        """Return the ``port-status`` message of a slot.

        v3 (the document's example): ``st`` is the code as a string (``"3"``),
        with ``led`` and ``network`` (2, 3 or 4 for 2G, 3G, 4G).
        """
        row = self.row(state)
        if v3_pushes(self.options.api):
            module = self.modules.module(state.port)
            return {
                "type": "port-status",
                "port": row["port"],
                "seq": state.seq,
                "st": str(row["st"]),
                **{key: row[key] for key in _PORT_STATUS_KEYS},
                "led": state.led,
                "network": _NETWORK_GENERATION.get(module.network_type, 4),
            }
        text = port_status_text(row["st"])
        # The field notes: ``st`` is a "3 OK" string in pushes; ``status`` is the
        # document's key for the same value. Both are sent.
        return {
            "type": "port-status",
            "port": row["port"],
            "seq": state.seq,
            "st": text,
            "status": text,
            **{key: row[key] for key in _PORT_STATUS_KEYS},
        }

    # ----------------------------------------------------------------- clock

    def tick(self, now: float) -> None:
        """Push ``dev-status`` when the period is over (not while offline)."""
        reg = self.registration
        if reg is not None and now >= reg.next_push:
            reg.next_push = max(reg.next_push + reg.period, now)
            if not self.reachability.offline:
                self.push_status()

    def deadlines(self) -> list[float]:
        """When the next ``dev-status`` push is due."""
        return [] if self.registration is None else [self.registration.next_push]

    def reboot(self) -> None:
        """Count ``dev-status`` messages from 1 again (the registration is kept)."""
        self._seq = 0

    def snapshot(self) -> dict[str, Any]:
        """Return the push registration and every slot's full row."""
        reg = self.registration
        return {
            "status_push": None
            if reg is None
            else {
                "url": reg.url,
                "period": reg.period,
                "all_slots": reg.all_slots,
                "all_sims": reg.all_sims,
            },
            "slots": [
                {
                    **self.row(state),
                    "locked": state.locked,
                    "network_st": state.network_st,
                    "msisdn": state.sim.msisdn,
                }
                for state in self.modules.slots
            ],
        }
