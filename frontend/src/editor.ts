/**
 * The card's visual editor: the gateway (from `ejoin/gateways`), the title, and which
 * panels show in which order. Built with Home Assistant's `ha-form` and its selectors;
 * until (or where) `ha-form` is not defined, plain fields do the same job.
 */
import { mdiChevronDown, mdiChevronUp } from "@mdi/js";
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { errorText, type HomeAssistant } from "./hass.js";
import { configFromEditor, editorData, type EditorData, editorSchema } from "./config.js";
import { type CardConfig, DOMAIN, type GatewaySummary, type PanelName, PANELS } from "./protocol.js";
import { controlStyles, defineElement, icon } from "./shared.js";
import { type StringKey, t } from "./strings.js";

const LABELS: Record<string, StringKey> = {
  config_entry_id: "editor.gateway",
  title: "editor.title",
  panels: "editor.panels",
};

/** Ask Home Assistant to load `ha-form`, which it loads lazily with its own editors. */
function requestHaForm(): void {
  const buttonCard = customElements.get("hui-button-card") as
    | (CustomElementConstructor & { getConfigElement?: () => unknown })
    | undefined;
  void Promise.resolve(buttonCard?.getConfigElement?.()).catch(() => undefined);
}

export class EjoinGatewayCardEditor extends LitElement {
  @property({ attribute: false }) accessor hass: HomeAssistant | undefined;
  @state() accessor _config: CardConfig | undefined;
  @state() accessor _gateways: GatewaySummary[] | undefined;
  @state() accessor _loadError = "";
  @state() accessor _haForm = customElements.get("ha-form") !== undefined;

  setConfig(config: CardConfig): void {
    this._config = config;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._haForm) {
      requestHaForm();
      void customElements.whenDefined("ha-form").then(() => (this._haForm = true));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("hass") && this.hass !== undefined && this._gateways === undefined && !this._loadError) {
      void this._loadGateways(this.hass);
    }
  }

  private async _loadGateways(hass: HomeAssistant): Promise<void> {
    try {
      const reply = await hass.callWS<{ gateways: GatewaySummary[] }>({ type: `${DOMAIN}/gateways` });
      this._gateways = reply.gateways;
    } catch (err) {
      this._loadError = errorText(err);
    }
  }

  private _change(data: Partial<EditorData>): void {
    if (this._config === undefined) return;
    this._config = configFromEditor(this._config, data);
    this.dispatchEvent(
      new CustomEvent("config-changed", { detail: { config: this._config }, bubbles: true, composed: true }),
    );
  }

  protected override render(): TemplateResult {
    if (this._config === undefined) return html``;
    const gateways = this._gateways ?? [];
    const data = editorData(this._config);
    return html`
      ${this._loadError ? html`<p class="notice error">${this._loadError}</p>` : nothing}
      ${this._gateways !== undefined && gateways.length === 0
        ? html`<p class="notice warning">${t("editor.no_gateways")}</p>`
        : nothing}
      ${this._haForm ? this._haFormEditor(gateways, data) : this._plainEditor(gateways, data)}
    `;
  }

  private _haFormEditor(gateways: GatewaySummary[], data: EditorData): TemplateResult {
    return html`<ha-form
      .hass=${this.hass}
      .data=${data}
      .schema=${editorSchema(gateways, data.config_entry_id)}
      .computeLabel=${(schema: { name: string }) => (LABELS[schema.name] ? t(LABELS[schema.name]!) : schema.name)}
      @value-changed=${(e: CustomEvent<{ value: Partial<EditorData> }>) => this._change(e.detail.value)}
    ></ha-form>`;
  }

  private _plainEditor(gateways: GatewaySummary[], data: EditorData): TemplateResult {
    const options = editorSchema(gateways, data.config_entry_id)[0].selector.select.options;
    const chosen = data.panels;
    const order = [...chosen, ...PANELS.filter((panel) => !chosen.includes(panel))];
    const move = (panel: PanelName, step: number) => {
      const panels = [...chosen];
      const from = panels.indexOf(panel);
      const to = from + step;
      if (from < 0 || to < 0 || to >= panels.length) return;
      [panels[from], panels[to]] = [panels[to]!, panels[from]!];
      this._change({ panels });
    };
    const toggle = (panel: PanelName, on: boolean) =>
      this._change({ panels: on ? order.filter((p) => p === panel || chosen.includes(p)) : chosen.filter((p) => p !== panel) });
    return html`<div class="plain">
      <label class="field"
        >${t("editor.gateway")}
        <select @change=${(e: Event) => this._change({ config_entry_id: (e.target as HTMLSelectElement).value })}>
          ${data.config_entry_id ? nothing : html`<option value="" selected></option>`}
          ${options.map(
            (option) => html`<option value=${option.value} ?selected=${option.value === data.config_entry_id}>${option.label}</option>`,
          )}
        </select>
      </label>
      <label class="field"
        >${t("editor.title")}
        <input .value=${data.title} @change=${(e: Event) => this._change({ title: (e.target as HTMLInputElement).value })} />
      </label>
      <fieldset>
        <legend>${t("editor.panels")}</legend>
        ${order.map((panel) => {
          const on = chosen.includes(panel);
          const index = chosen.indexOf(panel);
          const name = t(`panel.${panel}`);
          return html`<div class="panel">
            <label
              ><input type="checkbox" .checked=${on} @change=${(e: Event) => toggle(panel, (e.target as HTMLInputElement).checked)} />
              ${name}</label
            >
            <button
              class="icon-button"
              ?disabled=${!on || index === 0}
              aria-label=${t("editor.move_up", { panel: name })}
              title=${t("editor.move_up", { panel: name })}
              @click=${() => move(panel, -1)}
            >
              ${icon(mdiChevronUp)}
            </button>
            <button
              class="icon-button"
              ?disabled=${!on || index === chosen.length - 1}
              aria-label=${t("editor.move_down", { panel: name })}
              title=${t("editor.move_down", { panel: name })}
              @click=${() => move(panel, 1)}
            >
              ${icon(mdiChevronDown)}
            </button>
          </div>`;
        })}
      </fieldset>
    </div>`;
  }

  static override styles = [
    controlStyles,
    css`
      .plain {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      fieldset {
        border: 1px solid var(--divider-color);
        border-radius: var(--ha-border-radius-sm, 4px);
        color: var(--primary-text-color);
      }
      legend {
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .panel {
        display: flex;
        align-items: center;
        gap: 4px;
      }
      .panel label {
        flex: 1;
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .panel input {
        width: auto;
      }
      .icon-button {
        border: none;
        padding: 6px;
        min-height: 0;
      }
      .notice {
        margin: 0 0 12px;
      }
    `,
  ];
}

defineElement("ejoin-gateway-card-editor", EjoinGatewayCardEditor);

declare global {
  interface HTMLElementTagNameMap {
    "ejoin-gateway-card-editor": EjoinGatewayCardEditor;
  }
}
