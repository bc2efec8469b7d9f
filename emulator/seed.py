"""Deterministic, realistic identities for the emulated gateway (MAC, IMEI, SIMs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

__all__ = [
    "OPERATORS",
    "SimIdentity",
    "luhn_check_digit",
    "luhn_valid",
    "make_imei",
    "make_mac",
    "make_sim",
    "sim_number",
]

#: (MCC+MNC, operator name) pairs the generated SIMs are drawn from.
OPERATORS: tuple[tuple[str, str], ...] = (
    ("310260", "T-Mobile"),
    ("310410", "AT&T"),
    ("311480", "Verizon"),
    ("46001", "CHINA UNICOM GSM"),
    ("46000", "China Mobile"),
)


def luhn_check_digit(digits: str) -> str:
    """Return the Luhn check digit to append to ``digits``."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """Return whether ``number`` (digits only) passes the Luhn check."""
    return (
        number.isdigit()
        and len(number) > 1
        and luhn_check_digit(number[:-1]) == number[-1]
    )


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def make_mac(rng: random.Random) -> str:
    """Return a MAC in the device's ``00-30-f1-xx-xx-xx`` form."""
    return "00-30-f1-" + "-".join(f"{rng.randrange(256):02x}" for _ in range(3))


def make_imei(rng: random.Random) -> str:
    """Return a 15-digit IMEI with a valid Luhn check digit."""
    body = "86" + _digits(rng, 12)
    return body + luhn_check_digit(body)


def sim_number(port: int, slot: int) -> str:
    """Return the SIM number of a slot: ``+1555`` followed by port and slot digits."""
    return f"+1555{port:03d}{slot:02d}"


@dataclass(slots=True)
class SimIdentity:
    """The network identity of one SIM card."""

    imsi: str
    iccid: str
    msisdn: str
    opr_code: str
    opr_name: str


def make_sim(rng: random.Random, port: int, slot: int) -> SimIdentity:
    """Return a SIM for ``port``/``slot`` with IMSI, Luhn-valid ICCID and number."""
    opr_code, opr_name = OPERATORS[rng.randrange(len(OPERATORS))]
    imsi = opr_code + _digits(rng, 15 - len(opr_code))
    iccid_body = "8901" + _digits(rng, 15)
    return SimIdentity(
        imsi=imsi,
        iccid=iccid_body + luhn_check_digit(iccid_body),
        msisdn=sim_number(port, slot),
        opr_code=opr_code,
        opr_name=opr_name,
    )
