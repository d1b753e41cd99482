// The key's echo forms and their scrubbing, exactly.
import { expect, test } from "vitest";
import { clip, echoForms, holdsSecret, MIN_SECRET_FRAGMENT, redact } from "../../provider/wassist/redaction";

const KEY = `wsk_A+b/C=d&e<f>g"h'i j`;

test("the echo forms: as sent, JSON-, HTML- (named and numeric), URL-escaped (both spaces), encodeURI, base64; longest first", () => {
  const expected = [
    KEY,
    "wsk_A+b/C=d&e<f>g\\\"h'i j",
    "wsk_A+b/C=d&amp;e&lt;f&gt;g&quot;h&#39;i j",
    "wsk_A+b/C=d&amp;e&lt;f&gt;g&#34;h&#x27;i j",
    encodeURIComponent(KEY),
    encodeURIComponent(KEY).replace(/%20/g, "+"),
    encodeURI(KEY),
    Buffer.from(KEY).toString("base64").replace(/=+$/, ""),
  ];
  const forms = echoForms(KEY);
  expect(new Set(forms)).toEqual(new Set(expected));
  expect(forms).toHaveLength(new Set(expected).size);
  for (let i = 1; i < forms.length; i++)
    expect((forms[i - 1] as string).length).toBeGreaterThanOrEqual((forms[i] as string).length);
  // base64 without its padding: a server's padded echo still holds it.
  expect(Buffer.from("ab").toString("base64")).toBe("YWI=");
  expect(echoForms("ab")).toContain("YWI");
  expect(echoForms("")).toEqual([]);
});

test("redact: every occurrence of every form, and pieces of a form at either end of a cut", () => {
  for (const form of echoForms(KEY)) {
    expect(redact(`a ${form} b ${form} c`, KEY)).toBe("a [redacted] b [redacted] c");
  }
  const html = "wsk_A+b/C=d&amp;e&lt;f&gt;g&quot;h&#39;i j";
  expect(redact(`cut here: ${html.slice(0, MIN_SECRET_FRAGMENT)}`, KEY)).toBe("cut here: [redacted]");
  expect(redact(`${html.slice(-MIN_SECRET_FRAGMENT)} continues`, KEY)).toBe("[redacted] continues");
  // Shorter than the minimum is left: it says nothing of the key.
  expect(redact(`x ${KEY.slice(0, MIN_SECRET_FRAGMENT - 1)}`, KEY)).toBe(
    `x ${KEY.slice(0, MIN_SECRET_FRAGMENT - 1)}`,
  );
  expect(MIN_SECRET_FRAGMENT).toBe(8);
  expect(redact("text", undefined)).toBe("text");
  expect(redact("text", "")).toBe("text");
});

test("redact: in any letter case, whole or in pieces (a server that echoes the key upper-cased)", () => {
  const key = `wsk_z9leakq"<&>\\.*+?(x)[y]{z}`;
  for (const form of echoForms(key)) {
    expect(redact(`Invalid key ${form.toUpperCase()}!`, key)).toBe("Invalid key [redacted]!");
    expect(redact(`Invalid key ${form.toLowerCase()}!`, key)).toBe("Invalid key [redacted]!");
  }
  // The echo the adversarial run found: the JSON-escaped key upper-cased, cut before its end.
  const echoed = `Invalid key ${JSON.stringify(key).slice(1, -1).toUpperCase().slice(0, -3)}`;
  expect(redact(echoed, key)).toBe("Invalid key [redacted]");
  expect(redact(echoed, key)).not.toMatch(/Z9LEAKQ/i);
});

test("holdsSecret: any form, any letter case; not a piece, not without a secret", () => {
  expect(holdsSecret(`..${KEY.toUpperCase()}..`, KEY)).toBe(true);
  expect(holdsSecret(`..${encodeURIComponent(KEY).toLowerCase()}..`, KEY)).toBe(true);
  expect(holdsSecret(KEY.slice(0, 12), KEY)).toBe(false);
  expect(holdsSecret(KEY, undefined)).toBe(false);
});

test("clip: up to max characters, a longer text cut with …", () => {
  expect(clip("abcde", 5)).toBe("abcde");
  expect(clip("abcdef", 5)).toBe("abcd…");
  expect(clip("abcdef", 5)).toHaveLength(5);
});
