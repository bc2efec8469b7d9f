"""The integration's bus events: their payloads, and firing them to every listener.

Payloads are built when a message is taken (they are what the journal keeps, so a
message read before a crash fires after it with the same data) and fired by
:class:`MessageEvents`, which adds the gateway's ids and tells the event entity.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .const import (
    ATTR_CONFIG_ENTRY_ID,
    ATTR_DEVICE_ID,
    ATTR_MAC,
    EVENT_DELIVERY_REPORT,
    EVENT_MMS_RECEIVED,
    EVENT_SMS_RECEIVED,
    EVENT_TYPE_DELIVERY_REPORT,
    EVENT_TYPE_MMS_RECEIVED,
    EVENT_TYPE_SMS_RECEIVED,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from .api import MmsMessage, ReceivedSms, RecipientOutcome, TaskResult
    from .ledger import PendingEvent
    from .mms import SavedAttachment

#: A listener of fired events: ``listener(events fired together, in order)``,
#: each its type and data without the gateway's ids.
type EventListener = Callable[[Sequence[PendingEvent]], None]

#: The event entity's event type of each bus event it shows.
ENTITY_EVENT_TYPES: Final = {
    EVENT_SMS_RECEIVED: EVENT_TYPE_SMS_RECEIVED,
    EVENT_DELIVERY_REPORT: EVENT_TYPE_DELIVERY_REPORT,
    EVENT_MMS_RECEIVED: EVENT_TYPE_MMS_RECEIVED,
}


def iso(value: datetime | None) -> str:
    """Return an ISO 8601 UTC timestamp; now when the gateway gave none."""
    if value is None:
        return dt_util.utcnow().isoformat()
    return _iso(value)


@lru_cache(maxsize=256)
def _iso(value: datetime) -> str:
    """Return the ISO 8601 UTC form of a time (cached: a burst shares a few)."""
    return value.astimezone(dt_util.UTC).isoformat()


def _iso_or_none(value: datetime | None) -> str | None:
    """Return an ISO 8601 UTC timestamp, or None."""
    return None if value is None else value.astimezone(dt_util.UTC).isoformat()


def message_event(sms: ReceivedSms) -> tuple[str, dict[str, Any]]:
    """Return the event of a received SMS or delivery report."""
    if sms.is_delivery_report:
        return EVENT_DELIVERY_REPORT, delivery_event_data(sms)
    return EVENT_SMS_RECEIVED, sms_event_data(sms)


def sms_event_data(sms: ReceivedSms) -> dict[str, Any]:
    """Return the ``ejoin_sms_received`` fields of a message (without the ids)."""
    slot = sms.slot
    return {
        "slot": None if slot is None else str(slot),
        "port": None if slot is None else slot.port,
        "slot_index": None if slot is None else slot.slot,
        "sender": sms.sender,
        "recipient": sms.recipient,
        "text": sms.text,
        "received_at": iso(sms.received_at),
        # The receiving SIM and module, when the gateway says (API v3 pushes).
        "iccid": sms.iccid,
        "imsi": sms.imsi,
        "imei": sms.imei,
    }


def delivery_event_data(sms: ReceivedSms) -> dict[str, Any]:
    """Return the ``ejoin_delivery_report`` fields of a report (without the ids)."""
    return {
        "slot": None if sms.slot is None else str(sms.slot),
        "recipient": sms.recipient,
        "delivered": bool(sms.delivered),
        "code": sms.report_code,
        "scts": sms.scts,
        "received_at": iso(sms.received_at),
    }


def outcome_data(outcome: RecipientOutcome) -> dict[str, Any]:
    """Return the ``ejoin_sms_sent`` fields of one recipient outcome."""
    return {
        "tid": outcome.tid,
        "index": outcome.index,
        "number": outcome.number,
        "slot": None if outcome.slot is None else str(outcome.slot),
        "sent_at": _iso_or_none(outcome.sent_at),
        "success": outcome.success,
        "reason": outcome.reason,
        "carrier_reason": outcome.carrier_reason,
    }


def mms_event_data(
    message: MmsMessage, attachments: Sequence[SavedAttachment]
) -> dict[str, Any]:
    """Return the ``ejoin_mms_received`` fields of an MMS (without the ids)."""
    return {
        "sender": message.sender,
        "recipient": message.recipient,
        "subject": message.subject,
        "text": message.text,
        "date": iso(message.date),
        "attachments": [
            {
                "content_type": item.content_type,
                "filename": item.filename,
                "size": item.size,
                "path": item.path,
            }
            for item in attachments
        ],
    }


def task_result_data(result: TaskResult) -> dict[str, Any]:
    """Return ``{"tid", "status_code", "status"}`` of a task reply."""
    return {"tid": result.tid, "status_code": result.code, "status": result.reason}


class MessageEvents:
    """Fires one gateway's events on the bus and tells its listeners."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, device_id: str, mac: str
    ) -> None:
        """Prepare the events of the gateway ``mac`` (its device ``device_id``)."""
        self._hass = hass
        self.mac = mac
        self._ids = {
            ATTR_CONFIG_ENTRY_ID: entry_id,
            ATTR_DEVICE_ID: device_id,
            ATTR_MAC: mac,
        }
        self._listeners: list[EventListener] = []

    @callback
    def fire(self, event_type: str, data: dict[str, Any]) -> None:
        """Fire ``event_type`` with the gateway's ids, then tell the listeners."""
        self.fire_on_bus(event_type, data)
        self.tell(((event_type, data),))

    @callback
    def fire_on_bus(self, event_type: str, data: dict[str, Any]) -> None:
        """Fire ``event_type`` with the gateway's ids; :meth:`tell` comes after."""
        self._hass.bus.async_fire(event_type, self._ids | data)

    @callback
    def tell(self, events: Sequence[PendingEvent]) -> None:
        """Tell the listeners about events fired together (a burst's at once)."""
        if events:
            for listener in self._listeners:
                listener(events)

    @callback
    def async_add_listener(self, listener: EventListener) -> CALLBACK_TYPE:
        """Call ``listener(events)`` with the events fired, a batch at a time."""
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            self._listeners.remove(listener)

        return remove
