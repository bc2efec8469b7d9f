"""The mobile network around the gateway: what it carries to the emulated SIMs.

An SMS or MMS sent to one of the gateway's own numbers, and the delivery report
of a sent SMS, reach their slot after a delay; the network holds an SMS or MMS
until the SIM is active and registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from emulator.values import digits_of

if TYPE_CHECKING:
    from emulator.mms import MmsFile

    from .modules import Modules, SimSlot
    from .parameters import Parameters
    from .reception import Reception

__all__ = ["Delivery", "Network"]


@dataclass(slots=True)
class Delivery:
    """Something the mobile network will hand to one of the emulated SIMs."""

    due: float
    kind: str  # "sms", "report" or "mms"
    port: int
    slot: int
    sender: str
    recipient: str
    text: str
    subject: str = ""
    files: list[MmsFile] = field(default_factory=list)


class Network:
    """Carry deliveries to the slots once they are due."""

    def __init__(
        self, *, modules: Modules, parameters: Parameters, reception: Reception
    ) -> None:
        """Start with nothing in transit."""
        self.modules = modules
        self.parameters = parameters
        self.reception = reception
        self._in_transit: list[Delivery] = []

    def carry(self, delivery: Delivery) -> None:
        """Take a delivery into the network."""
        self._in_transit.append(delivery)

    def find_number(self, number: str) -> SimSlot | None:
        """Return the inserted slot whose SIM has this number, if any."""
        digits = digits_of(number)
        if not digits:
            return None
        for state in self.modules.slots:
            if not state.inserted:
                continue
            own = {
                digits_of(state.sim.msisdn),
                digits_of(self.parameters.reported_number(state)),
            }
            if digits in own:
                return state
        return None

    def tick(self, now: float) -> None:
        """Hand over what is due (reports at once, SMS and MMS to usable SIMs)."""
        held: list[Delivery] = []
        for delivery in self._in_transit:
            if delivery.due > now:
                held.append(delivery)
                continue
            state = self.modules.slot(delivery.port, delivery.slot)
            if delivery.kind == "report":
                self.reception.store(
                    state,
                    flag=1,
                    sender=delivery.sender,
                    recipient=delivery.recipient,
                    text=delivery.text,
                    timestamp=now,
                )
            elif not self.modules.usable(state):
                held.append(delivery)  # the network keeps it until the SIM is on
            elif delivery.kind == "sms":
                self.reception.store(
                    state,
                    flag=0,
                    sender=delivery.sender,
                    recipient=delivery.recipient,
                    text=delivery.text,
                    timestamp=now,
                )
            else:
                self.reception.push_mms(
                    state,
                    sender=delivery.sender,
                    recipient=delivery.recipient,
                    subject=delivery.subject,
                    text=delivery.text,
                    files=delivery.files,
                    timestamp=now,
                )
        self._in_transit = held

    def deadlines(self, now: float) -> list[float]:
        """When deliveries come due (held ones wait for a slot change instead)."""
        return [d.due for d in self._in_transit if d.due > now]
