"""Sensors of every SIM slot: state, signal, balance and the SIM's identifiers."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import SIGNAL_STRENGTH_DECIBELS_MILLIWATT, EntityCategory

from .api import PortState, SlotAddress, SlotStatus
from .entity import EjoinGatewayEntity, EjoinSlotEntity, async_add_gateway_entities
from .radio_entities import async_add_radio_entities
from .secure_session import AuthMode
from .slot_data import balance_currency

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

PARALLEL_UPDATES = 0

#: Options of the ``status`` sensor: the port states' names, translated in strings.
STATUS_OPTIONS = [state.name.lower() for state in PortState]

type SlotValue = str | int | Decimal | None


@dataclass(frozen=True, kw_only=True)
class EjoinSlotSensorEntityDescription(SensorEntityDescription):
    """Describes a sensor of a SIM slot."""

    value_fn: Callable[[SlotStatus], SlotValue]
    #: The slot fields the value comes from.
    fields: tuple[str, ...]


def _state(slot: SlotStatus) -> str | None:
    """Return the translated-state key; undefined codes (like 10) are unknown."""
    return None if slot.state is None else slot.state.name.lower()


SLOT_SENSORS: tuple[EjoinSlotSensorEntityDescription, ...] = (
    EjoinSlotSensorEntityDescription(
        key="status",
        fields=("state",),
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=STATUS_OPTIONS,
        value_fn=_state,
    ),
    EjoinSlotSensorEntityDescription(
        key="signal",
        fields=("signal",),
        translation_key="signal",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        value_fn=lambda slot: slot.signal_dbm,
    ),
    EjoinSlotSensorEntityDescription(
        key="balance",
        fields=("balance",),
        translation_key="balance",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=lambda slot: slot.balance,
    ),
    EjoinSlotSensorEntityDescription(
        key="operator",
        fields=("operator_name",),
        translation_key="operator",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda slot: slot.operator_name,
    ),
    EjoinSlotSensorEntityDescription(
        key="sim_number",
        fields=("sim_number",),
        translation_key="sim_number",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda slot: slot.sim_number,
    ),
    EjoinSlotSensorEntityDescription(
        key="iccid",
        fields=("iccid",),
        translation_key="iccid",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda slot: slot.iccid,
    ),
    EjoinSlotSensorEntityDescription(
        key="imsi",
        fields=("imsi",),
        translation_key="imsi",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda slot: slot.imsi,
    ),
    EjoinSlotSensorEntityDescription(
        key="imei",
        fields=("imei",),
        translation_key="imei",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda slot: slot.imei,
    ),
)


#: How the gateway's requests authenticate (a diagnostic sensor of the gateway).
AUTHENTICATION_SENSOR = SensorEntityDescription(
    key="authentication",
    translation_key="authentication",
    device_class=SensorDeviceClass.ENUM,
    options=[mode.value for mode in AuthMode],
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the sensors of every known slot, and of slots that appear later."""
    currency = balance_currency(hass, entry)

    def slot_sensors(
        coordinator: EjoinCoordinator, address: SlotAddress
    ) -> list[EjoinSlotSensor]:
        return [
            EjoinSlotSensor(coordinator, description, address, currency)
            for description in SLOT_SENSORS
        ]

    async_add_gateway_entities(
        entry,
        async_add_entities,
        gateway=lambda coordinator: [EjoinAuthenticationSensor(coordinator)],
        slot=slot_sensors,
    )
    # API v3: the serving cell of every port (disabled by default).
    async_add_radio_entities(entry, async_add_entities, sensor=True)


class EjoinSlotSensor(EjoinSlotEntity, SensorEntity):
    """A sensor of one SIM slot."""

    entity_description: EjoinSlotSensorEntityDescription

    def __init__(
        self,
        coordinator: EjoinCoordinator,
        description: EjoinSlotSensorEntityDescription,
        address: SlotAddress,
        currency: str,
    ) -> None:
        """Create the sensor; a balance is in the configured currency."""
        super().__init__(coordinator, description, address, fields=description.fields)
        if description.device_class is SensorDeviceClass.MONETARY:
            self._attr_native_unit_of_measurement = currency

    @override
    def _state_key(self) -> object:
        return self.native_value

    @property
    @override
    def native_value(self) -> SlotValue:
        """Return the slot's value, None while the gateway does not report it."""
        if (slot := self.slot_status) is None:
            return None
        return self.entity_description.value_fn(slot)


class EjoinAuthenticationSensor(EjoinGatewayEntity, SensorEntity):
    """Whether requests carry a secure-session digest or the password."""

    def __init__(self, coordinator: EjoinCoordinator) -> None:
        """Attach the sensor to the gateway device."""
        super().__init__(coordinator, AUTHENTICATION_SENSOR)

    @override
    def _state_key(self) -> object:
        return self.native_value

    @property
    @override
    def native_value(self) -> str | None:
        """Return the mode in use (a StrEnum, so one of the options)."""
        return self.coordinator.secure_session.mode
