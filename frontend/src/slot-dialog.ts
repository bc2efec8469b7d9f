/**
 * A slot opened from the grid: what the gateway knows of its SIM, its SMS counters
 * (`ejoin/slot_statistics`) and the actions on it, called as the integration's actions
 * with the card's `config_entry_id`. A native modal <dialog>: it traps focus, closes on
 * Escape and returns focus to the cell, without depending on Home Assistant's dialog
 * element, whose API changes between releases.
 */
import { mdiClose, mdiLock, mdiLockOpenVariant, mdiRestart, mdiSend, mdiSwapHorizontal } from "@mdi/js";
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import { property, query, state } from "lit/decorators.js";
import { errorText, type HomeAssistant } from "./hass.js";
import { DOMAIN, type Slot, type SlotStatistics } from "./protocol.js";
import { controlStyles, defineElement, icon } from "./shared.js";
import { normalState, signalBars, stateLook, stateName, statusName } from "./slot-state.js";
import { type StringKey, t, tOptional } from "./strings.js";

export interface SendFromDetail {
  slot: string;
}

type Outcome = { ok: boolean; text: string } | undefined;

export class EjoinSlotDialog extends LitElement {
  @property({ attribute: false }) accessor hass: HomeAssistant | undefined;
  @property({ attribute: false }) accessor configEntryId = "";
  /** The slot shown; the card passes the live object so changes show at once. */
  @property({ attribute: false }) accessor slotData: Slot | undefined;
  /** Whether the card has a compose panel to send from this slot. */
  @property({ type: Boolean }) accessor canCompose = false;

  @state() accessor _statistics: SlotStatistics | undefined;
  @state() accessor _statisticsError = "";
  @state() accessor _busy = false;
  @state() accessor _outcome: Outcome;

  @query("dialog") accessor _dialog!: HTMLDialogElement;

  private _openedFor = "";

  /** Open the dialog for the current slot, with its counters read afresh. */
  async open(): Promise<void> {
    const address = this.slotData?.slot ?? "";
    this._openedFor = address;
    this._statistics = undefined;
    this._statisticsError = "";
    this._outcome = undefined;
    if (address) void this._loadStatistics(address);
    await this.updateComplete;
    if (!this._dialog.open) this._dialog.showModal();
  }

  close(): void {
    this._dialog?.close();
  }

  private async _loadStatistics(address: string): Promise<void> {
    if (this.hass === undefined) return;
    try {
      const statistics = await this.hass.callWS<SlotStatistics>({
        type: `${DOMAIN}/slot_statistics`,
        config_entry_id: this.configEntryId,
        slot: address,
      });
      if (address === this._openedFor) this._statistics = statistics;
    } catch (err) {
      if (address === this._openedFor) this._statisticsError = errorText(err);
    }
  }

  private async _call(service: string, data: Record<string, unknown>): Promise<void> {
    if (this.hass === undefined) return;
    this._busy = true;
    this._outcome = undefined;
    try {
      await this.hass.callWS({
        type: "call_service",
        domain: DOMAIN,
        service,
        service_data: { config_entry_id: this.configEntryId, ...data },
      });
      this._outcome = { ok: true, text: t("slot.action_done") };
    } catch (err) {
      this._outcome = { ok: false, text: t("slot.action_failed", { error: errorText(err) }) };
    } finally {
      this._busy = false;
    }
  }

  private _sendFrom(): void {
    const slot = this.slotData?.slot;
    if (slot === undefined) return;
    this.close();
    this.dispatchEvent(
      new CustomEvent<SendFromDetail>("send-from", { detail: { slot }, bubbles: true, composed: true }),
    );
  }

  protected override render(): TemplateResult {
    const slot = this.slotData;
    return html`<dialog aria-labelledby="title" @close=${this._onClose}>
      ${slot === undefined ? nothing : this._content(slot)}
    </dialog>`;
  }

  private _onClose(): void {
    this.dispatchEvent(new CustomEvent("closed", { bubbles: true, composed: true }));
  }

