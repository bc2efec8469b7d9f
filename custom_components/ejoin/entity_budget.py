"""Which SIM slots' entities are enabled: a gateway of any size stays within the cap.

Home Assistant enables at most 10,000 entities per config entry and drops the rest
of a platform's entities with one log line. A 512 x 32 gateway has 16,384 SIM
slots with ten entities each (seven enabled by default). So the gateway's own
entities and every port's controls are always enabled, and SIM slots' entities are
enabled by default only as long as the gateway stays within :data:`MAX_ENABLED`
enabled entities in all, in a stable order: the slots of the ports chosen in the
options first, then each port's active slot, then the others by address. The
other slots' entities are registered disabled, so a user can enable those of the
ports they follow; their data also stays reachable through
``ejoin.get_slot_status``, the diagnostics and the card.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Final

from homeassistant.helpers import entity_registry as er, issue_registry as ir

from .api import MAX_PORTS, Feature, PortSelection
from .binary_sensor import SLOT_BINARY_SENSORS
from .const import CONF_ENTITY_PORTS, DOMAIN, LOGGER
from .coordinator import slot_from_unique_id
from .helpers import current_slot
from .sensor import SLOT_SENSORS

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .api import SlotAddress
    from .coordinator import EjoinCoordinator

#: Most enabled entities of one gateway (Home Assistant's own cap is 10,000).
MAX_ENABLED: Final = 9000
#: Enabled-by-default entities of the gateway and of each port (a test checks
#: these against the platforms' descriptions).
GATEWAY_ENTITIES: Final = 4
PORT_ENTITIES: Final = 3
#: The enabled port entities of what only some APIs offer (v3: Locate, network type).
FEATURE_PORT_ENTITIES: Final = {Feature.LEDS: 1, Feature.NETWORK_TYPE: 1}
#: The keys of a slot's entities that are enabled by default within the budget.
SLOT_KEYS: Final = frozenset(
    description.key
    for description in (*SLOT_SENSORS, *SLOT_BINARY_SENSORS)
    if description.entity_registry_enabled_default
)
SLOT_ENTITIES: Final = len(SLOT_KEYS)
#: Every entity of a slot, enabled by default or not.
SLOT_ALL_ENTITIES: Final = len(SLOT_SENSORS) + len(SLOT_BINARY_SENSORS)
ISSUE_BUDGET: Final = "entity_budget"


class SlotBudget:
    """Decides, once per slot, whether its entities are enabled by default."""

    def __init__(self, hass: HomeAssistant, coordinator: EjoinCoordinator) -> None:
        """Prepare the budget of one gateway."""
        self._hass = hass
        self._coordinator = coordinator
        self._enabled: dict[SlotAddress, bool] = {}
        self._all_disabled: set[SlotAddress] = set()
        chosen = coordinator.config_entry.options.get(CONF_ENTITY_PORTS) or ""
        self._chosen = PortSelection.parse(chosen) if chosen else None

    def enabled(self, address: SlotAddress) -> bool:
        """Return whether the slot's entities are enabled by default."""
        if address not in self._enabled:
            self._decide()
        return self._enabled.get(address, False)

    def all_disabled(self, address: SlotAddress) -> bool:
        """Return whether every entity of the slot was registered disabled.

        Home Assistant does not add those; leaving them out saves building them on
        every start (a big gateway has more than 100,000).
        """
        return address in self._all_disabled

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
                if address not in self._enabled
            ),
            key=lambda address: (
                address.port not in chosen_ports,
                address not in active,
                address,
            ),
        )
        # What the registry holds of the slots: the enabled entities count against
        # the budget; those disabled by the budget wait for a chosen port.
        prefix = f"{coordinator.mac}_"
        per_port = PORT_ENTITIES + sum(
            count
            for feature, count in FEATURE_PORT_ENTITIES.items()
            if coordinator.client.supports(feature)
        )
        planned = GATEWAY_ENTITIES + status.max_ports * per_port
        with_enabled: set[SlotAddress] = set()
        disabled: Counter[SlotAddress] = Counter()
        waiting: dict[SlotAddress, list[er.RegistryEntry]] = {}
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
            address = slot_from_unique_id(entity.unique_id, prefix)
            if address is None:
                continue
            if entity.disabled_by is None:
                planned += 1
                with_enabled.add(address)
                continue
            disabled[address] += 1
            if (
                entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
                and entity.unique_id.rpartition(f"{address}_")[2] in SLOT_KEYS
            ):
                waiting.setdefault(address, []).append(entity)
        for address in new:
            if address in with_enabled:
                # Already counted above.
                enabled = True
            elif planned + SLOT_ENTITIES > MAX_ENABLED:
                enabled = False
            elif address not in disabled:
                enabled = True
                planned += SLOT_ENTITIES
            elif address.port in chosen_ports and address in waiting:
                # Chosen after the budget had disabled them: enable them now.
                for entity in waiting[address]:
                    registry.async_update_entity(entity.entity_id, disabled_by=None)
                enabled = True
                planned += len(waiting[address])
            else:
                # Disabled on purpose (by the user, or by the budget for a port
                # nobody chose): the budget does not undo that.
                enabled = False
            self._enabled[address] = enabled
            if not enabled and disabled[address] == SLOT_ALL_ENTITIES:
                self._all_disabled.add(address)
        self._report(sum(not enabled for enabled in self._enabled.values()))

    def _report(self, left_out: int) -> None:
        """Raise or clear the repair issue that says how many slots are disabled."""
        entry = self._coordinator.config_entry
        issue_id = f"{ISSUE_BUDGET}_{entry.entry_id}"
        if not left_out:
            ir.async_delete_issue(self._hass, DOMAIN, issue_id)
            return
        LOGGER.info(
            "%s has %s SIM slots: the entities of %s are disabled, to stay within %s"
            " enabled entities",
            entry.title,
            len(self._enabled),
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
                "slots": str(len(self._enabled)),
                "left_out": str(left_out),
                "limit": str(MAX_ENABLED),
            },
        )
