"""A client of the emulator's control API (``/_emulator/``), used like a test bench."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import aiohttp

__all__ = ["EmulatorControl"]

type JSON = dict[str, Any]


class EmulatorControl:
    """Drive the emulated gateway: inject messages, change slots, read its state."""

    def __init__(self, base_url: str, session: aiohttp.ClientSession) -> None:
        """Use ``session`` for every control request."""
        self.base_url = base_url.rstrip("/")
        self._session = session

    async def _post(self, name: str, body: JSON | None = None) -> JSON:
        async with self._session.post(
            f"{self.base_url}/_emulator/{name}", json=body or {}
        ) as response:
            payload: JSON = await response.json(content_type=None)
            if response.status != 200 or not payload.get("ok"):
                raise AssertionError(
                    f"emulator {name} {body}: HTTP {response.status} {payload}"
                )
            return payload

    async def state(self) -> JSON:
        """The emulator's whole state (device, options, slots, tasks, pushes ...)."""
        async with self._session.get(f"{self.base_url}/_emulator/state") as response:
            response.raise_for_status()
            payload: JSON = await response.json(content_type=None)
            return payload

    async def device_status(self, username: str, password: str) -> JSON:
        """What the gateway itself reports, every slot.

        ``goip_get_status.html``, or ``get_device_status`` of a v3-only gateway.
        """
        params = {"username": username, "password": password, "all_slots": "1"}
        api = (await self.state())["options"]["api"]
        path = "get_device_status" if api == "v3" else "goip_get_status.html"
        async with self._session.get(
            f"{self.base_url}/{path}", params=params
        ) as response:
            response.raise_for_status()
            payload: JSON = await response.json(content_type=None)
            return payload

    async def sms(
        self,
        slot: str,
        sender: str,
        text: str,
        *,
        recipient: str | None = None,
        delivery_report: bool = False,
        timestamp: float | None = None,
    ) -> int:
        """Deliver an SMS (or a delivery report) to ``slot``; return its inbox id."""
        body: JSON = {
            "slot": slot,
            "sender": sender,
            "text": text,
            "delivery_report": delivery_report,
        }
        if recipient is not None:
            body["recipient"] = recipient
        if timestamp is not None:
            body["timestamp"] = timestamp
        return int((await self._post("sms", body))["id"])

    async def mms(
        self,
        *,
        sender: str,
        subject: str,
        text: str = "",
        attachments: list[JSON] | None = None,
        slot: str | None = None,
        recipient: str | None = None,
    ) -> JSON:
        """Receive an MMS; the emulator pushes it to its ``mms_url``."""
        body: JSON = {
            "sender": sender,
            "subject": subject,
            "text": text,
            "attachments": attachments or [],
        }
        if slot is not None:
            body["slot"] = slot
        if recipient is not None:
            body["recipient"] = recipient
        return await self._post("mms", body)

    async def sms_many(self, messages: list[JSON]) -> list[int]:
        """Deliver many SMS at once (``slot``, ``sender``, ``text`` each)."""
        ids: list[int] = (await self._post("sms", {"messages": messages}))["ids"]
        return ids

    async def set_slot(self, slot: str, **changes: Any) -> JSON:
        """Change a slot (``st``, ``sig``, ``bal`` ...); pushes ``port-status``."""
        return await self._post("port", {"slot": slot, **changes})

    async def configure(self, **options: Any) -> JSON:
        """Change gateway options (``mms_url``, ``send_time`` ...)."""
        return await self._post("config", options)

    async def set_fault(
        self,
        mode: str,
        *,
        delay: float = 1.0,
        count: int | None = None,
        path: str | None = None,
    ) -> None:
        """Break the device endpoints (``http500``, ``garbage``, ``slow``, ``none``).

        ``path`` (``"goip_get_sms.html"``) breaks that endpoint alone.
        """
        body: JSON = {"mode": mode, "delay": delay}
        if count is not None:
            body["count"] = count
        if path is not None:
            body["path"] = path
        await self._post("fault", body)

    async def signals(self, delta: int = 1) -> int:
        """Move every SIM's signal by ``delta`` without a push; return how many."""
        return int((await self._post("signals", {"delta": delta}))["moved"])

    async def push_status(self) -> bool:
        """Push ``dev-status`` now to the registered URL; False when none is set."""
        return bool((await self._post("push-status"))["pushed"])

    async def requests(self, path: str | None = None) -> list[JSON]:
        """The device requests logged (method, path, query, body, time), oldest first."""
        async with self._session.get(f"{self.base_url}/_emulator/requests") as response:
            response.raise_for_status()
            payload: JSON = await response.json(content_type=None)
        logged: list[JSON] = payload["requests"]
        return [item for item in logged if path is None or item["path"] == path]

    async def pushes(self, kind: str | None = None) -> list[JSON]:
        """Pushes made so far (optionally of one ``type``), oldest first."""
        pushes: list[JSON] = (await self.state())["pushes"]
        return [push for push in pushes if kind is None or push["type"] == kind]

    async def wait_for_push(
        self, kind: str, *, after: int = 0, within: float = 15.0
    ) -> JSON:
        """Wait until a push of ``kind`` beyond the first ``after`` has been answered.

        Returns the push summary (``status`` is Home Assistant's HTTP status).
        """
        deadline = time.monotonic() + within
        while True:
            done = [
                push
                for push in await self.pushes(kind)
                if push["status"] is not None or push["error"] or push["dropped"]
            ]
            if len(done) > after:
                return done[after]
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no answered {kind} push after {within:.0f} s: "
                    f"{await self.pushes(kind)}"
                )
            await asyncio.sleep(0.1)
