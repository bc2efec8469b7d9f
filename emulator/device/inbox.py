"""The inbox: received SMS and delivery reports, numbered, read by section 8."""

from __future__ import annotations

import base64
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
import secrets
from typing import TYPE_CHECKING, Any, overload

from emulator.notation import format_slot

if TYPE_CHECKING:
    from collections.abc import Iterator
    import random

    from emulator.options import GatewayOptions

__all__ = ["Inbox", "StoredSms"]


@dataclass(slots=True)
class StoredSms:
    """One message the device holds (``goip_get_sms.html``)."""

    id: int
    flag: int
    port: int
    slot: int
    ts: int
    sender: str
    recipient: str
    #: Decoded text of a normal SMS, or ``"<code> <scts>"`` of a delivery report.
    text: str


class Inbox(Sequence[StoredSms]):
    """The messages held, oldest first, numbered from 1 under an ``ssrc``.

    The ``ssrc`` changes at each boot. Messages are kept in id order, so a read
    finds its start by bisection: reading or deleting a page costs the page, not
    the whole inbox.
    """

    def __init__(self, *, options: GatewayOptions, rng: random.Random) -> None:
        """Start empty, under a new ``ssrc``."""
        self.options = options
        self._rng = rng
        self.ssrc = self._new_ssrc()
        self._messages: list[StoredSms] = []
        self.next_id = 1

    def _new_ssrc(self) -> str:
        # A real gateway names each numbering of its inbox anew, also after a power
        # cycle: a restarted emulator process must not repeat its last ssrc, so
        # fresh entropy is mixed in (the seeded draw keeps the other values stable).
        return f"{self._rng.getrandbits(64) ^ secrets.randbits(64):016x}"

    def __len__(self) -> int:
        """Return how many messages are held."""
        return len(self._messages)

    @overload
    def __getitem__(self, index: int) -> StoredSms: ...
    @overload
    def __getitem__(self, index: slice) -> list[StoredSms]: ...
    def __getitem__(self, index: int | slice) -> StoredSms | list[StoredSms]:
        """Return a message (or a list of them) by position."""
        return self._messages[index]

    def __iter__(self) -> Iterator[StoredSms]:
        """Iterate over the messages, oldest first."""
        return iter(self._messages)

    def store(
        self,
        *,
        flag: int,
        port: int,
        slot: int,
        timestamp: float,
        sender: str,
        recipient: str,
        text: str,
    ) -> StoredSms:
        """Keep a received message under the next id."""
        message = StoredSms(
            id=self.next_id,
            flag=flag,
            port=port,
            slot=slot,
            ts=int(timestamp),
            sender=sender,
            recipient=recipient,
            text=text,
        )
        self.next_id += 1
        self._messages.append(message)
        return message

    def row(self, message: StoredSms) -> list[Any]:
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

    def read(
        self, *, sms_id: int = 1, sms_num: int = 0, sms_del: bool = False
    ) -> dict[str, Any]:
        """Handle ``goip_get_sms.html`` (section 8): messages from id ``sms_id``.

        ``next_sms`` is the id after the last returned message; with nothing to
        return it is ``sms_id``, but never beyond the next id to be assigned (so a
        stale cursor from before a reboot points at the new first message).
        ``sms_del`` deletes exactly the messages of this reply.
        """
        start, end, next_sms = self._span(sms_id, sms_num)
        selected = self._messages[start:end]
        if sms_del:
            del self._messages[start:end]
        return {
            "code": 0,
            "reason": "OK",
            "ssrc": self.ssrc,
            "sms_num": len(selected),
            "next_sms": next_sms,
            "data": [self.row(message) for message in selected],
        }

    def select(self, sms_id: int = 1, sms_num: int = 0) -> tuple[list[StoredSms], int]:
        """Return the messages from id ``sms_id`` (``sms_num`` 0: all) and the next id.

        The next id follows the rules of :meth:`read` (v3 ``get_received_smses``
        reads the same way, without deleting).
        """
        start, end, next_id = self._span(sms_id, sms_num)
        return self._messages[start:end], next_id

    def _span(self, sms_id: int, sms_num: int) -> tuple[int, int, int]:
        """Return the positions of a read and the id after it."""
        start = bisect_left(self._messages, sms_id, key=lambda message: message.id)
        end = len(self._messages)
        if sms_num > 0:
            end = min(end, start + sms_num)
        if end > start:
            return start, end, self._messages[end - 1].id + 1
        return start, end, min(max(sms_id, 1), self.next_id)

    def reboot(self) -> None:
        """Take a new ``ssrc``; number from 1, keeping the newest ``reboot_keep_inbox``."""
        self.ssrc = self._new_ssrc()
        keep = self.options.reboot_keep_inbox
        kept = self._messages[-keep:] if keep > 0 else []
        for number, message in enumerate(kept, start=1):
            message.id = number
        self._messages = kept
        self.next_id = len(kept) + 1

    def snapshot(self) -> dict[str, Any]:
        """Return the messages (id and row) and the next id."""
        return {
            "inbox": [
                {"id": message.id, "row": self.row(message)}
                for message in self._messages
            ],
            "next_sms_id": self.next_id,
        }
