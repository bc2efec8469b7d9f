"""Receiving: SMS into the inbox and out as pushes, MMS pushed on arrival.

Sections 7 (the ``recv-sms`` push, batched by ``sms_cnt``/``sms_prd``) and 11 (the
MMS push), plus the "SMS to HTTP" push of the field notes.
"""

from __future__ import annotations

from datetime import UTC, datetime
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from emulator.mms import build_mms
from emulator.notation import format_slot
from emulator.values import as_float, as_int, scts

from .endpoints import v3_pushes
from .shapes_v3 import sms_object
from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from emulator.mms import MmsFile
    from emulator.options import GatewayOptions

    from .inbox import Inbox, StoredSms
    from .modules import Modules, SimSlot
    from .outbox import Outbox, OutgoingPush
    from .parameters import Parameters
    from .wakeup import Wakeup

__all__ = ["Reception"]

_LOGGER = logging.getLogger(__name__)

#: ``sms_cnt``/``sms_prd`` until a task message sets them (section 6.3.2.2).
DEFAULT_SMS_CNT = 1
DEFAULT_SMS_PRD = 30.0


class Reception:
    """Store what the network delivers and push it where the device is told to."""

    def __init__(
        self,
        *,
        mac: str,
        inbox: Inbox,
        outbox: Outbox,
        modules: Modules,
        parameters: Parameters,
        options: GatewayOptions,
        clock: Callable[[], float],
        wakeup: Wakeup,
    ) -> None:
        """Start with an empty ``recv-sms`` batch and the document's batching."""
        self.mac = mac
        self.inbox = inbox
        self.outbox = outbox
        self.modules = modules
        self.parameters = parameters
        self.options = options
        self.clock = clock
        self.wakeup = wakeup
        #: Messages waiting for the next ``recv-sms`` push (with the SIM's
        #: ``iccid``, ``imsi``, ``imei`` of that time), and since when.
        self._batch: list[tuple[StoredSms, tuple[str, str, str]]] = []
        self._batch_since: float | None = None
        self.sms_cnt = DEFAULT_SMS_CNT
        self.sms_prd = DEFAULT_SMS_PRD
        self._mms_serial = 0

    def set_forwarding(self, message: Mapping[str, Any]) -> None:
        """Apply ``sms_url``/``sms_cnt``/``sms_prd`` of a task message (RAM only)."""
        if (sms_url := message.get("sms_url")) is not None and str(sms_url):
            self.parameters.put("Sms_url", str(sms_url))
        if message.get("sms_cnt") is not None:
            self.sms_cnt = max(1, as_int(message.get("sms_cnt"), 1))
        if message.get("sms_prd") is not None:
            self.sms_prd = max(0.0, as_float(message.get("sms_prd"), DEFAULT_SMS_PRD))

    # -------------------------------------------------------------- SMS

    def store(
        self,
        state: SimSlot,
        *,
        flag: int,
        sender: str,
        recipient: str,
        text: str,
        timestamp: float,
    ) -> StoredSms:
        """Keep an SMS (flag 0) or delivery report (flag 1) and push it."""
        message = self.inbox.store(
            flag=flag,
            port=state.port,
            slot=state.slot,
            timestamp=timestamp,
            sender=sender,
            recipient=recipient,
            text=text,
        )
        if flag == 0:
            state.events.append((timestamp, "received"))
        sim = (state.sim.iccid, state.sim.imsi, self.parameters.reported_imei(state))
        self._batch.append((message, sim))
        if self._batch_since is None:
            self._batch_since = timestamp
        if len(self._batch) >= self.sms_cnt:
            self._push_batch()
        if flag == 0 and self.options.http_sms_url:
            self._push_http_sms(state, message)
        return message

    def _push_batch(self) -> None:
        """Push the batch: rows as arrays (v2.1), as objects for API v3."""
        batch = self._batch
        self._batch = []
        self._batch_since = None
        rows: list[Any]
        if v3_pushes(self.options.api):
            rows = [sms_object(item, pushed=True, sim=sim) for item, sim in batch]
        else:
            rows = [self.inbox.row(item) for item, _ in batch]
        message = {"type": "recv-sms", "sms_num": len(rows), "sms": rows}
        self.outbox.emit("recv-sms", self.parameters.get("sms_url") or "", message)
        _LOGGER.debug("recv-sms push of %d message(s)", len(rows))

    def _push_http_sms(self, state: SimSlot, message: StoredSms) -> None:
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
        self.outbox.emit(
            "http-sms",
            url,
            payload,
            body=body,
            content_type="application/octet-stream",
        )

    # -------------------------------------------------------------- MMS

    def push_mms(
        self,
        state: SimSlot,
        *,
        sender: str,
        recipient: str,
        subject: str,
        text: str,
        files: list[MmsFile],
        timestamp: float,
    ) -> OutgoingPush:
        """Push a received MMS to ``mms_url`` as ``multipart/related``."""
        self._mms_serial += 1
        v3 = v3_pushes(self.options.api)
        extra: dict[str, str] = {}
        if self.options.mms_extra_headers or v3:
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
            parts=files,
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
                {"filename": f.filename, "content_type": f.content_type} for f in files
            ],
        }
        headers = {k: v for k, v in mms.headers.items() if k != "Content-Type"}
        push = self.outbox.emit(
            "mms",
            self.options.mms_url,
            payload,
            body=mms.body,
            content_type=mms.content_type,
            headers=headers,
        )
        if v3:
            # The v3 "MMS Reception Report", to the same URL, once received.
            report = {
                "ts": int(timestamp),
                "tid": f"T{self._mms_serial:08d}",
                "mac": self.mac,
                "port": state.port,
                "slot": state.slot,
                "iccid": state.sim.iccid,
                "state": "success",
            }
            self.outbox.emit("mms-report", self.options.mms_url, report)
        return push

    # ---------------------------------------------------------- controls

    def _own_number(self, state: SimSlot) -> str:
        return self.parameters.reported_number(state) or state.sim.msisdn

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
    ) -> StoredSms:
        """Deliver an SMS (or, with ``delivery_report``, a report) to a slot now.

        A delivery report's ``text`` is its ``"code scts"`` content; empty means
        ``"0 <now>"`` (delivered).
        """
        return self._inject(
            self.modules.resolve(slot),
            sender,
            text,
            recipient=recipient,
            delivery_report=delivery_report,
            timestamp=timestamp,
        )

    @mutator
    def inject_sms_many(self, messages: Iterable[Mapping[str, Any]]) -> list[StoredSms]:
        """Deliver many SMS at once, each stored and pushed as by :meth:`inject_sms`.

        Each item has the keys of the control API: ``slot``, ``sender``, ``text``,
        ``recipient``, ``delivery_report``, ``timestamp``. Every slot is checked
        before the first message is delivered.
        """
        items = [(self.modules.resolve(item["slot"]), item) for item in messages]
        return [
            self._inject(
                state,
                str(item.get("sender", "")),
                str(item.get("text", "")),
                recipient=None
                if item.get("recipient") is None
                else str(item["recipient"]),
                delivery_report=bool(item.get("delivery_report", False)),
                timestamp=item.get("timestamp"),
            )
            for state, item in items
        ]

    def _inject(
        self,
        state: SimSlot,
        sender: str,
        text: str,
        *,
        recipient: str | None,
        delivery_report: bool,
        timestamp: float | None,
    ) -> StoredSms:
        when = self.clock() if timestamp is None else timestamp
        if delivery_report and not text:
            text = f"0 {scts(when)}"
        return self.store(
            state,
            flag=int(delivery_report),
            sender=sender,
            recipient=self._own_number(state) if recipient is None else recipient,
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
        attachments: Iterable[MmsFile] = (),
        slot: str | tuple[int, int] | None = None,
    ) -> OutgoingPush:
        """Receive an MMS: push it to ``mms_url`` as ``multipart/related``."""
        state = self.modules.resolve(slot if slot is not None else (1, 1))
        return self.push_mms(
            state,
            sender=sender,
            recipient=self._own_number(state) if recipient is None else recipient,
            subject=subject,
            text=text,
            files=list(attachments),
            timestamp=self.clock(),
        )

    # ------------------------------------------------------------- clock

    def tick(self, now: float) -> None:
        """Push the ``recv-sms`` batch when it is full or ``sms_prd`` has passed."""
        if (
            self._batch_since is not None
            and self._batch
            and (
                len(self._batch) >= self.sms_cnt
                or now >= self._batch_since + self.sms_prd
            )
        ):
            self._push_batch()

    def deadlines(self) -> list[float]:
        """When the ``recv-sms`` batch is due."""
        if self._batch and self._batch_since is not None:
            return [self._batch_since + self.sms_prd]
        return []

    def reboot(self) -> None:
        """Lose the batch not yet pushed."""
        self._batch.clear()
        self._batch_since = None
