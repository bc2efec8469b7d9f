"""SMS recipients: config subentries of a gateway, each a notify entity.

A recipient is a person's name (the subentry's title), a phone number and,
optionally, the ports or slots to send from. The notify platform is set up only
for a gateway that has recipients: the first one added sets it up at once, later
ones are added by the platform itself (:mod:`.notify`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.const import Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect

if TYPE_CHECKING:
    from collections.abc import Iterable

    from homeassistant.config_entries import ConfigEntry, ConfigSubentry

    from .data import EjoinConfigEntry

SUBENTRY_RECIPIENT: Final = "recipient"
CONF_NUMBER: Final = "number"
CONF_PORTS: Final = "ports"


def recipient_subentries(entry: ConfigEntry) -> dict[str, ConfigSubentry]:
    """Return the entry's recipients by subentry id."""
    return {
        subentry_id: subentry
        for subentry_id, subentry in entry.subentries.items()
        if subentry.subentry_type == SUBENTRY_RECIPIENT
    }


def platforms_of(entry: ConfigEntry, platforms: Iterable[Platform]) -> list[Platform]:
    """Return the platforms to set up: ``platforms``, and notify with recipients."""
    result = list(platforms)
    if recipient_subentries(entry):
        result.append(Platform.NOTIFY)
    return result


@callback
def async_follow_recipients(
    hass: HomeAssistant, entry: EjoinConfigEntry
) -> CALLBACK_TYPE:
    """Set up the notify platform once the loaded entry gets its first recipient."""

    @callback
    def _changed(change: ConfigEntryChange, changed: ConfigEntry) -> None:
        if (
            changed is not entry
            or change is not ConfigEntryChange.UPDATED
            or entry.state is not ConfigEntryState.LOADED
        ):
            return
        platforms = entry.runtime_data.platforms
        if Platform.NOTIFY in platforms or not recipient_subentries(entry):
            return
        platforms.append(Platform.NOTIFY)
        hass.async_create_task(
            hass.config_entries.async_forward_entry_setups(entry, [Platform.NOTIFY]),
            f"ejoin notify platform of {entry.title}",
        )

    return async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, _changed)
