import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  applyEvent,
  filterMessages,
  MESSAGE_LIMIT,
  messageParty,
  messageSlots,
  parseRecipients,
  validPortOrSlot,
} from "../src/gateway-store.js";
import type { Gateway, Message, Slot } from "../src/protocol.js";
import { emptySlot } from "../src/slot-state.js";

const gateway: Gateway = {
  config_entry_id: "e1",
  title: "Rack A",
  mac: "00:1f:c1:00:45:f9",
  firmware: null,
  ports: 2,
  slots_per_port: 1,
  available: true,
};
const received = (id: string, slot: string, sender: string): Message => ({
  id,
  kind: "sms_received",
  at: "2026-05-04T08:00:00Z",
  slot,
  sender,
  recipient: null,
  text: "hi",
});
const slotOf = (port: number, changes: Partial<Slot> = {}): Slot => ({ ...emptySlot(port, 1), ...changes });

describe("applying subscription events", () => {
  const snapshot = applyEvent(undefined, {
    type: "snapshot",
    gateway,
    slots: [slotOf(1), slotOf(2)],
    messages: [received("b", "1.01", "+49170"), received("a", "2.01", "Vodafone")],
  })!;

  it("ignores everything before the first snapshot", () => {
    assert.equal(applyEvent(undefined, { type: "slots", slots: [slotOf(1)] }), undefined);
    assert.equal(applyEvent(undefined, { type: "message", message: received("x", "1.01", "a") }), undefined);
    assert.equal(applyEvent(undefined, { type: "history_cleared" }), undefined);
  });
  it("takes a snapshot whole", () => {
    assert.deepEqual([...snapshot.slots.keys()], ["1.01", "2.01"]);
    assert.deepEqual(snapshot.messages.map((m) => m.id), ["b", "a"]);
  });
  it("replaces only the slots an event names, in a new map", () => {
    const next = applyEvent(snapshot, { type: "slots", slots: [slotOf(2, { state: "failed" })] })!;
    assert.equal(next.slots.get("2.01")!.state, "failed");
    assert.equal(next.slots.get("1.01"), snapshot.slots.get("1.01"));
    assert.notEqual(next.slots, snapshot.slots);
    assert.equal(snapshot.slots.get("2.01")!.state, "unknown");
  });
  it("puts a new message first, once", () => {
    const next = applyEvent(snapshot, { type: "message", message: received("c", "1.01", "x") })!;
    assert.deepEqual(next.messages.map((m) => m.id), ["c", "b", "a"]);
    const again = applyEvent(next, { type: "message", message: received("c", "1.01", "x") })!;
    assert.deepEqual(again.messages.map((m) => m.id), ["c", "b", "a"]);
  });
  it("keeps at most the limit of messages", () => {
    let data = snapshot;
    for (let i = 0; i < MESSAGE_LIMIT + 5; i++) {
      data = applyEvent(data, { type: "message", message: received(`n${i}`, "1.01", "x") })!;
    }
    assert.equal(data.messages.length, MESSAGE_LIMIT);
    assert.equal(data.messages[0]!.id, `n${MESSAGE_LIMIT + 4}`);
  });
  it("updates the gateway, clears the history, and starts over on a new snapshot", () => {
    const offline = applyEvent(snapshot, { type: "gateway", gateway: { ...gateway, available: false } })!;
    assert.equal(offline.gateway.available, false);
    assert.equal(offline.slots, snapshot.slots);
    assert.deepEqual(applyEvent(offline, { type: "history_cleared" })!.messages, []);
    const reloaded = applyEvent(offline, { type: "snapshot", gateway, slots: [], messages: [] })!;
    assert.equal(reloaded.slots.size, 0);
    assert.equal(reloaded.gateway.available, true);
  });
  it("ignores event types it does not know", () => {
    assert.equal(applyEvent(snapshot, { type: "later_feature" } as never), snapshot);
  });
});

describe("the message filter", () => {
  const messages: Message[] = [
    received("1", "1.01", "+491701234567"),
    received("2", "2.01", "Vodafone"),
    { id: "3", kind: "delivery_report", at: "2026-05-04T08:00:00Z", slot: "1.01", recipient: "+49151", delivered: true, code: 0 },
    { id: "4", kind: "sms_sent", at: "2026-05-04T08:00:00Z", slot: null, tid: 7, number: "+49160", success: false, reason: "x" },
  ];
  it("filters by slot and by part of the sender or recipient", () => {
    assert.deepEqual(filterMessages(messages, { slot: "1.01", party: "" }).map((m) => m.id), ["1", "3"]);
    assert.deepEqual(filterMessages(messages, { slot: "", party: "voda" }).map((m) => m.id), ["2"]);
    assert.deepEqual(filterMessages(messages, { slot: "", party: " +4916 " }).map((m) => m.id), ["4"]);
    assert.deepEqual(filterMessages(messages, { slot: "", party: "" }).length, 4);
  });
  it("knows each kind's party and lists the slots in order", () => {
    assert.deepEqual(messages.map(messageParty), ["+491701234567", "Vodafone", "+49151", "+49160"]);
    assert.deepEqual(messageSlots([...messages, received("5", "10.02", "a"), received("6", "2.10", "a")]), ["1.01", "2.01", "2.10", "10.02"]);
  });
});

describe("the compose fields", () => {
  it("splits recipients on commas, semicolons and lines, once each", () => {
    assert.deepEqual(parseRecipients("+49 170 1234567, +49160;\n+49160\n\n"), ["+49 170 1234567", "+49160"]);
    assert.deepEqual(parseRecipients("  "), []);
  });
  it("accepts a port, a slot or nothing as the sender", () => {
    for (const text of ["", "3", " 3.02 ", "512.32"]) assert.ok(validPortOrSlot(text), text);
    for (const text of ["a", "3.", "3.123", "1,2"]) assert.ok(!validPortOrSlot(text), text);
  });
});
