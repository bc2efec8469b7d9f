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

    async_register_command(hass, list_events)
    return True
