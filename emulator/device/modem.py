"""USSD requests and AT commands to the modules (API v3 ``send_ussds``/``send_ats``).

The deterministic world: ``*100#`` answers the SIM's balance, ``*101#`` its
number, any other code "Unknown service code."; a port whose SIM cannot send
answers 5 (unavailable). A module echoes an AT command and answers the common
ones (``AT``, ``ATI``, ``AT+CSQ``, ``AT+CGSN``, ``AT+CIMI``, ``AT+QCCID``,
``AT+COPS?``, ``AT+CPIN?``), ``ERROR`` to the rest; text that is no AT command
gets code 15. A module that is sending an SMS is busy (4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .modules import Modules, SimSlot
    from .parameters import Parameters
    from .sending import TaskQueue

__all__ = ["BUSY", "INVALID_AT", "OK", "UNAVAILABLE", "Modem"]

OK = 0
BUSY = 4
UNAVAILABLE = 5
TIMEOUT = 6
INVALID_AT = 15
#: The gateway's words for a failure (its ``resp`` when ``code`` is not 0).
FAILURE_TEXT = {
    BUSY: "busy",
    UNAVAILABLE: "unavailable",
    TIMEOUT: "timeout",
    INVALID_AT: "invalid AT",
}


class Modem:
    """Answer USSD requests and AT commands, and keep a log of them."""

    def __init__(
        self, *, modules: Modules, parameters: Parameters, tasks: TaskQueue
    ) -> None:
        """Read the slots, what the device reports for them, and the send queues."""
        self.modules = modules
        self.parameters = parameters
        self.tasks = tasks
        #: ``(port, code)`` of every USSD request, oldest first.
        self.ussd_log: list[tuple[int, str]] = []
        #: Ports of every AT command (never the command: it may hold a PIN).
        self.at_log: list[int] = []

    def _busy(self, port: int) -> bool:
        return self.tasks.lane(port).inflight is not None

    def ussd(self, port: int, code: str) -> tuple[int, str]:
        """Return ``(code, resp)`` of a USSD request from ``port``."""
        self.ussd_log.append((port, code))
        if self._busy(port):
            return BUSY, FAILURE_TEXT[BUSY]
        state = self.modules.active(port)
        if not self.modules.usable(state):
            return UNAVAILABLE, FAILURE_TEXT[UNAVAILABLE]
        request = code.strip()
        if request == "*100#":
            return OK, f"Your balance is {state.balance:.2f} EUR."
        if request == "*101#":
            number = self.parameters.reported_number(state) or state.sim.msisdn
            return OK, f"Your number is {number}."
        return OK, "Unknown service code."

    def at(self, port: int, command: str) -> tuple[int, str]:
        """Return ``(code, resp)`` of an AT command to ``port``'s module."""
        self.at_log.append(port)
        text = command.strip()
        if not text.upper().startswith("AT"):
            return INVALID_AT, FAILURE_TEXT[INVALID_AT]
        if self._busy(port):
            return BUSY, FAILURE_TEXT[BUSY]
        if self.modules.module(port).registering_until is not None:
            return UNAVAILABLE, FAILURE_TEXT[UNAVAILABLE]
        answer = self._answer(self.modules.active(port), text.upper())
        return OK, f"{text}\r\n{answer}\r\n"

    def _answer(self, state: SimSlot, command: str) -> str:
        sim = state.sim
        answers = {
            "AT": "OK",
            "ATI": "Quectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK",
            "AT+CSQ": f"+CSQ: {state.sig},99\r\n\r\nOK",
            "AT+CGSN": f"{self.parameters.reported_imei(state)}\r\n\r\nOK",
            "AT+CIMI": f"{sim.imsi}\r\n\r\nOK" if state.inserted else "ERROR",
            "AT+QCCID": f"+QCCID: {sim.iccid}\r\n\r\nOK" if state.inserted else "ERROR",
            "AT+COPS?": f'+COPS: 0,0,"{sim.opr_name}",7\r\n\r\nOK',
            "AT+CPIN?": "+CPIN: READY\r\n\r\nOK" if state.inserted else "ERROR",
        }
        if command.startswith("AT+CPIN="):
            return "OK"
        return answers.get(command, "ERROR")

    def snapshot(self) -> dict[str, Any]:
        """Return the USSD requests and the ports AT commands went to."""
        return {
            "ussd": [[port, code] for port, code in self.ussd_log],
            "at_ports": list(self.at_log),
        }
