"""Tolerant conversions of loosely typed gateway values (private).

Field types drift between firmware versions (field notes): numbers arrive as ints or
strings, flags as ints, strings or booleans, codes as ``"3 OK"``. These helpers
return None for anything they cannot read instead of raising.
"""

from __future__ import annotations

import binascii
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
import math
import re
from typing import Any

_INT_RE = re.compile(r"^\s*([+-]?\d+)\s*$")
_CODE_RE = re.compile(r"^\s*([+-]?\d+)(?:\s+(.*?))?\s*$", re.DOTALL)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Epoch seconds beyond this are read as milliseconds (year 2286 in seconds).
_MAX_EPOCH_SECONDS = 9_999_999_999
_MAX_EPOCH_MILLISECONDS = _MAX_EPOCH_SECONDS * 1000


def to_int(value: Any) -> int | None:
    """Return an int from an int, an integral float or a digit string.

    None beyond 64 bits: no gateway sends such a number, and JSON (the message
    journal keeps what pushes carry) cannot hold it.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return _int64(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return _int64(int(value))
        return None
    if isinstance(value, str) and (match := _INT_RE.match(value)):
        if len(match.group(1)) > 30:
            return None
        return _int64(int(match.group(1)))
    return None


def _int64(number: int) -> int | None:
    """Return ``number`` when it fits in a signed 64-bit integer, else None."""
    return number if -(2**63) <= number < 2**63 else None


def to_str(value: Any) -> str | None:
    """Return a stripped string, or None for missing/empty values."""
    if isinstance(value, str):  # the common case first: every field of a burst
        return clean_text(value).strip() or None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return str(value)
    return None


def clean_text(text: str) -> str:
    """Replace lone UTF-16 surrogates (from a JSON escape) with U+FFFD.

    Such a string is no text: it cannot be encoded, hashed or stored, so one
    broken character would make a whole push or inbox page unreadable.
    """
    if text.isascii():
        return text
    try:
        text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def to_bool(value: Any) -> bool | None:
    """Return a flag from 1/0, "1"/"0", true/false; None when unknown."""
    if type(value) is int:  # the common case first: the flag of every row of a burst
        return None if _int64(value) is None else value != 0
    if isinstance(value, bool):
        return value
    number = to_int(value)
    if number is not None:
        return number != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"true", "yes", "on"}:
            return True
        if text in {"false", "no", "off"}:
            return False
    return None


def to_decimal(value: Any) -> Decimal | None:
    """Return a Decimal from ``"100.00"`` or a number; None when unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = repr(value)
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        result = Decimal(value.strip())
    except InvalidOperation:
        return None
    if not result.is_finite():
        return None
    return result


def split_code(value: Any) -> tuple[int | None, str | None]:
    """Split ``"3 OK"`` into ``(3, "OK")``; an int ``3`` gives ``(3, None)``.

    Text without a leading number gives ``(None, text)``.
    """
    if isinstance(value, bool) or value is None:
        return None, None
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        return to_int(value), None
    if not isinstance(value, str):
        return None, None
    match = _CODE_RE.match(value)
    if match is None or len(match.group(1)) > 30:
        return None, to_str(value)
    return int(match.group(1)), to_str(match.group(2))


def to_datetime(value: Any) -> datetime | None:
    """Return an aware UTC datetime from epoch seconds (or ms), or ISO text."""
    if type(value) is int:  # epoch seconds, as every row of a burst has them
        return _from_epoch(value)
    if isinstance(value, bool) or value is None:
        return None
    number: float | None = None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        integer = to_int(value)
        if integer is not None:
            number = float(integer)
        else:
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                return None
            if parsed.tzinfo is None:
                # Naive device time: the doc states UTC for timestamps.
                return parsed.replace(tzinfo=UTC)
            return parsed.astimezone(UTC)
    if number is None or not math.isfinite(number) or number < 0:
        return None
    if number > _MAX_EPOCH_SECONDS:
        if number > _MAX_EPOCH_MILLISECONDS:
            return None
        number /= 1000
    try:
        return datetime.fromtimestamp(number, UTC)
    except OverflowError, OSError, ValueError:
        return None


@lru_cache(maxsize=256)
def _from_epoch(value: int) -> datetime | None:
    """Return the datetime of integer epoch seconds (or ms); cached per burst."""
    return to_datetime(float(value))


def decode_base64_text(content: str) -> str | None:
    """Return the text if ``content`` is base64 of printable UTF-8, else None.

    Whitespace (line breaks) inside the base64 is ignored; trailing NUL padding
    seen in the doc's own inbox example is removed. Decoded text containing other
    control characters is rejected, so short plain texts that happen to be valid
    base64 are not mangled.
    """
    compact = "".join(content.split())
    if not compact or len(compact) % 4:
        return None
    try:
        # base64.b64decode(validate=True) is this call plus checks of its input
        # type: once per message of a burst.
        raw = binascii.a2b_base64(compact, strict_mode=True)
        text = raw.decode("utf-8")
    except binascii.Error, ValueError:
        return None
    text = text.rstrip("\x00")
    if _CONTROL_RE.search(text):
        return None
    return text


def normalize_mac(value: Any) -> str | None:
    """Return ``"00:30:f1:01:02:03"`` from any common MAC spelling.

    Values that are not 12 hex digits are returned lowercased as they are.
    """
    text = to_str(value)
    if text is None:
        return None
    digits = re.sub(r"[^0-9a-fA-F]", "", text)
    if len(digits) == 12 and re.fullmatch(r"[0-9a-fA-F:\-. ]+", text):
        digits = digits.lower()
        return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
    return text.lower()
