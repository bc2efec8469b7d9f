/**
 * The latest messages of the gateway, newest first: received SMS, delivery reports and
 * send outcomes, filterable by slot and by sender (or recipient). The list is a live
 * region, so a message that arrives is announced.
 */
import {
  mdiCheckAll,
  mdiClockOutline,
  mdiCloseCircleOutline,
  mdiEmailCheckOutline,
  mdiEmailRemoveOutline,
  mdiMessageTextOutline,
} from "@mdi/js";
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { filterMessages, messageSlots } from "./gateway-store.js";
import type { Message } from "./protocol.js";
import { controlStyles, defineElement, icon } from "./shared.js";
import { t } from "./strings.js";

const PAGE = 20;

interface MessageLook {
  icon: string;
  tone: "" | "ok" | "error";
  title: string;
  body: string;
}

function look(message: Message): MessageLook {
  switch (message.kind) {
    case "sms_received":
      return { icon: mdiMessageTextOutline, tone: "", title: t("messages.received", { sender: message.sender }), body: message.text };
    case "delivery_report":
      return message.delivered
        ? { icon: mdiCheckAll, tone: "ok", title: t("messages.report_delivered", { recipient: message.recipient }), body: "" }
        : {
            icon: mdiCloseCircleOutline,
            tone: "error",
            title: t("messages.report_failed", { recipient: message.recipient, code: message.code }),
            body: "",
          };
    case "sms_sent":
      if (message.success === null) {
        return { icon: mdiClockOutline, tone: "", title: t("messages.sent_pending", { number: message.number }), body: "" };
      }
      return message.success
        ? { icon: mdiEmailCheckOutline, tone: "ok", title: t("messages.sent_ok", { number: message.number }), body: "" }
        : {
            icon: mdiEmailRemoveOutline,
            tone: "error",
            title: t("messages.sent_failed", { number: message.number }),
            body: message.reason ?? "",
          };
    default:
      return { icon: mdiMessageTextOutline, tone: "", title: "", body: "" };
  }
}

export class EjoinMessages extends LitElement {
  @property({ attribute: false }) accessor messages: readonly Message[] = [];
  @property() accessor locale = "en";

  @state() accessor _slot = "";
  @state() accessor _party = "";
  @state() accessor _shown = PAGE;

  private _format?: Intl.DateTimeFormat;
  private _formatLocale = "";

  private _time(at: string): string {
    if (this._format === undefined || this._formatLocale !== this.locale) {
      this._formatLocale = this.locale;
      try {
        this._format = new Intl.DateTimeFormat(this.locale, { dateStyle: "short", timeStyle: "medium" });
      } catch {
        this._format = new Intl.DateTimeFormat("en", { dateStyle: "short", timeStyle: "medium" });
      }
    }
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? at : this._format.format(date);
  }

  protected override render(): TemplateResult {
    const matching = filterMessages(this.messages, { slot: this._slot, party: this._party });
    const shown = matching.slice(0, this._shown);
    const slots = messageSlots(this.messages);
    return html`
      <div class="filters">
        <label class="field"
          >${t("messages.filter_slot")}
          <select .value=${this._slot} @change=${(e: Event) => this._setSlot((e.target as HTMLSelectElement).value)}>
            <option value="">${t("messages.filter_all")}</option>
            ${slots.map((slot) => html`<option value=${slot} ?selected=${slot === this._slot}>${slot}</option>`)}
          </select>
        </label>
        <label class="field"
          >${t("messages.filter_sender")}
          <input
            type="search"
            .value=${this._party}
            @input=${(e: Event) => this._setParty((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      ${this.messages.length === 0
        ? html`<p class="empty">${t("messages.empty")}</p>`
        : matching.length === 0
          ? html`<p class="empty">${t("messages.no_match")}</p>`
          : nothing}
      <ol class="list" aria-live="polite" aria-relevant="additions">
        ${shown.map((message) => this._item(message))}
      </ol>
      ${matching.length > shown.length
        ? html`<div class="more">
            <span class="helper">${t("messages.count", { shown: shown.length, total: matching.length })}</span>
            <button @click=${() => (this._shown += PAGE * 5)}>${t("messages.show_more")}</button>
          </div>`
        : nothing}
    `;
  }

  private _setSlot(slot: string): void {
    this._slot = slot;
    this._shown = PAGE;
  }

  private _setParty(party: string): void {
    this._party = party;
    this._shown = PAGE;
  }

  private _item(message: Message): TemplateResult {
    const { icon: path, tone, title, body } = look(message);
    return html`<li class=${tone} data-id=${message.id}>
      ${icon(path, "kind")}
      <div class="main">
        <div class="line">
          <span class="title">${title}</span>
          <time datetime=${message.at}>${this._time(message.at)}</time>
        </div>
        ${message.slot ? html`<div class="meta">${t("messages.on_slot", { slot: message.slot })}</div>` : nothing}
        ${body ? html`<div class="body">${body}</div>` : nothing}
      </div>
    </li>`;
  }

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .filters {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 2fr);
        gap: 8px;
        margin-bottom: 8px;
      }
      .empty {
        color: var(--secondary-text-color);
        margin: 8px 0;
      }
      .list {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: var(--ejoin-messages-max-height, 420px);
        overflow: auto;
      }
      li {
        display: flex;
        gap: 10px;
        padding: 8px 2px;
        border-bottom: 1px solid var(--divider-color);
      }
      li:last-child {
        border-bottom: none;
      }
      .kind {
        width: 22px;
        height: 22px;
        fill: var(--secondary-text-color);
        flex: none;
        margin-top: 1px;
      }
      li.ok .kind {
        fill: color-mix(in srgb, var(--success-color, #43a047) 75%, var(--primary-text-color));
      }
      li.error .kind {
        fill: color-mix(in srgb, var(--error-color, #db4437) 75%, var(--primary-text-color));
      }
      .main {
        flex: 1;
        min-width: 0;
      }
      .line {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        flex-wrap: wrap;
      }
      .title {
        font-weight: var(--ha-font-weight-medium, 500);
        overflow-wrap: anywhere;
      }
      time,
      .meta {
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .body {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin-top: 2px;
      }
      .more {
        display: flex;
        align-items: center;
        justify-content: space-between;
        margin-top: 8px;
      }
    `,
  ];
}

defineElement("ejoin-messages", EjoinMessages);

declare global {
  interface HTMLElementTagNameMap {
    "ejoin-messages": EjoinMessages;
  }
}
