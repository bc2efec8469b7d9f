"""Authentication: the device account and the secure sessions of section 3."""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import TYPE_CHECKING, Any

from emulator.values import as_float, md5_hex

from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    import random

    from .wakeup import Wakeup

__all__ = ["SESSION_RESOURCE", "Authentication", "SecureSession"]

SESSION_RESOURCE = "/crypt_sess.json"
#: Session lifetime when the handshake names none (or a bad one), seconds.
DEFAULT_LIFETIME = 180.0


@dataclass(slots=True)
class SecureSession:
    """A secure session of section 3."""

    session_id: str
    username: str
    client_auth: str
    crypt: str
    lifetime: float
    expires_at: float
    last_seq: int | None = None


class Authentication:
    """Check the credentials of every request; open and keep secure sessions."""

    def __init__(
        self,
        *,
        username: str,
        password: str,
        clock: Callable[[], float],
        rng: random.Random,
        wakeup: Wakeup,
    ) -> None:
        """Hold the device account; no session yet."""
        self.username = username
        self.password = password
        self.clock = clock
        self.wakeup = wakeup
        self._rng = rng
        self._sessions: dict[str, SecureSession] = {}

    def check(self, params: Mapping[str, str], resource: str) -> bool:
        """Check ``username``/``password`` or a secure-session ``auth`` digest.

        ``params`` has lower-case keys (the document writes ``Username`` too).
        """
        if "session" in params:
            return self._check_session(params, resource)
        return (
            params.get("username") == self.username
            and params.get("password") == self.password
        )

    def _check_session(self, params: Mapping[str, str], resource: str) -> bool:
        now = self.clock()
        session = self._sessions.get(params.get("session", ""))
        if session is None or session.expires_at < now:
            return False
        seq_text = params.get("seq", "").strip()
        if not re.fullmatch(r"\d+", seq_text):
            return False
        seq = int(seq_text)
        if session.last_seq is not None and seq <= session.last_seq:
            return False
        expected = {
            md5_hex(
                self.username + self.password + session.session_id + text + resource
            )
            for text in {seq_text, str(seq)}
        }
        if params.get("auth", "").lower() not in expected:
            return False
        session.last_seq = seq
        lifetime = as_float(params.get("expires"), session.lifetime)
        if lifetime > 0:
            session.lifetime = lifetime
        session.expires_at = now + session.lifetime
        return True

    @mutator
    def create_session(self, params: Mapping[str, str]) -> dict[str, Any] | None:
        """Handle ``crypt_sess.json``; ``None`` when authentication fails.

        ``auth`` must be ``MD5(username + password + cnonce + url-resource)``. The
        document's example names the resource of a later request; for the handshake
        itself the resource is ``/crypt_sess.json``. Also accepted: the digest
        without any resource, the other plausible reading.
        """
        username = params.get("username", "")
        cnonce = params.get("cnonce", "")
        auth = params.get("auth", "").lower()
        if username != self.username or not cnonce or not auth:
            return None
        base = self.username + self.password + cnonce
        if auth not in {md5_hex(base + SESSION_RESOURCE), md5_hex(base)}:
            return None
        lifetime = as_float(params.get("expires"), DEFAULT_LIFETIME)
        if lifetime <= 0:
            lifetime = DEFAULT_LIFETIME
        session_id = f"{self._rng.getrandbits(64):016x}"
        self._sessions[session_id] = SecureSession(
            session_id=session_id,
            username=username,
            client_auth=auth,
            crypt=params.get("crypt", ""),
            lifetime=lifetime,
            expires_at=self.clock() + lifetime,
        )
        return {
            "code": 0,
            "desc": "OK",
            "reason": "OK",
            "session": session_id,
            "expires": int(lifetime) if lifetime.is_integer() else lifetime,
        }

    @property
    def session_count(self) -> int:
        """Secure sessions opened since boot (expired ones included)."""
        return len(self._sessions)

    def reboot(self) -> None:
        """Forget every session."""
        self._sessions.clear()
