"""Commands of ``goip_send_cmd.html`` (section 5.1.3): lock, switch, reset, save..."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from emulator.codes import task_error
from emulator.notation import NotationError

from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable

    from emulator.notation import PortRef
    from emulator.options import GatewayOptions

    from .modules import Modules
    from .parameters import Parameters
    from .wakeup import Wakeup

__all__ = ["Commands"]

_PORT_COMMANDS = frozenset({"lock", "unlock", "switch", "reset", "ledon", "ledoff"})
_DEVICE_COMMANDS = frozenset({"save", "reboot"})


class Commands:
    """Check a command (or ``op=multiple``) whole, then apply it step by step."""

    def __init__(
        self,
        *,
        modules: Modules,
        parameters: Parameters,
        reboot: Callable[[], None],
        options: GatewayOptions,
        wakeup: Wakeup,
    ) -> None:
        """``reboot`` reboots the whole gateway (``op=reboot``)."""
        self.modules = modules
        self.parameters = parameters
        self.options = options
        self.wakeup = wakeup
        self._reboot = reboot

    def _plan(
        self, item: Mapping[str, Any]
    ) -> tuple[str, list[PortRef]] | dict[str, Any]:
        op = str(item.get("op", "")).strip().lower()
        if op in _DEVICE_COMMANDS:
            return op, []
        if op not in _PORT_COMMANDS:
            return task_error(15)
        try:
            refs = self.modules.parse(str(item.get("ports", "")))
        except NotationError:
            return task_error(2)
        return op, refs

    @mutator
    def run(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Handle a JSON command of ``goip_send_cmd.html`` (section 5.1.3).

        ``op=multiple`` runs ``ops`` in order; every step is checked before any is
        applied. An unknown op answers ``{"code": 15, "reason": "Invalid CMD"}``, a
        bad port ``{"code": 2, "reason": "Invalid Port"}``.
        """
        op = str(message.get("op", "")).strip().lower()
        items: list[Mapping[str, Any]]
        if op == "multiple":
            ops = message.get("ops")
            if not isinstance(ops, list) or not ops:
                return task_error(15)
            if not all(isinstance(item, Mapping) for item in ops):
                return task_error(15)
            items = ops
        else:
            items = [message]
        steps: list[tuple[str, list[PortRef]]] = []
        for item in items:
            planned = self._plan(item)
            if isinstance(planned, dict):
                return planned
            steps.append(planned)
        for step_op, refs in steps:
            self._apply(step_op, refs)
        return {"code": self.options.command_ok_code, "reason": "OK"}

    def _apply(self, op: str, refs: list[PortRef]) -> None:
        if op == "save":
            self.parameters.save()
        elif op == "reboot":
            self._reboot()
        elif op == "lock":
            self.modules.lock(refs)
        elif op == "unlock":
            self.modules.unlock(refs)
        elif op == "switch":
            self.modules.switch(refs)
        elif op == "reset":
            self.modules.reset(refs)
        else:
            self.modules.set_leds(refs, on=op == "ledon")
