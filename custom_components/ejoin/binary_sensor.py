"""Binary sensors of every SIM slot: a SIM is inserted, the slot is the active one."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)

from .api import DeviceStatus, PortState, SlotAddress, SlotStatus
from .entity import EjoinSlotEntity, async_add_gateway_entities
from .helpers import current_slot

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

PARALLEL_UPDATES = 0

_LOCKED = frozenset({PortState.USER_LOCKED, PortState.LOCKED_BY_DEVICE})


@dataclass(frozen=True, kw_only=True)
class EjoinSlotBinarySensorEntityDescription(BinarySensorEntityDescription):
    """Describes a binary sensor of a SIM slot."""

    value_fn: Callable[[DeviceStatus, SlotStatus], bool | None]
    #: The slot fields the value comes from; with ``port_wide``, of any slot of
    #: the port.
    fields: tuple[str, ...]
    port_wide: bool = False


def _sim_inserted(_status: DeviceStatus, slot: SlotStatus) -> bool | None:
    """Return whether a SIM is in the slot.

    The ``inserted`` flag when the gateway sends one; else the state tells, except
    for a locked slot, which reports "locked" with or without a SIM.
    """
    if slot.inserted is not None:
        return slot.inserted
    if slot.state is None or slot.state in _LOCKED:
        return None
    return slot.state is not PortState.NO_SIM


def _is_active(status: DeviceStatus, slot: SlotStatus) -> bool | None:
    """Return whether the slot is its port's current card."""
    if slot.active is not None:
        return slot.active
    if (current := current_slot(status, slot.port)) is None:
        return None
    return current == slot.address


SLOT_BINARY_SENSORS: tuple[EjoinSlotBinarySensorEntityDescription, ...] = (
    EjoinSlotBinarySensorEntityDescription(
        key="sim_inserted",
        fields=("inserted", "state"),
        translation_key="sim_inserted",
        value_fn=_sim_inserted,
    ),
    EjoinSlotBinarySensorEntityDescription(
        key="active_slot",
        # Without its own flag, the slot is active when its siblings are not.
        fields=("active",),
        port_wide=True,
        translation_key="active_slot",
        value_fn=_is_active,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the binary sensors of every known slot, and of slots added later."""

    def slot_binary_sensors(
        coordinator: EjoinCoordinator, address: SlotAddress
    ) -> list[EjoinSlotBinarySensor]:
        return [
            EjoinSlotBinarySensor(coordinator, description, address)
            for description in SLOT_BINARY_SENSORS
        ]

    async_add_gateway_entities(entry, async_add_entities, slot=slot_binary_sensors)


class EjoinSlotBinarySensor(EjoinSlotEntity, BinarySensorEntity):
    """A binary sensor of one SIM slot."""

    entity_description: EjoinSlotBinarySensorEntityDescription

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        description: EjoinSlotBinarySensorEntityDescription,
        address: SlotAddress,
    ) -> None:
        """Create the binary sensor of one slot."""
        super().__init__(
            coordinator,
            description,
            address,
            fields=description.fields,
            port_wide=description.port_wide,
        )

    @override
    def _state_key(self) -> object:
        return self.is_on

    @property
    @override
    def is_on(self) -> bool | None:
        """Return the slot's value, None while the gateway does not report it."""
        if (slot := self.slot_status) is None:
            return None
        return self.entity_description.value_fn(self.coordinator.data, slot)
