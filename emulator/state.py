"""The emulated Ejoin gateway: all layers, the clock and the test controls."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .core import MAX_PORTS, MAX_SLOTS, PROFILES, mutator
from .receiving import ReceivingGateway
from .values import scts, unique

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import Delivery, InboxMessage, MmsPart, Push, SlotState

__all__ = ["MAX_PORTS", "MAX_SLOTS", "PROFILES", "Gateway"]


class Gateway(ReceivingGateway):
    """A stateful Ejoin multi-port GSM gateway (HTTP API v2.1.0).

    Pure state, no I/O: see :class:`~.core.GatewayCore` for the constructor
    arguments and :class:`~.models.GatewayOptions` for the options.
    """

    # -------------------------------------------------------- control (tests)

    @mutator
    def inject_sms(
        self,
        slot: str | tuple[int, int],
        sender: str,
        text: str,
        *,
        recipient: str | None = None,
        delivery_report: bool = False,
        timestamp: float | None = None,
    ) -> InboxMessage:
        """Deliver an SMS (or, with ``delivery_report``, a report) to a slot now.

        A delivery report's ``text`` is its ``"code scts"`` content; empty means
        ``"0 <now>"`` (delivered).
        """
        state = self.resolve_slot(slot)
        when = self.clock() if timestamp is None else timestamp
        if delivery_report and not text:
            text = f"0 {scts(when)}"
        return self._store_incoming(
            state,
            flag=int(delivery_report),
            sender=sender,
            recipient=recipient
            if recipient is not None
            else self.slot_sn(state) or state.sim.msisdn,
            text=text,
            timestamp=when,
        )

    @mutator
    def inject_mms(
        self,
        *,
        sender: str,
        recipient: str | None = None,
        subject: str = "",
        text: str = "",
        attachments: Iterable[MmsPart] = (),
        slot: str | tuple[int, int] | None = None,
    ) -> Push:
        """Receive an MMS: push it to ``mms_url`` as ``multipart/related``."""
        state = self.resolve_slot(slot if slot is not None else (1, 1))
        return self._push_mms(
            state,
            sender=sender,
            recipient=recipient
            if recipient is not None
            else self.slot_sn(state) or state.sim.msisdn,
            subject=subject,
            text=text,
            parts=list(attachments),
            timestamp=self.clock(),
        )

    @mutator
    def set_slot(self, /, slot: str | tuple[int, int], **changes: Any) -> SlotState:
        """Change a slot the way the world would; pushes ``port-status``.

        Keys: ``st`` (the status the slot reaches when active and registered),
        ``sig``, ``bal``, ``opr`` (``"46001 NAME"``), ``inserted``, ``locked``,
        ``active`` (make it the active slot at once), ``registering`` (start
        registering), ``imsi``, ``iccid``, ``number``, ``number_known``, ``imei``
        (the module's), ``led``, ``tot_dur``/``mon_dur``/``day_dur`` (``"used/limit"``).
        """
        state = self.resolve_slot(slot)
        module = self._ports[state.port]
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
                    touched.append(self._slots[state.port, module.active_slot])
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
            self._slot_changed(changed)
        return state

    # --------------------------------------------------------------- the clock

    def tick(self) -> None:
        """Advance everything that is due at ``clock()``.

        Not a notifying mutator: the runtime calls it from its own loop.
        """
        now = self.clock()
        if self.offline_until is not None and now >= self.offline_until:
            self.offline_mode = None
            self.offline_until = None
        for module in self._ports.values():
            if module.registering_until is not None and now >= module.registering_until:
                module.registering_until = None
                self._slot_changed(self._slots[module.port, module.active_slot])
        self._deliver(now)
        for module in self._ports.values():
            if module.inflight is not None and now >= module.inflight_done:
                self._complete(module, now)
            if module.inflight is None and now >= module.next_free:
                self._start_next(module, now)
        self._flush_reports(now)
        if (
            self._sms_buffer_since is not None
            and self._sms_buffer
            and (
                len(self._sms_buffer) >= self._sms_cnt
                or now >= self._sms_buffer_since + self._sms_prd
            )
        ):
            self._flush_sms(now)
        reg = self._status
        if reg is not None and now >= reg.next_push:
            reg.next_push = max(reg.next_push + reg.period, now)
            if self.offline_mode is None:
                self.push_status()

    def _deliver(self, now: float) -> None:
        held: list[Delivery] = []
        for delivery in self._deliveries:
            if delivery.due > now:
                held.append(delivery)
                continue
            state = self._slots[delivery.port, delivery.slot]
            if delivery.kind == "report":
                self._store_incoming(
                    state,
                    flag=1,
                    sender=delivery.sender,
                    recipient=delivery.recipient,
                    text=delivery.text,
                    timestamp=now,
                )
            elif not self.usable(state):
                held.append(delivery)  # the network keeps it until the SIM is on
            elif delivery.kind == "sms":
                self._store_incoming(
                    state,
                    flag=0,
                    sender=delivery.sender,
                    recipient=delivery.recipient,
                    text=delivery.text,
                    timestamp=now,
                )
            else:
                self._push_mms(
                    state,
                    sender=delivery.sender,
                    recipient=delivery.recipient,
                    subject=delivery.subject,
                    text=delivery.text,
                    parts=delivery.parts,
                    timestamp=now,
                )
        self._deliveries = held

    def next_deadline(self) -> float | None:
        """Return when :meth:`tick` next has something to do (``None``: idle)."""
        now = self.clock()
        times: list[float] = []
        if self.offline_until is not None:
            times.append(self.offline_until)
        for module in self._ports.values():
            if module.registering_until is not None:
                times.append(module.registering_until)
            if module.inflight is not None:
                times.append(module.inflight_done)
                continue
            job = next((j for j in module.queue if not j.task.paused), None)
            if job is None:
                continue
            if job.waiting_since is not None and module.registering_until is not None:
                times.append(job.waiting_since + job.task.tmo)
            else:
                times.append(module.next_free)
        times.extend(d.due for d in self._deliveries if d.due > now)
        for task in self._reporting.values():
            if task.pend_count and task.pend_since is not None:
                if task.pend_count >= task.sr_cnt:
                    times.append(now)
                elif task.sr_prd > 0:
                    times.append(task.pend_since + task.sr_prd)
        if self._sms_buffer and self._sms_buffer_since is not None:
            times.append(self._sms_buffer_since + self._sms_prd)
        if self._status is not None:
            times.append(self._status.next_push)
        return min(times) if times else None

    # ------------------------------------------------------------------ dump

    def snapshot(self) -> dict[str, Any]:
        """Return the whole state as JSON-able data (``GET /_emulator/state``)."""
        reg = self._status
        return {
            "device": {
                "mac": self.mac,
                "ssrc": self.ssrc,
                "max_ports": self.max_ports,
                "max_slots": self.max_slots,
                "seed": self.seed,
                "profile": self.profile,
                "reboots": self.reboots,
                "offline": self.offline_mode,
                "fault": None if self.fault is None else self.fault.mode,
            },
            "options": asdict(self.options),
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
                    **self._status_row(state, reduced=False),
                    "locked": state.locked,
                    "network_st": state.network_st,
                    "msisdn": state.sim.msisdn,
                }
                for state in self._slots.values()
            ],
            "params": {self._param_names.get(k, k): v for k, v in self._params.items()},
            "saved_params": {
                self._param_names.get(k, k): v for k, v in self._saved_params.items()
            },
            "tasks": [
                {
                    "tid": task.tid,
                    "paused": task.paused,
                    "removed": task.removed,
                    "active": task.active,
                    "total": task.total,
                    "sending": task.sending,
                    "sent": task.sent,
                    "failed": task.failed,
                    "unsent": task.unsent,
                }
                for task in self._tasks.values()
            ],
            "inbox": [
                {"id": message.id, "row": self.inbox_row(message)}
                for message in self._inbox
            ],
            "next_sms_id": self._next_sms_id,
            "pushes": [push.summary() for push in self.pushes],
            "request_counts": dict(self.request_counts),
            "sessions": len(self._sessions),
        }
