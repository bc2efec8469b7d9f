"""The one data coordinator of an Ejoin gateway: polls and pushes feed the same data."""

from dataclasses import replace
from functools import partial
import re
from typing import TYPE_CHECKING, Any, override

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import (
    MAX_PORTS,
    MAX_SLOTS,
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
from .secure_session import SecureSessionRefusedError, SessionKeeper
from .updates import ScopedListeners, SlotChanges, slot_changes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from .data import EjoinConfigEntry

#: Fields a push may leave out although the slot still has them: keep the last
#: known value rather than turning them unknown until the next poll. A
#: ``port-status`` push carries no ``sig``, ``active`` or ``slot_active`` (doc 4.1.4).
_KEPT_WHEN_ABSENT = ("active", "enabled")
_KEPT_WHILE_SIM = ("signal", "inserted")
_SLOT_UNIQUE_ID = re.compile(r"(\d+)\.(\d+)_")
#: Gateways with more slots than this work out their changes in a thread.
_DIFF_IN_THREAD = 2000


class EjoinCoordinator(DataUpdateCoordinator[DeviceStatus]):
    """Reads the full gateway status in one request and merges pushed status into it.

    ``data`` is the gateway's status without the message counters (``seq``,
    ``expires``). An update tells only the entities whose slot or port changed
    (:mod:`.updates`); an unchanged poll keeps the same data object.
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
            # What changed is worked out per slot (see _async_update_data), not by
            # comparing thousands of slots on the event loop.
            always_update=True,
            # A command's result shows within a second, also the second command's.
            request_refresh_debouncer=Debouncer(
                hass, LOGGER, cooldown=REQUEST_REFRESH_COOLDOWN, immediate=True
            ),
        )
        self.client = client
        #: Secure session or password: negotiated before the first poll, and again
        #: when due (see secure_session.py).
        self.secure_session = SessionKeeper(
            hass, entry, client, self._auth_mode_changed
        )
        self._auth_mode_known = False
        # Every slot ever seen stays known: a slot missing from one dump is not proof
        # that the hardware is gone (field notes). Only a gateway that declares
        # fewer ports or slots drops them.
        self.known_slots: set[SlotAddress] = set()
        #: Changes whenever the known slots or the gateway's size change.
        self.layout = 0
        self._size: tuple[int, int] | None = None
        self._firmware: str | None = None
        self._out_of_range_logged = False
        self._scoped = ScopedListeners()
        #: The data and availability the listeners were last told about.
        self._notified: tuple[DeviceStatus | None, bool] | None = None
        #: The last change worked out: from which data, to which, and what.
        self._changes: tuple[DeviceStatus, DeviceStatus, SlotChanges] | None = None
        #: Called when the gateway reports another firmware version: its API
        #: generation is then checked again (issue 13, generation.py).
        self.on_firmware_change: Callable[[], None] | None = None

    @override
    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, context: Any = None
    ) -> Callable[[], None]:
        """Listen for updates; with an :class:`UpdateScope`, only for its own."""
        remove = super().async_add_listener(update_callback, context)
        unindex = self._scoped.add(update_callback, context)

        @callback
        def remove_both() -> None:
            unindex()
            remove()

        return remove_both

    @callback
    @override
    def async_update_listeners(self) -> None:
        """Tell the listeners of what changed; everybody when that is not known.

        Targeted only from exactly the data the listeners last saw, with the
        gateway reachable before and after: anything else (a failed poll, a
        recovery, an error of a command) reaches every entity.
        """
        seen, self._notified = self._notified, (self.data, self.last_update_success)
        changes = self._changes
        if (
            changes is not None
            and seen is not None
            and seen[1]
            and self.last_update_success
            and changes[0] is seen[0]
            and changes[1] is self.data
        ):
            self._scoped.notify(changes[2])
            return
        super().async_update_listeners()

    @callback
    def _auth_mode_changed(self) -> None:
        """Show the new mode; a gateway that changed it may speak another API too."""
        if self._auth_mode_known and self.on_firmware_change is not None:
            self.on_firmware_change()
        self._auth_mode_known = True
        self.async_update_listeners()

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
            await self.secure_session.async_ensure()
            status = await self.client.get_status(all_slots=True)
        except EjoinAuthenticationError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="auth_failed"
            ) from err
        except SecureSessionRefusedError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="secure_session_refused"
            ) from err
        except EjoinError as err:
            # Back from an outage (or a reboot), the gateway is asked again.
            self.secure_session.handshake_due()
            if isinstance(err, EjoinUnsupportedError) and self.on_firmware_change:
                # The gateway lost the endpoint: its firmware (API) changed.
                self.on_firmware_change()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        if status.out_of_range and not self._out_of_range_logged:
            # Once: a broken reply tends to come back with every poll.
            self._out_of_range_logged = True
            LOGGER.warning(
                "%s reported %s slots or sizes beyond %s ports x %s slots; left out",
                self.config_entry.title,
                status.out_of_range,
                MAX_PORTS,
                MAX_SLOTS,
            )
        status = _without_counters(status)
        old = self.data
        if old is None or not _same_device(old, status):
            self._remember(status, None)
            return status
        changes = await self._off_loop_when_big(
            len(status.slots), slot_changes, old.slots, status.slots
        )
        if not changes:
            # Nothing new: the same object, and only unscoped listeners hear it.
            status = old
        self._changes = (old, status, changes)
        self._remember(status, changes)
        return status

    async def _off_loop_when_big[**P, T](
        self, slots: int, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Return ``func(*args)``; for a gateway of many ``slots`` from a thread."""
        if slots > _DIFF_IN_THREAD:
            return await self.hass.async_add_executor_job(
                partial(func, *args, **kwargs)
            )
        return func(*args, **kwargs)

    async def async_set_device_status(self, status: DeviceStatus) -> None:
        """Merge a pushed ``dev-status`` into the data.

        A push may carry only some slots (the current one of each port), so the
        slots it names replace theirs and the others stay as they are. The size
        of the gateway is the polled one (see :func:`_fits`). A big push is
        merged in a worker thread.
        """
        status = _without_counters(status)
        current = self.data
        slots, changes, ignored = await self._off_loop_when_big(
            len(status.slots), _merge_push, current, status.slots.values()
        )
        if self.data is not current:
            # Something else changed the data meanwhile: merge into that.
            slots, changes, ignored = _merge_push(self.data, status.slots.values())
        if ignored:
            self._log_ignored(ignored)
        merged = replace(
            status,
            mac=status.mac or self.data.mac,
            ip=status.ip or self.data.ip,
            firmware=status.firmware or self.data.firmware,
            max_ports=self.data.max_ports,
            slots_per_port=self.data.slots_per_port,
            slots=slots,
        )
        self._publish(merged, changes)

    @callback
    def async_set_slot_status(self, slot: SlotStatus) -> None:
        """Merge a pushed ``port-status`` for one slot into the data.

        A slot that becomes active makes its port's other slots inactive, since a
        port has one active slot at a time.
        """
        if not _fits(self.data, slot):
            self._log_ignored(1)
            return
        slots, changes = _merge_slots(self.data.slots, (slot,))
        self._publish(replace(self.data, slots=slots), changes)

    def _log_ignored(self, count: int) -> None:
        """Note pushed slots beyond the gateway's size."""
        LOGGER.debug(
            "Ignoring the pushed status of %s slot(s) beyond the gateway's %s x %s",
            count,
            self.data.max_ports,
            self.data.slots_per_port,
        )

    @callback
    def _publish(self, status: DeviceStatus, changes: SlotChanges) -> None:
        """Make pushed ``status`` the data, telling those whose part changed.

        Unlike ``async_set_updated_data`` this keeps the poll's schedule and its
        verdict on availability: a push is unauthenticated (anyone on the network
        may post to the webhook), so it may change what entities show, not
        whether the gateway counts as reachable.
        """
        if not changes and _same_device(self.data, status):
            return
        self._remember(status, changes)
        self._changes = (self.data, status, changes)
        self.data = status
        self.async_update_listeners()

    def _remember(self, status: DeviceStatus, changes: SlotChanges | None) -> None:
        """Track the slots seen; forget what a smaller gateway no longer has.

        ``changes`` (None: not known) narrows the search for new slots.
        """
        candidates = status.slots if changes is None else changes
        if any(address not in self.known_slots for address in candidates):
            self.known_slots.update(
                address for address in candidates if address in status.slots
            )
            self.layout += 1
        size = (status.max_ports, status.slots_per_port)
        if size != self._size:
            self._size = size
            self.layout += 1
            self._remove_stale(status)
        if status.firmware != self._firmware:
            if self._firmware is not None:
                self._update_firmware(status)
                # New firmware may offer the secure session (or no longer).
                self.secure_session.handshake_due()
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
            address = slot_from_unique_id(entity.unique_id, prefix)
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


def _same_device(old: DeviceStatus, new: DeviceStatus) -> bool:
    """Return whether everything but the slots is the same."""
    return (old.mac, old.ip, old.firmware, old.max_ports, old.slots_per_port) == (
        new.mac,
        new.ip,
        new.firmware,
        new.max_ports,
        new.slots_per_port,
    )


def _without_counters(status: DeviceStatus) -> DeviceStatus:
    """Drop the message counters, which change with every message."""
    return replace(status, seq=None, expires=None)


def _fits(status: DeviceStatus, slot: SlotStatus) -> bool:
    """Return whether a pushed slot lies within the polled size of the gateway.

    Pushes come unauthenticated (anyone on the network may post to the webhook):
    they update slots, but never add ports. A push naming port 600000 would
    otherwise create that many devices; the next poll shows a slot that really
    is new.
    """
    address = slot.address
    return address.port <= status.max_ports and address.slot <= status.slots_per_port


def _merge_push(
    current: DeviceStatus, pushed: Iterable[SlotStatus]
) -> tuple[dict[SlotAddress, SlotStatus], SlotChanges, int]:
    """Merge pushed slots within the gateway's size; return how many were not."""
    fitting: list[SlotStatus] = []
    ignored = 0
    for slot in pushed:
        if _fits(current, slot):
            fitting.append(slot)
        else:
            ignored += 1
    slots, changes = _merge_slots(current.slots, fitting)
    return slots, changes, ignored


def _merge_slots(
    current: Mapping[SlotAddress, SlotStatus], pushed: Iterable[SlotStatus]
) -> tuple[dict[SlotAddress, SlotStatus], SlotChanges]:
    """Return ``current`` with the ``pushed`` slots merged in, and what changed.

    Pure (it may run in a worker thread); the work grows with what was pushed,
    apart from one copy of the mapping.
    """
    slots = dict(current)
    added = False
    touched: set[SlotAddress] = set()
    # The active slots of each port, made on the first active slot pushed: one
    # pass over the gateway, not one per port (a full push names every port).
    active: dict[int, set[SlotAddress]] | None = None
    for pushed_slot in pushed:
        address = pushed_slot.address
        old = slots.get(address)
        if old is None:
            added = True
            slot = pushed_slot
        else:
            slot = _keep_absent(old, pushed_slot)
            if slot == old:
                # The same object stays: comparisons later find it at once.
                slot = old
        if slot.active:
            if active is None:
                active = _active_by_port(slots)
            for sibling in active.get(address.port, set()) - {address}:
                slots[sibling] = replace(slots[sibling], active=False)
                touched.add(sibling)
            active[address.port] = {address}
        elif active is not None:
            active.get(address.port, set()).discard(address)
        slots[address] = slot
        touched.add(address)
    changes = slot_changes(
        {address: current[address] for address in touched if address in current},
        {address: slots[address] for address in touched},
    )
    return (dict(sorted(slots.items())) if added else slots), changes


def _active_by_port(
    slots: Mapping[SlotAddress, SlotStatus],
) -> dict[int, set[SlotAddress]]:
    """Return the active slots of each port."""
    active: dict[int, set[SlotAddress]] = {}
    for address, slot in slots.items():
        if slot.active:
            active.setdefault(address.port, set()).add(address)
    return active


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


def slot_from_unique_id(unique_id: str, prefix: str) -> SlotAddress | None:
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
