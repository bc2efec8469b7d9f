"""Event entity of a gateway: one event per received SMS, delivery report or MMS.

The bus events (``ejoin_sms_received`` and the others) carry the same data; the
entity makes the latest message visible on the gateway's device page and lets
automations use the entity's event types.
"""

from typing import TYPE_CHECKING, Any, Final, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import callback

from .const import (
    EVENT_TYPE_DELIVERY_REPORT,
    EVENT_TYPE_MMS_RECEIVED,
    EVENT_TYPE_SMS_RECEIVED,
)
from .entity import EjoinGatewayEntity

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry
    from .messaging import EjoinMessaging

PARALLEL_UPDATES = 0

MESSAGE_EVENT: Final = EventEntityDescription(
    key="message",
    translation_key="message",
    event_types=[
        EVENT_TYPE_SMS_RECEIVED,
        EVENT_TYPE_DELIVERY_REPORT,
        EVENT_TYPE_MMS_RECEIVED,
    ],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the gateway's message event entity."""
    runtime = entry.runtime_data
    async_add_entities(
        [EjoinMessageEvent(runtime.coordinator, runtime.messaging, MESSAGE_EVENT)]
    )


class EjoinMessageEvent(EjoinGatewayEntity, EventEntity):
    """The messages a gateway receives."""

    entity_description: EventEntityDescription

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        messaging: EjoinMessaging,
        description: EventEntityDescription,
    ) -> None:
        """Attach the entity to the gateway and its messaging."""
        super().__init__(coordinator, description)
        self._messaging = messaging

    @override
    async def async_added_to_hass(self) -> None:
        """Listen for new messages."""
        await super().async_added_to_hass()
        self.async_on_remove(self._messaging.async_add_listener(self._async_message))

    @callback
    def _async_message(self, event_type: str, data: dict[str, Any]) -> None:
        """Show a new message."""
        self._trigger_event(event_type, data)
        self.async_write_ha_state()
