"""Lenient readers of request values and small formatting helpers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
import hashlib
import re

__all__ = [
    "as_float",
    "as_int",
    "as_tid",
    "digits_of",
    "md5_hex",
    "recipients_of",
    "scts",
    "title_pairs",
    "unique",
]


def md5_hex(text: str) -> str:
    """Return the lower-case hex MD5 of ``text`` (the digest of section 3.3)."""
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def digits_of(number: str) -> str:
    """Return only the digits of a phone number."""
    return re.sub(r"\D", "", number)


def as_int(value: object, default: int) -> int:
    """Read an int the way a lenient device does (``"10"``, ``10.0``, ``true``)."""
    if value is None or value == "":
        return default
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(float(value.strip()))
        except ValueError:
            return default
    return default


def as_float(value: object, default: float) -> float:
    """Read a number leniently (``"1.5"``, ``2``); ``default`` otherwise."""
    if value is None or value == "" or isinstance(value, bool):
        return default
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return default
    return default


def as_tid(value: object) -> int | None:
    """Read a task id (an int or a string of digits); ``None`` if there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def recipients_of(value: object) -> list[str]:
    """Split ``to`` (comma separated, or a list) into recipients."""
    if isinstance(value, list):
        items = [str(item) for item in value]
    elif isinstance(value, str | int) and not isinstance(value, bool):
        items = str(value).split(",")
    else:
        items = []
    return [item.strip() for item in items if item.strip()]


def title_pairs(value: object) -> list[tuple[str, str]]:
    """Read ``to_title_array`` (smstype 2).

    The document's example ``[[{"number1","titile1"}, ...]]`` is not JSON; accepted
    are ``[[number, title], ...]``, ``[{"to"|"number": ..., "title": ...}, ...]`` and
    ``[{number: title}, ...]``, nested in any number of lists.
    """
    pairs: list[tuple[str, str]] = []

    def walk(item: object) -> None:
        if isinstance(item, Mapping):
            number = item.get("to", item.get("number"))
            if number is not None:
                title = item.get("title", item.get("subject", ""))
                pairs.append((str(number), str(title)))
            else:
                pairs.extend((str(key), str(val)) for key, val in item.items())
        elif isinstance(item, list):
            if len(item) == 2 and all(isinstance(part, str) for part in item):
                pairs.append((item[0], item[1]))
            else:
                for part in item:
                    walk(part)

    walk(value)
    return [(number.strip(), title) for number, title in pairs if number.strip()]


def scts(timestamp: float) -> str:
    """Return a service-centre time stamp in the GSM text form ``yy/MM/dd,hh:mm:ss+zz``."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%y/%m/%d,%H:%M:%S+00")


def unique[T](items: Iterable[T]) -> list[T]:
    """Return ``items`` without repeats (by identity), in order."""
    seen: set[int] = set()
    result: list[T] = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            result.append(item)
    return result
