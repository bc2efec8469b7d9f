"""The ``active_slot`` select of every port: choosing a slot switches the SIM."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, override

from homeassistant.components.select import SelectEntity, SelectEntityDescription

from .api import DeviceStatus, EjoinClient, SlotAddress
from .entity import EjoinPortEntity, async_add_gateway_entities
from .helpers import current_slot, ejoin_command
from .radio_entities import async_add_radio_entities

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

PARALLEL_UPDATES = 1


def slot_options(status: DeviceStatus, port: int) -> list[str]:
    """Return the addresses of every slot of a port: ``3.01`` ... ``3.32``."""
    return [
        str(SlotAddress(port, slot)) for slot in range(1, status.slots_per_port + 1)
    ]


def active_slot_option(status: DeviceStatus, port: int) -> str | None:
    """Return the address of the port's current card, None when unknown."""
    current = current_slot(status, port)
    return None if current is None else str(current)


@dataclass(frozen=True, kw_only=True)
class EjoinPortSelectEntityDescription(SelectEntityDescription):
    """Describes a select of a port."""

    options_fn: Callable[[DeviceStatus, int], list[str]]
    current_fn: Callable[[DeviceStatus, int], str | None]
    select_fn: Callable[[EjoinClient, str], Awaitable[None]]
    #: The fields, of any slot of the port, the selection comes from.
    fields: tuple[str, ...]


PORT_SELECTS: tuple[EjoinPortSelectEntityDescription, ...] = (
    EjoinPortSelectEntityDescription(
        key="active_slot",
        translation_key="active_slot",
        options_fn=slot_options,
        current_fn=active_slot_option,
        fields=("active",),
        select_fn=lambda client, option: client.switch(SlotAddress.parse(option)),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the selects of every port, and of ports that appear later."""

    def port_selects(coordinator: EjoinCoordinator, port: int) -> list[EjoinPortSelect]:
        return [
            EjoinPortSelect(coordinator, description, port)
            for description in PORT_SELECTS
        ]

    async_add_gateway_entities(entry, async_add_entities, port=port_selects)
    # API v3: the network type of every port.
    async_add_radio_entities(entry, async_add_entities, select=True)


class EjoinPortSelect(EjoinPortEntity, SelectEntity):
    """A select of one port."""

    entity_description: EjoinPortSelectEntityDescription

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        description: EjoinPortSelectEntityDescription,
        port: int,
    ) -> None:
        """Create the select of one port."""
        super().__init__(coordinator, description, port, fields=description.fields)

    @override
    def _state_key(self) -> object:
        return (self.current_option, self.coordinator.data.slots_per_port)

    @property
    @override
    def options(self) -> list[str]:
        """Return the port's slots."""
        return self.entity_description.options_fn(self.coordinator.data, self.port)

    @property
    @override
    def current_option(self) -> str | None:
        """Return the port's current card."""
        return self.entity_description.current_fn(self.coordinator.data, self.port)

    @ejoin_command
    @override
    async def async_select_option(self, option: str) -> None:
        """Switch the port to the chosen slot."""
        await self.entity_description.select_fn(self.coordinator.client, option)
