"""The end-to-end notifier's entity: reports each message as a bus event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.notify import NotifyEntity
from homeassistant.components.notify.const import NotifyEntityFeature

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

#: Fired for every message sent to the entity (``entity_id``, ``title``, ``message``).
EVENT_MESSAGE = "e2e_notify_message"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the phone."""
    async_add_entities([RecordingNotifyEntity(entry.entry_id)])


class RecordingNotifyEntity(NotifyEntity):
    """A phone that shows title and message: it fires them on the bus."""

    _attr_name = "E2E phone"
    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(self, entry_id: str) -> None:
        """Name the entity ``notify.e2e_phone``."""
        self._attr_unique_id = f"{entry_id}-phone"

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Fire what was sent."""
        self.hass.bus.async_fire(
            EVENT_MESSAGE,
            {"entity_id": self.entity_id, "title": title, "message": message},
        )
