"""Base entities: the gateway, its ports and their SIM slots."""

import asyncio
import re
from typing import TYPE_CHECKING, Final, override

from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN, MANUFACTURER
from .coordinator import EjoinCoordinator
from .updates import UpdateScope

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from homeassistant.helpers.entity import Entity, EntityDescription
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .api import SlotAddress, SlotStatus
    from .data import EjoinConfigEntry

#: Disabled slot entities registered per step of the event loop (about 25 ms).
DISABLED_STEP: Final = 250


def short_mac(mac: str | None) -> str:
    """Return the last four hex digits of a MAC, upper case: ``"45F9"``.

    They tell gateways apart in device names, and so in entity ids.
    """
    return re.sub(r"[^0-9a-fA-F]", "", mac or "")[-4:].upper()


def api_label(coordinator: EjoinCoordinator) -> str:
    """Return the gateway's API generations, preferred first: ``"v3 + v2.1"``."""
    return " + ".join(coordinator.client.apis)


def gateway_device_info(coordinator: EjoinCoordinator) -> DeviceInfo:
    """Describe the gateway device, named "Ejoin 45F9" after its MAC."""
    entry = coordinator.config_entry
    status = coordinator.data
    mac = coordinator.mac
    return DeviceInfo(
        identifiers={(DOMAIN, mac)} if mac else set(),
        connections={(CONNECTION_NETWORK_MAC, mac)} if mac else set(),
        manufacturer=MANUFACTURER,
        # The HTTP API generations the gateway speaks, preferred first (issue 13).
        model=f"{status.max_ports}-port GSM gateway (API {api_label(coordinator)})",
        model_id=f"{status.max_ports}x{status.slots_per_port}",
        translation_key="gateway",
        translation_placeholders={"mac": short_mac(mac)},
        sw_version=status.firmware,
        configuration_url=f"http://{entry.data[CONF_HOST]}:{entry.data[CONF_PORT]}/",
    )


def port_device_info(coordinator: EjoinCoordinator, port: int) -> DeviceInfo:
    """Describe one port (radio module) of the gateway, linked to the gateway.

    Named "Ejoin 45F9 port 3": the gateway's name leads, so that two gateways'
    ports, and their entity ids, differ.

    The gateway device is registered when the entry is set up, before any port.
    """
    entry = coordinator.config_entry
    mac = coordinator.mac
    return DeviceInfo(
        identifiers={(DOMAIN, f"{mac}_port_{port}")},
        manufacturer=MANUFACTURER,
        model="GSM port",
        translation_key="port",
        translation_placeholders={"mac": short_mac(mac), "port": str(port)},
        via_device_id=dr.async_get_device_id_by_identifier(
            coordinator.hass, (DOMAIN, mac), config_entry_id=entry.entry_id
        ),
    )


class EjoinEntity(CoordinatorEntity[EjoinCoordinator]):
    """An entity of an Ejoin gateway.

    A gateway can have thousands of entities and every push or poll reaches all of
    them, so an entity writes its state only when what it shows changed:
    :meth:`_state_key` returns that, cheaply.
    """

    _attr_has_entity_name = True
    _written: tuple[object, ...] | None = None

    @property
    def mac(self) -> str:
        """Return the gateway MAC that prefixes every unique id."""
        return self.coordinator.mac

    def _state_key(self) -> object:
        """Return what the entity's state and attributes are made from."""
        return None

    def _snapshot(self) -> tuple[object, ...]:
        return (self.available, self._state_key())

    @override
    async def async_added_to_hass(self) -> None:
        """Remember what the first state write is made of."""
        await super().async_added_to_hass()
        self._written = self._snapshot()

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Write the state only when the entity's own part of the data changed."""
        snapshot = self._snapshot()
        if snapshot != self._written:
            self._written = snapshot
            self.async_write_ha_state()