  private _content(slot: Slot): TemplateResult {
    const state = normalState(slot.state);
    const bars = signalBars(slot);
    const admin = this.hass?.user?.is_admin ?? false;
    const port = String(slot.port);
    const unknown = t("slot.unknown_value");
    const value = (text: string | null) => text ?? unknown;
    const signal =
      slot.signal_dbm === null && bars === null
        ? unknown
        : [slot.signal_dbm === null ? "" : `${slot.signal_dbm} dBm`, bars === null ? "" : `(${t("grid.signal_bars", { bars })})`]
            .filter(Boolean)
            .join(" ");
    return html`
      <header class="s-${state}">
        ${icon(stateLook(state).icon, "state-icon")}
        <h2 id="title">${t("slot.title", { slot: slot.slot })}</h2>
        <button class="close" @click=${this.close} aria-label=${t("slot.close")} title=${t("slot.close")}>
          ${icon(mdiClose)}
        </button>
      </header>
      <dl>
        <dt>${t("slot.state")}</dt>
        <dd>${stateName(state)}${slot.active ? html` · <strong>${t("state.active")}</strong>` : nothing}</dd>
        <dt>${t("slot.status")}</dt>
        <dd>${value(statusName(slot.status))}</dd>
        <dt>${t("slot.signal")}</dt>
        <dd>${signal}</dd>
        <dt>${t("slot.balance")}</dt>
        <dd>${value(slot.balance)}</dd>
        <dt>${t("slot.operator")}</dt>
        <dd>${value(slot.operator)}</dd>
        <dt>${t("slot.number")}</dt>
        <dd>${value(slot.number)}</dd>
        <dt>${t("slot.iccid")}</dt>
        <dd class="mono">${value(slot.iccid)}</dd>
        <dt>${t("slot.imsi")}</dt>
        <dd class="mono">${value(slot.imsi)}</dd>
        <dt>${t("slot.imei")}</dt>
        <dd class="mono">${value(slot.imei)}</dd>
      </dl>
      <h3>${t("slot.sms_counters")}</h3>
      ${this._counters()}
      <h3>${t("slot.actions")}</h3>
      ${admin ? nothing : html`<p class="helper">${t("slot.admin_only")}</p>`}
      <div class="actions">
        <button ?disabled=${!admin || this._busy || slot.active} @click=${() => this._call("switch_sim", { slot: slot.slot })}>
          ${icon(mdiSwapHorizontal)}${t("slot.switch")}
        </button>
        <button ?disabled=${!admin || this._busy} @click=${() => this._call("lock_ports", { ports: port })}>
          ${icon(mdiLock)}${t("slot.lock", { port })}
        </button>
        <button ?disabled=${!admin || this._busy} @click=${() => this._call("unlock_ports", { ports: port })}>
          ${icon(mdiLockOpenVariant)}${t("slot.unlock", { port })}
        </button>
        <button ?disabled=${!admin || this._busy} @click=${() => this._call("reset_ports", { ports: port })}>
          ${icon(mdiRestart)}${t("slot.reset", { port })}
        </button>
        ${this.canCompose
          ? html`<button ?disabled=${!admin} @click=${this._sendFrom}>${icon(mdiSend)}${t("slot.send_from")}</button>`
          : nothing}
      </div>
      <p class="outcome ${this._outcome?.ok === false ? "error" : ""}" role="status">${this._outcome?.text ?? ""}</p>
    `;
  }

  private _counters(): TemplateResult {
    if (this._statisticsError) {
      return html`<p class="helper">${t("slot.action_failed", { error: this._statisticsError })}</p>`;
    }
    if (this._statistics === undefined) return html`<p class="helper">${t("slot.sms_loading")}</p>`;
    const sms = this._statistics.sms;
    if (sms === null) return html`<p class="helper">${t("slot.sms_unknown")}</p>`;
    return html`<dl class="counters">
      ${Object.entries(sms).map(
        ([name, count]) => html`<dt>${tOptional(`slot.sms.${name}` as StringKey, name.replaceAll("_", " "))}</dt>
          <dd>${count.toLocaleString()}</dd>`,
      )}
    </dl>`;
  }

  static override styles = [
    controlStyles,
    css`
      dialog {
        width: min(440px, calc(100vw - 32px));
        max-height: calc(100vh - 32px);
        box-sizing: border-box;
        padding: 16px 20px 12px;
        border: none;
        border-radius: var(--ha-dialog-border-radius, var(--ha-border-radius-3xl, 24px));
        background: var(--ha-dialog-surface-background, var(--card-background-color, #fff));
        color: var(--primary-text-color);
        box-shadow: var(--dialog-box-shadow, 0 8px 24px rgba(0, 0, 0, 0.3));
      }
      dialog::backdrop {
        background: var(--dialog-backdrop-color, rgba(0, 0, 0, 0.45));
      }
      header {
        display: flex;
        align-items: center;
        gap: 10px;
      }
      header .state-icon {
        width: 28px;
        height: 28px;
        fill: color-mix(in srgb, var(--c) 70%, var(--primary-text-color));
      }
      .s-registered {
        --c: var(--success-color, #43a047);
      }
      .s-idle {
        --c: var(--info-color, #039be5);
      }
      .s-no_sim {
        --c: var(--disabled-color, #9e9e9e);
      }
      .s-failed {
        --c: var(--error-color, #db4437);
      }
      .s-locked {
        --c: var(--warning-color, #ffa600);
      }
      .s-unknown {
        --c: var(--secondary-text-color, #727272);
      }
      h2 {
        flex: 1;
        margin: 0;
        font-size: var(--ha-font-size-xl, 20px);
        font-weight: var(--ha-font-weight-normal, 400);
      }
      h3 {
        margin: 16px 0 6px;
        font-size: var(--ha-font-size-m, 14px);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      button.close {
        border: none;
        padding: 6px;
        min-height: 0;
        color: var(--secondary-text-color);
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 4px 16px;
        margin: 12px 0 0;
      }
      dt {
        color: var(--secondary-text-color);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .mono {
        font-family: var(--ha-font-family-code, monospace);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .outcome {
        min-height: 1.4em;
        margin: 10px 0 0;
      }
      .outcome.error {
        color: var(--error-color, #db4437);
      }
    `,
  ];
}

defineElement("ejoin-slot-dialog", EjoinSlotDialog);

declare global {
  interface HTMLElementTagNameMap {
    "ejoin-slot-dialog": EjoinSlotDialog;
  }
}
