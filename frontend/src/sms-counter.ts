/**
 * Characters and parts of an SMS, the way a phone counts them (3GPP TS 23.038 / 23.040).
 *
 * GSM 7-bit: 160 septets in one part, 153 per part of a concatenated message (the
 * user-data header takes 7); a character of the extension table is an escape plus the
 * character, 2 septets, and never split across parts. UCS-2: 70 UTF-16 code units in
 * one part, 67 per part; a surrogate pair (emoji) is never split across parts.
 */
import type { Coding } from "./protocol.js";

/** The GSM 03.38 default alphabet, without the escape code (0x1B). */
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** The GSM 03.38 extension table: each costs 2 septets. */
const GSM_EXTENSION = new Set("\f^{}\\[~]|€");

export type Encoding = "7bit" | "ucs2";

export interface SmsCount {
  encoding: Encoding;
  /** Septets (7-bit) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
  parts: number;
  /** Units one part holds at this length: the single-part or the concatenated limit. */
  perPart: number;
  /** Units still free in the last part before another part is needed. */
  remaining: number;
  /** Characters outside the GSM alphabet when 7-bit is forced (sent as "?"). */
  unsupported: string[];
}

const LIMITS: Record<Encoding, { single: number; multi: number }> = {
  "7bit": { single: 160, multi: 153 },
  ucs2: { single: 70, multi: 67 },
};

/** True when the character (one code point) is in the GSM 7-bit alphabet. */
export function isGsmCharacter(character: string): boolean {
  return GSM_BASIC.has(character) || GSM_EXTENSION.has(character);
}

/** The encoding `auto` sends with: 7-bit when every character is in the GSM alphabet. */
export function autoEncoding(text: string): Encoding {
  for (const character of text) {
    if (!isGsmCharacter(character)) return "ucs2";
  }
  return "7bit";
}

/** The size of each character (code point) of the text in the encoding's units. */
function unitSizes(text: string, encoding: Encoding): number[] {
  const sizes: number[] = [];
  for (const character of text) {
    if (encoding === "ucs2") sizes.push(character.length);
    else sizes.push(GSM_EXTENSION.has(character) ? 2 : 1);
  }
  return sizes;
}

/** How the text is sent with the given coding: encoding, units and parts. */
export function countSms(text: string, coding: Coding = "auto"): SmsCount {
  const encoding: Encoding = coding === "auto" ? autoEncoding(text) : coding;
  const sizes = unitSizes(text, encoding);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const unsupported =
    encoding === "7bit" ? [...new Set([...text].filter((c) => !isGsmCharacter(c)))] : [];
  const { single, multi } = LIMITS[encoding];
  if (units <= single) {
    return {
      encoding,
      units,
      parts: units === 0 ? 0 : 1,
      perPart: single,
      remaining: single - units,
      unsupported,
    };
  }
  // Fill parts greedily; a character that does not fit whole starts the next part.
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, parts, perPart: multi, remaining: multi - used, unsupported };
}
