"""Exceptions raised by the Ejoin gateway client.

Every exception raised by this package derives from :class:`EjoinError`. Messages
never contain the username, the password or a URL carrying them.
"""

from __future__ import annotations


class EjoinError(Exception):
    """Base class of every error raised by the Ejoin client."""


class EjoinConnectionError(EjoinError):
    """The gateway could not be reached, or the connection broke."""


class EjoinTimeoutError(EjoinConnectionError):
    """The gateway did not answer within the request timeout."""


class EjoinAuthenticationError(EjoinError):
    """The gateway rejected the credentials or the secure session.

    Raised for HTTP 401/403 as well as for a JSON reply carrying code 1
    ("Invalid User") or 14 ("Unauthorized").
    """


class EjoinRefusedError(EjoinError):
    """The gateway understood the request and refused it.

    ``code`` is the device's result code (for example 2 "Invalid Port", 16 "Too
    Many Task") and ``reason`` its text. ``code`` is -1 when the gateway answered
    success but did not apply a parameter (``par_set`` 0), or refused without a
    code (API v3 answers ``[]``).
    """

    def __init__(self, code: int, reason: str, message: str | None = None) -> None:
        """Create the error from the device's code and reason text."""
        self.code = code
        self.reason = reason
        super().__init__(message or f"Gateway refused the request: {code} {reason}")


class EjoinResponseError(EjoinError):
    """The gateway (or a push) sent something that cannot be understood.

    Malformed JSON, an unexpected HTTP status, a body missing required fields or an
    unparseable push. Deliberately not a :class:`ValueError`: callers map
    ``ValueError`` to "invalid input" (bad arguments are refused with
    ``ValueError`` before anything is sent), and a bad device answer is not that.
    """


class EjoinUnsupportedError(EjoinResponseError):
    """The gateway does not offer this operation.

    Its API generation lacks it (USSD on a v2.1-only gateway, deleting from the
    inbox through v3), or its firmware does not know the endpoint (HTTP 404).
    ``operation`` names what was asked for.
    """

    def __init__(self, operation: str, message: str | None = None) -> None:
        """Create the error for ``operation`` (an endpoint or a feature)."""
        self.operation = operation
        super().__init__(message or f"The gateway does not offer {operation}")
