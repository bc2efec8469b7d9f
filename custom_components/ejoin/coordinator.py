"""The one data coordinator of an Ejoin gateway: polls and pushes feed the same data."""

from dataclasses import replace
import re
from typing import TYPE_CHECKING, override

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import (
    DeviceStatus,
    EjoinAuthenticationError,
    EjoinClient,
    EjoinError,
    EjoinUnsupportedError,
    PortState,
    SlotAddress,
    SlotStatus,
)
from .const import (
    CONF_PUSH,
    DEFAULT_PUSH,
    DOMAIN,
    LOGGER,
    REQUEST_REFRESH_COOLDOWN,
    STATUS_INTERVAL_POLL,
    STATUS_INTERVAL_PUSH,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from .data import EjoinConfigEntry

#: Fields a push may leave out although the slot still has them: keep the last
#: known value rather than turning them unknown until the next poll. A
#: ``port-status`` push carries no ``sig``, ``active`` or ``slot_active`` (doc 4.1.4).
_KEPT_WHEN_ABSENT = ("active", "enabled")
_KEPT_WHILE_SIM = ("signal", "inserted")
_SLOT_UNIQUE_ID = re.compile(r"(\d+)\.(\d+)_")


class EjoinCoordinator(DataUpdateCoordinator[DeviceStatus]):
    """Reads the full gateway status in one request and merges pushed status into it.

    ``data`` is the gateway's status without the message counters (``seq``,
    ``expires``), so an unchanged poll compares equal and notifies nobody.
    """

    config_entry: EjoinConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: EjoinConfigEntry, client: EjoinClient
    ) -> None:
        """Set up the coordinator; the interval depends on whether push is on."""
        # Until push registration says otherwise.
        push = entry.options.get(CONF_PUSH, DEFAULT_PUSH)
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=STATUS_INTERVAL_PUSH if push else STATUS_INTERVAL_POLL,
            # Frozen models compare by value: an unchanged poll notifies nobody.
            always_update=False,
            # A command's result shows within a second, also the second command's.
            request_refresh_debouncer=Debouncer(
                hass, LOGGER, cooldown=REQUEST_REFRESH_COOLDOWN, immediate=True
            ),
        )
        self.client = client
        # Every slot ever seen stays known: a slot missing from one dump is not proof
        # that the hardware is gone (field notes). Only a gateway that declares
        # fewer ports or slots drops them.
        self.known_slots: set[SlotAddress] = set()
        self._size: tuple[int, int] | None = None
        self._firmware: str | None = None
        #: Called when the gateway reports another firmware version: its API
        #: generation is then checked again (issue 13, generation.py).
        self.on_firmware_change: Callable[[], None] | None = None

    @property
    def mac(self) -> str:
        """Return the gateway's MAC: the entry's unique id, else the polled one."""
        return self.config_entry.unique_id or self.data.mac or ""

    @callback
    def set_push_working(self, working: bool) -> None:
        """Poll slowly while pushes keep the data fresh, often otherwise.

        Pushes never postpone a poll: the poll is the watchdog that notices an
        unreachable gateway or rejected credentials, whatever pushes arrive.
        """
        self.update_interval = STATUS_INTERVAL_PUSH if working else STATUS_INTERVAL_POLL

    @override
    async def _async_update_data(self) -> DeviceStatus:
        """Fetch every slot's status in one request."""
        try:
            status = await self.client.get_status(all_slots=True)
        except EjoinAuthenticationError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="auth_failed"
            ) from err
        except EjoinError as err:
            if isinstance(err, EjoinUnsupportedError) and self.on_firmware_change:
                # The gateway lost the endpoint: its firmware (API) changed.
                self.on_firmware_change()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        status = _without_counters(status)
        self._remember(status)
        return status

    @callback
    def async_set_device_status(self, status: DeviceStatus) -> None:
        """Merge a pushed ``dev-status`` into the data.

        A push may carry only some slots (the current one of each port), so the
        slots it names replace theirs and the others stay as they are. The size
        of the gateway is the polled one (see :meth:`_fits`).
        """
        status = _without_counters(status)
        pushed = [slot for slot in status.slots.values() if self._fits(slot)]
        if len(pushed) < len(status.slots):
            self._log_ignored(len(status.slots) - len(pushed))
        slots = _merge_slots(self.data.slots, pushed)
        merged = replace(
            status,
            mac=status.mac or self.data.mac,
            ip=status.ip or self.data.ip,
            firmware=status.firmware or self.data.firmware,
            max_ports=self.data.max_ports,
            slots_per_port=self.data.slots_per_port,
            slots=slots,
        )
        self._publish(merged)

    @callback
    def async_set_slot_status(self, slot: SlotStatus) -> None:
        """Merge a pushed ``port-status`` for one slot into the data.

        A slot that becomes active makes its port's other slots inactive, since a
        port has one active slot at a time.
        """
        if not self._fits(slot):
            self._log_ignored(1)
            return
        self._publish(replace(self.data, slots=_merge_slots(self.data.slots, (slot,))))

    def _fits(self, slot: SlotStatus) -> bool:
        """Return whether a pushed slot lies within the polled size of the gateway.

        Pushes come unauthenticated (anyone on the network may post to the
        webhook): they update slots, but never add ports. A push naming port
        600000 would otherwise create that many devices; the next poll shows a
        slot that really is new.
        """
        address = slot.address
        return (
            address.port <= self.data.max_ports
            and address.slot <= self.data.slots_per_port
        )

    def _log_ignored(self, count: int) -> None:
        """Note pushed slots beyond the gateway's size."""
        LOGGER.debug(
            "Ignoring the pushed status of %s slot(s) beyond the gateway's %s x %s",
            count,
            self.data.max_ports,
            self.data.slots_per_port,
        )

    @callback
    def _publish(self, status: DeviceStatus) -> None:
        """Make pushed ``status`` the data, notifying listeners only when it changed.

        Unlike ``async_set_updated_data`` this keeps the poll's schedule and its
        verdict on availability: a push is unauthenticated (anyone on the network
        may post to the webhook), so it may change what entities show, not
        whether the gateway counts as reachable.
        """
        self._remember(status)
        if status != self.data:
            self.data = status
            self.async_update_listeners()

    def _remember(self, status: DeviceStatus) -> None:
        """Track the slots seen; forget what a smaller gateway no longer has."""
        self.known_slots.update(status.slots)
        size = (status.max_ports, status.slots_per_port)
        if size != self._size:
            self._size = size
            self._remove_stale(status)
        if status.firmware != self._firmware:
            if self._firmware is not None:
                self._update_firmware(status)
                if self.on_firmware_change is not None:
                    self.on_firmware_change()
            self._firmware = status.firmware

    def _remove_stale(self, status: DeviceStatus) -> None:
        """Remove port devices and slot entities beyond the gateway's size."""
        self.known_slots = {
            address
            for address in self.known_slots
            if address.port <= status.max_ports
            and address.slot <= status.slots_per_port
        }
        entry_id = self.config_entry.entry_id
        device_registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(device_registry, entry_id):
            port = port_from_device(device)
            if port is not None and port > status.max_ports:
                LOGGER.debug("Removing device of port %s, gone from the gateway", port)
                device_registry.async_update_device(
                    device.id, remove_config_entry_id=entry_id
                )
        entity_registry = er.async_get(self.hass)
        prefix = f"{self.mac}_"
        for entity in er.async_entries_for_config_entry(entity_registry, entry_id):
            address = _slot_from_unique_id(entity.unique_id, prefix)
            if address is not None and address.slot > status.slots_per_port:
                entity_registry.async_remove(entity.entity_id)

    def _update_firmware(self, status: DeviceStatus) -> None:
        """Show a new firmware version on the gateway device."""
        device_registry = dr.async_get(self.hass)
        if self.mac and (
            device := device_registry.async_get_device_by_identifier(
                (DOMAIN, self.mac), self.config_entry.entry_id
            )
        ):
            device_registry.async_update_device(device.id, sw_version=status.firmware)


