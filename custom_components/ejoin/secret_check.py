"""The ``ejoin.check_secret`` action: does a text equal a secret, in constant time.

For automations that act on an SMS: sender numbers and names can be forged, so a
secret word or PIN in the message is what shows that it comes from someone who
knows it. Jinja's ``==`` stops at the first character that differs, so the time it
takes tells how much of a guess was right. This action compares the SHA-256
digests of both texts with :func:`hmac.compare_digest`: fixed-length digests,
compared in a time that depends on neither text's content.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Final

from homeassistant.exceptions import ServiceValidationError
import homeassistant.helpers.config_validation as cv
import voluptuous as vol

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import ServiceCall, ServiceResponse

SERVICE_CHECK_SECRET: Final = "check_secret"  # noqa: S105 - a name
ATTR_VALUE: Final = "value"
ATTR_SECRET: Final = "secret"  # noqa: S105 - a field name

CHECK_SECRET_SCHEMA: Final = vol.Schema(
    {vol.Required(ATTR_VALUE): cv.string, vol.Required(ATTR_SECRET): cv.string}
)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


async def async_check_secret(call: ServiceCall) -> ServiceResponse:
    """Return ``{"match": bool}``; an empty secret is refused (it would match "")."""
    secret: str = call.data[ATTR_SECRET]
    if not secret:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="empty_secret"
        )
    match = hmac.compare_digest(_digest(call.data[ATTR_VALUE]), _digest(secret))
    return {"match": match}
