"""The one data coordinator of an Ejoin gateway: polls and pushes feed the same data."""

from dataclasses import replace
from typing import TYPE_CHECKING, override

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import (
    DeviceStatus,
    EjoinAuthenticationError,
    EjoinClient,
    EjoinError,
    SlotAddress,
    SlotStatus,
)
from .const import CONF_PUSH, DEFAULT_PUSH, DOMAIN, LOGGER, STATUS_INTERVAL_POLL, STATUS_INTERVAL_PUSH

if TYPE_CHECKING:
    from .data import EjoinConfigEntry


class EjoinCoordinator(DataUpdateCoordinator[DeviceStatus]):
    """Reads the full gateway status in one request and merges pushed status into it."""

    config_entry: EjoinConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: EjoinConfigEntry, client: EjoinClient
    ) -> None:
        """Set up the coordinator; the interval depends on whether push is on."""
        push = entry.options.get(CONF_PUSH, DEFAULT_PUSH)
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=STATUS_INTERVAL_PUSH if push else STATUS_INTERVAL_POLL,
            # Frozen models compare by value: an unchanged poll notifies nobody.
            always_update=False,
        )
        self.client = client
        # Every slot ever seen stays known: a slot missing from one dump is not proof
        # that the hardware is gone (field notes).
        self.known_slots: set[SlotAddress] = set()

    @override
    async def _async_update_data(self) -> DeviceStatus:
        """Fetch every slot's status in one request."""
        try:
            status = await self.client.get_status(all_slots=True)
        except EjoinAuthenticationError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="invalid_auth"
            ) from err
        except EjoinError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err
        self._remember(status)
        return status

    @callback
    def async_set_device_status(self, status: DeviceStatus) -> None:
        """Take a pushed ``dev-status`` as the new data."""
        self._remember(status)
        if status != self.data or not self.last_update_success:
            self.async_set_updated_data(status)

    @callback
    def async_set_slot_status(self, slot: SlotStatus) -> None:
        """Merge a pushed ``port-status`` for one slot into the data.

        A slot that becomes active makes its port's other slots inactive, since a port
        has one active slot at a time.
        """
        if self.data is None:
            return
        slots = dict(self.data.slots)
        if slot.active:
            for address, other in slots.items():
                if address.port == slot.address.port and address != slot.address and other.active:
                    slots[address] = replace(other, active=False)
        slots[slot.address] = slot
        status = replace(self.data, slots=slots)
        self.async_set_device_status(status)

    def _remember(self, status: DeviceStatus) -> None:
        """Track every slot seen, and drop devices of ports the gateway no longer has."""
        self.known_slots.update(status.slots)
        stale = {address for address in self.known_slots if address.port > status.max_ports}
        if stale:
            self.known_slots -= stale
            self._remove_port_devices(status)

    def _remove_port_devices(self, status: DeviceStatus) -> None:
        """Remove the devices of ports beyond the gateway's port count."""
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(registry, self.config_entry.entry_id):
            port = port_from_device(device)
            if port is not None and port > status.max_ports:
                registry.async_update_device(
                    device.id, remove_config_entry_id=self.config_entry.entry_id
                )


def port_from_device(device: dr.DeviceEntry) -> int | None:
    """Return the port number of one of our port devices, None for the gateway."""
    for domain, identifier in device.identifiers:
        if domain == DOMAIN and "_port_" in identifier:
            return int(identifier.rsplit("_port_", 1)[1])
    return None
