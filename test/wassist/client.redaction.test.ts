// The API key never leaves the client, however the server echoes it: in the error
// message, the API code, the request id header, a text body cut at 300 characters, escaped for
// HTML, JSON or URLs, or as a value inside a 200 answer. The emulator's scripted answers echo it
// each way; the assertions look at everything the thrown error carries.
import { describe, expect, test } from "vitest";
import type { FaultStep } from "../../emulator/faults";
import { WassistClient } from "../../provider/wassist/client";
import { WassistApiError } from "../../provider/wassist/errors";
import { redact } from "../../provider/wassist/redaction";
import { useEmulator } from "../../scripts/harness/emulator";

const KEY = `wsk_live_A+b/C=d&e<f"g'h_0123456789`;
const NUMBER = "447700900100";

const emu = useEmulator({ apiKeys: [KEY] });

async function failure(step: FaultStep): Promise<WassistApiError> {
  emu.current.emulator.addFault({ path: "*", script: [step] });
  const client = new WassistClient({ apiKey: KEY, baseUrl: emu.current.url, rateLimit: false, retry: false });
  try {
    await client.getPhoneNumber(NUMBER);
  } catch (err) {
    return err as WassistApiError;
  } finally {
    await client.close();
  }
  throw new Error("the call did not fail");
}

/** Everything an error shows: message, stack, enumerable fields, JSON. */
function everything(err: WassistApiError): string {
  return [err.message, String(err.stack), JSON.stringify(err), ...Object.values(err).map(String)].join("\n");
}

/** The key as a server might echo it, written out here independently of the implementation. */
const FORMS = [
  KEY,
  JSON.stringify(KEY).slice(1, -1),
  KEY.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"),
  encodeURIComponent(KEY),
  Buffer.from(KEY).toString("base64"),
];

function expectNoKey(text: string): void {
  for (const form of FORMS) expect(text).not.toContain(form);
  // No piece of the key a cut could leave (8 characters or more, from either end).
  expect(text).not.toContain(KEY.slice(0, 8));
  expect(text).not.toContain(KEY.slice(-8));
}

const echoes: Record<string, FaultStep> = {
  "in the JSON error message": { status: 400, body: { error: `bad key ${KEY}` } },
  "as the API error code": { status: 500, body: { error: "boom", code: KEY } },
  "in the X-Request-Id header": { status: 500, headers: { "x-request-id": KEY }, body: { error: "boom" } },
  "in a text body, straddling the 300-character cut": {
    status: 502,
    raw: `${"x".repeat(290)}${KEY} trailer`,
  },
  "HTML-escaped": {
    status: 502,
    raw: `<p>key ${KEY.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")}</p>`,
  },
  "JSON-escaped inside a text body": { status: 502, raw: `log: {"apiKey": ${JSON.stringify(KEY)}}` },
  "URL-encoded": { status: 502, raw: `redirect to /login?key=${encodeURIComponent(KEY)}` },
  "as DRF field errors": { status: 400, body: { apiKey: [`${KEY} is not valid`] } },
};

describe("an echoed key is scrubbed from the error", () => {
  for (const [how, step] of Object.entries(echoes)) {
    test(how, async () => {
      const err = await failure(step);
      expect(err).toBeInstanceOf(WassistApiError);
      expect(err.message).toMatch(/^reading routing of 447700900100: /);
      expectNoKey(everything(err));
    });
  }

  test("the text body is cut after scrubbing: the message keeps its start and says it was cut", async () => {
    const err = await failure(echoes["in a text body, straddling the 300-character cut"] as FaultStep);
    expect(err.reason).toBe(`${"x".repeat(290)}[redacted…`);
  });
});

test("a 200 answer that holds the key as a value is refused, and the key is not in the error", async () => {
  const err = await failure({
    status: 200,
    body: {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
      number: NUMBER,
      defaultRouting: "webhook",
      defaultWebhook: KEY,
      isSandbox: false,
    },
  });
  expect(err.code).toBe("invalid_response");
  expect(err.message).toMatch(
    /^reading routing of 447700900100: Wassist's answer holds the API key as a value; refusing it/,
  );
  expectNoKey(everything(err));
});

test("redact scrubs every occurrence and every echo form, and leaves other text alone", () => {
  expect(redact(`a ${KEY} b ${KEY}`, KEY)).toBe("a [redacted] b [redacted]");
  expect(redact(`x ${encodeURIComponent(KEY)} y`, KEY)).toBe("x [redacted] y");
  expect(redact(`cut: ${KEY.slice(0, 12)}`, KEY)).toBe("cut: [redacted]");
  expect(redact("nothing secret here", KEY)).toBe("nothing secret here");
  expect(redact("text", undefined)).toBe("text");
});
