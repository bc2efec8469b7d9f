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
from homeassistant.core import callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .api import ApiVersion, EjoinClient
from .card import async_register_card
from .const import (
    CONF_HISTORY_SIZE,
    CONF_INBOX_POLLING,
    DEFAULT_HISTORY_SIZE,
    DEFAULT_INBOX_POLLING,
    DOMAIN,
    REQUEST_TIMEOUT,
)
from .coordinator import EjoinCoordinator, port_from_device
from .data import EjoinConfigEntry, EjoinRuntimeData
from .entity import gateway_device_info
from .entity_budget import SlotBudget
from .events import MessageEvents
from .generation import async_check_api, async_ensure_api, entry_apis
from .history import MessageHistory, async_remove_history
from .inbox import InboxPoller
from .journal import Journal, JournalError
from .modem import ModemCommands
from .push_source import async_reset_push_sources
from .push_target import ISSUE_NO_URL, PushTarget, async_stop_gateway_pushes
from .radio import radio_coordinator
from .receiver import MessageReceiver
from .recipients import async_follow_recipients, platforms_of
from .secure_session import async_prepare_one_off, password_allowed
from .sender import MessageSender
from .services import async_setup_services
from .webhook import (
    async_drain_spool,
    async_register_entry_webhook,
    async_remove_entry_webhook,
    async_setup_webhooks,
)
from .websocket_api import async_setup_websocket_api

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
    """Register the actions, the webhooks that outlive reloads, and the card."""
    async_setup_services(hass)
    await async_setup_webhooks(hass)
    async_setup_websocket_api(hass)
    await async_register_card(hass)
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
        # The API generations the gateway speaks (issue 13); v2.1 for old entries.
        apis=entry_apis(data) or (ApiVersion.V2,),
    )


async def async_setup_entry(hass: HomeAssistant, entry: EjoinConfigEntry) -> bool:
    """Set up one gateway: status, messaging parts, platforms, then waiting pushes."""
    async_register_entry_webhook(hass, entry)
    async_reset_push_sources(hass, entry)
    client = create_client(hass, entry.data)
    # API v3 (issue 13): an entry from before v3 asks once which API the gateway
    # speaks; a firmware change asks again (the entry reloads if it changed).
    mode = await async_ensure_api(hass, entry, client)
    coordinator = EjoinCoordinator(hass, entry, client)
    if mode is not None:
        # The question was asked through the session: no second handshake.
        coordinator.secure_session.negotiated(
            mode, allow_password=password_allowed(entry.data)
        )

    @callback
    def check_api() -> None:
        entry.async_create_background_task(
            hass,
            async_check_api(hass, entry, create_client(hass, entry.data)),
            f"{DOMAIN} API check",
        )

    coordinator.on_firmware_change = check_api
    await coordinator.async_config_entry_first_refresh()
    # The gateway device first: every port device links to it.
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **gateway_device_info(coordinator)
    )
    journal = Journal(hass, entry.entry_id)
    ledger = await journal.async_load()
    events = MessageEvents(hass, entry.entry_id, device.id, coordinator.mac)
    history = MessageHistory(
        hass,
        entry.entry_id,
        int(entry.options.get(CONF_HISTORY_SIZE, DEFAULT_HISTORY_SIZE)),
    )
    await history.async_load()
    entry.async_on_unload(history.async_stop)
    entry.async_on_unload(events.async_add_listener(history.async_add_events))
    receiver = MessageReceiver(hass, entry, ledger, journal, events)
    entry.async_on_unload(receiver.async_stop)
    inbox = InboxPoller(
        hass,
        entry,
        client,
        receiver,
        enabled=entry.options.get(CONF_INBOX_POLLING, DEFAULT_INBOX_POLLING),
    )
    entry.async_on_unload(inbox.async_stop)
    receiver.on_repeat = inbox.schedule_recheck
    push_target = PushTarget(hass, entry, client, coordinator, receiver)
    entry.async_on_unload(push_target.async_stop)
    inbox.on_renumbered = push_target.async_register
    sender = MessageSender(hass, client, receiver, push_target)
    entry.async_on_unload(sender.async_stop)
    entry.runtime_data = EjoinRuntimeData(
        client=client,
        coordinator=coordinator,
        device_id=device.id,
        receiver=receiver,
        inbox=inbox,
        push_target=push_target,
        sender=sender,
        slot_budget=SlotBudget(hass, coordinator),
        modem=ModemCommands(entry),
        radio=radio_coordinator(hass, entry, client, coordinator),
        history=history,
        platforms=platforms_of(entry, PLATFORMS),
    )
    push_target.async_add_listener(coordinator.set_push_working)
    push_target.async_add_listener(inbox.set_push_working)
    try:
        await push_target.async_start()
        await inbox.async_start()
    except JournalError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="storage_failed",
            translation_placeholders={"error": str(err)},
        ) from err
    if (radio := entry.runtime_data.radio) is not None:
        # Not fatal: the radio entities stay unavailable until a poll succeeds.
        await radio.async_refresh()
    await hass.config_entries.async_forward_entry_setups(
        entry, entry.runtime_data.platforms
    )
    entry.async_on_unload(async_follow_recipients(hass, entry))
    # Entities listen now: fire what waited, and take pushes again.
    receiver.async_start()
    entry.runtime_data.accepting = True
    await async_drain_spool(hass, entry)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: EjoinConfigEntry) -> bool:
    """Unload a gateway; its pushes wait in the spool until it is back."""
    entry.runtime_data.accepting = False
    return await hass.config_entries.async_unload_platforms(
        entry, entry.runtime_data.platforms
    )


async def async_remove_entry(hass: HomeAssistant, entry: EjoinConfigEntry) -> None:
    """Stop the gateway's pushes to this Home Assistant and forget its messages."""
    journal = Journal(hass, entry.entry_id)
    ledger = await journal.async_load()
    client = create_client(hass, entry.data)
    if await async_prepare_one_off(client, entry.data):
        await async_stop_gateway_pushes(client, ledger.push_url)
    await journal.async_remove()
    await async_remove_history(hass, entry.entry_id)
    await async_remove_entry_webhook(hass, entry)
    ir.async_delete_issue(hass, DOMAIN, f"{ISSUE_NO_URL}_{entry.entry_id}")
    async_reset_push_sources(hass, entry)


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
