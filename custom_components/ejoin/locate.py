"""The ``locate`` switch of every port (API v3): the port's LEDs, to find its SIMs.

On lights the LEDs of every slot of the port (``on_leds``), so a person finds the
SIM in the rack; off turns them off. The state is what the gateway reports (the
slots' ``led``): on while any slot of the port is lit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory

from .api import Feature
from .entity import EjoinPortEntity, async_add_gateway_entities
from .generation import forget_entities
from .helpers import ejoin_command

if TYPE_CHECKING:
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .api import DeviceStatus
    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

LOCATE_SWITCH = SwitchEntityDescription(
    key="locate",
    translation_key="locate",
    entity_category=EntityCategory.CONFIG,
)


def port_lit(status: DeviceStatus, port: int) -> bool | None:
    """Return whether a LED of the port is on, None when no slot reports one."""
    leds = [slot.led for slot in status.slots_of(port) if slot.led is not None]
    return any(leds) if leds else None


class EjoinLocateSwitch(EjoinPortEntity, SwitchEntity):
    """Lights a port's LEDs."""

    @override
    def _state_key(self) -> object:
        return self.is_on

    @property
    @override
    def is_on(self) -> bool | None:
        """Return whether the port's LEDs are lit, as the gateway reports it."""
        return port_lit(self.coordinator.data, self.port)

    @ejoin_command
    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Light the port's LEDs."""
        await self.coordinator.client.set_leds(self.port, on=True)

    @ejoin_command
    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn the port's LEDs off."""
        await self.coordinator.client.set_leds(self.port, on=False)


def async_add_locate_switches(
    entry: EjoinConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the locate switch of every port, when the gateway's API has LEDs."""
    if not entry.runtime_data.client.supports(Feature.LEDS):
        forget_entities(entry.runtime_data.coordinator.hass, entry, [LOCATE_SWITCH.key])
        return

    def port_switches(
        coordinator: EjoinCoordinator, port: int
    ) -> list[EjoinLocateSwitch]:
        return [EjoinLocateSwitch(coordinator, LOCATE_SWITCH, port, fields=("led",))]

    async_add_gateway_entities(entry, async_add_entities, port=port_switches)
