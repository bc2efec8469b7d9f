/**
 * The compose box: recipients, the text with its character and part counter, the coding
 * and the sending port or slot (typed, or picked from the grid). Sends through
 * `ejoin.send_sms` with `wait: true` and the action's response, and lists each
 * recipient's outcome.
 */
import { mdiAlertCircleOutline, mdiCheckCircle, mdiClockOutline, mdiSend } from "@mdi/js";
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import { property, query, state } from "lit/decorators.js";
import { parseRecipients, validPortOrSlot } from "./gateway-store.js";
import { errorText, type HomeAssistant } from "./hass.js";
import { type Coding, DOMAIN, type SendResult } from "./protocol.js";
import { controlStyles, defineElement, icon } from "./shared.js";
import { countSms } from "./sms-counter.js";
import { type StringKey, t } from "./strings.js";

const CODINGS: readonly Coding[] = ["auto", "7bit", "ucs2"];

interface ServiceResponse {
  response?: { results?: SendResult[] } | null;
}

export class EjoinCompose extends LitElement {
  @property({ attribute: false }) accessor hass: HomeAssistant | undefined;
  @property({ attribute: false }) accessor configEntryId = "";

  @state() accessor _recipients = "";
  @state() accessor _text = "";
  @state() accessor _coding: Coding = "auto";
  @state() accessor _port = "";
  @state() accessor _sending = false;
  @state() accessor _results: SendResult[] | undefined;
  @state() accessor _error = "";

  @query("#text") accessor _textField!: HTMLTextAreaElement;

  /** Take the sending slot picked in the grid and bring the text field into view. */
  async useSlot(slot: string): Promise<void> {
    this._port = slot;
    await this.updateComplete;
    this.scrollIntoView({ block: "nearest", behavior: "smooth" });
    this._textField.focus();
  }

  private get _canSend(): boolean {
    return (
      (this.hass?.user?.is_admin ?? false) &&
      !this._sending &&
      parseRecipients(this._recipients).length > 0 &&
      this._text.length > 0 &&
      validPortOrSlot(this._port)
    );
  }

  private async _send(event: Event): Promise<void> {
    event.preventDefault();
    if (!this._canSend || this.hass === undefined) return;
    const to = parseRecipients(this._recipients);
    const data: Record<string, unknown> = {
      config_entry_id: this.configEntryId,
      to,
      message: this._text,
      coding: this._coding,
      wait: true,
    };
    if (this._port.trim()) data.ports = this._port.trim();
    this._sending = true;
    this._error = "";
    this._results = undefined;
    try {
      const reply = await this.hass.callWS<ServiceResponse>({
        type: "call_service",
        domain: DOMAIN,
        service: "send_sms",
        service_data: data,
        return_response: true,
      });
      this._results = reply.response?.results ?? to.map((number) => ({ number, success: null }));
    } catch (err) {
      this._error = t("compose.error", { error: errorText(err) });
    } finally {
      this._sending = false;
    }
  }

  protected override render(): TemplateResult {
    const count = countSms(this._text, this._coding);
    const admin = this.hass?.user?.is_admin ?? false;
    const portValid = validPortOrSlot(this._port);
    const counter = t("compose.counter", {
      units: count.units,
      limit: count.parts > 1 ? count.parts * count.perPart : count.perPart,
      parts: count.parts,
      encoding: t(`compose.counter_units.${count.encoding}` as StringKey),
    });
    return html`<form @submit=${this._send}>
      ${admin ? nothing : html`<p class="notice warning">${t("compose.admin_only")}</p>`}
      <label class="field"
        >${t("compose.recipients")}
        <input
          id="recipients"
          autocomplete="tel"
          inputmode="tel"
          .value=${this._recipients}
          @input=${(e: Event) => (this._recipients = (e.target as HTMLInputElement).value)}
          aria-describedby="recipients-helper"
        />
        <span class="helper" id="recipients-helper">${t("compose.recipients_helper")}</span>
      </label>
      <label class="field"
        >${t("compose.text")}
        <textarea
          id="text"
          rows="4"
          .value=${this._text}
          @input=${(e: Event) => (this._text = (e.target as HTMLTextAreaElement).value)}
          aria-describedby="counter"
        ></textarea>
      </label>
      <div class="counter helper" id="counter" aria-live="polite">${counter}</div>
      ${count.unsupported.length
        ? html`<p class="notice warning">${t("compose.unsupported", { characters: count.unsupported.join(" ") })}</p>`
        : nothing}
      <div class="row">
        <label class="field"
          >${t("compose.port")}
          <input
            id="port"
            .value=${this._port}
            @input=${(e: Event) => (this._port = (e.target as HTMLInputElement).value)}
            aria-invalid=${portValid ? "false" : "true"}
            aria-describedby="port-helper"
          />
          <span class="helper ${portValid ? "" : "invalid"}" id="port-helper"
            >${portValid ? t("compose.port_helper") : t("compose.port_invalid")}</span
          >
        </label>
        <label class="field"
          >${t("compose.coding")}
          <select @change=${(e: Event) => (this._coding = (e.target as HTMLSelectElement).value as Coding)}>
            ${CODINGS.map(
              (coding) =>
                html`<option value=${coding} ?selected=${coding === this._coding}>
                  ${t(`compose.coding.${coding}` as StringKey)}
                </option>`,
            )}
          </select>
        </label>
      </div>
      <div class="send">
        <button class="primary" type="submit" ?disabled=${!this._canSend}>
          ${icon(mdiSend)}${this._sending ? t("compose.sending") : t("compose.send")}
        </button>
      </div>
      <div role="status">
        ${this._error ? html`<p class="notice error">${this._error}</p>` : nothing}
        ${this._results ? this._outcomes(this._results) : nothing}
      </div>
    </form>`;
  }

  private _outcomes(results: SendResult[]): TemplateResult {
    return html`<ul class="results">
      ${results.map((result) => {
        const [path, tone, word] =
          result.success === true
            ? [mdiCheckCircle, "ok", t("compose.result_ok")]
            : result.success === false
              ? [mdiAlertCircleOutline, "error", t("compose.result_failed")]
              : [mdiClockOutline, "", t("compose.result_unknown")];
        return html`<li class=${tone}>
          ${icon(path)}<span class="number">${result.number}</span><span>${word}</span>${result.reason
            ? html`<span class="helper">${result.reason}</span>`
            : nothing}
        </li>`;
      })}
    </ul>`;
  }

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .row {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
        gap: 8px;
      }
      .counter {
        margin-top: -6px;
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      .invalid {
        color: var(--error-color, #db4437);
      }
      [aria-invalid="true"] {
        border-color: var(--error-color, #db4437);
      }
      .send {
        display: flex;
        justify-content: flex-end;
      }
      .notice {
        margin: 0;
      }
      .results {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .results li {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 6px;
        padding: 4px 0;
      }
      .results .number {
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .results li.ok .icon {
        fill: color-mix(in srgb, var(--success-color, #43a047) 75%, var(--primary-text-color));
      }
      .results li.error .icon {
        fill: color-mix(in srgb, var(--error-color, #db4437) 75%, var(--primary-text-color));
      }
    `,
  ];
}

defineElement("ejoin-compose", EjoinCompose);

declare global {
  interface HTMLElementTagNameMap {
    "ejoin-compose": EjoinCompose;
  }
}
