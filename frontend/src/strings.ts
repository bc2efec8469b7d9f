/**
 * Every user-facing text of the card, in English, in one place so that it can be
 * translated later. `{name}` placeholders are filled by `t`.
 */
const EN = {
  "card.name": "Ejoin gateway",
  "card.description":
    "SIM slots of an Ejoin GSM gateway at a glance, its latest messages and a box to send an SMS.",
  "card.no_gateway": "No Ejoin gateway is configured. Add the Ejoin integration first.",
  "card.pick_gateway": "Pick a gateway in the card's settings.",
  "card.loading": "Connecting to the gateway…",
  "card.unavailable": "The gateway is unavailable; the values shown are the last known.",
  "card.reconnecting": "Connection to Home Assistant lost; reconnecting…",
  "card.subscribe_error": "Could not follow the gateway: {error}",
  "card.not_found": "This gateway is not set up or not loaded.",
  "card.retry": "Retry",

  "panel.grid": "SIM grid",
  "panel.messages": "Messages",
  "panel.compose": "Send SMS",

  "state.registered": "Registered",
  "state.idle": "Idle",
  "state.no_sim": "No SIM",
  "state.failed": "Failed",
  "state.locked": "Locked",
  "state.unknown": "Unknown",
  "state.active": "Active SIM",

  "status.access_mobile_network": "Accessing mobile network",
  "status.call_connected": "Call connected",
  "status.card_detected": "SIM detected",
  "status.idle_sim": "Idle",
  "status.inter_calling": "Inter-calling",
  "status.inter_calling_holding": "Inter-calling on hold",
  "status.locked_by_device": "SIM locked by the device",
  "status.locked_by_operator": "SIM locked by the operator",
  "status.module_response_timeout": "Module not responding",
  "status.no_balance": "No balance",
  "status.no_sim": "No SIM",
  "status.register_failed": "Registration failed",
  "status.registered": "Registered",
  "status.registering": "Registering",
  "status.sim_error": "SIM error",
  "status.user_locked": "Locked",

  "grid.label": "SIM slots of {title}",
  "grid.port": "Port {port}",
  "grid.cell": "Slot {slot}, {state}{active}, signal {signal}",
  "grid.cell_active": ", active",
  "grid.signal_bars": "{bars} of 4",
  "grid.signal_none": "none",
  "grid.hint_rows": "A row per port, a cell per SIM slot. Select a cell for details and actions.",
  "grid.hint_columns": "A column per port, a cell per SIM slot. Select a cell for details and actions.",

  "slot.title": "Slot {slot}",
  "slot.state": "State",
  "slot.status": "Status",
  "slot.signal": "Signal",
  "slot.balance": "Balance",
  "slot.operator": "Operator",
  "slot.number": "Number",
  "slot.iccid": "ICCID",
  "slot.imsi": "IMSI",
  "slot.imei": "IMEI",
  "slot.unknown_value": "—",
  "slot.sms_counters": "SMS counters",
  "slot.sms_loading": "Loading…",
  "slot.sms_unknown": "The gateway does not report SMS counters.",
  "slot.sms.sent": "Sent",
  "slot.sms.failed": "Failed",
  "slot.sms.received": "Received",
  "slot.actions": "Actions",
  "slot.switch": "Switch to this SIM",
  "slot.lock": "Lock port {port}",
  "slot.unlock": "Unlock port {port}",
  "slot.reset": "Reset port {port}",
  "slot.send_from": "Send from this SIM",
  "slot.action_done": "Done.",
  "slot.action_failed": "Failed: {error}",
  "slot.admin_only": "Only administrators can change the gateway.",
  "slot.close": "Close",

  "messages.empty": "No messages yet.",
  "messages.filter_slot": "Slot",
  "messages.filter_all": "All slots",
  "messages.filter_sender": "Sender or number",
  "messages.no_match": "No message matches the filter.",
  "messages.show_more": "Show more",
  "messages.received": "SMS from {sender}",
  "messages.report_delivered": "Delivered to {recipient}",
  "messages.report_failed": "Not delivered to {recipient} (code {code})",
  "messages.sent_ok": "Sent to {number}",
  "messages.sent_failed": "Sending to {number} failed",
  "messages.sent_pending": "Sending to {number}",
  "messages.on_slot": "slot {slot}",
  "messages.count": "{shown} of {total}",

  "compose.recipients": "Recipients",
  "compose.recipients_helper": "Phone numbers, separated by commas or new lines",
  "compose.text": "Message",
  "compose.port": "Sending port or slot",
  "compose.port_helper": "Empty for any; a port like 3 or a slot like 3.02. Or pick a slot in the grid.",
  "compose.port_invalid": "Write a port (3) or a slot (3.02).",
  "compose.coding": "Coding",
  "compose.coding.auto": "Automatic",
  "compose.coding.7bit": "GSM 7-bit",
  "compose.coding.ucs2": "Unicode (UCS-2)",
  "compose.counter": "{units} / {limit} · {parts} SMS · {encoding}",
  "compose.counter_units.7bit": "GSM 7-bit",
  "compose.counter_units.ucs2": "UCS-2",
  "compose.unsupported": "Not in the GSM alphabet, sent as “?”: {characters}",
  "compose.send": "Send",
  "compose.sending": "Sending…",
  "compose.result_ok": "Sent",
  "compose.result_failed": "Failed",
  "compose.result_unknown": "Outcome unknown",
  "compose.error": "Could not send: {error}",
  "compose.admin_only": "Only administrators can send messages.",

  "editor.gateway": "Gateway",
  "editor.title": "Title",
  "editor.panels": "Panels",
  "editor.no_gateways": "No Ejoin gateway is set up yet.",
  "editor.move_up": "Move {panel} up",
  "editor.move_down": "Move {panel} down",
} as const;

export type StringKey = keyof typeof EN;

/** The text of `key` with its `{placeholders}` filled from `values`. */
export function t(key: StringKey, values: Record<string, string | number> = {}): string {
  return EN[key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

/** The text of a key built at run time, or the fallback when there is no such key. */
export function tOptional(key: string, fallback: string): string {
  return key in EN ? EN[key as StringKey] : fallback;
}
