"""A gateway's message history: its last messages, kept on disk, for people to read.

Received SMS, delivery reports and send outcomes enter as the integration fires
their events (:class:`~.events.MessageEvents` listeners), so the history holds what
automations saw, once each. It feeds the gateway card and the ``ejoin.get_history``
action. It is a convenience, not the record of what was taken (that is the journal):
it is written with a delay, so a crash may lose its last :data:`SAVE_DELAY` seconds;
a clean stop or unload writes it at once.
"""

from __future__ import annotations

from collections import deque
from itertools import count
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.ulid import ulid_now

from .const import DOMAIN, EVENT_DELIVERY_REPORT, EVENT_SMS_RECEIVED, EVENT_SMS_SENT

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Sequence

    from .ledger import PendingEvent

STORAGE_VERSION: Final = 1
#: Seconds between a change and its write: a burst of messages costs one write.
SAVE_DELAY: Final = 30.0

KIND_SMS_RECEIVED: Final = "sms_received"
KIND_DELIVERY_REPORT: Final = "delivery_report"
KIND_SMS_SENT: Final = "sms_sent"
KINDS: Final = (KIND_SMS_RECEIVED, KIND_DELIVERY_REPORT, KIND_SMS_SENT)

#: A history listener gets each new message, or None when the history was cleared.
type HistoryListener = Callable[[dict[str, Any] | None], None]


def history_item(
    event_type: str, data: dict[str, Any], item_id: str
) -> dict[str, Any] | None:
    """Return the history item of a fired event, None for events it does not keep.

    The items are the card protocol's ``Message`` objects (frontend/PROTOCOL.md).
    """
    # One dict each (no merged parts): an item per message of a burst.
    if event_type == EVENT_SMS_RECEIVED:
        return {
            "id": item_id,
            "slot": data.get("slot"),
            "kind": KIND_SMS_RECEIVED,
            "at": data["received_at"],
            "sender": data["sender"],
            "recipient": data["recipient"],
            "text": data["text"],
        }
    if event_type == EVENT_DELIVERY_REPORT:
        return {
            "id": item_id,
            "slot": data.get("slot"),
            "kind": KIND_DELIVERY_REPORT,
            "at": data["received_at"],
            "recipient": data["recipient"],
            "delivered": data["delivered"],
            "code": data["code"],
        }
    if event_type == EVENT_SMS_SENT:
        return {
            "id": item_id,
            "slot": data.get("slot"),
            "kind": KIND_SMS_SENT,
            # The gateway leaves the time out of failures it reports at once.
            "at": data["sent_at"] or dt_util.utcnow().isoformat(),
            "tid": data["tid"],
            "number": data["number"],
            "success": data["success"],
            "reason": data["reason"],
        }
    return None


#: The field that holds the other side's number, by kind.
_PARTY: Final = {
    KIND_SMS_RECEIVED: "sender",
    KIND_DELIVERY_REPORT: "recipient",
    KIND_SMS_SENT: "number",
}


def message_party(item: dict[str, Any]) -> str:
    """Return the other side's number: the sender, or whom it went to."""
    return str(item.get(_PARTY[item["kind"]]) or "")


def _history_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    # Private: message texts and phone numbers are personal data.
    return Store(
        hass,
        STORAGE_VERSION,
        f"{DOMAIN}.{entry_id}.history",
        private=True,
        atomic_writes=True,
    )


async def async_remove_history(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the stored history of a removed gateway."""
    await _history_store(hass, entry_id).async_remove()


class MessageHistory:
    """The last ``size`` messages of one gateway, newest last in memory."""

    def __init__(self, hass: HomeAssistant, entry_id: str, size: int) -> None:
        """Prepare a history of ``size`` messages (0: keep none); load it next."""
        self._store = _history_store(hass, entry_id)
        self.size = size
        self._messages: deque[dict[str, Any]] = deque(maxlen=size)
        self._listeners: list[HistoryListener] = []
        self._unsaved = False
        # Item ids: a ULID for this run, then a count. A ULID per message cost
        # more than all the rest of keeping it (2.4 us each with the library's
        # pure-Python implementation), in bursts of thousands.
        self._id_prefix = f"{ulid_now()}-"
        self._ids = count()

    async def async_load(self) -> None:
        """Read the stored messages; with the history off, delete them instead."""
        if not self.size:
            await self._store.async_remove()
            return
        data = await self._store.async_load()
        if data is not None:
            stored: list[dict[str, Any]] = data["messages"]
            self._messages.extend(stored[-self.size :])
            if len(stored) > self.size:
                # A smaller size: forget the older ones on disk too.
                self._schedule_save()

    async def async_stop(self) -> None:
        """Write what is not written yet (the entry unloads)."""
        if self._unsaved:
            await self._store.async_save(self._data())
            self._unsaved = False

    @callback
    def async_add_events(self, events: Sequence[PendingEvent]) -> None:
        """Keep the messages of fired events (a :class:`MessageEvents` listener)."""
        prefix, ids, kept = self._id_prefix, self._ids, self._messages
        for event_type, data in events:
            item = history_item(event_type, data, f"{prefix}{next(ids)}")
            if item is None:
                continue
            if self.size:
                kept.append(item)
                if not self._unsaved:
                    self._schedule_save()
            for listener in self._listeners:
                listener(item)

    @callback
    def async_clear(self) -> None:
        """Forget every message."""
        self._messages.clear()
        if self.size:
            self._schedule_save()
        for listener in self._listeners:
            listener(None)

    def messages(
        self,
        *,
        slots: Collection[str] | None = None,
        number: str | None = None,
        kinds: Collection[str] | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Return the kept messages, newest first, filtered.

        ``slots``: only messages of these slot addresses; ``number``: only those
        whose other side's number (or sender name) contains it, in any case;
        ``kinds``: only these kinds.
        """
        found: Iterable[dict[str, Any]] = reversed(self._messages)
        if slots is not None:
            found = (item for item in found if item["slot"] in slots)
        if kinds is not None:
            found = (item for item in found if item["kind"] in kinds)
        if number:
            needle = number.casefold()
            found = (item for item in found if needle in message_party(item).casefold())
        result: list[dict[str, Any]] = []
        for item in found:
            if limit is not None and len(result) >= limit:
                break
            result.append(item)
        return result

    @callback
    def async_add_listener(self, listener: HistoryListener) -> CALLBACK_TYPE:
        """Call ``listener(message)`` for each new message, ``(None)`` on clearing.

        Listeners hear new messages also while the history keeps none.
        """
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            self._listeners.remove(listener)

        return remove

    def _schedule_save(self) -> None:
        self._unsaved = True
        self._store.async_delay_save(self._saved_data, SAVE_DELAY)

    @callback
    def _saved_data(self) -> dict[str, Any]:
        """Return the data to write, now that the delayed write happens."""
        self._unsaved = False
        return self._data()

    def _data(self) -> dict[str, Any]:
        return {"messages": list(self._messages)}
