/**
 * `custom:ejoin-gateway-card`: one Ejoin gateway's SIM grid, latest messages and a
 * compose box, fed by the integration's `ejoin/subscribe` websocket subscription
 * (PROTOCOL.md), never by entity states.
 */
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, query, state } from "lit/decorators.js";
import type { EjoinCompose } from "./compose.js";
import "./compose.js";
import "./editor.js";
import { applyEvent, type GatewayData } from "./gateway-store.js";
import "./grid.js";
import { errorCode, errorText, type HomeAssistant } from "./hass.js";
import "./messages.js";
import {
  CARD_TYPE,
  type CardConfig,
  DOMAIN,
  type GatewayEvent,
  type GatewaySummary,
  type PanelName,
  PANELS,
} from "./protocol.js";
import { checkConfig } from "./config.js";
import { controlStyles, defineElement } from "./shared.js";
import type { EjoinSlotDialog, SendFromDetail } from "./slot-dialog.js";
import "./slot-dialog.js";
import { buildPorts, emptySlot, type PortRow } from "./slot-state.js";
import { t } from "./strings.js";
import type { SlotActivatedDetail } from "./grid.js";

const DOCUMENTATION_URL = "https://github.com/ejoin-ha/ejoin-home-assistant#the-gateway-card";

type Phase =
  | { kind: "idle" }
  | { kind: "no_gateway" }
  | { kind: "subscribing" }
  | { kind: "live" }
  | { kind: "error"; message: string };

export class EjoinGatewayCard extends LitElement {
  @property({ attribute: false }) accessor hass: HomeAssistant | undefined;
  @state() accessor _config: CardConfig | undefined;
  @state() accessor _data: GatewayData | undefined;
  @state() accessor _phase: Phase = { kind: "idle" };
  @state() accessor _dialogSlot = "";

  @query("ejoin-slot-dialog") accessor _dialog!: EjoinSlotDialog;
  @query("ejoin-compose") accessor _compose: EjoinCompose | null = null;

  /** The entry followed ("" for none configured), undefined when following nothing. */
  private _subscribedTo: string | undefined;
  private _unsubscribe: Promise<() => Promise<void>> | undefined;
  private _portsCache: { slots: GatewayData["slots"]; size: string; rows: PortRow[] } | undefined;
  private _wasConnected = true;

  static getConfigElement(): HTMLElement {
    return document.createElement("ejoin-gateway-card-editor");
  }

  /** The card as the picker adds it: the first gateway. */
  static async getStubConfig(hass: HomeAssistant): Promise<Partial<CardConfig>> {
    try {
      const { gateways } = await hass.callWS<{ gateways: GatewaySummary[] }>({ type: `${DOMAIN}/gateways` });
      return { config_entry_id: gateways[0]?.config_entry_id ?? "" };
    } catch {
      return { config_entry_id: "" };
    }
  }

  setConfig(config: CardConfig): void {
    this._config = checkConfig(config);
  }

  getCardSize(): number {
    const panels = this._panels;
    let size = 1;
    if (panels.includes("grid")) size += Math.min(10, (this._data?.gateway.ports ?? 4) + 1);
    if (panels.includes("messages")) size += 5;
    if (panels.includes("compose")) size += 6;
    return size;
  }

  getGridOptions(): { columns: number; min_columns: number } {
    return { columns: 12, min_columns: 6 };
  }

