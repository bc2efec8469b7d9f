"""Diagnostics of an Ejoin gateway: the entry, its options and the latest status."""

from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME

from .api import SlotAddress
from .const import CONF_WEBHOOK_BASE_URL, CONF_WEBHOOK_ID
from .recipients import CONF_NUMBER

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .data import EjoinConfigEntry

#: Credentials, the SIMs' and modules' identities, phone numbers, the MAC (which
#: is also in the entry's title and unique id), the webhook's secret id, the push
#: URL (it holds the webhook base URL, a private address) and the SMS
#: recipients' numbers (their subentries).
TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_BASE_URL,
    "imei",
    "imsi",
    "iccid",
    "sim_number",
    CONF_NUMBER,
    "mac",
    "title",
    "unique_id",
    "url",
}


def _jsonable(value: Any) -> Any:
    """Turn the client's models into JSON-friendly data."""
    if isinstance(value, SlotAddress):
        return str(value)
    if isinstance(value, Enum):
        return value.name.lower()
    if isinstance(value, Decimal):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: _jsonable(getattr(value, item.name)) for item in fields(value)
        }
    if isinstance(value, dict):
        return {str(_jsonable(key)): _jsonable(item) for key, item in value.items()}
    return value


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: EjoinConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    push_target = runtime.push_target
    return async_redact_data(
        {
            "entry": entry.as_dict(),
            "options": dict(entry.options),
            "last_update_success": coordinator.last_update_success,
            "update_interval": str(coordinator.update_interval),
            # Secure session or password (see secure_session.py).
            "authentication": coordinator.secure_session.mode,
            "known_slots": sorted(str(address) for address in coordinator.known_slots),
            "status": _jsonable(coordinator.data),
            "push": {
                "enabled": push_target.enabled,
                "active": push_target.active,
                "url": push_target.url,
            },
            "messages": runtime.receiver.diagnostics(),
            # The HTTP API generations in use, preferred first (issue 13).
            "api": {
                "in_use": list(runtime.client.apis),
                "features": sorted(runtime.client.features),
            },
        },
        TO_REDACT,
    )
