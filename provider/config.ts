// Provider settings: stack config first (`wassist:*`, set by `pulumi config set`), then the
// environment (`WASSIST_*`), then defaults. The API key should be secret config
// (`pulumi config set --secret wassist:apiKey …`) or an environment variable.
import { DEFAULT_BASE_URL } from "./wassistClient";

export type ReadStrategy = "list" | "per-number";

export interface ProviderSettings {
  apiKey?: string;
  /** Where the key came from, for messages: "stack config" or "environment" (never the key). */
  apiKeySource?: "stack config" | "environment";
  baseUrl: string;
  /** Client-side pacing, requests per minute per key; `false` turns it off. */
  rateLimitPerMinute: number | false;
  /** "list": one GET /phone-numbers/ serves every diff and read; "per-number": one GET each. */
  readStrategy: ReadStrategy;
  /** How long one list answer serves reads, in ms. */
  listCacheMs: number;
  /** Retries per call (after the first attempt). */
  maxRetries: number;
  /** Preview also checks that declared agents and webhooks exist and work (≤ 2 list requests). */
  checkTargets: boolean;
}

/** The config keys and environment variables, with their defaults (the README's table). */
export const SETTINGS = [
  {
    key: "wassist:apiKey",
    env: "WASSIST_API_KEY",
    default: "(none: required)",
    about: "the organization's API key; set it as a secret",
  },
  {
    key: "wassist:baseUrl",
    env: "WASSIST_BASE_URL",
    default: DEFAULT_BASE_URL,
    about: "API origin; http:// only for loopback (the emulator)",
  },
  {
    key: "wassist:rateLimit",
    env: "WASSIST_RATE_LIMIT",
    default: "100",
    about: "requests per minute per key the provider paces itself to; 0 = off",
  },
  {
    key: "wassist:readStrategy",
    env: "WASSIST_READ_STRATEGY",
    default: "list",
    about: '"list" (one list request per preview) or "per-number"',
  },
  {
    key: "wassist:listCacheSeconds",
    env: "WASSIST_LIST_CACHE_SECONDS",
    default: "30",
    about: "how long one list answer serves diffs and reads",
  },
  {
    key: "wassist:maxRetries",
    env: "WASSIST_MAX_RETRIES",
    default: "5",
    about: "retries of a failed request (429, 5xx, network)",
  },
  {
    key: "wassist:checkTargets",
    env: "WASSIST_CHECK_TARGETS",
    default: "true",
    about:
      "diff also reports a declared agent or webhook that is gone or disabled (one agents and one webhooks list per run); false = off",
  },
] as const;

type Getter = (key: string) => string | undefined;

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number of at least ${min}, got "${text}"`);
  return value;
}

function boolean(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text.trim() === "") return fallback;
  if (text === "true" || text === "false") return text === "true";
  throw new Error(`${name} must be true or false, got "${text}"`);
}

export function readSettings(config: Getter, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const get = (i: number) => {
    const s = SETTINGS[i] as (typeof SETTINGS)[number];
    const fromConfig = config(s.key);
    return fromConfig !== undefined && fromConfig !== "" ? fromConfig : env[s.env] || undefined;
  };
  const strategy = get(3) ?? "list";
  if (strategy !== "list" && strategy !== "per-number") {
    throw new Error(`wassist:readStrategy must be "list" or "per-number", got "${strategy}"`);
  }
  const rate = integer("wassist:rateLimit", get(2), 100, 0);
  const keyInConfig = (config(SETTINGS[0].key) ?? "") !== "";
  const apiKey = get(0);
  if (apiKey !== undefined)
    checkKeyText(apiKey, keyInConfig ? "the stack config wassist:apiKey" : "WASSIST_API_KEY");
  return {
    apiKey,
    apiKeySource: apiKey === undefined ? undefined : keyInConfig ? "stack config" : "environment",
    baseUrl: get(1) ?? DEFAULT_BASE_URL,
    rateLimitPerMinute: rate === 0 ? false : rate,
    readStrategy: strategy,
    listCacheMs: integer("wassist:listCacheSeconds", get(4), 30, 0) * 1000,
    maxRetries: integer("wassist:maxRetries", get(5), 5, 0),
    checkTargets: boolean("wassist:checkTargets", get(6), true),
  };
}

/**
 * A key is sent as an HTTP header: whitespace or a character outside printable ASCII cannot be
 * (undici would say "invalid x-api-key header"). Says where, never what the key is.
 */
function checkKeyText(key: string, where: string): void {
  const at = [...key].findIndex((ch) => !/^[\x21-\x7e]$/.test(ch));
  if (at < 0) return;
  const ch = [...key][at] as string;
  const what = /\s/.test(ch)
    ? at === [...key].length - 1
      ? "ends with whitespace (a trailing newline?)"
      : at === 0
        ? "starts with whitespace"
        : "holds whitespace"
    : `holds a character that is not printable ASCII (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`;
  throw new Error(`the API key in ${where} ${what} at character ${at + 1}; set it again without it`);
}

/** How to set the key, for a message about the key that came from `source`. */
export function keyAdvice(source: ProviderSettings["apiKeySource"]): string {
  return source === "environment"
    ? "the key came from the WASSIST_API_KEY environment variable: export the organization's key there, or set it with `pulumi config set --secret wassist:apiKey <key>` (stack config comes first)"
    : "the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`";
}

export const MISSING_KEY =
  "no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable";
