"""Notify entities: one per recipient, so ``notify.send_message`` texts that person.

Each recipient (a config subentry, :mod:`.recipients`) is a device of its own,
linked to the gateway, with one notify entity named after it. A message goes out
as one SMS task through the integration's sender, from the recipient's ports or
slots if it has some; a title is put on the first line. Recipients added later
appear at once, changed ones are read when sending, and removed ones are taken
away by Home Assistant with their subentry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, override

from homeassistant.components.notify import NotifyEntity
from homeassistant.components.notify.const import NotifyEntityFeature
from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
)
from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect

from .api import PortSelection, SmsTask
from .const import DOMAIN
from .entity import EjoinEntity
from .helpers import ejoin_command
from .recipients import CONF_NUMBER, CONF_PORTS, recipient_subentries

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigSubentry
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

# Sending writes to the gateway: one message at a time per entity.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a notify entity per recipient, now and whenever recipients change."""
    coordinator = entry.runtime_data.coordinator
    entities: dict[str, EjoinRecipientNotify] = {}

    @callback
    def _sync() -> None:
        recipients = recipient_subentries(entry)
        for subentry_id in set(entities) - set(recipients):
            del entities[subentry_id]
        for subentry_id, subentry in recipients.items():
            if (entity := entities.get(subentry_id)) is not None:
                entity.async_follow_rename(subentry)
                continue
            entities[subentry_id] = entity = EjoinRecipientNotify(coordinator, subentry)
            async_add_entities([entity], config_subentry_id=subentry_id)

    @callback
    def _changed(change: ConfigEntryChange, changed: ConfigEntry) -> None:
        if changed is entry and change is ConfigEntryChange.UPDATED:
            _sync()

    _sync()
    entry.async_on_unload(
        async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, _changed)
    )


class EjoinRecipientNotify(EjoinEntity, NotifyEntity):
    """Sends SMS to one recipient."""

    _attr_name = None
    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(self, coordinator: EjoinCoordinator, subentry: ConfigSubentry) -> None:
        """Describe the recipient's device and entity."""
        super().__init__(coordinator)
        self._subentry_id = subentry.subentry_id
        self._title = subentry.title
        identifier = f"{self.mac}_recipient_{subentry.subentry_id}"
        self._attr_unique_id = identifier
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, identifier)},
            name=subentry.title,
            entry_type=DeviceEntryType.SERVICE,
            via_device_id=dr.async_get_device_id_by_identifier(
                coordinator.hass,
                (DOMAIN, self.mac),
                config_entry_id=coordinator.config_entry.entry_id,
            ),
        )

    @callback
    def async_follow_rename(self, subentry: ConfigSubentry) -> None:
        """Give the recipient's device the subentry's new title."""
        if subentry.title == self._title or self.device_entry is None:
            return
        self._title = subentry.title
        dr.async_get(self.hass).async_update_device(
            self.device_entry.id, name=subentry.title
        )

    @override
    @ejoin_command
    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Send ``message`` (after ``title`` on a line of its own) as one SMS task."""
        entry = self.coordinator.config_entry
        recipient = entry.subentries[self._subentry_id].data
        ports: str | None = recipient.get(CONF_PORTS)
        task = SmsTask(
            tid=0,
            to=(recipient[CONF_NUMBER],),
            message=f"{title}\n{message}" if title else message,
            from_ports=PortSelection.parse(ports) if ports else None,
        )
        await entry.runtime_data.sender.async_send(task, wait=False)