class EjoinGatewayEntity(EjoinEntity):
    """An entity of the gateway device itself."""

    def __init__(
        self, coordinator: EjoinCoordinator, description: EntityDescription
    ) -> None:
        """Attach the entity to the gateway device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{self.mac}_{description.key}"
        self._attr_device_info = gateway_device_info(coordinator)


class EjoinPortEntity(EjoinEntity):
    """An entity of one port device.

    ``fields`` are the slot fields it shows (of any slot of the port): only
    their changes reach it (:mod:`.updates`).
    """

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        description: EntityDescription,
        port: int,
        *,
        fields: Iterable[str] = (),
    ) -> None:
        """Attach the entity to its port device."""
        super().__init__(coordinator, UpdateScope(port, None, frozenset(fields)))
        self.entity_description = description
        self.port = port
        self._attr_unique_id = f"{self.mac}_port_{port}_{description.key}"
        self._attr_device_info = port_device_info(coordinator, port)

    @property
    @override
    def available(self) -> bool:
        """Return whether the gateway is reachable and still has this port."""
        return super().available and self.port <= self.coordinator.data.max_ports


class EjoinSlotEntity(EjoinEntity):
    """An entity of one SIM slot, shown on its port's device.

    ``fields`` are the slot's fields it shows: only their changes reach it; with
    ``port_wide`` those of any slot of the port (it depends on the siblings).
    """

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        description: EntityDescription,
        address: SlotAddress,
        *,
        fields: Iterable[str] = (),
        port_wide: bool = False,
    ) -> None:
        """Attach the entity to the port device that holds the slot."""
        super().__init__(
            coordinator,
            UpdateScope(
                address.port, None if port_wide else address, frozenset(fields)
            ),
        )
        self.entity_description = description
        self.address = address
        self._attr_unique_id = f"{self.mac}_{address}_{description.key}"
        self._attr_device_info = port_device_info(coordinator, address.port)
        self._attr_translation_placeholders = {"slot": f"{address.slot:02d}"}

    def beyond_budget(self) -> None:
        """Have it registered disabled: its slot is beyond the gateway's budget."""
        self._attr_entity_registry_enabled_default = False

    @property
    def slot_status(self) -> SlotStatus | None:
        """Return this slot's latest status, None while the gateway leaves it out."""
        return self.coordinator.data.slots.get(self.address)

    @property
    @override
    def available(self) -> bool:
        """Return whether the gateway is reachable and reports this slot."""
        return super().available and self.address in self.coordinator.data.slots


@callback
def async_add_gateway_entities(
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    *,
    gateway: Callable[[EjoinCoordinator], Iterable[Entity]] | None = None,
    port: Callable[[EjoinCoordinator, int], Iterable[Entity]] | None = None,
    slot: Callable[[EjoinCoordinator, SlotAddress], Iterable[EjoinSlotEntity]]
    | None = None,
) -> None:
    """Add a platform's entities now, and those of ports and slots that appear later.

    Like ``wled``'s segments: a coordinator listener compares the gateway's ports
    and known slots with those that have entities and adds the new ones. Ports and
    slots the coordinator dropped (a smaller gateway) are forgotten, so they get
    entities again should they come back. Slots beyond the gateway's entity
    budget (:mod:`.entity_budget`) get theirs registered disabled, after the
    enabled ones and a step at a time: a big gateway has more than 100,000.
    """
    coordinator = entry.runtime_data.coordinator
    budget = entry.runtime_data.slot_budget
    ports_done: set[int] = set()
    slots_done: set[SlotAddress] = set()
    seen_layout: list[int] = [-1]

    async def _add_disabled(entities: list[EjoinSlotEntity]) -> None:
        for start in range(0, len(entities), DISABLED_STEP):
            async_add_entities(entities[start : start + DISABLED_STEP])
            # Home Assistant registers them without yielding: let the loop run.
            await asyncio.sleep(0)

    @callback
    def _add_new() -> None:
        # Most updates change values, not which ports and slots exist.
        if seen_layout[0] == coordinator.layout:
            return
        seen_layout[0] = coordinator.layout
        entities: list[Entity] = []
        disabled: list[EjoinSlotEntity] = []
        if port is not None:
            ports = set(coordinator.data.port_numbers)
            ports_done.intersection_update(ports)
            for number in sorted(ports - ports_done):
                ports_done.add(number)
                entities.extend(port(coordinator, number))
        if slot is not None:
            known = coordinator.known_slots
            slots_done.intersection_update(known)
            for address in sorted(known - slots_done):
                slots_done.add(address)
                if budget.enabled(address):
                    entities.extend(slot(coordinator, address))
                elif not budget.all_disabled(address):
                    for entity in slot(coordinator, address):
                        entity.beyond_budget()
                        disabled.append(entity)
        if entities:
            async_add_entities(entities)
        if disabled:
            entry.async_create_background_task(
                coordinator.hass,
                _add_disabled(disabled),
                f"{DOMAIN} disabled slot entities",
            )

    if gateway is not None:
        async_add_entities(gateway(coordinator))
    _add_new()
    entry.async_on_unload(coordinator.async_add_listener(_add_new))
