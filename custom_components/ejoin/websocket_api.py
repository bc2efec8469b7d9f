"""The websocket commands of the gateway card (protocol: frontend/PROTOCOL.md).

``ejoin/gateways`` lists the gateways, ``ejoin/subscribe`` follows one (a snapshot,
then what changes), ``ejoin/slot_statistics`` reads a SIM's SMS counters. All
three only read, so every logged-in user may use them; what changes a gateway goes
through the integration's actions.

A subscription is fed by the coordinator and by the message history, never by
entity states, so the card works with every per-slot entity disabled (and with
the slots Home Assistant's limit of entities per entry leaves without any). The
coordinator tells that *something* changed: the subscription compares each slot
with what it sent last and sends only those the card would show differently, at
most every :data:`SLOT_UPDATE_DELAY` seconds. Unchanged slots are the very same
objects as before, so on a 512 x 32 gateway the comparison takes milliseconds.
Messages go out as they are fired.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.const import (
    ERR_INVALID_FORMAT,
    ERR_NOT_FOUND,
)
from homeassistant.components.websocket_api.decorators import (
    async_response,
    websocket_command,
)
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
import voluptuous as vol

from .api import (
    EjoinRefusedError,
    EjoinResponseError,
    SlotAddress,
    SmsStatistics,
    StatPeriod,
)
from .const import ATTR_CONFIG_ENTRY_ID, DOMAIN
from .helpers import ejoin_query
from .slot_data import balance_currency, slot_payload

if TYPE_CHECKING:
    from datetime import datetime

    from homeassistant.components.websocket_api.connection import ActiveConnection
    from homeassistant.helpers.typing import VolDictType

    from .api import SlotStatus
    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

#: Seconds within which changed slots reach the card: a burst of pushes (a
#: gateway of many ports) costs one comparison and one message.
SLOT_UPDATE_DELAY: Final = 0.5


def gateway_payload(entry: EjoinConfigEntry, *, available: bool) -> dict[str, Any]:
    """Return the protocol's ``Gateway`` of a loaded entry."""
    coordinator = entry.runtime_data.coordinator
    status = coordinator.data
    return {
        "config_entry_id": entry.entry_id,
        "title": entry.title,
        "mac": coordinator.mac,
        "firmware": status.firmware,
        "ports": status.max_ports,
        "slots_per_port": status.slots_per_port,
        "available": available and coordinator.last_update_success,
    }


def _loaded_entry(hass: HomeAssistant, entry_id: str) -> EjoinConfigEntry | None:
    """Return the loaded gateway entry ``entry_id``, None if there is none."""
    entry: EjoinConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if (
        entry is None
        or entry.domain != DOMAIN
        or entry.state is not ConfigEntryState.LOADED
    ):
        return None
    return entry


def _send_not_found(connection: ActiveConnection, msg_id: int) -> None:
    connection.send_error(msg_id, ERR_NOT_FOUND, "No loaded Ejoin gateway with this id")


@callback
def async_setup_websocket_api(hass: HomeAssistant) -> None:
    """Register the card's commands."""
    async_register_command(hass, ws_gateways)
    async_register_command(hass, ws_subscribe)
    async_register_command(hass, ws_slot_statistics)


def _schema(schema: dict[Any, Any]) -> VolDictType:
    """Return a command schema; under Home Assistant, voluptuous is probatio's."""
    return cast("VolDictType", schema)


