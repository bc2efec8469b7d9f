"""Receiving, the inbox and the statistics.

Sections 7 and 11 (``recv-sms`` and MMS pushes, plus the "SMS to HTTP" push of
the field notes), 8 (the inbox query) and 9-10 (SMS and call statistics).
"""

from __future__ import annotations

import base64
from collections import Counter
from datetime import UTC, datetime
import logging
from typing import Any
from urllib.parse import urlencode

from .mms import build_mms
from .models import InboxMessage, MmsPart, Push, SlotState
from .notation import NotationError, format_slot, parse_ports
from .sending import SendingGateway
from .values import unique

__all__ = ["ReceivingGateway"]

_LOGGER = logging.getLogger(__name__)


class ReceivingGateway(SendingGateway):
    """The sending gateway plus receiving and statistics."""

    # ------------------------------------------------------------- receiving

    def _store_incoming(
        self,
        state: SlotState,
        *,
        flag: int,
        sender: str,
        recipient: str,
        text: str,
        timestamp: float,
    ) -> InboxMessage:
        message = InboxMessage(
            id=self._next_sms_id,
            flag=flag,
            port=state.port,
            slot=state.slot,
            ts=int(timestamp),
            sender=sender,
            recipient=recipient,
            text=text,
        )
        self._next_sms_id += 1
        self._inbox.append(message)
        if flag == 0:
            state.events.append((timestamp, "received"))
        self._sms_buffer.append(self.inbox_row(message))
        if self._sms_buffer_since is None:
            self._sms_buffer_since = timestamp
        if len(self._sms_buffer) >= self._sms_cnt:
            self._flush_sms(timestamp)
        if flag == 0 and self.options.http_sms_url:
            self._push_http_sms(state, message)
        return message

    def inbox_row(self, message: InboxMessage) -> list[Any]:
        """Return the array form of a message (sections 7.2.3 and 8.2.3).

        Normal SMS content is base64 of UTF-8; a delivery report's ``"code scts"``
        is plain text.
        """
        content = message.text
        if message.flag == 0:
            content = base64.b64encode(message.text.encode()).decode()
        return [
            message.flag,
            format_slot(message.port, message.slot, self.options.inbox_port_style),
            message.ts,
            message.sender,
            message.recipient,
            content,
        ]

    def _flush_sms(self, now: float) -> None:
        if not self._sms_buffer:
            return
        rows = self._sms_buffer
        self._sms_buffer = []
        self._sms_buffer_since = None
        message = {"type": "recv-sms", "sms_num": len(rows), "sms": rows}
        self._emit("recv-sms", self._params.get("sms_url", ""), message)
        _LOGGER.debug("recv-sms push of %d message(s) at %s", len(rows), now)

    def _push_http_sms(self, state: SlotState, message: InboxMessage) -> None:
        """Push the "SMS to HTTP" format of the field notes.

        An ``application/octet-stream`` POST with ``port``/``sender``/``mac``/
        ``iccid`` in the query and the text after the first blank line of the body.
        """
        query = {
            "port": format_slot(state.port, state.slot, "letter"),
            "sender": message.sender,
        }
        if self.options.http_sms_mac:
            query["mac"] = self.mac
        query["iccid"] = state.sim.iccid
        url = self.options.http_sms_url
        url += ("&" if "?" in url else "?") + urlencode(query)
        stamp = datetime.fromtimestamp(message.ts, UTC).strftime("%Y-%m-%d %H:%M:%S")
        body = (
            f"Sender: {message.sender}\nReceiver: {message.recipient}\n"
            f"Port: {query['port']}\nTime: {stamp}\n\n{message.text}"
        ).encode()
        payload = {"query": query, "text": message.text}
        self._emit(
            "http-sms",
            url,
            payload,
            body=body,
            content_type="application/octet-stream",
        )

    def _push_mms(
        self,
        state: SlotState,
        *,
        sender: str,
        recipient: str,
        subject: str,
        text: str,
        parts: list[MmsPart],
        timestamp: float,
    ) -> Push:
        self._mms_serial += 1
        extra: dict[str, str] = {}
        if self.options.mms_extra_headers:
            extra = {
                "Emms-Mac": self.mac,
                "Emms-Port": format_slot(state.port, state.slot),
                "Emms-Iccid": state.sim.iccid,
                "Emms-Imsi": state.sim.imsi,
            }
        mms = build_mms(
            subject=subject,
            sender=sender,
            recipient=recipient,
            text=text,
            parts=parts,
            timestamp=timestamp,
            boundary_serial=self._mms_serial,
            extra_headers=extra,
        )
        payload = {
            "slot": format_slot(state.port, state.slot),
            "sender": sender,
            "recipient": recipient,
            "subject": subject,
            "text": text,
            "attachments": [
                {"filename": p.filename, "content_type": p.content_type} for p in parts
            ],
        }
        headers = {k: v for k, v in mms.headers.items() if k != "Content-Type"}
        return self._emit(
            "mms",
            self.options.mms_url,
            payload,
            body=mms.body,
            content_type=mms.content_type,
            headers=headers,
        )

    def get_sms(
        self, *, sms_id: int = 1, sms_num: int = 0, sms_del: bool = False
    ) -> dict[str, Any]:
        """Handle ``goip_get_sms.html`` (section 8): messages from id ``sms_id``.

        ``next_sms`` is the id after the last returned message; with nothing to
        return it is ``sms_id``, but never beyond the next id to be assigned (so a
        stale cursor from before a reboot points at the new first message).
        """
        selected = [message for message in self._inbox if message.id >= sms_id]
        if sms_num > 0:
            selected = selected[:sms_num]
        if selected:
            next_sms = selected[-1].id + 1
        else:
            next_sms = min(max(sms_id, 1), self._next_sms_id)
        if sms_del and selected:
            chosen = {message.id for message in selected}
            self._inbox = [m for m in self._inbox if m.id not in chosen]
        return {
            "code": 0,
            "reason": "OK",
            "ssrc": self.ssrc,
            "sms_num": len(selected),
            "next_sms": next_sms,
            "data": [self.inbox_row(message) for message in selected],
        }

    @property
    def inbox(self) -> list[InboxMessage]:
        """The messages the device holds, oldest first."""
        return list(self._inbox)

    # ------------------------------------------------------------- statistics

    def _stat_targets(
        self, ports: str | None, slots: str | None
    ) -> list[SlotState] | None:
        try:
            refs = parse_ports(ports or "all", self.max_ports, self.max_slots)
        except NotationError:
            return None
        wanted: list[int] | None = None
        if slots not in {None, ""}:
            spec = str(slots)
            if spec.strip().lower() in {"all", "*"}:
                wanted = list(range(1, self.max_slots + 1))
            else:
                try:
                    wanted = [ref.port for ref in parse_ports(spec, self.max_slots, 1)]
                except NotationError:
                    return None
        targets: list[SlotState] = []
        for ref in refs:
            if ref.slot is not None:
                chosen = [ref.slot]
            elif wanted is None:
                chosen = [self._ports[ref.port].active_slot]
            else:
                chosen = wanted
            targets.extend(self._slots[ref.port, slot] for slot in chosen)
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

    def sms_stats(
        self, *, ports: str | None = None, slots: str | None = None, period: int = 0
    ) -> dict[str, Any]:
        """Handle ``goip_get_sms_stat.html`` from what really happened.

        ``type`` 0 last hour, 1 last two hours, 2 today (UTC), 3 cumulative (kept
        across reboots). ``con_failed`` is the current run of failures, ``unsent``
        and ``sending`` are the port's queue now (counted on its active slot).
        """
        if period not in {0, 1, 2, 3}:
            return self._error(15)
        targets = self._stat_targets(ports, slots)
        if targets is None:
            return self._error(2)
        since = self._window_start(period)
        stats: list[dict[str, Any]] = []
        for state in targets:
            counts = Counter(kind for ts, kind in state.events if ts >= since)
            module = self._ports[state.port]
            on_active = module.active_slot == state.slot
            sending = int(
                module.inflight is not None and module.inflight.slot == state.slot
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
                    "unsent": len(module.queue) if on_active else 0,
                    "sending": sending,
                }
            )
        return {"code": 200, "reason": "OK", "count": len(stats), "stats": stats}

    def call_stats(
        self, *, ports: str | None = None, slots: str | None = None, period: int = 0
    ) -> dict[str, Any]:
        """Handle ``goip_get_call_stat.html`` with seeded counters.

        No calls are emulated; shorter periods show a fixed share of the
        cumulative numbers.
        """
        if period not in {0, 1, 2, 3}:
            return self._error(15)
        targets = self._stat_targets(ports, slots)
        if targets is None:
            return self._error(2)
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