def _without_counters(status: DeviceStatus) -> DeviceStatus:
    """Drop the message counters, which change with every message."""
    return replace(status, seq=None, expires=None)


def _merge_slots(
    current: Mapping[SlotAddress, SlotStatus], pushed: Iterable[SlotStatus]
) -> dict[SlotAddress, SlotStatus]:
    """Return ``current`` with the ``pushed`` slots merged in, in address order."""
    slots = dict(current)
    added = False
    for pushed_slot in pushed:
        old = slots.get(pushed_slot.address)
        if old is None:
            added = True
            slot = pushed_slot
        else:
            slot = _keep_absent(old, pushed_slot)
        if slot.active:
            for sibling in _siblings(slots, slot.address):
                slots[sibling.address] = replace(sibling, active=False)
        slots[slot.address] = slot
    return dict(sorted(slots.items())) if added else slots


def _siblings(
    slots: dict[SlotAddress, SlotStatus], address: SlotAddress
) -> list[SlotStatus]:
    """Return the other active slots of the port of ``address``."""
    return [
        other
        for other_address, other in slots.items()
        if other_address.port == address.port
        and other_address != address
        and other.active
    ]


def _keep_absent(old: SlotStatus, new: SlotStatus) -> SlotStatus:
    """Fill fields a push left out with the slot's last known values."""
    kept = {name: getattr(old, name) for name in _KEPT_WHEN_ABSENT}
    if new.state is not PortState.NO_SIM:
        kept.update((name, getattr(old, name)) for name in _KEPT_WHILE_SIM)
    changes = {
        name: value
        for name, value in kept.items()
        if value is not None and getattr(new, name) is None
    }
    return replace(new, **changes) if changes else new


def _slot_from_unique_id(unique_id: str, prefix: str) -> SlotAddress | None:
    """Return the slot of a slot entity's unique id ``<mac>_<3.02>_<key>``."""
    if match := _SLOT_UNIQUE_ID.match(unique_id.removeprefix(prefix)):
        return SlotAddress(int(match.group(1)), int(match.group(2)))
    return None


def port_from_device(device: dr.DeviceEntry) -> int | None:
    """Return the port number of one of our port devices, None for the gateway."""
    for domain, identifier in device.identifiers:
        if domain == DOMAIN and "_port_" in identifier:
            return int(identifier.rsplit("_port_", 1)[1])
    return None
