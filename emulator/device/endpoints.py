"""The device's HTTP endpoints, by the names the control API and the logs use."""

from __future__ import annotations

__all__ = ["DEVICE_ENDPOINTS", "endpoint_name"]

#: Every endpoint the device answers (sections 3-10).
DEVICE_ENDPOINTS = frozenset(
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


def endpoint_name(path: str) -> str:
    """Return the endpoint of ``/goip_get_sms.html`` or ``goip_get_sms.html``.

    ``ValueError`` for a path the device does not answer.
    """
    name = path.strip().lstrip("/")
    if name not in DEVICE_ENDPOINTS:
        raise ValueError(f"{path!r} is not a device endpoint")
    return name
