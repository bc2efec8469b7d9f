"""Configuration parameters: ``op=set``/``op=get``/``op=save`` of section 5.1.

Parameters live in RAM until ``op=save``; a reboot reverts to the saved ones. The
per-slot ``sim_imei(n)`` and ``sim_number(n)`` change what the device reports for
slot ``n = (port - 1) * slots + (slot - 1)``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from emulator.notation import slot_index

from .modules import SimSlot
from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .modules import Modules
    from .wakeup import Wakeup

__all__ = ["Parameters"]

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*(\(\d+\))?$")
_INDEXED = re.compile(r"^(sim_imei|sim_number)\((\d+)\)$", re.IGNORECASE)


class Parameters:
    """The device's parameters, in RAM and saved; names are case-insensitive."""

    def __init__(self, modules: Modules, wakeup: Wakeup) -> None:
        """Start with no parameter set."""
        self.modules = modules
        self.wakeup = wakeup
        self._values: dict[str, str] = {}
        self._saved: dict[str, str] = {}
        #: The spelling each parameter was first set with (``Sms_url``).
        self._names: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        """Return a RAM parameter, ``None`` if unset."""
        return self._values.get(name.lower())

    def saved(self, name: str) -> str | None:
        """Return a saved parameter, ``None`` if unset."""
        return self._saved.get(name.lower())

    def put(self, name: str, value: str) -> None:
        """Set a RAM parameter the device sets itself (``sms_url`` of a task)."""
        key = name.lower()
        self._values[key] = value
        self._names.setdefault(key, name)

    def reported_imei(self, state: SimSlot) -> str:
        """Return the slot's IMEI: ``sim_imei(n)`` if set, else the module's."""
        override = self._values.get(f"sim_imei({self._index(state)})")
        return override or self.modules.module(state.port).module_imei

    def reported_number(self, state: SimSlot) -> str:
        """Return the slot's SIM number: ``sim_number(n)`` if set, else the known one."""
        override = self._values.get(f"sim_number({self._index(state)})")
        if override is not None:
            return override
        return state.sim.msisdn if state.inserted and state.number_known else ""

    def _index(self, state: SimSlot) -> int:
        return slot_index(state.port, state.slot, self.modules.max_slots)

    def _target(self, name: str) -> SimSlot | bool | None:
        """Return the slot a per-slot parameter names.

        ``None`` for other parameters, ``False`` when the index is out of range.
        """
        match = _INDEXED.match(name)
        if match is None:
            return None
        index = int(match.group(2))
        per_port = self.modules.max_slots
        if index >= self.modules.max_ports * per_port:
            return False
        return self.modules.slot(index // per_port + 1, index % per_port + 1)

    @mutator
    def set_many(self, pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
        """Handle ``op=set``: change RAM parameters (``op=save`` persists them).

        ``sim_imei(n)`` takes 15 digits (or empty to clear); ``sim_number(n)`` any
        text; an index beyond the last slot, or a malformed name, is not counted.
        """
        count = 0
        for raw_name, value in pairs:
            name = raw_name.strip()
            if not _PARAM_NAME.match(name):
                continue
            target = self._target(name)
            if target is False:
                continue
            key = name.lower()
            if (
                key.startswith("sim_imei(")
                and value
                and not re.fullmatch(r"\d{15}", value)
            ):
                continue
            self.put(name, value)
            count += 1
            if isinstance(target, SimSlot):
                self.modules.slot_changed(target)
        return {"code": 0, "reason": "OK", "par_set": count}

    def get_many(self, names: Iterable[str]) -> dict[str, Any]:
        """Handle ``op=get``: values of the named parameters (``""`` if unset).

        The document gives no reply format; the values are sent both in ``params``
        and as top-level keys, with ``par_get`` counting the known ones.
        """
        values: dict[str, str] = {}
        known = 0
        for raw in names:
            name = raw.strip()
            if not name:
                continue
            value = self._values.get(name.lower())
            if value is None:
                target = self._target(name)
                if isinstance(target, SimSlot):
                    kind = name.split("(", 1)[0].lower()
                    value = (
                        self.reported_imei(target)
                        if kind == "sim_imei"
                        else self.reported_number(target)
                    )
            if value is not None:
                known += 1
            values[name] = value or ""
        reply: dict[str, Any] = {"code": 0, "reason": "OK", "par_get": known}
        for name, value in values.items():
            reply.setdefault(name, value)
        reply["params"] = values
        return reply

    @mutator
    def save(self) -> None:
        """Persist the RAM parameters (``op=save``)."""
        self._saved = dict(self._values)

    def reboot(self) -> None:
        """Forget what was not saved."""
        self._values = dict(self._saved)

    def snapshot(self) -> dict[str, Any]:
        """Return the RAM and saved parameters under their first spelling."""
        return {
            "params": {self._names.get(k, k): v for k, v in self._values.items()},
            "saved_params": {self._names.get(k, k): v for k, v in self._saved.items()},
        }
