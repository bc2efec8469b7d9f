"""Device triggers of a gateway: a message was received, optionally from a sender.

Each trigger listens to the bus event of its kind with the gateway's device id, so
automations built in the editor fire exactly when the event does.
"""

from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.components.homeassistant.triggers import event as event_trigger
from homeassistant.const import (
    ATTR_DEVICE_ID,
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_EVENT,
    CONF_EVENT_DATA,
    CONF_PLATFORM,
    CONF_TYPE,
)
from homeassistant.helpers import config_validation as cv, device_registry as dr
import voluptuous as vol

from .const import (
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_MMS_RECEIVED,
    EVENT_SMS_RECEIVED,
    EVENT_TYPE_DELIVERY_REPORT,
    EVENT_TYPE_MMS_RECEIVED,
    EVENT_TYPE_SMS_RECEIVED,
)

if TYPE_CHECKING:
    from homeassistant.core import CALLBACK_TYPE, HomeAssistant
    from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
    from homeassistant.helpers.typing import ConfigType

CONF_SENDER: Final = "sender"

#: Trigger type -> the bus event it listens to.
TRIGGER_EVENTS: Final = {
    EVENT_TYPE_SMS_RECEIVED: EVENT_SMS_RECEIVED,
    EVENT_TYPE_DELIVERY_REPORT: EVENT_DELIVERY_REPORT,
    EVENT_TYPE_MMS_RECEIVED: EVENT_MMS_RECEIVED,
}
#: Trigger types that can be narrowed to one sender.
SENDER_TYPES: Final = frozenset({EVENT_TYPE_SMS_RECEIVED, EVENT_TYPE_MMS_RECEIVED})
SENDER_FIELDS: Final[dict[Any, Any]] = {vol.Optional(CONF_SENDER): cv.string}

TRIGGER_SCHEMA: Final = vol.Any(
    DEVICE_TRIGGER_BASE_SCHEMA.extend(
        {vol.Required(CONF_TYPE): vol.In(SENDER_TYPES), **SENDER_FIELDS}
    ),
    DEVICE_TRIGGER_BASE_SCHEMA.extend(
        {vol.Required(CONF_TYPE): vol.In([EVENT_TYPE_DELIVERY_REPORT])}
    ),
)


def _is_gateway(device: dr.DeviceEntry) -> bool:
    """Return True for a gateway device (not one of its ports)."""
    return any(
        domain == DOMAIN and "_port_" not in identifier
        for domain, identifier in device.identifiers
    )


async def async_get_triggers(
    hass: HomeAssistant, device_id: str
) -> list[dict[str, str]]:
    """List the triggers of a gateway device."""
    device = dr.async_get(hass).async_get(device_id, include_child_devices=False)
    if device is None or not _is_gateway(device):
        return []
    return [
        {
            CONF_PLATFORM: "device",
            CONF_DOMAIN: DOMAIN,
            CONF_DEVICE_ID: device_id,
            CONF_TYPE: trigger_type,
        }
        for trigger_type in TRIGGER_EVENTS
    ]


async def async_get_trigger_capabilities(
    hass: HomeAssistant, config: ConfigType
) -> dict[str, vol.Schema]:
    """Offer the optional sender filter where a message has a sender."""
    if config[CONF_TYPE] in SENDER_TYPES:
        return {"extra_fields": vol.Schema(SENDER_FIELDS)}
    return {}


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Listen for the trigger's event from this gateway (and sender)."""
    event_data: dict[str, Any] = {ATTR_DEVICE_ID: config[CONF_DEVICE_ID]}
    if sender := config.get(CONF_SENDER):
        event_data[CONF_SENDER] = sender
    event_config = event_trigger.TRIGGER_SCHEMA(
        {
            CONF_PLATFORM: CONF_EVENT,
            event_trigger.CONF_EVENT_TYPE: TRIGGER_EVENTS[config[CONF_TYPE]],
            CONF_EVENT_DATA: event_data,
        }
    )
    return await event_trigger.async_attach_trigger(
        hass, event_config, action, trigger_info, platform_type="device"
    )
