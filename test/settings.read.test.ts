// readSettings: stack config first, then the environment, then the defaults; a key that cannot be
// sent as a header is refused at configure, naming where it came from and never showing it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { readSettings } from "../provider/settings";
import { WassistClient } from "../provider/wassist/client";

const config = (values: Record<string, string>) => (key: string) => values[key];

test("defaults, when nothing is set", () => {
  expect(readSettings(config({}), {})).toEqual({
    apiKey: undefined,
    apiKeySource: undefined,
    baseUrl: "https://backend.wassist.app",
    rateLimit: 100,
    readStrategy: "list",
    listCacheSeconds: 30,
    maxRetries: 5,
    checkTargets: true,
  });
});

test("stack config beats the environment; the environment fills what config leaves out", () => {
  const settings = readSettings(
    config({ "wassist:apiKey": "wsk_from_config_01", "wassist:rateLimit": "0" }),
    {
      WASSIST_API_KEY: "wsk_from_env_000001",
      WASSIST_RATE_LIMIT: "50",
      WASSIST_READ_STRATEGY: "per-number",
    },
  );
  expect(settings).toMatchObject({
    apiKey: "wsk_from_config_01",
    apiKeySource: "stack config",
    rateLimit: false,
    readStrategy: "per-number",
  });
  expect(readSettings(config({}), { WASSIST_API_KEY: "wsk_from_env_000001" }).apiKeySource).toBe(
    "environment",
  );
});

test("a bad value names the config key or the variable it came from", () => {
  expect(() => readSettings(config({ "wassist:maxRetries": "-1" }), {})).toThrow(
    'wassist:maxRetries must be a whole number of at least 0, got "-1"',
  );
  expect(() => readSettings(config({}), { WASSIST_READ_STRATEGY: "batch" })).toThrow(
    'WASSIST_READ_STRATEGY must be "list" or "per-number", got "batch"',
  );
  expect(() => readSettings(config({ "wassist:checkTargets": "yes" }), {})).toThrow(
    'wassist:checkTargets must be true or false, got "yes"',
  );
  expect(() => readSettings(config({ "wassist:listCacheSeconds": "1.5" }), {})).toThrow(
    'wassist:listCacheSeconds must be a whole number of at least 0, got "1.5"',
  );
});

test.each([
  ["wsk_live_0123456789\n", "ends with whitespace (a trailing newline?) at character 20"],
  [" wsk_live_0123456789", "starts with whitespace at character 1"],
  ["wsk_live_01234 56789", "holds whitespace at character 15"],
  ["wsk_live_0123456789é", "holds a character that is not printable ASCII (U+00E9) at character 20"],
])("a key %j is refused at configure, saying where and what, not the key", (key, what) => {
  expect(() => readSettings(config({ "wassist:apiKey": key }), {})).toThrow(
    `the API key in the stack config wassist:apiKey ${what}; set it again without it`,
  );
  expect(() => readSettings(config({}), { WASSIST_API_KEY: key })).toThrow(
    `the API key in WASSIST_API_KEY ${what}`,
  );
  try {
    readSettings(config({ "wassist:apiKey": key }), {});
  } catch (err) {
    expect((err as Error).message).not.toContain("0123456789");
  }
});

test("https:// to a server that speaks plain HTTP says so", async () => {
  const server = createServer((_req, res) => res.end("plain")).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new WassistClient({
    apiKey: "wsk_tls_test_0001",
    baseUrl: origin,
    rateLimit: false,
    retry: false,
  });
  try {
    await expect(client.listPhoneNumbers()).rejects.toThrow(
      `listing phone numbers: the server at ${origin} does not speak TLS; use http:// only for a local emulator (http://127.0.0.1:PORT)`,
    );
  } finally {
    await client.close();
    server.close();
  }
});
