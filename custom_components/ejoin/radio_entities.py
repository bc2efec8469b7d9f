"""Radio entities of every port (API v3): the network type select, serving-cell sensors.

The ``network_type`` select (configuration) chooses the radio access the port's
module may use, among the types of the v3 document. The serving-cell sensors
(diagnostic, disabled by default) show the cell of the port's latest scan; an
enabled one makes the radio coordinator scan its port.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, override

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import SIGNAL_STRENGTH_DECIBELS_MILLIWATT, EntityCategory
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import Feature, NetworkType
from .entity import async_add_gateway_entities, port_device_info
from .generation import forget_entities
from .helpers import ejoin_command
from .radio import RadioCoordinator

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from homeassistant.helpers.entity import EntityDescription
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .api import ServingCell
    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

type CellValue = str | int | None


class EjoinRadioEntity(CoordinatorEntity[RadioCoordinator]):
    """An entity of one port's radio, on the port's device."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: RadioCoordinator, description: EntityDescription, port: int
    ) -> None:
        """Attach the entity to its port device."""
        super().__init__(coordinator)
        gateway = coordinator.gateway
        self.entity_description = description
        self.port = port
        self._attr_unique_id = f"{gateway.mac}_port_{port}_{description.key}"
        self._attr_device_info = port_device_info(gateway, port)

    @property
    @override
    def available(self) -> bool:
        """Return whether the gateway is reachable, its radio read and the port there."""
        gateway = self.coordinator.gateway
        return (
            super().available
            and gateway.last_update_success
            and self.port <= gateway.data.max_ports
        )


@ejoin_command
async def _command(
    coordinator: EjoinCoordinator, request: Callable[[], Awaitable[None]]
) -> None:
    """Change something on the gateway (errors mapped, status refreshed)."""
    await request()


NETWORK_TYPE_SELECT = SelectEntityDescription(
    key="network_type",
    translation_key="network_type",
    entity_category=EntityCategory.CONFIG,
    options=[network_type.value for network_type in NetworkType],
)


class EjoinNetworkTypeSelect(EjoinRadioEntity, SelectEntity):
    """The network type of one port's module."""

    @property
    @override
    def current_option(self) -> str | None:
        """Return the port's network type, None while unknown."""
        network_type = self.coordinator.data.network_types.get(self.port)
        return None if network_type is None else network_type.value

    @override
    async def async_select_option(self, option: str) -> None:
        """Set the port's network type (its module registers again)."""
        client = self.coordinator.client
        await _command(
            self.coordinator.gateway,
            lambda: client.set_network_type([self.port], option),
        )
        await self.coordinator.async_request_refresh()


@dataclass(frozen=True, kw_only=True)
class EjoinCellSensorEntityDescription(SensorEntityDescription):
    """Describes a serving-cell sensor of a port."""

    value_fn: Callable[[ServingCell], CellValue]


def _technology(cell: ServingCell) -> str | None:
    return None if cell.technology is None else cell.technology.upper()


CELL_SENSORS: tuple[EjoinCellSensorEntityDescription, ...] = (
    EjoinCellSensorEntityDescription(
        key="cell_operator",
        translation_key="cell_operator",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda cell: cell.operator,
    ),
    EjoinCellSensorEntityDescription(
        key="cell_technology",
        translation_key="cell_technology",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=_technology,
    ),
    EjoinCellSensorEntityDescription(
        key="cell_id",
        translation_key="cell_id",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda cell: cell.cell_id,
    ),
    EjoinCellSensorEntityDescription(
        key="cell_band",
        translation_key="cell_band",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda cell: cell.band,
    ),
    EjoinCellSensorEntityDescription(
        key="cell_earfcn",
        translation_key="cell_earfcn",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda cell: cell.earfcn,
    ),
    EjoinCellSensorEntityDescription(
        key="cell_pci",
        translation_key="cell_pci",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda cell: cell.pci,
    ),
    EjoinCellSensorEntityDescription(
        key="cell_rsrp",
        translation_key="cell_rsrp",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        value_fn=lambda cell: cell.rsrp,
    ),
)


class EjoinCellSensor(EjoinRadioEntity, SensorEntity):
    """One value of the serving cell of a port."""

    entity_description: EjoinCellSensorEntityDescription

    @override
    async def async_added_to_hass(self) -> None:
        """Have the port's serving cell read, now and on every poll."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.watch_cell(self.port))
        await self.coordinator.async_request_refresh()

    @property
    @override
    def native_value(self) -> CellValue:
        """Return the value of the port's latest scan, None before one."""
        cell = self.coordinator.data.cells.get(self.port)
        return None if cell is None else self.entity_description.value_fn(cell)


def async_add_radio_entities(
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    *,
    select: bool = False,
    sensor: bool = False,
) -> None:
    """Add the radio entities of every port, when the gateway has a radio API."""
    radio = entry.runtime_data.radio
    hass = entry.runtime_data.coordinator.hass
    client = entry.runtime_data.client
    if select and not client.supports(Feature.NETWORK_TYPE):
        forget_entities(hass, entry, [NETWORK_TYPE_SELECT.key])
    if sensor and not client.supports(Feature.SERVING_CELLS):
        forget_entities(hass, entry, [description.key for description in CELL_SENSORS])
    if radio is None:
        return

    def port_entities(
        coordinator: EjoinCoordinator, port: int
    ) -> list[EjoinRadioEntity]:
        entities: list[EjoinRadioEntity] = []
        if select and client.supports(Feature.NETWORK_TYPE):
            entities.append(EjoinNetworkTypeSelect(radio, NETWORK_TYPE_SELECT, port))
        if sensor and client.supports(Feature.SERVING_CELLS):
            entities.extend(
                EjoinCellSensor(radio, description, port)
                for description in CELL_SENSORS
            )
        return entities

    async_add_gateway_entities(entry, async_add_entities, port=port_entities)
