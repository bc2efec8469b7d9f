"""Base entities: the gateway, its ports and their SIM slots."""

from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import SlotAddress, SlotStatus
from .const import DOMAIN
from .coordinator import EjoinCoordinator


def gateway_device_info(coordinator: EjoinCoordinator) -> DeviceInfo:
    """Describe the gateway device."""
    entry = coordinator.config_entry
    status = coordinator.data
    mac = entry.unique_id or status.mac
    return DeviceInfo(
        identifiers={(DOMAIN, mac)},
        connections={(CONNECTION_NETWORK_MAC, mac)},
        manufacturer="Ejoin",
        model=f"{status.max_ports}-port GSM gateway",
        model_id=f"{status.max_ports}x{status.slots_per_port}",
        name=entry.title,
        sw_version=status.firmware,
        configuration_url=f"http://{entry.data[CONF_HOST]}:{entry.data[CONF_PORT]}/",
    )


def port_device_info(coordinator: EjoinCoordinator, port: int) -> DeviceInfo:
    """Describe one port (radio module) of the gateway."""
    mac = coordinator.config_entry.unique_id or coordinator.data.mac
    return DeviceInfo(
        identifiers={(DOMAIN, f"{mac}_port_{port}")},
        manufacturer="Ejoin",
        model="GSM port",
        translation_key="port",
        translation_placeholders={"port": str(port)},
        via_device=(DOMAIN, mac),
    )


class EjoinEntity(CoordinatorEntity[EjoinCoordinator]):
    """An entity of an Ejoin gateway."""

    _attr_has_entity_name = True

    @property
    def mac(self) -> str:
        """Return the gateway MAC that prefixes every unique id."""
        return self.coordinator.config_entry.unique_id or self.coordinator.data.mac


class EjoinGatewayEntity(EjoinEntity):
    """An entity of the gateway device itself."""

    def __init__(self, coordinator: EjoinCoordinator, description: EntityDescription) -> None:
        """Attach the entity to the gateway device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{self.mac}_{description.key}"
        self._attr_device_info = gateway_device_info(coordinator)


class EjoinPortEntity(EjoinEntity):
    """An entity of one port device."""

    def __init__(
        self, coordinator: EjoinCoordinator, description: EntityDescription, port: int
    ) -> None:
        """Attach the entity to its port device."""
        super().__init__(coordinator)
        self.entity_description = description
        self.port = port
        self._attr_unique_id = f"{self.mac}_port_{port}_{description.key}"
        self._attr_device_info = port_device_info(coordinator, port)

    @property
    def port_slots(self) -> list[SlotStatus]:
        """Return the known status of this port's slots, in slot order."""
        return sorted(
            (slot for address, slot in self.coordinator.data.slots.items() if address.port == self.port),
            key=lambda slot: slot.address,
        )


class EjoinSlotEntity(EjoinEntity):
    """An entity of one SIM slot, shown on its port's device."""

    def __init__(
        self, coordinator: EjoinCoordinator, description: EntityDescription, address: SlotAddress
    ) -> None:
        """Attach the entity to the port device that holds the slot."""
        super().__init__(coordinator)
        self.entity_description = description
        self.address = address
        self._attr_unique_id = f"{self.mac}_{address}_{description.key}"
        self._attr_device_info = port_device_info(coordinator, address.port)
        self._attr_translation_placeholders = {"slot": f"{address.slot:02d}"}

    @property
    def slot_status(self) -> SlotStatus | None:
        """Return this slot's latest status, None while the gateway leaves it out."""
        return self.coordinator.data.slots.get(self.address)
