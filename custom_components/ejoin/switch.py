"""The ``enabled`` switch of every port: off locks the port, on unlocks it."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription

from .api import DeviceStatus, EjoinClient, PortState, SlotStatus
from .entity import EjoinPortEntity, async_add_gateway_entities
from .helpers import current_slot, ejoin_command
from .locate import async_add_locate_switches

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

PARALLEL_UPDATES = 1


def _is_locked(slot: SlotStatus) -> bool:
    """Return whether a slot is locked by the user (``st`` 12, else ``slot_active``)."""
    return slot.state is PortState.USER_LOCKED or (
        slot.state_code is None and slot.enabled is False
    )


def port_enabled(status: DeviceStatus, port: int) -> bool | None:
    """Return whether a port is unlocked.

    The port's current card decides; without one, the port counts as locked only
    when every slot it reports is locked. None when it reports no slot at all.
    """
    if (current := current_slot(status, port)) is not None:
        return not _is_locked(status.slots[current])
    if not (slots := status.slots_of(port)):
        return None
    return not all(_is_locked(slot) for slot in slots)


@dataclass(frozen=True, kw_only=True)
class EjoinPortSwitchEntityDescription(SwitchEntityDescription):
    """Describes a switch of a port."""

    is_on_fn: Callable[[DeviceStatus, int], bool | None]
    turn_on_fn: Callable[[EjoinClient, int], Awaitable[None]]
    turn_off_fn: Callable[[EjoinClient, int], Awaitable[None]]
    #: The fields, of any slot of the port, the state comes from.
    fields: tuple[str, ...]


PORT_SWITCHES: tuple[EjoinPortSwitchEntityDescription, ...] = (
    EjoinPortSwitchEntityDescription(
        key="enabled",
        translation_key="enabled",
        is_on_fn=port_enabled,
        fields=("state", "enabled", "active"),
        # A bare port number locks or unlocks every slot of the port.
        turn_on_fn=lambda client, port: client.unlock(port),
        turn_off_fn=lambda client, port: client.lock(port),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the switches of every port, and of ports that appear later."""

    def port_switches(
        coordinator: EjoinCoordinator, port: int
    ) -> list[EjoinPortSwitch]:
        return [
            EjoinPortSwitch(coordinator, description, port)
            for description in PORT_SWITCHES
        ]

    async_add_gateway_entities(entry, async_add_entities, port=port_switches)
    # API v3: the locate switch (LEDs) of every port.
    async_add_locate_switches(entry, async_add_entities)


class EjoinPortSwitch(EjoinPortEntity, SwitchEntity):
    """A switch of one port."""

    entity_description: EjoinPortSwitchEntityDescription

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        description: EjoinPortSwitchEntityDescription,
        port: int,
    ) -> None:
        """Create the switch of one port."""
        super().__init__(coordinator, description, port, fields=description.fields)

    @override
    def _state_key(self) -> object:
        return self.is_on

    @property
    @override
    def is_on(self) -> bool | None:
        """Return the port's state as the gateway reports it."""
        return self.entity_description.is_on_fn(self.coordinator.data, self.port)

    @ejoin_command
    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn the port on."""
        await self.entity_description.turn_on_fn(self.coordinator.client, self.port)

    @ejoin_command
    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn the port off."""
        await self.entity_description.turn_off_fn(self.coordinator.client, self.port)