  private get _panels(): PanelName[] {
    return this._config?.panels ?? [...PANELS];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stop();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("hass") && this.hass !== undefined) {
      // Back after a lost connection: start over with a fresh subscription and snapshot.
      if (this.hass.connected && !this._wasConnected) this._stop({ keepData: true });
      this._wasConnected = this.hass.connected;
    }
    if (changed.has("hass") || changed.has("_config")) this._follow();
  }

  /** Subscribe to the configured gateway unless already following it. */
  private _follow(): void {
    const hass = this.hass;
    const entry = this._config?.config_entry_id;
    if (!this.isConnected || hass === undefined || entry === undefined || !hass.connected) return;
    if (entry === this._subscribedTo) return;
    this._stop();
    this._subscribedTo = entry;
    if (entry === "") {
      void this._checkGateways(hass);
      return;
    }
    this._phase = { kind: "subscribing" };
    const unsubscribe = hass.connection.subscribeMessage<GatewayEvent>(
      (event) => {
        if (this._subscribedTo !== entry) return;
        this._data = applyEvent(this._data, event);
        if (this._data !== undefined) this._phase = { kind: "live" };
      },
      { type: `${DOMAIN}/subscribe`, config_entry_id: entry },
      // Resubscribing after a reconnect is done here, so its errors are seen.
      { resubscribe: false },
    );
    this._unsubscribe = unsubscribe;
    unsubscribe.catch((err: unknown) => {
      if (this._subscribedTo !== entry) return;
      this._unsubscribe = undefined;
      this._phase = {
        kind: "error",
        message: errorCode(err) === "not_found" ? t("card.not_found") : t("card.subscribe_error", { error: errorText(err) }),
      };
    });
  }

  private async _checkGateways(hass: HomeAssistant): Promise<void> {
    try {
      const { gateways } = await hass.callWS<{ gateways: GatewaySummary[] }>({ type: `${DOMAIN}/gateways` });
      if (this._subscribedTo === "") this._phase = gateways.length === 0 ? { kind: "no_gateway" } : { kind: "idle" };
    } catch (err) {
      this._phase = { kind: "error", message: t("card.subscribe_error", { error: errorText(err) }) };
    }
  }

  /** End the subscription; after a reconnect the old data stays until the new snapshot. */
  private _stop({ keepData = false } = {}): void {
    const unsubscribe = this._unsubscribe;
    this._unsubscribe = undefined;
    this._subscribedTo = undefined;
    if (!keepData) this._data = undefined;
    this._phase = { kind: "idle" };
    // The connection may be gone already; there is nothing left to cancel then.
    void unsubscribe?.then((stop) => stop()).catch(() => undefined);
  }

  private _retry(): void {
    this._stop();
    this._follow();
  }

  /** The grid's rows, rebuilt only when the slots or the gateway's size changed. */
  private _ports(data: GatewayData): PortRow[] {
    const size = `${data.gateway.ports}x${data.gateway.slots_per_port}`;
    const cache = this._portsCache;
    if (cache?.slots === data.slots && cache.size === size) return cache.rows;
    const rows = buildPorts(data.gateway, data.slots.values());
    this._portsCache = { slots: data.slots, size, rows };
    return rows;
  }

  private async _openSlot(event: CustomEvent<SlotActivatedDetail>): Promise<void> {
    this._dialogSlot = event.detail.slot;
    await this.updateComplete;
    await this._dialog.open();
  }

  private _sendFrom(event: CustomEvent<SendFromDetail>): void {
    void this._compose?.useSlot(event.detail.slot);
  }

  protected override render(): TemplateResult {
    const config = this._config;
    if (config === undefined) return html``;
    const data = this._data;
    const title = config.title ?? data?.gateway.title ?? t("card.name");
    return html`<ha-card>
      <div class="card-header" role="heading" aria-level="2">${title}</div>
      <div class="content">
        ${this._notices(data)}
        ${data === undefined ? nothing : this._panels.map((panel) => this._panel(panel, data))}
      </div>
      ${data === undefined ? nothing : this._slotDialog(data)}
    </ha-card>`;
  }

  private _notices(data: GatewayData | undefined): TemplateResult[] {
    const notices: TemplateResult[] = [];
    const phase = this._phase;
    if (this.hass !== undefined && !this.hass.connected) {
      notices.push(html`<p class="notice warning" role="status">${t("card.reconnecting")}</p>`);
    }
    if (phase.kind === "no_gateway") notices.push(html`<p class="notice">${t("card.no_gateway")}</p>`);
    if (phase.kind === "idle" && this._config?.config_entry_id === "" && this.hass !== undefined) {
      notices.push(html`<p class="notice">${t("card.pick_gateway")}</p>`);
    }
    if (phase.kind === "subscribing") notices.push(html`<p class="notice" role="status">${t("card.loading")}</p>`);
    if (phase.kind === "error") {
      notices.push(html`<div class="notice error" role="alert">
        <span class="grow">${phase.message}</span><button @click=${this._retry}>${t("card.retry")}</button>
      </div>`);
    }
    if (data !== undefined && !data.gateway.available) {
      notices.push(html`<p class="notice warning" role="status">${t("card.unavailable")}</p>`);
    }
    return notices;
  }

  private _panel(panel: PanelName, data: GatewayData): TemplateResult {
    const heading = html`<h3 id="panel-${panel}">${t(`panel.${panel}`)}</h3>`;
    switch (panel) {
      case "grid":
        return html`<section class="grid-panel ${data.gateway.available ? "" : "stale"}" aria-labelledby="panel-grid">
          ${heading}
          <ejoin-slot-grid
            .ports=${this._ports(data)}
            label=${t("grid.label", { title: data.gateway.title })}
            @slot-activated=${this._openSlot}
          ></ejoin-slot-grid>
        </section>`;
      case "messages":
        return html`<section aria-labelledby="panel-messages">
          ${heading}
          <ejoin-messages
            .messages=${data.messages}
            locale=${this.hass?.locale?.language ?? this.hass?.language ?? "en"}
          ></ejoin-messages>
        </section>`;
      case "compose":
        return html`<section aria-labelledby="panel-compose">
          ${heading}
          <ejoin-compose .hass=${this.hass} .configEntryId=${data.gateway.config_entry_id}></ejoin-compose>
        </section>`;
    }
  }

  private _slotDialog(data: GatewayData): TemplateResult {
    const address = this._dialogSlot;
    let slot = address ? data.slots.get(address) : undefined;
    if (address && slot === undefined) {
      const [port, index] = address.split(".").map(Number);
      slot = emptySlot(port ?? 0, index ?? 0);
    }
    return html`<ejoin-slot-dialog
      .hass=${this.hass}
      .configEntryId=${data.gateway.config_entry_id}
      .slotData=${slot}
      ?canCompose=${this._panels.includes("compose")}
      @send-from=${this._sendFrom}
      @closed=${() => (this._dialogSlot = "")}
    ></ejoin-slot-dialog>`;
  }

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      ha-card {
        display: block;
        height: 100%;
        box-sizing: border-box;
        overflow: hidden;
      }
      .card-header {
        font-family: var(--ha-card-header-font-family, inherit);
        font-size: var(--ha-card-header-font-size, var(--ha-font-size-2xl, 24px));
        font-weight: var(--ha-font-weight-normal, 400);
        line-height: var(--ha-line-height-condensed, 1.3);
        color: var(--ha-card-header-color, var(--primary-text-color));
        padding: 16px 16px 8px;
      }
      .content {
        display: flex;
        flex-direction: column;
        gap: 12px;
        padding: 0 16px 16px;
      }
      section {
        min-width: 0;
      }
      h3 {
        margin: 4px 0 8px;
        font-size: var(--ha-font-size-l, 16px);
        font-weight: var(--ha-font-weight-medium, 500);
        color: var(--primary-text-color);
      }
      .notice {
        margin: 0;
      }
      .grow {
        flex: 1;
      }
      .stale {
        opacity: 0.75;
      }
    `,
  ];
}

defineElement(CARD_TYPE, EjoinGatewayCard);

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

const registry = window as unknown as { customCards?: CustomCardEntry[] };
registry.customCards ??= [];
if (!registry.customCards.some((card) => card.type === CARD_TYPE)) {
  registry.customCards.push({
    type: CARD_TYPE,
    name: t("card.name"),
    description: t("card.description"),
    preview: true,
    documentationURL: DOCUMENTATION_URL,
  });
}

declare global {
  interface HTMLElementTagNameMap {
    "ejoin-gateway-card": EjoinGatewayCard;
  }
}
