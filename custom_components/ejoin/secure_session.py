"""How requests to a gateway authenticate: the secure session, or the password.

The vendor's secure session (doc section 3, ``crypt_sess.json``) replaces the
password in every request after a handshake by a per-request MD5 digest of the
credentials, the session id, a ``seq`` that only grows and the path. The client
keeps the session: it renews it before it expires, sends one request at a time so
that ``seq`` reaches the gateway in order, and establishes it once more when the
gateway rejects it (a reboot forgets sessions) before it reports the rejection.
This module decides whether to use it:

- The handshake is tried in the config flow's steps, at set-up, before the first
  poll after a failed one (the gateway was unreachable, or rebooting), after a
  firmware change, and hourly in password mode (a refusal may have been a passing
  fault).
- A gateway that answers it gets the digest instead of the password in every
  request started from then on (one started before, in password mode, still
  carries the password). The entry remembers that (``secure_session`` in its
  data): a refused handshake is then not taken for firmware without sessions.
  Whatever answers at the gateway's address (new firmware, or a device
  impersonating the gateway to learn the password) gets no password; the entry
  waits until the handshake is answered again, or until the user reconfigures it.
- A gateway that refuses it (no such page, a refusal, or the answer to wrong
  credentials from firmware that checks the password before the path) is asked
  with the password, as before.
- An answered handshake proves the credentials: its digest is made with the
  password, and the gateway opens a session only when it matches. A refused one
  proves nothing (see above), so a request with the password decides.
"""

from __future__ import annotations

from enum import StrEnum
import time
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import callback

from .api import EjoinAuthenticationError, EjoinConnectionError, EjoinError
from .const import CONF_SECURE_SESSION, LOGGER

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from homeassistant.core import HomeAssistant

    from .api import EjoinClient
    from .data import EjoinConfigEntry

#: Seconds a session lives without a request (the document's default).
SESSION_LIFETIME: Final = 180
#: Seconds after which a gateway in password mode is offered the handshake again.
PLAIN_RECHECK: Final = 3600.0


class AuthMode(StrEnum):
    """How the requests to a gateway authenticate."""

    SECURE_SESSION = "secure_session"
    PLAIN = "plain"


class SecureSessionRefusedError(Exception):
    """A gateway that answered the handshake before refused it."""


def password_allowed(data: Mapping[str, Any]) -> bool:
    """Return whether an entry's gateway may be asked with the password.

    Not once it answered the handshake (see the module's description).
    """
    return not data.get(CONF_SECURE_SESSION, False)


async def async_negotiate(client: EjoinClient, *, allow_password: bool) -> AuthMode:
    """Put ``client`` on a secure session; fall back to the password if allowed.

    Raises :class:`EjoinConnectionError` when the gateway cannot be reached: a
    gateway that hangs up on the handshake is not asked with the password either.
    Without ``allow_password``, a rejection of the credentials raises
    :class:`EjoinAuthenticationError` and any other refusal
    :class:`SecureSessionRefusedError`.
    """
    try:
        await client.start_secure_session(SESSION_LIFETIME)
    except EjoinConnectionError:
        raise
    except EjoinError as err:
        if allow_password:
            LOGGER.debug(
                "Gateway %s refused the secure session (%s): using the password",
                client.host,
                err,
            )
            client.end_secure_session()
            return AuthMode.PLAIN
        if isinstance(err, EjoinAuthenticationError):
            raise
        raise SecureSessionRefusedError(str(err)) from err
    return AuthMode.SECURE_SESSION


async def async_prepare_one_off(client: EjoinClient, data: Mapping[str, Any]) -> bool:
    """Authenticate a client used once (at removal); False when it must not be used."""
    try:
        await async_negotiate(client, allow_password=password_allowed(data))
    except (EjoinError, SecureSessionRefusedError) as err:
        LOGGER.debug("No request to %s: %s", client.host, err)
        return False
    return True


class SessionKeeper:
    """Keeps one entry's requests on the secure session where the gateway offers it."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: EjoinConfigEntry,
        client: EjoinClient,
        on_change: Callable[[], None],
    ) -> None:
        """Prepare; the first :meth:`async_ensure` negotiates.

        ``on_change`` is called when the mode changed (the entities that show it
        learn it there: the gateway's status may be the same as before).
        """
        self._hass = hass
        self._entry = entry
        self._client = client
        self._on_change = on_change
        #: The mode in use; None until the first negotiation.
        self.mode: AuthMode | None = None
        self._due = True
        self._negotiated_at = 0.0

    @callback
    def handshake_due(self) -> None:
        """Negotiate again before the next poll (a failed poll, new firmware)."""
        self._due = True

    async def async_ensure(self) -> None:
        """Negotiate when due; raises as :func:`async_negotiate` does."""
        if (
            self.mode is AuthMode.PLAIN
            and time.monotonic() - self._negotiated_at >= PLAIN_RECHECK
        ):
            self._due = True
        if not self._due:
            return
        allow_password = password_allowed(self._entry.data)
        self.negotiated(
            await async_negotiate(self._client, allow_password=allow_password),
            allow_password=allow_password,
        )

    @callback
    def negotiated(self, mode: AuthMode, *, allow_password: bool) -> None:
        """Take the outcome of a negotiation (also one made before set-up)."""
        self._due = False
        self._negotiated_at = time.monotonic()
        if mode is not self.mode:
            LOGGER.debug(
                "Requests to %s authenticate with: %s", self._entry.title, mode
            )
            self.mode = mode
            self._on_change()
        if mode is AuthMode.SECURE_SESSION and allow_password:
            self._hass.config_entries.async_update_entry(
                self._entry, data={**self._entry.data, CONF_SECURE_SESSION: True}
            )
