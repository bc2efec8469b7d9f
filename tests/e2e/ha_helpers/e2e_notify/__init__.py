"""A notifier that tells the end-to-end tests what it was sent (a test helper).

The API tests' Home Assistant has ``e2e_notify:`` in its configuration. Setup imports
one config entry, whose ``notify`` entity (``notify.e2e_phone``) stands for a
user's phone: every ``notify.send_message`` to it fires ``e2e_notify_message`` with
the entity id, title and message, which the tests watch over the websocket.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.config_entries import SOURCE_IMPORT, ConfigEntry
from homeassistant.const import Platform
import probatio

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.typing import ConfigType

DOMAIN = "e2e_notify"
PLATFORMS = [Platform.NOTIFY]

CONFIG_SCHEMA = probatio.Schema(
    {DOMAIN: probatio.Any(None, {})}, extra=probatio.ALLOW_EXTRA
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Import the one config entry (a second import aborts)."""
    if DOMAIN in config and not hass.config_entries.async_entries(DOMAIN):
        hass.async_create_task(
            hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_IMPORT}, data={}
            )
        )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set up the notify entity."""
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Remove the notify entity."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
