"""How many entities a gateway enables: never Home Assistant's cap, whatever its size.

Home Assistant enables at most 10,000 entities per config entry and drops the rest
of a platform's entities with one log line. A 512 x 32 gateway has 16,384 SIM
slots, seven enabled entities each. So the gateway's own entities and every port's
controls are always enabled, and the SIM slots' entities are enabled by default
only as long as the gateway stays within :data:`MAX_ENABLED` enabled entities in
all; the slots beyond get their entities created disabled. The order is stable:
each port's active slot first, then the others by address. When slots are left
disabled, a repair issue says so once, and how to enable chosen ports' slots.
Their data stays reachable through the actions, the diagnostics and the card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from homeassistant.helpers import entity_registry as er, issue_registry as ir

from .const import DOMAIN, LOGGER

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .api import SlotAddress
    from .coordinator import EjoinCoordinator

#: Most enabled entities of one gateway (Home Assistant's own cap is 10,000).
MAX_ENABLED: Final = 9000
#: Enabled-by-default entities of the gateway, of each port, and of each slot
#: (a test checks these against the platforms' descriptions).
GATEWAY_ENTITIES: Final = 3
PORT_ENTITIES: Final = 3
SLOT_ENTITIES: Final = 7
ISSUE_BUDGET: Final = "entity_budget"


class SlotBudget:
    """Decides, once per slot, whether its entities start enabled."""

    def __init__(self, hass: HomeAssistant, coordinator: EjoinCoordinator) -> None:
        """Prepare the budget of one gateway."""
        self._hass = hass
        self._coordinator = coordinator
        self._enabled: dict[SlotAddress, bool] = {}

    def enabled(self, address: SlotAddress) -> bool:
        """Return whether the entities of ``address`` are enabled when created."""
        if address not in self._enabled:
            self._decide()
        return self._enabled.get(address, False)

    def _decide(self) -> None:
        """Decide for every known slot not decided yet, in the stable order."""
        coordinator = self._coordinator
        entry = coordinator.config_entry
        registry = er.async_get(self._hass)
        status = coordinator.data
        active = {slot.address for slot in status.slots.values() if slot.active}
        new = sorted(
            (
                address
                for address in coordinator.known_slots
                if address not in self._enabled
            ),
            key=lambda address: (address not in active, address),
        )
        planned = registry.entities.get_enabled_count_for_config_entry_id(
            entry.entry_id
        ) + _missing_always_on(registry, coordinator.mac, status.max_ports)
        left_out = 0
        for address in new:
            if _registered(registry, coordinator.mac, address):
                # Home Assistant keeps a registered entity as the user left it.
                self._enabled[address] = True
            elif planned + SLOT_ENTITIES <= MAX_ENABLED:
                self._enabled[address] = True
                planned += SLOT_ENTITIES
            else:
                self._enabled[address] = False
                left_out += 1
        if left_out:
            self._report(left_out)
        elif not any(not on for on in self._enabled.values()):
            ir.async_delete_issue(
                self._hass, DOMAIN, f"{ISSUE_BUDGET}_{entry.entry_id}"
            )

    def _report(self, left_out: int) -> None:
        """Say once that slots' entities start disabled, and how to enable some."""
        coordinator = self._coordinator
        entry = coordinator.config_entry
        total = len(coordinator.known_slots)
        LOGGER.info(
            "%s has %s SIM slots: the entities of %s start disabled, to stay within"
            " %s enabled entities",
            entry.title,
            total,
            left_out,
            MAX_ENABLED,
        )
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            f"{ISSUE_BUDGET}_{entry.entry_id}",
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_BUDGET,
            translation_placeholders={
                "title": entry.title,
                "slots": str(total),
                "disabled": str(sum(not on for on in self._enabled.values())),
                "limit": str(MAX_ENABLED),
            },
        )


def _registered(registry: er.EntityRegistry, mac: str, address: SlotAddress) -> bool:
    """Return whether the slot's entities were created before (its status sensor)."""
    return (
        registry.async_get_entity_id("sensor", DOMAIN, f"{mac}_{address}_status")
        is not None
    )


def _missing_always_on(registry: er.EntityRegistry, mac: str, ports: int) -> int:
    """Return how many of the always-enabled entities are not registered yet."""
    missing = 0
    if registry.async_get_entity_id("button", DOMAIN, f"{mac}_reboot") is None:
        missing += GATEWAY_ENTITIES
    for port in range(1, ports + 1):
        unique_id = f"{mac}_port_{port}_enabled"
        if registry.async_get_entity_id("switch", DOMAIN, unique_id) is None:
            missing += PORT_ENTITIES
    return missing
