"""The device's HTTP endpoints, by the names the control API and the logs use."""

from __future__ import annotations

__all__ = [
    "DEVICE_ENDPOINTS",
    "V2_ENDPOINTS",
    "V3_ENDPOINTS",
    "endpoint_name",
    "serves",
    "v3_pushes",
]

#: The endpoints of the v2.1 document (sections 3-10).
V2_ENDPOINTS = frozenset(
    {
        "goip_get_status.html",
        "goip_send_cmd.html",
        "goip_post_sms.html",
        "goip_pause_sms.html",
        "goip_resume_sms.html",
        "goip_remove_sms.html",
        "goip_get_tasks.html",
        "goip_get_sms.html",
        "goip_get_sms_stat.html",
        "goip_get_call_stat.html",
        "crypt_sess.json",
    }
)
#: The endpoints of the v3 document the emulator serves (eSIM, cell locking and
#: number configuration are left out). The call statistics keep their ``goip_``
#: name in the v3 document, with a JSON request and an array reply.
V3_ENDPOINTS = frozenset(
    {
        "submit_sms_tasks",
        "pause_sms_tasks",
        "resume_sms_tasks",
        "remove_sms_tasks",
        "get_sms_tasks",
        "get_sms_config",
        "set_sms_config",
        "get_status_report_server",
        "set_status_report_server",
        "get_sms_stats",
        "goip_get_call_stat.html",
        "get_received_smses",
        "send_ats",
        "send_ussds",
        "set_network_type",
        "get_network_type",
        "scan_serving_cells",
        "get_serving_cells",
        "lock_sims",
        "unlock_sims",
        "switch_sims",
        "reboot_modems",
        "on_leds",
        "off_leds",
        "set_numbers",
        "get_numbers",
        "set_imeis",
        "get_imeis",
        "get_device_status",
        "get_ports_status",
        "save_config",
        "reboot_device",
    }
)
#: Every endpoint the device may answer.
DEVICE_ENDPOINTS = V2_ENDPOINTS | V3_ENDPOINTS


def endpoint_name(path: str) -> str:
    """Return the endpoint of ``/goip_get_sms.html`` or ``goip_get_sms.html``.

    ``ValueError`` for a path the device does not answer.
    """
    name = path.strip().lstrip("/")
    if name not in DEVICE_ENDPOINTS:
        raise ValueError(f"{path!r} is not a device endpoint")
    return name


def serves(api: str, name: str) -> bool:
    """Return whether a device serving ``api`` (``v2``/``v3``/``both``) has ``name``."""
    if api == "v2":
        return name in V2_ENDPOINTS
    if api == "v3":
        return name in V3_ENDPOINTS
    return name in DEVICE_ENDPOINTS


def v3_pushes(api: str) -> bool:
    """Return whether the device pushes the v3 shapes (it serves v3)."""
    return api != "v2"
