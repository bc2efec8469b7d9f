"""The gateway's devices and entities, read from Home Assistant's registries.

Entities are keyed ``<domain>.<translation key>`` (``sensor.status``,
``switch.enabled``), the names the contract gives them. A slot entity's slot comes
from its unique id, which derives from the MAC and the slot address (``3.02``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ha_client import JSON, HassClient

__all__ = ["Inventory", "read_inventory"]

_SLOT_IN_UNIQUE_ID = re.compile(r"(?:^|_)(\d{1,3})\.(\d{2})(?:_|$)")
_PORT_IN_IDENTIFIER = re.compile(r"port[_ ]?(\d{1,3})$", re.IGNORECASE)


@dataclass(slots=True)
class Inventory:
    """Everything Home Assistant shows of one gateway."""

    gateway_device: JSON
    port_devices: dict[int, JSON] = field(default_factory=dict)
    gateway_entities: dict[str, JSON] = field(default_factory=dict)
    port_entities: dict[int, dict[str, JSON]] = field(default_factory=dict)
    slot_entities: dict[str, dict[str, JSON]] = field(default_factory=dict)
    unplaced: list[JSON] = field(default_factory=list)

    def slot_entity_id(self, slot: str, key: str) -> str:
        """Return the entity id of ``key`` (``sensor.balance``) of ``slot``."""
        return str(self.slot_entities[slot][key]["entity_id"])

    def port_entity_id(self, port: int, key: str) -> str:
        """Return the entity id of ``key`` (``switch.enabled``) of ``port``."""
        return str(self.port_entities[port][key]["entity_id"])

    def gateway_entity_id(self, key: str) -> str:
        """Return the entity id of ``key`` (``button.reboot``) of the gateway."""
        return str(self.gateway_entities[key]["entity_id"])


def _key(entity: JSON) -> str:
    domain = str(entity["entity_id"]).split(".", 1)[0]
    return f"{domain}.{entity.get('translation_key') or entity['unique_id']}"


def _port_of(device: JSON) -> int | None:
    for _domain, identifier in device["identifiers"]:
        if match := _PORT_IN_IDENTIFIER.search(str(identifier)):
            return int(match.group(1))
    return None


async def read_inventory(ha: HassClient, entry_id: str, mac: str) -> Inventory:
    """Read the registries and sort the gateway's devices and entities."""
    devices = [
        device
        for device in await ha.devices()
        if device.get("config_entry_id") == entry_id
        or entry_id in device.get("config_entries", [])
    ]
    gateway = next(d for d in devices if ["mac", mac] in d["connections"])
    inventory = Inventory(gateway_device=gateway)
    device_port: dict[str, int] = {}
    for device in devices:
        if device["id"] == gateway["id"]:
            continue
        port = _port_of(device)
        assert port is not None, f"device of no port: {device}"
        inventory.port_devices[port] = device
        device_port[device["id"]] = port
    for entity in await ha.entities():
        if entity.get("config_entry_id") != entry_id:
            continue
        key = _key(entity)
        if entity["device_id"] == gateway["id"]:
            inventory.gateway_entities[key] = entity
            continue
        port = device_port.get(entity["device_id"])
        if port is None:
            inventory.unplaced.append(entity)
            continue
        if match := _SLOT_IN_UNIQUE_ID.search(str(entity["unique_id"])):
            slot = f"{int(match.group(1))}.{match.group(2)}"
            assert int(match.group(1)) == port, f"{entity} is on port {port}'s device"
            inventory.slot_entities.setdefault(slot, {})[key] = entity
        else:
            inventory.port_entities.setdefault(port, {})[key] = entity
    return inventory
