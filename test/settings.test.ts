// The settings table, row by row: where each value comes from and what a bad one says.
import { expect, test } from "vitest";
import {
  keyAdvice,
  readSetting,
  SETTINGS,
  type SettingName,
  settingProblems,
  settingsTable,
  unknownSettings,
} from "../provider/settings";

const none = () => undefined;

test.each([
  ["rateLimit", "50", 50],
  ["rateLimit", "0", false],
  ["rateLimit", " 7 ", 7],
  ["readStrategy", "per-number", "per-number"],
  ["listCacheSeconds", "0", 0],
  ["maxRetries", "12", 12],
  ["checkTargets", "false", false],
  ["checkTargets", "true", true],
  ["baseUrl", "http://127.0.0.1:8050", "http://127.0.0.1:8050"],
  ["apiKey", "wsk_x_0123456789", "wsk_x_0123456789"],
] as [SettingName, string, unknown][])(
  "%s from %j is %j, from config or from the environment",
  (name, text, value) => {
    const { key, env } = SETTINGS[name];
    expect(readSetting(name, (k) => (k === key ? text : undefined), {})).toEqual(value);
    expect(readSetting(name, none, { [env]: text })).toEqual(value);
  },
);

test("config comes first, then the environment, then the default; empty or blank counts as unset", () => {
  const { key, env } = SETTINGS.maxRetries;
  expect(readSetting("maxRetries", (k) => (k === key ? "2" : undefined), { [env]: "3" })).toBe(2);
  expect(readSetting("maxRetries", (k) => (k === key ? "  " : undefined), { [env]: "3" })).toBe(3);
  expect(readSetting("maxRetries", none, { [env]: "" })).toBe(5);
  expect(readSetting("maxRetries", none, {})).toBe(5);
});

test.each([
  ["maxRetries", "-1", 'must be a whole number of at least 0, got "-1"'],
  ["maxRetries", "2.5", 'must be a whole number of at least 0, got "2.5"'],
  ["maxRetries", "3x", 'must be a whole number of at least 0, got "3x"'],
  ["maxRetries", "x3", 'must be a whole number of at least 0, got "x3"'],
  ["listCacheSeconds", "12a", 'must be a whole number of at least 0, got "12a"'],
  ["rateLimit", "-5", 'must be a whole number of at least 0, got "-5"'],
  ["rateLimit", "x5", 'must be a whole number of at least 0, got "x5"'],
  ["rateLimit", "5x", 'must be a whole number of at least 0, got "5x"'],
  ["readStrategy", "batch", 'must be "list" or "per-number", got "batch"'],
  ["checkTargets", "yes", 'must be true or false, got "yes"'],
] as [SettingName, string, string][])(
  "%s %j is refused, naming where it came from",
  (name, text, message) => {
    const { key, env } = SETTINGS[name];
    expect(() => readSetting(name, (k) => (k === key ? text : undefined), {})).toThrow(`${key} ${message}`);
    expect(() => readSetting(name, none, { [env]: text })).toThrow(`${env} ${message}`);
  },
);

test("a bad base URL is refused with the base URL's own message", () => {
  expect(() => readSetting("baseUrl", none, { WASSIST_BASE_URL: "ftp://x" })).toThrow(
    'wassist:baseUrl "ftp://x" must use https://',
  );
});

test("a key with a character a header cannot carry is refused at the position, naming where", () => {
  expect(() => readSetting("apiKey", none, { WASSIST_API_KEY: "wsk\u00e9" })).toThrow(
    "the API key in WASSIST_API_KEY holds a character that is not printable ASCII (U+00E9) at character 4; set it again without it",
  );
  expect(() => readSetting("apiKey", (k) => (k === "wassist:apiKey" ? "ab\tcd" : undefined), {})).toThrow(
    "the API key in the stack config wassist:apiKey holds whitespace at character 3",
  );
  expect(readSetting("apiKey", none, { WASSIST_API_KEY: "!~" })).toBe("!~");
});

test("a key set as a map or a list (its JSON text, as `pulumi config set --path` leaves it) is refused as such", () => {
  for (const text of ['{"value":"wsk_x"}', " [1, 2]"])
    expect(() => readSetting("apiKey", (k) => (k === "wassist:apiKey" ? text : undefined), {})).toThrow(
      "the API key in the stack config wassist:apiKey is a map or a list; set it as text (a secret)",
    );
  expect(() => readSetting("apiKey", none, { WASSIST_API_KEY: "[x]" })).toThrow(
    "the API key in WASSIST_API_KEY is a map or a list; set it as text (a secret)",
  );
  // A bracket later in the key is only a character of it.
  expect(readSetting("apiKey", none, { WASSIST_API_KEY: "wsk_[x]" })).toBe("wsk_[x]");
});

test("the README's table, row by row", () => {
  const lines = settingsTable().split("\n");
  expect(lines.slice(0, 2)).toEqual([
    "| config key | environment | default | meaning |",
    "| --- | --- | --- | --- |",
  ]);
  expect(lines[2]).toBe(
    "| `wassist:apiKey` | `WASSIST_API_KEY` | (none: required) | the organization's API key; set it as a secret |",
  );
  expect(lines[3]).toBe(
    "| `wassist:baseUrl` | `WASSIST_BASE_URL` | https://backend.wassist.app | API origin; http:// only for loopback (the emulator) |",
  );
  expect(lines).toHaveLength(2 + Object.keys(SETTINGS).length);
});

test("where to set the key, for each place it came from", () => {
  expect(keyAdvice("environment")).toMatch(/^the key came from the WASSIST_API_KEY environment variable/);
  expect(keyAdvice("stack config")).toMatch(/^the key came from the stack config wassist:apiKey/);
  expect(keyAdvice(undefined)).toBe(keyAdvice("stack config"));
});

test("unknown settings: each with the closest known one; the engine's own keys are not unknown", () => {
  expect(
    unknownSettings(["apikey", "baseUrl2", "ratelimit", "apiKey", "version", "pluginDownloadURL"]),
  ).toEqual([
    ["apikey", "apiKey"],
    ["baseUrl2", "baseUrl"],
    ["ratelimit", "rateLimit"],
  ]);
  expect(unknownSettings(["checkTarget", "readStrategies"])).toEqual([
    ["checkTarget", "checkTargets"],
    ["readStrategies", "readStrategy"],
  ]);
});

test("settingProblems names every bad setting the config holds, each with its parser's reason, and no other", () => {
  const config: Record<string, string> = {
    "wassist:maxRetries": "many",
    "wassist:baseUrl": "ftp://example.com",
    "wassist:rateLimit": "50",
  };
  const problems = settingProblems((key) => config[key], "staging");
  expect(problems.map((p) => p.name)).toEqual(["baseUrl", "maxRetries"]);
  expect(problems[0]?.reason).toBe('wassist:baseUrl "ftp://example.com" must use https://');
  expect(problems[1]?.reason).toMatch(/^the maxRetries input of provider "staging" /);
  expect(settingProblems(() => undefined)).toEqual([]);
});