@websocket_command(_schema({vol.Required("type"): f"{DOMAIN}/gateways"}))
@callback
def ws_gateways(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """List every configured gateway; the size of those that are loaded."""
    gateways: list[dict[str, Any]] = []
    entry: EjoinConfigEntry
    for entry in hass.config_entries.async_entries(DOMAIN):
        loaded = entry.state is ConfigEntryState.LOADED
        status = entry.runtime_data.coordinator.data if loaded else None
        gateways.append(
            {
                "config_entry_id": entry.entry_id,
                "title": entry.title,
                "mac": entry.unique_id,
                "ports": None if status is None else status.max_ports,
                "slots_per_port": None if status is None else status.slots_per_port,
                "loaded": loaded,
            }
        )
    connection.send_result(msg["id"], {"gateways": gateways})


@websocket_command(
    _schema(
        {
            vol.Required("type"): f"{DOMAIN}/subscribe",
            vol.Required(ATTR_CONFIG_ENTRY_ID): str,
        }
    )
)
@callback
def ws_subscribe(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Follow a gateway: a snapshot first, then what changes."""
    entry = _loaded_entry(hass, msg[ATTR_CONFIG_ENTRY_ID])
    if entry is None:
        _send_not_found(connection, msg["id"])
        return
    connection.send_result(msg["id"])
    subscription = _GatewaySubscription(hass, connection, msg["id"], entry)
    connection.subscriptions[msg["id"]] = subscription.async_stop


@websocket_command(
    _schema(
        {
            vol.Required("type"): f"{DOMAIN}/slot_statistics",
            vol.Required(ATTR_CONFIG_ENTRY_ID): str,
            vol.Required("slot"): str,
        }
    )
)
@async_response
async def ws_slot_statistics(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Return the gateway's cumulative SMS counters of one SIM slot."""
    entry = _loaded_entry(hass, msg[ATTR_CONFIG_ENTRY_ID])
    if entry is None:
        _send_not_found(connection, msg["id"])
        return
    coordinator = entry.runtime_data.coordinator
    try:
        address = SlotAddress.parse(msg["slot"])
    except ValueError as err:
        connection.send_error(msg["id"], ERR_INVALID_FORMAT, str(err))
        return
    status = coordinator.data
    if address.port > status.max_ports or address.slot > status.slots_per_port:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "The gateway has no such slot")
        return
    row = await _sms_counters(coordinator, address)
    counters = None if row is None else _counters(row)
    connection.send_result(msg["id"], {"slot": str(address), "sms": counters})


@ejoin_query
async def _sms_counters(
    coordinator: EjoinCoordinator, address: SlotAddress
) -> SmsStatistics | None:
    """Read one slot's cumulative counters; None when the gateway cannot say."""
    try:
        rows = await coordinator.client.get_sms_statistics(
            address.port, address.slot, StatPeriod.CUMULATIVE
        )
    except EjoinRefusedError, EjoinResponseError:
        # Firmware without the statistics page answers 404 or refuses it.
        return None
    return next((row for row in rows if row.address == address), None)


def _counters(row: SmsStatistics) -> dict[str, int] | None:
    """Return the counters the gateway gave, by the card's names."""
    counters = {
        "sent": row.sent,
        "failed": row.sent_failed,
        "received": row.received,
    }
    given = {name: value for name, value in counters.items() if value is not None}
    return given or None


class _GatewaySubscription:
    """One card following one gateway, across reloads of its entry.

    Created for a loaded entry: it sends the snapshot at once.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        connection: ActiveConnection,
        msg_id: int,
        entry: EjoinConfigEntry,
    ) -> None:
        """Send the snapshot, then follow the gateway and its entry's reloads."""
        self._hass = hass
        self._connection = connection
        self._msg_id = msg_id
        self._entry = entry
        self._detach: list[CALLBACK_TYPE] = []
        self._unsub_flush: CALLBACK_TYPE | None = None
        #: The slot statuses the card was last sent, by address.
        self._sent_slots: dict[SlotAddress, SlotStatus | None] = {}
        self._sent_gateway: dict[str, Any] = {}
        self._currency = ""
        self._unsub_state = entry.async_on_state_change(self._entry_changed)
        self._attach()

    @callback
    def async_stop(self) -> None:
        """End the subscription (the card unsubscribed or disconnected)."""
        self._unsub_state()
        self._release()

    @callback
    def _entry_changed(self) -> None:
        """Start over on a (re)loaded entry; mark the gateway gone while it is not."""
        if self._entry.state is ConfigEntryState.LOADED:
            self._attach()
        elif self._detach:
            # Still set up: the entry's parts are being unloaded now.
            self._send({"type": "gateway", "gateway": self._gateway(available=False)})
            self._release()

    def _attach(self) -> None:
        runtime = self._entry.runtime_data
        self._currency = balance_currency(self._hass, self._entry)
        self._detach = [
            runtime.coordinator.async_add_listener(self._coordinator_updated),
            runtime.history.async_add_listener(self._history_changed),
        ]
        self._send_snapshot()

    def _release(self) -> None:
        for detach in self._detach:
            detach()
        self._detach = []
        if self._unsub_flush is not None:
            self._unsub_flush()
            self._unsub_flush = None

    def _send(self, payload: dict[str, Any]) -> None:
        self._connection.send_message(event_message(self._msg_id, payload))

    def _gateway(self, *, available: bool = True) -> dict[str, Any]:
        return gateway_payload(self._entry, available=available)

    def _send_snapshot(self) -> None:
        runtime = self._entry.runtime_data
        coordinator = runtime.coordinator
        slots = coordinator.data.slots
        self._sent_slots = {
            address: slots.get(address) for address in sorted(coordinator.known_slots)
        }
        self._sent_gateway = self._gateway()
        self._send(
            {
                "type": "snapshot",
                "gateway": self._sent_gateway,
                "slots": [
                    slot_payload(address, slot, self._currency)
                    for address, slot in self._sent_slots.items()
                ],
                "messages": runtime.history.messages(),
            }
        )

    @callback
    def _coordinator_updated(self) -> None:
        if self._unsub_flush is None:
            self._unsub_flush = async_call_later(
                self._hass, SLOT_UPDATE_DELAY, self._flush
            )

    @callback
    def _flush(self, _now: datetime) -> None:
        """Send the gateway and the slots that changed since they were last sent."""
        self._unsub_flush = None
        gateway = self._gateway()
        sent = self._sent_gateway
        if (gateway["ports"], gateway["slots_per_port"]) != (
            sent["ports"],
            sent["slots_per_port"],
        ):
            # Ports or slots went away: the card starts over.
            self._send_snapshot()
            return
        if gateway != sent:
            self._sent_gateway = gateway
            self._send({"type": "gateway", "gateway": gateway})
        coordinator = self._entry.runtime_data.coordinator
        slots = coordinator.data.slots
        changed: list[dict[str, Any]] = []
        for address in coordinator.known_slots:
            slot = slots.get(address)
            old = self._sent_slots.get(address)
            if slot is old and address in self._sent_slots:
                continue
            self._sent_slots[address] = slot
            payload = slot_payload(address, slot, self._currency)
            # A new status may differ only in what the card does not show.
            if old is None or payload != slot_payload(address, old, self._currency):
                changed.append(payload)
        if changed:
            changed.sort(key=lambda item: (item["port"], item["index"]))
            self._send({"type": "slots", "slots": changed})

    @callback
    def _history_changed(self, message: dict[str, Any] | None) -> None:
        if message is None:
            self._send({"type": "history_cleared"})
        else:
            self._send({"type": "message", "message": message})
