"""Buttons: reset a port's module; reboot the gateway or save its configuration."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.button.const import ButtonDeviceClass
from homeassistant.const import EntityCategory

from .entity import EjoinGatewayEntity, EjoinPortEntity, async_add_gateway_entities
from .helpers import ejoin_command

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .api import EjoinClient
    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class EjoinGatewayButtonEntityDescription(ButtonEntityDescription):
    """Describes a button of the gateway."""

    press_fn: Callable[[EjoinClient], Awaitable[None]]


@dataclass(frozen=True, kw_only=True)
class EjoinPortButtonEntityDescription(ButtonEntityDescription):
    """Describes a button of a port."""

    press_fn: Callable[[EjoinClient, int], Awaitable[None]]


GATEWAY_BUTTONS: tuple[EjoinGatewayButtonEntityDescription, ...] = (
    EjoinGatewayButtonEntityDescription(
        key="reboot",
        translation_key="reboot",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client: client.reboot(),
    ),
    EjoinGatewayButtonEntityDescription(
        key="save_config",
        translation_key="save_config",
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client: client.save(),
    ),
)

PORT_BUTTONS: tuple[EjoinPortButtonEntityDescription, ...] = (
    EjoinPortButtonEntityDescription(
        key="reset",
        translation_key="reset",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client, port: client.reset(port),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the gateway's buttons and those of every port."""

    def gateway_buttons(coordinator: EjoinCoordinator) -> list[EjoinGatewayButton]:
        return [
            EjoinGatewayButton(coordinator, description)
            for description in GATEWAY_BUTTONS
        ]

    def port_buttons(coordinator: EjoinCoordinator, port: int) -> list[EjoinPortButton]:
        return [
            EjoinPortButton(coordinator, description, port)
            for description in PORT_BUTTONS
        ]

    async_add_gateway_entities(
        entry, async_add_entities, gateway=gateway_buttons, port=port_buttons
    )


class EjoinGatewayButton(EjoinGatewayEntity, ButtonEntity):
    """A button of the gateway."""

    entity_description: EjoinGatewayButtonEntityDescription

    @ejoin_command
    @override
    async def async_press(self) -> None:
        """Send the button's command to the gateway."""
        await self.entity_description.press_fn(self.coordinator.client)


class EjoinPortButton(EjoinPortEntity, ButtonEntity):
    """A button of one port."""

    entity_description: EjoinPortButtonEntityDescription

    @ejoin_command
    @override
    async def async_press(self) -> None:
        """Send the button's command for this port to the gateway."""
        await self.entity_description.press_fn(self.coordinator.client, self.port)
