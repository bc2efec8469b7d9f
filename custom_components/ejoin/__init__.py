"""The Ejoin GSM Gateway integration."""

from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_USERNAME,
    Platform,
)
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .api import EjoinClient
from .const import DOMAIN, REQUEST_TIMEOUT
from .coordinator import EjoinCoordinator, port_from_device
from .data import EjoinConfigEntry, EjoinRuntimeData
from .entity import gateway_device_info
from .messaging import async_remove_messaging, async_setup_messaging
from .services import async_setup_services

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.typing import ConfigType

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions once for every gateway."""
    async_setup_services(hass)
    return True


def create_client(hass: HomeAssistant, data: Mapping[str, Any]) -> EjoinClient:
    """Create a gateway client on Home Assistant's shared HTTP session."""
    return EjoinClient(
        data[CONF_HOST],
        port=int(data[CONF_PORT]),
        username=data[CONF_USERNAME],
        password=data[CONF_PASSWORD],
        session=async_get_clientsession(hass),
        request_timeout=REQUEST_TIMEOUT,
    )


async def async_setup_entry(hass: HomeAssistant, entry: EjoinConfigEntry) -> bool:
    """Set up one gateway: first status read, messaging, then the platforms."""
    client = create_client(hass, entry.data)
    coordinator = EjoinCoordinator(hass, entry, client)
    await coordinator.async_config_entry_first_refresh()
    # The gateway device first: every port device links to it.
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **gateway_device_info(coordinator)
    )
    entry.runtime_data = EjoinRuntimeData(client=client, coordinator=coordinator)
    entry.runtime_data.messaging = await async_setup_messaging(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: EjoinConfigEntry) -> bool:
    """Unload a gateway."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.messaging.async_unload()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: EjoinConfigEntry) -> None:
    """Stop the gateway's pushes to this Home Assistant when the entry is deleted."""
    await async_remove_messaging(hass, entry, create_client(hass, entry.data))


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: EjoinConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a port device only when the gateway no longer has that port.

    The gateway device stays as long as the entry; a port the gateway still has
    would come back with the next poll.
    """
    port = port_from_device(device)
    if port is None or entry.state is not ConfigEntryState.LOADED:
        return False
    return port > entry.runtime_data.coordinator.data.max_ports
