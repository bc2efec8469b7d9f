"""Messaging of one gateway: webhook, push registration and the inbox (being written)."""

from homeassistant.core import HomeAssistant

from .api import EjoinClient
from .data import EjoinConfigEntry


class EjoinMessaging:
    """Receives the gateway's pushes and polls its inbox."""

    async def async_unload(self) -> None:
        """Stop receiving."""


async def async_setup_messaging(hass: HomeAssistant, entry: EjoinConfigEntry) -> EjoinMessaging:
    """Start messaging for a gateway."""
    return EjoinMessaging()


async def async_remove_messaging(
    hass: HomeAssistant, entry: EjoinConfigEntry, client: EjoinClient
) -> None:
    """Stop the gateway's pushes when its entry is deleted."""
