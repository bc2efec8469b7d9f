"""Which SIM slots get entities: a gateway of any size stays within Home Assistant's cap.

Home Assistant enables at most 10,000 entities per config entry and drops the rest
of a platform's entities with one log line. A 512 x 32 gateway has 16,384 SIM
slots with ten entities each (seven enabled). So the gateway's own entities and
every port's controls always exist, and SIM slots get their entities only as long
as the gateway stays within :data:`MAX_ENABLED` enabled entities in all, in a
stable order: the slots of the ports chosen in the options first, then each
port's active slot, then the others by address.

The slots beyond the budget get no entities at all, not even disabled ones: a
disabled entity is still an entry of Home Assistant's entity registry (about a
kilobyte, rewritten on every registry change); 160,000 of them would make the
registry 158 MB. Their data stays reachable through ``ejoin.get_slot_status``,
the diagnostics and the card, and a repair issue says once how to give chosen
ports' SIMs entities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from homeassistant.helpers import entity_registry as er, issue_registry as ir

from .api import MAX_PORTS, Feature, PortSelection
from .const import CONF_ENTITY_PORTS, DOMAIN, LOGGER
from .coordinator import slot_from_unique_id
from .helpers import current_slot

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .api import SlotAddress
    from .coordinator import EjoinCoordinator

#: Most enabled entities of one gateway (Home Assistant's own cap is 10,000).
MAX_ENABLED: Final = 9000
#: Enabled-by-default entities of the gateway, of each port, and of each slot
#: (a test checks these against the platforms' descriptions).
GATEWAY_ENTITIES: Final = 4
PORT_ENTITIES: Final = 3
SLOT_ENTITIES: Final = 7
#: The enabled port entities of what only some APIs offer (v3: Locate, network type).
FEATURE_PORT_ENTITIES: Final = {Feature.LEDS: 1, Feature.NETWORK_TYPE: 1}
ISSUE_BUDGET: Final = "entity_budget"


class SlotBudget:
    """Decides, once per slot, whether it gets entities."""

    def __init__(self, hass: HomeAssistant, coordinator: EjoinCoordinator) -> None:
        """Prepare the budget of one gateway."""
        self._hass = hass
        self._coordinator = coordinator
        self._has_entities: dict[SlotAddress, bool] = {}
        chosen = coordinator.config_entry.options.get(CONF_ENTITY_PORTS) or ""
        self._chosen = PortSelection.parse(chosen) if chosen else None

    def has_entities(self, address: SlotAddress) -> bool:
        """Return whether the slot ``address`` gets entities."""
        if address not in self._has_entities:
            self._decide()
        return self._has_entities.get(address, False)

    def _decide(self) -> None:
        """Decide for every known slot not decided yet, in the stable order."""
        coordinator = self._coordinator
        entry = coordinator.config_entry
        registry = er.async_get(self._hass)
        status = coordinator.data
        # Chosen ports this gateway lacks are simply not there.
        chosen_ports = (
            set() if self._chosen is None else set(self._chosen.ports(MAX_PORTS))
        )
        active = {
            current
            for port in status.port_numbers
            if (current := current_slot(status, port)) is not None
        }
        new = sorted(
            (
                address
                for address in coordinator.known_slots
                if address not in self._has_entities
            ),
            key=lambda address: (
                address.port not in chosen_ports,
                address not in active,
                address,
            ),
        )
        # The entities every gateway has, and the slots' enabled ones so far.
        prefix = f"{coordinator.mac}_"
        per_port = PORT_ENTITIES + sum(
            count
            for feature, count in FEATURE_PORT_ENTITIES.items()
            if coordinator.client.supports(feature)
        )
        planned = (
            GATEWAY_ENTITIES
            + status.max_ports * per_port
            + sum(
                1
                for entity in er.async_entries_for_config_entry(
                    registry, entry.entry_id
                )
                if entity.disabled_by is None
                and slot_from_unique_id(entity.unique_id, prefix) is not None
            )
        )
        for address in new:
            if _registered(registry, coordinator.mac, address):
                # Its entities exist already (and are counted above).
                self._has_entities[address] = True
            elif planned + SLOT_ENTITIES <= MAX_ENABLED:
                self._has_entities[address] = True
                planned += SLOT_ENTITIES
            else:
                self._has_entities[address] = False
        left_out = sum(not has for has in self._has_entities.values())
        issue_id = f"{ISSUE_BUDGET}_{entry.entry_id}"
        if not left_out:
            ir.async_delete_issue(self._hass, DOMAIN, issue_id)
            return
        LOGGER.info(
            "%s has %s SIM slots: %s get no entities, to stay within %s enabled"
            " entities",
            entry.title,
            len(self._has_entities),
            left_out,
            MAX_ENABLED,
        )
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_BUDGET,
            translation_placeholders={
                "title": entry.title,
                "slots": str(len(self._has_entities)),
                "left_out": str(left_out),
                "limit": str(MAX_ENABLED),
            },
        )


def _registered(registry: er.EntityRegistry, mac: str, address: SlotAddress) -> bool:
    """Return whether the slot's entities were created before (its status sensor)."""
    return (
        registry.async_get_entity_id("sensor", DOMAIN, f"{mac}_{address}_status")
        is not None
    )
