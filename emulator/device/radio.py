"""The radio of each module: its network type and its serving cell (API v3).

The v3 document's ``set_network_type``/``get_network_type`` and
``scan_serving_cells``/``get_serving_cells``. A scan takes ``cell_scan_time``
seconds; it then reports the cell of a registered SIM, or ``timeout``. The cells
(EARFCN, PCI, cell id) are seeded per port; RSRP follows the slot's signal.
"""

from __future__ import annotations

from dataclasses import dataclass
import random
from typing import TYPE_CHECKING, Any

from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from emulator.options import GatewayOptions

    from .modules import Modules
    from .wakeup import Wakeup

__all__ = ["NETWORK_TYPES", "Radio"]

#: The network types of the v3 document.
NETWORK_TYPES = ("auto", "gsm", "wcdma", "lte")
#: Downlink EARFCNs the seeded cells use (bands 1, 3, 7, 8, 20).
_EARFCNS = (100, 1300, 1650, 1850, 3050, 3590, 6300)


@dataclass(frozen=True, slots=True)
class _Cell:
    earfcn: int
    pci: int
    cid: str


class Radio:
    """Network types and serving-cell scans, per module."""

    def __init__(
        self,
        *,
        modules: Modules,
        seed: int,
        options: GatewayOptions,
        clock: Callable[[], float],
        wakeup: Wakeup,
    ) -> None:
        """Seed one cell per port; no scan yet."""
        self.modules = modules
        self.options = options
        self.clock = clock
        self.wakeup = wakeup
        rng = random.Random(f"ejoin-cells-{seed}")  # noqa: S311 -- emulation
        self._cells = {
            module.port: _Cell(
                earfcn=rng.choice(_EARFCNS),
                pci=rng.randint(0, 503),
                cid=f"{rng.randint(0x1000000, 0xFFFFFFF):X}",
            )
            for module in modules.modules
        }
        #: When each port's latest scan started.
        self._scans: dict[int, float] = {}

    def network_type(self, port: int) -> str:
        """Return the network type of a port's module."""
        return self.modules.module(port).network_type

    @mutator
    def set_network_type(self, ports: Iterable[int], network_type: str) -> None:
        """Set the network type; a module that changes it registers again."""
        if network_type not in NETWORK_TYPES:
            raise ValueError(f"unknown network type {network_type!r}")
        for port in ports:
            module = self.modules.module(port)
            if module.network_type != network_type:
                module.network_type = network_type
                self.modules.start_registering(module)

    @mutator
    def scan(self, ports: Iterable[int]) -> None:
        """Start a serving-cell scan of each port."""
        now = self.clock()
        for port in ports:
            self.modules.module(port)
            self._scans[port] = now

    def serving_cell(self, port: int) -> dict[str, Any]:
        """Return the latest scan of a port (``get_serving_cells`` item).

        The status is ``idle`` before any scan and ``waitting`` (the document's
        spelling) while one runs.
        """
        started = self._scans.get(port)
        if started is None:
            return {"port": port, "status": "idle"}
        if self.clock() < started + self.options.cell_scan_time:
            return {"port": port, "status": "waitting"}
        state = self.modules.active(port)
        if not self.modules.usable(state):
            return {"port": port, "status": "timeout"}
        cell = self._cells[port]
        return {
            "port": port,
            "status": "completed",
            "operator": state.sim.opr_code,
            "earfcn": cell.earfcn,
            "pci": cell.pci,
            "cid": cell.cid,
            "rsrp": max(-140, min(-44, -133 + 2 * min(state.sig, 31))),
        }

    def reboot(self) -> None:
        """Forget the scans."""
        self._scans.clear()

    def snapshot(self) -> dict[str, Any]:
        """Return each port's network type and latest scan."""
        return {
            str(module.port): {
                "network_type": module.network_type,
                "serving_cell": self.serving_cell(module.port),
            }
            for module in self.modules.modules
        }
