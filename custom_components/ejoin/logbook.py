"""Logbook descriptions of the gateway's message events."""

from typing import TYPE_CHECKING, Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import (
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_MMS_RECEIVED,
    EVENT_SMS_RECEIVED,
    EVENT_SMS_SENT,
)

if TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_NAME = "Ejoin GSM Gateway"


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[
        [str, str, Callable[[Event[dict[str, Any]]], dict[str, str]]], None
    ],
) -> None:
    """Describe the message events in the logbook."""
    registry = dr.async_get(hass)

    def name(event: Event[dict[str, Any]]) -> str:
        device_id = event.data.get(ATTR_DEVICE_ID)
        device = registry.async_get(device_id) if device_id else None
        if device is None:
            return DEFAULT_NAME
        return device.name_by_user or device.name or DEFAULT_NAME

    def slot(data: dict[str, Any]) -> str:
        return f" on SIM {data['slot']}" if data.get("slot") else ""

    @callback
    def sms_received(event: Event[dict[str, Any]]) -> dict[str, str]:
        data = event.data
        return {
            LOGBOOK_ENTRY_NAME: name(event),
            LOGBOOK_ENTRY_MESSAGE: (
                f"received an SMS from {data.get('sender') or 'an unknown sender'}"
                f"{slot(data)}"
            ),
        }

    @callback
    def delivery_report(event: Event[dict[str, Any]]) -> dict[str, str]:
        data = event.data
        outcome = (
            "was delivered"
            if data.get("delivered")
            else f"was not delivered (code {data.get('code')})"
        )
        return {
            LOGBOOK_ENTRY_NAME: name(event),
            LOGBOOK_ENTRY_MESSAGE: (
                f"reports that the SMS to {data.get('recipient')} {outcome}"
            ),
        }

    @callback
    def sms_sent(event: Event[dict[str, Any]]) -> dict[str, str]:
        data = event.data
        if data.get("success"):
            message = f"sent an SMS to {data.get('number')}{slot(data)}"
        else:
            reason = data.get("reason") or "unknown reason"
            message = f"could not send an SMS to {data.get('number')}: {reason}"
        return {LOGBOOK_ENTRY_NAME: name(event), LOGBOOK_ENTRY_MESSAGE: message}

    @callback
    def mms_received(event: Event[dict[str, Any]]) -> dict[str, str]:
        data = event.data
        count = len(data.get("attachments") or ())
        files = f" with {count} attachment{'s' if count != 1 else ''}" if count else ""
        subject = f" “{data['subject']}”" if data.get("subject") else ""
        return {
            LOGBOOK_ENTRY_NAME: name(event),
            LOGBOOK_ENTRY_MESSAGE: (
                f"received an MMS{subject} from "
                f"{data.get('sender') or 'an unknown sender'}{files}"
            ),
        }

    async_describe_event(DOMAIN, EVENT_SMS_RECEIVED, sms_received)
    async_describe_event(DOMAIN, EVENT_DELIVERY_REPORT, delivery_report)
    async_describe_event(DOMAIN, EVENT_SMS_SENT, sms_sent)
    async_describe_event(DOMAIN, EVENT_MMS_RECEIVED, mms_received)
