"""Event entity of a gateway: one event per received SMS, delivery report or MMS.

The bus events (``ejoin_sms_received`` and the others) carry the same data; the
entity makes the latest message visible on the gateway's device page and lets
automations use the entity's event types.
"""

from typing import TYPE_CHECKING, Any, Final, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.event import async_call_later

from .const import (
    EVENT_TYPE_DELIVERY_REPORT,
    EVENT_TYPE_MMS_RECEIVED,
    EVENT_TYPE_SMS_RECEIVED,
)
from .entity import EjoinGatewayEntity
from .events import ENTITY_EVENT_TYPES

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry
    from .events import MessageEvents
    from .ledger import PendingEvent

PARALLEL_UPDATES = 0
#: Seconds between two state writes of the event entity, in a burst.
WRITE_INTERVAL: Final = 0.5

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
        self._last_write = -WRITE_INTERVAL
        self._waiting: tuple[str, dict[str, Any]] | None = None
        self._unsub_write: CALLBACK_TYPE | None = None

    @override
    async def async_added_to_hass(self) -> None:
        """Listen for new messages."""
        await super().async_added_to_hass()
        self.async_on_remove(self._events.async_add_listener(self._async_messages))
        self.async_on_remove(self._cancel_write)

    @callback
    def _async_messages(self, events: Sequence[PendingEvent]) -> None:
        """Show the newest message of those fired (send outcomes are not shown).

        A burst of a thousand messages would be a thousand state writes, enough
        for Home Assistant to drop a dashboard that falls behind: at most one
        write per :data:`WRITE_INTERVAL`, of the newest message. Every message
        still fires its own event on the bus.
        """
        for event, data in reversed(events):
            if (event_type := ENTITY_EVENT_TYPES.get(event)) is not None:
                self._waiting = (event_type, data)
                break
        else:
            return
        if self._unsub_write is not None:
            return
        delay = self._last_write + WRITE_INTERVAL - self.hass.loop.time()
        if delay <= 0:
            self._async_show_waiting()
        else:
            self._unsub_write = async_call_later(
                self.hass, delay, self._async_show_waiting
            )

    @callback
    def _async_show_waiting(self, _now: datetime | None = None) -> None:
        self._unsub_write = None
        if self._waiting is not None:
            event_type, data = self._waiting
            self._waiting = None
            self._last_write = self.hass.loop.time()
            self._trigger_event(event_type, data)
            self.async_write_ha_state()

    @callback
    def _cancel_write(self) -> None:
        if self._unsub_write is not None:
            self._unsub_write()
            self._unsub_write = None
