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
from .events import ENTITY_EVENT_TYPES

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry
    from .events import MessageEvents

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
        [EjoinMessageEvent(runtime.coordinator, runtime.receiver.events, MESSAGE_EVENT)]
    )


class EjoinMessageEvent(EjoinGatewayEntity, EventEntity):
    """The messages a gateway receives."""

    entity_description: EventEntityDescription

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        events: MessageEvents,
        description: EventEntityDescription,
    ) -> None:
        """Attach the entity to the gateway and its events."""
        super().__init__(coordinator, description)
        self._events = events

    @override
    async def async_added_to_hass(self) -> None:
        """Listen for new messages."""
        await super().async_added_to_hass()
        self.async_on_remove(self._events.async_add_listener(self._async_message))

    @callback
    def _async_message(self, event: str, data: dict[str, Any]) -> None:
        """Show a new message (send outcomes are not shown)."""
        if (event_type := ENTITY_EVENT_TYPES.get(event)) is not None:
            self._trigger_event(event_type, data)
            self.async_write_ha_state()
