"""Record every ``ejoin_*`` event from the start (an end-to-end test helper).

The end-to-end tests' Home Assistant loads this as a custom integration. It listens
on the bus from its setup, before automations do, and lists what it saw over the
websocket API (``e2e_event_log/list``), with Home Assistant's state at the time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.core import Event, HomeAssistant, callback
import probatio

if TYPE_CHECKING:
    from homeassistant.components.websocket_api.connection import ActiveConnection
    from homeassistant.helpers.typing import ConfigType

DOMAIN = "e2e_event_log"
EVENTS = (
    "ejoin_sms_received",
    "ejoin_delivery_report",
    "ejoin_sms_sent",
    "ejoin_mms_received",
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Start recording."""
    log: list[dict[str, Any]] = []

    @callback
    def record(event: Event) -> None:
        log.append(
            {
                "event_type": event.event_type,
                "data": dict(event.data),
                "time_fired": event.time_fired.isoformat(),
                "core_state": str(hass.state),
            }
        )

    for event_type in EVENTS:
        hass.bus.async_listen(event_type, record)

    @websocket_command({probatio.Required("type"): "e2e_event_log/list"})
    @callback
    def list_events(
        hass: HomeAssistant,
        connection: ActiveConnection,
        msg: dict[str, Any],
    ) -> None:
        connection.send_result(msg["id"], log)

    @websocket_command(
        {
            probatio.Required("type"): "e2e_event_log/texts",
            probatio.Required("event_type"): str,
        }
    )
    @callback
    def count_texts(
        hass: HomeAssistant,
        connection: ActiveConnection,
        msg: dict[str, Any],
    ) -> None:
        """How often each text fired (thousands of events, in a small answer)."""
        counts: dict[str, int] = {}
        for item in log:
            if item["event_type"] == msg["event_type"]:
                text = str(item["data"].get("text"))
                counts[text] = counts.get(text, 0) + 1
        connection.send_result(msg["id"], counts)

    async_register_command(hass, list_events)
    async_register_command(hass, count_texts)
    return True
