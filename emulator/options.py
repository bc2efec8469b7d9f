"""The emulator's behaviour switches, where real gateways and the document differ."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["OPTION_CHOICES", "GatewayOptions"]


@dataclass(slots=True)
class GatewayOptions:
    """Behaviour switches of the emulator; every one can be changed at run time.

    The defaults follow the field notes where real gateways and the document differ.
    """

    #: The API generations served: ``v2`` (the ``goip_*`` endpoints of the v2.1
    #: document), ``v3`` (the JSON endpoints of firmware 8.0d and later, without
    #: the ``goip_*`` ones) or ``both``; the same state stands behind every one.
    #: Pushes take the v3 shapes unless only v2 is served.
    api: str = "v2"
    #: Wrong credentials: ``http`` -> HTTP 401; ``json`` -> 200 with
    #: ``{"code": 1, "reason": "Invalid User"}``; ``json14`` -> 200 with
    #: ``{"code": 14, "reason": "Unauthorized"}`` (both codes are in section 6.3.2.3).
    auth_error: str = "http"
    #: The secure-session handshake (``crypt_sess.json``, section 3): ``answer``
    #: it; ``not_found`` answers HTTP 404, as firmware without the page would;
    #: ``auth_error`` answers like wrong credentials (option ``auth_error``), as
    #: firmware that checks the password before it looks at the path would.
    session_handshake: str = "answer"
    #: Key of the slot count in ``dev-status``: ``max-slot`` (real dumps) or
    #: ``max-slots`` (section 4.1.3).
    slot_key_style: str = "max-slot"
    #: Send the slot count as a string (the document types ``max-slots`` String).
    slot_count_as_string: bool = False
    #: Answer ``goip_get_status.html`` with old firmware's plain-text lines.
    plain_text_status: bool = False
    #: Port notation in status rows and ``port-status`` pushes: ``dotted`` (``1.01``)
    #: or ``letter`` (``1A``, as in the examples of sections 4.1.3 and 4.1.4).
    status_port_style: str = "dotted"
    #: Port notation in inbox rows and ``recv-sms`` pushes (some firmware: ``1B``).
    inbox_port_style: str = "dotted"
    #: Rows of empty slots in ``dev-status``: ``reduced`` (``port, sim, seq, st,
    #: imei`` only), ``omit`` (left out entirely) or ``full``.
    empty_slots: str = "reduced"
    #: ``code`` of a successful ``goip_send_cmd.html`` command: 200 (most replies)
    #: or 0 (the document's example in section 6.4.2).
    command_ok_code: int = 200
    #: Seconds a module spends registering (``st`` 2) after reset/switch/unlock/boot.
    register_delay: float = 0.2
    #: Seconds the module needs to send one SMS.
    send_time: float = 0.02
    #: Seconds until a requested delivery report (``dr=1``) reaches the inbox.
    delivery_report_delay: float = 0.05
    #: Seconds an SMS to one of the emulator's own numbers spends in the network.
    network_delay: float = 0.05
    #: Unfinished tasks the device keeps; one more is refused ``16 Too Many Task``.
    max_queued_tasks: int = 128
    #: First recipient index in ``sdr``/``fdr`` rows (the v3 document's example
    #: numbers them from 1; the v2 text does not say).
    report_index_base: int = 1
    #: Several ``from`` ports: ``round_robin`` spreads the recipients over them;
    #: ``every_port`` sends each recipient from every port (the document's tips 2-3).
    multi_port_mode: str = "round_robin"
    #: Status-report batching when neither task nor message says (field notes).
    default_sr_cnt: int = 10
    default_sr_prd: float = 60.0
    #: Smallest accepted status push period (the document says 60; 0 = honour any).
    min_status_period: float = 0.0
    #: Push one ``dev-status`` right when a status URL is registered.
    status_push_on_register: bool = True
    #: Inbox messages kept (renumbered from 1) across a reboot; 0 clears the inbox.
    reboot_keep_inbox: int = 0
    #: Seconds the device stays unreachable during an ``op=reboot``.
    reboot_downtime: float = 0.0
    #: MMS push target (the real device sets it only in its web UI).
    mms_url: str = ""
    #: Target of the octet-stream "SMS to HTTP" push; empty = that mode is off.
    http_sms_url: str = ""
    #: Include ``mac`` in the "SMS to HTTP" query (some models send none).
    http_sms_mac: bool = True
    #: Add the v3 ``Emms-Mac``/``Emms-Port``/``Emms-Iccid``/``Emms-Imsi`` headers.
    mms_extra_headers: bool = False
    #: Answer HTTP 400 to a GET that carries a JSON ``Content-Type``, as some
    #: minimal device HTTP servers do (field notes).
    reject_json_get: bool = True
    #: Device IP and firmware version reported in ``dev-status``.
    ip: str = "127.0.0.1"
    ver: str = "532-604-924-041-100-000"
    #: Timeout of one push POST, seconds.
    push_timeout: float = 5.0
    #: Seconds the network takes to answer a USSD request (API v3).
    ussd_delay: float = 0.0
    #: Seconds a serving-cell scan takes (API v3).
    cell_scan_time: float = 0.2
    #: Count a push as delivered only when answered HTTP 200 (else any 2xx). Either
    #: way a failed push is recorded and never sent again: the documents show no
    #: retry.
    push_require_200: bool = False

    def update(self, changes: Mapping[str, Any]) -> None:
        """Apply ``changes`` in place, all or none; ``ValueError``/``TypeError``.

        In place, because every part of the gateway holds this one object.
        """
        known = {item.name for item in fields(self)}
        clean: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown option {name!r}")
            clean[name] = _coerce(name, getattr(self, name), value)
        for name, value in clean.items():
            setattr(self, name, value)


#: Allowed values of the enumerated options.
OPTION_CHOICES: dict[str, frozenset[str]] = {
    "api": frozenset({"v2", "v3", "both"}),
    "auth_error": frozenset({"http", "json", "json14"}),
    "session_handshake": frozenset({"answer", "not_found", "auth_error"}),
    "slot_key_style": frozenset({"max-slot", "max-slots"}),
    "status_port_style": frozenset({"dotted", "letter"}),
    "inbox_port_style": frozenset({"dotted", "letter"}),
    "empty_slots": frozenset({"reduced", "omit", "full"}),
    "multi_port_mode": frozenset({"round_robin", "every_port"}),
}


def _coerce(name: str, current: object, value: object) -> object:
    """Check ``value`` against the type of the option's current value."""
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise TypeError(f"option {name!r} takes true/false")
        return value
    if isinstance(current, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"option {name!r} takes an integer")
        return value
    if isinstance(current, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"option {name!r} takes a number")
        if value < 0:
            raise ValueError(f"option {name!r} must not be negative")
        return float(value)
    if not isinstance(value, str):
        raise TypeError(f"option {name!r} takes a string")
    choices = OPTION_CHOICES.get(name)
    if choices is not None and value not in choices:
        raise ValueError(f"option {name!r} must be one of {sorted(choices)}")
    return value
