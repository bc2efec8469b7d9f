import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { autoEncoding, countSms, isGsmCharacter } from "../src/sms-counter.js";

describe("the GSM 7-bit alphabet", () => {
  it("holds the default table's letters, accents and symbols", () => {
    for (const character of "AZaz09@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!¤¡ÄÖÑÜ§¿äöñüà\n\r ") {
      assert.ok(isGsmCharacter(character), character);
    }
  });
  it("holds the extension table", () => {
    for (const character of "^{}\\[~]|€\f") assert.ok(isGsmCharacter(character), character);
  });
  it("lacks what phones send as Unicode", () => {
    for (const character of "çÀáâ–“”`😀中\t") assert.ok(!isGsmCharacter(character), character);
  });
  it("makes auto pick 7-bit only when every character is in it", () => {
    assert.equal(autoEncoding("Hello {world} €5"), "7bit");
    assert.equal(autoEncoding("Grüße"), "7bit");
    assert.equal(autoEncoding("Ça va"), "7bit");
    assert.equal(autoEncoding("ça va"), "ucs2");
    assert.equal(autoEncoding(""), "7bit");
  });
});

describe("7-bit parts", () => {
  it("counts nothing for an empty text", () => {
    assert.deepEqual(countSms(""), { encoding: "7bit", units: 0, parts: 0, perPart: 160, remaining: 160, unsupported: [] });
  });
  it("fits 160 septets in one part and 161 in two of 153", () => {
    const one = countSms("a".repeat(160));
    assert.deepEqual([one.parts, one.remaining], [1, 0]);
    const two = countSms("a".repeat(161));
    assert.deepEqual([two.parts, two.perPart, two.remaining], [2, 153, 145]);
    assert.equal(countSms("a".repeat(306)).parts, 2);
    assert.equal(countSms("a".repeat(307)).parts, 3);
  });
  it("counts an extension character as two septets", () => {
    const count = countSms("€".repeat(80));
    assert.deepEqual([count.units, count.parts], [160, 1]);
    assert.equal(countSms(`${"€".repeat(80)}a`).parts, 2);
  });
  it("never splits an escape sequence across parts", () => {
    // 152 septets, then "{" (2) does not fit in the first part's 153: it starts the second.
    const count = countSms(`${"a".repeat(152)}{${"a".repeat(10)}`);
    assert.equal(count.units, 164);
    assert.equal(count.parts, 2);
    assert.equal(count.remaining, 153 - 12);
  });
  it("counts a forced 7-bit text's foreign characters once and lists them", () => {
    const count = countSms("Ça coûte 5€", "7bit");
    assert.equal(count.encoding, "7bit");
    assert.equal(count.units, 12);
    assert.deepEqual(count.unsupported, ["û"]);
  });
});

describe("UCS-2 parts", () => {
  it("fits 70 code units in one part and 71 in two of 67", () => {
    assert.deepEqual([countSms("ç".repeat(70)).parts, countSms("ç".repeat(70)).encoding], [1, "ucs2"]);
    const two = countSms("ç".repeat(71));
    assert.deepEqual([two.parts, two.perPart, two.remaining], [2, 67, 63]);
    assert.equal(countSms("ç".repeat(134)).parts, 2);
    assert.equal(countSms("ç".repeat(135)).parts, 3);
  });
  it("counts UTF-16 code units: an emoji is two", () => {
    const count = countSms("😀".repeat(35));
    assert.deepEqual([count.units, count.parts], [70, 1]);
    assert.equal(countSms("😀".repeat(35) + "a").parts, 2);
  });
  it("never splits a surrogate pair across parts", () => {
    const count = countSms(`${"ç".repeat(66)}😀${"ç".repeat(10)}`);
    assert.equal(count.units, 78);
    assert.equal(count.parts, 2);
    assert.equal(count.remaining, 67 - 12);
  });
  it("is used when forced, even for a GSM text", () => {
    const count = countSms("Hello", "ucs2");
    assert.deepEqual([count.encoding, count.units, count.perPart], ["ucs2", 5, 70]);
  });
});
