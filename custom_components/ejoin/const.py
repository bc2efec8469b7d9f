"""Constants of the Ejoin GSM Gateway integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "ejoin"
LOGGER = logging.getLogger(__package__)

DEFAULT_PORT: Final = 80
DEFAULT_USERNAME: Final = "root"
MANUFACTURER: Final = "Ejoin"

# Options (contract: push on/off, webhook base URL override, inbox polling, currency).
CONF_PUSH: Final = "push"
CONF_WEBHOOK_BASE_URL: Final = "webhook_base_url"
CONF_WEBHOOK_LOCAL_ONLY: Final = "webhook_local_only"
CONF_INBOX_POLLING: Final = "inbox_polling"
CONF_CURRENCY: Final = "currency"
CONF_WEBHOOK_ID: Final = "webhook_id"
# Ports whose SIM slots get entities first (a gateway bigger than the budget).
CONF_ENTITY_PORTS: Final = "entity_ports"

# Security: the entry remembers that its gateway answered the secure-session
# handshake (entry data); options for the source addresses of pushes.
CONF_SECURE_SESSION: Final = "secure_session"
CONF_PUSH_SOURCE_CHECK: Final = "push_source_check"
CONF_PUSH_SOURCES: Final = "push_sources"
DEFAULT_PUSH_SOURCE_CHECK: Final = True

# Message history (issue 14): how many messages per gateway; 0 keeps none.
CONF_HISTORY_SIZE: Final = "history_size"
DEFAULT_HISTORY_SIZE: Final = 500
MAX_HISTORY_SIZE: Final = 10_000

DEFAULT_PUSH: Final = True
DEFAULT_INBOX_POLLING: Final = True
DEFAULT_WEBHOOK_LOCAL_ONLY: Final = True

# With push working, pushes drive the state and polls are a watchdog that still notices
# an unreachable gateway within the contract's two minutes.
STATUS_INTERVAL_PUSH: Final = timedelta(seconds=90)
STATUS_INTERVAL_POLL: Final = timedelta(seconds=30)
INBOX_INTERVAL_PUSH: Final = timedelta(minutes=5)
INBOX_INTERVAL_POLL: Final = timedelta(seconds=60)
# How long one request to the gateway may take.
REQUEST_TIMEOUT: Final = 10.0
# Refreshes requested after commands: at most one per this many seconds.
REQUEST_REFRESH_COOLDOWN: Final = 1.0
# The gateway's minimum status push period (section 4.1.2).
STATUS_PUSH_PERIOD: Final = 60

EVENT_SMS_RECEIVED: Final = "ejoin_sms_received"
EVENT_DELIVERY_REPORT: Final = "ejoin_delivery_report"
EVENT_SMS_SENT: Final = "ejoin_sms_sent"
EVENT_MMS_RECEIVED: Final = "ejoin_mms_received"

ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"

# Messaging (webhook, inbox, events, actions).
ATTR_DEVICE_ID: Final = "device_id"
ATTR_MAC: Final = "mac"
# Event types of the gateway's event entity (and device trigger types).
EVENT_TYPE_SMS_RECEIVED: Final = "sms_received"
EVENT_TYPE_DELIVERY_REPORT: Final = "delivery_report"
EVENT_TYPE_MMS_RECEIVED: Final = "mms_received"
# Largest push body the webhook reads: the full status of a 512 x 32 gateway is
# about 5 MB, an MMS a few hundred KB at most.
WEBHOOK_MAX_BODY: Final = 16 * 1024 * 1024
# Received MMS attachments go to <media>/ejoin/<gateway MAC>/.
MMS_MEDIA_FOLDER: Final = "ejoin"

# API generations (issue 13): which ones the gateway answered, preferred first,
# kept in the entry's data as strings (``["v3", "v2.1"]``).
CONF_API: Final = "api"
EVENT_USSD_RECEIVED: Final = "ejoin_ussd_received"
# Seconds the gateway waits for the network's USSD reply, and for a module's AT answer.
USSD_WAIT: Final = 30
AT_WAIT: Final = 10
# Radio data (network types, serving cells): a slow poll; a scan's result is read
# this long after the scan started (the document asks to retry after 120 s).
RADIO_INTERVAL: Final = timedelta(minutes=10)
CELL_SCAN_WAIT: Final = timedelta(seconds=30)
