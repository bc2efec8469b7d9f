"""The emulated device as pure state: :class:`Gateway` and its parts."""

from __future__ import annotations

from .gateway import MAX_PORTS, MAX_SLOTS, Gateway
from .profiles import PROFILES

__all__ = ["MAX_PORTS", "MAX_SLOTS", "PROFILES", "Gateway"]
