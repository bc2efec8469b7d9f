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
# Largest push body the webhook reads (an MMS is a few hundred KB at most).
WEBHOOK_MAX_BODY: Final = 4 * 1024 * 1024
# Received MMS attachments go to <media>/ejoin/<gateway MAC>/.
MMS_MEDIA_FOLDER: Final = "ejoin"
